/**
 * Prefixes that collectors put in front of a service's own log line, recognised without allocating.
 *
 * Reference (shared/reference/log-messages.md §0.1, §0.4):
 * - journald/syslog: `Jul 11 18:10:59 np0004787595 nova_compute[129891]: 2024-07-11 22:10:59.946 2 ERROR …#033[00m`
 *   (rsyslog escapes the trailing colour reset as `#033[00m`)
 * - journalctl -o short-iso: `2021-01-11T18:28:18+0800 host libvirtd[25283]: …` (same, with a full time)
 * - Kubernetes CRI file: `2024-06-18T19:45:48.982792796+00:00 stdout F 2024-06-18 19:45:48.982 15 DEBUG …`
 * - kubectl logs --timestamps: `2022-06-07T20:13:55.104219372Z 2022-06-07T20:13:55Z|00186|binding|INFO|…`
 * - Pebble (Sunbeam): `2025-05-14T04:32:53.881Z [wsgi-nova-api] 2025-05-14 04:32:53.881027 2025-05-14 04:32:53.879 30 INFO …\x1b[00m`
 *   (a second, microsecond timestamp from the wsgi wrapper sits before the oslo line; it is skipped)
 * - a trailing ANSI reset (`\x1b[00m`, `\x1b[0m`, `\x1b[m`, or rsyslog's `#033[00m`) is cut off.
 */
import { DT, SY, scanDateTime, scanSyslogTime } from './timestamps';

export const WrapKind = {
  None: 0,
  /** `Mmm dd HH:MM:SS host prog[pid]: ` — time without a year (fields in W.month/day/msOfDay) */
  Syslog: 1,
  /** `<ISO time with zone> host prog[pid]: ` — W.time is UTC */
  IsoSyslog: 2,
  /** CRI `<ISO> stdout F ` */
  Cri: 3,
  /** Pebble `<ISO> [service] ` */
  Pebble: 4,
  /** kubectl --timestamps `<ISO> ` */
  Timestamps: 5,
} as const;
export type WrapKind = (typeof WrapKind)[keyof typeof WrapKind];

/** Result of `unwrap`; read it right after the call. */
export const W = {
  kind: WrapKind.None as WrapKind,
  /** index where the wrapped line starts */
  start: 0,
  /** index after the wrapped line (trailing colour reset removed) */
  end: 0,
  /** UTC ms of an ISO wrapper time (IsoSyslog, Cri, Pebble, Timestamps), else NaN */
  time: NaN,
  /** syslog fields (Syslog kind) */
  month: 0,
  day: 0,
  msOfDay: 0,
  /** program and pid of a syslog prefix, as index ranges (-1 when absent) */
  progStart: -1,
  progEnd: -1,
  pidStart: -1,
  pidEnd: -1,
  /** host token of a syslog prefix (-1 when absent) */
  hostStart: -1,
  hostEnd: -1,
  /** path of a `grep` / `grep -r` prefix (`…/var/log/messages:`), -1 when absent */
  pathStart: -1,
  pathEnd: -1,
  /** `kubectl logs --prefix` source (`pod/nova-compute-x/nova-compute`), -1 when absent */
  podStart: -1,
  podEnd: -1,
};

/** Index after the line with a trailing ANSI colour reset removed. */
export function trimColorReset(s: string): number {
  let e = s.length;
  if (e > 3 && s.charCodeAt(e - 1) === 109 /* m */) {
    if (s.endsWith('#033[00m')) e -= 8;
    else if (s.endsWith('#033[0m')) e -= 7;
    else if (s.endsWith('\x1b[00m')) e -= 5;
    else if (s.endsWith('\x1b[0m')) e -= 4;
    else if (s.endsWith('\x1b[m')) e -= 3;
  }
  return e;
}

/**
 * Reads `host prog[pid]: ` or `host prog: ` at p (after a syslog time and its space). Sets the
 * program/pid ranges in W and returns the index after `: `, or -1.
 */
