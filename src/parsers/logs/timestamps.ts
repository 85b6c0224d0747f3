/**
 * Allocation-free timestamp scanning for the log parsers.
 *
 * Every function here reads characters with `charCodeAt` and writes its result into a module-level
 * scratch object instead of returning a fresh one: they run on every line of multi-gigabyte
 * bundles. JavaScript is single-threaded, so the scratch is read by the caller right after the call.
 */

/** Options shared by all line parsers. */
export interface ParserOptions {
  /**
   * Offset of the host's local clock from UTC, in minutes (UTC+2 → 120, UTC-4 → -240), applied to
   * timestamps written without a zone (oslo.log, hostagent, syslog prefixes). Default 0: such
   * times are taken as UTC. Timestamps with an explicit zone (libvirt `+0000`, OVN/QEMU `Z`, CRI
   * `+00:00`) are never shifted.
   */
  utcOffsetMinutes?: number;
  /** Year for syslog/journald prefixes (`Jan 11 18:28:18`), which carry none. */
  yearHint?: number;
  /**
   * Epoch ms of the collection (bundle creation). Used for syslog prefixes when `yearHint` is not
   * given: the year of that time, minus one when the line would then lie more than two days after
   * the collection (a December line in a January bundle). Without either, such times are null.
   */
  referenceTime?: number;
}

/** Result of `scanDateTime`. `ms` is UTC when `zoned`, otherwise the wall-clock time read as UTC. */
export const DT = { ms: 0, end: 0, zoned: false, fracDigits: 0, sep: 0 };

/** Result of `scanSyslogTime`: month 1-12, day, milliseconds since midnight, index after the time. */
export const SY = { month: 0, day: 0, msOfDay: 0, end: 0 };

let cacheKey = -1;
let cacheMs = 0;

/** Date.UTC(y, m-1, d) with a one-entry cache: consecutive log lines share their day. */
export function dayStartMs(y: number, m: number, d: number): number {
  const key = (y * 13 + m) * 32 + d;
  if (key === cacheKey) return cacheMs;
  cacheKey = key;
  cacheMs = Date.UTC(y, m - 1, d);
  return cacheMs;
}

