/**
 * Test helpers: pack a folder as tar / tar.gz / zip in memory, or build archives entry by entry
 * (any name, links, devices, raw bytes, lying sizes) to make hostile inputs on the fly.
 * Self-contained: a tar writer and a zip writer (deflate via zlib.deflateRawSync, own CRC-32).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

// ---------------------------------------------------------------------------------------------
// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320)

const CRC_TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf: Uint8Array, previous = 0): number {
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// folders

export interface FolderFile {
  /** '/'-separated path relative to the folder */
  path: string;
  data: Buffer;
}

/** Regular files and folders of `folder`, sorted, recursively (symbolic links are left out). */
export function listFolder(folder: string): { dirs: string[]; files: FolderFile[] } {
  const dirs: string[] = [];
  const files: FolderFile[] = [];
  const walk = (abs: string, rel: string): void => {
    const names = fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of names) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      const p = path.join(abs, d.name);
      if (d.isDirectory()) {
        dirs.push(r);
        walk(p, r);
      } else if (d.isFile()) {
        files.push({ path: r, data: fs.readFileSync(p) });
      }
    }
  };
  walk(folder, '');
  return { dirs, files };
}

// ---------------------------------------------------------------------------------------------
// tar

export type TarType =
  | 'file'
  | 'directory'
  | 'symlink'
  | 'link'
  | 'character-device'
  | 'block-device'
  | 'fifo'
  | 'contiguous-file';

export interface TarEntry {
  /** stored as given (no normalisation): '../x', '/etc/passwd', 'C:\\x' are fine */
  name: string;
  data?: Buffer | string;
  type?: TarType;
  /** target of a symlink or hard link */
  linkname?: string;
  mode?: number;
  /** seconds since the epoch */
  mtime?: number;
  /** size written in the header, when it must differ from the data (hostile inputs) */
  size?: number;
  devmajor?: number;
  devminor?: number;
}

export interface TarOptions {
  /** 'ustar' (default) or 'v7' (no magic: old tars, recognised by their header checksum) */
  format?: 'ustar' | 'v7';
  /** write the two zero blocks that end an archive (default true) */
  end?: boolean;
}

const TYPEFLAG: Record<TarType, string> = {
  file: '0',
  link: '1',
  symlink: '2',
  'character-device': '3',
  'block-device': '4',
  directory: '5',
  fifo: '6',
  'contiguous-file': '7',
};

