/**
 * The event store of the collecting pass, built for multi-gigabyte bundles. Same behaviour as
 * `EventStore` (src/facts/events.ts), which it extends, with two differences inside:
 *
 * - The request index is compact. Every oslo line carries a request id, so a large bundle sights
 *   hundreds of thousands of them (up to MAX_REQUESTS); as objects with three Sets each, keyed by
 *   strings that kept their whole log line alive, they were most of the memory. Here a canonical id
 *   (`req-` + lowercase UUID, the only form the scanner produces) is four 32-bit words in an
 *   open-addressing table, and its sighting lives in typed arrays (times, count, components and
 *   hosts packed in insertion order; the rare related ids in a side map). `requests` is a Map whose
 *   `get`/`has`/`size`/iteration build `RequestSighting` objects on demand, so readers see the same
 *   thing as before. Any other id, or any direct write to `requests`, switches the store back to
 *   plain objects (exactly the base behaviour).
 * - `byMatcher` uses an index kept by `add` instead of filtering every event on every call.
 *
 * For the scan worker (scan-worker.ts): the worker's store starts from the main thread's
 * (`exportState` / `importState`), hands over the events it keeps file by file (`takeEvents` /
 * `applyEvents`, so they are not held twice), and gives its whole state back when it ends. The
 * request index is then in one thread at a time, and both run the very same code.
 */
import { COMPONENTS, type Component } from '../rules/schema';
import { EventStore, type LogEvent, MAX_EVENTS_PER_MATCHER, MAX_REQUESTS, type RequestSighting } from '../facts/events';

const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[97 + i] = 10 + i; // lowercase only, as the id pattern

const COMP_INDEX = new Map<string, number>(COMPONENTS.map((c, i) => [c, i + 1]));

/** Scratch words of the last parsed id. */
const K = new Uint32Array(4);

/**
 * Parses a request id at buf[p, p+40) (`req-` already checked by the caller) into K; false unless
 * it is `req-` + 8-4-4-4-12 lowercase hex digits.
 */
export function parseIdBytes(buf: Uint8Array, p: number): boolean {
  if (buf[p + 12] !== 45 || buf[p + 17] !== 45 || buf[p + 22] !== 45 || buf[p + 27] !== 45) return false;
  let w = 0;
  let n = 0;
  let k = 0;
  for (let i = p + 4; i < p + 40; i++) {
    if (i === p + 12 || i === p + 17 || i === p + 22 || i === p + 27) continue;
    const h = HEX[buf[i]!]!;
    if (h < 0) return false;
    w = (w << 4) | h;
    if (++n === 8) {
      K[k++] = w >>> 0;
      w = 0;
      n = 0;
    }
  }
  return true;
}

/** Copies the words of the id parsed last into w. */
export function lastIdWords(w: Uint32Array): void {
  w[0] = K[0]!;
  w[1] = K[1]!;
  w[2] = K[2]!;
  w[3] = K[3]!;
}

/** Same, from a string; false when it is not a canonical request id. */
function parseIdString(s: string): boolean {
  if (s.length !== 40 || s.charCodeAt(0) !== 114 || s.charCodeAt(1) !== 101 || s.charCodeAt(2) !== 113 || s.charCodeAt(3) !== 45) return false;
  if (s.charCodeAt(12) !== 45 || s.charCodeAt(17) !== 45 || s.charCodeAt(22) !== 45 || s.charCodeAt(27) !== 45) return false;
  let w = 0;
  let n = 0;
  let k = 0;
  for (let i = 4; i < 40; i++) {
    if (i === 12 || i === 17 || i === 22 || i === 27) continue;
    const c = s.charCodeAt(i);
    const h = c < 256 ? HEX[c]! : -1;
    if (h < 0) return false;
    w = (w << 4) | h;
    if (++n === 8) {
      K[k++] = w >>> 0;
      w = 0;
      n = 0;
    }
  }
  return true;
}

function hex8(w: number): string {
  return (w >>> 0).toString(16).padStart(8, '0');
}

function idString(a: number, b: number, c: number, d: number): string {
  const x = hex8(b);
  const y = hex8(c);
  return `req-${hex8(a)}-${x.slice(0, 4)}-${x.slice(4)}-${y.slice(0, 4)}-${y.slice(4)}${hex8(d)}`;
}

