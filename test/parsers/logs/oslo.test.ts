import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LogRecord } from '../../../src/parsers/types';
import type { LogFormat } from '../../../src/parsers/logs/format';
import {
  createOsloParser,
  isOsloExceptionLine,
  osloParser,
  osloRequestId,
  splitDebugSuffix,
} from '../../../src/parsers/logs/oslo';

/** parseLine, with the contract that isRecordStart agrees with it. */
function parse(line: string, p: LogFormat = osloParser, no = 7): LogRecord | null {
  const rec = p.parseLine(line, no);
  assert.is(p.isRecordStart(line), rec !== null, `isRecordStart disagrees on: ${line}`);
  return rec;
}

const utc = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number =>
  Date.UTC(y, mo - 1, d, h, mi, s, ms);

test('≥ Zed 8-token context, instance, error_summary (vexxhost/atmosphere#2553)', () => {
  const line =
    "2025-04-30 22:43:46.485 856115 ERROR nova.virt.libvirt.driver [None req-bf9315b3-9f20-4f57-a5fa-a6128b7495c1 577363d2d3b24002a81bcb2eddd79595 79132bb79d6d4b5dab88a933d18d2a36 - - default default] [instance: 31054fa3-17f7-4b8c-870d-464d6c667665] Live Migration failure: authentication failed: Failed to verify peer's certificate: libvirt.libvirtError: authentication failed: Failed to verify peer's certificate";
  assert.equal(parse(line), {
    line: 7,
    time: utc(2025, 4, 30, 22, 43, 46, 485),
    level: 'ERROR',
    logger: 'nova.virt.libvirt.driver',
    pid: '856115',
    requestId: 'req-bf9315b3-9f20-4f57-a5fa-a6128b7495c1',
    globalRequestId: null,
    instance: '31054fa3-17f7-4b8c-870d-464d6c667665',
    message:
      "Live Migration failure: authentication failed: Failed to verify peer's certificate: libvirt.libvirtError: authentication failed: Failed to verify peer's certificate",
    raw: line,
  });
});

test('periodic context `[None req-… - - - - - -]`, DEBUG suffix kept (nova-operator#480)', () => {
  const line =
    '2023-07-26 21:16:51.170 2 DEBUG nova.compute.resource_tracker [None req-a28e22c7-02b9-4b32-a4c1-c532d6271fc0 - - - - - -] [instance: 6a7e2f6b-7af8-4368-9b0b-80ba4314c3db] Skipping migration as instance is neither resizing nor live-migrating. _update_usage_from_migrations /usr/lib/python3.9/site-packages/nova/compute/resource_tracker.py:1491';
  const rec = parse(line)!;
  assert.equal(rec, {
    line: 7,
    time: utc(2023, 7, 26, 21, 16, 51, 170),
    level: 'DEBUG',
    logger: 'nova.compute.resource_tracker',
    pid: '2',
    requestId: 'req-a28e22c7-02b9-4b32-a4c1-c532d6271fc0',
    globalRequestId: null,
    instance: '6a7e2f6b-7af8-4368-9b0b-80ba4314c3db',
    message:
      'Skipping migration as instance is neither resizing nor live-migrating. _update_usage_from_migrations /usr/lib/python3.9/site-packages/nova/compute/resource_tracker.py:1491',
    raw: line,
  });
  assert.equal(splitDebugSuffix(rec.message), {
    text: 'Skipping migration as instance is neither resizing nor live-migrating.',
    func: '_update_usage_from_migrations',
    path: '/usr/lib/python3.9/site-packages/nova/compute/resource_tracker.py',
    lineNo: 1491,
  });
  assert.is(splitDebugSuffix('Took 2.31 seconds for pre_live_migration on destination host hv-02.'), null);
});

