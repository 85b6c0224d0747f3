/**
 * Main-thread side of the scan worker (scan-worker.ts). Log files are handed to the worker one
 * after the other, without waiting for each to be scanned: the reading goes on with the next entry
 * while the worker works, and the results (each file's summary and what changed in the store) come
 * back in the same order and are applied to the main thread's store as they arrive. `settle()`
 * waits for the last ones; after it the main thread's store holds exactly what an in-thread scan
 * would have put there.
 *
 * The bytes are copied into the slots of a ring in shared memory (SLOTS × 1 MiB) that the worker
 * reads in place; only slot numbers travel as messages. At most SLOTS are filled and not yet
 * scanned, which bounds the memory and makes the reading wait when the worker falls behind. (Moving
 * ArrayBuffers back and forth instead counts as fresh external memory in both threads every time,
 * and made each of them run a full garbage collection every few dozen megabytes.)
 *
 * An idle worker ends itself after IDLE_MS (a new one starts from the main thread's store), and
 * never keeps the process alive.
 */
import * as path from 'node:path';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { MatcherRegistry } from '../rules/matchers';
import type { LogFileSummary, ScanOptions } from './scan';
import type { FromWorker, Result, ToWorker, WorkerInit } from './scan-worker';
import type { ScanStore } from './store';

const SLOT_BYTES = 1024 * 1024;
const SLOTS = 8;
const IDLE_MS = 2000;
/** a worker that has had all its input and says nothing for this long is given up */
const SETTLE_TIMEOUT_MS = 120_000;

export type ScanOutcome = { summary: LogFileSummary; error: unknown } | { summary: null; error: unknown };

function workerEntry(): { file: string; eval: boolean } {
  const js = path.join(__dirname, 'scan-worker.js');
  if (__filename.endsWith('.js')) return { file: js, eval: false };
  // running from the TypeScript sources (tests, MIGRATION_DOCTOR_FROM_SOURCE): load them through tsx
  const ts = path.join(__dirname, 'scan-worker.ts');
  return { file: `require('tsx/cjs'); require(${JSON.stringify(ts)});`, eval: true };
}

interface Pending {
  /** error of the source stream, if it failed (what arrived was scanned) */
  streamError: unknown;
  done: (o: ScanOutcome) => void;
}

export class ScanThread {
  private worker: Worker | null = null;
  private results: MessagePort | null = null;
  private signal: Int32Array | null = null;
  private slots: Buffer[] = [];
  private free: number[] = [];
  private waiters: (() => void)[] = [];
  private pending: Pending[] = [];
  private failure: Error | null = null;
  private idle: NodeJS.Timeout | null = null;

  constructor(
    private readonly registry: MatcherRegistry,
    private readonly store: ScanStore,
  ) {}

  get running(): boolean {
    return this.worker !== null;
  }

  private start(): void {
    const ring = new SharedArrayBuffer(SLOTS * SLOT_BYTES);
    this.slots = [];
    this.free = [];
    for (let i = 0; i < SLOTS; i++) {
      this.slots.push(Buffer.from(ring, i * SLOT_BYTES, SLOT_BYTES));
      this.free.push(i);
    }
    const signal = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const init: WorkerInit = {
      conds: this.registry.matchers.map((m) => m.cond),
      state: this.store.exportState(),
      ring,
      slotBytes: SLOT_BYTES,
      results: port2,
      signal,
    };
    const entry = workerEntry();
    const w = new Worker(entry.file, { eval: entry.eval, workerData: init, transferList: [port2] });
    w.unref();
    w.on('message', (m: FromWorker) => {
      if (m.t === 'ack') {
        this.free.push(m.slot);
        this.waiters.shift()?.();
      }
    });
    w.on('error', (e) => this.fail(w, e));
    w.on('exit', (code) => this.fail(w, new Error(`scan worker stopped (exit code ${code})`)));
    port1.on('message', (r: Result) => this.onResult(r));
    port1.unref();
    this.worker = w;
    this.results = port1;
    this.signal = new Int32Array(signal);
    this.failure = null;
  }

