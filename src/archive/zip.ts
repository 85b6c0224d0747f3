/**
 * zip reading with yauzl (central directory, lazy entries), from a file on disk or a buffer.
 *
 * - Names are decoded by us (decodeStrings: false) so that a hostile name ('../x', '/etc/passwd')
 *   does not make yauzl reject the whole archive; they go through normaliseEntryPath like any other.
 * - Member data is opened raw and inflated here, so the compression-ratio guard sees the real
 *   compressed byte count.
 * - If the central directory cannot be read at all (a truncated download, a damaged end record),
 *   the members are recovered by walking the local file headers from the start of the archive.
 */
import type { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import * as yauzl from 'yauzl';
import {
  type Container,
  type ContainerResult,
  type Ctx,
  type Member,
  RATIO_CHECK_AFTER,
  entries as countEntries,
  noop,
  oneLine,
} from './context';
import type { RandomSource } from './files';
import { InflateLayer, Pull } from './pull';

/* The parts of yauzl 3 we use (its @types package describes yauzl 2). */
interface YEntry {
  fileNameRaw: Buffer;
  extraFields: { id: number; data: Buffer }[];
  generalPurposeBitFlag: number;
  compressionMethod: number;
  compressedSize: number;
  uncompressedSize: number;
  externalFileAttributes: number;
  versionMadeBy: number;
  relativeOffsetOfLocalHeader: number;
}
interface YZipFile extends EventEmitter {
  readEntry(): void;
  openReadStream(entry: YEntry, options: { decodeFileData: boolean }, cb: (err: Error | null, s?: Readable) => void): void;
  close(): void;
}
interface YReader extends EventEmitter {
  _readStreamForRange(start: number, end: number): Readable;
  read(buffer: Buffer, offset: number, length: number, position: number, cb: (err: Error | null) => void): void;
  close(cb: (err: Error | null) => void): void;
}
interface YLib {
  RandomAccessReader: new () => YReader;
  fromRandomAccessReader(
    reader: YReader,
    size: number,
    options: { lazyEntries: boolean; decodeStrings: boolean; validateEntrySizes: boolean; autoClose: boolean },
    cb: (err: Error | null, zip?: YZipFile) => void,
  ): void;
  getFileNameLowLevel(flags: number, name: Buffer, extraFields: { id: number; data: Buffer }[], strict: boolean): string;
  parseExtraFields(buf: Buffer): { id: number; data: Buffer }[];
}
const Y = yauzl as unknown as YLib;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_EXTRA_DATA = 0x08064b50;
const SIG_DESCRIPTOR = 0x08074b50;

const METHOD_NAMES: Record<number, string> = {
  1: 'shrink',
  6: 'implode',
  9: 'deflate64',
  12: 'bzip2',
  14: 'lzma',
  93: 'zstd',
  95: 'xz',
  98: 'ppmd',
};

function makeReader(src: RandomSource): YReader {
  class Reader extends Y.RandomAccessReader {
    override _readStreamForRange(start: number, end: number): Readable {
      return src.stream(start, end);
    }
    override read(buffer: Buffer, offset: number, length: number, position: number, cb: (err: Error | null) => void): void {
      src.read(position, length).then(
        (b) => {
          if (b.length < length) return cb(new Error('unexpected end of file'));
          b.copy(buffer, offset);
          cb(null);
        },
        (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
      );
    }
    override close(cb: (err: Error | null) => void): void {
      setImmediate(() => cb(null)); // the owner of the source closes it
    }
  }
  return new Reader();
}

function openZip(src: RandomSource): Promise<YZipFile> {
  return new Promise((resolve, reject) => {
    try {
      Y.fromRandomAccessReader(
        makeReader(src),
        src.size,
        { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, autoClose: false },
        (err, zip) => {
          if (err || !zip) return reject(err ?? new Error('cannot open zip'));
          zip.on('error', noop);
          resolve(zip);
        },
      );
    } catch (err) {
      reject(err);
    }
  });
}

function nextEntry(zip: YZipFile): Promise<YEntry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      zip.removeListener('entry', onEntry);
      zip.removeListener('end', onEnd);
      zip.removeListener('error', onError);
    };
    const onEntry = (e: YEntry): void => {
      cleanup();
      resolve(e);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(null);
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function openRaw(zip: YZipFile, e: YEntry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    try {
      zip.openReadStream(e, { decodeFileData: false }, (err, s) => {
        if (err || !s) return reject(err ?? new Error('cannot open entry'));
        s.on('error', noop);
        resolve(s);
      });
    } catch (err) {
      reject(err);
    }
  });
}

