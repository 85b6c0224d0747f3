import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LogRecord } from '../../../src/parsers/types';
import { qemuParser } from '../../../src/parsers/logs/qemu';

function parse(line: string): LogRecord | null {
  const rec = qemuParser.parseLine(line, 4);
  assert.is(qemuParser.isRecordStart(line), rec !== null, line);
  return rec;
}

const base = { line: 4, pid: null, requestId: null, globalRequestId: null, instance: null };

test('libvirt-written lines (hotsos instance-00000002.log)', () => {
  const a = '2022-02-10 16:18:31.313+0000: initiating migration';
  assert.equal(parse(a), { ...base, time: Date.UTC(2022, 1, 10, 16, 18, 31, 313), level: null, logger: 'libvirt', message: 'initiating migration', raw: a });
  const b = parse('2022-02-10 16:18:33.029+0000: shutting down, reason=migrated')!;
  assert.is(b.message, 'shutting down, reason=migrated');
  assert.is(b.logger, 'libvirt');
  const c = parse('2022-02-10 16:14:03.381+0000: starting up libvirt version: 6.0.0, package: 0ubuntu8.15 (Christian Ehrhardt <christian.ehrhardt@canonical.com> Thu, 18 Nov 2021 10:23:11 +0100), qemu version: 4.2.1Debian 1:4.2-3ubuntu6.19, kernel: 5.4.0-97-generic, hostname: compute4.mylab.home')!;
  assert.ok(c.message.startsWith('starting up libvirt version: 6.0.0'));
  assert.is(c.time, Date.UTC(2022, 1, 10, 16, 14, 3, 381));
});

test('QEMU-written lines', () => {
  const a = '2022-02-10T16:18:33.031019Z qemu-system-x86_64: terminating on signal 15 from pid 1074 (/usr/sbin/libvirtd)';
  assert.equal(parse(a), {
    ...base,
    time: Date.UTC(2022, 1, 10, 16, 18, 33, 31),
    level: null,
    logger: 'qemu-system-x86_64',
    message: 'terminating on signal 15 from pid 1074 (/usr/sbin/libvirtd)',
    raw: a,
  });
  const w = parse("2022-02-10T16:14:03.678891Z qemu-system-x86_64: warning: host doesn't support requested feature: MSR(48FH).vmx-exit-load-perf-global-ctrl [bit 12]")!;
  assert.is(w.level, 'warning');
  assert.is(w.message, "warning: host doesn't support requested feature: MSR(48FH).vmx-exit-load-perf-global-ctrl [bit 12]");
  // insights-core qemu log docstring: space separator, microseconds, Z
  const v = parse('2019-06-04 05:33:22.280743Z qemu-kvm: -vnc 10.xxx.xxx.xxx:0: Failed to start VNC server: Failed to bind socket: Cannot assign requested address')!;
  assert.is(v.logger, 'qemu-kvm');
  assert.is(v.time, Date.UTC(2019, 5, 4, 5, 33, 22, 280));
  assert.is(v.message, '-vnc 10.xxx.xxx.xxx:0: Failed to start VNC server: Failed to bind socket: Cannot assign requested address');
});

test('untimed QEMU lines are records with time null (LP 1535232, hotsos)', () => {
  assert.equal(parse('load of migration failed'), { ...base, time: null, level: null, logger: null, message: 'load of migration failed', raw: 'load of migration failed' });
  assert.is(parse('char device redirected to /dev/pts/2 (label charserial0)')!.time, null);
  assert.is(parse('2016-01-26 10:30:51.895+0000: shutting down')!.message, 'shutting down');
});

test('the command line after `starting up` is a continuation', () => {
  for (const l of [
    'LC_ALL=C \\',
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\',
    '/usr/bin/qemu-system-x86_64 \\',
    '-name guest=instance-00000002,debug-threads=on \\',
    '-msg timestamp=on',
    'LC_ALL=C PATH=/usr/local/sbin:/usr/bin QEMU_AUDIO_DRV=none /usr/libexec/qemu-kvm -name instance-00000002',
    '  indented',
    '',
  ]) {
    assert.is(parse(l), null, l);
  }
});

test.run();
