/**
 * Streaming archive writers for the benchmark bundles: a tar.gz and a zip written side by side from
 * the same entries, never holding more than the entry being written. The tar header comes from the
 * test helpers' tar writer (test/helpers/pack.ts); the zip writer here streams each member through
 * raw deflate, then patches sizes and CRC into its local header (as `zip` does on a seekable file).
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import type { Writable } from 'node:stream';
import { crc32 as jsCrc32, tarFromEntries } from '../../test/helpers/pack';

const crc32: (data: Uint8Array, prev: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function'
    ? (zlib as unknown as { crc32: (d: Uint8Array, p: number) => number }).crc32
    : jsCrc32;

const MTIME = Math.floor(Date.UTC(2026, 10, 20, 9, 52, 40) / 1000);

function waitDrain(w: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = (): void => {
      w.off('error', bad);
      resolve();
    };
    const bad = (e: Error): void => {
      w.off('drain', ok);
      reject(e);
    };
    w.once('drain', ok);
    w.once('error', bad);
  });
}

async function put(w: Writable, b: Buffer): Promise<void> {
  if (!w.write(b)) await waitDrain(w);
}

function finished(w: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    w.once('finish', resolve);
    w.once('close', resolve);
    w.once('error', reject);
  });
}

export class TarGzWriter {
  private readonly gz: zlib.Gzip;
  private readonly out: fs.WriteStream;
  private readonly done: Promise<void>;
  private readonly dirs = new Set<string>();
  /** uncompressed tar bytes written (what `gzip -dc` gives back) */
  tarBytes = 0;

  constructor(file: string, level: number) {
    this.gz = zlib.createGzip({ level, chunkSize: 256 * 1024 });
    this.out = fs.createWriteStream(file);
    this.gz.pipe(this.out);
    this.done = finished(this.out);
  }

  private async raw(b: Buffer): Promise<void> {
    this.tarBytes += b.length;
    await put(this.gz, b);
  }

  private async ensureDirs(name: string): Promise<void> {
    const segs = name.split('/');
    for (let i = 1; i < segs.length; i++) {
      const d = `${segs.slice(0, i).join('/')}/`;
      if (this.dirs.has(d)) continue;
      this.dirs.add(d);
      await this.raw(tarFromEntries([{ name: d, type: 'directory', mtime: MTIME }], { end: false }));
    }
  }

  async add(name: string, chunks: Buffer[]): Promise<void> {
    await this.ensureDirs(name);
    const size = chunks.reduce((n, c) => n + c.length, 0);
    // header only: the data is streamed after it
    await this.raw(tarFromEntries([{ name, size, mtime: MTIME }], { end: false }));
    for (const c of chunks) await this.raw(c);
    const pad = (512 - (size % 512)) % 512;
    if (pad) await this.raw(Buffer.alloc(pad));
  }

  async finish(): Promise<void> {
    await this.raw(Buffer.alloc(1024));
    this.gz.end();
    await this.done;
  }
}

interface ZipCentral {
  name: Buffer;
  offset: number;
  crc: number;
  csize: number;
  usize: number;
  method: number;
}

const DOS_TIME = (9 << 11) | (52 << 5) | 20;
const DOS_DATE = ((2026 - 1980) << 9) | (11 << 5) | 20;

export class ZipWriter {
  private readonly out: fs.WriteStream;
  private readonly done: Promise<void>;
  private readonly entries: ZipCentral[] = [];
  private offset = 0;

  constructor(
    private readonly file: string,
    private readonly level: number,
  ) {
    this.out = fs.createWriteStream(file);
    this.done = finished(this.out);
  }

  private async raw(b: Buffer): Promise<void> {
    this.offset += b.length;
    await put(this.out, b);
  }

  /** `store`: keep the bytes as they are (method 0), as zip tools do for already compressed files */
  async add(nameStr: string, chunks: Buffer[], store = false): Promise<void> {
    const name = Buffer.from(nameStr, 'utf8');
    const offset = this.offset;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(store ? 0 : 8, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    // crc and sizes (14..25) are patched in once known
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    await this.raw(local);
    await this.raw(name);
    let crc = 0;
    let usize = 0;
    for (const c of chunks) {
      crc = crc32(c, crc);
      usize += c.length;
    }
    let csize = 0;
    if (store) {
      for (const c of chunks) await this.raw(c);
      csize = usize;
    } else {
      const z = zlib.createDeflateRaw({ level: this.level, chunkSize: 256 * 1024 });
      const pump = (async (): Promise<void> => {
        for await (const c of z as AsyncIterable<Buffer>) {
          csize += c.length;
          await this.raw(c);
        }
      })();
      for (const c of chunks) await put(z, c);
      z.end();
      await pump;
    }
    if (usize >= 0xffffffff || this.offset >= 0xffffffff) throw new Error('bench zip writer: zip64 not supported');
    this.entries.push({ name, offset, crc: crc >>> 0, csize, usize, method: store ? 0 : 8 });
  }

  async finish(): Promise<void> {
    const cdStart = this.offset;
    for (const e of this.entries) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE((3 << 8) | 20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0, 8);
      c.writeUInt16LE(e.method, 10);
      c.writeUInt16LE(DOS_TIME, 12);
      c.writeUInt16LE(DOS_DATE, 14);
      c.writeUInt32LE(e.crc, 16);
      c.writeUInt32LE(e.csize, 20);
      c.writeUInt32LE(e.usize, 24);
      c.writeUInt16LE(e.name.length, 28);
      c.writeUInt32LE(((0o100644 << 16) >>> 0), 38);
      c.writeUInt32LE(e.offset, 42);
      await this.raw(c);
      await this.raw(e.name);
    }
    const cdSize = this.offset - cdStart;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(cdSize, 12);
    end.writeUInt32LE(cdStart, 16);
    await this.raw(end);
    this.out.end();
    await this.done;
    // patch crc and sizes into the local headers
    const fd = fs.openSync(this.file, 'r+');
    try {
      const b = Buffer.alloc(12);
      for (const e of this.entries) {
        b.writeUInt32LE(e.crc, 0);
        b.writeUInt32LE(e.csize, 4);
        b.writeUInt32LE(e.usize, 8);
        fs.writeSync(fd, b, 0, 12, e.offset + 14);
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}