test('≤ Yoga 6-token context (cinder/Cinder#2292)', () => {
  const line =
    '2022-07-11 17:26:34.692 342269 ERROR nova.compute.manager [req-50e5907e-f5ee-41ac-bbbc-078eb04d421b bd7411c4674f49bfa98b7d0061b9a5a4 8337d82adc944437aa26325173ebf93d - default default] [instance: 4f588303-4d64-4686-aade-b48ba218bf1c] Instance failed block device setup: cinderclient.exceptions.ClientException: …';
  assert.equal(parse(line), {
    line: 7,
    time: utc(2022, 7, 11, 17, 26, 34, 692),
    level: 'ERROR',
    logger: 'nova.compute.manager',
    pid: '342269',
    requestId: 'req-50e5907e-f5ee-41ac-bbbc-078eb04d421b',
    globalRequestId: null,
    instance: '4f588303-4d64-4686-aade-b48ba218bf1c',
    message: 'Instance failed block device setup: cinderclient.exceptions.ClientException: …',
    raw: line,
  });
});

test('global + local request ids, domain ids (hotsos placement fixture)', () => {
  const line =
    '2025-05-14 04:33:12.457 38 INFO placement.requestlog [req-a71c6820-6bad-46f8-8eed-50dbecd23ff0 req-f0090a5d-f19b-4bbf-86ff-643d5a123494 65aa1226f3e6424a8b64d061e565501c 18657cfc94d94d8fb64ced314253ded8 - - 2e4504324af145d8a29818e67bb0aa92 2e4504324af145d8a29818e67bb0aa92] 10.1.0.42 "GET /openstack-placement/resource_providers/50043fd9-0e93-49d9-88f7-d776760bef9b/allocations" status: 200 len: 54 microversion: 1.0';
  assert.equal(parse(line), {
    line: 7,
    time: utc(2025, 5, 14, 4, 33, 12, 457),
    level: 'INFO',
    logger: 'placement.requestlog',
    pid: '38',
    requestId: 'req-f0090a5d-f19b-4bbf-86ff-643d5a123494',
    globalRequestId: 'req-a71c6820-6bad-46f8-8eed-50dbecd23ff0',
    instance: null,
    message:
      '10.1.0.42 "GET /openstack-placement/resource_providers/50043fd9-0e93-49d9-88f7-d776760bef9b/allocations" status: 200 len: 54 microversion: 1.0',
    raw: line,
  });
  assert.is(osloRequestId(line), 'req-f0090a5d-f19b-4bbf-86ff-643d5a123494');
});

test('nova-api eventlet access line, ≤ Yoga context (Queens–Train write-up)', () => {
  const line =
    '2021-09-18 11:01:05.811 2295 INFO nova.osapi_compute.wsgi.server [req-fbf96a04-09d5-4e3d-bf35-9b0935969296 9942eb4321644336a0c7383d9f1c2bed a7d812868cb74f1a978035530f55f1d0 - default default] 192.168.112.146 "POST /v2.1/servers HTTP/1.1" status: 202 len: 876 time: 1.6947610';
  const rec = parse(line)!;
  assert.is(rec.requestId, 'req-fbf96a04-09d5-4e3d-bf35-9b0935969296');
  assert.is(rec.globalRequestId, null);
  assert.is(rec.logger, 'nova.osapi_compute.wsgi.server');
  assert.is(rec.message, '192.168.112.146 "POST /v2.1/servers HTTP/1.1" status: 202 len: 876 time: 1.6947610');
  assert.is(rec.time, utc(2021, 9, 18, 11, 1, 5, 811));
});

test('`[-]` context (no request) with instance', () => {
  // [ASSEMBLED] reference §(l)
  const line =
    '2025-06-02 18:00:09.871 41822 INFO nova.compute.manager [-] [instance: 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60] VM Paused (Lifecycle Event)';
  assert.equal(parse(line), {
    line: 7,
    time: utc(2025, 6, 2, 18, 0, 9, 871),
    level: 'INFO',
    logger: 'nova.compute.manager',
    pid: '41822',
    requestId: null,
    globalRequestId: null,
    instance: '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60',
    message: 'VM Paused (Lifecycle Event)',
    raw: line,
  });
});

