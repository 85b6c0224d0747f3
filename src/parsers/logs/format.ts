/**
 * What the log parsers of this folder add to the `LogLineParser` contract, and small shared helpers.
 */
import type { LogLineParser } from '../types';
import type { ParserOptions } from './timestamps';
import { syslogEpoch } from './timestamps';
import { W, WrapKind } from './wrappers';

export type { ParserOptions } from './timestamps';

/**
 * A `LogLineParser` with a cheap test: `isRecordStart(line)` is true exactly when `parseLine(line)`
 * returns a record, but it allocates nothing. The record assembler (`readLog`) uses it on every line
 * and parses only the records it delivers.
 */
export interface LogFormat extends LogLineParser {
  isRecordStart(line: string): boolean;
}

/** Interned level names, so that millions of records share a handful of strings. */
export function levelString(s: string, a: number, b: number): string {
  switch (b - a) {
    case 3:
      if (s.startsWith('ERR', a)) return 'ERR';
      if (s.startsWith('DBG', a)) return 'DBG';
      break;
    case 4:
      if (s.startsWith('INFO', a)) return 'INFO';
      if (s.startsWith('info', a)) return 'info';
      if (s.startsWith('WARN', a)) return 'WARN';
      if (s.startsWith('EMER', a)) return 'EMER';
      break;
    case 5:
      if (s.startsWith('DEBUG', a)) return 'DEBUG';
      if (s.startsWith('ERROR', a)) return 'ERROR';
      if (s.startsWith('debug', a)) return 'debug';
      if (s.startsWith('error', a)) return 'error';
      if (s.startsWith('TRACE', a)) return 'TRACE';
      if (s.startsWith('AUDIT', a)) return 'AUDIT';
      break;
    case 7:
      if (s.startsWith('WARNING', a)) return 'WARNING';
      if (s.startsWith('warning', a)) return 'warning';
      break;
    case 8:
      if (s.startsWith('CRITICAL', a)) return 'CRITICAL';
      break;
  }
  return s.slice(a, b);
}

/** Time given by the collector prefix found by the last `unwrap` (null when none or no year). */
export function wrapperTime(opts: ParserOptions): number | null {
  if (W.kind === WrapKind.Syslog) return syslogEpoch(W.month, W.day, W.msOfDay, opts);
  return Number.isNaN(W.time) ? null : W.time;
}

/** Pid of the syslog prefix found by the last `unwrap`. */
export function wrapperPid(s: string): string | null {
  return W.pidStart >= 0 ? s.slice(W.pidStart, W.pidEnd) : null;
}

export function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Index after a run of digits starting at p (p itself when none). */
export function skipDigits(s: string, p: number, end: number): number {
  while (p < end) {
    const c = s.charCodeAt(p);
    if (c < 48 || c > 57) break;
    p++;
  }
  return p;
}

/** Index of the next space at or after p, or `end`. */
export function nextSpace(s: string, p: number, end: number): number {
  const i = s.indexOf(' ', p);
  return i < 0 || i > end ? end : i;
}
