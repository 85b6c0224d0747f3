/**
 * A small, safe reader for Python literal reprs as the openstack client prints them in table mode
 * when a value is not wrapped in an osc-lib formatter:
 *   server `fault`            {'code': 500, 'created': '2025-…', 'message': '…'}
 *   volume `attachments`      [{'id': '…', 'server_id': '…', 'host_name': 'hv-01', …}]
 *   hypervisor `aggregates`   ['az1-hosts', 'ssd']
 *   old aggregate `hosts`     [u'node1', u'node2']      (Python 2 unicode prefix)
 * It tokenises and builds plain JS values; nothing is ever evaluated.
 */

export class PyReprError extends Error {}

type Tok =
  | { t: 'punct'; v: string }
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'const'; v: null | boolean }
  | { t: 'ellipsis' };

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', "'": "'", '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if ('{}[](),:'.includes(c)) { out.push({ t: 'punct', v: c }); i++; continue; }
    // A person (or the reference) truncating a list with … or ... : tolerated and dropped.
    if (c === '…') { out.push({ t: 'ellipsis' }); i++; continue; }
    if (src.startsWith('...', i)) { out.push({ t: 'ellipsis' }); i += 3; continue; }
    // string, with optional u/b/r prefixes (Python 2 prints u'node1')
    const pre = /^[uUbBrR]{0,2}(?=['"])/.exec(src.slice(i, i + 3));
    if (pre) {
      const raw = /r/i.test(pre[0]);
      i += pre[0].length;
      const q = src[i]!;
      i++;
      let s = '';
      for (;;) {
        if (i >= src.length) throw new PyReprError('unterminated string');
        const ch = src[i]!;
        if (ch === q) { i++; break; }
        if (ch === '\\' && !raw && i + 1 < src.length) {
          const e = src[i + 1]!;
          if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(src.slice(i + 2, i + 4))) {
            s += String.fromCharCode(parseInt(src.slice(i + 2, i + 4), 16)); i += 4; continue;
          }
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
            s += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16)); i += 6; continue;
          }
          if (e === 'U' && /^[0-9a-fA-F]{8}$/.test(src.slice(i + 2, i + 10))) {
            s += String.fromCodePoint(parseInt(src.slice(i + 2, i + 10), 16)); i += 10; continue;
          }
          if (e in ESCAPES) { s += ESCAPES[e]; i += 2; continue; }
          s += ch; i++; continue; // unknown escape: Python keeps the backslash
        }
        s += ch; i++;
      }
      // Python concatenates adjacent string literals
      const last = out[out.length - 1];
      if (last && last.t === 'str') last.v += s; else out.push({ t: 'str', v: s });
      continue;
    }
    const num = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[lL]?/.exec(src.slice(i));
    if (num) { out.push({ t: 'num', v: Number(num[0].replace(/[lL]$/, '')) }); i += num[0].length; continue; }
    const id = /^[A-Za-z_]\w*/.exec(src.slice(i));
    if (id) {
      if (id[0] === 'None') out.push({ t: 'const', v: null });
      else if (id[0] === 'True') out.push({ t: 'const', v: true });
      else if (id[0] === 'False') out.push({ t: 'const', v: false });
      else if (id[0] === 'Ellipsis') out.push({ t: 'ellipsis' });
      else throw new PyReprError(`unexpected name ${id[0]}`);
      i += id[0].length;
      continue;
    }
    throw new PyReprError(`unexpected character ${JSON.stringify(c)}`);
  }
  return out;
}

const ELLIPSIS = Symbol('ellipsis');

/** Parse one Python literal (dict, list, tuple, str, number, None/True/False). Throws PyReprError. */
export function parsePyRepr(src: string): unknown {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const isPunct = (v: string) => { const k = toks[p]; return k !== undefined && k.t === 'punct' && k.v === v; };
  const expect = (v: string) => { if (!isPunct(v)) throw new PyReprError(`expected ${v}`); p++; };

  function value(): unknown {
    const k = peek();
    if (!k) throw new PyReprError('unexpected end');
    p++;
    switch (k.t) {
      case 'str': case 'num': case 'const': return k.v;
      case 'ellipsis': return ELLIPSIS;
      case 'punct':
        if (k.v === '[' || k.v === '(') return seq(k.v === '[' ? ']' : ')');
        if (k.v === '{') return dict();
        throw new PyReprError(`unexpected ${k.v}`);
    }
  }
  function seq(close: string): unknown[] {
    const arr: unknown[] = [];
    while (!isPunct(close)) {
      const v = value();
      if (v !== ELLIPSIS) arr.push(v);
      if (isPunct(',')) p++; else break;
    }
    expect(close);
    return arr;
  }
  function dict(): Record<string, unknown> | unknown[] {
    const obj: Record<string, unknown> = {};
    let set: unknown[] | null = null; // {'a', 'b'} is a set literal: read as a list
    while (!isPunct('}')) {
      const k = value();
      if (k !== ELLIPSIS) {
        if (isPunct(':')) {
          p++;
          const v = value();
          obj[String(k)] = v === ELLIPSIS ? null : v;
        } else {
          (set ??= []).push(k);
        }
      }
      if (isPunct(',')) p++; else break;
    }
    expect('}');
    return set ?? obj;
  }

  const v = value();
  if (p !== toks.length) throw new PyReprError('trailing input');
  return v === ELLIPSIS ? null : v;
}

/** parsePyRepr that answers undefined instead of throwing. */
export function tryPyRepr(src: string): unknown {
  try { return parsePyRepr(src); } catch { return undefined; }
}
