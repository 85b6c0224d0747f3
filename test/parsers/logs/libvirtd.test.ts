import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LogRecord } from '../../../src/parsers/types';
import type { LogFormat } from '../../../src/parsers/logs/format';
import { createLibvirtdParser, libvirtdParser } from '../../../src/parsers/logs/libvirtd';

function parse(line: string, p: LogFormat = libvirtdParser): LogRecord | null {
  const rec = p.parseLine(line, 3);
  assert.is(p.isRecordStart(line), rec !== null, line);
  return rec;
}

test('libvirtd.log lines (insights-core libvirtd_log.py sample)', () => {
  const a = '2013-10-23 17:32:19.957+0000: 14069: error : virNetTLSContextCheckCertDN:418 : Certificate [session] owner does not match the hostname AA.BB.CC.DD';
  assert.equal(parse(a), {
    line: 3,
    time: Date.UTC(2013, 9, 23, 17, 32, 19, 957),
    level: 'error',
    logger: 'virNetTLSContextCheckCertDN',
    pid: '14069',
    requestId: null,
    globalRequestId: null,
    instance: null,
    message: 'Certificate [session] owner does not match the hostname AA.BB.CC.DD',
    raw: a,
  });
  const b = parse('2013-10-23 17:32:19.957+0000: 14069: warning : virNetTLSContextCheckCertificate:1102 : Certificate check failed Certificate [session] owner does not match the hostname AA.BB.CC.DD')!;
  assert.is(b.level, 'warning');
  assert.is(b.logger, 'virNetTLSContextCheckCertificate');
  assert.is(b.message, 'Certificate check failed Certificate [session] owner does not match the hostname AA.BB.CC.DD');
  const c = parse("2013-10-23 17:32:19.957+0000: 14069: error : virNetTLSContextCheckCertificate:1105 : authentication failed: Failed to verify peer's certificate")!;
  assert.is(c.message, "authentication failed: Failed to verify peer's certificate");
});

test('debug and old lines (LP 1535232, rcbops/chef-cookbooks#258)', () => {
  const d = parse('2016-01-26 10:30:51.197+0000: 8591: debug : qemuMonitorJSONCommandWithFd:264 : Send command \'{"execute":"query-migrate","id":"libvirt-144"}\' for write with FD -1')!;
  assert.is(d.level, 'debug');
  assert.is(d.logger, 'qemuMonitorJSONCommandWithFd');
  assert.is(d.pid, '8591');
  assert.is(d.message, 'Send command \'{"execute":"query-migrate","id":"libvirt-144"}\' for write with FD -1');
  assert.is(d.time, Date.UTC(2016, 0, 26, 10, 30, 51, 197));
  const e = parse('2012-10-31 22:19:10.580+0000: 24927: error : virNetSocketNewConnectTCP:411 : Unable to resolve add[ress …]')!;
  assert.is(e.logger, 'virNetSocketNewConnectTCP');
  assert.is(e.message, 'Unable to resolve add[ress …]');
});

test('a line without function:line gets logger null', () => {
  // [ASSEMBLED] libvirt's start-up banner
  const r = parse('2021-01-11 10:20:00.001+0000: 25283: info : libvirt version: 6.0.0, package: 0ubuntu8.15')!;
  assert.is(r.level, 'info');
  assert.is(r.logger, null);
  assert.is(r.message, 'libvirt version: 6.0.0, package: 0ubuntu8.15');
});

test('journald-wrapped timestamped line (TripleO notes)', () => {
  const line = 'Jan 11 18:28:18 base-pvg.redhat.ren libvirtd[25283]: 2021-01-11 10:28:18.110+0000: 25288: error : virCPUx86Compare:1785 : the CPU is incompatible with host CPU: Host CPU does not provide required features: xsave, avx';
  assert.equal(parse(line), {
    line: 3,
    time: Date.UTC(2021, 0, 11, 10, 28, 18, 110),
    level: 'error',
    logger: 'virCPUx86Compare',
    pid: '25288',
    requestId: null,
    globalRequestId: null,
    instance: null,
    message: 'the CPU is incompatible with host CPU: Host CPU does not provide required features: xsave, avx',
    raw: line,
  });
});

test('journald form without libvirt timestamp: time from the prefix needs a year', () => {
  // [ASSEMBLED] reference §0.4 (`libvirtd[1234]: <message>`)
  const line = 'Jan 11 18:28:18 cmp-01 virtqemud[1234]: operation failed: guest CPU doesn\'t match specification: missing features: xsave';
  const withYear = parse(line, createLibvirtdParser({ yearHint: 2021 }))!;
  assert.equal(withYear, {
    line: 3,
    time: Date.UTC(2021, 0, 11, 18, 28, 18, 0),
    level: null,
    logger: 'virtqemud',
    pid: '1234',
    requestId: null,
    globalRequestId: null,
    instance: null,
    message: "operation failed: guest CPU doesn't match specification: missing features: xsave",
    raw: line,
  });
  assert.is(parse(line)!.time, null);
  // referenceTime: a December line in a January bundle belongs to the year before
  const ref = Date.UTC(2022, 0, 5);
  const dec = parse('Dec 30 23:59:59 cmp-01 libvirtd[1234]: x', createLibvirtdParser({ referenceTime: ref }))!;
  assert.is(dec.time, Date.UTC(2021, 11, 30, 23, 59, 59));
  const jan = parse('Jan  4 08:00:00 cmp-01 libvirtd[1234]: y', createLibvirtdParser({ referenceTime: ref }))!;
  assert.is(jan.time, Date.UTC(2022, 0, 4, 8, 0, 0));
  // local syslog time shifted by utcOffsetMinutes
  const off = parse(line, createLibvirtdParser({ yearHint: 2021, utcOffsetMinutes: 480 }))!;
  assert.is(off.time, Date.UTC(2021, 0, 11, 10, 28, 18, 0));
});

test('bare `virtqemud[pid]: ` lines and continuations', () => {
  const r = parse('libvirtd[1234]: internal error: qemu unexpectedly closed the monitor')!;
  assert.is(r.time, null);
  assert.is(r.logger, 'libvirtd');
  assert.is(r.pid, '1234');
  assert.is(r.message, 'internal error: qemu unexpectedly closed the monitor');
  assert.is(parse('  <cpu mode="host-model" check="partial"/>'), null);
  assert.is(parse('something else [12]: not a daemon'), null);
  assert.is(parse(''), null);
});

test.run();
