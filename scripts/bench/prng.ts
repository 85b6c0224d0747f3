/**
 * Deterministic randomness and cheap formatting for the bundle generator: a seeded PRNG (mulberry32),
 * ids in the shapes OpenStack prints, and timestamp prefixes cached per second so that formatting
 * a line costs a string concatenation, not a Date.
 */

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }

  /** uniform 32-bit unsigned integer */
  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** uniform float in [0, 1) */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  hex8(): string {
    return this.u32().toString(16).padStart(8, '0');
  }

  /** 32 hex digits: keystone user / project ids */
  hex32(): string {
    return this.hex8() + this.hex8() + this.hex8() + this.hex8();
  }

  /** a random UUID (version 4 shape) */
  uuid(): string {
    const a = this.hex8();
    const b = this.hex8();
    const c = this.hex8();
    const d = this.hex8();
    return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${'89ab'[this.u32() & 3]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }

  req(): string {
    return `req-${this.uuid()}`;
  }

  mac(): string {
    const h = this.hex8();
    return `fa:16:3e:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}`;
  }
}

/** FNV-1a of a string, to derive per-file seeds from paths. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * Timestamp prefixes. `second(t)` recomputes the `YYYY-MM-DD HH:MM:SS` part only when the second
 * changes; the millisecond part is appended by the callers.
 */
export class Clock {
  private sec = -1;
  private date = '';
  private time = '';

  private update(t: number): void {
    const s = Math.floor(t / 1000);
    if (s === this.sec) return;
    this.sec = s;
    const d = new Date(s * 1000);
    this.date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
    this.time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  }

  /** oslo: `2026-11-20 09:14:42.751` */
  oslo(t: number): string {
    this.update(t);
    return `${this.date} ${this.time}.${pad3(t % 1000)}`;
  }

  /** libvirt: `2026-11-20 09:14:42.751+0000` */
  libvirt(t: number): string {
    this.update(t);
    return `${this.date} ${this.time}.${pad3(t % 1000)}+0000`;
  }

  /** OVS / OVN: `2026-11-20T09:14:42.751Z` */
  ovs(t: number): string {
    this.update(t);
    return `${this.date}T${this.time}.${pad3(t % 1000)}Z`;
  }

  /** QEMU's own lines: `2026-11-20T09:14:42.751123Z` */
  qemu(t: number, micros: number): string {
    this.update(t);
    return `${this.date}T${this.time}.${pad3(t % 1000)}${pad3(micros % 1000)}Z`;
  }
}