/** The whole state of a store but its events: to start a worker from it, and to take it back. */
export interface StoreState {
  compact: boolean;
  count: number;
  keys: Uint32Array;
  first: Float64Array;
  last: Float64Array;
  lines: Uint32Array;
  comps: Uint32Array;
  hosts: Uint32Array;
  relKeys: Uint32Array;
  relN: Uint8Array;
  compsMore: [number, string[]][];
  hostsMore: [number, string[]][];
  relMore: [number, string[]][];
  hostNames: string[];
  /** the requests when the store is not compact */
  plain: [string, RequestSighting][];
  seq: number;
  droppedEvents: number;
  droppedRequests: number;
  perMatcher: [number, number][];
}

/** The events a worker kept during one file, and the counters after it. */
export interface EventsDelta {
  events: LogEvent[];
  seq: number;
  droppedEvents: number;
  /** matcher id → events counted so far, for the matchers the file touched */
  perMatcher: [number, number][];
}

class RequestIndexMap extends Map<string, RequestSighting> {
  constructor(private readonly store: ScanStore) {
    super();
  }
  override get(key: string): RequestSighting | undefined {
    if (this.store.compact) {
      const i = this.store.find(key);
      return i >= 0 ? this.store.materialize(i) : undefined;
    }
    return super.get(key);
  }
  override has(key: string): boolean {
    return this.store.compact ? this.store.find(key) >= 0 : super.has(key);
  }
  override get size(): number {
    return this.store.compact ? this.store.count : super.size;
  }
  override set(key: string, value: RequestSighting): this {
    this.store.toPlain();
    return super.set(key, value);
  }
  override delete(key: string): boolean {
    this.store.toPlain();
    return super.delete(key);
  }
  override clear(): void {
    this.store.toPlain();
    super.clear();
  }
  /** the plain Map underneath (used by the store itself) */
  plainSet(key: string, value: RequestSighting): void {
    super.set(key, value);
  }
  plainGet(key: string): RequestSighting | undefined {
    return super.get(key);
  }
  plainClear(): void {
    super.clear();
  }
  override *entries(): MapIterator<[string, RequestSighting]> {
    if (!this.store.compact) {
      yield* super.entries();
      return;
    }
    for (let i = 0; i < this.store.count; i++) {
      const s = this.store.materialize(i);
      yield [s.requestId, s];
    }
  }
  override keys(): MapIterator<string> {
    if (!this.store.compact) return super.keys();
    const store = this.store;
    return (function* () {
      for (let i = 0; i < store.count; i++) yield store.idOf(i);
    })() as MapIterator<string>;
  }
  override values(): MapIterator<RequestSighting> {
    const it = this.entries();
    return (function* () {
      for (const [, v] of it) yield v;
    })() as MapIterator<RequestSighting>;
  }
  override [Symbol.iterator](): MapIterator<[string, RequestSighting]> {
    return this.entries();
  }
  override forEach(cb: (value: RequestSighting, key: string, map: Map<string, RequestSighting>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) cb.call(thisArg, v, k, this);
  }
}

export class ScanStore extends EventStore {
  /** false once the store fell back to plain objects */
  compact = true;
  /** entries of the compact index */
  count = 0;

  private capacity = 0;
  private keys: Uint32Array = new Uint32Array(0);
  private firstT: Float64Array = new Float64Array(0);
  private lastT: Float64Array = new Float64Array(0);
  private lineN: Uint32Array = new Uint32Array(0);
  /** up to 8 components, 4 bits each (index in COMPONENTS + 1), in insertion order */
  private comps: Uint32Array = new Uint32Array(0);
  /** up to 4 hosts, 8 bits each (index in hostNames + 1), in insertion order */
  private hosts: Uint32Array = new Uint32Array(0);
  /** the first related id of an entry, as 4 words (when relN ≥ 1 and it is canonical) */
  private relKeys: Uint32Array = new Uint32Array(0);
  /** 0: no related id; 1: one, in relKeys; 2: in relMore (all of them, in order) */
  private relN: Uint8Array = new Uint8Array(0);
  private compsMore = new Map<number, string[]>();
  private hostsMore = new Map<number, string[]>();
  private relMore = new Map<number, string[]>();
  private hostNames: string[] = [];
  private hostIds = new Map<string, number>();
  private slots: Int32Array = new Int32Array(0);
  private mask = 0;
  /** the two entries found last (see findK) */
  private recent0 = -1;
  private recent1 = -1;

  private readonly counts = new Map<number, number>();
  private readonly index = new Map<number, LogEvent[]>();
  private indexed = 0;
  private nextSeq = 0;

