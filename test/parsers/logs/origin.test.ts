/**
 * The one line reader on the shapes people paste: grep path and line prefixes, syslog / journald
 * prefixes, kubectl --prefix, quoting and indentation from a web page, colour codes, old oslo lines.
 * Each published line keeps its source beside it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { anyFormatParser, quickTime } from '../../../src/parsers/logs';
import { componentOfLogger, componentOfProgram, hostOfPath, lineOrigin } from '../../../src/parsers/logs/origin';
import { sniffLogText } from '../../../src/parsers/logs/sniff';

// https://github.com/openstack-k8s-operators/nova-operator/pull/777 (grep over two sosreports)
const GREP_SOS =
  'sosreport-compute-1-2024-07-11-rujznhs/var/log/messages:Jul 11 18:10:59 np0004787595 nova_compute[129891]: 2024-07-11 22:10:59.946 2 ERROR nova.virt.libvirt.driver [None req-590602d0-1d3d-4ac9-b000-cdd98a2400b4 3de117d20e5b45c1ba86c8136c841ef3 eab438b17a2a4575a3abff1f78afc4ff - - default default] [instance: 7b7edae6-f878-4756-a858-86f836d02c33] Live Migration failure: operation failed: domain is not running: libvirt.libvirtError: operation failed: domain is not running#033[00m';

test('grep -r over a sosreport: path, syslog prefix, oslo line, rsyslog colour reset', () => {
  const rec = anyFormatParser.parseLine(GREP_SOS, 1)!;
  assert.ok(rec, 'read as a record');
  assert.is(rec.logger, 'nova.virt.libvirt.driver');
  assert.is(rec.requestId, 'req-590602d0-1d3d-4ac9-b000-cdd98a2400b4');
  assert.is(rec.instance, '7b7edae6-f878-4756-a858-86f836d02c33');
  assert.is(rec.time, Date.UTC(2024, 6, 11, 22, 10, 59, 946));
  assert.ok(rec.message.endsWith('domain is not running'), 'colour reset cut');
  const o = lineOrigin(GREP_SOS);
  assert.is(o.host, 'np0004787595', 'the syslog host names the node');
  assert.is(o.hostFrom, 'syslog prefix');
  assert.is(o.component, 'nova-compute');
});

test('grep -n and grep -rn prefixes', () => {
  const line = '2025-04-30 22:43:46.485 856115 ERROR nova.virt.libvirt.driver [None req-bf9315b3-9f20-4f57-a5fa-a6128b7495c1 577363d2d3b24002a81bcb2eddd79595 79132bb79d6d4b5dab88a933d18d2a36 - - default default] [instance: 31054fa3-17f7-4b8c-870d-464d6c667665] Migration operation has aborted';
  for (const prefixed of [`1234:${line}`, `nova-compute.log:${line}`, `/var/log/nova/nova-compute.log:88:${line}`, `hosts/cmp-02/var/log/nova/nova-compute.log:${line}`]) {
    const rec = anyFormatParser.parseLine(prefixed, 1);
    assert.ok(rec, prefixed.slice(0, 40));
    assert.is(rec!.instance, '31054fa3-17f7-4b8c-870d-464d6c667665');
    assert.is(quickTime(prefixed), Date.UTC(2025, 3, 30, 22, 43, 46, 485));
  }
  assert.is(lineOrigin(`hosts/cmp-02/var/log/nova/nova-compute.log:${line}`).host, 'cmp-02');
  assert.is(lineOrigin(`sosreport-pcd-cmp-05-2025-05-01-abcdefg/var/log/pf9/ostackhost.log:${line}`).host, 'pcd-cmp-05');
});

test('syslog and journald prefixes give host and program', () => {
  // https://github.com/vexxhost/atmosphere/issues shape, journalctl -o short-iso
  const iso = '2021-01-11T18:28:18+0800 cmp-7 libvirtd[25283]: 2021-01-11 10:28:18.170+0000: 25283: error : virNetSocketNewConnectTCP:1137 : unable to connect to server at \'cmp-9:16514\': Connection refused';
  const o = lineOrigin(iso);
  assert.is(o.host, 'cmp-7');
  assert.is(o.component, 'libvirtd');
  const plain = 'Jul 31 15:17:34 node-3 nova_compute[354378]: 2023-07-31 15:17:34.100 7 INFO nova.compute.manager [-] hello';
  assert.is(lineOrigin(plain).host, 'node-3');
  assert.is(lineOrigin(plain).component, 'nova-compute');
  assert.is(componentOfProgram('nova-conductor'), 'nova-conductor');
  assert.is(componentOfProgram('virtqemud'), 'libvirtd');
  assert.is(componentOfProgram('pf9-ostackhost'), 'nova-compute');
  assert.is(componentOfProgram('sshd'), null);
});

test('syslog month names of other locales', () => {
  const payload = 'cmp-3 nova-compute[311]: 2024-03-05 10:11:12.000 311 ERROR nova.virt.libvirt.driver [-] x';
  for (const m of ['Mär  5 10:11:12', 'mars  5 10:11:12', 'Okt 12 10:11:12', 'déc. 24 10:11:12', 'ene  5 10:11:12', 'janv. 11 10:11:12']) {
    const o = lineOrigin(`${m} ${payload}`);
    assert.is(o.host, 'cmp-3', m);
    assert.is(o.component, 'nova-compute', m);
  }
  // a word that is no month stays a plain line
  assert.is(lineOrigin('Hello 5 10:11:12 x y: z').host, null);
});

test('kubectl logs --prefix names the container', () => {
  const l = '[pod/nova-conductor-5f6d8c7b9-x2x4q/nova-conductor] 2024-06-18 19:45:48.982 15 ERROR nova.conductor.manager [None req-0d5a8e2c-3b1f-4a4e-9e6f-2b7f3c1d4e5a - - - - - -] [instance: 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60] Failed to compute_task_migrate_server: No valid host was found.';
  const rec = anyFormatParser.parseLine(l, 1)!;
  assert.is(rec.logger, 'nova.conductor.manager');
  assert.is(lineOrigin(l).component, 'nova-conductor');
});

test('quoting and indentation left by a web page or a mail', () => {
  const l = '2023-12-16 11:07:45.380 2 ERROR nova.virt.libvirt.driver [None req-4e14c92b-915c-4df2-ac6f-467686624677 c975637b06c046b3b17ec0b2db35f3e8 2faa4b99766143de9c8527f163dc0a72 - - default default] [instance: 88084fdd-51dc-4967-8493-c1169e4533ec] Live Migration failure: End of file while reading data: : Input/output error';
  for (const q of [`> ${l}`, `>> ${l}`, `    ${l}`, `\t${l}`, `\x1b[01;31m${l}`]) {
    const rec = anyFormatParser.parseLine(q, 1);
    assert.ok(rec, JSON.stringify(q.slice(0, 8)));
    assert.is(rec!.requestId, 'req-4e14c92b-915c-4df2-ac6f-467686624677');
  }
  // an indented traceback line is not made a record
  assert.is(anyFormatParser.parseLine('    raise exception.MigrationPreCheckError(reason=msg)', 2), null);
  assert.is(anyFormatParser.parseLine('> Traceback (most recent call last):', 2), null);
});

test("an oslo traceback line continues its record and keeps its logger's service", () => {
  const tb = '2026-11-12 16:40:22.784 4410 ERROR nova.compute.manager   File "/usr/lib/python3.9/site-packages/nova/compute/manager.py", line 8770, in check_can_live_migrate_destination';
  assert.is(anyFormatParser.parseLine(tb, 1), null, 'not a record of its own (QEMU or generic)');
  assert.is(lineOrigin(tb).component, 'nova-compute');
  assert.is(lineOrigin('2026-11-12 16:40:22.784 4410 ERROR oslo_messaging.rpc.server Traceback (most recent call last):').component, null);
});

test('oslo loggers map to components', () => {
  assert.is(componentOfLogger('nova.virt.libvirt.driver'), 'nova-compute');
  assert.is(componentOfLogger('os_brick.initiator.connectors.iscsi'), 'nova-compute');
  assert.is(componentOfLogger('nova.conductor.tasks.live_migrate'), 'nova-conductor');
  assert.is(componentOfLogger('nova.scheduler.filter_scheduler'), 'nova-scheduler');
  assert.is(componentOfLogger('placement.requestlog'), 'placement-api');
  assert.is(componentOfLogger('something.else'), null);
});

test('host from a path', () => {
  assert.is(hostOfPath('sosreport-compute-1-2024-07-11-rujznhs/var/log/messages'), 'compute-1');
  assert.is(hostOfPath('hosts/cmp-02/var/log/pf9/ostackhost.log'), 'cmp-02');
  assert.is(hostOfPath('var/log/messages'), null);
});

test('sniffing loose text: logs with and without times, and prose', () => {
  const grep = sniffLogText(`${GREP_SOS}\n`, 'paste.txt')!;
  assert.ok(grep);
  assert.is(grep.component, 'nova-compute');
  assert.equal(grep.hosts, ['np0004787595']);
  // a pasted exception with no time at all is still log text
  const untimed = sniffLogText('nova.exception.MigrationPreCheckError: Migration pre-check error: Unable to migrate 5a0e7a76-2a26-4e0b-9a8c-6c1c7d1b2f3e to cmp-2: Lack of memory\n', 'error.txt');
  assert.ok(untimed);
  assert.is(untimed!.records, 0);
  assert.is(sniffLogText('Dear support, the VM does not move. Regards\n', 'mail.txt'), null);
});

test.run();
