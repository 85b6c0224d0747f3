/** Debug aid: analyze one sample bundle and print what the analyzer concluded beside the expectation. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { analyze } from '../src/pipeline/analyze';

async function main() {
  const name = process.argv[2]!;
  const dir = path.resolve(__dirname, '..', 'bundles', name);
  const expFile = `${dir}.expect.yaml`;
  const exp = fs.existsSync(expFile) ? (parseYaml(fs.readFileSync(expFile, 'utf8')) as Record<string, unknown>) : {};
  const { report } = await analyze({ inputs: [dir], instance: exp.instance as string | undefined });
  for (const m of report.migrations.slice(0, 3)) {
    console.log(JSON.stringify({ instance: m.instance, type: m.type, source: m.source, target: m.target, status: m.status, rawStatus: m.rawStatus, failedStage: m.failedStage, why: m.failedStageWhy, req: m.requestId, from: m.requestIdFrom }));
    for (const c of m.causes) console.log(`  cause ${c.id} ${c.score} ${c.rules.map((r) => `${r.id}:${r.score}`).join(' ')} | ${c.why.slice(0, 150)}`);
    for (const w of m.warnings) console.log(`  warn ${w.id} ${w.why.slice(0, 150)}`);
    if (process.argv.includes('-t')) for (const e of m.timeline.events) console.log(`    ${e.time} ${e.stage} ${e.kind} ${e.lane} ${e.label} | ${e.text.slice(0, 140)}`);
  }
  console.log('expected:', JSON.stringify({ ...(exp.migration as object), topCause: exp.topCause, also: exp.alsoListed, not: exp.notListed }));
  if (process.argv.includes('-i')) for (const i of report.inventory) console.log(`  ${i.status} ${i.path} ${i.recognisedAs} ${i.reason}`);
}
main();
