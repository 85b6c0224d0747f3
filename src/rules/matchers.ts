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
    const sorted = [...hints].sort((a, b) => b.length - a.length);
    return {
      matchers: list,
      prefilter: sorted.length ? new RegExp(sorted.map(escapeRegExp).join('|')) : null,
      hints: sorted,
      literals: sorted.length ? new LiteralSet(sorted) : null,
    };
  }
}

export interface ComponentMatchers {
  matchers: LogMatcher[];
  /** one regex of all literal hints: a line that does not hit it hits no matcher */
  prefilter: RegExp | null;
  /** the literal hints themselves */
  hints: string[];
  /** the same test on bytes (ASCII lines): `literals.test(buf, s, e)` ⇔ `prefilter.test(line)` */
  literals: LiteralSet | null;
}

/**
 * A set of literals searched in bytes at once: an Aho-Corasick automaton turned into a full
 * transition table over byte classes (the bytes the literals use, plus one class for all others),
 * with the states that complete a literal numbered last, so the inner loop is one table load and one
 * comparison per byte, whatever the number of literals. Answers "does any literal occur in
 * buf[start, end)", the question the prefilter regex answers for a decoded line: for a line of
 * ASCII bytes (which decode to the same characters) both answers are the same.
 */
export class LiteralSet {
  /** byte → class, premultiplied by nothing (0 = a byte no literal uses) */
  private readonly cls: Int32Array;
  /** state × classes + class → next state × classes */
  private readonly next: Int32Array;
  /** first (premultiplied) state that completes a literal */
  private readonly hit: number;
  /** an empty literal: every line hits */
  private readonly all: boolean;

  constructor(literals: string[]) {
    const pats = literals.map((l) => Buffer.from(l, 'utf8'));
    this.all = pats.some((p) => p.length === 0);
    const cls = new Int32Array(256);
    let k = 1;
    for (const p of pats) for (const b of p) if (!cls[b]) cls[b] = k++;
    // trie
    const go: Map<number, number>[] = [new Map()];
    const out: boolean[] = [false];
    for (const p of pats) {
      let s = 0;
      for (const b of p) {
        const c = cls[b]!;
        let t = go[s]!.get(c);
        if (t === undefined) {
          t = go.length;
          go.push(new Map());
          out.push(false);
          go[s]!.set(c, t);
        }
        s = t;
      }
      out[s] = true;
    }
    // failure links (breadth first) and the full transition table
    const n = go.length;
    const fail = new Int32Array(n);
    const delta = new Int32Array(n * k);
    const queue: number[] = [];
    for (let c = 0; c < k; c++) {
      const t = go[0]!.get(c);
      delta[c] = t ?? 0;
      if (t !== undefined) queue.push(t);
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      if (out[fail[s]!]) out[s] = true;
      for (let c = 0; c < k; c++) {
        const t = go[s]!.get(c);
        if (t !== undefined) {
          fail[t] = delta[fail[s]! * k + c]!;
          delta[s * k + c] = t;
          queue.push(t);
        } else {
          delta[s * k + c] = delta[fail[s]! * k + c]!;
        }
      }
    }
    // renumber: states completing a literal last; store next states premultiplied by k
    const order: number[] = [];
    for (let s = 0; s < n; s++) if (!out[s]) order.push(s);
    const firstHit = order.length;
    for (let s = 0; s < n; s++) if (out[s]) order.push(s);
    const id = new Int32Array(n);
    order.forEach((s, i) => (id[s] = i));
    const next = new Int32Array(n * k);
    for (let s = 0; s < n; s++) for (let c = 0; c < k; c++) next[id[s]! * k + c] = id[delta[s * k + c]!]! * k;
    this.cls = cls;
    this.next = next;
    this.hit = firstHit * k;
  }

  /** true when one of the literals occurs in buf[start, end) */
  test(buf: Uint8Array, start: number, end: number): boolean {
    if (this.all) return true;
    const cls = this.cls;
    const next = this.next;
    const hit = this.hit;
    let s = 0;
    for (let i = start; i < end; i++) {
      s = next[s + cls[buf[i]!]!]!;
      if (s >= hit) return true;
    }
    return false;
  }
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
