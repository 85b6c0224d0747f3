/**
 * Log matchers: every `log:` condition of every rule (and the timeline's stage markers) compiled
 * once into a form the scanner can test cheaply on every line of a multi-gigabyte bundle.
 *
 * A line is first tested against one combined regular expression of all literal hints of the
 * matchers that apply to its component; only lines that hit it are tested matcher by matcher. So the
 * per-line cost stays one native regex scan however many rules there are.
 */
import type { Component, LogCondition } from './schema';
import { LinearRegex, REGEX_WINDOW } from './linear-regex';

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
  /** linear-time (RE2) regex; sees a bounded window of a long line */
  regex: LinearRegex | null;
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
      regex: cond.regex ? new LinearRegex(cond.regex) : null,
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
  /** The matchers that can hit a line of this component ('*': of any component, for loose files). */
  forComponent(component: Component | '*'): ComponentMatchers {
    const list = component === '*' ? [...this.matchers] : this.matchers.filter((m) => !m.components || m.components.has(component));
    const hints = new Set<string>();
    for (const m of list) {
      if (m.contains.length) hints.add(m.contains[0]!);
      else if (m.anyOf) for (const a of m.anyOf) hints.add(a);
    }
    // Longest first: the alternation then reports the most specific literal (it only needs a hit).
    const sorted = [...hints].sort((a, b) => b.length - a.length);
    const at = new Map(sorted.map((h, i) => [h, i]));
    return {
      matchers: list,
      prefilter: sorted.length ? new RegExp(sorted.map(escapeRegExp).join('|')) : null,
      hints: sorted,
      literals: sorted.length ? new LiteralSet(sorted) : null,
      needs: list.map((m) => (m.contains.length ? [at.get(m.contains[0]!)!] : m.anyOf ? m.anyOf.map((x) => at.get(x)!) : null)),
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
  /**
   * per matcher (same order), the hints (indices in `hints`) of which one must be in a line for the
   * matcher to hit it (its first `contains`, or its `anyOf`); null when it has none
   */
  needs: (number[] | null)[];
}

/**
 * A set of literals searched in bytes, to answer "does any literal occur in buf[start, end)" (the
 * question the prefilter regex answers for a decoded line: for ASCII bytes, which decode to the same
 * characters, the answers are the same) and, for the lines that pass, "which ones".
 *
 * - `test` is Wu-Manber: a window as long as the shortest literal slides along the line by the
 *   distance a hash of its last three bytes allows (the three bytes of a literal's head seen at that
 *   distance from the window's end); only where that distance is 0 are the literals ending in those
 *   bytes compared. On log text it looks at about one byte in six, so the cost hardly grows with
 *   the number of literals. When a literal is shorter than 4 bytes it falls back to the automaton.
 * - `present` goes on to the end of the line, marking every literal found.
 * - With a literal shorter than 4 bytes both use Aho-Corasick instead, as a full transition table
 *   over byte classes (the bytes the literals use, plus one class for all others), the states that
 *   complete a literal numbered last: one table load and one comparison per byte.
 */
export class LiteralSet {
  private readonly pats: Buffer[];
  /** an empty literal: every line hits */
  private readonly all: boolean;
  // Wu-Manber
  private readonly m: number;
  private readonly shift: Uint8Array;
  private readonly bucket: (Int32Array | undefined)[];
  // Aho-Corasick (built on first use)
  private cls: Int32Array = new Int32Array(256);
  private next: Int32Array | null = null;
  private hit = 0;
  private k = 1;
  /** literal ids completed by each state that completes some (state number - first such state) */
  private outs: Int32Array[] = [];

  constructor(literals: string[]) {
    const pats = literals.map((l) => Buffer.from(l, 'utf8'));
    this.pats = pats;
    this.all = pats.some((p) => p.length === 0);
    this.m = pats.length ? Math.min(...pats.map((p) => p.length)) : 0;

    // Wu-Manber tables (blocks of 3 bytes, hashed to 16 bits)
    const m = this.m;
    this.shift = new Uint8Array(1 << WM_BITS);
    this.bucket = new Array<Int32Array | undefined>(1 << WM_BITS);
    if (m >= WM_MIN && !this.all) {
      this.shift.fill(Math.min(255, m - 2));
      const lists = new Map<number, number[]>();
      pats.forEach((p, id) => {
        for (let j = 0; j + 3 <= m; j++) {
          const h = wmHash(p[j]!, p[j + 1]!, p[j + 2]!);
          const sh = m - 3 - j;
          if (sh < this.shift[h]!) this.shift[h] = sh;
          if (sh === 0) {
            let l = lists.get(h);
            if (!l) lists.set(h, (l = []));
            l.push(id);
          }
        }
      });
      for (const [h, l] of lists) this.bucket[h] = Int32Array.from(l);
    }
  }

  /** The automaton, built on first use (most lines never need it). */
  private build(): void {
    if (this.next) return;
    const pats = this.pats;
    // Aho-Corasick: trie, failure links (breadth first), full transition table
    const cls = new Int32Array(256);
    let k = 1;
    for (const p of pats) for (const b of p) if (!cls[b]) cls[b] = k++;
    let cap = 1024;
    let go = new Int32Array(cap * k).fill(-1);
    const ends: number[][] = [[]];
    let n = 1;
    pats.forEach((p, id) => {
      let s = 0;
      for (const b of p) {
        const c = cls[b]!;
        let t = go[s * k + c]!;
        if (t < 0) {
          if (n === cap) {
            const bigger = new Int32Array(cap * 2 * k).fill(-1);
            bigger.set(go);
            go = bigger;
            cap *= 2;
          }
          t = n++;
          ends.push([]);
          go[s * k + c] = t;
        }
        s = t;
      }
      ends[s]!.push(id);
    });
    const fail = new Int32Array(n);
    const delta = new Int32Array(n * k);
    const queue = new Int32Array(n);
    let qt = 0;
    for (let c = 0; c < k; c++) {
      const t = go[c]!;
      if (t >= 0) {
        delta[c] = t;
        queue[qt++] = t;
      }
    }
    for (let qh = 0; qh < qt; qh++) {
      const s = queue[qh]!;
      const f = fail[s]!;
      const fe = ends[f]!;
      if (fe.length) for (const id of fe) if (!ends[s]!.includes(id)) ends[s]!.push(id);
      const row = s * k;
      const frow = f * k;
      for (let c = 0; c < k; c++) {
        const t = go[row + c]!;
        if (t >= 0) {
          fail[t] = delta[frow + c]!;
          delta[row + c] = t;
          queue[qt++] = t;
        } else {
          delta[row + c] = delta[frow + c]!;
        }
      }
    }
    // renumber: states completing a literal last; next states stored premultiplied by k
    const id = new Int32Array(n);
    let i = 0;
    for (let s = 0; s < n; s++) if (!ends[s]!.length) id[s] = i++;
    const firstHit = i;
    const outs: Int32Array[] = [];
    for (let s = 0; s < n; s++) {
      if (ends[s]!.length) {
        id[s] = i++;
        outs.push(Int32Array.from(ends[s]!));
      }
    }
    const next = new Int32Array(n * k);
    for (let s = 0; s < n; s++) {
      const row = id[s]! * k;
      const src = s * k;
      for (let c = 0; c < k; c++) next[row + c] = id[delta[src + c]!]! * k;
    }
    this.cls = cls;
    this.k = k;
    this.hit = firstHit * k;
    this.outs = outs;
    this.next = next;
  }

  /** true when one of the literals occurs in buf[start, end) */
  test(buf: Uint8Array, start: number, end: number): boolean {
    if (this.all) return true;
    const m = this.m;
    if (m < WM_MIN) return this.automaton(buf, start, end);
    const shift = this.shift;
    let i = start + m - 1;
    while (i < end) {
      const h = wmHash(buf[i - 2]!, buf[i - 1]!, buf[i]!);
      const sh = shift[h]!;
      if (sh !== 0) {
        i += sh;
        continue;
      }
      const ids = this.bucket[h];
      if (ids !== undefined) {
        const st = i - m + 1;
        for (let q = 0; q < ids.length; q++) {
          const p = this.pats[ids[q]!]!;
          const len = p.length;
          if (st + len > end) continue;
          let j = 0;
          while (j < len && buf[st + j] === p[j]) j++;
          if (j === len) return true;
        }
      }
      i++;
    }
    return false;
  }

  /**
   * Wu-Manber never slides past the place where an occurrence of a literal ends its first m bytes,
   * so going on after the first hit finds every literal that occurs.
   */
  private presentWm(buf: Uint8Array, start: number, end: number, flags: Uint8Array): number {
    const m = this.m;
    const shift = this.shift;
    let n = 0;
    let i = start + m - 1;
    while (i < end) {
      const h = wmHash(buf[i - 2]!, buf[i - 1]!, buf[i]!);
      const sh = shift[h]!;
      if (sh !== 0) {
        i += sh;
        continue;
      }
      const ids = this.bucket[h];
      if (ids !== undefined) {
        const st = i - m + 1;
        for (let q = 0; q < ids.length; q++) {
          const id = ids[q]!;
          if (flags[id] !== 0) continue;
          const p = this.pats[id]!;
          const len = p.length;
          if (st + len > end) continue;
          let j = 0;
          while (j < len && buf[st + j] === p[j]) j++;
          if (j === len) {
            flags[id] = 1;
            n++;
          }
        }
      }
      i++;
    }
    return n;
  }

  /**
   * For a whole block of lines (buf[start, end), lines separated by LF): the first literal found in
   * each line that holds one, as pairs (start, end) of byte offsets written to out[at…]; returns the
   * number of pairs, or -1 when more than `max`. (Literals hold no LF, so an occurrence lies inside
   * one line; a line with a pair holds a literal, a line without holds none.)
   */
  firstInLines(buf: Uint8Array, start: number, end: number, out: Int32Array, at: number, max: number): number {
    if (this.all || this.m < WM_MIN) return -1;
    const m = this.m;
    const shift = this.shift;
    const text = buf as Buffer;
    let n = 0;
    let i = start + m - 1;
    while (i < end) {
      const h = wmHash(buf[i - 2]!, buf[i - 1]!, buf[i]!);
      const sh = shift[h]!;
      if (sh !== 0) {
        i += sh;
        continue;
      }
      const ids = this.bucket[h];
      let found = -1;
      if (ids !== undefined) {
        const st = i - m + 1;
        for (let q = 0; q < ids.length; q++) {
          const p = this.pats[ids[q]!]!;
          const len = p.length;
          if (st + len > end) continue;
          let j = 0;
          while (j < len && buf[st + j] === p[j]) j++;
          if (j === len) {
            found = len;
            break;
          }
        }
        if (found >= 0) {
          if (n === max) return -1;
          out[at + 2 * n] = st;
          out[at + 2 * n + 1] = st + found;
          n++;
          // on to the next line
          const nl = text.indexOf(10, st);
          if (nl < 0) break;
          i = nl + m;
          continue;
        }
      }
      i++;
    }
    return n;
  }

  private automaton(buf: Uint8Array, start: number, end: number): boolean {
    if (!this.next) this.build();
    const cls = this.cls;
    const next = this.next!;
    const hit = this.hit;
    let s = 0;
    for (let i = start; i < end; i++) {
      s = next[s + cls[buf[i]!]!]!;
      if (s >= hit) return true;
    }
    return false;
  }

  /**
   * Marks in `flags` (indexed like the literals) every literal that occurs in buf[start, end);
   * returns how many distinct ones. `flags` must be all 0 on entry; the caller clears it.
   */
  present(buf: Uint8Array, start: number, end: number, flags: Uint8Array): number {
    if (!this.all && this.m >= WM_MIN) return this.presentWm(buf, start, end, flags);
    if (this.all) {
      let n = 0;
      const text = Buffer.from(buf.buffer, buf.byteOffset + start, end - start);
      this.pats.forEach((p, id) => {
        if (text.indexOf(p) >= 0) {
          flags[id] = 1;
          n++;
        }
      });
      return n;
    }
    if (!this.next) this.build();
    const cls = this.cls;
    const next = this.next!;
    const hit = this.hit;
    let s = 0;
    let n = 0;
    for (let i = start; i < end; i++) {
      s = next[s + cls[buf[i]!]!]!;
      if (s >= hit) {
        const ids = this.outs[((s - hit) / this.k) | 0]!;
        for (let q = 0; q < ids.length; q++) {
          if (flags[ids[q]!] === 0) {
            flags[ids[q]!] = 1;
            n++;
          }
        }
      }
    }
    return n;
  }
}

const WM_BITS = 16;
/** shortest literal for which Wu-Manber is used (shorter: the automaton); `rules lint` refuses shorter hints */
export const WM_MIN = 4;

function wmHash(a: number, b: number, c: number): number {
  return Math.imul(a | (b << 8) | (c << 16), 0x9e3779b1) >>> (32 - WM_BITS);
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
    const r = m.regex.exec(line, hintOffset(m, line));
    return r ? r.groups : null;
  }
  return {};
}

/** Where the matcher's literal hint sits in a line (0 when short or none): a long line's regex window starts near it. */
export function hintOffset(m: LogMatcher, line: string): number {
  if (line.length <= REGEX_WINDOW) return 0;
  if (m.contains.length) return Math.max(0, line.indexOf(m.contains[0]!));
  if (m.anyOf) {
    let best = -1;
    for (const a of m.anyOf) {
      const i = line.indexOf(a);
      if (i >= 0 && (best < 0 || i < best)) best = i;
    }
    return Math.max(0, best);
  }
  return 0;
}
