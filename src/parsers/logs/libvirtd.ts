/**
 * libvirtd.log and libvirt daemons under journald (reference §0.4).
 *
 * - file: `2013-10-23 17:32:19.957+0000: 14069: error : virNetTLSContextCheckCertDN:418 : Certificate [session] owner does not match the hostname AA.BB.CC.DD`
 *   → time (UTC, libvirt writes `+0000`), pid = the number libvirt writes (a thread id), level as written
 *   (lower case), logger = function name (without `:line`), message. Lines without `function:line : `
 *   (`… info : libvirt version: 6.0.0 …`) get logger null.
 * - journald-wrapped: `Jan 11 18:28:18 base-pvg.redhat.ren libvirtd[25283]: 2021-01-11 10:28:18.110+0000: 25288: error : virCPUx86Compare:1785 : …`
 *   → the inner line as above (its own UTC time wins over the syslog prefix's local time).
 * - journald without libvirt's prefix: `Jan 11 18:28:18 host libvirtd[1234]: internal error: …` or bare
 *   `virtqemud[1234]: …` → time from the syslog prefix (needs `yearHint`/`referenceTime`, else null),
 *   pid = journald pid, logger = program (`libvirtd`, `virtqemud`, …), level null.
 * Anything else (wrapped text, XML dumps) is a continuation.
 */
import type { LogRecord } from '../types';
import type { LogFormat, ParserOptions } from './format';
import { isDigit, skipDigits, wrapperPid, wrapperTime } from './format';
import { DT, scanDateTime } from './timestamps';
import { W, WrapKind, unwrap } from './wrappers';

const L = {
  form: 0, // 1 timestamped, 2 syslog-only, 3 bare `prog[pid]: `
  time: 0,
  pidS: 0,
  pidE: 0,
  lvlS: -1,
  lvlE: -1,
  logS: -1,
  logE: -1,
  msgS: 0,
  msgE: 0,
};

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

function scanTimed(s: string, p: number, end: number): boolean {
  if (!scanDateTime(s, p, end)) return false;
  let i = DT.end;
  if (s.charCodeAt(i) !== 58 || s.charCodeAt(i + 1) !== 32) return false;
  L.time = DT.ms;
  i += 2;
  const ts = i;
  i = skipDigits(s, i, end);
  if (i === ts || s.charCodeAt(i) !== 58 || s.charCodeAt(i + 1) !== 32) return false;
  L.pidS = ts;
  L.pidE = i;
  i += 2;
  const ls = i;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c < 97 || c > 122) break;
    i++;
  }
  if (i === ls || !s.startsWith(' : ', i)) return false;
  L.lvlS = ls;
  L.lvlE = i;
  i += 3;
  // optional `function:line : `
  L.logS = -1;
  let j = i;
  while (j < end && isWordChar(s.charCodeAt(j))) j++;
  if (j > i && s.charCodeAt(j) === 58) {
    const k = skipDigits(s, j + 1, end);
    if (k > j + 1 && s.startsWith(' : ', k)) {
      L.logS = i;
      L.logE = j;
      i = k + 3;
    }
  }
  L.form = 1;
  L.msgS = i < end ? i : end;
  L.msgE = end;
  return true;
}

function scan(s: string): boolean {
  unwrap(s);
  const end = W.end;
  const p = W.start;
  if (p >= end) return false;
  if (isDigit(s.charCodeAt(p)) && scanTimed(s, p, end)) return true;
  if (W.kind === WrapKind.Syslog || W.kind === WrapKind.IsoSyslog) {
    L.form = 2;
    L.lvlS = -1;
    L.logS = W.progStart;
    L.logE = W.progEnd;
    L.msgS = p;
    L.msgE = end;
    return true;
  }
  if (W.kind !== WrapKind.None || p !== 0) return false;
  // bare `libvirtd[1234]: ` / `virtqemud[1234]: `
  if (!s.startsWith('virt', 0) && !s.startsWith('libvirt', 0)) return false;
  const b = s.indexOf('[');
  if (b < 4 || b > 32) return false;
  const d = skipDigits(s, b + 1, end);
  if (d === b + 1 || s.charCodeAt(d) !== 93 || s.charCodeAt(d + 1) !== 58) return false;
  for (let i = 0; i < b; i++) if (!isWordChar(s.charCodeAt(i)) && s.charCodeAt(i) !== 45) return false;
  L.form = 3;
  L.pidS = b + 1;
  L.pidE = d;
  L.lvlS = -1;
  L.logS = 0;
  L.logE = b;
  L.msgS = s.charCodeAt(d + 2) === 32 ? d + 3 : d + 2;
  L.msgE = end;
  return true;
}

function build(s: string, lineNo: number, opts: ParserOptions): LogRecord {
  const form = L.form;
  return {
    line: lineNo,
    time: form === 1 ? L.time : form === 2 ? wrapperTime(opts) : null,
    level: L.lvlS >= 0 ? levelOf(s, L.lvlS, L.lvlE) : null,
    logger: L.logS >= 0 ? s.slice(L.logS, L.logE) : null,
    pid: form === 2 ? wrapperPid(s) : s.slice(L.pidS, L.pidE),
    requestId: null,
    globalRequestId: null,
    instance: null,
    message: s.slice(L.msgS, L.msgE),
    raw: s,
  };
}

function levelOf(s: string, a: number, b: number): string {
  switch (b - a) {
    case 4:
      if (s.startsWith('info', a)) return 'info';
      break;
    case 5:
      if (s.startsWith('error', a)) return 'error';
      if (s.startsWith('debug', a)) return 'debug';
      break;
    case 7:
      if (s.startsWith('warning', a)) return 'warning';
      break;
  }
  return s.slice(a, b);
}

export function createLibvirtdParser(opts: ParserOptions = {}): LogFormat {
  return {
    id: 'libvirtd',
    parseLine(line: string, lineNo: number): LogRecord | null {
      return scan(line) ? build(line, lineNo, opts) : null;
    },
    isRecordStart(line: string): boolean {
      return scan(line);
    },
  };
}

export const libvirtdParser: LogFormat = createLibvirtdParser();
