/**
 * Value helpers shared by the command parsers. The same field arrives typed from `-f json`
 * (numbers, booleans, null, objects) and as text from a table, `-f value` or a paste
 * ('None', 'True', "key='v'" …); these helpers accept both and answer null for "not known".
 */
import { bracketDepth, MAX_JSON_DEPTH, parseBoundedJson } from '../../util/json-extent';
import { tryPyRepr } from './pyrepr';

export type Rec = Record<string, unknown>;

export function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Python None printed as text, JSON null, '' and missing all mean "no value". */
export function isNullish(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' || t === 'None' || t === 'null' || t === '<none>';
  }
  return false;
}

/** A string value, trimmed; null for None/null/''. Numbers and booleans are stringified. */
export function str(v: unknown): string | null {
  if (isNullish(v)) return null;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/** Free text whose leading blanks matter (tracebacks): like str(), without trimming. */
export function rawText(v: unknown): string | null {
  if (isNullish(v)) return null;
  return typeof v === 'string' ? v : str(v);
}

/** An identifier: like str(), but a value wrapped by a narrow table is joined back into one token. */
export function ident(v: unknown): string | null {
  const s = str(v);
  return s === null ? null : s.replace(/\s*\n\s*/g, '');
}

/** A number from a JSON number or numeric text ('8192', '1.0', '-2'); null otherwise. */
export function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const s = str(v);
  if (s === null || !/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/** A boolean from JSON or Python text (True/False); null when not a boolean. */
export function bool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  const s = str(v);
  if (s === null) return null;
  if (/^(true|yes|1)$/i.test(s)) return true;
  if (/^(false|no|0)$/i.test(s)) return false;
  return null;
}

/**
 * ISO-8601 UTC with milliseconds. Accepts what OpenStack prints:
 *   2019-10-25T20:13:51.000000   nova services / migrations / actions (no zone: UTC)
 *   2021-06-01T15:13:37Z         server created / updated
 *   2025-06-02 14:02:40+00:00    raw DB/API dumps
 * Anything else answers null.
 */
export function isoTime(v: unknown): string | null {
  const s = str(v);
  if (s === null) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec ?? 0), ms);
  if (zone && /^[+-]/.test(zone)) {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    const off = (Number(z[2]) * 60 + Number(z[3] ?? 0)) * (z[1] === '-' ? -1 : 1);
    t -= off * 60_000;
  }
  const date = new Date(t);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Month name ('Jun', 'june') to 0-based index, or -1. */
export function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase());
}

/**
 * osc-lib `format_dict` text: `key1='v1', key2=, key3='v3'` (sorted keys; None printed as `key=`;
 * nested dicts flattened with dots: `extra_specs.hw:cpu_sockets='1'`). Values are not escaped by
 * osc-lib, so a quoted value ends at the quote that is followed by `, <key>=` or by the end.
 * Unquoted bracketed values (`features=['avx2', …]`) are read to their closing bracket.
 * Returns the flat record (null for `key=`), or null when the text is not of that shape.
 */
