import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadRules } from '../../src/rules/load';

function rulesIn(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-rules-'));
  for (const [f, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), body);
  const r = loadRules(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  return r;
}

const GOOD = `id: good-rule
cause: libvirt-tls
title: A good rule
strength: 0.5
when: {log: {contains: "Live Migration failure", component: nova-compute}}
message: a message here
remediation: do the right thing
`;

test('a valid rule loads with its defaults', () => {
  const r = rulesIn({ 'good.yaml': GOOD });
  assert.equal(r.errors, []);
  assert.is(r.rules[0]!.severity, 'cause');
  assert.equal(r.rules[0]!.tests, { positive: [], negative: [] });
});

test('errors name the file, the rule and the field', () => {
  const r = rulesIn({ 'bad.yaml': GOOD.replace('libvirt-tls', 'no-such-cause').replace('0.5', '7') });
  const fields = r.errors.map((e) => `${e.file}|${e.rule}|${e.field}`);
  assert.ok(fields.includes('bad.yaml|good-rule|cause'), fields.join(' '));
  assert.ok(fields.includes('bad.yaml|good-rule|strength'), fields.join(' '));
});

test('a regex that does not compile, or has no literal hint, is an error', () => {
  const r = rulesIn({
    'a.yaml': GOOD.replace('{contains: "Live Migration failure", component: nova-compute}', '{regex: "(unclosed", contains: "abc"}'),
    'b.yaml': GOOD.replace('good-rule', 'other-rule').replace('{contains: "Live Migration failure", component: nova-compute}', '{regex: "a.*b"}'),
  });
  assert.ok(r.errors.some((e) => e.file === 'a.yaml' && e.field === 'when.log.regex'), JSON.stringify(r.errors));
  assert.ok(r.errors.some((e) => e.file === 'b.yaml' && e.field === 'when.log.contains'), JSON.stringify(r.errors));
});

test('unknown fields, duplicate ids and YAML syntax errors are reported', () => {
  const r = rulesIn({
    'a.yaml': GOOD + 'colour: blue\n',
    'b.yaml': GOOD,
    'c.yaml': GOOD,
    'd.yaml': 'id: [unclosed\n',
  });
  assert.ok(r.errors.some((e) => e.file === 'a.yaml' && /colour|Unrecognized/i.test(e.message)), JSON.stringify(r.errors));
  assert.ok(r.errors.some((e) => e.file === 'c.yaml' && e.field === 'id' && /duplicate/.test(e.message)));
  assert.ok(r.errors.some((e) => e.file === 'd.yaml' && /YAML syntax/.test(e.message)));
});

test.run();
