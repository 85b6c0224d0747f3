import { Readable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LogRecord } from '../../../src/parsers/types';
import { parserForComponent, quickRequestId, quickTime, readLog } from '../../../src/parsers/logs';
import type { ReadLogOptions } from '../../../src/parsers/logs';

const COMPONENTS: Array<[string, string]> = [
  ['nova-api', 'oslo'],
  ['nova-scheduler', 'oslo'],
  ['nova-conductor', 'oslo'],
  ['placement-api', 'oslo'],
  ['nova-compute', 'oslo'],
  ['cinder-volume', 'oslo'],
  ['cinder-api', 'oslo'],
  ['neutron-server', 'oslo'],
  ['libvirtd', 'libvirtd'],
  ['qemu', 'qemu'],
  ['ovn-controller', 'ovn'],
  ['hostagent', 'hostagent'],
  ['other', 'generic'],
  ['something-else', 'generic'],
];

test('parserForComponent maps every recognizer component', () => {
  for (const [c, id] of COMPONENTS) assert.is(parserForComponent(c).id, id, c);
  assert.is(parserForComponent('nova-compute'), parserForComponent('nova-compute')); // shared default
  assert.is(parserForComponent('libvirtd', { yearHint: 2024 }).id, 'libvirtd');
  assert.is(parserForComponent('pf9-neutron-ovn-controller').id, 'ovn');
});

interface Got {
  rec: LogRecord;
  cont: readonly string[];
  omitted: number;
}

async function run(text: string | Buffer, component: string, opts?: ReadLogOptions, chunk = 64) {
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let o = 0; o < buf.length; o += chunk) chunks.push(buf.subarray(o, o + chunk));
  const got: Got[] = [];
  const stats = await readLog(Readable.from(chunks), component, { maxLineBytes: 4096 }, (rec, cont, omitted) => got.push({ rec, cont, omitted }), opts);
  return { got, stats };
}

// [ASSEMBLED] from reference §0.1 / §(i) templates; the traceback follows the exception-prefix format
const P = '2025-06-02 18:00:10.233 41822 ERROR nova.virt.libvirt.driver [instance: 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60] ';
const OSTACKHOST = [
  'Defaulted container "nova-compute" out of: nova-compute, nova-compute-ssh, init (init)',
  `${P}  File "/usr/lib/python3.9/site-packages/nova/virt/libvirt/guest.py", line 658, in migrate`,
  '2025-06-02 18:00:02.020 41822 INFO nova.virt.libvirt.migration [None req-aa10c0de-0000-4000-8000-000000000001 - - - - - -] [instance: 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60] Increasing downtime to 50 ms after 0 sec elapsed time',
  '2025-06-02 18:00:10.233 41822 ERROR nova.virt.libvirt.driver [None req-aa10c0de-0000-4000-8000-000000000001 5b1f0e9c5b1f0e9c5b1f0e9c5b1f0e9c 9c8b7a6d9c8b7a6d9c8b7a6d9c8b7a6d - - default default] [instance: 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60] Live Migration failure: operation failed: domain is not running: libvirt.libvirtError: operation failed: domain is not running',
  `${P}Traceback (most recent call last):`,
  `${P}  File "/usr/lib/python3.9/site-packages/nova/virt/libvirt/driver.py", line 10320, in _live_migration_operation`,
  `${P}    guest.migrate(self._live_migration_uri(dest),`,
  `${P}libvirt.libvirtError: operation failed: domain is not running`,
  `${P}`,
  '',
  '2025-06-02 18:00:10.734 41822 ERROR nova.virt.libvirt.driver [None req-aa10c0de-0000-4000-8000-000000000001 5b1f0e9c5b1f0e9c5b1f0e9c5b1f0e9c 9c8b7a6d9c8b7a6d9c8b7a6d9c8b7a6d - - default default] [instance: 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60] Migration operation has aborted',
].join('\r\n');

