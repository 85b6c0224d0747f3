/**
 * docs/rules.md lists every fact path and placeholder a rule may use; the list is generated from
 * the code (`npm run docs:rules`) and this test fails when the two disagree.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import { RULES_DOC, renderReference, withReference } from '../../scripts/docs-rules';
import { viewPaths } from '../../src/facts/view-paths';
import { BASE_PLACEHOLDERS, DERIVED_PLACEHOLDERS } from '../../src/rules/placeholders';

const doc = fs.readFileSync(RULES_DOC, 'utf8');

test('the reference in docs/rules.md is the one the code generates (else: npm run docs:rules)', () => {
  const expected = withReference(doc, renderReference());
  if (expected !== doc) {
    // name the first line that differs, so the failure says what changed
    const a = doc.split('\n');
    const b = expected.split('\n');
    const i = a.findIndex((l, k) => l !== b[k]);
    assert.unreachable(`docs/rules.md is out of date at line ${i + 1}: has ${JSON.stringify(a[i])}, the code gives ${JSON.stringify(b[i])}; run npm run docs:rules`);
  }
});

test('the reference names every path of the view and every placeholder', () => {
  const section = renderReference();
  // source and target share their paths: the table lists them under source
  for (const p of viewPaths()) assert.ok(section.includes(`\`${p.path.replace(/^target\./, 'source.')}\``), p.path);
  for (const k of [...Object.keys(BASE_PLACEHOLDERS), ...DERIVED_PLACEHOLDERS]) assert.ok(section.includes(`{{${k}}}`), k);
});

test('a section the code no longer matches is noticed', () => {
  const stale = withReference(doc, renderReference().replace('`derived.targetRamShortMb`', '`derived.targetRamShortMB`'));
  assert.is.not(withReference(stale, renderReference()), stale);
  assert.throws(() => withReference('# no markers here\n', renderReference()), /no section between the markers/);
});

test.run();
