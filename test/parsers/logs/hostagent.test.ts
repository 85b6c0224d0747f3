import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LogRecord } from '../../../src/parsers/types';
import type { LogFormat } from '../../../src/parsers/logs/format';
import { createHostagentParser, hostagentParser } from '../../../src/parsers/logs/hostagent';

function parse(line: string, p: LogFormat = hostagentParser): LogRecord | null {
  const rec = p.parseLine(line, 2);
  assert.is(p.isRecordStart(line), rec !== null, line);
  return rec;
}

test('hostagent.log lines (Platform9 KB, reference cli-formats.md)', () => {
  const a = '2022-02-14 22:49:07,697 - pf9_app.py INFO - Setting service state pf9-nodeletd.1.20.11-pmk.2038. Command: sudo systemctl start pf9-nodeletd';
  assert.equal(parse(a), {
    line: 2,
    time: Date.UTC(2022, 1, 14, 22, 49, 7, 697),
    level: 'INFO',
    logger: 'pf9_app.py',
    pid: null,
    requestId: null,
    globalRequestId: null,
    instance: null,
    message: 'Setting service state pf9-nodeletd.1.20.11-pmk.2038. Command: sudo systemctl start pf9-nodeletd',
    raw: a,
  });
  const b = parse('2022-02-14 22:49:10,246 - session.py INFO - Converge succeeded')!;
  assert.is(b.logger, 'session.py');
  assert.is(b.message, 'Converge succeeded');
  assert.is(b.time, Date.UTC(2022, 1, 14, 22, 49, 10, 246));
});

test('levels, no file name, time offset', () => {
  // [ASSEMBLED]
  const e = parse('2022-02-14 22:49:11,001 - slave.py ERROR - Failed to start pf9-ostackhost')!;
  assert.is(e.level, 'ERROR');
  const n = parse('2022-02-14 22:49:11,001 - WARNING - no file name')!;
  assert.is(n.logger, null);
  assert.is(n.level, 'WARNING');
  assert.is(n.message, 'no file name');
  const o = parse('2022-02-14 22:49:11,001 - slave.py ERROR - x', createHostagentParser({ utcOffsetMinutes: -300 }))!;
  assert.is(o.time, Date.UTC(2022, 1, 15, 3, 49, 11, 1));
});

test('Python traceback lines are continuations', () => {
  for (const l of [
    'Traceback (most recent call last):',
    '  File "/opt/pf9/hostagent/lib/python3.9/site-packages/hostagent/session.py", line 120, in converge',
    'subprocess.CalledProcessError: Command \'systemctl start pf9-ostackhost\' returned non-zero exit status 1.',
    '2022-02-14 22:49:07,697 pf9_app.py INFO no dashes',
  ]) {
    assert.is(parse(l), null, l);
  }
});

test.run();
