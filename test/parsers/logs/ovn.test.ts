import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LogRecord } from '../../../src/parsers/types';
import type { LogFormat } from '../../../src/parsers/logs/format';
import { createOvnParser, ovnParser } from '../../../src/parsers/logs/ovn';

function parse(line: string, p: LogFormat = ovnParser): LogRecord | null {
  const rec = p.parseLine(line, 9);
  assert.is(p.isRecordStart(line), rec !== null, line);
  return rec;
}

test('ovn-controller.log lines (canonical/lxd#12933)', () => {
  const a = '2024-02-20T22:25:46.815Z|00050|binding|INFO|Claiming lport lxd-net2-instance-ecb0bfc6-457d-47c2-8ff1-e2d8d3340d5e-eth0 for this chassis.';
  assert.equal(parse(a), {
    line: 9,
    time: Date.UTC(2024, 1, 20, 22, 25, 46, 815),
    level: 'INFO',
    logger: 'binding',
    pid: null,
    requestId: null,
    globalRequestId: null,
    instance: null,
    message: 'Claiming lport lxd-net2-instance-ecb0bfc6-457d-47c2-8ff1-e2d8d3340d5e-eth0 for this chassis.',
    raw: a,
  });
  const b = parse('2024-02-20T22:25:46.817Z|00053|binding|INFO|Setting lport lxd-net2-instance-ecb0bfc6-457d-47c2-8ff1-e2d8d3340d5e-eth0 up in Southbound')!;
  assert.is(b.message, 'Setting lport lxd-net2-instance-ecb0bfc6-457d-47c2-8ff1-e2d8d3340d5e-eth0 up in Southbound');
  const t = parse('2024-02-20T22:25:55.642Z|00011|pinctrl(ovn_pinctrl0)|INFO|DHCPOFFER 00:16:3e:89:56:83 192.0.2.2')!;
  assert.is(t.logger, 'pinctrl');
  assert.is(t.message, 'DHCPOFFER 00:16:3e:89:56:83 192.0.2.2');
});

test('no milliseconds, WARN level (ovn-org/ovn#169); releasing (ovn-kubernetes#2439)', () => {
  const w = parse("2022-12-20T21:42:02Z|00007|vif_plug_representor|WARN|Unsupported flavour for port 'enp7s0f0v1': VIRTUAL")!;
  assert.is(w.time, Date.UTC(2022, 11, 20, 21, 42, 2, 0));
  assert.is(w.level, 'WARN');
  assert.is(w.logger, 'vif_plug_representor');
  assert.is(w.message, "Unsupported flavour for port 'enp7s0f0v1': VIRTUAL");
  const r = parse('2021-08-23T19:15:45.634Z|00031|binding|INFO|Releasing lport k8s-node1 from this chassis.')!;
  assert.is(r.message, 'Releasing lport k8s-node1 from this chassis.');
  const c = parse('2021-08-23T19:15:45.634Z|00030|if_status|WARN|Trying to release unknown interface k8s-node1')!;
  assert.is(c.logger, 'if_status');
});

test('kubectl --timestamps wrapper (ovn-kubernetes issue) and a syslog `ovs|` line', () => {
  const k = parse('2022-06-07T20:13:55.104219372Z 2022-06-07T20:13:55Z|00186|binding|INFO|Claiming lport spk_f5-SPK2-c8d8885bb-qqqqq for this chassis.')!;
  assert.is(k.time, Date.UTC(2022, 5, 7, 20, 13, 55, 0));
  assert.is(k.message, 'Claiming lport spk_f5-SPK2-c8d8885bb-qqqqq for this chassis.');
  // [ASSEMBLED] vlog's syslog format `ovs|%05N|%c%T|%p|%m`
  const s = parse('Jun  2 14:02:41 cmp-01 ovn-controller[3141]: ovs|00042|binding|ERR|Failed to bind', createOvnParser({ yearHint: 2025 }))!;
  assert.is(s.time, Date.UTC(2025, 5, 2, 14, 2, 41));
  assert.is(s.pid, '3141');
  assert.is(s.level, 'ERR');
  assert.is(s.logger, 'binding');
  assert.is(s.message, 'Failed to bind');
});

test('continuations', () => {
  for (const l of ['  table=0, priority=100', 'ovn-controller is not running.', '2022-12-20T21:42:02Z something', '2022-12-20T21:42:02Z|x|binding|INFO|y', '']) {
    assert.is(parse(l), null, l);
  }
});

test.run();