function octal(n: number, width: number): string {
  // width - 1 digits and a NUL
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function tarHeader(
  name: Buffer,
  prefix: Buffer,
  typeflag: string,
  size: number,
  e: TarEntry,
  format: 'ustar' | 'v7',
  linkname: Buffer,
): Buffer {
  const h = Buffer.alloc(512);
  name.copy(h, 0, 0, Math.min(100, name.length));
  h.write(octal(e.mode ?? (typeflag === '5' ? 0o755 : 0o644), 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  h.write(octal(size, 12), 124, 'latin1');
  h.write(octal(e.mtime ?? 1700000000, 12), 136, 'latin1');
  h.write(typeflag, 156, 'latin1');
  linkname.copy(h, 157, 0, Math.min(100, linkname.length));
  if (format === 'ustar') {
    h.write('ustar\u000000', 257, 'latin1');
    h.write('root', 265, 'latin1');
    h.write('root', 297, 'latin1');
    h.write(octal(e.devmajor ?? 0, 8), 329, 'latin1');
    h.write(octal(e.devminor ?? 0, 8), 337, 'latin1');
    prefix.copy(h, 345, 0, Math.min(155, prefix.length));
  }
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += h[i]!;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return h;
}

function pad512(n: number): Buffer {
  const r = n % 512;
  return Buffer.alloc(r === 0 ? 0 : 512 - r);
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return Buffer.from(`${len}${body}`);
}

/** Build a tar from entries, exactly as given. Long names (over 100 bytes) use a PAX header. */
export function tarFromEntries(entries: TarEntry[], opts: TarOptions = {}): Buffer {
  const format = opts.format ?? 'ustar';
  const out: Buffer[] = [];
  for (const e of entries) {
    const type = e.type ?? 'file';
    const data = e.data === undefined ? Buffer.alloc(0) : Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data);
    const typeflag = TYPEFLAG[type];
    let name = Buffer.from(e.name);
    let prefix = Buffer.alloc(0);
    const linkname = Buffer.from(e.linkname ?? '');
    const pax: Buffer[] = [];
    if (name.length > 100) {
      if (format === 'ustar') pax.push(paxRecord('path', e.name));
      name = name.subarray(0, 100);
    }
    if (linkname.length > 100 && format === 'ustar') pax.push(paxRecord('linkpath', e.linkname!));
    if (pax.length > 0) {
      const body = Buffer.concat(pax);
      out.push(tarHeader(Buffer.from('PaxHeader'), prefix, 'x', body.length, { name: 'PaxHeader' }, format, Buffer.alloc(0)));
      out.push(body, pad512(body.length));
    }
    prefix = Buffer.alloc(0);
    const size = e.size ?? data.length;
    out.push(tarHeader(name, prefix, typeflag, size, e, format, linkname));
    out.push(data, pad512(data.length));
  }
  if (opts.end !== false) out.push(Buffer.alloc(1024));
  return Buffer.concat(out);
}

/** A tar of the folder: its folders (as directory entries) and regular files, sorted. */
export async function packTar(folder: string): Promise<Buffer> {
  const { dirs, files } = listFolder(folder);
  const entries: TarEntry[] = [];
  const all = [
    ...dirs.map((d) => ({ path: d, dir: true, data: Buffer.alloc(0) })),
    ...files.map((f) => ({ path: f.path, dir: false, data: f.data })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const x of all) entries.push(x.dir ? { name: `${x.path}/`, type: 'directory' } : { name: x.path, data: x.data });
  return tarFromEntries(entries);
}

export async function packTarGz(folder: string): Promise<Buffer> {
  return gzip(await packTar(folder));
}

export function gzip(data: Buffer | string): Buffer {
  return zlib.gzipSync(typeof data === 'string' ? Buffer.from(data) : data);
}

// ---------------------------------------------------------------------------------------------
// zip

export interface ZipEntry {
  /** stored verbatim as the file name ('..\\..\\x', '/etc/passwd' are fine); a trailing '/' is a folder */
  name: string;
  data?: Buffer | string;
  /** 'deflate' (default for files) or 'store' */
  method?: 'store' | 'deflate';
  type?: 'file' | 'directory' | 'symlink' | 'fifo';
  /** unix permission bits */
  mode?: number;
  /** set the 'encrypted' flag (the data is left as is) */
  encrypted?: boolean;
  /** write sizes and CRC after the data (bit 3), as streaming zip writers do */
  dataDescriptor?: boolean;
  /** compression method number written as is (e.g. 12 for bzip2), data stored raw */
  rawMethod?: number;
  /**
   * already deflated data (raw deflate) with the sizes to declare: for bombs too big to build
   * in memory; `data` is then ignored
   */
  deflated?: { body: Buffer; size: number; crc?: number };
}

const DOS_TIME = (12 << 11) | (30 << 5); // 12:30:00
const DOS_DATE = ((2025 - 1980) << 9) | (6 << 5) | 2; // 2025-06-02

/** Build a zip from entries (local headers, central directory, end record). */
export function zipFromEntries(entries: ZipEntry[], opts: { comment?: string } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const type = e.type ?? (e.name.endsWith('/') ? 'directory' : 'file');
    const raw = e.data === undefined ? Buffer.alloc(0) : Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data);
    const methodNumber = e.deflated ? 8 : e.rawMethod ?? (type === 'file' && (e.method ?? 'deflate') === 'deflate' ? 8 : 0);
    const body = e.deflated ? e.deflated.body : methodNumber === 8 && e.rawMethod === undefined ? zlib.deflateRawSync(raw) : raw;
    const crc = e.deflated ? (e.deflated.crc ?? 0) : crc32(raw);
    const rawLength = e.deflated ? e.deflated.size : raw.length;
    const name = Buffer.from(e.name);
    const utf8 = /[^\x00-\x7f]/.test(e.name);
    let flags = utf8 ? 0x800 : 0;
    if (e.encrypted) flags |= 0x1;
    if (e.dataDescriptor) flags |= 0x8;
    const typeBits = type === 'directory' ? 0o040000 : type === 'symlink' ? 0o120000 : type === 'fifo' ? 0o010000 : 0o100000;
    const mode = e.mode ?? (type === 'directory' ? 0o755 : type === 'symlink' ? 0o777 : 0o644);
    const external = (((typeBits | mode) << 16) >>> 0) + (type === 'directory' ? 0x10 : 0);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(methodNumber, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(e.dataDescriptor ? 0 : crc, 14);
    local.writeUInt32LE(e.dataDescriptor ? 0 : body.length, 18);
    local.writeUInt32LE(e.dataDescriptor ? 0 : rawLength, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const parts = [local, name, body];
    if (e.dataDescriptor) {
      const d = Buffer.alloc(16);
      d.writeUInt32LE(0x08074b50, 0);
      d.writeUInt32LE(crc, 4);
      d.writeUInt32LE(body.length, 8);
      d.writeUInt32LE(rawLength, 12);
      parts.push(d);
    }
    const localAll = Buffer.concat(parts);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: unix, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(methodNumber, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(rawLength, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE(external, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(Buffer.concat([central, name]));

    locals.push(localAll);
    offset += localAll.length;
  }
  const cd = Buffer.concat(centrals);
  const comment = Buffer.from(opts.comment ?? '');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, cd, end, comment]);
}

/** A zip of the folder: its folders (as 'dir/' entries) and regular files, sorted, deflated. */
export function packZip(folder: string): Buffer {
  const { dirs, files } = listFolder(folder);
  const all = [
    ...dirs.map((d) => ({ name: `${d}/`, data: Buffer.alloc(0) })),
    ...files.map((f) => ({ name: f.path, data: f.data })),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return zipFromEntries(all);
}

// ---------------------------------------------------------------------------------------------
// bombs

/**
 * `bytes` zero bytes compressed (gzip member or raw deflate), built by streaming so that the
 * uncompressed data is never in memory: 200 MB of zeros give about 200 KB.
 */
export function compressedZeros(bytes: number, kind: 'gzip' | 'deflate-raw' = 'gzip'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const z = kind === 'gzip' ? zlib.createGzip({ level: 9 }) : zlib.createDeflateRaw({ level: 9 });
    const parts: Buffer[] = [];
    z.on('data', (c: Buffer) => parts.push(c));
    z.on('end', () => resolve(Buffer.concat(parts)));
    z.on('error', reject);
    const block = Buffer.alloc(1024 * 1024);
    let left = bytes;
    const pump = (): void => {
      while (left > 0) {
        const n = Math.min(left, block.length);
        left -= n;
        if (!z.write(n === block.length ? block : block.subarray(0, n))) {
          z.once('drain', pump);
          return;
        }
      }
      z.end();
    };
    pump();
  });
}
