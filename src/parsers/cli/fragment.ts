/**
 * Pieces of a ShowOne output, as people paste them: some rows of a table (no header, no borders,
 * cut by a pager), the lines `grep` kept from `-f json`, a JSON object with `...` where lines were
 * left out. Whatever fields are there are read; the ones that are not stay unknown, so the rules
 * that need them say "not checked" instead of the whole file being rejected.
 */
import { isRec, type Rec } from './values';

const ELLIPSIS_LINE = /^\s*(?:\.{3}|…|\[\.\.\.\]|<snip>|<\.\.\.>)\s*,?\s*$/i;

function tidy(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*(?:>\s?)+/, '')); // blockquote left by a copy from a web page or mail
}

/**
 * JSON text with `...` / `…` where a person left lines or items out, and the trailing commas that
 * leaves behind, made parseable; null when it still is not JSON.
 */
export function parseElidedJson(text: string): unknown {
  const kept = tidy(text).filter((l) => l.trim() !== '' && !ELLIPSIS_LINE.test(l));
  const body = kept
    .join('\n')
    .replace(/,\s*(?:\.{3}|…)\s*(?=[}\]])/g, '')
    .replace(/(?:\.{3}|…)\s*,/g, '')
    .replace(/,(\s*[}\]])/g, '$1')
    .replace(/,\s*$/, '');
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return null;
  }
}

/** A JSON object with elided lines, missing braces or a trailing comma: parsed when it can be. */
function elidedJson(lines: string[]): Rec | null {
  const kept = lines.filter((l) => l.trim() !== '' && !ELLIPSIS_LINE.test(l));
  if (!kept.length || !/^\s*["{]/.test(kept[0]!)) return null;
  let body = kept.join('\n').replace(/,\s*(?:\.{3}|…)\s*(?=[}\]])/g, '').replace(/(?:\.{3}|…)\s*,/g, '');
  if (!body.trim().startsWith('{')) body = `{${body}}`;
  body = body.replace(/,(\s*[}\]])/g, '$1').replace(/,\s*$/, '');
  try {
    const v: unknown = JSON.parse(body);
    return isRec(v) ? v : null;
  } catch {
    return null;
  }
}

/** `"key": value,` lines (`-f json | grep …`); a value that opens an object or list may span lines. */
function jsonLines(lines: string[]): Rec | null {
  const out: Rec = {};
  for (let i = 0; i < lines.length; i++) {
    // no two whitespace runs side by side: an indented line must cost linear time
    const m = /^\s*(?:[\w./-]+:\d*:?\s*)?"([^"]+)"\s*:\s*(.*)$/.exec(lines[i]!);
    if (!m) continue;
    let raw = m[2]!.trimEnd().replace(/,$/, '');
    // an object or list value continued on the next lines: gather until the brackets balance
    let depth = [...raw].reduce((d, c) => d + (c === '{' || c === '[' ? 1 : c === '}' || c === ']' ? -1 : 0), 0);
    while (depth > 0 && i + 1 < lines.length) {
      const next = lines[++i]!;
      if (ELLIPSIS_LINE.test(next)) continue;
      raw += '\n' + next;
      depth += [...next].reduce((d, c) => d + (c === '{' || c === '[' ? 1 : c === '}' || c === ']' ? -1 : 0), 0);
    }
    raw = raw.replace(/,\s*$/, '').replace(/,(\s*[}\]])/g, '$1');
    try {
      out[m[1]!] = JSON.parse(raw) as unknown;
    } catch {
      out[m[1]!] = raw.replace(/^"|"$/g, '');
    }
  }
  return Object.keys(out).length ? out : null;
}

/** `| key | value |` rows without the Field/Value header; continuation rows join the value above. */
function tableRows(lines: string[]): Rec | null {
  const out: Record<string, string> = {};
  let last: string | null = null;
  for (const line of lines) {
    // `| key | value |`; the first row of a copy often lost its left border (`fault   | {"message": …`).
    // Read by position, not by a regex: whitespace-heavy lines must cost linear time.
    let t = (line.length > 8192 ? line.slice(0, 8192) : line).trim();
    if (t.startsWith('|')) t = t.slice(1);
    const bar = t.indexOf('|');
    if (bar < 0) continue;
    let rest = t.slice(bar + 1).trimEnd();
    if (rest.endsWith('|')) rest = rest.slice(0, -1);
    const k = t.slice(0, bar).trim();
    const v = rest.trim();
    if (/^(Field|Property)$/.test(k) && v === 'Value') continue;
    if (k === '' && last) out[last] = out[last] ? `${out[last]}\n${v}` : v;
    else if (k !== '') out[(last = k)] = v;
  }
  return Object.keys(out).length ? out : null;
}

/** The fields a fragment holds, and how it was written; null when it holds none. */
export function readFragment(text: string): { rec: Rec; format: 'json' | 'table' } | null {
  const lines = tidy(text);
  const json = elidedJson(lines) ?? jsonLines(lines);
  if (json) return { rec: json, format: 'json' };
  const table = tableRows(lines);
  return table ? { rec: table, format: 'table' } : null;
}
