/**
 * Fallback for logs of no known format: a line is a record when it starts (after a collector prefix)
 * with an ISO-like timestamp — `YYYY-MM-DD[ T]HH:MM:SS[.,fff][zone]`, also `YYYY/MM/DD …` and a
 * bracketed `[YYYY-MM-DD …]` — or when a syslog/journald/CRI prefix gives it a time. A level word right
 * after the time (`INFO`, `[error]`, `WARN:` …) becomes the level; with a syslog prefix the program
 * becomes the logger and its pid the pid. Zone-less times are read as UTC (utcOffsetMinutes shifts
 * them); syslog times need yearHint/referenceTime, else they are null. Other lines are continuations.
 */
import type { LogRecord } from '../types';
import type { LogFormat, ParserOptions } from './format';
import { isDigit, wrapperPid, wrapperTime } from './format';
import { DT, scanDateTime } from './timestamps';
import { W, WrapKind, unwrap } from './wrappers';

const G = { time: 0 as number | null, lvlS: -1, lvlE: -1, msgS: 0, msgE: 0, fromWrapper: false };

const LEVELS: ReadonlySet<string> = new Set([
  'DEBUG', 'DBG', 'TRACE', 'INFO', 'NOTICE', 'WARN', 'WARNING', 'ERROR', 'ERR', 'CRITICAL', 'CRIT', 'FATAL', 'EMER', 'ALERT',
]);

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Index after separators (space, `-`, `:`, `|`, `]`) between fields, at most 4 characters. */
function skipSeparators(s: string, p: number, end: number): number {
  const lim = Math.min(end, p + 4);
  while (p < lim) {
    const c = s.charCodeAt(p);
    if (c !== 32 && c !== 45 && c !== 58 && c !== 124 && c !== 93 && c !== 9) break;
    p++;
  }
  return p;
}

/** After the time: optional level word (bare or in brackets), then the message. */
function scanRest(s: string, p: number, end: number): void {
  p = skipSeparators(s, p, end);
  G.lvlS = -1;
  const bracket = s.charCodeAt(p) === 91;
  const a = bracket ? p + 1 : p;
  let b = a;
  while (b < end && isLetter(s.charCodeAt(b))) b++;
  if (b - a >= 3 && b - a <= 8) {
    const after = s.charCodeAt(b);
    const okEnd = bracket ? after === 93 : b === end || after === 32 || after === 58 || after === 124;
    if (okEnd && LEVELS.has(s.slice(a, b).toUpperCase())) {
      G.lvlS = a;
      G.lvlE = b;
      p = skipSeparators(s, bracket ? b + 1 : b, end);
    }
  }
  G.msgS = p;
  G.msgE = end;
}

function scan(s: string, offsetMs: number, opts: ParserOptions): boolean {
  unwrap(s);
  const end = W.end;
  let p = W.start;
  const c = s.charCodeAt(p);
  const br = c === 91 && isDigit(s.charCodeAt(p + 1));
  if ((isDigit(c) || br) && scanDateTime(s, br ? p + 1 : p, end, 47)) {
    G.time = DT.zoned ? DT.ms : DT.ms - offsetMs;
    G.fromWrapper = false;
    scanRest(s, DT.end, end);
    return true;
  }
  if (W.kind === WrapKind.None) return false;
  G.time = wrapperTime(opts);
  G.fromWrapper = true;
  if (W.kind === WrapKind.Syslog || W.kind === WrapKind.IsoSyslog) {
    G.lvlS = -1;
    G.msgS = p;
    G.msgE = end;
  } else {
    scanRest(s, p, end);
  }
  return true;
}

function build(s: string, lineNo: number): LogRecord {
  const prog = W.progStart >= 0 && (W.kind === WrapKind.Syslog || W.kind === WrapKind.IsoSyslog);
  return {
    line: lineNo,
    time: G.time,
    level: G.lvlS >= 0 ? s.slice(G.lvlS, G.lvlE) : null,
    logger: prog ? s.slice(W.progStart, W.progEnd) : null,
    pid: wrapperPid(s),
    requestId: null,
    globalRequestId: null,
    instance: null,
    message: s.slice(G.msgS, G.msgE),
    raw: s,
  };
}

export function createGenericParser(opts: ParserOptions = {}): LogFormat {
  const off = (opts.utcOffsetMinutes ?? 0) * 60_000;
  return {
    id: 'generic',
    parseLine(line: string, lineNo: number): LogRecord | null {
      return scan(line, off, opts) ? build(line, lineNo) : null;
    },
    isRecordStart(line: string): boolean {
      return scan(line, off, opts);
    },
  };
}

export const genericParser: LogFormat = createGenericParser();
