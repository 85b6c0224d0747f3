/**
 * Golden files for the Markdown report: `test/report/golden/<bundle>.md` is what `renderMarkdown`
 * writes for that sample bundle, compared exactly (the clock is fixed through `analyze({ now })`).
 * When a rule, a parser or the template changes the report on purpose, look at the diff and rewrite
 * them with `UPDATE_GOLDEN=1 npx uvu -r tsx/cjs test/report 'golden\.test'`.
 * Also: every sample bundle's Markdown, and one of a report blown up to many times its size, stay
 * well under 200 lines.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/pipeline/analyze';
import { loadRules } from '../../src/rules/load';
import { renderMarkdown } from '../../src/report/render';
import type { ReportJson } from '../../src/report/schema';

const ROOT = path.resolve(__dirname, '..', '..');
const BUNDLES = path.join(ROOT, 'bundles');
const GOLDEN = path.join(__dirname, 'golden');
const NOW = new Date('2026-12-01T00:00:00Z');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const rules = loadRules().rules;

/** a failed migration with one cause, one with two causes, a healthy one, a partial bundle */
const GOLDEN_BUNDLES = ['libvirt-tls-expired-cert', 'az-aggregate-mismatch-placement-az-cmds', 'healthy-live-migration', 'partial-bundle'];

async function markdownOf(name: string): Promise<{ md: string; report: ReportJson }> {
  const { report } = await analyze({ inputs: [path.join(BUNDLES, name)], rules, now: NOW });
  return { md: renderMarkdown(report), report };
}

function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return `line ${i + 1}:\n  golden: ${JSON.stringify(x[i])}\n  now:    ${JSON.stringify(y[i])}`;
  }
  return 'same lines';
}

for (const name of GOLDEN_BUNDLES) {
  test(`golden Markdown: ${name}`, async () => {
    if (!fs.existsSync(path.join(BUNDLES, name))) {
      console.log(`  (skipped: sample bundle ${name} is not there)`);
      return;
    }
    const { md } = await markdownOf(name);
    const file = path.join(GOLDEN, `${name}.md`);
    if (UPDATE || !fs.existsSync(file)) {
      fs.mkdirSync(GOLDEN, { recursive: true });
      fs.writeFileSync(file, md);
      if (!UPDATE) assert.unreachable(`wrote the missing golden file ${path.relative(ROOT, file)}: look at it, then run again`);
      return;
    }
    const want = fs.readFileSync(file, 'utf8');
    if (want !== md) {
      assert.unreachable(
        `the Markdown of ${name} differs from ${path.relative(ROOT, file)}; ${firstDifference(want, md)}\n` +
          "If the change is intended, rewrite the golden files: UPDATE_GOLDEN=1 npx uvu -r tsx/cjs test/report 'golden\\.test'",
      );
    }
  });
}

test('every sample bundle gives a ticket-sized Markdown report', async () => {
  const names = fs.readdirSync(BUNDLES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  assert.ok(names.length > 0);
  for (const name of names) {
    const { md } = await markdownOf(name);
    const lines = md.split('\n').length;
    assert.ok(lines < 170, `${name}: ${lines} lines`);
    assert.match(md, /^## /, `${name}: starts with the headline`);
    assert.ok(md.endsWith('\n'), `${name}: ends with a newline`);
  }
});

test('a report many times bigger than any bundle still gives well under 200 lines', async () => {
  const { report } = await markdownOf('libvirt-tls-expired-cert');
  const big = JSON.parse(JSON.stringify(report)) as ReportJson;
  const lead = big.migrations[0]!;
  const cause = lead.causes[0]!;
  const ev = { ...cause.evidence[0]!, context: Array.from({ length: 40 }, (_, i) => `  File "x.py", line ${i}, in f`) };
  const remediation = `${cause.remediation}\n\n${Array.from({ length: 60 }, (_, i) => `- step ${i}`).join('\n')}\n\`\`\`\n${Array.from({ length: 60 }, (_, i) => `cmd ${i}`).join('\n')}\n\`\`\``;
  lead.causes = Array.from({ length: 10 }, (_, i) => ({ ...cause, score: 0.9 - i / 20, evidence: Array.from({ length: 20 }, () => ev), remediation }));
  lead.warnings = Array.from({ length: 20 }, (_, i) => ({ id: `w-${i}`, title: 'a warning', why: 'x '.repeat(300), evidence: [ev] }));
  lead.fault = 'fault '.repeat(500);
  big.notChecked = Array.from({ length: 120 }, (_, i) => ({ check: `cause-${i % 13}: title`, missing: `input ${i} (not in the bundle)`, collect: `collect.sh host --since 2026-01-01T00:00:00Z`, runOn: `host-${i}` }));
  big.collectorErrors = Array.from({ length: 40 }, (_, i) => ({ command: `openstack thing ${i}`, reason: 'timed out\nafter 60 s', host: null, file: null }));
  big.inventory = [...big.inventory, ...Array.from({ length: 500 }, (_, i) => ({ path: `x/${i}`, recognisedAs: null, status: 'unreadable' as const, reason: 'bad' }))];
  big.migrations = [lead, ...Array.from({ length: 30 }, () => ({ ...lead }))];
  const md = renderMarkdown(big);
  const lines = md.split('\n').length;
  if (process.env.SHOW_BIG) fs.writeFileSync(process.env.SHOW_BIG, md);
  assert.ok(lines < 200, `${lines} lines`);
  // every fenced block opened is closed: an even number of fence lines outside of blocks
  const fences = md.split('\n').filter((l) => /^`{3,}/.test(l)).length;
  assert.is(fences % 2, 0, 'fences are balanced');
});

test.run();
