/**
 * Pull-based byte sources. Every content (a file, a tar member, a zip member, a decompressed
 * stream) is read through a `Pull`: chunks are asked for one at a time, so memory stays flat and
 * backpressure is natural; the first bytes can be peeked without losing them.
 */
import type { InflateBudget } from './budget';
import * as zlib from 'node:zlib';
import { RATIO_CHECK_AFTER, noop } from './context';

function toBuffer(c: unknown): Buffer {
  if (Buffer.isBuffer(c)) return c;
  if (c instanceof Uint8Array) return Buffer.from(c.buffer, c.byteOffset, c.byteLength);
  if (typeof c === 'string') return Buffer.from(c);
  throw new TypeError('stream gave a chunk that is not bytes');
}

/**
 * A serialised reader over an async iterable of byte chunks.
 *
 * `discard()` gets rid of the rest: 'cancel' ends the iterator (files, zip members: their streams
 * are destroyed), 'drain' reads the rest and drops it (tar members: tar-stream can only go on once
 * the member is consumed, and destroying a member stream would destroy the whole archive).
 */
export class Pull {
  private readonly it: AsyncIterator<unknown> | Iterator<unknown>;
  private readonly queue: Buffer[] = [];
  private ended = false;
  private failed = false;
  private failure: unknown = undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    source: AsyncIterable<unknown> | Iterable<unknown>,
    private readonly onDiscard: 'drain' | 'cancel',
  ) {
    this.it = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  }

  /** a content already in memory */
  static of(buf: Buffer): Pull {
    return new Pull([buf], 'cancel');
  }

  /** next non-empty chunk, or null at the end; rejects with the source's error (again on each call) */
  read(): Promise<Buffer | null> {
    const p = this.chain.then(() => this.readNow());
    this.chain = p.catch(noop);
    return p;
  }

  private async readNow(): Promise<Buffer | null> {
    const queued = this.queue.shift();
    if (queued) return queued;
    for (;;) {
      if (this.failed) throw this.failure;
      if (this.ended) return null;
      let r: IteratorResult<unknown>;
      try {
        r = await this.it.next();
      } catch (err) {
        this.failed = true;
        this.failure = err;
        throw err;
      }
      if (r.done) {
        this.ended = true;
        return null;
      }
      const b = toBuffer(r.value);
      if (b.length > 0) return b;
    }
  }

  /** up to `n` first bytes (fewer at the end of the content); they are read again afterwards */
  async peek(n: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let have = 0;
    while (have < n) {
      let c: Buffer | null;
      try {
        c = await this.read();
      } catch (err) {
        // keep what arrived before the damage; the error comes again on the read after it
        if (have === 0) throw err;
        break;
      }
      if (c === null) break;
      parts.push(c);
      have += c.length;
    }
    const head = parts.length === 1 ? parts[0]! : Buffer.concat(parts, have);
    if (head.length > 0) this.queue.unshift(head);
    return head.subarray(0, n);
  }

  /** the remaining chunks as an async iterable (does not discard anything when left early) */
  async *chunks(): AsyncGenerator<Buffer, void, undefined> {
    for (;;) {
      const c = await this.read();
      if (c === null) return;
      yield c;
    }
  }

  /** drop the rest (see the class comment); never rejects */
  discard(): Promise<void> {
    const p = this.chain.then(async () => {
      this.queue.length = 0;
      if (this.ended || this.failed) return;
      if (this.onDiscard === 'cancel') {
        this.ended = true;
        try {
          await this.it.return?.();
        } catch {
          /* the source's error is of no interest any more */
        }
        return;
      }
      for (;;) {
        try {
          const r = await this.it.next();
          if (r.done) break;
        } catch (err) {
          this.failed = true;
          this.failure = err;
          break;
        }
      }
      this.ended = true;
    });
    this.chain = p.catch(noop);
    return p.catch(noop);
  }
}

function drainedOrClosed(z: zlib.Gunzip | zlib.InflateRaw): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      z.removeListener('drain', done);
      z.removeListener('close', done);
      resolve();
    };
    z.on('drain', done);
    z.on('close', done);
  });
}

/** A decompression step between a compressed Pull and the decompressed `pull` (gzip, deflate, xz…). */
export interface DecodeLayer {
  readonly pull: Pull;
  /** why the output was cut short (a compression bomb), or null */
  readonly cut: string | null;
  /** stop decompressing; the parent still has to be discarded by its owner */
  close(): Promise<void>;
}

/**
 * A decompressing layer (gzip member, or raw deflate of a zip member) over a parent Pull, with the
 * compression-ratio guard: once more than RATIO_CHECK_AFTER bytes came out, the output is cut as
 * soon as output / compressed input consumed exceeds `maxRatio` (`cut` then says why).
 */
export class InflateLayer implements DecodeLayer {
  readonly pull: Pull;
  cut: string | null = null;
  private readonly z: zlib.Gunzip | zlib.InflateRaw;

  constructor(
    parent: Pull,
    readonly kind: 'gzip' | 'deflate',
    private readonly maxRatio: number,
    /** the input's budget across all layers (budget.ts) */
    private readonly budget: InflateBudget | null = null,
  ) {
    const opts = { chunkSize: 128 * 1024 };
    const z = kind === 'gzip' ? zlib.createGunzip(opts) : zlib.createInflateRaw(opts);
    this.z = z;
    z.on('error', noop);
    // Fed by hand rather than piped: when the compressed input fails (a truncated archive), the
    // decompressor is ended instead of destroyed, so that everything decodable is still given out
    // before its own 'unexpected end of file'.
    void (async (): Promise<void> => {
      try {
        for await (const c of parent.chunks()) {
          if (z.destroyed || z.writableEnded) return;
          if (!z.write(c)) await drainedOrClosed(z);
        }
      } catch {
        /* end below: zlib reports the truncation */
      }
      if (!z.destroyed && !z.writableEnded) z.end();
    })();
    this.pull = new Pull(this.output(), 'cancel');
  }

  private async *output(): AsyncGenerator<Buffer, void, undefined> {
    let out = 0;
    for await (const c of this.z as AsyncIterable<Buffer>) {
      out += c.length;
      if (out > RATIO_CHECK_AFTER) {
        const consumed = Math.max(1, this.z.bytesWritten);
        if (out / consumed > this.maxRatio) {
          this.cut =
            `${this.kind === 'gzip' ? 'gzip' : 'zip'} data expands more than ${this.maxRatio} times ` +
            `(${out} bytes out of ${consumed}), which looks like a compression bomb`;
          this.z.destroy();
          return;
        }
      }
      const spent = this.budget?.take(c.length) ?? null;
      if (spent) {
        this.cut = spent;
        this.z.destroy();
        return;
      }
      yield c;
    }
  }

  /** stop decompressing; the parent still has to be discarded by its owner */
  close(): Promise<void> {
    return this.pull.discard();
  }
}
