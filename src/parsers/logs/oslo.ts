/**
 * oslo.log lines: nova, cinder, neutron, placement services and PF9's ostackhost.log.
 *
 * `2025-04-30 22:43:46.485 856115 ERROR nova.virt.libvirt.driver [None req-bf93… 5773… 7913… - - default default] [instance: 3105…] Live Migration failure: …`
 *
 * Format (oslo.log `_options.py`, reference §0.1):
 *   context: `%(asctime)s.%(msecs)03d %(process)d %(levelname)s %(name)s [%(global_request_id)s %(request_id)s %(user_identity)s] %(instance)s%(message)s`
 *            (≤ Yoga: `[%(request_id)s %(user_identity)s]`)
 *   default: `… %(name)s [-] %(instance)s%(message)s`
 *   exception prefix (every traceback line): `%(asctime)s.%(msecs)03d %(process)d ERROR %(name)s %(instance)s`
 *
 * Context blocks recognised: `[-]`; `[None req-L …]` (≥ Zed, no global id); `[req-G req-L …]` (global id
 * set); `[req-L …]` (≤ Yoga); periodic `[None req-L - - - - - -]` / `[req-L - - - - -]`; PF9 KB
 * anonymised `[None [REQ-ID] [USER_ID] [TENANT_ID] - - default default]` (nested brackets; the ids are
 * placeholders, so both request ids are null).
 *
 * Continuations. The contract says a line that does not start a record returns null and is attached
 * to the previous record by the caller. Traceback lines carry the exception prefix, which has no
 * context block and a literal `ERROR` (oslo.log formats every line of `traceback.print_exception`
 * with `logging_exception_prefix`, whatever the record's level; older sample configurations show
 * the default as `%(asctime)s.%(msecs)03d %(process)d TRACE %(name)s %(instance)s`, so TRACE too).
 * So a line with time, pid and logger but **no context block and level ERROR (or TRACE)** is an
 * exception-prefix line: parseLine returns null for
 * it, and `readLog` attaches it to the record that logged the exception (oslo writes a record and its
 * traceback in one write, so they are adjacent). Lines of a multi-line message after the first are
 * written raw (no prefix) and are continuations too. Chosen over an `isOsloContinuation(rec, prev)`
 * helper because it needs no state and matches the contract. Limitation: a deployment whose
 * format string drops the context block would see its ERROR records folded into the previous record;
 * non-ERROR lines without a context block are still returned as records.
 *
 * Time. oslo writes the host's local wall-clock time without a zone (Python `time.localtime`). It is
 * read as UTC unless `utcOffsetMinutes` is given (createOsloParser). Containers usually run in UTC;
 * a journald/syslog prefix in front is the host's local time and is ignored when the oslo line has
 * its own time.
 *
 * Untimed form: `INFO cinder.volume.api [None [REQ-ID] …] Create volume request issued successfully.`
 * (PF9 KB, timestamps stripped) or an oslo line behind a syslog prefix without its own time: it is a
 * record only with a context block; time and pid then come from the prefix when it has them.
 *
 * The DEBUG suffix (`<funcName> <pathname>:<lineno>`) stays in the message (see `splitDebugSuffix`).
 */
import type { LogRecord } from '../types';
import type { LogFormat, ParserOptions } from './format';
import { isDigit, isUpper, levelString, skipDigits, wrapperPid, wrapperTime } from './format';
import { DT, scanDateTime } from './timestamps';
import { W, unwrap } from './wrappers';

/** Scratch result of `scan`. */
const O = {
  time: 0,
  untimed: false,
  pidS: -1,
  pidE: -1,
  lvlS: 0,
  lvlE: 0,
  logS: 0,
  logE: 0,
  ctx: false,
  reqS: -1,
  reqE: -1,
  greqS: -1,
  greqE: -1,
  instS: -1,
  instE: -1,
  msgS: 0,
  msgE: 0,
  /** set when scan refused the line as an exception-prefix (traceback) line */
  excPrefix: false,
};

/** First characters of a context block: `-]`, `None `, `req-`, or PF9's `[`. */
function isContextStart(s: string, q: number): boolean {
  const c = s.charCodeAt(q);
  if (c === 45) return s.charCodeAt(q + 1) === 93; // [-]
  if (c === 114) return s.startsWith('req-', q);
  if (c === 78) return s.startsWith('None ', q) || s.startsWith('None]', q);
  return c === 91; // nested `[REQ-ID]`
}

/**
 * Index of the `]` closing the context block opened at p, or -1 (within 2 KiB). Real context tokens
 * hold no brackets, so `indexOf` finds it; only PF9's anonymised form (`[None [REQ-ID] …]`) nests.
 */
function findClose(s: string, p: number, end: number): number {
  const lim = Math.min(end, p + 2048);
  const close = s.indexOf(']', p + 1);
  if (close < 0 || close >= lim) return -1;
  const open = s.indexOf('[', p + 1);
  if (open < 0 || open > close) return close;
  // nested: count brackets
  let depth = 0;
  for (let i = p; i < lim; i++) {
    const c = s.charCodeAt(i);
    if (c === 91) depth++;
    else if (c === 93 && --depth === 0) return i;
  }
  return -1;
}

function tokenEnd(s: string, p: number, b: number): number {
  const i = s.indexOf(' ', p);
  return i < 0 || i > b ? b : i;
}

