/** pasted-error: client, Horizon, HTTP and bare nova errors pasted without their command. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pastedError } from '../../../src/parsers/commands/pasted-error';
import { COMMAND_PARSERS } from '../../../src/parsers/commands';
import { parseOk, sample } from './_helpers';

const bySniff = (text: string) => COMMAND_PARSERS.find((p) => p.sniff(text))?.id ?? null;

test('REAL openstack client --wait failure with the Horizon fault panel (treasuremap#8)', () => {
  const text = sample('pasted-error.real-osc-wait-and-fault.txt');
  assert.is(bySniff(text), 'pasted-error');
  const { value } = parseOk(pastedError, text);
  assert.is(value.origin, 'fault');
  assert.is(value.message, 'OSError');
  assert.is(value.code, 500);
  assert.ok(value.details?.includes('in ssh_execute'));
  assert.is(value.action, 'resize');
  assert.is(value.command, 'openstack server resize --flavor m1.xlarge --wait resize-test');
  assert.is(value.instance, '29cb7f21-2241-44f4-9ba9-61d8d840c026');
});

test('REAL --wait lines alone: the move failed after nova accepted it', () => {
  const text = sample('pasted-error.real-osc-wait-and-fault.txt').split('\n').slice(1, 4).join('\n');
  const { value } = parseOk(pastedError, text);
  assert.equal([value.origin, value.action, value.instance, value.message, value.code], ['client-wait', 'resize', '29cb7f21-2241-44f4-9ba9-61d8d840c026', 'Error resizing server', null]);
  // behind a shell prompt, the error run into the client's `Progress: 0` (no newline of its own)
  const prompt = '[ops@jump-01 ~]$ openstack server migrate --wait 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60\nProgress: 0Error migrating server: 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60\nError migrating server\n';
  assert.is(bySniff(prompt), 'pasted-error');
  assert.equal(parseOk(pastedError, prompt).value.action, 'cold-migration');
  const mig = parseOk(pastedError, 'Error migrating server: 5f70b9e3-8b45-42e8-8d20-399770f7d339\nError migrating server\n').value;
  assert.equal([mig.action, mig.instance], ['cold-migration', '5f70b9e3-8b45-42e8-8d20-399770f7d339']);
});

test('REAL wire log of a 409 with X-Compute-Request-Id (openstack4j#257)', () => {
  const text = sample('pasted-error.real-http-409-wire.txt');
  assert.is(bySniff(text), 'pasted-error');
  const { value } = parseOk(pastedError, text);
  assert.equal(
    [value.origin, value.code, value.exception, value.requestId, value.action, value.message],
    ['http', 409, 'conflictingRequest', 'req-86d23e74-4afc-43b4-963c-c8aa3b2fe57a', 'live-migration', "Cannot 'os-migrateLive' while instance is in task_state migrating"],
  );
});

test('REAL nova message with its HTTP code (trinity#633)', () => {
  const text = sample('pasted-error.real-plain-http-400.txt');
  assert.is(bySniff(text), 'pasted-error');
  const { value } = parseOk(pastedError, text);
  assert.equal([value.origin, value.code, value.action, value.message], ['client', 400, 'resize', 'No valid host was found. No valid host found for resize']);
});

test('Horizon banner with Details, and the --debug trace', () => {
  const h = parseOk(pastedError, sample('pasted-error.assembled-horizon-banner.txt')).value;
  assert.equal([h.origin, h.action, h.host, h.message, h.requestId], ['horizon', 'live-migration', 'pcd-cmp-04', "Migration pre-check error: CPU doesn't have compatibility.", 'req-5c3e0f0e-8a0b-4a57-9a44-5d6a0e2b7c11']);
  const d = parseOk(pastedError, sample('pasted-error.assembled-osc-debug.txt')).value;
  assert.equal([d.origin, d.code, d.action, d.instance, d.requestId], ['http', 400, 'live-migration', '5f70b9e3-8b45-42e8-8d20-399770f7d339', 'req-0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f']);
  assert.match(d.message, /Disk of instance is too large/);
});

test('novaclient and openstacksdk errors without a command line; Horizon fault panel on separate lines', () => {
  const VM = '5f70b9e3-8b45-42e8-8d20-399770f7d339';
  const nc = parseOk(pastedError, `ERROR (Conflict): Cannot 'os-migrateLive' instance ${VM} while it is in vm_state resized (HTTP 409) (Request-ID: req-68244b99-e438-4000-8bdb-cc43b275c018)\n`).value;
  assert.equal([nc.origin, nc.exception, nc.code, nc.instance, nc.action], ['client', 'Conflict', 409, VM, 'live-migration']);
  const sdk = parseOk(pastedError, `BadRequestException: 400: Client Error for url: https://x/compute/v2.1/servers/${VM}/action, Compute service of pcd-cmp-03 is still in use.\n`).value;
  assert.equal([sdk.exception, sdk.action, sdk.instance], ['BadRequestException', 'evacuation', VM]);
  const panel = 'Fault\nMessage\n    No valid host was found. There are not enough hosts available.\nCode\n    500\nCreated\n    Nov. 24, 2026, 1:48 p.m.\n';
  const f = parseOk(pastedError, panel).value;
  assert.equal([f.origin, f.code, f.message, f.details], ['fault', 500, 'No valid host was found. There are not enough hosts available.', null]);
});

test('the fault alone: server show -f value -c fault (Python repr) and -f json -c fault', () => {
  const repr = "{'code': 500, 'created': '2025-06-02T14:03:10Z', 'message': 'Host key verification failed.', 'details': 'Traceback (most recent call last): ...'}\n";
  assert.is(bySniff(repr), 'pasted-error');
  const f = parseOk(pastedError, repr).value;
  assert.equal([f.origin, f.code, f.message], ['fault', 500, 'Host key verification failed.']);
  const json = JSON.stringify({ fault: { code: 400, created: '2025-06-02T14:03:10Z', message: 'No valid host was found. ' } }, null, 2);
  assert.equal(parseOk(pastedError, json).value.code, 400);
});

test('a bare nova message is enough; other text is not claimed', () => {
  const m = parseOk(pastedError, "> Cannot 'resize' instance 5f70b9e3-8b45-42e8-8d20-399770f7d339 while it is in task_state resize_prep\n").value;
  assert.equal([m.origin, m.action], ['api-message', 'resize']);
  for (const t of [
    '',
    'HttpException: 500: Server Error for url: http://x, boom',
    'ERROR (Unauthorized): The request you have made requires authentication. (HTTP 401)',
    // a log excerpt: the log readers take it
    '2026-11-24 13:48:20.931 1 WARNING nova.scheduler.utils [req-6a8c0e2a-4c6e-48a0-b2c4-e6a8c0e2a4c9 - - - - -] Failed to compute_task_migrate_server: No valid host was found.\n2026-11-24 13:48:20.934 1 WARNING nova.scheduler.utils [req-6a8c0e2a-4c6e-48a0-b2c4-e6a8c0e2a4c9 - - - - -] Setting instance to ACTIVE state.\n',
    // a pasted traceback is a log fragment
    'Traceback (most recent call last):\n  File "/usr/lib/python3/nova/conductor/manager.py", line 1, in f\nnova.exception.NoValidHost: No valid host was found.\n',
    '+----+\n| ID |\n+----+\n',
  ]) assert.is(pastedError.sniff(t), false, t);
});

test.run();