/** Digit value of the character at i, or -1 (also beyond the end of the string). */
export function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function two(s: string, i: number): number {
  const a = digitAt(s, i);
  const b = digitAt(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * Reads `YYYY-MM-DD[ T]HH:MM:SS[.,fraction][zone]` at `p` (zone: `Z`, `+hh:mm`, `+hhmm`, `+hh`).
 * `dateSep` is the date separator to accept besides '-' (e.g. '/' for the generic parser; 0 for none).
 * Returns false when the text at `p` is not such a timestamp; on success fills `DT`.
 */
export function scanDateTime(s: string, p: number, end: number, dateSep = 0): boolean {
  if (p + 19 > end) return false;
  const y1 = two(s, p);
  const y2 = two(s, p + 2);
  if (y1 < 0 || y2 < 0) return false;
  const ds = s.charCodeAt(p + 4);
  if (ds !== 45 && (dateSep === 0 || ds !== dateSep)) return false;
  if (s.charCodeAt(p + 7) !== ds) return false;
  const mo = two(s, p + 5);
  const d = two(s, p + 8);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  const sep = s.charCodeAt(p + 10);
  if (sep !== 32 && sep !== 84) return false; // ' ' or 'T'
  const h = two(s, p + 11);
  const mi = two(s, p + 14);
  const se = two(s, p + 17);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60) return false;
  if (s.charCodeAt(p + 13) !== 58 || s.charCodeAt(p + 16) !== 58) return false;
  return finish(s, p + 19, end, dayStartMs(y1 * 100 + y2, mo, d) + h * 3_600_000 + mi * 60_000 + se * 1000, sep);
}

/** Fraction and zone after `…:SS` at i; t is the time so far (wall clock read as UTC). */
function finish(s: string, i: number, end: number, t: number, sep: number): boolean {
  let ms = 0;
  let fd = 0;
  const fc = s.charCodeAt(i);
  if ((fc === 46 || fc === 44) && digitAt(s, i + 1) >= 0) {
    i++;
    while (i < end) {
      const v = digitAt(s, i);
      if (v < 0) break;
      if (fd < 3) ms = ms * 10 + v;
      fd++;
      i++;
    }
    if (fd === 1) ms *= 100;
    else if (fd === 2) ms *= 10;
  }
  t += ms;
  let zoned = false;
  if (i < end) {
    const z = s.charCodeAt(i);
    if (z === 90) {
      zoned = true;
      i++;
    } else if (z === 43 || z === 45) {
      const zh = two(s, i + 1);
      if (zh >= 0 && zh <= 14) {
        let zm = 0;
        let j = i + 3;
        if (s.charCodeAt(j) === 58 && two(s, j + 1) >= 0) {
          zm = two(s, j + 1);
          j += 3;
        } else if (two(s, j) >= 0 && digitAt(s, j + 2) < 0) {
          zm = two(s, j);
          j += 2;
        } else if (digitAt(s, j) >= 0) {
          j = -1; // `+123…`: not a zone
        }
        if (j > 0 && zm <= 59) {
          const off = (zh * 60 + zm) * 60_000;
          t += z === 43 ? -off : off;
          zoned = true;
          i = j;
        }
      }
    }
  }
  DT.ms = t;
  DT.end = i;
  DT.zoned = zoned;
  DT.fracDigits = fd;
  DT.sep = sep;
  return true;
}

/** Month number (1-12) of the English abbreviation at p, or 0. */
export function monthAt(s: string, p: number): number {
  const a = s.charCodeAt(p);
  const b = s.charCodeAt(p + 1);
  const c = s.charCodeAt(p + 2);
  switch (a) {
    case 74: // J
      if (b === 97 && c === 110) return 1; // Jan
      if (b === 117 && c === 110) return 6; // Jun
      if (b === 117 && c === 108) return 7; // Jul
      return 0;
    case 70: // F
      return b === 101 && c === 98 ? 2 : 0;
    case 77: // M
      if (b === 97 && c === 114) return 3; // Mar
      if (b === 97 && c === 121) return 5; // May
      return 0;
    case 65: // A
      if (b === 112 && c === 114) return 4; // Apr
      if (b === 117 && c === 103) return 8; // Aug
      return 0;
    case 83: // S
      return b === 101 && c === 112 ? 9 : 0;
    case 79: // O
      return b === 99 && c === 116 ? 10 : 0;
    case 78: // N
      return b === 111 && c === 118 ? 11 : 0;
    case 68: // D
      return b === 101 && c === 99 ? 12 : 0;
    default:
      return 0;
  }
}

/**
 * Month abbreviations that journald and syslog print under other locales (German, French, Spanish,
 * Italian, Portuguese, Dutch), lowercase, with the month they name. English is read by `monthAt`.
 */
const LOCALE_MONTHS: [string, number][] = [
  ['janv.', 1], ['févr.', 2], ['mars', 3], ['avr.', 4], ['avril', 4], ['juin', 6], ['juil.', 7], ['août', 8], ['sept.', 9], ['oct.', 10], ['nov.', 11], ['déc.', 12],
  ['mär', 3], ['mai', 5], ['okt', 10], ['dez', 12],
  ['ene', 1], ['abr', 4], ['ago', 8], ['dic', 12],
  ['gen', 1], ['mag', 5], ['giu', 6], ['lug', 7], ['set', 9], ['ott', 10],
  ['fev', 2], ['out', 10],
  ['mrt', 3], ['mei', 5],
  ['jan', 1], ['feb', 2], ['mar', 3], ['apr', 4], ['may', 5], ['jun', 6], ['jul', 7], ['aug', 8], ['sep', 9], ['nov', 11], ['dec', 12],
];

/** Month and length of a month name at p under any locale of LOCALE_MONTHS (followed by a space), or null. */
function localeMonthAt(s: string, p: number): { month: number; len: number } | null {
  const word = s.slice(p, p + 6).toLowerCase();
  for (const [name, month] of LOCALE_MONTHS) {
    if (word.startsWith(name) && s.charCodeAt(p + name.length) === 32) return { month, len: name.length };
  }
  return null;
}

/** Reads a syslog time `Mmm dd HH:MM:SS[.ffffff]` (day may be space-padded) at p; fills `SY`. */
export function scanSyslogTime(s: string, p: number, end: number): boolean {
  if (p + 15 > end) return false;
  let mo = monthAt(s, p);
  let mlen = 3;
  if (mo === 0 || s.charCodeAt(p + 3) !== 32) {
    const c = s.charCodeAt(p);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
    const loc = localeMonthAt(s, p);
    if (!loc) return false;
    mo = loc.month;
    mlen = loc.len;
  }
  let i = p + mlen + 1;
  let day: number;
  if (s.charCodeAt(i) === 32) {
    day = digitAt(s, i + 1);
    i += 2;
  } else {
    const a = digitAt(s, i);
    const b = digitAt(s, i + 1);
    if (a < 0) return false;
    if (b >= 0) {
      day = a * 10 + b;
      i += 2;
    } else {
      day = a;
      i += 1;
    }
  }
  if (day < 1 || day > 31 || s.charCodeAt(i) !== 32) return false;
  i++;
  const h = two(s, i);
  const mi = two(s, i + 3);
  const se = two(s, i + 6);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60) return false;
  if (s.charCodeAt(i + 2) !== 58 || s.charCodeAt(i + 5) !== 58) return false;
  i += 8;
  let ms = 0;
  if (s.charCodeAt(i) === 46 && digitAt(s, i + 1) >= 0) {
    i++;
    let fd = 0;
    while (i < end) {
      const v = digitAt(s, i);
      if (v < 0) break;
      if (fd < 3) ms = ms * 10 + v;
      fd++;
      i++;
    }
    if (fd === 1) ms *= 100;
    else if (fd === 2) ms *= 10;
  }
  SY.month = mo;
  SY.day = day;
  SY.msOfDay = h * 3_600_000 + mi * 60_000 + se * 1000 + ms;
  SY.end = i;
  return true;
}

/** Epoch ms of a syslog time (local wall clock, shifted by utcOffsetMinutes), or null without a year. */
export function syslogEpoch(month: number, day: number, msOfDay: number, opts: ParserOptions): number | null {
  const off = (opts.utcOffsetMinutes ?? 0) * 60_000;
  if (opts.yearHint !== undefined) return Date.UTC(opts.yearHint, month - 1, day) + msOfDay - off;
  if (opts.referenceTime === undefined) return null;
  const year = new Date(opts.referenceTime).getUTCFullYear();
  const t = Date.UTC(year, month - 1, day) + msOfDay - off;
  return t > opts.referenceTime + 2 * 86_400_000 ? Date.UTC(year - 1, month - 1, day) + msOfDay - off : t;
}
