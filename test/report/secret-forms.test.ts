/**
 * Class 7 of the hostile-upload list: one list of secret forms (secret-forms.ts), each removed by
 * the analyzer's masking and by collect.sh's redaction, with the text around it kept.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { createRedactor } from '../../src/report/redact';
import { NOT_SECRETS, SECRET_FORMS } from './secret-forms';

const COLLECT = path.resolve(__dirname, '..', '..', 'collect.sh');

function collectRedact(text: string): { out: string; err: string } {
  const r = spawnSync('bash', [COLLECT, 'redact'], { input: text + '\n', encoding: 'utf8', timeout: 20_000 });
  assert.is(r.status, 0, r.stderr);
  return { out: r.stdout, err: r.stderr };
}

for (const f of SECRET_FORMS) {
  test(`analyzer masks ${f.id}`, () => {
    const r = createRedactor();
    const out = r.redact(f.text);
    for (const s of f.secrets) assert.not.ok(out.includes(s), `${s} survives in: ${out}`);
    for (const k of f.keep ?? []) assert.ok(out.includes(k), `lost "${k}": ${out}`);
    assert.ok(r.count > 0);
  });
  test(`collect.sh redacts ${f.id}`, () => {
    const { out } = collectRedact(f.text);
    for (const s of f.secrets) assert.not.ok(out.includes(s), `${s} survives in: ${out}`);
    for (const k of f.keep ?? []) assert.ok(out.includes(k), `lost "${k}": ${out}`);
  });
}

test('ordinary text is left alone by both', () => {
  for (const line of NOT_SECRETS) {
    const r = createRedactor();
    assert.is(r.redact(line), line);
    assert.is(collectRedact(line).out, line + '\n');
  }
});

test('collect.sh: a key marker mentioned in a log line does not swallow the rest of the log', () => {
  const lines = ['2026-11-20 10:00:00.000 1 INFO x [-] loading -----BEGIN RSA PRIVATE KEY----- from the vault failed'];
  for (let i = 0; i < 500; i++) lines.push(`2026-11-20 10:00:${String(i % 60).padStart(2, '0')}.000 1 ERROR x [-] evidence line ${i}`);
  const { out } = collectRedact(lines.join('\n'));
  assert.ok(out.includes('evidence line 0'), 'the next line is kept');
  assert.ok(out.includes('evidence line 499'), 'the last line is kept');
});

test('collect.sh: an unterminated key block stops after a bounded number of lines and says so', () => {
  const body = Array.from({ length: 400 }, () => 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2');
  const { out } = collectRedact(['-----BEGIN PRIVATE KEY-----', ...body, 'plain text after'].join('\n'));
  assert.ok(out.includes('plain text after'));
  assert.match(out, /private key.*removed|removed.*private key/i, 'says what it removed');
});

test.run();
