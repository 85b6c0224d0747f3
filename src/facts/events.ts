/**
 * Log events kept from the scan: only lines that hit a rule matcher or a stage marker, plus an index
 * of every request id seen (where, when, how often). Bounded, so memory stays flat whatever the size
 * of the logs; what had to be dropped is counted and reported.
 */
import type { Component } from '../rules/schema';

export interface LogEvent {
  seq: number;
  /** display path of the file */
  file: string;
  /** the node the file belongs to (host folder), or null for management-plane logs */
  host: string | null;
  /**
   * how the host was learned when no host folder said it: the line's syslog prefix, a grep path,
   * the sosreport's hostname file, or inferred from the migration (null: from the bundle's layout)
   */
  hostFrom?: string | null;
  component: Component;
  line: number;
  time: number | null;
  level: string | null;
  logger: string | null;
  requestId: string | null;
  globalRequestId: string | null;
  instance: string | null;
  /** the whole line as written (cut at 4000 characters) */
  text: string;
  /** lines that followed it and belong to it (traceback), a few at most */
  continuation: string[];
  /** matcher id → named regex groups of that matcher */
  hits: Map<number, Record<string, string>>;
}

export interface RequestSighting {
  requestId: string;
  first: number | null;
  last: number | null;
  lines: number;
  components: Set<Component>;
  hosts: Set<string>;
  /** the global request id it was seen with (nova's id when placement logs its own) */
  related: Set<string>;
}

export const MAX_EVENTS_PER_MATCHER = 4000;
export const MAX_REQUESTS = 300_000;
export const MAX_LINE_CHARS = 4000;

export class EventStore {
  readonly events: LogEvent[] = [];
  readonly requests = new Map<string, RequestSighting>();
  private perMatcher = new Map<number, number>();
  droppedEvents = 0;
  droppedRequests = 0;
  private seq = 0;

  /** Keeps an event when at least one of its matchers still has room. */
  add(ev: Omit<LogEvent, 'seq'>): LogEvent | null {
    let room = false;
    for (const id of ev.hits.keys()) {
      const n = this.perMatcher.get(id) ?? 0;
      if (n < MAX_EVENTS_PER_MATCHER) room = true;
      this.perMatcher.set(id, n + 1);
    }
    if (!room) {
      this.droppedEvents++;
      return null;
    }
    const full: LogEvent = { ...ev, seq: this.seq++ };
    this.events.push(full);
    return full;
  }

  sightRequest(
    requestId: string,
    globalId: string | null,
    time: number | null,
    component: Component,
    host: string | null,
  ): void {
    let s = this.requests.get(requestId);
    if (!s) {
      if (this.requests.size >= MAX_REQUESTS) {
        this.droppedRequests++;
        return;
      }
      s = { requestId, first: time, last: time, lines: 0, components: new Set(), hosts: new Set(), related: new Set() };
      this.requests.set(requestId, s);
    }
    s.lines++;
    s.components.add(component);
    if (host) s.hosts.add(host);
    if (globalId && globalId !== requestId) s.related.add(globalId);
    if (time !== null) {
      if (s.first === null || time < s.first) s.first = time;
      if (s.last === null || time > s.last) s.last = time;
    }
  }

  /** Events hit by one matcher, in time order (events without time last, by file order). */
  byMatcher(id: number): LogEvent[] {
    return this.events.filter((e) => e.hits.has(id));
  }
}
