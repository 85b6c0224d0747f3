/**
 * QEMU per-instance log `/var/log/libvirt/qemu/<instance-name>.log` (reference §0.5): lines written by
 * libvirt and lines written by QEMU itself, mixed.
 *
 * - libvirt-written: `2022-02-10 16:18:31.313+0000: initiating migration` → logger `libvirt`.
 * - QEMU-written: `2022-02-10T16:18:33.031019Z qemu-system-x86_64: terminating on signal 15 from pid 1074 (/usr/sbin/libvirtd)`
 *   or `2019-06-04 05:33:22.280743Z qemu-kvm: -vnc …` → logger = the program (`qemu-system-x86_64`,
 *   `qemu-kvm`), message after `<program>: `. Level `warning`/`error` when the message starts with
 *   `warning: `/`error: ` (the message is kept whole), else null.
 * - Untimed lines. QEMU writes to stderr without a timestamp before `-msg timestamp=on` applies and
 *   for some messages (`char device redirected to /dev/pts/2 (label charserial0)`, and on a failed
 *   incoming migration `load of migration failed`). These are independent events, often the key
 *   evidence, so they are **records with time null** (logger null), not continuations. Exception: the
 *   command line libvirt writes after `starting up` — environment lines (`LC_ALL=C \`), argument lines
 *   (`-name guest=…`), any line ending in ` \`, and indented lines — are continuations (null).
 */
import type { LogRecord } from '../types';
import type { LogFormat } from './format';
import { isDigit } from './format';
import { DT, scanDateTime } from './timestamps';
import { W, unwrap } from './wrappers';

const Q = { time: 0 as number | null, libvirt: false, logS: -1, logE: -1, lvl: null as string | null, msgS: 0, msgE: 0 };

function isCommandLine(s: string, p: number, end: number): boolean {
  const c = s.charCodeAt(p);
  if (c === 45 /* - */ || c === 32 || c === 9) return true;
  if (end - p >= 2 && s.charCodeAt(end - 1) === 92 && s.charCodeAt(end - 2) === 32) return true; // ` \`
  // VAR=value
  if ((c >= 65 && c <= 90) || c === 95) {
    let i = p + 1;
    while (i < end) {
      const d = s.charCodeAt(i);
      if (!((d >= 65 && d <= 90) || (d >= 48 && d <= 57) || d === 95)) break;
      i++;
    }
    if (s.charCodeAt(i) === 61) return true;
  }
  return false;
}

function levelOfMessage(s: string, p: number): string | null {
  if (s.startsWith('warning: ', p)) return 'warning';
  if (s.startsWith('error: ', p)) return 'error';
  return null;
}

function scan(s: string): boolean {
  unwrap(s);
  const end = W.end;
  const p = W.start;
  if (p >= end) return false;
  if (isDigit(s.charCodeAt(p)) && scanDateTime(s, p, end)) {
    const i = DT.end;
    const c = s.charCodeAt(i);
    if (c === 58 && s.charCodeAt(i + 1) === 32) {
      Q.time = DT.ms;
      Q.libvirt = true;
      Q.logS = -1;
      Q.msgS = i + 2;
      Q.msgE = end;
      Q.lvl = null;
      return true;
    }
    if (c === 32) {
      const ps = i + 1;
      const colon = s.indexOf(': ', ps);
      const sp = s.indexOf(' ', ps);
      Q.time = DT.ms;
      Q.libvirt = false;
      if (colon > ps && colon < end && (sp < 0 || sp > colon) && colon - ps < 64) {
        Q.logS = ps;
        Q.logE = colon;
        Q.msgS = colon + 2;
      } else {
        Q.logS = -1;
        Q.msgS = ps;
      }
      Q.msgE = end;
      Q.lvl = levelOfMessage(s, Q.msgS);
      return true;
    }
  }
  if (isCommandLine(s, p, end)) return false;
  Q.time = null;
  Q.libvirt = false;
  Q.logS = -1;
  Q.msgS = p;
  Q.msgE = end;
  Q.lvl = null;
  return true;
}

function build(s: string, lineNo: number): LogRecord {
  return {
    line: lineNo,
    time: Q.time,
    level: Q.lvl,
    logger: Q.logS >= 0 ? s.slice(Q.logS, Q.logE) : Q.libvirt ? 'libvirt' : null,
    pid: null,
    requestId: null,
    globalRequestId: null,
    instance: null,
    message: s.slice(Q.msgS, Q.msgE),
    raw: s,
  };
}

export function createQemuParser(): LogFormat {
  return {
    id: 'qemu',
    parseLine(line: string, lineNo: number): LogRecord | null {
      return scan(line) ? build(line, lineNo) : null;
    },
    isRecordStart(line: string): boolean {
      return scan(line);
    },
  };
}

export const qemuParser: LogFormat = createQemuParser();
