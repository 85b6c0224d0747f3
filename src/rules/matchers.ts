/**
 * Log matchers: every `log:` condition of every rule (and the timeline's stage markers) compiled
 * once into a form the scanner can test cheaply on every line of a multi-gigabyte bundle.
 *
 * A line is first tested against one combined regular expression of all literal hints of the
 * matchers that apply to its component; only lines that hit it are tested matcher by matcher. So the
 * per-line cost stays one native regex scan however many rules there are.
 */
import type { Component, LogCondition } from './schema';

export const LEVEL_RANK: Record<string, number> = {
  DEBUG: 10,
  debug: 10,
  TRACE: 5,
  INFO: 20,
  info: 20,
  AUDIT: 20,
  NOTICE: 25,
  WARNING: 30,
  WARN: 30,
  DBG: 10,
  ERR: 40,
  EMER: 50,
  CRIT: 50,
  warning: 30,
  ERROR: 40,
  error: 40,
  CRITICAL: 50,
  FATAL: 50,
};

export function levelRank(level: string | null): number {
  if (!level) return 0;
  return LEVEL_RANK[level] ?? 0;
}

export interface LogMatcher {
  /** index in the matcher list; events remember which matchers they hit */
  id: number;
  cond: LogCondition;
  components: Set<Component> | null;
  contains: string[];
  anyOf: string[] | null;
  notContains: string[];
  regex: RegExp | null;
  minLevel: number;
}

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Keeps one matcher per distinct condition, so rules sharing a condition share the work. */
export class MatcherRegistry {
  readonly matchers: LogMatcher[] = [];
  private byKey = new Map<string, LogMatcher>();

  add(cond: LogCondition): LogMatcher {
    const key = JSON.stringify(cond);
    const existing = this.byKey.get(key);
    if (existing) return existing;
    const m: LogMatcher = {
      id: this.matchers.length,
      cond,
      components: cond.component ? new Set(asList(cond.component)) : null,
      contains: asList(cond.contains),
      anyOf: cond.anyOf ?? null,
      notContains: asList(cond.notContains),
      regex: cond.regex ? new RegExp(cond.regex) : null,
      minLevel: cond.level ? levelRank(cond.level) : 0,
    };
    this.matchers.push(m);
    this.byKey.set(key, m);
    return m;
  }

  get(cond: LogCondition): LogMatcher | undefined {
    return this.byKey.get(JSON.stringify(cond));
  }

  /** Matchers that apply to one component, with the combined prefilter of their literal hints. */
  forComponent(component: Component): ComponentMatchers {
    const list = this.matchers.filter((m) => !m.components || m.components.has(component));
    const hints = new Set<string>();
    for (const m of list) {
      if (m.contains.length) hints.add(m.contains[0]!);
      else if (m.anyOf) for (const a of m.anyOf) hints.add(a);
    }
    // Longest first: the alternation then reports the most specific literal (it only needs a hit).
    const sorted = [...hints].sort((a, b) => b.length - a.length).map(escapeRegExp);
    return { matchers: list, prefilter: sorted.length ? new RegExp(sorted.join('|')) : null };
  }
}

export interface ComponentMatchers {
  matchers: LogMatcher[];
  prefilter: RegExp | null;
}

/**
 * Tests one line against one matcher; returns the named groups (or {}) on a hit, null otherwise.
 * `level` is the parsed level of the line, used only when the matcher asks for a minimum.
 */
export function testMatcher(m: LogMatcher, line: string, level: string | null): Record<string, string> | null {
  for (const c of m.contains) if (!line.includes(c)) return null;
  if (m.anyOf && !m.anyOf.some((a) => line.includes(a))) return null;
  for (const n of m.notContains) if (line.includes(n)) return null;
  if (m.minLevel && levelRank(level) < m.minLevel) return null;
  if (m.regex) {
    const r = m.regex.exec(line);
    if (!r) return null;
    const groups: Record<string, string> = {};
    if (r.groups) for (const [k, v] of Object.entries(r.groups)) if (v !== undefined) groups[k] = v;
    return groups;
  }
  return {};
}