test('≤ Yoga periodic `[req-… - - - - -]`', () => {
  // [ASSEMBLED] from the reference table
  const rec = parse(
    '2021-01-05 10:00:00.001 7 DEBUG oslo_service.periodic_task [req-6a1f1c40-2b1e-4c3a-9c5e-1f2e3d4c5b6a - - - - -] Running periodic task ComputeManager._poll_unconfirmed_resizes run_periodic_tasks /usr/lib/python3/dist-packages/oslo_service/periodic_task.py:210',
  )!;
  assert.is(rec.requestId, 'req-6a1f1c40-2b1e-4c3a-9c5e-1f2e3d4c5b6a');
  assert.is(rec.globalRequestId, null);
  assert.is(rec.instance, null);
  assert.is(rec.message.startsWith('Running periodic task'), true);
});

test('traceback lines with the exception prefix are continuations (emc-openstack/storops#171)', () => {
  const lines = [
    '2017-10-20 01:34:43.508 29680 ERROR cinder.volume.manager Traceback (most recent call last):',
    '2017-10-20 01:34:43.508 29680 ERROR cinder.volume.manager   File "/usr/lib/python2.7/site-packages/cinder/volume/manager.py", line 1429, in initialize_connection',
    // [ASSEMBLED] the same prefix with an instance, the exception line, the empty last line
    '2025-06-02 18:00:10.233 41822 ERROR nova.virt.libvirt.driver [instance: 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60] libvirt.libvirtError: operation failed: domain is not running',
    '2025-06-02 18:00:10.233 41822 ERROR nova.virt.libvirt.driver [instance: 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60] ',
    '2025-06-02 18:00:10.233 41822 ERROR nova.virt.libvirt.driver ',
    // older default prefix said TRACE
    '2015-03-01 10:00:00.000 1234 TRACE nova.compute.manager Traceback (most recent call last):',
  ];
  for (const l of lines) {
    assert.is(parse(l), null, l);
    assert.ok(isOsloExceptionLine(l), l);
  }
  // raw lines of a multi-line message, a uwsgi line, kubectl noise
  for (const l of [
    'Command: ssh -o BatchMode=yes 10.0.0.12 mkdir -p /var/lib/nova/instances/0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60',
    'Refer to http://libvirt.org/html/libvirt-libvirt-host.html#virCPUCompareResult',
    'Defaulted container "nova-compute" out of: nova-compute, nova-compute-ssh, init (init)',
    '',
  ]) {
    assert.is(parse(l), null, l);
    assert.not.ok(isOsloExceptionLine(l), l);
  }
  // a record line is not an exception line
  assert.not.ok(isOsloExceptionLine('2025-06-02 18:00:09.871 41822 ERROR nova.compute.manager [-] boom'));
});

test('a non-ERROR line without a context block is still a record', () => {
  const rec = parse('2025-06-02 18:00:09.871 41822 WARNING nova.compute.manager [instance: 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60] odd format')!;
  assert.is(rec.level, 'WARNING');
  assert.is(rec.instance, '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60');
  assert.is(rec.message, 'odd format');
  assert.is(rec.requestId, null);
});

test('PF9 KB anonymised lines: no time, no pid, placeholder ids → null', () => {
  const a = 'INFO cinder.api.openstack.wsgi [None [REQ-ID] [USER_ID] [TENANT_ID] - - default default] POST https:/<FQDN>/v3/<TENANT_UUID>/volumes';
  assert.equal(parse(a), {
    line: 7,
    time: null,
    level: 'INFO',
    logger: 'cinder.api.openstack.wsgi',
    pid: null,
    requestId: null,
    globalRequestId: null,
    instance: null,
    message: 'POST https:/<FQDN>/v3/<TENANT_UUID>/volumes',
    raw: a,
  });
  const b = 'INFO cinder.volume.api [None [REQ-ID] [USER_ID] [TENANT_ID] - - default default] Create volume request issued successfully.';
  assert.is(parse(b)!.message, 'Create volume request issued successfully.');
  // without a context block an untimed line is not a record
  assert.is(parse('ERROR something went wrong'), null);
  assert.is(parse('INFO nothing [x] here'), null);
});