function scanHostProg(s: string, p: number, end: number): number {
  // host: a token that does not end with ':'
  let i = p;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === 32) break;
    i++;
  }
  if (i === p || i >= end || s.charCodeAt(i - 1) === 58) return -1;
  const ps = i + 1;
  let j = ps;
  // program: letters, digits, '_', '-', '.', '/', '@' … up to '[' or ':'
  while (j < end) {
    const c = s.charCodeAt(j);
    if (c === 91 /* [ */ || c === 58 /* : */ || c === 32) break;
    j++;
  }
  if (j === ps || j >= end) return -1;
  let pidS = -1;
  let pidE = -1;
  let k = j;
  if (s.charCodeAt(k) === 91) {
    pidS = k + 1;
    k++;
    while (k < end && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) k++;
    if (k === pidS || s.charCodeAt(k) !== 93) return -1;
    pidE = k;
    k++;
  }
  if (s.charCodeAt(k) !== 58) return -1;
  k++;
  if (k < end && s.charCodeAt(k) === 32) k++;
  W.hostStart = p;
  W.hostEnd = i;
  W.progStart = ps;
  W.progEnd = j;
  W.pidStart = pidS;
  W.pidEnd = pidE;
  return k;
}

/** Index after a leading ANSI SGR sequence (`ESC[…m` or rsyslog's `#033[…m`) at p, or p. */
function skipAnsi(s: string, p: number, end: number): number {
  let q: number;
  if (s.charCodeAt(p) === 27 && s.charCodeAt(p + 1) === 91) q = p + 2;
  else if (s.charCodeAt(p) === 35 && s.startsWith('#033[', p)) q = p + 5;
  else return p;
  const lim = Math.min(end, q + 16);
  while (q < lim) {
    const c = s.charCodeAt(q);
    if (c === 109) return q + 1; // m
    if (!((c >= 48 && c <= 57) || c === 59)) return p;
    q++;
  }
  return p;
}

/** true when p starts a timestamp (digit) or a syslog month name: what a grep prefix is followed by */
function startsLogLine(s: string, p: number, end: number): boolean {
  const c = s.charCodeAt(p);
  if (c >= 48 && c <= 57) return p + 10 <= end && s.charCodeAt(p + 4) === 45;
  return ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) && scanSyslogTime(s, p, end);
}

/**
 * What a person's copy or a shell pipeline put in front of the line, peeled in layers: indentation
 * and blockquote markers left by a web page or a mail (`> `, `    `), leading colour codes, the
 * `kubectl logs --prefix` source (`[pod/nova-compute-x/nova-compute] `), and `grep` prefixes
 * (`var/log/nova/nova-compute.log:`, `messages:123:`, `123:` of `grep -n`). Returns the index where
 * the log line itself starts; fills W.path… and W.pod….
 */
function peel(s: string, end: number): number {
  let p = 0;
  for (let round = 0; round < 6 && p < end; round++) {
    const start = p;
    // indentation and quoting: spaces, tabs, '>' markers (a bounded run)
    const lim = Math.min(end, p + 24);
    while (p < lim) {
      const c = s.charCodeAt(p);
      if (c === 32 || c === 9 || c === 62 /* > */ || c === 124 /* | of a pasted table cell */) p++;
      else break;
    }
    p = skipAnsi(s, p, end);
    const c = s.charCodeAt(p);
    if (c === 91 && s.startsWith('[pod/', p)) {
      const close = s.indexOf('] ', p);
      if (close > p && close - p < 256) {
        W.podStart = p + 5;
        W.podEnd = close;
        p = close + 2;
      }
    } else if (c !== 32 && !(c >= 48 && c <= 57 && s.charCodeAt(p + 4) === 45)) {
      // grep prefix: `path:` (a token with no space, holding '/' or a '.', or `messages`), then
      // optionally `NNN:` or `NNN-` (grep -n), then a log line
      let q = p;
      const tlim = Math.min(end, p + 512);
      let fileLike = false;
      while (q < tlim) {
        const d = s.charCodeAt(q);
        if (d === 58 /* : */ || d === 32 || d === 9) break;
        if (d === 47 || d === 46) fileLike = true;
        q++;
      }
      if (q > p && q < tlim && s.charCodeAt(q) === 58) {
        const name = s.slice(p, q);
        if (fileLike || /^(messages|syslog|journal|daemon)$/.test(name) || /^\d+$/.test(name)) {
          let r = q + 1;
          const ds = r;
          while (r < end && s.charCodeAt(r) >= 48 && s.charCodeAt(r) <= 57 && r - ds < 10) r++;
          if (r > ds && (s.charCodeAt(r) === 58 || s.charCodeAt(r) === 45) && startsLogLine(s, r + 1, end)) r++;
          else r = q + 1;
          if (startsLogLine(s, r, end)) {
            if (!/^\d+$/.test(name)) {
              W.pathStart = p;
              W.pathEnd = q;
            }
            p = r;
          }
        }
      }
    }
    if (p === start) break;
  }
  // only when a log line (a timestamp or a syslog time) follows: an indented traceback line or a
  // quoted sentence stays as it was, for the formats that read continuations
  if (p > 0 && startsLogLine(s, p, end)) return p;
  W.pathStart = W.pathEnd = W.podStart = W.podEnd = -1;
  return 0;
}

