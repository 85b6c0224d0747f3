/**
 * Confusion table over all sample bundles: expected top cause (from <name>.expect.yaml) against the
 * top cause the analyzer ranks. A diagonal table means every bundle is diagnosed right.
 * Usage: npm run confusion [-- --bundles DIR]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { analyze } from '../src/pipeline/analyze';
import { loadRules } from '../src/rules/load';

async function main(): Promise<void> {
  const i = process.argv.indexOf('--bundles');
  const dir = path.resolve(i > 0 ? process.argv[i + 1]! : path.join(__dirname, '..', 'bundles'));
  const rules = loadRules().rules;
  const rows: { name: string; expected: string; got: string }[] = [];
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.expect.yaml')).sort()) {
    const name = f.slice(0, -'.expect.yaml'.length);
    if (!fs.existsSync(path.join(dir, name))) continue;
    const exp = parseYaml(fs.readFileSync(path.join(dir, f), 'utf8')) as { topCause: string | null; instance?: string };
    const r = await analyze({ inputs: [path.join(dir, name)], rules, instance: exp.instance });
    rows.push({ name, expected: exp.topCause ?? '(none)', got: r.lead?.causes[0]?.id ?? '(none)' });
  }
  const labels = [...new Set(rows.flatMap((r) => [r.expected, r.got]))].sort();
  const short = (s: string) => s.replace('(none)', 'none');
  const width = Math.max(...labels.map((l) => l.length), 8);
  console.log(`${'expected \\ ranked'.padEnd(width)} | ${labels.map((l, k) => `${k}`.padStart(3)).join(' ')}`);
  for (const e of labels) {
    const cells = labels.map((g) => rows.filter((r) => r.expected === e && r.got === g).length);
    if (!cells.some(Boolean)) continue;
    console.log(`${short(e).padEnd(width)} | ${cells.map((c) => (c ? String(c) : '.').padStart(3)).join(' ')}`);
  }
  console.log(`\ncolumns: ${labels.map((l, k) => `${k}=${short(l)}`).join(', ')}`);
  const wrong = rows.filter((r) => r.expected !== r.got);
  console.log(`\n${rows.length - wrong.length} of ${rows.length} bundles ranked as expected`);
  for (const w of wrong) console.log(`  ${w.name}: expected ${w.expected}, ranked ${w.got}`);
  process.exitCode = wrong.length ? 1 : 0;
}

main().catch((e) => {
  console.error(`confusion: ${(e as Error).message}`);
  process.exitCode = 1;
});
