/**
 * Secrets in logs and outputs never reach a report or the terminal: every string of the report
 * passes through `redact` before anything is written or shortened for display.
 *
 * The forms covered (each with a sample in test/report/secret-forms.ts, which collect.sh's
 * redaction must pass too): oslo.config dumps and ini options named like passwords, secrets, tokens
 * and keys; credentials in URLs (transport_url with several hosts, odd characters in passwords,
 * database URLs); Keystone tokens in headers, JSON bodies and dict reprs; Fernet tokens and JWTs
 * anywhere, also cut short; adminPass; Ceph keys (keyrings, libvirt secret values); cloud access
 * keys; PEM private keys whole, logged one line per record, or with escaped newlines; passwords on
 * command lines.
 *
 * Every quantifier is bounded, so a hostile line cannot make one of these regexes backtrack for
 * long; PEM blocks are walked line by line, and a line that merely mentions a key marker hides
 * nothing after it.
 */
const MASK = '***';

/** word parts of option and field names that hold secrets */
const KEYWORD =
  '(?:password|passwd|passphrase|adminpass|secret|token|credentials?|apikey|api_key|api-key|access_key|auth_key|private_key|encryption_key|fernet_key)';
/** a secret-looking option name: optional prefix (`keystone_authtoken.`, `os_`, `aws_`), a keyword, a few suffixes */
const KEY = `(?<![\\w.-])([\\w.-]{0,64}?${KEYWORD}(?:_key|_id|_access_key)?)`;
const SKIP_VALUE = /^(?:|none|null|nil|\*+|<redacted>|\[private key removed\]|<empty>|\(none\)|~|\{\}|\[\])$/i;

interface Pattern {
  re: RegExp;
  /** the replacement, or null to leave this match alone (not counted) */
  replace: (m: string, ...groups: string[]) => string | null;
  /** a cheap test: the pattern is tried only when the text holds this (lower-case) */
  needs?: string;
  /** tried only on texts at least this long */
  minLength?: number;
}

/** the host part after the `@` of URL credentials: host or [v6], optional port, then a delimiter */
const AT_HOST = `@(?=[A-Za-z0-9._\\[\\]:-]{1,253}(?:[,/?#\\s'"]|$))`;

