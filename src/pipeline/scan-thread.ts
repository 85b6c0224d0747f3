/**
 * Main-thread side of the scan worker (scan-worker.ts): hands a log file's bytes to the worker in
 * batches and gets back the file's summary and what changed in the store, which it applies to the
 * main thread's store; so after each file both stores hold the same, and the caller sees what an
 * in-thread scan would have given.
 *
 * The bytes are copied into a few pooled 1 MiB buffers that travel to the worker and back
 * (transferred, not copied); at most POOL of them are in flight, which bounds the memory and makes
 * the reading wait when the worker falls behind.
 *
 * An idle worker ends itself after IDLE_MS (the main thread's store is complete, a new worker
 * starts from it), and never keeps the process alive.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MatcherRegistry } from '../rules/matchers';
import type { LogFileSummary, ScanOptions } from './scan';
import type { FromWorker, ToWorker, WorkerInit } from './scan-worker';
import type { ScanStore } from './store';

const BATCH = 1024 * 1024;
const POOL = 6;
const IDLE_MS = 2000;

function workerEntry(): { file: string; eval: boolean } {
  const js = path.join(__dirname, 'scan-worker.js');
  if (__filename.endsWith('.js')) return { file: js, eval: false };
  // running from the TypeScript sources (tests, MIGRATION_DOCTOR_FROM_SOURCE): load them through tsx
  const ts = path.join(__dirname, 'scan-worker.ts');
  return { file: `require('tsx/cjs'); require(${JSON.stringify(ts)});`, eval: true };
}

export class ScanThread {
  private worker: Worker | null = null;
  private pool: ArrayBuffer[] = [];
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private pending: { resolve: (r: { summary: LogFileSummary; delta: import('./store').StoreDelta }) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  private idle: NodeJS.Timeout | null = null;

  constructor(
    private readonly registry: MatcherRegistry,
    private readonly store: ScanStore,
  ) {}

  get running(): boolean {
    return this.worker !== null;
  }

  private start(): Worker {
    const init: WorkerInit = { conds: this.registry.matchers.map((m) => m.cond), state: this.store.exportState() };
    const entry = workerEntry();
    const w = new Worker(entry.file, { eval: entry.eval, workerData: init });
    w.unref();
    w.on('message', (m: FromWorker) => this.onMessage(m));
    w.on('error', (e) => this.fail(e));
    w.on('exit', (code) => {
      if (this.worker === w) {
        this.worker = null;
        if (this.pending) this.fail(new Error(`scan worker stopped (exit code ${code})`));
      }
    });
    this.worker = w;
    this.pool = [];
    this.inFlight = 0;
    return w;
  }

  private fail(e: Error): void {
    this.failure = e;
    const p = this.pending;
    this.pending = null;
    for (const w of this.waiters.splice(0)) w();
    if (p) p.reject(e);
    const w = this.worker;
    this.worker = null;
    if (w) void w.terminate();
  }

  private onMessage(m: FromWorker): void {
    if (m.t === 'ack') {
      this.inFlight--;
      this.pool.push(m.buf);
      this.waiters.shift()?.();
    } else if (m.t === 'done') {
      const p = this.pending;
      this.pending = null;
      p?.resolve({ summary: m.summary, delta: m.delta });
    } else if (m.t === 'failed') {
      this.fail(new Error(m.message));
    }
  }

  private post(m: ToWorker, transfer?: ArrayBuffer[]): void {
    this.worker!.postMessage(m, transfer);
  }

  /** Scans one log file in the worker; the store is up to date when the promise settles. */
  async scan(stream: AsyncIterable<Buffer | Uint8Array | string>, opts: ScanOptions): Promise<LogFileSummary> {
    if (this.idle) {
      clearTimeout(this.idle);
      this.idle = null;
    }
    if (!this.worker) this.start();
    this.failure = null;
    const done = new Promise<{ summary: LogFileSummary; delta: import('./store').StoreDelta }>((resolve, reject) => (this.pending = { resolve, reject }));
    done.catch(() => undefined);
    this.post({ t: 'begin', file: opts.file, host: opts.host, component: opts.component, maxLineBytes: opts.maxLineBytes });

    let buf: Buffer | null = null;
    let len = 0;
    const flush = async (): Promise<void> => {
      if (!buf || len === 0) return;
      const ab = buf.buffer as ArrayBuffer;
      this.inFlight++;
      this.post({ t: 'chunk', buf: ab, len }, [ab]);
      buf = null;
      len = 0;
    };
    const take = async (): Promise<Buffer> => {
      while (this.inFlight >= POOL && !this.failure) await new Promise<void>((r) => this.waiters.push(r));
      if (this.failure) throw this.failure;
      const ab = this.pool.pop() ?? new ArrayBuffer(BATCH);
      return Buffer.from(ab, 0, ab.byteLength);
    };

    let streamError: unknown = null;
    try {
      for await (const piece of stream) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
        let off = 0;
        while (off < chunk.length) {
          if (!buf) buf = await take();
          const n = Math.min(chunk.length - off, buf.length - len);
          buf.set(chunk.subarray(off, off + n), len);
          len += n;
          off += n;
          if (len === buf.length) await flush();
        }
      }
    } catch (err) {
      // the source failed: what arrived is scanned (as the in-thread scan would have), then the error
      streamError = err;
    }
    if (this.failure) throw this.failure;
    await flush();
    this.post({ t: 'end' });
    const { summary, delta } = await done;
    this.store.applyDelta(delta);
    this.idle = setTimeout(() => this.stop(), IDLE_MS);
    this.idle.unref();
    if (streamError !== null) throw streamError;
    return summary;
  }

  /** Ends the worker (the main thread's store is complete). */
  stop(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const w = this.worker;
    this.worker = null;
    if (w) void w.terminate();
  }
}
