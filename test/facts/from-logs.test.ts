/**
 * Evidence first: migrations found from log lines alone (no record, no host folder), the way
 * support receives them — a lone nova-compute.log, a grep over a sosreport, one compute node's
 * folder, a conductor paste without times. Lines are real nova wording; the published ones carry
 * their source.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../src/pipeline/analyze';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'md-fromlogs-'));
let n = 0;
function bundle(files: Record<string, string>): string {
  const dir = path.join(tmp, `b${n++}`);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
const now = new Date('2026-01-01T00:00:00Z');
const run = async (files: Record<string, string>) => (await analyze({ inputs: [bundle(files)], now })).report.migrations[0]!;

// https://github.com/vexxhost/atmosphere/issues/2553
const TLS = `2025-04-30 22:43:46.485 856115 ERROR nova.virt.libvirt.driver [None req-bf9315b3-9f20-4f57-a5fa-a6128b7495c1 577363d2d3b24002a81bcb2eddd79595 79132bb79d6d4b5dab88a933d18d2a36 - - default default] [instance: 31054fa3-17f7-4b8c-870d-464d6c667665] Live Migration failure: authentication failed: Failed to verify peer's certificate: libvirt.libvirtError: authentication failed: Failed to verify peer's certificate
2025-04-30 22:43:46.972 856115 ERROR nova.virt.libvirt.driver [None req-bf9315b3-9f20-4f57-a5fa-a6128b7495c1 577363d2d3b24002a81bcb2eddd79595 79132bb79d6d4b5dab88a933d18d2a36 - - default default] [instance: 31054fa3-17f7-4b8c-870d-464d6c667665] Migration operation has aborted
`;

test('a lone nova-compute.log with a failure line is a failed migration with its cause', async () => {
  const m = await run({ 'nova-compute.log': TLS });
  assert.is(m.instance, '31054fa3-17f7-4b8c-870d-464d6c667665');
  assert.is(m.status, 'failed');
  assert.is(m.type, 'live-migration');
  assert.is(m.requestId, 'req-bf9315b3-9f20-4f57-a5fa-a6128b7495c1');
  assert.is(m.causes[0]?.id, 'libvirt-tls');
  assert.match(m.note ?? '', /no migration record/);
});

// https://github.com/openstack-k8s-operators/nova-operator/pull/777: the source gives no cause
const GREP = `sosreport-compute-1-2024-07-11-rujznhs/var/log/messages:Jul 11 18:10:59 np0004787595 nova_compute[129891]: 2024-07-11 22:10:59.946 2 ERROR nova.virt.libvirt.driver [None req-590602d0-1d3d-4ac9-b000-cdd98a2400b4 3de117d20e5b45c1ba86c8136c841ef3 eab438b17a2a4575a3abff1f78afc4ff - - default default] [instance: 7b7edae6-f878-4756-a858-86f836d02c33] Live Migration failure: operation failed: domain is not running: libvirt.libvirtError: operation failed: domain is not running#033[00m
sosreport-compute-1-2024-07-11-rujznhs/var/log/messages:Jul 11 18:11:06 np0004787595 nova_compute[129891]: 2024-07-11 22:11:06.965 2 ERROR nova.compute.manager [None req-590602d0-1d3d-4ac9-b000-cdd98a2400b4 3de117d20e5b45c1ba86c8136c841ef3 eab438b17a2a4575a3abff1f78afc4ff - - default default] [instance: 7b7edae6-f878-4756-a858-86f836d02c33] Post live migration at destination compute-2.ci-rdo.local failed: nova.exception_Remote.InstanceNotFound_Remote: Instance 7b7edae6-f878-4756-a858-86f836d02c33 could not be found.
`;

test('a grep over a sosreport: hosts from the prefixes, a generic failure has no cause', async () => {
  const m = await run({ 'paste.txt': GREP });
  assert.is(m.status, 'failed');
  assert.is(m.source, 'np0004787595');
  assert.is(m.target, 'compute-2.ci-rdo.local');
  assert.equal(m.causes, [], 'domain is not running names no cause');
});

test('one compute node folder: the node is the source, the URI names the target', async () => {
  const line = `2026-03-02 10:15:01.101 3114 ERROR nova.virt.libvirt.driver [req-0d5a8e2c-3b1f-4a4e-9e6f-2b7f3c1d4e5a 9c0e 7a1b - default default] [instance: 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60] Live Migration failure: operation failed: Failed to connect to remote libvirt URI qemu+tls://pcd-cmp-07.example.net/system: unable to connect to server at 'pcd-cmp-07.example.net:16514': Connection refused: libvirt.libvirtError: operation failed: Failed to connect to remote libvirt URI qemu+tls://pcd-cmp-07.example.net/system: unable to connect to server at 'pcd-cmp-07.example.net:16514': Connection refused\n`;
  const m = await run({ 'hosts/pcd-cmp-05/var/log/pf9/ostackhost.log': line });
  assert.is(m.source, 'pcd-cmp-05');
  assert.is(m.target, 'pcd-cmp-07.example.net');
  assert.is(m.causes[0]?.id, 'libvirt-tls');
});

test('an untimed conductor paste: pre-check failure of a live migration', async () => {
  const m = await run({
    'conductor-error.txt':
      "nova.exception.MigrationPreCheckError: Migration pre-check error: Unable to migrate 5a0e7a76-2a26-4e0b-9a8c-6c1c7d1b2f3e to cmp-2: Lack of memory(host:1024 <= instance:4096)\n",
  });
  assert.is(m.status, 'failed');
  assert.is(m.instance, '5a0e7a76-2a26-4e0b-9a8c-6c1c7d1b2f3e');
  assert.is(m.target, 'cmp-2');
  assert.is(m.causes[0]?.id, 'insufficient-resources');
});

test('a success line alone is a succeeded migration with no cause', async () => {
  const m = await run({
    'nova-compute.log':
      '2026-03-02 10:15:01.101 3114 INFO nova.compute.manager [req-0d5a8e2c-3b1f-4a4e-9e6f-2b7f3c1d4e5a 9c0e 7a1b - default default] [instance: 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60] Migrating instance to cmp-2 finished successfully.\n',
  });
  assert.is(m.status, 'succeeded');
  assert.is(m.target, 'cmp-2');
  assert.equal(m.causes, []);
});

test('a failure line naming no instance still makes a migration, and its evidence counts', async () => {
  const m = await run({
    'libvirt-error.txt':
      "Live Migration failure: operation failed: Failed to connect to remote libvirt URI qemu+tls://cmp-9/system: unable to connect to server at 'cmp-9:16514': Connection refused\n",
  });
  assert.is(m.status, 'failed');
  assert.is(m.instance, '(instance not named in the input)');
  assert.is(m.target, 'cmp-9');
  assert.is(m.causes[0]?.id, 'libvirt-tls');
});

test('lines of the source and the target pasted in one file keep their hosts', async () => {
  const text = [
    'Mar  2 10:15:00 cmp-1 nova-compute[3114]: 2026-03-02 10:15:00.900 3114 INFO nova.virt.libvirt.driver [req-0d5a8e2c-3b1f-4a4e-9e6f-2b7f3c1d4e5a 9c0e 7a1b - default default] [instance: 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60] Starting monitoring of live migration',
    "Mar  2 10:15:01 cmp-1 nova-compute[3114]: 2026-03-02 10:15:01.101 3114 ERROR nova.virt.libvirt.driver [req-0d5a8e2c-3b1f-4a4e-9e6f-2b7f3c1d4e5a 9c0e 7a1b - default default] [instance: 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60] Live Migration failure: operation failed: Failed to connect to remote libvirt URI qemu+tls://cmp-2/system: unable to connect to server at 'cmp-2:16514': Connection refused",
    '',
  ].join('\n');
  const m = await run({ 'grep-output.txt': text });
  assert.is(m.source, 'cmp-1');
  assert.is(m.target, 'cmp-2');
  assert.is(m.type, 'live-migration');
  const ev = m.causes[0]!.evidence[0]!;
  assert.is(ev.host, 'cmp-1');
  assert.is(ev.component, 'nova-compute');
});

test("a sosreport's hostname file names the node of its logs", async () => {
  const m = await run({
    'upload/hostname': 'pcd-cmp-05\n',
    'upload/var/log/messages':
      "Mar  2 10:15:01 localhost nova_compute[3114]: 2026-03-02 10:15:01.101 3114 ERROR nova.virt.libvirt.driver [req-0d5a8e2c-3b1f-4a4e-9e6f-2b7f3c1d4e5a 9c0e 7a1b - default default] [instance: 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60] Live Migration failure: operation failed: Failed to connect to remote libvirt URI qemu+tls://pcd-cmp-07/system: unable to connect to server at 'pcd-cmp-07:16514': Connection refused\n",
  });
  assert.is(m.source, 'pcd-cmp-05');
  assert.is(m.target, 'pcd-cmp-07');
  assert.is(m.causes[0]?.id, 'libvirt-tls');
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test.run();