  /** The worker is gone: what it still had to scan is reported as failed. */
  private fail(w: Worker, e: Error): void {
    if (this.worker !== w) return;
    // results it sent before it went are still in the port
    this.drain();
    this.failure = e;
    this.worker = null;
    this.results?.close();
    this.results = null;
    for (const p of this.pending.splice(0)) p.done({ summary: null, error: e });
    for (const r of this.waiters.splice(0)) r();
    void w.terminate();
  }

  private drain(): void {
    if (!this.results) return;
    for (;;) {
      const m = receiveMessageOnPort(this.results);
      if (!m) return;
      this.onResult(m.message as Result);
    }
  }

  private onResult(r: Result): void {
    const p = this.pending.shift();
    if (!p) return;
    if (r.t === 'done') {
      this.store.applyDelta(r.delta);
      p.done({ summary: r.summary, error: p.streamError });
    } else {
      p.done({ summary: null, error: new Error(r.message) });
    }
    if (this.pending.length === 0 && this.worker) {
      if (this.idle) clearTimeout(this.idle);
      this.idle = setTimeout(() => {
        if (this.pending.length === 0) this.stop();
      }, IDLE_MS);
      this.idle.unref();
    }
  }

  /**
   * Hands one log file to the worker. Resolves once all its bytes are handed over (or the source
   * failed); `done` is called later, in file order, with the summary (and the source's error, if
   * any), or with the error that stopped the scan.
   */
  async send(stream: AsyncIterable<Buffer | Uint8Array | string>, opts: ScanOptions, done: (o: ScanOutcome) => void): Promise<void> {
    if (this.idle) {
      clearTimeout(this.idle);
      this.idle = null;
    }
    if (!this.worker) this.start();
    const w = this.worker!;
    const post = (m: ToWorker): void => w.postMessage(m);
    const p: Pending = { streamError: null, done };
    this.pending.push(p);
    post({ t: 'begin', file: opts.file, host: opts.host, component: opts.component, maxLineBytes: opts.maxLineBytes });

    let slot = -1;
    let buf: Buffer | null = null;
    let len = 0;
    try {
      for await (const piece of stream) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
        let off = 0;
        while (off < chunk.length) {
          if (!buf) {
            while (this.free.length === 0 && this.worker === w) await new Promise<void>((r) => this.waiters.push(r));
            if (this.worker !== w) throw this.failure ?? new Error('scan worker stopped');
            slot = this.free.pop()!;
            buf = this.slots[slot]!;
          }
          const n = Math.min(chunk.length - off, buf.length - len);
          buf.set(chunk.subarray(off, off + n), len);
          len += n;
          off += n;
          if (len === buf.length) {
            post({ t: 'chunk', slot, len });
            buf = null;
            len = 0;
          }
        }
      }
    } catch (err) {
      if (this.worker !== w) return; // the worker failed: `done` has been called
      // the source failed: what arrived is scanned (as the in-thread scan would have), then the error
      p.streamError = err;
    }
    if (this.worker !== w) return;
    if (buf && len > 0) post({ t: 'chunk', slot, len });
    post({ t: 'end' });
  }

  /** Waits (blocking, briefly) until every file handed over is scanned and applied to the store. */
  settle(): void {
    const start = Date.now();
    while (this.pending.length > 0) {
      const w = this.worker;
      if (!w || !this.signal) break;
      const seen = Atomics.load(this.signal, 0);
      const m = receiveMessageOnPort(this.results!);
      if (m) {
        this.onResult(m.message as Result);
        continue;
      }
      if (Atomics.wait(this.signal, 0, seen, 1000) === 'timed-out' && Date.now() - start > SETTLE_TIMEOUT_MS) {
        this.fail(w, new Error('the scan worker stopped answering'));
      }
    }
  }

  /** Ends the worker (the main thread's store is complete). */
  stop(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const w = this.worker;
    this.settle();
    this.worker = null;
    this.results?.close();
    this.results = null;
    if (w) void w.terminate();
  }
}
