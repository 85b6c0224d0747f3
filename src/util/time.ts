/** Time helpers. Everything inside the analyzer is UTC; a bundle's clocks are never the analyzer's. */

/** Parse an ISO-like timestamp; a value without a zone is taken as UTC (nova returns those). */
export function parseTime(value: string | null | undefined): number | null {
  if (!value) return null;
  let s = value.trim();
  if (s === '' || s === 'None' || s === 'null') return null;
  s = s.replace(' ', 'T');
  if (!/[zZ]|[+-]\d\d:?\d\d$/.test(s)) s += 'Z';
  // JavaScript keeps milliseconds only; nova prints microseconds.
  s = s.replace(/(\.\d{3})\d+/, '$1');
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function formatDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  const h = Math.round(m / 6) / 10;
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} days`;
}
