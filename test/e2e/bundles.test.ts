/**
 * Every sample bundle under bundles/ is analysed as a folder, packed as tar.gz and packed as zip on
 * the fly; the three JSON reports must agree, and must say what `<name>.expect.yaml` says.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { analyze } from '../../src/pipeline/analyze';
import { loadRules } from '../../src/rules/load';
import { ReportJson } from '../../src/report/schema';
import { renderHtml, renderMarkdown } from '../../src/report/render';
import { packTarGz, packZip } from '../helpers/pack';

const BUNDLES = path.resolve(__dirname, '..', '..', 'bundles');
const rules = loadRules().rules;

interface Expect {
  description?: string;
  instance?: string;
  migration: { type: string; source: string | null; target: string | null; status: string; failedStage: string | null };
  topCause: string | null;
  alsoListed?: string[];
  notListed?: string[];
  evidence?: string[];
  secrets?: string[];
}

const names = fs
  .readdirSync(BUNDLES)
  .filter((f) => f.endsWith('.expect.yaml'))
  .map((f) => f.slice(0, -'.expect.yaml'.length))
  .filter((n) => fs.existsSync(path.join(BUNDLES, n)))
  .sort();

/** Paths in the report name the container first (bundle.tgz!…); compare what lies inside. */
function normalise(r: ReportJson): unknown {
  const strip = (s: string) => s.replace(/^[^!]*!/, '');
  const copy = JSON.parse(JSON.stringify(r)) as ReportJson;
  copy.generatedAt = '';
  copy.inputs = [];
  const walk = (o: unknown): unknown => {
    if (Array.isArray(o)) return o.map(walk);
    if (o && typeof o === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(o)) out[k] = (k === 'file' || k === 'path') && typeof v === 'string' ? strip(v) : walk(v);
      return out;
    }
    return o;
  };
  const w = walk(copy) as ReportJson;
  w.inventory = w.inventory.filter((i) => !/^archive/.test(i.recognisedAs ?? '')).sort((a, b) => a.path.localeCompare(b.path));
  return w;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'md-bundles-'));

test('there are sample bundles with expectations', () => {
  assert.ok(names.length >= 5, `only ${names.length} sample bundles`);
});

for (const name of names) {
  test(`bundle ${name}: folder, tar.gz and zip give the expected, identical result`, async () => {
    const expect = parseYaml(fs.readFileSync(path.join(BUNDLES, `${name}.expect.yaml`), 'utf8')) as Expect;
    const dir = path.join(BUNDLES, name);
    const tgz = path.join(tmp, `${name}.tgz`);
    const zip = path.join(tmp, `${name}.zip`);
    fs.writeFileSync(tgz, await packTarGz(dir));
    fs.writeFileSync(zip, await packZip(dir));
    const now = new Date('2026-11-27T00:00:00Z');
    const [a, b, c] = await Promise.all([
      analyze({ inputs: [dir], rules, instance: expect.instance, now }),
      analyze({ inputs: [tgz], rules, instance: expect.instance, now }),
      analyze({ inputs: [zip], rules, instance: expect.instance, now }),
    ]);
    ReportJson.parse(a.report);
    const lead = a.report.migrations[0];
    assert.ok(lead, 'a migration is reported');
    const m = expect.migration;
    assert.is(lead!.type, m.type, 'type');
    assert.is(lead!.status, m.status, 'status');
    if (m.source !== undefined) assert.ok(sameHost(lead!.source, m.source), `source ${lead!.source} vs ${m.source}`);
    if (m.target !== undefined) assert.ok(sameHost(lead!.target, m.target), `target ${lead!.target} vs ${m.target}`);
    assert.is(lead!.failedStage, m.failedStage, 'failedStage');
    const ids: string[] = lead!.causes.map((x) => x.id);
    assert.is(ids[0] ?? null, expect.topCause, `top cause (ranked: ${ids.join(', ') || 'none'})`);
    for (const also of expect.alsoListed ?? []) assert.ok(ids.includes(also), `${also} listed (ranked: ${ids.join(', ')})`);
    for (const not of expect.notListed ?? []) assert.not.ok(ids.includes(not), `${not} must not be listed`);
    if (expect.topCause && expect.evidence?.length) {
      // a command output's line, or what the rule read in it (`says`)
      const texts = lead!.causes[0]!.evidence.map((e) => [e.text, e.says ?? '', ...e.context].join("\n")).join("\n");
      const matched = expect.evidence.filter((s) => texts.includes(s));
      assert.ok(matched.length > 0, `top cause evidence quotes one of: ${expect.evidence.join(' | ')}\n--- got:\n${texts}`);
    }
    const html = renderHtml(a.report);
    const md = renderMarkdown(a.report);
    const json = JSON.stringify(a.report);
    for (const s of expect.secrets ?? []) {
      assert.not.ok(json.includes(s), `secret ${s} in JSON`);
      assert.not.ok(html.includes(s), `secret ${s} in HTML`);
      assert.not.ok(md.includes(s), `secret ${s} in Markdown`);
    }
    assert.equal(normalise(b.report), normalise(a.report), 'tar.gz gives the same report as the folder');
    assert.equal(normalise(c.report), normalise(a.report), 'zip gives the same report as the folder');
  });
}

function sameHost(got: string | null, want: string | null): boolean {
  if (got === want) return true;
  if (!got || !want) return false;
  return got.split('.')[0] === want.split('.')[0];
}

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test.run();