export function parseFormatDict(text: string): Record<string, string | null> | null {
  const s = text.trim();
  if (s === '') return {};
  const out: Record<string, string | null> = {};
  const keyRe = /^([^\s=,'"…]+)=/;
  // `…` is how a person (or the reference) truncates a long row: skipped between entries
  const nextKey = /^,(?:\s*…)?\s+[^\s=,'"…]+=/;
  let i = 0;
  while (i < s.length) {
    const skip = /^(?:…\s*,?\s*)+/.exec(s.slice(i));
    if (skip) i += skip[0].length;
    const km = keyRe.exec(s.slice(i));
    if (!km) return null;
    const key = km[1]!;
    i += km[0].length;
    let value: string | null;
    if (s[i] === "'") {
      let j = i + 1;
      for (;;) {
        const q = s.indexOf("'", j);
        if (q < 0) return null;
        const rest = s.slice(q + 1);
        if (rest.trim() === '' || nextKey.test(rest)) { value = s.slice(i + 1, q); i = q + 1; break; }
        j = q + 1;
      }
    } else if (s[i] === '[' || s[i] === '{' || s[i] === '(') {
      const end = matchBracket(s, i);
      if (end < 0) return null;
      value = s.slice(i, end + 1);
      i = end + 1;
    } else {
      const rest = s.slice(i);
      const m = /,(?:\s*…)?\s+[^\s=,'"…]+=/.exec(rest);
      const raw = m ? rest.slice(0, m.index) : rest;
      value = raw.trim() === '' ? null : raw.trim();
      i += raw.length;
    }
    out[key] = value;
    if (s.slice(i).trim() === '') break;
    const sep = /^,\s*/.exec(s.slice(i));
    if (!sep) return null;
    i += sep[0].length;
  }
  return out;
}

/** Index of the bracket closing the one at `start`, skipping quoted text; -1 when unbalanced. */
function matchBracket(s: string, start: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if ('[{('.includes(c)) depth++;
    else if (']})'.includes(c)) { depth--; if (depth === 0) return i; }
  }
  return -1;
}

/** The sub-record under a dotted prefix of a flattened format_dict (`extra_specs.` → hw:…). */
export function subRecord(flat: Record<string, string | null>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  const p = prefix + '.';
  for (const [k, v] of Object.entries(flat)) if (k.startsWith(p) && v !== null) out[k.slice(p.length)] = v;
  return out;
}

/**
 * A dict value in any of its printed forms: a JSON object, a Python repr `{'a': 1}`, a JSON string,
 * or format_dict text. Answers null when the text is none of these.
 */
export function asDict(v: unknown): Rec | null {
  if (isRec(v)) return v;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (s === '' || s === 'None') return {};
  if (s.startsWith('{')) {
    const j = parseBoundedJson(s);
    if (isRec(j)) return j;
    if (bracketDepth(s) > MAX_JSON_DEPTH) return null;
    const r = tryPyRepr(s);
    if (isRec(r)) return r;
  }
  return parseFormatDict(s);
}

/**
 * A list value: a JSON array, a Python repr `['a', u'b']`, a JSON string, osc-lib `format_list`
 * text (`a, b`) or one item per line. Answers null for None/missing.
 */
export function asList(v: unknown): unknown[] | null {
  if (Array.isArray(v)) return v;
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') return [v];
  const s = v.trim();
  if (s === 'None') return null;
  if (s === '' || s === '[]') return [];
  if (s.startsWith('[') || s.startsWith('(')) {
    const j = parseBoundedJson(s);
    if (Array.isArray(j)) return j;
    if (bracketDepth(s) > MAX_JSON_DEPTH) return null;
    const r = tryPyRepr(s);
    if (Array.isArray(r)) return r;
  }
  return s.split(/\s*(?:,\s*|\n)\s*/).filter((x) => x !== '');
}

/** A record of string values (aggregate properties, flavor extra specs) from any printed form. */
export function stringRecord(v: unknown): Record<string, string> | null {
  const d = asDict(v);
  if (d === null) return null;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(d)) {
    if (val === null || val === undefined) continue;
    out[k] = typeof val === 'string' ? val : typeof val === 'object' ? JSON.stringify(val) : String(val);
  }
  return out;
}

/** Case- and punctuation-insensitive key: 'Source Compute', 'source_compute', 'sourceCompute' agree. */
export function normKey(k: string): string {
  return k.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Field lookup that tolerates the spellings of different client versions: exact names first,
 * then the same names compared by normKey. Returns undefined when no name is present.
 */
export function field(obj: Rec, ...names: string[]): unknown {
  for (const n of names) if (Object.prototype.hasOwnProperty.call(obj, n)) return obj[n];
  const wanted = new Set(names.map(normKey));
  for (const [k, v] of Object.entries(obj)) if (wanted.has(normKey(k))) return v;
  return undefined;
}

/** True when the record has any of the names (compared like field()). */
export function hasField(obj: Rec, ...names: string[]): boolean {
  return field(obj, ...names) !== undefined;
}

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function isUuid(s: string | undefined | null): boolean {
  return !!s && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

/** All UUIDs written in a text, in order, without repeats. */
export function uuidsIn(text: string): string[] {
  return [...new Set(text.match(UUID_RE) ?? [])];
}