const PATTERNS: Pattern[] = [
  // credentials in URLs and connection strings: scheme://user:password@host; the password may hold
  // ':', '/', '#', even '@' (the last '@' before a host and a delimiter ends it)
  {
    needs: '://',
    re: new RegExp(`\\b([a-z][a-z0-9+.-]{0,30}:\\/\\/[^\\s:/@'",]{1,256}):([^\\s'"]{0,512}?)${AT_HOST}`, 'gi'),
    replace: (_m, head: string) => `${head}:${MASK}@`,
  },
  // further hosts of a multi-host transport_url: ,user:password@host
  {
    needs: '://',
    re: new RegExp(`(,[^\\s:/@'",]{1,256}):([^\\s'",]{1,512}?)${AT_HOST}`, 'g'),
    replace: (_m, head: string) => `${head}:${MASK}@`,
  },
  // a line cut by the line-length limit right inside URL credentials: scheme://user:passw<end>
  // (only in long texts, where such a cut happens; a port at the end is not a password)
  {
    needs: '://',
    re: /\b([a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/@'",]{1,256}):(?!\d{1,5}(?:\/|$))([^\s'"@]{1,512})$/i,
    replace: (m: string, head: string) => (m.length > 0 ? `${head}:${MASK}` : null),
    minLength: 1024,
  },
  // auth headers, in HTTP dumps and in Python dict reprs of headers
  {
    needs: 'token',
    re: /\b(X-Auth-Token|X-Subject-Token|X-Service-Token|X-Storage-Token)(['"]?\s{0,8}[:=]\s{0,8}['"]?)([^\s'",]{1,8192})/gi,
    replace: (_m, key: string, sep: string) => `${key}${sep}${MASK}`,
  },
  {
    needs: 'authorization',
    re: /\b(Authorization['"]?\s{0,8}[:=]\s{0,8}['"]?)(Bearer|Basic|Token|Negotiate|Digest)?(\s{0,8})([^\s'",}]{1,8192})/gi,
    replace: (_m, key: string, scheme: string | undefined, sp: string) => `${key}${scheme ?? ''}${sp}${MASK}`,
  },
  // table rows of CLI output: | password | value |
  {
    re: new RegExp(`^(\\|[ \\t]{0,16})${KEY.replace('(?<![\\w.-])', '')}([ \\t]{0,64}\\|[ \\t]{0,16})([^|\\s][^|\\n]{0,4096}?)([ \\t]{0,64}\\|)`, 'gim'),
    replace: (_m, a: string, key: string, sep: string, v: string, b: string) => (SKIP_VALUE.test(v.trim()) ? null : `${a}${key}${sep}${MASK}${b}`),
  },
  // key = value, "key": "value", 'key': 'value', key: value, \"key\": \"value\" for secret-looking keys
  {
    re: new RegExp(
      `${KEY}((?:\\\\?['"])?[ \\t]{0,8}[:=][ \\t]{0,8})(\\\\"(?:[^"\\\\\\n]){0,4096}\\\\"|"(?:[^"\\\\\\n]|\\\\.){0,4096}"|'[^'\\n]{0,4096}'|[^\\s'",;&{}\\[\\]]{1,4096})`,
      'gi',
    ),
    replace: (_m, key: string, sep: string, value: string) => {
      const q = value.startsWith('\\"') ? '\\"' : value[0] === '"' || value[0] === "'" ? value[0] : '';
      const inner = q ? value.slice(q.length, value.length - q.length) : value;
      if (SKIP_VALUE.test(inner.trim())) return null;
      return `${key}${sep}${q}${MASK}${q}`;
    },
  },
  // passwords on command lines: --os-password X, --db-password=X, sshpass -p X, mysql -pX
  {
    needs: '--',
    re: /(--[\w-]{0,40}?(?:password|passwd|secret|token)[\w-]{0,20})(=|[ \t]{1,4})(?!-)([^\s'"]{1,4096})/gi,
    replace: (_m, opt: string, sep: string, v: string) => (SKIP_VALUE.test(v) ? null : `${opt}${sep}${MASK}`),
  },
  { needs: 'sshpass', re: /\b(sshpass[ \t]{1,4}-p[ \t]{0,4})([^\s'"]{1,4096})/g, replace: (_m, head: string) => `${head}${MASK}` },
  { needs: 'mysql', re: /\b(mysql(?:dump|admin)?[ \t][^\n]{0,200}?[ \t]-p)([^\s'"]{1,4096})/g, replace: (_m, head: string) => `${head}${MASK}` },
  // Fernet tokens anywhere (also cut short by a line limit), JWTs, Ceph keys, cloud access key ids
  { needs: 'gaaaaa', re: /\bgAAAAA[A-Za-z0-9_-]{16,8192}={0,2}/g, replace: () => MASK },
  { needs: 'eyj', re: /\beyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{8,8192}(?:\.[A-Za-z0-9_-]{0,8192})?/g, replace: () => MASK },
  { needs: 'aq', re: /\bAQ[A-Za-z0-9+/]{30,100}={0,2}(?![A-Za-z0-9+/=])/g, replace: () => MASK },
  { needs: 'ia', re: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, replace: () => MASK },
];

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{0,40})PRIVATE KEY-----/g;
const PEM_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----/;
/** a body line of a PEM block (base64, possibly with escaped newlines), or an RFC 1421 header line */
const PEM_BODY = /^(?:[A-Za-z0-9+/=]|\\n|\\r){1,8192}$/;
const PEM_HEADER = /^(?:Proc-Type|DEK-Info): [^\n]{0,200}$/;
/** a block is at most this many lines (an 8192-bit RSA key is about 100) */
const PEM_MAX_LINES = 200;
export const PEM_REMOVED = '[private key removed]';

/**
 * Masks PEM private key bodies. After a BEGIN marker, lines (after the same log prefix as the
 * BEGIN line, when keys are logged one line per record) are masked while they look like base64,
 * up to the END marker, at most PEM_MAX_LINES. Line count and everything after are kept.
 */
function maskPem(text: string, count: () => void): string {
  if (!text.includes('PRIVATE KEY-----')) return text;
  let out = '';
  let pos = 0;
  PEM_BEGIN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PEM_BEGIN.exec(text)) !== null) {
    if (m.index < pos) continue;
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const prefix = text.slice(lineStart, m.index);
    let at = m.index + m[0].length;
    out += text.slice(pos, at);
    let masked = false;
    let closed = false;
    for (let n = 0; n <= PEM_MAX_LINES && at <= text.length; n++) {
      let nl = text.indexOf('\n', at);
      if (nl < 0) nl = text.length;
      let seg = text.slice(at, nl);
      let lead = '';
      if (n > 0 && prefix && seg.startsWith(prefix)) {
        lead = prefix;
        seg = seg.slice(prefix.length);
      }
      const end = PEM_END.exec(seg);
      const body = (end ? seg.slice(0, end.index) : seg).trim();
      const isBody = body === '' ? n === 0 || !!end : PEM_BODY.test(body.replace(/\\n|\\r/g, '')) || PEM_BODY.test(body) || PEM_HEADER.test(body);
      if (!isBody) break;
      if (end) {
        out += lead + (body ? PEM_REMOVED : '') + seg.slice(end.index) + (nl < text.length ? '\n' : '');
        masked = masked || !!body;
        at = nl + 1;
        closed = true;
        break;
      }
      out += lead + (body ? PEM_REMOVED : '') + (nl < text.length ? '\n' : '');
      masked = masked || !!body;
      at = nl + 1;
      if (nl >= text.length) break;
    }
    if (masked || closed) count();
    pos = Math.min(at, text.length);
    PEM_BEGIN.lastIndex = pos;
  }
  return out + text.slice(pos);
}

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
      let out = maskPem(text, () => r.count++);
      const lower = out.toLowerCase();
      for (const p of PATTERNS) {
        if (p.needs && !lower.includes(p.needs)) continue;
        if (p.minLength && out.length < p.minLength) continue;
        out = out.replace(p.re, (...args) => {
          const rep = p.replace(...(args as [string, ...string[]]));
          if (rep === null) return args[0] as string;
          r.count++;
          return rep;
        });
      }
      return out;
    },
  };
  return r;
}

/**
 * Redacts every string inside a JSON-like value (objects, arrays), returning a copy. A list of
 * strings is redacted as one text too (the lines of a log context), so a PEM block logged one line
 * per record is masked across its elements.
 */
export function redactDeep<T>(value: T, r: Redactor): T {
  if (typeof value === 'string') return r.redact(value) as T;
  if (Array.isArray(value)) {
    if (value.length > 1 && value.every((v) => typeof v === 'string' && !v.includes('\n')) && value.some((v) => (v as string).includes('PRIVATE KEY-----'))) {
      const lines = r.redact(value.join('\n')).split('\n');
      if (lines.length === value.length) return lines as T;
    }
    return value.map((v) => redactDeep(v, r)) as T;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, r);
    return out as T;
  }
  return value;
}