function decodeName(flags: number, raw: Buffer, extra: { id: number; data: Buffer }[]): string {
  try {
    return Y.getFileNameLowLevel(flags, raw, extra, false);
  } catch {
    return raw.toString('latin1').replace(/\\/g, '/');
  }
}

interface ZipMemberInfo {
  name: string;
  flags: number;
  method: number;
  compressedSize: number | null;
  uncompressedSize: number | null;
  /** from the central directory: host system and external attributes (null in local headers) */
  versionMadeBy: number | null;
  externalAttributes: number | null;
}

/** What kind of member; the content-bearing ones become 'file'. */
function classify(z: ZipMemberInfo): Member {
  const rawName = z.name;
  if (rawName.endsWith('/')) return { rawName, kind: 'directory' };
  if (z.versionMadeBy !== null && z.externalAttributes !== null) {
    const host = z.versionMadeBy >>> 8;
    const attr = z.externalAttributes >>> 0;
    if (host === 3 || host === 19) {
      switch ((attr >>> 16) & 0o170000) {
        case 0o120000:
          return { rawName, kind: 'skip', reason: 'symbolic link not followed' };
        case 0o040000:
          return { rawName, kind: 'directory' };
        case 0o010000:
          return { rawName, kind: 'skip', reason: 'fifo not read' };
        case 0o020000:
          return { rawName, kind: 'skip', reason: 'character-device not read' };
        case 0o060000:
          return { rawName, kind: 'skip', reason: 'block-device not read' };
        case 0o140000:
          return { rawName, kind: 'skip', reason: 'socket not read' };
        default:
          break;
      }
    }
    if (attr & 0x10 && z.uncompressedSize === 0) return { rawName, kind: 'directory' };
  }
  if (z.flags & 0x41) return { rawName, kind: 'skip', reason: 'encrypted entry not read' };
  if (z.method !== 0 && z.method !== 8) {
    const m = METHOD_NAMES[z.method];
    return {
      rawName,
      kind: 'skip',
      reason: `compression method ${z.method}${m ? ` (${m})` : ''} not supported`,
    };
  }
  return { rawName, kind: 'file', size: z.uncompressedSize };
}

const SMALL_MEMBER = 1024 * 1024;

async function inflateSmall(open: () => Promise<Readable>, declared: number): Promise<Buffer | null> {
  try {
    const parts: Buffer[] = [];
    for await (const c of await open()) parts.push(c as Buffer);
    return zlib.inflateRawSync(Buffer.concat(parts), { maxOutputLength: Math.max(1, declared) });
  } catch {
    return null;
  }
}

/** hand one member over: `open` gives its raw (compressed) bytes */
async function member(
  ctx: Ctx,
  container: Container,
  z: ZipMemberInfo,
  open: () => Promise<Readable>,
): Promise<void> {
  const m = classify(z);
  if (m.kind !== 'file') {
    await ctx.member(ctx, container, m, null, []);
    return;
  }
  // Small deflated members are inflated in one call: creating a zlib stream per member costs far
  // more than inflating a few kilobytes, and zips of command outputs hold thousands of them. The
  // output is bounded by the declared size; anything unexpected takes the streaming path below,
  // which reports damage and bombs precisely.
  if (
    z.method === 8 &&
    z.compressedSize !== null &&
    z.uncompressedSize !== null &&
    z.compressedSize <= SMALL_MEMBER &&
    z.uncompressedSize <= SMALL_MEMBER
  ) {
    const whole = await inflateSmall(open, z.uncompressedSize);
    const spent = whole ? ctx.budget?.take(whole.length) ?? null : null;
    if (spent) {
      await ctx.member(ctx, container, { rawName: z.name, kind: 'skip', reason: `${spent}; not read` }, null, []);
      return;
    }
    if (whole) {
      await ctx.member(ctx, container, m, Pull.of(whole), []);
      return;
    }
  }
  let stream: Readable;
  try {
    stream = await open();
  } catch (err) {
    await ctx.member(ctx, container, { rawName: z.name, kind: 'unreadable', reason: `damaged: ${oneLine(err)}` }, null, []);
    return;
  }
  const raw = new Pull(stream, 'cancel');
  const layer = z.method === 8 ? new InflateLayer(raw, 'deflate', ctx.limits.maxCompressionRatio, ctx.budget) : null;
  try {
    await ctx.member(ctx, container, m, layer ? layer.pull : raw, layer ? [layer] : []);
  } finally {
    if (layer) await layer.close();
    await raw.discard();
  }
}

