/**
 * Prints the real-corpus table and summary line (the same figures the corpus test checks), without
 * the test runner. Usage: npm run corpus [-- --dir DIR]
 */
import * as path from 'node:path';
import { loadRules } from '../src/rules/load';
import { CORPUS_DIR, runCorpus, summarise, summaryLine, table } from '../test/real/corpus';

async function main(): Promise<void> {
  const i = process.argv.indexOf('--dir');
  const dir = i > 0 ? path.resolve(process.argv[i + 1]!) : CORPUS_DIR;
  const results = await runCorpus(dir, loadRules().rules);
  if (!results.length) {
    console.error(`no cases found under ${dir}`);
    process.exitCode = 2;
    return;
  }
  console.log(table(results));
  console.log(summaryLine(summarise(results)));
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exitCode = 1;
});