/** Request ids from the context block between a (after `[`) and b (the `]`). */
function scanIds(s: string, a: number, b: number): void {
  const t1 = tokenEnd(s, a, b);
  if (t1 - a === 4 && s.startsWith('None', a)) {
    const t2s = t1 + 1;
    if (t2s < b && s.startsWith('req-', t2s)) {
      O.reqS = t2s;
      O.reqE = tokenEnd(s, t2s, b);
    }
  } else if (s.startsWith('req-', a)) {
    const t2s = t1 + 1;
    if (t2s < b && s.startsWith('req-', t2s)) {
      O.greqS = a;
      O.greqE = t1;
      O.reqS = t2s;
      O.reqE = tokenEnd(s, t2s, b);
    } else {
      O.reqS = a;
      O.reqE = t1;
    }
  }
}

function scan(s: string, offsetMs: number): boolean {
  O.excPrefix = false;
  unwrap(s);
  const end = W.end;
  let p = W.start;
  if (p >= end) return false;
  const c = s.charCodeAt(p);
  if (isDigit(c)) {
    if (!scanDateTime(s, p, end) || s.charCodeAt(DT.end) !== 32) return false;
    O.time = DT.zoned ? DT.ms : DT.ms - offsetMs;
    O.untimed = false;
    p = DT.end + 1;
    const ps = p;
    p = skipDigits(s, p, end);
    if (p === ps && isUpper(s.charCodeAt(p))) {
      // older releases and some deployments log no pid: `2012-10-31 18:12:19 ERROR nova.virt… [-] …`
      O.pidS = -1;
    } else {
      if (p === ps || p - ps > 10 || s.charCodeAt(p) !== 32) return false;
      O.pidS = ps;
      O.pidE = p;
      p++;
    }
  } else if (isUpper(c)) {
    O.untimed = true;
    O.pidS = -1;
  } else {
    return false;
  }
  // level
  const ls = p;
  while (p < end && isUpper(s.charCodeAt(p))) p++;
  if (p === ls || p - ls > 8 || s.charCodeAt(p) !== 32) return false;
  O.lvlS = ls;
  O.lvlE = p;
  p++;
  // logger
  const gs = p;
  const c1 = s.charCodeAt(gs);
  if (!(c1 >= 97 && c1 <= 122) && !isUpper(c1) && c1 !== 95) return false;
  let ge = s.indexOf(' ', gs);
  if (ge < 0 || ge > end) ge = end;
  O.logS = gs;
  O.logE = ge;
  p = ge < end ? ge + 1 : end;
  // context block
  O.ctx = false;
  O.reqS = O.greqS = -1;
  if (p < end && s.charCodeAt(p) === 91 && isContextStart(s, p + 1)) {
    const close = findClose(s, p, end);
    if (close > 0) {
      O.ctx = true;
      scanIds(s, p + 1, close);
      p = close + 1;
      if (s.charCodeAt(p) === 32) p++;
    }
  }
  // instance
  O.instS = -1;
  if (s.charCodeAt(p) === 91 && s.charCodeAt(p + 47) === 93 && s.startsWith('[instance: ', p)) {
    O.instS = p + 11;
    O.instE = p + 47;
    p += 48;
    if (s.charCodeAt(p) === 32) p++;
  }
  if (!O.ctx) {
    if (O.untimed) return false;
    // exception-prefix (traceback) line: a continuation, see the header comment
    if (O.lvlE - O.lvlS === 5 && (s.startsWith('ERROR', O.lvlS) || s.startsWith('TRACE', O.lvlS))) {
      O.excPrefix = true;
      return false;
    }
  }
  O.msgS = p < end ? p : end;
  O.msgE = end;
  return true;
}

function build(s: string, lineNo: number, opts: ParserOptions): LogRecord {
  return {
    line: lineNo,
    time: O.untimed ? wrapperTime(opts) : O.time,
    level: levelString(s, O.lvlS, O.lvlE),
    logger: s.slice(O.logS, O.logE),
    pid: O.pidS >= 0 ? s.slice(O.pidS, O.pidE) : wrapperPid(s),
    requestId: O.reqS >= 0 ? s.slice(O.reqS, O.reqE) : null,
    globalRequestId: O.greqS >= 0 ? s.slice(O.greqS, O.greqE) : null,
    instance: O.instS >= 0 ? s.slice(O.instS, O.instE) : null,
    message: s.slice(O.msgS, O.msgE),
    raw: s,
  };
}

export function createOsloParser(opts: ParserOptions = {}): LogFormat {
  const off = (opts.utcOffsetMinutes ?? 0) * 60_000;
  return {
    id: 'oslo',
    parseLine(line: string, lineNo: number): LogRecord | null {
      return scan(line, off) ? build(line, lineNo, opts) : null;
    },
    isRecordStart(line: string): boolean {
      return scan(line, off);
    },
  };
}

export const osloParser: LogFormat = createOsloParser();

/** Local request id (`req-…`) of an oslo line without parsing the rest; null when none. */
export function osloRequestId(line: string): string | null {
  return scan(line, 0) && O.reqS >= 0 ? line.slice(O.reqS, O.reqE) : null;
}

/**
 * An oslo.log exception-prefix line (a traceback line: time, pid, `ERROR`, logger, no context block).
 * parseLine returns null for these; this tells them apart from other non-record lines.
 */
export function isOsloExceptionLine(line: string): boolean {
  return !scan(line, 0) && O.excPrefix;
}

const DEBUG_SUFFIX = / ([A-Za-z_<>][\w<>]*) (\/\S+\.py):(\d+)$/;

/**
 * Splits oslo's DEBUG suffix (`… _update_usage_from_migrations /usr/lib/python3.9/site-packages/nova/compute/resource_tracker.py:1491`)
 * off a message. Returns null when the message has none.
 */
export function splitDebugSuffix(message: string): { text: string; func: string; path: string; lineNo: number } | null {
  const m = DEBUG_SUFFIX.exec(message);
  if (!m) return null;
  return { text: message.slice(0, m.index), func: m[1]!, path: m[2]!, lineNo: Number(m[3]) };
}