/** Finds a collector prefix at the start of `s`; fills `W` (always, even for none). */
export function unwrap(s: string): void {
  const end = trimColorReset(s);
  W.kind = WrapKind.None;
  W.start = 0;
  W.end = end;
  W.time = NaN;
  W.progStart = -1;
  W.progEnd = -1;
  W.pidStart = -1;
  W.pidEnd = -1;
  W.hostStart = -1;
  W.hostEnd = -1;
  W.pathStart = -1;
  W.pathEnd = -1;
  W.podStart = -1;
  W.podEnd = -1;
  const c00 = s.charCodeAt(0);
  // the common case, an oslo or libvirt line at column 0, takes no peeling
  const b = (c00 >= 48 && c00 <= 57 && s.charCodeAt(4) === 45) || (c00 >= 65 && c00 <= 83 && s.charCodeAt(3) === 32) ? 0 : peel(s, end);
  W.start = b;
  if (end - b < 16) return;
  const c0 = s.charCodeAt(b);
  if (c0 >= 48 && c0 <= 57) {
    // ISO wrappers need 'T' and a zone; a plain `YYYY-MM-DD HH:MM:SS` is the line itself.
    if (s.charCodeAt(b + 10) !== 84 || s.charCodeAt(b + 4) !== 45) return;
    if (!scanDateTime(s, b, end) || !DT.zoned || s.charCodeAt(DT.end) !== 32) return;
    const t = DT.ms;
    const p = DT.end + 1;
    const c = s.charCodeAt(p);
    if (c >= 48 && c <= 57) {
      W.kind = WrapKind.Timestamps;
      W.start = p;
      W.time = t;
      return;
    }
    if ((s.startsWith('stdout ', p) || s.startsWith('stderr ', p)) && s.charCodeAt(p + 8) === 32) {
      const f = s.charCodeAt(p + 7);
      if (f === 70 || f === 80) {
        // F (full) or P (partial: the rest follows on the next CRI line and becomes a continuation)
        W.kind = WrapKind.Cri;
        W.start = p + 9;
        W.time = t;
        return;
      }
    }
    if (c === 91) {
      // only when a timestamped line follows: `<ISO> [error] text` is a plain line with a level
      const close = s.indexOf('] ', p);
      const d = s.charCodeAt(close + 2);
      if (close > p && close - p < 128 && d >= 48 && d <= 57) {
        let q = close + 2;
        // the wsgi wrapper's own timestamp, when another timestamp follows it
        if (scanDateTime(s, q, end) && DT.fracDigits > 3 && s.charCodeAt(DT.end) === 32) {
          const r = DT.end + 1;
          if (scanDateTime(s, r, end)) q = r;
        }
        W.kind = WrapKind.Pebble;
        W.start = q;
        W.time = t;
      }
      return;
    }
    const k = scanHostProg(s, p, end);
    if (k > 0) {
      W.kind = WrapKind.IsoSyslog;
      W.start = k;
      W.time = t;
    }
    return;
  }
  if (((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122)) && scanSyslogTime(s, b, end) && s.charCodeAt(SY.end) === 32) {
    const k = scanHostProg(s, SY.end + 1, end);
    if (k > 0) {
      W.kind = WrapKind.Syslog;
      W.start = k;
      W.month = SY.month;
      W.day = SY.day;
      W.msOfDay = SY.msOfDay;
    }
  }
}
