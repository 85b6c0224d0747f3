/**
 * One entry point for the openstack client's output formats. A parser asks for an object (ShowOne)
 * or a list (Lister) and gets records keyed by the client's field names / column headers, whatever
 * the format: `-f json`, the default table, `-f yaml`, or `-f value` (lists only, when the parser
 * says which columns to expect). Values stay as printed (typed in JSON/YAML, text otherwise); the
 * helpers in values.ts coerce them.
 */
import { parse as parseYaml } from 'yaml';
import { bracketDepth, jsonExtent, MAX_JSON_DEPTH } from '../../util/json-extent';
import type { OutputFormat, ParseFailureKind } from '../types';
import { detectError, detectErrorAnywhere, isNoiseLine } from './errors';
import { listTableToRecords, readPrettyTable, showTableToRecord } from './table';
import { isRec, type Rec } from './values';
import { parseElidedJson } from './fragment';

export type Failure = { ok: false; kind: ParseFailureKind; reason: string };

export type ReadOne = { ok: true; format: OutputFormat; value: Rec; warnings: string[] } | Failure;
export type ReadMany = { ok: true; format: OutputFormat; value: Rec[]; warnings: string[] } | Failure;

/**
 * `-f value` prints the values of each row separated by single spaces, without headers. It can be
 * read when the column set is known: `variants` lists the column sets a client version may print
 * (first matching count wins); `freeText` names the one column whose text may hold spaces
 * (Disabled Reason, Agent Type …), which takes whatever the other columns leave over.
 */
export interface ValueSpec {
  variants: string[][];
  freeText?: string;
}

type Parsed = { format: OutputFormat; data: unknown; warnings: string[] };

/** Drop the noise lines before the output proper (warnings, the pasted command line). */
function body(text: string): { lines: string[]; skipped: string[] } {
  const all = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let i = 0;
  const skipped: string[] = [];
  while (i < all.length && (all[i]!.trim() === '' || isNoiseLine(all[i]!))) {
    if (all[i]!.trim() !== '') skipped.push(all[i]!.trim());
    i++;
  }
  return { lines: all.slice(i), skipped };
}

function tryJson(lines: string[]): Parsed | null {
  const first = lines[0]?.trim() ?? '';
  if (!first.startsWith('{') && !first.startsWith('[')) return null;
  const text = lines.join('\n');
  // one linear pass finds the end of the JSON (trailing lines after it: a warning, a prompt), then
  // one parse; never re-parsing shorter and shorter prefixes
  // `...` where a person cut lines or items out of the JSON
  const elided = (): Parsed | null => {
    // only a text with an elision mark (`...`, `…`) is worth the elision reader
    if (!text.includes('...') && !text.includes('…')) return null;
    const e = parseElidedJson(text);
    return e !== null && typeof e === 'object' ? { format: 'json', data: e, warnings: ['the JSON has parts left out (...): what they held is unknown'] } : null;
  };
  const ext = jsonExtent(text);
  if (!ext.ok) return elided();
  let data: unknown;
  try {
    data = JSON.parse(text.slice(0, ext.end));
  } catch {
    return elided();
  }
  const rest = text.slice(ext.end).split('\n').map((x) => x.trim()).filter((x) => x !== '');
  return { format: 'json', data, warnings: rest.length ? [`ignored ${rest.length} line(s) after the JSON: ${rest[0]!.slice(0, 200)}`] : [] };
}

function tryTable(lines: string[], want: 'one' | 'many'): Parsed | null {
  const t = readPrettyTable(lines);
  if (!t) return null;
  const warnings: string[] = [];
  if (readPrettyTable(lines, t.end)) warnings.push('the file holds more than one table; only the first was read');
  if (want === 'one') {
    const rec = showTableToRecord(t);
    return rec ? { format: 'table', data: rec, warnings } : { format: 'table', data: listTableToRecords(t), warnings };
  }
  return { format: 'table', data: showTableToRecord(t) ?? listTableToRecords(t), warnings };
}

/** deepest indentation (in spaces) of a YAML output that is read */
const MAX_YAML_INDENT = 256;