/**
 * Members whose data ranges overlap an earlier one's (by position in the file): the shape of the
 * "overlapping files" zip bomb, where thousands of central directory records point into one
 * compressed kernel, so the zip inflates to far more than any member's own ratio shows. One pass
 * over the central directory alone (no member data), then one sort. Answers the indexes (in
 * central directory order) to refuse; damage here is left to the main pass to report.
 */
async function overlappingMembers(src: RandomSource): Promise<Set<number>> {
  const ranges: { start: number; end: number; i: number }[] = [];
  let zip: YZipFile;
  try {
    zip = await openZip(src);
  } catch {
    return new Set();
  }
  try {
    for (let i = 0; ; i++) {
      const e = await nextEntry(zip);
      if (!e) break;
      // a local header is 30 bytes and the name; the extra field length is the local one's, unknown here
      const start = e.relativeOffsetOfLocalHeader;
      ranges.push({ start, end: start + 30 + e.fileNameRaw.length + e.compressedSize, i });
    }
  } catch {
    /* the main pass reports the damage */
  } finally {
    zip.close();
  }
  ranges.sort((a, b) => a.start - b.start || a.i - b.i);
  const out = new Set<number>();
  let maxEnd = -1;
  for (const r of ranges) {
    if (r.start < maxEnd) out.add(r.i);
    maxEnd = Math.max(maxEnd, r.end);
  }
  return out;
}

export async function readZip(ctx: Ctx, src: RandomSource, container: Container): Promise<ContainerResult> {
  let zip: YZipFile;
  try {
    zip = await openZip(src);
  } catch (err) {
    return scanLocalHeaders(ctx, src, container, `central directory unreadable (${oneLine(err)})`);
  }
  let entries = 0;
  let damage: string | null = null;
  let interrupted = false;
  const overlapping = await overlappingMembers(src);
  try {
    for (;;) {
      if (ctx.stop) {
        interrupted = true;
        break;
      }
      if (ctx.budget?.spent) {
        // the input's decompression budget is spent (budget.ts): the rest would only be cut too
        damage = `${ctx.budget.spent}; the rest of this archive was not read (${countEntries(entries)} seen)`;
        break;
      }
      let e: YEntry | null;
      try {
        e = await nextEntry(zip);
      } catch (err) {
        if (entries === 0) {
          return await scanLocalHeaders(ctx, src, container, `central directory unreadable (${oneLine(err)})`);
        }
        damage = `central directory damaged after ${countEntries(entries)}: ${oneLine(err)}; the entries before the damage were read`;
        break;
      }
      if (!e) break;
      entries++;
      if (!ctx.countEntry()) {
        interrupted = true;
        break;
      }
      const entry = e;
      if (overlapping.has(entries - 1)) {
        const name = decodeName(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields);
        const reason = 'its data overlaps the data of another member (the shape of a zip bomb); refused';
        await ctx.member(ctx, container, { rawName: name, kind: 'unreadable', reason }, null, []);
        continue;
      }
      await member(
        ctx,
        container,
        {
          name: decodeName(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields),
          flags: entry.generalPurposeBitFlag,
          method: entry.compressionMethod,
          compressedSize: entry.compressedSize,
          uncompressedSize: entry.uncompressedSize,
          versionMadeBy: entry.versionMadeBy,
          externalAttributes: entry.externalFileAttributes,
        },
        () => openRaw(zip, entry),
      );
    }
  } finally {
    zip.close();
  }
  return { entries, damage, interrupted };
}

function readUInt64(b: Buffer, off: number): number {
  return b.readUInt32LE(off + 4) * 0x100000000 + b.readUInt32LE(off);
}

/** length of a raw deflate stream starting at `start` (found by inflating it), or a reason why not */
async function deflateLength(src: RandomSource, start: number, maxRatio: number): Promise<number | string> {
  const z = zlib.createInflateRaw({ chunkSize: 128 * 1024 });
  z.on('error', noop);
  const input = src.stream(start, src.size);
  input.on('error', noop);
  input.pipe(z);
  let out = 0;
  try {
    for await (const c of z as AsyncIterable<Buffer>) {
      out += c.length;
      if (out > RATIO_CHECK_AFTER && out / Math.max(1, z.bytesWritten) > maxRatio) {
        return `data expands more than ${maxRatio} times, which looks like a compression bomb`;
      }
    }
    return z.bytesWritten;
  } catch (err) {
    return `damaged: ${oneLine(err)}`;
  } finally {
    input.unpipe(z);
    input.destroy();
    z.destroy();
  }
}

