/**
 * How closely a log event is tied to one migration. This is what keeps red herrings down: an error of
 * another instance, an error two days old, a line from a host that is neither source nor target.
 */
import type { LogEvent } from './events';
import type { Facts } from './build';
import type { Migration } from './migration';
import type { Role, Scope } from '../rules/schema';

/** Minutes of slack around the migration's window (clock skew between nodes, slow cleanup). */
export const WINDOW_BEFORE_MS = 5 * 60_000;
export const WINDOW_AFTER_MS = 30 * 60_000;
/** Without an end time, a migration is assumed to last at most this long. */
export const DEFAULT_SPAN_MS = 2 * 3600_000;

export interface Tie {
  /** 0…1: 1 = same request id; 0.9 = names the instance in the window; 0.7 = scoped host in window … */
  weight: number;
  how: 'request' | 'instance' | 'window' | 'any' | 'earlier' | 'sole';
}

export function windowOf(m: Migration): { start: number | null; end: number | null } {
  if (m.start === null) return { start: null, end: null };
  const end = m.end !== null && m.end >= m.start ? m.end : m.start + DEFAULT_SPAN_MS;
  return { start: m.start - WINDOW_BEFORE_MS, end: end + WINDOW_AFTER_MS };
}

export function inWindow(t: number | null, m: Migration): boolean | null {
  const w = windowOf(m);
  if (t === null || w.start === null) return null;
  return t >= w.start && t <= w.end!;
}

export function hostsForRole(facts: Facts, m: Migration, role: Role): (string | null)[] | null {
  switch (role) {
    case 'source':
      return [m.source];
    case 'target':
      return [m.target];
    case 'control':
      return [null];
    case 'storage':
      return storageHosts(facts, m);
    case 'any':
      return null;
  }
}

export function storageHosts(facts: Facts, m: Migration): string[] {
  const inst = facts.instances.get(m.instance);
  const vols = facts.volumes.filter((v) => inst?.volumeIds.includes(v.id) || v.attachments.some((a) => a.serverId === m.instance));
  const hosts = new Set<string>();
  for (const v of vols) if (v.backendHost) hosts.add(v.backendHost.split('@')[0]!);
  if (!hosts.size) {
    for (const s of facts.services) if (s.binary === 'cinder-volume') hosts.add(s.host.split('@')[0]!);
  }
  return [...hosts];
}

export function hostMatches(facts: Facts, host: string | null, wanted: (string | null)[] | null): boolean {
  if (wanted === null) return true;
  if (host === null) return wanted.includes(null);
  return wanted.some((w) => w !== null && facts.directory.isSame(host, w));
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The text names an instance (`[instance: …]`, `instance …`, `/servers/…`) that is not this one. */
function namesOtherInstance(text: string, instance: string): boolean {
  if (!/instance|servers\/|migrate /i.test(text)) return false;
  for (const m of text.matchAll(UUID)) {
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    if (m[0] !== instance && /(instance:? |servers\/|migrate )$/i.test(before)) return true;
  }
  return false;
}

export function eventMentionsInstance(e: LogEvent, instance: string): boolean {
  return e.instance === instance || e.text.includes(instance);
}

export function sameRequest(facts: Facts, e: LogEvent, m: Migration): boolean {
  if (!m.requestId) return false;
  if (e.requestId === m.requestId || e.globalRequestId === m.requestId) return true;
  // placement logs nova's id as the global id; a local id seen with it is the same request
  if (e.requestId) {
    const s = facts.events.requests.get(e.requestId);
    if (s?.related.has(m.requestId)) return true;
  }
  return false;
}

/**
 * Tie of an event to a migration, or null when the scope excludes it. Events of the same request are
 * always tied; events naming the instance must fall in the window (an earlier attempt of the same
 * instance counts, weakly); host-scoped events must fall in the window.
 */
export function tieOf(facts: Facts, e: LogEvent, m: Migration, scope: Scope): Tie | null {
  if (sameRequest(facts, e, m)) return { weight: 1, how: 'request' };
  const win = inWindow(e.time, m);
  // another request of the same instance (an earlier attempt) names it as well as `[instance: …]` does
  const named = eventMentionsInstance(e, m.instance) || (e.requestId !== null && facts.requestInstance?.get(e.requestId) === m.instance);
  // A line carrying another request id that names no instance belongs to someone else's request.
  const otherRequest = e.requestId !== null && m.requestId !== null && !named;
  // The input holds this migration only: a line that names no instance and carries no other
  // request (a pasted error, a libvirtd line) is about it, more weakly than a line that says so.
  if (m.sole && !named && e.instance === null && !namesOtherInstance(e.text, m.instance) && (e.requestId === null || m.requestId === null)) {
    if (win !== false) return { weight: 0.6, how: 'sole' };
  }
  if (scope === 'request') {
    // Without a known request id, the instance in the window is the best stand-in.
    if (m.requestId === null && named && win !== false) return { weight: 0.85, how: 'instance' };
    // A request of an earlier attempt of the same instance, the same day: listed, but weak.
    if (named && e.requestId !== null && m.start !== null && e.time !== null && e.time < m.start - WINDOW_BEFORE_MS && m.start - e.time < 24 * 3600_000) {
      return { weight: 0.45, how: 'earlier' };
    }
    return null;
  }
  if (named) {
    if (win === true) return { weight: 0.9, how: 'instance' };
    if (win === null) return { weight: 0.75, how: 'instance' };
    // an earlier attempt of the same instance within a day: listed, but weak
    if (m.start !== null && e.time !== null && e.time < m.start && m.start - e.time < 24 * 3600_000) {
      return { weight: 0.45, how: 'earlier' };
    }
    return null;
  }
  if (scope === 'instance') return null;
  if (otherRequest && e.instance !== null) return null;
  if (scope === 'window') {
    if (win === true) return { weight: otherRequest ? 0.4 : 0.7, how: 'window' };
    if (win === null) return { weight: 0.5, how: 'window' };
    return null;
  }
  // scope any
  return { weight: win === false ? 0.3 : 0.5, how: 'any' };
}
