/**
 * Bundle text on its way to a person: the terminal summary, `--json` on stdout, report.json, and
 * the length of every string in the report. A value from a bundle can hold newlines, terminal
 * escapes (ESC/OSC, C1), bidirectional overrides that reorder what is shown, or be a megabyte long;
 * none of that may drive a terminal, fake a line of output or flood a screen.
 */

/** C0 and C1 controls (with DEL), bidi marks, overrides and isolates, line and paragraph separators */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One value for the terminal: on one line, every unsafe character shown as an escape, at most `max` characters. */
export function terminalText(s: string, max = 300): string {
  const short = s.length > max ? `${s.slice(0, max)}… [${s.length - max} more characters]` : s;
  return short.replace(UNSAFE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * JSON text whose strings hold no raw C1 control, bidi or separator character (JSON.stringify
 * escapes C0 only): those become \uXXXX escapes, which parse back to the same value.
 */
export function safeJson(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** report fields that carry log text or prose; every other string is a name, an id, a time … */
const LONG_FIELDS = new Set(['text', 'context', 'full', 'remediation', 'message', 'why', 'whyNotFirst', 'fault', 'detail', 'collect', 'reason', 'note', 'failedStageWhy', 'orderNote', 'match']);
/** longest text field kept in the report (evidence lines are shown windowed around the match anyway) */
export const MAX_TEXT_CHARS = 16 * 1024;
/** longest name or id kept in the report (a 1 MB "host name" is not one) */
export const MAX_NAME_CHARS = 512;

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}… [${s.length - max} more characters]` : s;
}

/**
 * A copy of a report-like value with absurdly long strings shortened: after redaction (so a secret
 * is masked before anything cuts it), before any rendering.
 */
export function shortenDeep<T>(value: T, key = ''): T {
  if (typeof value === 'string') return shorten(value, LONG_FIELDS.has(key) ? MAX_TEXT_CHARS : MAX_NAME_CHARS) as T;
  if (Array.isArray(value)) return value.map((v) => shortenDeep(v, key)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = shortenDeep(v, k);
    return out as T;
  }
  return value;
}