  /** worker side: the matchers touched since the last takeEvents */
  private touchedMatchers = new Set<number>();
  private cache = new Map<number, RequestSighting>();

  constructor() {
    super();
    Object.defineProperty(this, 'requests', { value: new RequestIndexMap(this), writable: false, enumerable: true, configurable: false });
    this.grow(1024);
  }

  // ------------------------------------------------------------------------------------------
  // events

  override add(ev: Omit<LogEvent, 'seq'>): LogEvent | null {
    let room = false;
    for (const id of ev.hits.keys()) {
      const n = this.counts.get(id) ?? 0;
      if (n < MAX_EVENTS_PER_MATCHER) room = true;
      this.counts.set(id, n + 1);
      this.touchedMatchers.add(id);
    }
    if (!room) {
      this.droppedEvents++;
      return null;
    }
    const full: LogEvent = { ...ev, seq: this.nextSeq++ };
    this.events.push(full);
    return full;
  }

  override byMatcher(id: number): LogEvent[] {
    const ev = this.events;
    if (this.indexed > ev.length) {
      this.index.clear();
      this.indexed = 0;
    }
    for (; this.indexed < ev.length; this.indexed++) {
      const e = ev[this.indexed]!;
      for (const m of e.hits.keys()) {
        let list = this.index.get(m);
        if (!list) this.index.set(m, (list = []));
        list.push(e);
      }
    }
    const list = this.index.get(id);
    return list ? list.slice() : [];
  }

  // ------------------------------------------------------------------------------------------
  // request index

