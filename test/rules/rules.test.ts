/**
 * The shipped rule set: every file valid, every rule with a positive and a negative sample bundle,
 * and every rule behaving as its sample bundles say (the shared rule tester, as `rules test` runs it).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { formatRuleError, loadRules } from '../../src/rules/load';
import { runRuleTests } from '../../src/rules/tester';
import { CAUSE_IDS } from '../../src/rules/schema';

const set = loadRules();

test('every rule file is valid', () => {
  assert.equal(set.errors.map(formatRuleError), []);
  assert.ok(set.rules.length > 50, `${set.rules.length} rules`);
});

test('every cause has rules', () => {
  for (const c of CAUSE_IDS) assert.ok(set.rules.some((r) => r.cause === c), `no rule for ${c}`);
});

test('every rule names a positive and a negative sample bundle', () => {
  const noNeg = set.rules.filter((r) => !r.tests.negative.length).map((r) => r.id);
  assert.equal(noNeg, [], 'rules without a negative bundle');
  const noPos = set.rules.filter((r) => !r.tests.positive.length).map((r) => r.id);
  assert.equal(noPos, [], 'rules without a positive bundle');
});

test('every rule fires on its positive bundles and stays silent on its negative ones', async () => {
  const results = await runRuleTests(set.rules, path.resolve(__dirname, '..', '..', 'bundles'));
  const failed = results.filter((r) => !r.pass).map((r) => `${r.rule} ${r.kind} ${r.bundle}: ${r.detail}`);
  assert.equal(failed, []);
  assert.ok(results.length > 100);
});

test.run();
