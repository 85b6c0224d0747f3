/**
 * Scans one log file: every line goes through a cheap literal prefilter; only lines that pass are
 * parsed and tested against the matchers, and kept as events with the traceback lines that follow
 * them. Request ids are indexed on every line (where, when, how often) so the report can follow the
 * migration's request across components.
 *
 * This runs on every byte of a bundle, so it works on bytes (docs/performance.md): lines are not
 * decoded unless kept (an ASCII line's bytes are its characters), the time and the request ids are
 * read in place, the prefilter is a multi-literal search over the bytes (`LiteralSet`, which also
 * says which hints a line holds, so only the matchers that can hit it are tried), and the request
 * index is compact (`ScanStore`). Lines with a NUL or a non-ASCII byte take the same steps on their
 * decoded string. For large bundles the scan runs in a worker thread (scan-thread.ts).
 */
import { forEachLineBytes, type LineStats } from '../parsers/logs/lines';
import { anyFormatParser, parserForComponent, quickTime as lineTime } from '../parsers/logs';
import { lineOrigin } from '../parsers/logs/origin';
import type { LogLineParser, LogRecord } from '../parsers/types';
import type { Component } from '../rules/schema';
import { type ComponentMatchers, type MatcherRegistry, testMatcher } from '../rules/matchers';
import { type EventStore, type LogEvent, MAX_LINE_CHARS } from '../facts/events';
import { ScanStore, lastIdWords, parseIdBytes } from './store';

export interface LogFileSummary {
  file: string;
  host: string | null;
  component: Component;
  lines: number;
  bytes: number;
  cutLines: number;
  binaryLines: number;
  /** lines that did not parse as a record start when tested (continuations included) */
  unparsedLines: number;
  first: number | null;
  last: number | null;
  /** a loose file (perLine): the components and hosts its kept lines named */
  components?: Component[];
  hosts?: string[];
}

export interface ScanOptions {
  file: string;
  host: string | null;
  component: Component;
  registry: MatcherRegistry;
  store: EventStore;
  maxLineBytes: number;
  /**
   * A loose file (a paste, a grep over several logs, a sosreport's `messages`): every matcher is
   * tried, each line is read by the format that knows it, and a kept line takes the host and
   * component its own prefix or logger names (`lineOrigin`), the file's being the fallback.
   */
  perLine?: boolean;
}

const MAX_CONTINUATION = 12;
const REQ = /req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

const componentCache = new WeakMap<MatcherRegistry, Map<Component | '*', ComponentMatchers>>();
/** The matchers of one component, or of all ('*', for loose files). */
function matchersFor(registry: MatcherRegistry, component: Component | '*'): ComponentMatchers {
  let m = componentCache.get(registry);
  if (!m) componentCache.set(registry, (m = new Map()));
  let c = m.get(component);
  if (!c) m.set(component, (c = registry.forComponent(component)));
  return c;
}

const INSTANCE_IN_TEXT = /\[instance: ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\]/;
const REQ_IN_TEXT = /req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * Time of a line that starts with `YYYY-MM-DD HH:MM:SS(.fff)` or the ISO `T` form, read by position
 * (no regex, no Date parsing of strings): it runs for every line that carries a request id.
 */
export function quickTime(line: string): number | null {
  const c = line.charCodeAt(0);
  if (c < 48 || c > 57 || line.charCodeAt(4) !== 45 || line.charCodeAt(13) !== 58) return null;
  const n = (a: number, b: number) => {
    let v = 0;
    for (let i = a; i < b; i++) {
      const d = line.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return NaN;
      v = v * 10 + d;
    }
    return v;
  };
  let ms = 0;
  if (line.charCodeAt(19) === 46 || line.charCodeAt(19) === 44) ms = n(20, 23);
  const t = Date.UTC(n(0, 4), n(5, 7) - 1, n(8, 10), n(11, 13), n(14, 16), n(17, 19), Number.isNaN(ms) ? 0 : ms);
  return Number.isNaN(t) ? null : t;
}

/** A time behind prefixes is looked for in the first this many characters of a line. */
const FALLBACK_TIME_CHARS = 1024;

/**
 * Time of a line whatever its shape: `quickTime` for a timestamp at column 0 (nearly all lines of a
 * service's own log), else the one line reader's (syslog, grep, kubectl and quoting prefixes peeled).
 */
export function lineTimeAnyShape(line: string, peel = true): number | null {
  const t = quickTime(line);
  if (t !== null || !peel || !line.length) return t;
  return lineTime(line.length > FALLBACK_TIME_CHARS ? line.slice(0, FALLBACK_TIME_CHARS) : line);
}