/**
 * Recovery when the central directory is unusable: walk the local file headers from offset 0.
 * Members with a data descriptor (sizes after the data) are found by inflating them; a stored
 * member with a data descriptor cannot be delimited and ends the walk.
 */
async function scanLocalHeaders(
  ctx: Ctx,
  src: RandomSource,
  container: Container,
  why: string,
): Promise<ContainerResult> {
  let pos = 0;
  let entries = 0;
  let stopped: string | null = null;
  let interrupted = false;
  for (;;) {
    if (ctx.stop) {
      interrupted = true;
      break;
    }
    const h = await src.read(pos, 30);
    if (h.length === 0 && pos >= src.size) {
      stopped = 'the archive ends without a central directory';
      break;
    }
    if (h.length < 4) {
      stopped = 'unexpected end of file';
      break;
    }
    const sig = h.readUInt32LE(0);
    if (sig === SIG_CENTRAL || sig === SIG_END || sig === SIG_END64 || sig === SIG_EXTRA_DATA) break;
    if (sig !== SIG_LOCAL) {
      stopped = `no entry header at offset ${pos}`;
      break;
    }
    if (h.length < 30) {
      stopped = 'unexpected end of file';
      break;
    }
    const flags = h.readUInt16LE(6);
    const method = h.readUInt16LE(8);
    let csize = h.readUInt32LE(18);
    let usize: number = h.readUInt32LE(22);
    const nlen = h.readUInt16LE(26);
    const xlen = h.readUInt16LE(28);
    const nx = await src.read(pos + 30, nlen + xlen);
    if (nx.length < nlen + xlen) {
      stopped = 'unexpected end of file';
      break;
    }
    let extra: { id: number; data: Buffer }[] = [];
    try {
      extra = Y.parseExtraFields(nx.subarray(nlen));
    } catch {
      extra = [];
    }
    if (csize === 0xffffffff || usize === 0xffffffff) {
      const z64 = extra.find((f) => f.id === 0x0001);
      if (z64 && z64.data.length >= 16) {
        usize = readUInt64(z64.data, 0);
        csize = readUInt64(z64.data, 8);
      }
    }
    const name = decodeName(flags, nx.subarray(0, nlen), extra);
    const dataStart = pos + 30 + nlen + xlen;
    let dataEnd: number;
    let next: number;
    const descriptor = (flags & 0x08) !== 0;
    if (descriptor) {
      if (method !== 8) {
        stopped = `the end of '${name}' cannot be found (stored with a data descriptor)`;
        break;
      }
      const len = await deflateLength(src, dataStart, ctx.limits.maxCompressionRatio);
      if (typeof len === 'string') {
        // hand over what can be read (up to the damage or the ratio cut), then stop the walk
        stopped = `the end of '${name}' cannot be found (${len})`;
        dataEnd = src.size + 1;
        next = dataEnd;
      } else {
        dataEnd = dataStart + len;
        // data descriptor: [signature] crc32, compressed size, uncompressed size (4 or 8 bytes each)
        const d = await src.read(dataEnd, 28);
        let skip = d.length >= 4 && d.readUInt32LE(0) === SIG_DESCRIPTOR ? 4 : 0;
        const sigAt = (off: number): boolean => {
          if (d.length < off + 4) return false;
          const s = d.readUInt32LE(off);
          return s === SIG_LOCAL || s === SIG_CENTRAL || s === SIG_END;
        };
        skip += sigAt(skip + 12) ? 12 : sigAt(skip + 20) ? 20 : 12;
        next = dataEnd + skip;
      }
      usize = -1;
    } else {
      dataEnd = dataStart + csize;
      next = dataEnd;
    }
    entries++;
    if (!ctx.countEntry()) {
      interrupted = true;
      break;
    }
    const start = dataStart;
    const end = dataEnd;
    await member(
      ctx,
      container,
      {
        name,
        flags,
        method,
        compressedSize: descriptor ? null : csize,
        uncompressedSize: usize >= 0 && !descriptor ? usize : null,
        versionMadeBy: null,
        externalAttributes: null,
      },
      () => {
        const s = src.stream(start, end);
        s.on('error', noop);
        return Promise.resolve(s);
      },
    );
    if (dataEnd > src.size) {
      stopped ??= 'unexpected end of file';
      break;
    }
    pos = next;
  }
  const recovered = `${countEntries(entries)} recovered from the local file headers`;
  return {
    entries,
    damage: `${why}; ${recovered}${stopped ? `, then ${stopped}` : ''}`,
    interrupted,
  };
}
