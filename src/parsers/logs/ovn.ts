/**
 * ovn-controller.log (and any OVS/OVN daemon using vlog's file format).
 *
 * `2024-02-20T22:25:46.815Z|00050|binding|INFO|Claiming lport lxd-net2-instance-…-eth0 for this chassis.`
 * [REAL] canonical/lxd#12933; without milliseconds: `2022-12-20T21:42:02Z|00001|vif_plug_representor|WARN|…`
 * [REAL] ovn-org/ovn#169; a thread suffix on the module: `2024-02-20T22:25:55.642Z|00011|pinctrl(ovn_pinctrl0)|INFO|DHCPOFFER …`.
 * Format `<UTC time>|<sequence>|<module>[(<thread>)]|<level>|<message>`; levels EMER, ERR, WARN, INFO, DBG
 * kept as written. logger = module without the thread suffix; pid null (the sequence number is not
 * a pid). Behind journald/syslog vlog writes `ovs|00042|binding|INFO|…` (no time): the prefix's time
 * and pid are used. Lines that do not have this shape are continuations.
 */
import type { LogRecord } from '../types';
import type { LogFormat, ParserOptions } from './format';
import { isDigit, isUpper, levelString, skipDigits, wrapperPid, wrapperTime } from './format';
import { DT, scanDateTime } from './timestamps';
import { W, unwrap } from './wrappers';

const V = { timed: false, time: 0, logS: 0, logE: 0, lvlS: 0, lvlE: 0, msgS: 0, msgE: 0 };

function scan(s: string, offsetMs: number): boolean {
  unwrap(s);
  const end = W.end;
  let p = W.start;
  if (p >= end) return false;
  if (isDigit(s.charCodeAt(p))) {
    if (!scanDateTime(s, p, end) || s.charCodeAt(DT.end) !== 124) return false;
    V.timed = true;
    V.time = DT.zoned ? DT.ms : DT.ms - offsetMs;
    p = DT.end + 1;
  } else if (s.startsWith('ovs|', p)) {
    V.timed = false;
    p += 4;
  } else {
    return false;
  }
  const q = skipDigits(s, p, end);
  if (q === p || s.charCodeAt(q) !== 124) return false;
  p = q + 1;
  const bar = s.indexOf('|', p);
  if (bar <= p || bar >= end || bar - p > 64) return false;
  const paren = s.indexOf('(', p);
  V.logS = p;
  V.logE = paren > p && paren < bar ? paren : bar;
  p = bar + 1;
  const ls = p;
  while (p < end && isUpper(s.charCodeAt(p))) p++;
  if (p === ls || s.charCodeAt(p) !== 124) return false;
  V.lvlS = ls;
  V.lvlE = p;
  V.msgS = p + 1;
  V.msgE = end;
  return true;
}

function build(s: string, lineNo: number, opts: ParserOptions): LogRecord {
  return {
    line: lineNo,
    time: V.timed ? V.time : wrapperTime(opts),
    level: levelString(s, V.lvlS, V.lvlE),
    logger: s.slice(V.logS, V.logE),
    pid: wrapperPid(s),
    requestId: null,
    globalRequestId: null,
    instance: null,
    message: s.slice(V.msgS, V.msgE),
    raw: s,
  };
}

export function createOvnParser(opts: ParserOptions = {}): LogFormat {
  const off = (opts.utcOffsetMinutes ?? 0) * 60_000;
  return {
    id: 'ovn',
    parseLine(line: string, lineNo: number): LogRecord | null {
      return scan(line, off) ? build(line, lineNo, opts) : null;
    },
    isRecordStart(line: string): boolean {
      return scan(line, off);
    },
  };
}

export const ovnParser: LogFormat = createOvnParser();
