/** The timeline: stages, the failed stage, and a warning when the hosts' clocks disagree. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../src/pipeline/analyze';
import { mapStatus, mapType } from '../../src/facts/migration';

const VM = '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60';
const REQ = 'req-3b77c1d2-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const ctx = `[None ${REQ} 5b1f0e9c2a3d4e6f8a7b9c0d1e2f3a4b 9c8b7a6d5e4f4a3b2c1d0e9f8a7b6c5d - - default default] [instance: ${VM}]`;

function bundle(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-timeline-'));
  for (const [p, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), body);
  }
  return dir;
}

const record = (status: string, dest = 'cmp-02') =>
  JSON.stringify([{ Id: 7, 'Source Compute': 'cmp-01', 'Dest Compute': dest, 'Source Node': 'cmp-01', 'Dest Node': dest, Status: status, 'Server UUID': VM, Type: 'live-migration', 'Created At': '2026-11-20T10:02:40.000000', 'Updated At': '2026-11-20T10:02:52.000000' }]);

test('status and type vocabularies of nova map to the report', () => {
  assert.is(mapStatus('completed'), 'succeeded');
  assert.is(mapStatus('confirmed'), 'succeeded');
  assert.is(mapStatus('error'), 'failed');
  assert.is(mapStatus('cancelled'), 'failed');
  assert.is(mapStatus('running (post-copy)'), 'in-progress');
  assert.is(mapStatus(null), 'unknown');
  assert.is(mapType('migration'), 'cold-migration');
  assert.is(mapType('evacuation'), 'evacuation');
});

test('a transfer failure on the source: stages reached up to transfer, failed in transfer', async () => {
  const dir = bundle({
    [`commands/openstack_server_migration_list_${VM}.json`]: record('failed'),
    'hosts/cmp-01/var/log/pf9/ostackhost.log': [
      `2026-11-20 10:02:41.100 4182 INFO nova.compute.manager ${ctx} Took 2.31 seconds for pre_live_migration on destination host cmp-02.`,
      `2026-11-20 10:02:42.020 4182 INFO nova.virt.libvirt.migration ${ctx} Increasing downtime to 50 ms after 0 sec elapsed time`,
      `2026-11-20 10:02:51.970 4182 ERROR nova.virt.libvirt.driver ${ctx} Live Migration failure: End of file while reading data: Input/output error: libvirt.libvirtError: End of file while reading data: Input/output error`,
      `2026-11-20 10:02:52.400 4182 ERROR nova.virt.libvirt.driver ${ctx} Migration operation has aborted`,
    ].join('\n'),
  });
  const { lead } = await analyze({ inputs: [dir] });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.is(lead!.failedStage, 'transfer');
  const st = Object.fromEntries(lead!.timeline.stages.map((s) => [s.stage, s.status]));
  // nothing after the failed stage was reached
  assert.equal(st, { api: 'reached', scheduling: 'reached', 'pre-migration': 'reached', transfer: 'failed', 'post-migration': 'not-reached' });
  const failed = lead!.timeline.stages.find((s) => s.status === 'failed')!;
  assert.match(failed.text ?? '', /Live Migration failure/, 'the failed stage carries the line that set it');
  assert.ok(failed.file && failed.line, 'with its file and line');
});

test('a record with no line that places the failure is failed in an unknown stage', async () => {
  const dir = bundle({ [`commands/openstack_server_migration_list_${VM}.json`]: record('failed') });
  const { lead } = await analyze({ inputs: [dir] });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.is(lead!.failedStage, 'unknown');
  // only the management plane's data: the compute logs would place it
  assert.match(lead!.failedStageWhy ?? '', /needs the compute logs/);
  assert.ok(lead!.timeline.stages.every((s) => s.status !== 'failed'), 'no stage is shown failed');
});

test('hosts whose clocks disagree by minutes get a note that the order may be wrong', async () => {
  const dir = bundle({
    [`commands/openstack_server_migration_list_${VM}.json`]: record('completed'),
    // the target's clock is 9 minutes behind: it logs the switchover before the source starts
    'hosts/cmp-02/var/log/pf9/ostackhost.log': `2026-11-20 09:53:50.000 5100 INFO nova.compute.manager ${ctx} Post operation of migration started\n`,
    'hosts/cmp-01/var/log/pf9/ostackhost.log': [
      `2026-11-20 10:02:41.100 4182 INFO nova.compute.manager ${ctx} Took 2.31 seconds for pre_live_migration on destination host cmp-02.`,
      `2026-11-20 10:02:50.000 4182 INFO nova.compute.manager ${ctx} Migrating instance to cmp-02 finished successfully.`,
    ].join('\n'),
  });
  const { lead } = await analyze({ inputs: [dir] });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.is(lead!.status, 'succeeded');
  assert.ok(lead!.timeline.orderNote, 'a clock note');
  assert.match(lead!.timeline.orderNote!, /clocks may differ/);
});

test.run();
