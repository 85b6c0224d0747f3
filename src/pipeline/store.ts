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
 * For the scan worker the store can also export what changed since the last export (`takeDelta`)
 * and apply such a delta (`applyDelta`), so the main thread holds the same store as the worker.
 */
import { COMPONENTS, type Component } from '../rules/schema';
import { EventStore, type LogEvent, MAX_EVENTS_PER_MATCHER, MAX_REQUESTS, type RequestSighting } from '../facts/events';

const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[97 + i] = 10 + i; // lowercase only, as the id pattern

const COMP_INDEX = new Map<string, number>(COMPONENTS.map((c, i) => [c, i + 1]));

/** `req-` + 8-4-4-4-12 lowercase hex: positions of the dashes in the 40 characters */
const DASHES = [12, 17, 22, 27];

/** Scratch words of the last parsed id. */
const K = new Uint32Array(4);

/** Parses a canonical request id at buf[p, p+40) (without checking the `req-` prefix) into K. */
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

/** Same, from a string; false when it is not a canonical request id. */
function parseIdString(s: string): boolean {
  if (s.length !== 40 || s.charCodeAt(0) !== 114 || s.charCodeAt(1) !== 101 || s.charCodeAt(2) !== 113 || s.charCodeAt(3) !== 45) return false;
  for (const d of DASHES) if (s.charCodeAt(d) !== 45) return false;
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

/** What changed in a store since the last delta, for the main thread's copy. */
export interface StoreDelta {
  /** entry indices (ascending) and their whole state */
  idx: Int32Array;
  keys: Uint32Array;
  first: Float64Array;
  last: Float64Array;
  lines: Uint32Array;
  comps: Uint32Array;
  hosts: Uint32Array;
  compsMore: [number, string[]][];
  hostsMore: [number, string[]][];
  related: [number, string[]][];
  newHosts: string[];
  events: LogEvent[];
  seq: number;
  droppedEvents: number;
  droppedRequests: number;
  perMatcher: [number, number][];
  /** set when the sending store fell back to plain objects: the whole map, and no compact part */
  plain: [string, RequestSighting][] | null;
}

/** The whole request index and counters, to start a worker from a store filled in-thread. */
export type StoreState = StoreDelta;

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
    const it = this.entries();
    return (function* () {
      for (const [k] of it) yield k;
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
  private compsMore = new Map<number, string[]>();
  private hostsMore = new Map<number, string[]>();
  private related = new Map<number, Set<string>>();
  private hostNames: string[] = [];
  private hostIds = new Map<string, number>();
  private slots = new Int32Array(0);
  private mask = 0;

  private readonly counts = new Map<number, number>();
  private readonly index = new Map<number, LogEvent[]>();
  private indexed = 0;
  private nextSeq = 0;

  /** delta tracking (scan worker) */
  private tracking = false;
  private stamp = new Uint8Array(0);
  private dirty: number[] = [];
  private hostsSent = 0;
  private eventsSent = 0;
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
      if (this.tracking) this.touchedMatchers.add(id);
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
    const st = new Uint8Array(capacity);
    st.set(this.stamp.subarray(0, n));
    this.stamp = st;
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
    let h = this.hash(a, b, c, d) & this.mask;
    const keys = this.keys;
    for (;;) {
      const i = this.slots[h]!;
      if (i < 0) return -1;
      const o = i * 4;
      if (keys[o] === a && keys[o + 1] === b && keys[o + 2] === c && keys[o + 3] === d) return i;
      h = (h + 1) & this.mask;
    }
  }

  private insertK(): number {
    if (this.count >= this.capacity) this.grow(Math.max(this.count + 1, Math.min(this.capacity * 2, MAX_REQUESTS)));
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
    let h = this.hash(K[0]!, K[1]!, K[2]!, K[3]!) & this.mask;
    while (this.slots[h] !== -1) h = (h + 1) & this.mask;
    this.slots[h] = i;
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

  private touch(i: number): void {
    if (this.cache.size !== 0) this.cache.delete(i);
    if (this.tracking && this.stamp[i] === 0) {
      this.stamp[i] = 1;
      this.dirty.push(i);
    }
  }

  /** one sighting of the id in K (entry found or made); null host and global allowed */
  private sightK(relate: string | null, time: number | null, component: Component, host: string | null): void {
    let i = this.findK();
    if (i < 0) {
      if (this.count >= MAX_REQUESTS) {
        this.droppedRequests++;
        return;
      }
      i = this.insertK();
      if (time !== null) {
        this.firstT[i] = time;
        this.lastT[i] = time;
      }
    }
    this.touch(i);
    this.lineN[i]!++;
    // components, in insertion order
    const more = this.compsMore.size !== 0 ? this.compsMore.get(i) : undefined;
    if (more) {
      if (!more.includes(component)) more.push(component);
    } else {
      const ci = COMP_INDEX.get(component) ?? 0;
      let packed = this.comps[i]!;
      let k = 0;
      let found = false;
      for (; k < 8; k++) {
        const v = (packed >>> (k * 4)) & 15;
        if (v === 0) break;
        if (v === ci) {
          found = true;
          break;
        }
      }
      if (!found) {
        if (ci === 0 || k === 8) {
          const list: string[] = [];
          for (let j = 0; j < k; j++) list.push(COMPONENTS[((packed >>> (j * 4)) & 15) - 1]!);
          list.push(component);
          this.compsMore.set(i, list);
        } else {
          packed = (packed | (ci << (k * 4))) >>> 0;
          this.comps[i] = packed;
        }
      }
    }
    if (host) {
      const hm = this.hostsMore.size !== 0 ? this.hostsMore.get(i) : undefined;
      if (hm) {
        if (!hm.includes(host)) hm.push(host);
      } else {
        const hi = this.hostId(host);
        let packed = this.hosts[i]!;
        let k = 0;
        let found = false;
        for (; k < 4; k++) {
          const v = (packed >>> (k * 8)) & 255;
          if (v === 0) break;
          if (v === hi) {
            found = true;
            break;
          }
        }
        if (!found) {
          if (hi > 255 || k === 4) {
            const list: string[] = [];
            for (let j = 0; j < k; j++) list.push(this.hostNames[((packed >>> (j * 8)) & 255) - 1]!);
            list.push(host);
            this.hostsMore.set(i, list);
          } else {
            packed = (packed | (hi << (k * 8))) >>> 0;
            this.hosts[i] = packed;
          }
        }
      }
    }
    if (relate !== null) {
      let r = this.related.get(i);
      if (!r) this.related.set(i, (r = new Set()));
      r.add(relate);
    }
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
   * One sighting of the canonical id at buf[p, p+40) (already checked by the caller), with its
   * global id (a string) or null. The id string is only built when needed.
   */
  sightBytes(buf: Uint8Array, p: number, globalId: string | null, time: number | null, component: Component, host: string | null): void {
    if (!this.compact) {
      super.sightRequest(Buffer.from(buf.buffer, buf.byteOffset + p, 40).toString('latin1'), globalId, time, component, host);
      return;
    }
    parseIdBytes(buf, p);
    let relate = globalId;
    if (relate !== null && relate.length === 40) {
      let same = true;
      for (let k = 0; k < 40; k++) {
        if (relate.charCodeAt(k) !== buf[p + k]) {
          same = false;
          break;
        }
      }
      if (same) relate = null;
    }
    this.sightK(relate, time, component, host);
  }

  /** The sighting of entry i as the base store keeps it (a fresh object, cached until it changes). */
  materialize(i: number): RequestSighting {
    const c = this.cache.get(i);
    if (c) return c;
    const o = i * 4;
    const f = this.firstT[i]!;
    const l = this.lastT[i]!;
    const components = new Set<Component>();
    const more = this.compsMore.get(i);
    if (more) for (const x of more) components.add(x as Component);
    else {
      const p = this.comps[i]!;
      for (let k = 0; k < 8; k++) {
        const v = (p >>> (k * 4)) & 15;
        if (!v) break;
        components.add(COMPONENTS[v - 1]!);
      }
    }
    const hosts = new Set<string>();
    const hm = this.hostsMore.get(i);
    if (hm) for (const x of hm) hosts.add(x);
    else {
      const p = this.hosts[i]!;
      for (let k = 0; k < 4; k++) {
        const v = (p >>> (k * 8)) & 255;
        if (!v) break;
        hosts.add(this.hostNames[v - 1]!);
      }
    }
    const s: RequestSighting = {
      requestId: idString(this.keys[o]!, this.keys[o + 1]!, this.keys[o + 2]!, this.keys[o + 3]!),
      first: f === f ? f : null,
      last: l === l ? l : null,
      lines: this.lineN[i]!,
      components,
      hosts,
      related: new Set(this.related.get(i) ?? []),
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
    this.count = 0;
    this.cache.clear();
  }

  // ------------------------------------------------------------------------------------------
  // deltas between the scan worker and the main thread

  /** start recording changes (worker side) */
  track(): void {
    this.tracking = true;
    this.eventsSent = this.events.length;
  }

  /** Everything that changed since the last call (or since track()). */
  takeDelta(): StoreDelta {
    const d = this.snapshot(this.dirty, this.touchedMatchers, this.hostsSent, this.eventsSent);
    for (const i of this.dirty) this.stamp[i] = 0;
    this.dirty = [];
    this.touchedMatchers.clear();
    this.hostsSent = this.hostNames.length;
    this.eventsSent = this.events.length;
    return d;
  }

  /** The whole state (request index, counters; no events), to start a worker from this store. */
  exportState(): StoreState {
    return this.snapshot(
      Array.from({ length: this.count }, (_, i) => i),
      this.counts.keys(),
      0,
      this.events.length,
    );
  }

  private snapshot(entries: number[], matchers: Iterable<number>, hostsFrom: number, eventsFrom: number): StoreDelta {
    const sorted = entries.slice().sort((a, b) => a - b);
    const n = sorted.length;
    const idx = Int32Array.from(sorted);
    const keys = new Uint32Array(n * 4);
    const first = new Float64Array(n);
    const last = new Float64Array(n);
    const lines = new Uint32Array(n);
    const comps = new Uint32Array(n);
    const hosts = new Uint32Array(n);
    const compsMore: [number, string[]][] = [];
    const hostsMore: [number, string[]][] = [];
    const related: [number, string[]][] = [];
    for (let j = 0; j < n; j++) {
      const i = idx[j]!;
      keys.set(this.keys.subarray(i * 4, i * 4 + 4), j * 4);
      first[j] = this.firstT[i]!;
      last[j] = this.lastT[i]!;
      lines[j] = this.lineN[i]!;
      comps[j] = this.comps[i]!;
      hosts[j] = this.hosts[i]!;
      const cm = this.compsMore.get(i);
      if (cm) compsMore.push([i, cm.slice()]);
      const hm = this.hostsMore.get(i);
      if (hm) hostsMore.push([i, hm.slice()]);
      const r = this.related.get(i);
      if (r) related.push([i, [...r]]);
    }
    const perMatcher: [number, number][] = [];
    for (const m of matchers) perMatcher.push([m, this.counts.get(m) ?? 0]);
    return {
      idx,
      keys,
      first,
      last,
      lines,
      comps,
      hosts,
      compsMore,
      hostsMore,
      related,
      newHosts: this.hostNames.slice(hostsFrom),
      events: this.events.slice(eventsFrom),
      seq: this.nextSeq,
      droppedEvents: this.droppedEvents,
      droppedRequests: this.droppedRequests,
      perMatcher,
      plain: this.compact ? null : [...this.requests.entries()],
    };
  }

  /** The worker keeps no event bodies once they are sent (the main thread holds them). */
  releaseEvents(): void {
    this.events.length = 0;
    this.eventsSent = 0;
  }

  /** Applies a delta taken from another store that started from the same state. */
  applyDelta(d: StoreDelta): void {
    for (const h of d.newHosts) this.hostId(h);
    if (d.plain) {
      this.toPlain();
      const map = this.requests as RequestIndexMap;
      for (const [k, v] of d.plain) map.plainSet(k, v);
    } else {
      for (let j = 0; j < d.idx.length; j++) {
        const i = d.idx[j]!;
        K[0] = d.keys[j * 4]!;
        K[1] = d.keys[j * 4 + 1]!;
        K[2] = d.keys[j * 4 + 2]!;
        K[3] = d.keys[j * 4 + 3]!;
        let at = i < this.count ? i : -1;
        if (at < 0) {
          if (i !== this.count) throw new Error(`scan store out of step: entry ${i}, have ${this.count}`);
          at = this.insertK();
        }
        this.cache.delete(at);
        this.firstT[at] = d.first[j]!;
        this.lastT[at] = d.last[j]!;
        this.lineN[at] = d.lines[j]!;
        this.comps[at] = d.comps[j]!;
        this.hosts[at] = d.hosts[j]!;
      }
      for (const [i, l] of d.compsMore) this.compsMore.set(i, l);
      for (const [i, l] of d.hostsMore) this.hostsMore.set(i, l);
      for (const [i, l] of d.related) this.related.set(i, new Set(l));
    }
    for (const e of d.events) this.events.push(e);
    this.nextSeq = d.seq;
    this.droppedEvents = d.droppedEvents;
    this.droppedRequests = d.droppedRequests;
    for (const [m, n] of d.perMatcher) this.counts.set(m, n);
  }

}
