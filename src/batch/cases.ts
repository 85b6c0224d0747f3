/**
 * From "a folder of uploads" to cases. A case is what one `analyze` run reads: one bundle, or a
 * management-plane bundle with the host bundles of the same support case. The convention:
 *
 *  1. a name of the form `<case>__<anything>` (two underscores: `CS-1042__mgmt.tgz`,
 *     `CS-1042__cmp-07.tgz`) puts the bundle in case `<case>`;
 *  2. otherwise a bundle folder whose manifest.json has a `case` key is in that case;
 *  3. otherwise each bundle is a case of its own, named after the file without its extension.
 *
 * A folder given on the command line is a bundle when it looks like one (manifest.json, commands/,
 * logs/, hosts/, var/ or sos_commands/ at its top); any other folder is a folder of uploads, and each
 * entry in it (hidden ones left out) is a bundle. Archives are not opened here: their name decides.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InputJson } from './row';

export interface Case {
  name: string;
  inputs: InputJson[];
  sha256: string;
}

const BUNDLE_MARKERS = ['manifest.json', 'commands', 'logs', 'hosts', 'var', 'sos_commands'];
const ARCHIVE_EXT = /(\.tar\.gz|\.tgz|\.tar|\.zip|\.gz)$/i;

export class CaseInputError extends Error {}

export function isUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/**
 * A location as it may be shown or kept in a row: a URL loses its user, password, query and
 * fragment (a pre-signed download link carries its token there). The job itself keeps the full URL.
 */
export function shownLocation(s: string): string {
  if (!isUrl(s)) return s;
  try {
    const u = new URL(s);
    const hidden = u.username || u.password || u.search ? ' (credentials and query hidden)' : '';
    return `${u.protocol}//${u.host}${u.pathname}${hidden}`;
  } catch {
    return '(unparsable URL)';
  }
}

function looksLikeBundleFolder(dir: string): boolean {
  return BUNDLE_MARKERS.some((m) => fs.existsSync(path.join(dir, m)));
}

/** Every bundle path the arguments name (folders of uploads expanded one level). */
export function listBundles(args: string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (isUrl(a)) {
      out.push(a);
      continue;
    }
    let st: fs.Stats;
    try {
      st = fs.statSync(a);
    } catch {
      throw new CaseInputError(`cannot read input '${a}': no such file or folder`);
    }
    const abs = path.resolve(a);
    if (st.isFile() || looksLikeBundleFolder(abs)) {
      out.push(abs);
      continue;
    }
    if (!st.isDirectory()) throw new CaseInputError(`cannot read input '${a}': not a file or folder`);
    for (const name of fs.readdirSync(abs).sort()) {
      if (name.startsWith('.')) continue;
      const p = path.join(abs, name);
      const s = fs.statSync(p, { throwIfNoEntry: false });
      if (s && (s.isFile() || s.isDirectory())) out.push(p);
    }
  }
  return [...new Set(out)];
}

function baseName(p: string): string {
  const raw = isUrl(p) ? decodeURIComponent(new URL(p).pathname.split('/').filter(Boolean).pop() ?? 'bundle') : path.basename(p);
  return raw;
}

function manifestCase(dir: string): string | null {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as unknown;
    const v = m && typeof m === 'object' ? (m as Record<string, unknown>).case : undefined;
    return typeof v === 'string' && v.trim() ? v.trim() : null;
  } catch {
    return null;
  }
}

/** The case a bundle belongs to, per the convention above. */
export function caseNameOf(bundle: string): string {
  const name = baseName(bundle);
  const marked = /^(.+?)__./.exec(name);
  if (marked) return marked[1]!;
  if (!isUrl(bundle) && fs.statSync(bundle, { throwIfNoEntry: false })?.isDirectory()) {
    const c = manifestCase(bundle);
    if (c) return c;
  }
  return name.replace(ARCHIVE_EXT, '') || name;
}

/** A case name that is safe as one folder name (the report folder). */
export function folderName(c: Case): string {
  const safe = c.name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 80) || 'case';
  return `${safe}-${c.sha256.slice(0, 10)}`;
}

async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file)) {
    h.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), bytes };
}

/** A folder's hash: its files' relative paths and contents, in a fixed order (symlinks are not followed). */
async function hashFolder(dir: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  const walk = async (d: string, rel: string): Promise<void> => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path.join(d, e.name), r);
      else if (e.isFile()) {
        const f = await hashFile(path.join(d, e.name));
        bytes += f.bytes;
        h.update(`${r}\0${f.sha256}\n`);
      }
    }
  };
  await walk(dir, '');
  return { sha256: h.digest('hex'), bytes };
}

/** Hashes a URL's content as it streams by; nothing is written to disk. */
async function hashUrl(url: string, maxBytes: number): Promise<{ sha256: string; bytes: number }> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new CaseInputError(`cannot read input '${shownLocation(url)}': ${(e as Error).message}`);
  }
  if (!res.ok || !res.body) throw new CaseInputError(`cannot read input '${shownLocation(url)}': HTTP ${res.status}`);
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    if (bytes > maxBytes) throw new CaseInputError(`cannot read input '${shownLocation(url)}': larger than ${maxBytes} bytes`);
    h.update(chunk);
  }
  return { sha256: h.digest('hex'), bytes };
}

export async function describeInput(p: string, maxUrlBytes = 8 * 1024 ** 3): Promise<InputJson> {
  const name = baseName(p);
  if (isUrl(p)) return { name, location: p, ...(await hashUrl(p, maxUrlBytes)) };
  const st = fs.statSync(p);
  const h = st.isDirectory() ? await hashFolder(p) : await hashFile(p);
  return { name, location: path.resolve(p), ...h };
}

/** The key of a case: the sorted hashes of its inputs (names do not count: a renamed re-upload is the same case). */
export function caseSha(inputs: InputJson[]): string {
  return createHash('sha256').update(inputs.map((i) => i.sha256).sort().join('\n')).digest('hex');
}

/**
 * Groups bundle paths into cases and hashes them. `exclude`: folders that are not uploads even when
 * they sit among them (the output folder of a batch written inside its uploads folder).
 */
export async function discoverCases(args: string[], exclude: string[] = []): Promise<Case[]> {
  const groups = new Map<string, string[]>();
  const skip = exclude.map((e) => path.resolve(e));
  for (const b of listBundles(args)) {
    if (!isUrl(b) && skip.some((e) => b === e || b.startsWith(e + path.sep))) continue;
    const name = caseNameOf(b);
    const g = groups.get(name) ?? [];
    g.push(b);
    groups.set(name, g);
  }
  const cases: Case[] = [];
  for (const [name, paths] of groups) {
    const inputs: InputJson[] = [];
    for (const p of paths) inputs.push(await describeInput(p));
    cases.push({ name, inputs, sha256: caseSha(inputs) });
  }
  return cases.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Version of the analyzer and its rules: a case is analysed again when either changed. */
export function rulesHash(rulesDir: string): string {
  const h = createHash('sha256');
  const walk = (d: string, rel: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.statSync(p);
      if (st.isDirectory()) walk(p, `${rel}${name}/`);
      else if (/\.ya?ml$/.test(name)) h.update(`${rel}${name}\0`).update(fs.readFileSync(p)).update('\n');
    }
  };
  walk(rulesDir, '');
  return h.digest('hex').slice(0, 16);
}