test('journald/rsyslog wrapper, trailing #033[00m removed (nova-operator#777)', () => {
  const line =
    'Jul 11 18:10:59 np0004787595 nova_compute[129891]: 2024-07-11 22:10:59.946 2 ERROR nova.virt.libvirt.driver [None req-… ] … libvirt.libvirtError: operation failed: domain is not running#033[00m';
  assert.equal(parse(line), {
    line: 7,
    time: utc(2024, 7, 11, 22, 10, 59, 946), // the oslo line's own time, not the prefix's
    level: 'ERROR',
    logger: 'nova.virt.libvirt.driver',
    pid: '2',
    requestId: 'req-…',
    globalRequestId: null,
    instance: null,
    message: '… libvirt.libvirtError: operation failed: domain is not running',
    raw: line,
  });
});

test('untimed oslo line behind a syslog prefix takes the prefix time (yearHint) and pid', () => {
  // [ASSEMBLED]
  const line = 'Jul 11 18:10:59 cmp-01 nova-compute[4242]: WARNING nova.compute.manager [None req-0f2a3b4c-5d6e-4f70-8192-a3b4c5d6e7f8 - - - - - -] Late'; // prettier-ignore
  const rec = parse(line, createOsloParser({ yearHint: 2024, utcOffsetMinutes: -240 }))!;
  assert.is(rec.time, utc(2024, 7, 11, 22, 10, 59, 0));
  assert.is(rec.pid, '4242');
  assert.is(rec.requestId, 'req-0f2a3b4c-5d6e-4f70-8192-a3b4c5d6e7f8');
  assert.is(parse(line)!.time, null); // no year known
});

test('journalctl -o short-iso wrapper: prefix with zone, inner oslo time wins; untimed inner uses the prefix', () => {
  // [ASSEMBLED] short-iso prefix in front of the nova-operator#777 line
  const line = '2024-07-11T18:10:59-0400 np0004787595 nova_compute[129891]: 2024-07-11 22:10:59.946 2 ERROR nova.virt.libvirt.driver [-] x';
  const rec = parse(line)!;
  assert.is(rec.time, utc(2024, 7, 11, 22, 10, 59, 946));
  assert.is(rec.pid, '2');
  assert.is(rec.message, 'x');
  const untimed = parse('2024-07-11T18:10:59-04:00 np0004787595 nova_compute[129891]: ERROR nova.compute.manager [-] y')!;
  assert.is(untimed.time, utc(2024, 7, 11, 22, 10, 59, 0));
  assert.is(untimed.pid, '129891');
  assert.is(untimed.message, 'y');
});

test('Kubernetes CRI wrapper with global and local ids (nova-operator#786)', () => {
  const line =
    '2024-06-18T19:45:48.982792796+00:00 stdout F 2024-06-18 19:45:48.982 15 DEBUG neutron.db.provisioning_blocks [req-d2771f14-0013-49ac-9a4f-0d70cbe8b45a req-cf66b765-e380-4d19-bf19-a08f7fa3f10c 2746f2dddef848f4848466c4441afed5 a099c698a95643aabcf23b84641cec08 - - default default] Transition to ACTIVE for port object f35783fe-1587-4953-adec-4519d32d0d4b will not be triggered until provisioned by entity L2. add_provisioning_component /usr/lib/python3.9/site-packages/neutron/db/provisioning_blocks.py:74';
  assert.equal(parse(line), {
    line: 7,
    time: utc(2024, 6, 18, 19, 45, 48, 982),
    level: 'DEBUG',
    logger: 'neutron.db.provisioning_blocks',
    pid: '15',
    requestId: 'req-cf66b765-e380-4d19-bf19-a08f7fa3f10c',
    globalRequestId: 'req-d2771f14-0013-49ac-9a4f-0d70cbe8b45a',
    instance: null,
    message:
      'Transition to ACTIVE for port object f35783fe-1587-4953-adec-4519d32d0d4b will not be triggered until provisioned by entity L2. add_provisioning_component /usr/lib/python3.9/site-packages/neutron/db/provisioning_blocks.py:74',
    raw: line,
  });
});

