import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cliRefusal, ApiRefusal } from '../../../src/parsers/commands/cli-refusal';

const VM = '5f70b9e3-8b45-42e8-8d20-399770f7d339';

test('openstack client refusal with a plain $ prompt', () => {
  const text = `$ openstack server migrate --live-migration ${VM}\nConflictException: 409: Client Error for url: https://pcd.example.net/compute/v2.1/servers/${VM}/action, Cannot 'os-migrateLive' instance ${VM} while it is in vm_state resized\n`;
  assert.ok(cliRefusal.sniff(text));
  const r = cliRefusal.parse(text);
  assert.ok(r.ok);
  if (!r.ok) return;
  ApiRefusal.parse(r.value);
  assert.equal(r.value, {
    command: `openstack server migrate --live-migration ${VM}`,
    host: null,
    action: 'live-migration',
    instance: VM,
    code: 409,
    exception: 'ConflictException',
    message: `Cannot 'os-migrateLive' instance ${VM} while it is in vm_state resized`,
    requestId: null,
    origin: 'cli',
    details: null,
  });
});

test('novaclient refusal after a shell prompt, with the requested host', () => {
  const text = `[ops@jump-01 ~]$ nova --os-compute-api-version 2.24 live-migration ${VM} pcd-cmp-04\nERROR (BadRequest): Migration pre-check error: Binding failed for port 1b2c, please check neutron logs for more information. (HTTP 400) (Request-ID: req-68244b99-e438-4000-8bdb-cc43b275c018)\n`;
  assert.ok(cliRefusal.sniff(text));
  const r = cliRefusal.parse(text);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.is(r.value.host, 'pcd-cmp-04');
  assert.is(r.value.code, 400);
  assert.is(r.value.requestId, 'req-68244b99-e438-4000-8bdb-cc43b275c018');
  assert.is(r.value.action, 'live-migration');
  assert.is(r.value.instance, VM);
});

test('root prompt, evacuate, --host flag', () => {
  const text = `root@ctl-01:~# openstack server evacuate --host pcd-cmp-09 ${VM}\nBadRequestException: 400: Client Error for url: https://x/compute/v2.1/servers/${VM}/action, Compute service of pcd-cmp-03 is still in use.\n`;
  const r = cliRefusal.parse(text);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.is(r.value.action, 'evacuation');
  assert.is(r.value.host, 'pcd-cmp-09');
});

test('a table output or a plain log is not a refusal', () => {
  assert.not.ok(cliRefusal.sniff('+----+\n| ID | Binary |\n+----+\n'));
  assert.not.ok(cliRefusal.sniff('2026-11-20 10:00:00.000 1 INFO nova.compute.manager [-] hello'));
  assert.not.ok(cliRefusal.parse('just text').ok);
});

test.run();
