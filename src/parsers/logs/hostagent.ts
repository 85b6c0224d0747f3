/**
 * Platform9 host agent, `/var/log/pf9/hostagent.log`.
 *
 * `2022-02-14 22:49:07,697 - pf9_app.py INFO - Setting service state pf9-nodeletd.1.20.11-pmk.2038. Command: sudo systemctl start pf9-nodeletd`
 * `2022-02-14 22:49:10,246 - session.py INFO - Converge succeeded`
 * [REAL] Platform9 KB "impact-validation-and-repair-pf9-nodeletd-and-pf9-comms" (quoted in reference
 * cli-formats.md). Python logging `%(asctime)s - %(filename)s %(levelname)s - %(message)s`: local
 * time without zone (read as UTC unless utcOffsetMinutes), logger = the file name, pid null.
 * Python tracebacks are written raw on the following lines: continuations.
 */
import type { LogRecord } from '../types';
import type { LogFormat, ParserOptions } from './format';
import { isDigit, isUpper, levelString } from './format';
import { DT, scanDateTime } from './timestamps';
import { W, unwrap } from './wrappers';

const H = { time: 0, logS: -1, logE: -1, lvlS: 0, lvlE: 0, msgS: 0, msgE: 0 };

function upperRun(s: string, p: number, end: number): number {
  while (p < end && isUpper(s.charCodeAt(p))) p++;
  return p;
}

function scan(s: string, offsetMs: number): boolean {
  unwrap(s);
  const end = W.end;
  const p = W.start;
  if (p >= end || !isDigit(s.charCodeAt(p))) return false;
  if (!scanDateTime(s, p, end) || !s.startsWith(' - ', DT.end)) return false;
  H.time = DT.zoned ? DT.ms : DT.ms - offsetMs;
  const a = DT.end + 3;
  // `LEVEL - message` (no file name)
  const u = upperRun(s, a, end);
  if (u > a && s.startsWith(' - ', u)) {
    H.logS = -1;
    H.lvlS = a;
    H.lvlE = u;
    H.msgS = u + 3;
    H.msgE = end;
    return true;
  }
  // `file.py LEVEL - message`
  const sp = s.indexOf(' ', a);
  if (sp <= a || sp >= end) return false;
  const l = upperRun(s, sp + 1, end);
  if (l === sp + 1 || !s.startsWith(' - ', l)) return false;
  H.logS = a;
  H.logE = sp;
  H.lvlS = sp + 1;
  H.lvlE = l;
  H.msgS = l + 3;
  H.msgE = end;
  return true;
}

function build(s: string, lineNo: number): LogRecord {
  return {
    line: lineNo,
    time: H.time,
    level: levelString(s, H.lvlS, H.lvlE),
    logger: H.logS >= 0 ? s.slice(H.logS, H.logE) : null,
    pid: null,
    requestId: null,
    globalRequestId: null,
    instance: null,
    message: s.slice(H.msgS, H.msgE),
    raw: s,
  };
}

export function createHostagentParser(opts: ParserOptions = {}): LogFormat {
  const off = (opts.utcOffsetMinutes ?? 0) * 60_000;
  return {
    id: 'hostagent',
    parseLine(line: string, lineNo: number): LogRecord | null {
      return scan(line, off) ? build(line, lineNo) : null;
    },
    isRecordStart(line: string): boolean {
      return scan(line, off);
    },
  };
}

export const hostagentParser: LogFormat = createHostagentParser();