test('Pebble wrapper with the wsgi timestamp and a literal ANSI reset (hotsos Sunbeam fixture)', () => {
  const line =
    '2025-05-14T04:32:53.881Z [wsgi-nova-api] 2025-05-14 04:32:53.881027 2025-05-14 04:32:53.879 30 INFO nova.api.openstack.requestlog [None req-34e2ff9a-5e56-42a1-8a90-2425e4c82243 - - - - - -] 10.1.0.42 "GET /" status: 200 len: 447 microversion: - time: 0.003988\x1b[00m';
  assert.equal(parse(line), {
    line: 7,
    time: utc(2025, 5, 14, 4, 32, 53, 879),
    level: 'INFO',
    logger: 'nova.api.openstack.requestlog',
    pid: '30',
    requestId: 'req-34e2ff9a-5e56-42a1-8a90-2425e4c82243',
    globalRequestId: null,
    instance: null,
    message: '10.1.0.42 "GET /" status: 200 len: 447 microversion: - time: 0.003988',
    raw: line,
  });
});

test('utcOffsetMinutes shifts zone-less oslo times', () => {
  const p = createOsloParser({ utcOffsetMinutes: 120 });
  const rec = parse('2025-06-02 18:00:09.871 41822 INFO nova.compute.manager [-] x', p)!;
  assert.is(rec.time, utc(2025, 6, 2, 16, 0, 9, 871));
});

// Older releases (and deployments with their own format string) log no pid and no milliseconds:
// `2012-10-31 18:12:19 ERROR nova.virt.libvirt.driver [-] [instance: …] Live Migration failure: …`
// (quoted in rcbops/chef-cookbooks#258).
test('oslo lines without a pid or milliseconds', () => {
  const old = parse('2012-10-31 18:12:19 ERROR nova.virt.libvirt.driver [-] [instance: fa46a443-9b13-4b81-a2f2-f6ef7cb1e51d] Live Migration failure: operation failed')!;
  assert.ok(old);
  assert.is(old.pid, null);
  assert.is(old.level, 'ERROR');
  assert.is(old.logger, 'nova.virt.libvirt.driver');
  assert.is(old.instance, 'fa46a443-9b13-4b81-a2f2-f6ef7cb1e51d');
  assert.is(old.time, utc(2012, 10, 31, 18, 12, 19, 0));
  const ms = parse('2025-06-02 18:00:09.871 INFO nova.compute.manager [-] no pid')!;
  assert.is(ms.pid, null);
  assert.is(ms.message, 'no pid');
  // a traceback line of such a log (no context block, ERROR) is still a continuation
  assert.is(parse('2012-10-31 18:12:19 ERROR nova.virt.libvirt.driver Traceback (most recent call last):'), null);
});

test('not oslo: libvirt, qemu, ovn, hostagent lines, garbage', () => {
  for (const l of [
    '2013-10-23 17:32:19.957+0000: 14069: error : virNetTLSContextCheckCertDN:418 : Certificate [session] owner does not match the hostname AA.BB.CC.DD',
    '2024-02-20T22:25:46.815Z|00050|binding|INFO|Claiming lport x for this chassis.',
    '2022-02-14 22:49:07,697 - pf9_app.py INFO - Setting service state',
    '2025-13-02 18:00:09.871 41822 INFO nova.compute.manager [-] bad month',
    '    raise exception.MigrationPreCheckError(reason=msg)',
  ]) {
    assert.is(parse(l), null, l);
  }
});

test.run();
