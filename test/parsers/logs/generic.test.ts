import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LogRecord } from '../../../src/parsers/types';
import type { LogFormat } from '../../../src/parsers/logs/format';
import { createGenericParser, genericParser } from '../../../src/parsers/logs/generic';

function parse(line: string, p: LogFormat = genericParser): LogRecord | null {
  const rec = p.parseLine(line, 5);
  assert.is(p.isRecordStart(line), rec !== null, line);
  return rec;
}

test('ISO-ish timestamps, with and without zone, level words', () => {
  const a = '2024-01-02T03:04:05.678+01:00 [error] something bad';
  assert.equal(parse(a), {
    line: 5,
    time: Date.UTC(2024, 0, 2, 2, 4, 5, 678),
    level: 'error',
    logger: null,
    pid: null,
    requestId: null,
    globalRequestId: null,
    instance: null,
    message: 'something bad',
    raw: a,
  });
  const b = parse('2024-01-02 03:04:05 ERROR: something bad')!;
  assert.is(b.time, Date.UTC(2024, 0, 2, 3, 4, 5));
  assert.is(b.level, 'ERROR');
  assert.is(b.message, 'something bad');
  const c = parse('[2024-01-02 03:04:05,250] no level here')!;
  assert.is(c.time, Date.UTC(2024, 0, 2, 3, 4, 5, 250));
  assert.is(c.level, null);
  assert.is(c.message, 'no level here');
  const d = parse('2024/01/02 03:04:05 INFO started')!;
  assert.is(d.time, Date.UTC(2024, 0, 2, 3, 4, 5));
  assert.is(d.level, 'INFO');
  const e = parse('2024-01-02 03:04:05 Informational text', createGenericParser({ utcOffsetMinutes: 60 }))!;
  assert.is(e.level, null);
  assert.is(e.message, 'Informational text');
  assert.is(e.time, Date.UTC(2024, 0, 2, 2, 4, 5));
});

test('syslog prefix: program and pid, time needs a year', () => {
  const line = 'Jan 11 18:28:18 cmp-01 systemd[1]: Started Virtualization daemon.';
  const r = parse(line, createGenericParser({ yearHint: 2021 }))!;
  assert.equal(r, {
    line: 5,
    time: Date.UTC(2021, 0, 11, 18, 28, 18),
    level: null,
    logger: 'systemd',
    pid: '1',
    requestId: null,
    globalRequestId: null,
    instance: null,
    message: 'Started Virtualization daemon.',
    raw: line,
  });
  assert.is(parse(line)!.time, null);
  const k = parse('Jan 11 18:28:18 cmp-01 kernel: kvm: disabled by bios')!;
  assert.is(k.logger, 'kernel');
  assert.is(k.pid, null);
});

test('CRI-wrapped plain text takes the CRI time', () => {
  const r = parse('2024-06-18T19:45:48.982792796+00:00 stderr F WARNING: something')!;
  assert.is(r.time, Date.UTC(2024, 5, 18, 19, 45, 48, 982));
  assert.is(r.level, 'WARNING');
  assert.is(r.message, 'something');
});

test('lines without a time are continuations', () => {
  for (const l of ['plain text', '  indented', 'Jan 11 not a syslog line', '20240102 03:04:05 compact', '']) {
    assert.is(parse(l), null, l);
  }
});

test.run();
