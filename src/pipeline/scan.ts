/**
 * Scans one log file: every line goes through a cheap literal prefilter; only lines that pass are
 * parsed and tested against the matchers, and kept as events with the traceback lines that follow
 * them. Request ids are indexed on every line (where, when, how often) so the report can follow the
 * migration's request across components.
 */
import type { Readable } from 'node:stream';
import { forEachLine } from '../parsers/logs/lines';
import { parserForComponent } from '../parsers/logs';
import type { LogLineParser, LogRecord } from '../parsers/types';
import type { Component } from '../rules/schema';
import { type ComponentMatchers, type MatcherRegistry, testMatcher } from '../rules/matchers';
import { type EventStore, type LogEvent, MAX_LINE_CHARS } from '../facts/events';

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
}

export interface ScanOptions {
  file: string;
  host: string | null;
  component: Component;
  registry: MatcherRegistry;
  store: EventStore;
  maxLineBytes: number;
}

const MAX_CONTINUATION = 12;
const REQ = /req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

const componentCache = new WeakMap<MatcherRegistry, Map<Component, ComponentMatchers>>();
function matchersFor(registry: MatcherRegistry, component: Component): ComponentMatchers {
  let m = componentCache.get(registry);
  if (!m) componentCache.set(registry, (m = new Map()));
  let c = m.get(component);
  if (!c) m.set(component, (c = registry.forComponent(component)));
  return c;
}

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

export async function scanLog(stream: Readable, opts: ScanOptions): Promise<LogFileSummary> {
  const parser: LogLineParser = parserForComponent(opts.component);
  const cm = matchersFor(opts.registry, opts.component);
  const summary: LogFileSummary = {
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
  let open: LogEvent | null = null;
  let openRecord: LogRecord | null = null;
  let lastTime: number | null = null;

  const onLine = (line: string, lineNo: number): void => {
    // Request index: a native substring scan first; the regex only runs on lines with an id.
    if (line.includes('req-')) {
      const ids = line.match(REQ);
      if (ids) {
        const t = quickTime(line) ?? lastTime;
        // oslo writes [global local …]: the local id is the last of the first two
        const local = ids.length > 1 ? ids[1]! : ids[0]!;
        const global = ids.length > 1 ? ids[0]! : null;
        opts.store.sightRequest(local, global, t, opts.component, opts.host);
        if (global) opts.store.sightRequest(global, null, t, opts.component, opts.host);
      }
    }
    if (open) {
      const rec = parser.parseLine(line, lineNo);
      if (!rec || isExceptionContinuation(rec, openRecord!)) {
        if (open.continuation.length < MAX_CONTINUATION) open.continuation.push(line.slice(0, MAX_LINE_CHARS));
        return;
      }
      open = null;
      openRecord = null;
    }
    if (!cm.prefilter || !cm.prefilter.test(line)) return;
    const rec = parser.parseLine(line, lineNo);
    let hits: Map<number, Record<string, string>> | null = null;
    for (const m of cm.matchers) {
      const g = testMatcher(m, line, rec?.level ?? null);
      if (g) (hits ??= new Map()).set(m.id, g);
    }
    if (!hits) return;
    const time = rec?.time ?? null;
    if (time !== null) lastTime = time;
    const ev = opts.store.add({
      file: opts.file,
      host: opts.host,
      component: opts.component,
      line: lineNo,
      time: time ?? lastTime,
      level: rec?.level ?? null,
      logger: rec?.logger ?? null,
      requestId: rec?.requestId ?? null,
      globalRequestId: rec?.globalRequestId ?? null,
      instance: rec?.instance ?? null,
      text: line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line,
      continuation: [],
      hits,
    });
    if (ev && rec) {
      open = ev;
      openRecord = rec;
    }
  };

  const stats = await forEachLine(stream, opts.maxLineBytes, (line, lineNo) => {
    // time bounds of the file, cheaply, from lines that start with a timestamp
    const t = quickTime(line);
    if (t !== null) {
      lastTime = t;
      if (summary.first === null) summary.first = t;
      summary.last = t;
    }
    onLine(line, lineNo);
  });
  summary.lines = stats.lines;
  summary.bytes = stats.bytes;
  summary.cutLines = stats.cutLines;
  summary.binaryLines = stats.binaryLines;
  return summary;
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
