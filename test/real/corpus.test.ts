/**
 * The real-world corpus (see test/real/README.md): every case's evidence folder is analysed as a
 * support engineer would run it, and the figures must not fall below THRESHOLDS. The thresholds start
 * at what the analyzer achieves today and are raised as it improves; they never go down.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import { loadRules } from '../../src/rules/load';
import { CORPUS_DIR, listCases, runCorpus, summarise, summaryLine, table } from './corpus';

/** Minimum counts (not percentages, so adding a case never fails the suite by itself). */
export const THRESHOLDS = {
  /** cases in the corpus */
  cases: 49,
  /** failed cases with a cause whose right cause is ranked first (of 19) */
  top1: 17,
  /** failed cases with a cause whose right cause is among the first three */
  top3: 17,
  /** cases whose source names no cause, reported as "failed, no known cause" (exit 4) (of 23) */
  noCauseCorrect: 13,
  /** successful migrations reported with no cause and exit 0 (of 7) */
  healthyClean: 2,
};

test('the real corpus is present', () => {
  const present = fs.existsSync(CORPUS_DIR) && listCases().length > 0;
  if (!present && process.env.CI === 'true') assert.unreachable(`the real corpus under ${CORPUS_DIR} is missing`);
  assert.ok(present, 'no cases under test/real');
});

test('every case has evidence files and a source', () => {
  for (const { dir, spec } of listCases()) {
    const ev = `${dir}/evidence`;
    assert.ok(fs.existsSync(ev) && fs.readdirSync(ev).length > 0, `${spec.id}: no evidence files`);
  }
});

test('real corpus figures do not fall below the thresholds', async () => {
  const results = await runCorpus(CORPUS_DIR, loadRules().rules);
  const s = summarise(results);
  console.log(`\n${table(results)}\n${summaryLine(s)}`);
  const errors = results.filter((r) => r.error);
  assert.is(errors.length, 0, `analysis crashed on: ${errors.map((r) => `${r.id} (${r.error})`).join(', ')}`);
  assert.ok(s.cases >= THRESHOLDS.cases, `${s.cases} cases, want at least ${THRESHOLDS.cases}`);
  assert.ok(s.top1 >= THRESHOLDS.top1, `top-1 ${s.top1}, want at least ${THRESHOLDS.top1}`);
  assert.ok(s.top3 >= THRESHOLDS.top3, `top-3 ${s.top3}, want at least ${THRESHOLDS.top3}`);
  assert.ok(s.noCauseCorrect >= THRESHOLDS.noCauseCorrect, `no-known-cause ${s.noCauseCorrect}, want at least ${THRESHOLDS.noCauseCorrect}`);
  assert.ok(s.healthyClean >= THRESHOLDS.healthyClean, `healthy clean ${s.healthyClean}, want at least ${THRESHOLDS.healthyClean}`);
});

test.run();
