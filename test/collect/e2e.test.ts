/**
 * collect.sh end to end: its mgmt bundle plus two host bundles, produced against the stub commands,
 * analysed together; the analyzer finds the planted libvirt TLS failure, also when the host names
 * were obfuscated consistently across the three bundles, and no planted secret reaches a report.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../src/pipeline/analyze';
import { renderHtml, renderMarkdown } from '../../src/report/render';
import { buildScenarioBundles, EXPECTED, PLANTED_SECRETS } from './scenario';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'md-collect-e2e-'));

test('the analyzer reads the mgmt bundle and two host bundles of collect.sh together and finds the planted cause', async () => {
  const b = await buildScenarioBundles(path.join(tmp, 'plain'), { hang: false });
  const { report, lead } = await analyze({ inputs: b.all, instance: EXPECTED.instance });
  assert.ok(lead, 'a migration is reported');
  assert.is(lead!.instance, EXPECTED.instance);
  assert.is(lead!.type, EXPECTED.type);
  assert.is(lead!.status, EXPECTED.status);
  assert.is(lead!.source, EXPECTED.source);
  assert.is(lead!.target, EXPECTED.target);
  assert.is(lead!.requestId, EXPECTED.requestId);
  assert.is(lead!.causes[0]?.id, EXPECTED.cause, `ranked: ${lead!.causes.map((c) => c.id).join(', ')}`);
  const unreadable = report.inventory.filter((i) => i.status === 'unreadable');
  assert.equal(unreadable.map((i) => i.path), [], 'every collected file is readable');
  assert.ok(report.collectorErrors.length > 0, 'the collector errors from the manifests are reported');
  const out = JSON.stringify(report) + renderHtml(report) + renderMarkdown(report);
  for (const [where, secret] of Object.entries(PLANTED_SECRETS)) assert.not.ok(out.includes(secret), `secret from ${where} in a report`);
});

test('with --obfuscate-hosts the three bundles still agree and the cause is found', async () => {
  const b = await buildScenarioBundles(path.join(tmp, 'obf'), { hang: false, obfuscateKey: 'ticket-4711' });
  const { lead } = await analyze({ inputs: b.all, instance: EXPECTED.instance });
  assert.is(lead?.causes[0]?.id, EXPECTED.cause);
  assert.is.not(lead?.source, EXPECTED.source, 'host names are pseudonyms');
  assert.ok(lead?.target, 'the target is known under its pseudonym');
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test.run();
