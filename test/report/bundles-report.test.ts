/**
 * What every sample bundle's report must hold, whatever the bundle (issue: reports a support
 * engineer can paste into a ticket): one failed stage and nothing reached after it; every evidence
 * item names its file and line; nothing is both evidence and missing data; no placeholder is left
 * unfilled when the bundle knows its value; no internal fact name in the Markdown.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { analyze } from '../../src/pipeline/analyze';
import { loadRules } from '../../src/rules/load';
import { renderMarkdown } from '../../src/report/render';
import type { ReportJson } from '../../src/report/schema';

const BUNDLES = path.resolve(__dirname, '..', '..', 'bundles');
const rules = loadRules().rules;
const names = fs.existsSync(BUNDLES) ? fs.readdirSync(BUNDLES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : [];

const reports = new Map<string, { report: ReportJson; md: string }>();
async function reportOf(name: string) {
  let r = reports.get(name);
  if (!r) {
    const expFile = path.join(BUNDLES, `${name}.expect.yaml`);
    const exp = fs.existsSync(expFile) ? (parseYaml(fs.readFileSync(expFile, 'utf8')) as { instance?: string }) : {};
    const { report } = await analyze({ inputs: [path.join(BUNDLES, name)], rules, instance: exp.instance, now: new Date('2026-12-01T00:00:00Z') });
    r = { report, md: renderMarkdown(report) };
    reports.set(name, r);
  }
  return r;
}

test('the sample bundles are there', () => {
  assert.ok(names.length >= 20, `${names.length} sample bundles in ${BUNDLES}`);
});

test('stages: exactly one failed stage for a failure placed in a stage, nothing reached after it, each state with its reason', async () => {
  for (const name of names) {
    const { report } = await reportOf(name);
    for (const m of report.migrations) {
      const st = m.timeline.stages;
      if (!st.length) continue;
      const failed = st.filter((s) => s.status === 'failed');
      for (const s of st) assert.ok(s.why.length > 0, `${name}: ${s.stage} has no reason`);
      if (m.status === 'failed' && m.failedStage && m.failedStage !== 'unknown') {
        assert.is(failed.length, 1, `${name} ${m.instance}: ${failed.length} failed stages`);
        assert.is(failed[0]!.stage, m.failedStage, `${name}: the failed stage is the one the migration names`);
        const at = st.indexOf(failed[0]!);
        for (const s of st.slice(at + 1)) assert.is(s.status, 'not-reached', `${name}: ${s.stage} after the failed ${m.failedStage} is ${s.status}`);
        for (const s of st.slice(0, at)) assert.is(s.status, 'reached', `${name}: ${s.stage} before the failed stage is ${s.status}`);
      } else {
        assert.is(failed.length, 0, `${name} ${m.instance} (${m.status}, failed stage ${m.failedStage}): no stage may be failed`);
      }
      // a stage set by a log line carries that line
      for (const s of st) if (s.file) assert.ok(s.line !== null && s.text, `${name}: ${s.stage} names ${s.file} without its line`);
    }
  }
});

test('every evidence item names its file and line, with the exact text', async () => {
  for (const name of names) {
    const { report } = await reportOf(name);
    for (const m of report.migrations) {
      for (const e of [...m.causes.flatMap((c) => c.evidence), ...m.warnings.flatMap((w) => w.evidence)]) {
        assert.ok(e.file, `${name}: evidence without a file: ${e.text.slice(0, 100)}`);
        assert.ok(e.line !== null && e.line > 0, `${name}: evidence without a line: ${e.file}`);
        assert.ok(e.text.trim().length > 0, `${name}: evidence without text: ${e.file}:${e.line}`);
        // the text is the file's own line when the file is on disk as it is in the bundle
        const onDisk = path.join(BUNDLES, name, e.file!.replace(/^[^/]*!/, ''));
        if (fs.existsSync(onDisk) && fs.statSync(onDisk).isFile() && !/\.gz$/.test(onDisk)) {
          const line = fs.readFileSync(onDisk, 'utf8').split(/\r?\n/)[e.line! - 1] ?? '';
          assert.ok(line.includes(e.text.trim().slice(0, 60)) || e.tie !== 'fact', `${name}: ${e.file}:${e.line} is not the quoted text`);
        }
      }
    }
  }
});

test('nothing is both evidence and missing data; a manifest command whose exit is its answer is no collector error', async () => {
  for (const name of names) {
    const { report } = await reportOf(name);
    const lead = report.migrations[0];
    if (!lead) continue;
    const evidenceFiles = new Set(lead.causes.flatMap((c) => c.evidence.map((e) => e.file)));
    for (const err of report.collectorErrors) {
      assert.not.ok(err.file && evidenceFiles.has(err.file), `${name}: ${err.file} is evidence and a collector error`);
    }
    // a command output quoted as evidence (hosts/<node>/commands/<command>.txt) is not missing on that node
    const cited = lead.causes.flatMap((c) => c.evidence.filter((e) => e.says && e.file)).map((e) => ({
      node: /(?:^|\/)hosts\/([^/]+)\//.exec(e.file!)?.[1] ?? null,
      words: path.basename(e.file!).replace(/\.(txt|json|xml)$/, '').split('_'),
    }));
    for (const n of report.notChecked) {
      for (const c of cited) {
        const sameNode = c.node ? n.missing.includes(c.node) : !n.runOn;
        assert.not.ok(sameNode && c.words.every((w) => n.missing.includes(w)), `${name}: "${n.missing}" is missing but ${c.words.join(' ')} of ${c.node ?? 'the management plane'} is evidence`);
      }
    }
  }
});

/** Placeholders of collect commands and next steps, and the report's value that fills each. */
const PLACEHOLDERS: [RegExp, (m: ReportJson['migrations'][number], r: ReportJson) => unknown][] = [
  [/<(VM|instance uuid)>/, (m) => m.instance],
  [/<(source host|source node|source)>/, (m) => m.source],
  [/<(target host|target node|destination|target)>/, (m) => m.target],
  [/<(HOST|host)>/, (m) => m.source ?? m.target],
  [/<request id>/, (m) => m.requestId],
  [/<migration id>/, (m) => m.migrationId],
  [/<time>/, (m) => m.createdAt],
  [/<peer>/, (m) => (m.source && m.target ? m.target : null)],
  [/<instance name>/, (m) => m.instanceName],
];