test('readLog attaches traceback lines to their record and delivers in order', async () => {
  const { got, stats } = await run(OSTACKHOST, 'nova-compute');
  assert.is(got.length, 3);
  assert.is(got[0]!.rec.line, 3);
  assert.is(got[0]!.rec.message, 'Increasing downtime to 50 ms after 0 sec elapsed time');
  assert.equal(got[0]!.cont, []);
  const fail = got[1]!;
  assert.is(fail.rec.line, 4);
  assert.is(fail.rec.requestId, 'req-aa10c0de-0000-4000-8000-000000000001');
  assert.ok(fail.rec.message.startsWith('Live Migration failure: operation failed: domain is not running'));
  assert.is(fail.cont.length, 5);
  assert.is(fail.cont[0], `${P}Traceback (most recent call last):`);
  assert.is(fail.cont[3], `${P}libvirt.libvirtError: operation failed: domain is not running`);
  assert.is(fail.omitted, 0);
  assert.is(got[2]!.rec.message, 'Migration operation has aborted');
  assert.is(got[2]!.rec.line, 11);
  assert.is(stats.lines, 11);
  assert.is(stats.records, 3);
  assert.is(stats.delivered, 3);
  assert.is(stats.continuationLines, 5);
  assert.is(stats.orphanLines, 1);
  assert.is(stats.ignoredLines, 2);
  assert.is(stats.omittedLines, 0);
});

test('continuation limits: lines kept, the rest counted', async () => {
  const lines = ['2025-06-02 18:00:10.233 41822 ERROR nova.compute.manager [-] Live migration failed.'];
  for (let i = 0; i < 80; i++) lines.push(`2025-06-02 18:00:10.233 41822 ERROR nova.compute.manager   frame ${i}`);
  const { got, stats } = await run(lines.join('\n'), 'nova-compute', { maxContinuationLines: 50 });
  assert.is(got.length, 1);
  assert.is(got[0]!.cont.length, 50);
  assert.is(got[0]!.omitted, 30);
  assert.is(stats.omittedLines, 30);
  assert.is(stats.continuationLines, 80);
  const chars = await run(lines.join('\n'), 'nova-compute', { maxContinuationChars: 300 });
  assert.is(chars.got[0]!.cont.length, 4);
  assert.is(chars.got[0]!.omitted, 76);
});

test('select: only records whose first or continuation line passes are parsed and delivered', async () => {
  const seen: string[] = [];
  const { got, stats } = await run(OSTACKHOST, 'nova-compute', {
    select: (l) => {
      seen.push(l);
      return l.includes('libvirtError');
    },
  });
  assert.is(got.length, 1);
  assert.is(got[0]!.rec.message.startsWith('Live Migration failure'), true);
  assert.is(got[0]!.cont.length, 5);
  assert.is(stats.records, 3);
  assert.is(stats.delivered, 1);
  // a hit in a continuation line selects the record
  const viaTraceback = await run(OSTACKHOST, 'nova-compute', { select: (l) => l.includes('_live_migration_operation') });
  assert.is(viaTraceback.got.length, 1);
  assert.is(viaTraceback.got[0]!.rec.line, 4);
  assert.ok(seen.length > 0);
});

test('readLog with other formats: libvirtd journal with yearHint, qemu log, hostagent traceback', async () => {
  const journal = [
    'Jan 11 18:28:18 base-pvg.redhat.ren libvirtd[25283]: 2021-01-11 10:28:18.110+0000: 25288: error : virCPUx86Compare:1785 : the CPU is incompatible with host CPU: Host CPU does not provide required features: xsave, avx',
    'Jan 11 18:28:19 base-pvg.redhat.ren libvirtd[25283]: internal error: unexpected',
  ].join('\n');
  const lj = await run(journal, 'libvirtd', { parser: { yearHint: 2021 } });
  assert.is(lj.got.length, 2);
  assert.is(lj.got[1]!.rec.time, Date.UTC(2021, 0, 11, 18, 28, 19));
  const qemu = [
    '2022-02-10 16:14:03.381+0000: starting up libvirt version: 6.0.0, hostname: compute4.mylab.home',
    'LC_ALL=C \\',
    '-name guest=instance-00000002,debug-threads=on \\',
    '-msg timestamp=on',
    'char device redirected to /dev/pts/2 (label charserial0)',
    '2016-01-26 10:30:51.895+0000: shutting down',
    'load of migration failed',
  ].join('\n');
  const q = await run(qemu, 'qemu');
  assert.equal(q.got.map((g) => [g.rec.line, g.rec.message, g.cont.length]), [
    [1, 'starting up libvirt version: 6.0.0, hostname: compute4.mylab.home', 3],
    [5, 'char device redirected to /dev/pts/2 (label charserial0)', 0],
    [6, 'shutting down', 0],
    [7, 'load of migration failed', 0],
  ]);
  const ha = ['2022-02-14 22:49:10,246 - session.py ERROR - Converge failed', 'Traceback (most recent call last):', '  File "x.py", line 1, in <module>', 'ValueError: bad'].join('\n');
  const h = await run(ha, 'hostagent');
  assert.is(h.got.length, 1);
  assert.equal(h.got[0]!.cont, ['Traceback (most recent call last):', '  File "x.py", line 1, in <module>', 'ValueError: bad']);
});

