/**
 * Glue shared by the command parsers: turning records read by `cli/read.ts` into model values with
 * warnings for the rows that could not be used, and content tests for `sniff`.
 */
import type { ParseOutcome } from '../types';
import { fail, ok, type ReadMany, type ReadOne, type Rec } from '../cli';

/**
 * Map every row of a Lister output; the mapper answers the value or, as a string, why the row
 * cannot be used. Rows that lack what the model needs are left out with a
 * warning; when every row was left out the output is not this command's ('unrecognised'). An
 * output with no rows at all is a real answer: an empty list.
 */
export function mapRows<T extends object>(read: ReadMany, map: (row: Rec) => T | string, what: string): ParseOutcome<T[]> {
  if (!read.ok) return fail(read.kind, read.reason);
  const out: T[] = [];
  const warnings = [...read.warnings];
  const skipped: string[] = [];
  read.value.forEach((row, i) => {
    const r = map(row); // a string says why the row was left out
    if (typeof r === 'string') skipped.push(`row ${i + 1}: ${r}`);
    else out.push(r);
  });
  if (read.value.length > 0 && out.length === 0) {
    return fail('unrecognised', `no row reads as ${what} (${skipped[0]})`);
  }
  if (skipped.length) warnings.push(`${skipped.length} row(s) left out: ${skipped.slice(0, 3).join('; ')}`);
  return ok(out, read.format, warnings);
}

/** Map the record of a ShowOne output; the mapper answers a string when the record is not its kind. */
export function mapOne<T>(read: ReadOne, map: (rec: Rec, warnings: string[]) => T | string): ParseOutcome<T> {
  if (!read.ok) return fail(read.kind, read.reason);
  const warnings = [...read.warnings];
  const v = map(read.value, warnings);
  if (typeof v === 'string') return fail('unrecognised', v);
  return ok(v, read.format, warnings);
}

/** Content test helper: every pattern occurs in the first 64 KiB. */
export function hasAll(text: string, ...patterns: (RegExp | string)[]): boolean {
  const head = text.slice(0, 65536);
  return patterns.every((p) => (typeof p === 'string' ? head.includes(p) : p.test(head)));
}

/**
 * True when one line holds all the column names: a Lister table header (`| ID | Binary | …`),
 * a JSON/YAML list is tested with `listHasKeys`.
 */
export function headerLine(text: string, ...cols: string[]): boolean {
  const head = text.slice(0, 65536).split(/\r?\n/, 200);
  return head.some((l) => cols.every((c) => new RegExp(`(^|[|\\s"'])${escapeRe(c)}($|[|\\s"':])`).test(l)));
}

/** A JSON array or YAML sequence of records whose keys include these names. */
export function listHasKeys(text: string, ...keys: string[]): boolean {
  const t = text.slice(0, 65536);
  const start = t.replace(/^(?:.*(?:deprecated|Defaulted container|Warning).*\r?\n)+/i, '').trimStart();
  if (!start.startsWith('[') && !start.startsWith('- ')) return false;
  return keys.every((k) => t.includes(`"${k}"`) || new RegExp(`(^|\\n)\\s*-?\\s*['"]?${escapeRe(k)}['"]?:`).test(t));
}

/** A ShowOne output (table, JSON or YAML object) that has these field names. */
export function showHasFields(text: string, ...fields: string[]): boolean {
  const t = text.slice(0, 65536);
  return fields.every(
    (f) => t.includes(`"${f}"`) || new RegExp(`\\|\\s*${escapeRe(f)}\\s*\\|`).test(t) || new RegExp(`(^|\\n)['"]?${escapeRe(f)}['"]?:`).test(t),
  );
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