test('no placeholder is left unfilled when the report knows its value', async () => {
  for (const name of names) {
    const { report } = await reportOf(name);
    const lead = report.migrations[0];
    if (!lead) continue;
    const texts = [...lead.causes.map((c) => c.remediation), ...report.notChecked.map((n) => n.collect)];
    for (const t of texts) {
      for (const [re, value] of PLACEHOLDERS) {
        const hit = re.exec(t);
        if (hit) assert.ok(value(lead, report) == null, `${name}: ${hit[0]} left in "${t.split('\n').find((l) => l.includes(hit[0]))}" though the report knows it`);
      }
    }
  }
});

test('no internal fact name where a person reads the Markdown', async () => {
  for (const name of names) {
    const { md } = await reportOf(name);
    const hit = /\b(derived|refusal|instance|migration|target|source)\.[a-z]+[A-Z]\w*|\b(derived|refusal)\.\w+/.exec(md);
    assert.not.ok(hit, `${name}: internal name ${hit?.[0]} in the Markdown`);
    assert.not.match(md, /in the HTML report/, `${name}: the ticket points to the HTML report`);
  }
});

test('"ruled out" only when the data was there; the counts at the top agree with the sections', async () => {
  for (const name of names) {
    const { report, md } = await reportOf(name);
    const lead = report.migrations[0];
    if (!lead) continue;
    for (const c of lead.checks) {
      if (c.state === 'ruled-out') assert.is(c.missing.length, 0, `${name}: ${c.cause} is ruled out with ${c.missing.length} input(s) missing`);
      if (c.state === 'not-checked' && c.rulesRun === 0 && c.detail !== 'no rule for this cause') assert.ok(c.missing.length > 0, `${name}: ${c.cause} not checked without saying what is missing`);
    }
    const inputs = new Set(report.notChecked.map((n) => n.missing)).size;
    if (inputs) {
      assert.match(md, new RegExp(`### Not checked: ${inputs} input\\(s\\) missing`), `${name}: the Markdown counts ${inputs} missing inputs`);
      const listed = md.split('\n').filter((l) => /^- .*, for `/.test(l)).length + Number(/and (\d+) more of the same kinds/.exec(md)?.[1] ?? 0);
      assert.is(listed, inputs, `${name}: the Not checked section lists as many inputs as its heading says`);
    }
  }
});

test.run();
