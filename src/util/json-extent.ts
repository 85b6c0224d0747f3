/**
 * Bounds on JSON before `JSON.parse` sees it. One pass over the text finds where the first JSON
 * value ends (strings and escapes respected) and how deep it nests, so:
 * - trailing lines after the JSON (a warning, a prompt) are cut at that end in one parse, instead
 *   of re-parsing ever shorter prefixes (quadratic on a never-closed array of 200,000 lines);
 * - a value nested deeper than MAX_JSON_DEPTH is refused before any recursive walk over the
 *   parsed data could exhaust the stack (real command outputs nest less than 10 levels).
 */
export const MAX_JSON_DEPTH = 64;

export type JsonExtent =
  | { ok: true; /** offset just after the first value */ end: number }
  | { ok: false; reason: string };

/** Where the JSON object or array starting at `start` (after blanks) ends. Linear in the text. */
export function jsonExtent(text: string, start = 0, maxDepth = MAX_JSON_DEPTH): JsonExtent {
  let i = start;
  const n = text.length;
  while (i < n && /\s/.test(text[i]!)) i++;
  const open = text.charCodeAt(i);
  if (open !== 0x7b && open !== 0x5b) return { ok: false, reason: 'not a JSON object or array' };
  let depth = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: skip to its closing quote
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
      if (i >= n) return { ok: false, reason: 'a JSON string is never closed' };
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return { ok: false, reason: `JSON nested deeper than ${maxDepth} levels` };
    } else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) return { ok: true, end: i + 1 };
    }
  }
  return { ok: false, reason: 'the JSON is never closed (the output was cut?)' };
}

/** `JSON.parse` behind the depth bound; null when the text is not one bounded JSON value. */
export function parseBoundedJson(text: string): unknown {
  const t = text.trim();
  if (t[0] === '{' || t[0] === '[') {
    const ext = jsonExtent(t);
    if (!ext.ok || ext.end !== t.length) return null;
  }
  try {
    return JSON.parse(t);
  } catch {
    return null;
  }
}

/** Deepest nesting of brackets in a text (quotes not considered): a cheap guard before a YAML parse. */
export function bracketDepth(text: string, stopAt = MAX_JSON_DEPTH + 1): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      if (++depth > max && (max = depth) >= stopAt) return max;
    } else if ((c === 0x7d || c === 0x5d) && depth > 0) depth--;
  }
  return max;
}