/** Time of the first 23 bytes of an ASCII line, as `quickTime` reads the decoded line. */
let dayKey = -1;
let dayMs = 0;
function digits(buf: Uint8Array, a: number, b: number, end: number): number {
  let v = 0;
  for (let i = a; i < b; i++) {
    if (i >= end) return NaN;
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}
export function quickTimeBytes(buf: Uint8Array, s: number, e: number): number | null {
  if (e - s < 23) return quickTimeShort(buf, s, e);
  // the common case, read in place: YYYY-MM-DD?HH:MM:SS[.,]mmm
  const y0 = buf[s]! - 48;
  if (y0 < 0 || y0 > 9 || buf[s + 4] !== 45 || buf[s + 13] !== 58) return null;
  const y1 = buf[s + 1]! - 48;
  const y2 = buf[s + 2]! - 48;
  const y3 = buf[s + 3]! - 48;
  const m0 = buf[s + 5]! - 48;
  const m1 = buf[s + 6]! - 48;
  const d0 = buf[s + 8]! - 48;
  const d1 = buf[s + 9]! - 48;
  const h0 = buf[s + 11]! - 48;
  const h1 = buf[s + 12]! - 48;
  const i0 = buf[s + 14]! - 48;
  const i1 = buf[s + 15]! - 48;
  const s0 = buf[s + 17]! - 48;
  const s1 = buf[s + 18]! - 48;
  if (
    y1 >>> 0 > 9 || y2 >>> 0 > 9 || y3 >>> 0 > 9 || m0 >>> 0 > 9 || m1 >>> 0 > 9 || d0 >>> 0 > 9 || d1 >>> 0 > 9 ||
    h0 >>> 0 > 9 || h1 >>> 0 > 9 || i0 >>> 0 > 9 || i1 >>> 0 > 9 || s0 >>> 0 > 9 || s1 >>> 0 > 9
  ) {
    return null;
  }
  let ms = 0;
  const sep = buf[s + 19];
  if (sep === 46 || sep === 44) {
    const a = buf[s + 20]! - 48;
    const b = buf[s + 21]! - 48;
    const c = buf[s + 22]! - 48;
    if (a >>> 0 <= 9 && b >>> 0 <= 9 && c >>> 0 <= 9) ms = a * 100 + b * 10 + c;
  }
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const mo = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  const key = y * 10000 + mo * 100 + d;
  if (key !== dayKey) {
    dayKey = key;
    dayMs = Date.UTC(y, mo - 1, d);
  }
  const t = dayMs + (h0 * 10 + h1) * 3_600_000 + (i0 * 10 + i1) * 60_000 + (s0 * 10 + s1) * 1000 + ms;
  return t === t ? t : null;
}

/** Lines shorter than a full timestamp with milliseconds: the general reading. */
function quickTimeShort(buf: Uint8Array, s: number, e: number): number | null {
  if (e - s < 14) return null;
  const c = buf[s]!;
  if (c < 48 || c > 57 || buf[s + 4] !== 45 || buf[s + 13] !== 58) return null;
  const y = digits(buf, s, s + 4, e);
  const mo = digits(buf, s + 5, s + 7, e);
  const d = digits(buf, s + 8, s + 10, e);
  const h = digits(buf, s + 11, s + 13, e);
  const mi = digits(buf, s + 14, s + 16, e);
  const sec = digits(buf, s + 17, s + 19, e);
  let ms = 0;
  if (s + 19 < e && (buf[s + 19] === 46 || buf[s + 19] === 44)) {
    ms = digits(buf, s + 20, s + 23, e);
    if (ms !== ms) ms = 0;
  }
  if (y !== y || mo !== mo || d !== d || h !== h || mi !== mi || sec !== sec) return null;
  const key = y * 10000 + mo * 100 + d;
  if (key !== dayKey) {
    dayKey = key;
    dayMs = Date.UTC(y, mo - 1, d);
  }
  const t = dayMs + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
  return t === t ? t : null;
}

const REQ_NEEDLE = Buffer.from('req-', 'latin1');
/** the words of the first two request ids of the current line */
const W1 = new Uint32Array(4);
const W2 = new Uint32Array(4);

/**
 * The scan of one log file, fed line by line by `forEachLineBytes`. Plain ASCII lines (nearly all)
 * are handled as bytes: the time and the request ids are read in place, and the line is decoded
 * only when it passes the literal prefilter or continues a kept event. Lines that had to be decoded
 * anyway (NUL or non-ASCII bytes) go through the same steps on the string. Either way the result is
 * the one the string-per-line scan gave.
 */
export class LogScanner {
  readonly summary: LogFileSummary;
  private readonly parser: LogLineParser;
  private readonly cm: ComponentMatchers;
  private readonly store: EventStore;
  private readonly fast: ScanStore | null;
  private open: LogEvent | null = null;
  private openRecord: LogRecord | null = null;
  private lastTime: number | null = null;
  /** hints found in the current line (indexed like cm.hints) */
  private flags: Uint8Array | null = null;
  /**
   * Prefilter answers found beforehand for the lines of one block (see LiteralSet.firstInLines):
   * `hintBuf` the block, `hintAt`/`hintN` the pairs in `hintArr`, `hintI` the next pair.
   */
  private hintBuf: Uint8Array | null = null;
  private hintArr: Int32Array | null = null;
  private hintAt = 0;
  private hintN = 0;
  private hintI = 0;
  // next `req-` in the current buffer, from a search started at reqFrom
  private reqBuf: Uint8Array | null = null;
  private reqFrom = 0;
  private reqAt = -1;

  constructor(private readonly opts: ScanOptions) {
    this.parser = opts.perLine ? anyFormatParser : parserForComponent(opts.component);
    this.cm = matchersFor(opts.registry, opts.perLine ? '*' : opts.component);
    this.store = opts.store;
    this.fast = opts.store instanceof ScanStore ? opts.store : null;
    this.summary = {
      file: opts.file,
      host: opts.host,
      component: opts.component,
      lines: 0,
      bytes: 0,
      cutLines: 0,
      binaryLines: 0,
      unparsedLines: 0,
      first: null,
      last: null,
    };
  }

  finish(stats: LineStats): LogFileSummary {
    const summary = this.summary;
    summary.lines = stats.lines;
    summary.bytes = stats.bytes;
    summary.cutLines = stats.cutLines;
    summary.binaryLines = stats.binaryLines;
    return summary;
  }

  /**
   * The first literal of each line of `buf` that holds one, as found by
   * `LiteralSet.firstInLines` on it (n pairs in arr from `at`; n < 0: not known).
   */
  hints(buf: Uint8Array, arr: Int32Array, at: number, n: number): void {
    this.hintBuf = n >= 0 ? buf : null;
    this.hintArr = arr;
    this.hintAt = at;
    this.hintN = n;
    this.hintI = 0;
  }

  /** the prefilter's answer for bytes [s, e) of buf */
  private passes(buf: Buffer, s: number, e: number): boolean {
    if (buf === this.hintBuf) {
      const arr = this.hintArr!;
      let i = this.hintI;
      const n = this.hintN;
      const at = this.hintAt;
      while (i < n && arr[at + 2 * i]! < s) i++;
      this.hintI = i;
      if (i >= n || arr[at + 2 * i]! >= e) return false; // no literal in this line
      if (arr[at + 2 * i + 1]! <= e) return true;
      // the line was cut before the end of that literal: look for yourself
    }
    const lits = this.cm.literals;
    return lits !== null && lits.test(buf, s, e);
  }

  /** a line of this file had a timestamp at column 0 (a service's own log, not a wrapped or pasted one) */
  private timedAtColumn0 = false;
  private peels(): boolean {
    return this.opts.perLine === true || !this.timedAtColumn0;
  }
  /** Time of a decoded line, as the byte path reads it. */
  private timeOf(line: string): number | null {
    const t = lineTimeAnyShape(line, this.peels());
    if (t !== null && quickTime(line) !== null) this.timedAtColumn0 = true;
    return t;
  }

  private time(t: number | null): void {
    if (t !== null) {
      this.lastTime = t;
      if (this.summary.first === null) this.summary.first = t;
      this.summary.last = t;
    }
  }

  private findReq(buf: Uint8Array, from: number): number {
    if (buf === this.reqBuf && from > 0 && from >= this.reqFrom && (this.reqAt < 0 || this.reqAt >= from)) return this.reqAt;
    this.reqBuf = buf;
    this.reqFrom = from;
    this.reqAt = (buf as Buffer).indexOf(REQ_NEEDLE, from);
    return this.reqAt;
  }

  readonly line = (buf: Buffer, s: number, e: number, lineNo: number, decoded: string | null): void => {
    if (decoded !== null) {
      this.time(this.timeOf(decoded));
      this.onLine(decoded, lineNo);
      return;
    }
    let t = quickTimeBytes(buf, s, e);
    if (t !== null) this.timedAtColumn0 = true;
    // not a timestamp at column 0: the one line reader peels prefixes (syslog, grep, kubectl,
    // quoting) — in a file whose lines are not stamped at column 0; elsewhere such a line is a
    // continuation (a traceback, wrapped text) and the per-line peeling is not paid for it
    else if (this.peels() && e > s) t = lineTime(buf.toString('latin1', s, Math.min(e, s + FALLBACK_TIME_CHARS)));
    this.time(t);
    // Request index: the ids are read in place; oslo writes [global local …], so with two ids the
    // local one is the second.
    if (e - s >= 40) {
      let first = -1;
      let second = -1;
      let q = this.findReq(buf, s);
      while (q >= 0 && q + 40 <= e) {
        if (parseIdBytes(buf, q)) {
          if (first < 0) {
            first = q;
            lastIdWords(W1);
          } else {
            second = q;
            lastIdWords(W2);
            break;
          }
          q = this.findReq(buf, q + 40);
        } else {
          q = this.findReq(buf, q + 1);
        }
      }
      if (first >= 0) this.sight(buf, first, second, t ?? this.lastTime);
    }
    if (this.open === null) {
      if (!this.passes(buf, s, e)) return;
      this.onMatchable(buf.toString('latin1', s, e), lineNo, buf, s, e, true);
      return;
    }
    this.onMatchable(buf.toString('latin1', s, e), lineNo, buf, s, e, false);
  };

  private sight(buf: Buffer, first: number, second: number, t: number | null): void {
    const { component, host } = this.opts;
    const local = second >= 0 ? second : first;
    if (this.fast) {
      if (second < 0) {
        this.fast.sightWords(W1, null, t, component, host);
        return;
      }
      // [global local …]: the local one is related to the global one (unless they are the same)
      const same = W1[0] === W2[0] && W1[1] === W2[1] && W1[2] === W2[2] && W1[3] === W2[3];
      this.fast.sightWords(W2, same ? null : buf.toString('latin1', first, first + 40), t, component, host);
      this.fast.sightWords(W1, null, t, component, host);
      return;
    }
    const global = second >= 0 ? buf.toString('latin1', first, first + 40) : null;
    this.store.sightRequest(buf.toString('latin1', local, local + 40), global, t, component, host);
    if (global) this.store.sightRequest(global, null, t, component, host);
  }

  /** A decoded line: the request index on the string, then the rest. */
  private onLine(line: string, lineNo: number): void {
    if (line.includes('req-')) {
      const ids = line.match(REQ);
      if (ids) {
        const t = this.timeOf(line) ?? this.lastTime;
        const local = ids.length > 1 ? ids[1]! : ids[0]!;
        const global = ids.length > 1 ? ids[0]! : null;
        this.store.sightRequest(local, global, t, this.opts.component, this.opts.host);
        if (global) this.store.sightRequest(global, null, t, this.opts.component, this.opts.host);
      }
    }
    this.onMatchable(line, lineNo, null, 0, 0, false);
  }

  /**
   * Continuation of the open event, or the prefilter and the matchers. With `buf` the line is ASCII
   * bytes buf[s, e) (decoded into `line`): the literal tests run on the bytes, which also tell which
   * hints the line holds, so only the matchers that can hit it are tried. `passed`: the prefilter
   * already said yes.
   */
  private onMatchable(line: string, lineNo: number, buf: Buffer | null, s: number, e: number, passed: boolean): void {
    const opts = this.opts;
    const parser = this.parser;
    if (this.open) {
      const rec = parser.parseLine(line, lineNo);
      if (!rec || (this.openRecord !== null && isExceptionContinuation(rec, this.openRecord))) {
        if (this.open.continuation.length < MAX_CONTINUATION) this.open.continuation.push(line.slice(0, MAX_LINE_CHARS));
        this.matchContinuation(line);
        return;
      }
      this.open = null;
      this.openRecord = null;
    }
    const cm = this.cm;
    let flags: Uint8Array | null = null;
    if (buf !== null) {
      const lits = cm.literals;
      if (lits === null || (!passed && !lits.test(buf, s, e))) return;
      flags = this.flags ??= new Uint8Array(cm.hints.length);
      lits.present(buf, s, e, flags);
    } else if (!cm.prefilter || !cm.prefilter.test(line)) {
      return;
    }
    const rec = parser.parseLine(line, lineNo);
    let hits: Map<number, Record<string, string>> | null = null;
    const matchers = cm.matchers;
    const needs = cm.needs;
    // a loose file: the line's own origin decides which component's matchers apply
    const origin = opts.perLine ? lineOrigin(line) : null;
    // null: neither the line nor the file says which service wrote it (an untimed paste): every
    // matcher may hit it, and the component is taken from the matchers that did
    let lineComponent: Component | null = origin === null ? opts.component : (origin.component ?? (opts.component !== 'other' ? opts.component : null));
    for (let i = 0; i < matchers.length; i++) {
      if (origin !== null && lineComponent !== null) {
        const comps = matchers[i]!.components;
        if (comps !== null && !comps.has(lineComponent)) continue;
      }
      if (flags !== null) {
        // a matcher whose hint is not in the line cannot hit it (testMatcher would say no)
        const need = needs[i]!;
        if (need !== null) {
          let any = false;
          for (let j = 0; j < need.length; j++) {
            if (flags[need[j]!] !== 0) {
              any = true;
              break;
            }
          }
          if (!any) continue;
        }
      }
      const m = matchers[i]!;
      const g = testMatcher(m, line, rec?.level ?? null);
      if (g) (hits ??= new Map()).set(m.id, g);
    }
    if (flags !== null) flags.fill(0);
    if (!hits) return;
    if (lineComponent === null) lineComponent = componentOfHits(matchers, hits);
    const time = rec?.time ?? null;
    if (time !== null) this.lastTime = time;
    let requestId = rec?.requestId ?? null;
    let globalRequestId = rec?.globalRequestId ?? null;
    let instance = rec?.instance ?? null;
    if (origin !== null && !rec) {
      // an untimed line (a pasted exception, a quoted message): ids from the text itself
      instance = INSTANCE_IN_TEXT.exec(line)?.[1] ?? null;
      const ids = line.match(REQ_IN_TEXT);
      if (ids) {
        requestId = ids.length > 1 ? ids[1]! : ids[0]!;
        globalRequestId = ids.length > 1 ? ids[0]! : null;
      }
    }
    const ev = this.store.add({
      file: opts.file,
      host: opts.host ?? origin?.host ?? null,
      ...(origin !== null ? { hostFrom: opts.host ? null : origin.hostFrom } : {}),
      component: lineComponent,
      line: lineNo,
      time: time ?? this.lastTime,
      level: rec?.level ?? null,
      logger: rec?.logger ?? null,
      requestId,
      globalRequestId,
      instance,
      text: line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line,
      continuation: [],
      hits,
    });
    if (ev && origin !== null) {
      const sum = this.summary;
      if (!(sum.components ??= []).includes(lineComponent)) sum.components.push(lineComponent);
      const host = ev.host;
      if (host !== null && !(sum.hosts ??= []).includes(host)) sum.hosts.push(host);
    }
    if (ev && (rec || origin !== null)) {
      // in a loose file an untimed line (a pasted exception) keeps the lines after it too
      this.open = ev;
      this.openRecord = rec;
    }
  }

  /**
   * A multi-line message (nova's `Unexpected error while running command.` with `Stderr: '…'` on a
   * later line, the exception under a traceback) says the decisive part on a continuation line: the
   * rules are tested on it too, and what hits is credited to the record it continues (its time,
   * request id and instance).
   */
  private matchContinuation(line: string): void {
    const open = this.open!;
    const cm = this.cm;
    if (!cm.prefilter || !cm.prefilter.test(line)) return;
    for (const m of cm.matchers) {
      if (open.hits.has(m.id)) continue;
      const g = testMatcher(m, line, open.level);
      if (g) open.hits.set(m.id, g);
    }
  }
}

/** The one component the matchers that hit a line agree on, else 'other'. */
function componentOfHits(matchers: readonly { id: number; components: Set<Component> | null }[], hits: Map<number, unknown>): Component {
  const counts = new Map<Component, number>();
  for (const m of matchers) {
    if (!hits.has(m.id) || m.components === null) continue;
    for (const c of m.components) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best: Component = 'other';
  let n = 0;
  for (const [c, k] of counts) if (k > n) [best, n] = [c, k];
  return best;
}

export async function scanLog(stream: AsyncIterable<Buffer | Uint8Array | string>, opts: ScanOptions): Promise<LogFileSummary> {
  const scanner = new LogScanner(opts);
  const stats = await forEachLineBytes(stream, opts.maxLineBytes, scanner.line);
  return scanner.finish(stats);
}

/**
 * oslo.log prints every traceback line with the exception prefix (same time and pid, no context
 * block); those belong to the record that logged the exception.
 */
function isExceptionContinuation(rec: LogRecord, open: LogRecord): boolean {
  return (
    rec.requestId === null &&
    open.pid !== null &&
    rec.pid === open.pid &&
    rec.time === open.time &&
    rec.level === open.level &&
    rec.message !== open.message
  );
}
