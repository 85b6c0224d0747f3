/**
 * Random-access byte sources: a file on disk (read by position, counted for progress) or a buffer
 * in memory (a nested zip). Both serve the zip reader; files also give sequential streams.
 */
import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { CHUNK, noop } from './context';

export interface RandomSource {
  readonly size: number;
  /** up to `len` bytes at `pos` (fewer at the end of the source) */
  read(pos: number, len: number): Promise<Buffer>;
  /** bytes [start, end); the stream fails with 'unexpected end of file' if the source is shorter */
  stream(start: number, end: number): Readable;
}

function fsRead(fd: number, buf: Buffer, len: number, pos: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.read(fd, buf, 0, len, pos, (err, n) => (err ? reject(err) : resolve(n)));
  });
}

/** reads up to this size are served from a small cache of blocks (zip headers, small members) */
const SMALL_READ = 64 * 1024;
const BLOCK = 256 * 1024;

/**
 * An open file: positional reads only, so any number of streams may share the descriptor.
 * Small reads go through two cached blocks: a zip is read as many tiny pieces (46-byte central
 * directory records, 30-byte local headers, small members), and one system call each is slow.
 */
export class FileSource implements RandomSource {
  private blocks: { pos: number; buf: Buffer }[] = [];
  private pending = 0;
  private idle: (() => void) | null = null;
  private closed = false;

  private constructor(
    private readonly fd: number,
    readonly size: number,
    private readonly onBytes: (n: number) => void,
  ) {}

  /**
   * `inFolder`: a file found by walking a folder input. It is opened without following a symbolic
   * link and without blocking (a file swapped for a link or a fifo after the walk is refused, never
   * followed or waited on), and must be a regular file.
   */
  static async open(path: string, onBytes: (n: number) => void, inFolder = false): Promise<FileSource> {
    const C = fs.constants;
    const flags = inFolder ? C.O_RDONLY | (C.O_NOFOLLOW ?? 0) | (C.O_NONBLOCK ?? 0) : 'r';
    const fd = await new Promise<number>((resolve, reject) => {
      fs.open(path, flags, (err, fd) => (err ? reject(err) : resolve(fd)));
    });
    try {
      const st = await new Promise<fs.Stats>((resolve, reject) => {
        fs.fstat(fd, (err, st) => (err ? reject(err) : resolve(st)));
      });
      if (st.isDirectory()) {
        const e = new Error('is a folder') as NodeJS.ErrnoException;
        e.code = 'EISDIR';
        throw e;
      }
      if (inFolder && !st.isFile()) throw new Error('not a regular file (changed since the folder was listed?)');
      return new FileSource(fd, st.size, onBytes);
    } catch (err) {
      fs.close(fd, () => {});
      throw err;
    }
  }

  private async readAt(buf: Buffer, len: number, pos: number): Promise<number> {
    if (this.closed) throw new Error('file already closed');
    this.pending++;
    try {
      const n = await fsRead(this.fd, buf, len, pos);
      this.onBytes(n);
      return n;
    } finally {
      this.pending--;
      if (this.pending === 0 && this.idle) this.idle();
    }
  }

  async read(pos: number, len: number): Promise<Buffer> {
    if (len > SMALL_READ) return this.readDirect(pos, len);
    const i = this.blocks.findIndex((b) => pos >= b.pos && pos + len <= b.pos + b.buf.length);
    if (i >= 0) {
      const b = this.blocks[i]!;
      if (i > 0) this.blocks.unshift(...this.blocks.splice(i, 1));
      return b.buf.subarray(pos - b.pos, pos - b.pos + len);
    }
    const buf = await this.readDirect(pos, Math.max(len, BLOCK));
    this.blocks.unshift({ pos, buf });
    if (this.blocks.length > 2) this.blocks.length = 2;
    return buf.subarray(0, Math.min(len, buf.length));
  }

  private async readDirect(pos: number, len: number): Promise<Buffer> {
    const buf = Buffer.allocUnsafe(len);
    let have = 0;
    while (have < len) {
      const n = await this.readAt(buf.subarray(have), len - have, pos + have);
      if (n === 0) break;
      have += n;
    }
    return buf.subarray(0, have);
  }

  /** bytes [start, end); end = Infinity reads to the end of the file, whatever its size now */
  stream(start: number, end: number): Readable {
    const self = this;
    if (end - start <= SMALL_READ && end <= this.size) {
      let started = false;
      const small = new Readable({
        highWaterMark: CHUNK,
        read(): void {
          if (started) return;
          started = true;
          if (end === start) {
            this.push(null);
            return;
          }
          self.read(start, end - start).then(
            (b) => {
              if (this.destroyed) return;
              if (b.length < end - start) return this.destroy(new Error('unexpected end of file'));
              if (b.length > 0) this.push(Buffer.from(b)); // a copy: the block stays cached
              this.push(null);
            },
            (err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))),
          );
        },
      });
      small.on('error', noop); // whoever reads it sees the error; nobody else must crash on it
      return small;
    }
    let pos = start;
    const stream = new Readable({
      highWaterMark: CHUNK,
      read(): void {
        if (pos >= end) {
          this.push(null);
          return;
        }
        // to the end of the file: read what fstat promised, then probe with a small read
        const want = end === Infinity ? (self.size > pos ? self.size - pos : 16 * 1024) : end - pos;
        const len = Math.min(CHUNK, want);
        const buf = Buffer.allocUnsafe(len);
        self.readAt(buf, len, pos).then(
          (n) => {
            if (this.destroyed) return;
            if (n === 0) {
              if (end === Infinity) this.push(null);
              else this.destroy(new Error('unexpected end of file'));
              return;
            }
            pos += n;
            this.push(n < len ? buf.subarray(0, n) : buf);
          },
          (err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))),
        );
      },
    });
    stream.on('error', noop);
    return stream;
  }

  /** close once no read is in flight */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.pending > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    this.closed = true;
    await new Promise<void>((resolve) => fs.close(this.fd, () => resolve()));
  }
}

export class BufferSource implements RandomSource {
  readonly size: number;
  constructor(private readonly buf: Buffer) {
    this.size = buf.length;
  }

  read(pos: number, len: number): Promise<Buffer> {
    return Promise.resolve(this.buf.subarray(Math.min(pos, this.size), Math.min(pos + len, this.size)));
  }

  stream(start: number, end: number): Readable {
    const buf = this.buf;
    async function* slices(): AsyncGenerator<Buffer> {
      const stop = Math.min(end, buf.length);
      for (let p = start; p < stop; p += CHUNK) yield buf.subarray(p, Math.min(p + CHUNK, stop));
      if (end > buf.length) throw new Error('unexpected end of data');
    }
    const stream = Readable.from(slices(), { objectMode: false, highWaterMark: CHUNK });
    stream.on('error', noop);
    return stream;
  }
}
