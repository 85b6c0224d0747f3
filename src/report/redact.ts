/**
 * Secrets in logs and outputs (passwords, tokens, auth headers, private keys, credentials in URLs
 * and connection strings) never reach a report or the terminal: every string of the report passes
 * through `redact` before anything is written.
 */
const MASK = '***';

interface Pattern {
  re: RegExp;
  replace: (m: string, ...groups: string[]) => string;
}

const PATTERNS: Pattern[] = [
  // PEM private keys (a whole block, or the start of one on a single evidence line)
  {
    re: /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g,
    replace: () => '[private key removed]',
  },
  // credentials in URLs and connection strings: scheme://user:password@host
  {
    re: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+):([^\s@'"]+)@/gi,
    replace: (_m, head: string) => `${head}:${MASK}@`,
  },
  // auth headers, in HTTP dumps and in Python dict reprs of headers
  {
    re: /\b(X-Auth-Token|X-Subject-Token|X-Service-Token|X-Storage-Token)(['"]?\s*[:=]\s*['"]?)([^\s'",]+)/gi,
    replace: (_m, key: string, sep: string) => `${key}${sep}${MASK}`,
  },
  {
    re: /\b(Authorization['"]?\s*[:=]\s*['"]?)(Bearer|Basic|Token)?(\s*)([^\s'",}]+)/gi,
    replace: (_m, key: string, scheme: string | undefined, sp: string) => `${key}${scheme ?? ''}${sp}${MASK}`,
  },
  // key = value / "key": "value" for secret-looking keys
  {
    re: /\b((?:os_)?(?:password|passwd|passphrase|secret|secret_key|access_key|api_key|apikey|auth_key|token|auth_token|admin_token|private_key|rabbit_password|transport_url_password))(['"]?\s*(?:=|:)\s*['"]?)(?!\*\*\*)([^\s'",;&}]+)/gi,
    replace: (_m, key: string, sep: string) => `${key}${sep}${MASK}`,
  },
  // Fernet / keystone tokens anywhere
  { re: /\bgAAAAA[A-Za-z0-9_-]{40,}={0,2}/g, replace: () => MASK },
];

export interface Redactor {
  redact(text: string): string;
  /** how many replacements were made so far */
  count: number;
}

export function createRedactor(): Redactor {
  const r: Redactor = {
    count: 0,
    redact(text: string): string {
      if (!text) return text;
      let out = text;
      for (const p of PATTERNS) {
        out = out.replace(p.re, (...args) => {
          r.count++;
          return p.replace(...(args as [string, ...string[]]));
        });
      }
      return out;
    },
  };
  return r;
}

/** Redacts every string inside a JSON-like value (objects, arrays), returning a copy. */
export function redactDeep<T>(value: T, r: Redactor): T {
  if (typeof value === 'string') return r.redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, r)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, r);
    return out as T;
  }
  return value;
}