function tryYaml(lines: string[]): Parsed | null {
  const first = lines[0] ?? '';
  // cliff's yaml formatter: a mapping (`key: value`) or a sequence of mappings (`- Key: value`)
  // (keys may hold colons themselves: `OS-EXT-SRV-ATTR:host: hv-01`)
  if (!/^(?:- )?[^\s#-].*?:(?:\s|$)/.test(first)) return null;
  const text = lines.join('\n');
  // flow collections nested absurdly deep: refused before the parser recurses into them
  if (bracketDepth(text) > MAX_JSON_DEPTH) return null;
  // so are block collections indented absurdly deep (the client's YAML nests a few levels)
  if (lines.some((l) => l.length > MAX_YAML_INDENT && l.slice(0, MAX_YAML_INDENT).trim() === '')) return null;
  try {
    // aliases are bounded (a "billion laughs" alias bomb fails instead of expanding)
    const data: unknown = parseYaml(text, { maxAliasCount: 100, uniqueKeys: false });
    if (isRec(data) || (Array.isArray(data) && data.every(isRec))) return { format: 'yaml', data, warnings: [] };
  } catch { /* not YAML */ }
  return null;
}

function tryValue(lines: string[], spec: ValueSpec): Parsed | null {
  const rows: Rec[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const toks = line.replace(/\s+$/, '').split(' ');
    const exact = spec.variants.find((v) => v.length === toks.length);
    const cols = exact ?? spec.variants.find((v) => spec.freeText !== undefined && v.includes(spec.freeText) && v.length < toks.length);
    if (!cols) return null;
    const rec: Rec = {};
    if (cols.length === toks.length) {
      cols.forEach((c, k) => { rec[c] = toks[k]; });
    } else {
      const at = cols.indexOf(spec.freeText!);
      const extra = toks.length - cols.length;
      cols.forEach((c, k) => {
        if (k < at) rec[c] = toks[k];
        else if (k === at) rec[c] = toks.slice(k, k + extra + 1).join(' ');
        else rec[c] = toks[k + extra];
      });
    }
    rows.push(rec);
  }
  return rows.length ? { format: 'value', data: rows, warnings: [] } : null;
}

function readAny(text: string, want: 'one' | 'many', spec?: ValueSpec): Parsed | Failure {
  const err = detectError(text);
  if (err) return { ok: false, ...err };
  const { lines, skipped } = body(text);
  const parsed = tryJson(lines) ?? tryTable(lines, want) ?? tryYaml(lines) ?? (want === 'many' && spec ? tryValue(lines, spec) : null);
  if (!parsed) {
    const anywhere = detectErrorAnywhere(text);
    if (anywhere) return { ok: false, ...anywhere };
    return { ok: false, kind: 'unrecognised', reason: 'not openstack client output in a known format (json, table, yaml, value)' };
  }
  if (skipped.length) parsed.warnings.unshift(`skipped before the output: ${skipped.join(' | ')}`);
  return parsed;
}

/** Read a ShowOne output (one record). */
export function readOne(text: string): ReadOne {
  const r = readAny(text, 'one');
  if ('ok' in r) return r;
  if (isRec(r.data)) return { ok: true, format: r.format, value: r.data, warnings: r.warnings };
  // `-f json` of a show command that was given a list (or the reverse)
  if (Array.isArray(r.data) && r.data.length === 1 && isRec(r.data[0])) {
    return { ok: true, format: r.format, value: r.data[0], warnings: [...r.warnings, 'a one-item list was read as the object'] };
  }
  return { ok: false, kind: 'unrecognised', reason: `expected one object, found ${Array.isArray(r.data) ? 'a list' : typeof r.data}` };
}

/** Read a Lister output (records). */
export function readMany(text: string, spec?: ValueSpec): ReadMany {
  const r = readAny(text, 'many', spec);
  if ('ok' in r) return r;
  if (Array.isArray(r.data) && r.data.every(isRec)) return { ok: true, format: r.format, value: r.data, warnings: r.warnings };
  return { ok: false, kind: 'unrecognised', reason: `expected a list of rows, found ${isRec(r.data) ? 'one object (a show output?)' : typeof r.data}` };
}