  private grow(capacity: number): void {
    const n = this.count;
    const keys = new Uint32Array(capacity * 4);
    keys.set(this.keys.subarray(0, n * 4));
    this.keys = keys;
    const f64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(capacity);
      b.set(a.subarray(0, n));
      return b;
    };
    const u32 = (a: Uint32Array): Uint32Array => {
      const b = new Uint32Array(capacity);
      b.set(a.subarray(0, n));
      return b;
    };
    this.firstT = f64(this.firstT);
    this.lastT = f64(this.lastT);
    this.lineN = u32(this.lineN);
    this.comps = u32(this.comps);
    this.hosts = u32(this.hosts);
    const rk = new Uint32Array(capacity * 4);
    rk.set(this.relKeys.subarray(0, n * 4));
    this.relKeys = rk;
    const rn = new Uint8Array(capacity);
    rn.set(this.relN.subarray(0, n));
    this.relN = rn;
    this.capacity = capacity;
    this.rehash(capacity * 2);
  }

  private rehash(slotCount: number): void {
    let size = 1;
    while (size < slotCount) size <<= 1;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let i = 0; i < this.count; i++) {
      let h = this.hash(this.keys[i * 4]!, this.keys[i * 4 + 1]!, this.keys[i * 4 + 2]!, this.keys[i * 4 + 3]!) & this.mask;
      while (this.slots[h] !== -1) h = (h + 1) & this.mask;
      this.slots[h] = i;
    }
  }

  private hash(a: number, b: number, c: number, d: number): number {
    let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b, 0xc2b2ae35) ^ Math.imul(c, 0x27d4eb2f) ^ Math.imul(d, 0x165667b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return (h ^ (h >>> 13)) >>> 0;
  }

  /** entry of the id in K, or -1 */
  private findK(): number {
    const a = K[0]!;
    const b = K[1]!;
    const c = K[2]!;
    const d = K[3]!;
    const keys = this.keys;
    // a request's lines come together: the last entries found are the likely ones (and the table
    // is too large for the cache)
    const r0 = this.recent0;
    if (r0 >= 0 && keys[r0 * 4] === a && keys[r0 * 4 + 1] === b && keys[r0 * 4 + 2] === c && keys[r0 * 4 + 3] === d) return r0;
    const r1 = this.recent1;
    if (r1 >= 0 && keys[r1 * 4] === a && keys[r1 * 4 + 1] === b && keys[r1 * 4 + 2] === c && keys[r1 * 4 + 3] === d) {
      this.recent1 = r0;
      this.recent0 = r1;
      return r1;
    }
    let h = this.hash(a, b, c, d) & this.mask;
    for (;;) {
      const i = this.slots[h]!;
      if (i < 0) return -1;
      const o = i * 4;
      if (keys[o] === a && keys[o + 1] === b && keys[o + 2] === c && keys[o + 3] === d) {
        this.recent1 = r0;
        this.recent0 = i;
        return i;
      }
      h = (h + 1) & this.mask;
    }
  }

  private insertK(): number {
    if (this.count >= this.capacity) this.grow(Math.max(1024, this.count + 1, Math.min(this.capacity * 2, MAX_REQUESTS)));
    const i = this.count++;
    const o = i * 4;
    this.keys[o] = K[0]!;
    this.keys[o + 1] = K[1]!;
    this.keys[o + 2] = K[2]!;
    this.keys[o + 3] = K[3]!;
    this.firstT[i] = NaN;
    this.lastT[i] = NaN;
    this.lineN[i] = 0;
    this.comps[i] = 0;
    this.hosts[i] = 0;
    this.relN[i] = 0;
    let h = this.hash(K[0]!, K[1]!, K[2]!, K[3]!) & this.mask;
    while (this.slots[h] !== -1) h = (h + 1) & this.mask;
    this.slots[h] = i;
    this.recent1 = this.recent0;
    this.recent0 = i;
    return i;
  }

  /** entry index of a request id string, or -1 */
  find(key: string): number {
    return this.compact && parseIdString(key) ? this.findK() : -1;
  }

  private hostId(host: string): number {
    let i = this.hostIds.get(host);
    if (i === undefined) {
      this.hostNames.push(host);
      i = this.hostNames.length;
      this.hostIds.set(host, i);
    }
    return i;
  }

  /** adds a component to entry i's, keeping their order */
  private addComp(i: number, component: string): void {
    const more = this.compsMore.size !== 0 ? this.compsMore.get(i) : undefined;
    if (more) {
      if (!more.includes(component)) more.push(component);
      return;
    }
    const ci = COMP_INDEX.get(component) ?? 0;
    const packed = this.comps[i]!;
    let k = 0;
    for (; k < 8; k++) {
      const v = (packed >>> (k * 4)) & 15;
      if (v === 0) break;
      if (v === ci) return;
    }
    if (ci === 0 || k === 8) {
      const list: string[] = [];
      for (let j = 0; j < k; j++) list.push(COMPONENTS[((packed >>> (j * 4)) & 15) - 1]!);
      list.push(component);
      this.compsMore.set(i, list);
    } else {
      this.comps[i] = (packed | (ci << (k * 4))) >>> 0;
    }
  }

  /** adds a host to entry i's, keeping their order */
  private addHost(i: number, host: string): void {
    const more = this.hostsMore.size !== 0 ? this.hostsMore.get(i) : undefined;
    if (more) {
      if (!more.includes(host)) more.push(host);
      return;
    }
    const hi = this.hostId(host);
    const packed = this.hosts[i]!;
    let k = 0;
    for (; k < 4; k++) {
      const v = (packed >>> (k * 8)) & 255;
      if (v === 0) break;
      if (v === hi) return;
    }
    if (hi > 255 || k === 4) {
      const list: string[] = [];
      for (let j = 0; j < k; j++) list.push(this.hostNames[((packed >>> (j * 8)) & 255) - 1]!);
      list.push(host);
      this.hostsMore.set(i, list);
    } else {
      this.hosts[i] = (packed | (hi << (k * 8))) >>> 0;
    }
  }

  private relatedOf(i: number): string[] {
    const n = this.relN[i]!;
    if (n === 0) return [];
    if (n === 1) {
      const o = i * 4;
      return [idString(this.relKeys[o]!, this.relKeys[o + 1]!, this.relKeys[o + 2]!, this.relKeys[o + 3]!)];
    }
    return this.relMore.get(i)!.slice();
  }

  /** adds a related id to entry i's, keeping their order */
  private addRelated(i: number, id: string): void {
    const n = this.relN[i]!;
    const o = i * 4;
    if (n === 2) {
      const l = this.relMore.get(i)!;
      if (!l.includes(id)) l.push(id);
      return;
    }
    // K holds the entry's own id: keep it
    const k0 = K[0]!;
    const k1 = K[1]!;
    const k2 = K[2]!;
    const k3 = K[3]!;
    const canonical = parseIdString(id);
    if (n === 0 && canonical) {
      this.relKeys[o] = K[0]!;
      this.relKeys[o + 1] = K[1]!;
      this.relKeys[o + 2] = K[2]!;
      this.relKeys[o + 3] = K[3]!;
      this.relN[i] = 1;
    } else if (n === 1 && canonical && this.relKeys[o] === K[0] && this.relKeys[o + 1] === K[1] && this.relKeys[o + 2] === K[2] && this.relKeys[o + 3] === K[3]) {
      // already there
    } else {
      const l = n === 1 ? this.relatedOf(i) : [];
      if (!l.includes(id)) l.push(id);
      this.relMore.set(i, l);
      this.relN[i] = 2;
    }
    K[0] = k0;
    K[1] = k1;
    K[2] = k2;
    K[3] = k3;
  }

  /** one sighting of the id in K (entry found or made) */
  private sightK(relate: string | null, time: number | null, component: Component, host: string | null): void {
    let i = this.findK();
    if (i < 0) {
      if (this.count >= MAX_REQUESTS) {
        this.droppedRequests++;
        return;
      }
      i = this.insertK();
    }
    if (this.cache.size !== 0) this.cache.delete(i);
    this.lineN[i]!++;
    this.addComp(i, component);
    if (host) this.addHost(i, host);
    if (relate !== null) this.addRelated(i, relate);
    if (time !== null) {
      const f = this.firstT[i]!;
      if (f !== f || time < f) this.firstT[i] = time;
      const l = this.lastT[i]!;
      if (l !== l || time > l) this.lastT[i] = time;
    }
  }

  override sightRequest(requestId: string, globalId: string | null, time: number | null, component: Component, host: string | null): void {
    if (this.compact && !parseIdString(requestId)) this.toPlain();
    if (!this.compact) {
      super.sightRequest(requestId, globalId, time, component, host);
      return;
    }
    this.sightK(globalId !== null && globalId !== requestId ? globalId : null, time, component, host);
  }

  /**
   * One sighting of a canonical id given as its 4 words (see parseIdBytes), adding `relate` (a
   * different request id seen with it) to its related ones.
   */
  sightWords(w: Uint32Array, relate: string | null, time: number | null, component: Component, host: string | null): void {
    if (!this.compact) {
      super.sightRequest(idString(w[0]!, w[1]!, w[2]!, w[3]!), relate, time, component, host);
      return;
    }
    K[0] = w[0]!;
    K[1] = w[1]!;
    K[2] = w[2]!;
    K[3] = w[3]!;
    this.sightK(relate, time, component, host);
  }

  private compsOf(i: number): string[] {
    const more = this.compsMore.get(i);
    if (more) return more.slice();
    const out: string[] = [];
    const p = this.comps[i]!;
    for (let k = 0; k < 8; k++) {
      const v = (p >>> (k * 4)) & 15;
      if (!v) break;
      out.push(COMPONENTS[v - 1]!);
    }
    return out;
  }

  private hostsOf(i: number): string[] {
    const more = this.hostsMore.get(i);
    if (more) return more.slice();
    const out: string[] = [];
    const p = this.hosts[i]!;
    for (let k = 0; k < 4; k++) {
      const v = (p >>> (k * 8)) & 255;
      if (!v) break;
      out.push(this.hostNames[v - 1]!);
    }
    return out;
  }

  /** The request id of entry i. */
  idOf(i: number): string {
    const o = i * 4;
    return idString(this.keys[o]!, this.keys[o + 1]!, this.keys[o + 2]!, this.keys[o + 3]!);
  }

  /** The sighting of entry i as the base store keeps it (a fresh object, cached until it changes). */
  materialize(i: number): RequestSighting {
    const c = this.cache.get(i);
    if (c) return c;
    const o = i * 4;
    const f = this.firstT[i]!;
    const l = this.lastT[i]!;
    const s: RequestSighting = {
      requestId: idString(this.keys[o]!, this.keys[o + 1]!, this.keys[o + 2]!, this.keys[o + 3]!),
      first: f === f ? f : null,
      last: l === l ? l : null,
      lines: this.lineN[i]!,
      components: new Set(this.compsOf(i) as Component[]),
      hosts: new Set(this.hostsOf(i)),
      related: new Set(this.relatedOf(i)),
    };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(i, s);
    return s;
  }

  /** Falls back to plain objects in the map (base behaviour from here on). */
  toPlain(): void {
    if (!this.compact) return;
    const map = this.requests as RequestIndexMap;
    const all: RequestSighting[] = [];
    for (let i = 0; i < this.count; i++) all.push(this.materialize(i));
    this.compact = false;
    for (const s of all) map.plainSet(s.requestId, { ...s, components: new Set(s.components), hosts: new Set(s.hosts), related: new Set(s.related) });
    this.clearIndex();
  }

  private clearIndex(): void {
    this.recent0 = this.recent1 = -1;
    this.count = 0;
    this.slots.fill(-1);
    this.compsMore.clear();
    this.hostsMore.clear();
    this.relMore.clear();
    this.cache.clear();
  }

  // ------------------------------------------------------------------------------------------
  // the scan worker's store and the main thread's

  /**
   * Everything but the events: a worker's store starts from it, or gives it back. `own`: the
   * store's own arrays rather than copies (for a store that is done: they can be transferred).
   */
  exportState(own = false): StoreState {
    const n = this.count;
    const map = this.requests as RequestIndexMap;
    const take = <T extends Uint32Array | Float64Array | Uint8Array>(a: T, len: number): T => (own ? a : (a.slice(0, len) as T));
    return {
      compact: this.compact,
      count: n,
      keys: take(this.keys, n * 4),
      first: take(this.firstT, n),
      last: take(this.lastT, n),
      lines: take(this.lineN, n),
      comps: take(this.comps, n),
      hosts: take(this.hosts, n),
      relKeys: take(this.relKeys, n * 4),
      relN: take(this.relN, n),
      compsMore: [...this.compsMore],
      hostsMore: [...this.hostsMore],
      relMore: [...this.relMore],
      hostNames: this.hostNames.slice(),
      plain: this.compact ? [] : [...map.entries()].map(([k, v]) => [k, { ...v, components: new Set(v.components), hosts: new Set(v.hosts), related: new Set(v.related) }] as [string, RequestSighting]),
      seq: this.nextSeq,
      droppedEvents: this.droppedEvents,
      droppedRequests: this.droppedRequests,
      perMatcher: [...this.counts],
    };
  }

  /** The typed arrays of an exported state, to transfer rather than copy. */
  static transferables(st: StoreState): ArrayBuffer[] {
    return [st.keys, st.first, st.last, st.lines, st.comps, st.hosts, st.relKeys, st.relN].map((a) => a.buffer as ArrayBuffer);
  }

  /** Takes over an exported state (the request index and the counters; events are left as they are). */
  importState(st: StoreState): void {
    const map = this.requests as RequestIndexMap;
    map.plainClear();
    this.compact = true;
    this.count = 0;
    this.capacity = 0;
    this.keys = new Uint32Array(0);
    this.hostNames = [];
    this.hostIds.clear();
    for (const h of st.hostNames) this.hostId(h);
    // adopt the arrays, then grow them to some room and rebuild the hash slots
    this.count = st.count;
    this.keys = st.keys;
    this.firstT = st.first;
    this.lastT = st.last;
    this.lineN = st.lines;
    this.comps = st.comps;
    this.hosts = st.hosts;
    this.relKeys = st.relKeys;
    this.relN = st.relN;
    this.compsMore = new Map(st.compsMore);
    this.hostsMore = new Map(st.hostsMore);
    this.relMore = new Map(st.relMore);
    this.cache.clear();
    this.recent0 = this.recent1 = -1;
    // the arrays' length is their capacity (they grow when an entry no longer fits)
    this.capacity = st.first.length;
    this.rehash(Math.max(2048, this.capacity * 2));
    if (!st.compact) {
      this.compact = false;
      this.count = 0;
      for (const [k, v] of st.plain) map.plainSet(k, v);
    }
    this.nextSeq = st.seq;
    this.droppedEvents = st.droppedEvents;
    this.droppedRequests = st.droppedRequests;
    this.counts.clear();
    for (const [m, c] of st.perMatcher) this.counts.set(m, c);
    this.touchedMatchers.clear();
  }

  /** Worker side: the events kept since the last call, which the store then lets go of. */
  takeEvents(): EventsDelta {
    const perMatcher: [number, number][] = [];
    for (const m of this.touchedMatchers) perMatcher.push([m, this.counts.get(m) ?? 0]);
    this.touchedMatchers.clear();
    const events = this.events.slice();
    this.events.length = 0;
    return { events, seq: this.nextSeq, droppedEvents: this.droppedEvents, perMatcher };
  }

  /** Main thread side: the events a worker kept for one file, in their place. */
  applyEvents(d: EventsDelta): void {
    for (const e of d.events) this.events.push(e);
    this.nextSeq = d.seq;
    this.droppedEvents = d.droppedEvents;
    for (const [m, c] of d.perMatcher) this.counts.set(m, c);
  }
}
