/**
 * Helpers for plain-text command outputs (kubectl, df, free, ss, …): space-aligned columns and
 * human-readable sizes.
 */
import { monthIndex } from '../cli';

/**
 * Start offsets of header names in a space-aligned header. Multi-word names are given so they are
 * found as one column ('NOMINATED NODE', 'Mounted on').
 */
export function headerColumns(header: string, names: string[]): { name: string; start: number }[] {
  const cols: { name: string; start: number }[] = [];
  let from = 0;
  for (const n of names) {
    const re = new RegExp(`(^|\\s)${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=\\s|$)`, 'g');
    re.lastIndex = from;
    const m = re.exec(header);
    if (!m) continue;
    const start = m.index + m[1]!.length;
    cols.push({ name: n, start });
    from = start + n.length;
  }
  return cols;
}

/**
 * Cut a row at the header's column starts when it lines up with them (every start is preceded by
 * a blank in the row); null when it does not (a paste whose alignment was lost).
 */
export function sliceAligned(row: string, cols: { name: string; start: number }[]): Record<string, string> | null {
  for (const c of cols.slice(1)) {
    if (c.start >= row.length) continue;
    if (row[c.start - 1] !== ' ' || row[c.start] === ' ') return null;
  }
  const out: Record<string, string> = {};
  cols.forEach((c, i) => {
    const end = i + 1 < cols.length ? cols[i + 1]!.start : row.length;
    out[c.name] = row.slice(c.start, end).trim();
  });
  return out;
}

const UNITS: Record<string, number> = { '': 1, B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4, P: 1024 ** 5, E: 1024 ** 6 };

/**
 * A human size as `df -h` / `free -h` print it: powers of 1024 (`50G`, `1.2T`, `3.9Gi`, `512K`);
 * `0` is 0; `-` is unknown. `unit` is what a bare number means (bytes for df -h, KiB for df).
 */
export function humanBytes(s: string, unit = 1): number | null {
  const m = /^(\d+(?:[.,]\d+)?)\s*([KMGTPE]?)(i?)(B?)$/i.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]!.replace(',', '.'));
  const suffix = m[2]!.toUpperCase();
  if (suffix === '') return Math.round(n * (m[4] ? 1 : unit)); // `0B` is bytes, a bare number is `unit`s
  return Math.round(n * UNITS[suffix]!);
}

/**
 * `Jun  2 14:02:40 2025 GMT` (openssl), `Mon 2025-06-02 09:00:12 UTC` (systemd) and
 * ISO forms → ISO UTC; only times whose zone is UTC/GMT or a numeric offset are converted
 * (zone abbreviations like CET or CST are ambiguous), the others answer null.
 */
export function zonedTime(s: string): string | null {
  const t = s.trim();
  let m = /^(?:[A-Z][a-z]{2}\s+)?(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*(UTC|GMT|Z|[+-]\d{2}:?\d{2})$/.exec(t);
  if (m) return utc(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, m[7], m[8]!);
  m = /^([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s+(\d{4})\s*(UTC|GMT|Z|[+-]\d{2}:?\d{2})$/.exec(t);
  if (m && monthIndex(m[1]!) >= 0) return utc(+m[7]!, monthIndex(m[1]!), +m[2]!, +m[3]!, +m[4]!, +m[5]!, m[6], m[8]!);
  return null;
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string | undefined, zone: string): string | null {
  let t = Date.UTC(y, mo, d, h, mi, s, frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0);
  const off = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (off) t -= (Number(off[2]) * 60 + Number(off[3])) * 60_000 * (off[1] === '-' ? -1 : 1);
  const date = new Date(t);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