test('readLog: binary junk is dropped, long lines are cut and counted', async () => {
  const junk = Buffer.alloc(200);
  for (let i = 0; i < junk.length; i++) junk[i] = 0x80 + (i % 100);
  const text = Buffer.concat([
    Buffer.from('2025-06-02 18:00:09.871 41822 INFO nova.compute.manager [-] one\n'),
    junk,
    Buffer.from('\n2025-06-02 18:00:09.872 41822 INFO nova.compute.manager [-] ' + 'y'.repeat(5000) + '\n'),
  ]);
  const { got, stats } = await run(text, 'nova-compute', undefined, 7);
  assert.is(got.length, 2);
  assert.equal(got[0]!.cont, []);
  assert.is(stats.binaryLines, 1);
  assert.is(stats.cutLines, 1);
  assert.is(got[1]!.rec.raw.length, 4096);
  const keep = await run(text, 'nova-compute', { keepBinary: true });
  assert.is(keep.got[0]!.cont.length, 1);
});

test('quickTime for every format, quickRequestId', () => {
  assert.is(quickTime('2025-04-30 22:43:46.485 856115 ERROR nova.virt.libvirt.driver [-] x'), Date.UTC(2025, 3, 30, 22, 43, 46, 485));
  assert.is(quickTime('2025-04-30 22:43:46.485 856115 ERROR x [-] y', { utcOffsetMinutes: 60 }), Date.UTC(2025, 3, 30, 21, 43, 46, 485));
  assert.is(quickTime('2013-10-23 17:32:19.957+0000: 14069: error : f:1 : m'), Date.UTC(2013, 9, 23, 17, 32, 19, 957));
  assert.is(quickTime('2022-02-10T16:18:33.031019Z qemu-system-x86_64: terminating'), Date.UTC(2022, 1, 10, 16, 18, 33, 31));
  assert.is(quickTime('2024-02-20T22:25:46.815Z|00050|binding|INFO|Claiming lport x'), Date.UTC(2024, 1, 20, 22, 25, 46, 815));
  assert.is(quickTime('2022-02-14 22:49:07,697 - pf9_app.py INFO - x'), Date.UTC(2022, 1, 14, 22, 49, 7, 697));
  assert.is(
    quickTime('2024-06-18T19:45:48.982792796+00:00 stdout F 2024-06-18 19:45:48.982 15 DEBUG neutron.db.provisioning_blocks [-] x'),
    Date.UTC(2024, 5, 18, 19, 45, 48, 982),
  );
  assert.is(quickTime('Jul 11 18:10:59 h nova_compute[1]: 2024-07-11 22:10:59.946 2 ERROR x [-] y'), Date.UTC(2024, 6, 11, 22, 10, 59, 946));
  assert.is(quickTime('Jan 11 18:28:18 h libvirtd[1234]: internal error', { yearHint: 2021 }), Date.UTC(2021, 0, 11, 18, 28, 18));
  assert.is(quickTime('Jan 11 18:28:18 h libvirtd[1234]: internal error'), null);
  assert.is(quickTime('load of migration failed'), null);
  assert.is(quickTime(''), null);
  assert.is(
    quickRequestId('2024-06-18 19:45:48.982 15 DEBUG neutron.db.provisioning_blocks [req-d2771f14-0013-49ac-9a4f-0d70cbe8b45a req-cf66b765-e380-4d19-bf19-a08f7fa3f10c 2746f2dddef848f4848466c4441afed5 a099c698a95643aabcf23b84641cec08 - - default default] x'),
    'req-cf66b765-e380-4d19-bf19-a08f7fa3f10c',
  );
  assert.is(quickRequestId('2025-06-02 18:00:09.871 41822 INFO nova.compute.manager [-] x'), null);
  assert.is(quickRequestId('plain'), null);
});

test.run();
