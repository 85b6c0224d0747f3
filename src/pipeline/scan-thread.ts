/**
 * Main-thread side of the scan worker (scan-worker.ts, which also describes the protocol). Log
 * files are handed to the worker one after the other, without waiting for each to be scanned: the
 * reading goes on with the next entry while the worker works, and the results (each file's summary
 * and the events it kept) come back in the same order and are put in the main thread's store as
 * they arrive. The request index lives in the worker meanwhile and comes back when it ends
 * (`stop()`): the main thread's store then holds exactly what an in-thread scan would have put
 * there.
 *
 * The bytes are copied into the slots of a ring in shared memory (SLOTS × 1 MiB) that the worker
 * reads in place. At most SLOTS are filled and not yet scanned, which bounds the memory and makes
 * the reading wait when the worker falls behind. (Moving ArrayBuffers back and forth instead counts
 * as fresh external memory in both threads every time, and made each of them run a full garbage
 * collection every few dozen megabytes.)
 *
 * An idle worker ends after IDLE_MS (a new one starts from the main thread's store), and never
 * keeps the process alive.
 */
import * as path from 'node:path';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { MatcherRegistry } from '../rules/matchers';
import type { LogFileSummary, ScanOptions } from './scan';
import { type Begin, CTL, HIT_PAIRS, type Result, type WorkerInit } from './scan-worker';
import type { Component } from '../rules/schema';
import type { LiteralSet } from '../rules/matchers';
import { ScanStore } from './store';

/** Atomics.waitAsync (Node ≥ 16; typed in ES2024, this project compiles against ES2023) */
const waitAsync = (Atomics as unknown as {
  waitAsync(a: Int32Array, i: number, v: number, timeout: number): { async: false; value: string } | { async: true; value: Promise<string> };
}).waitAsync;

const SLOT_BYTES = 1024 * 1024;
const SLOTS = 8;
const IDLE_MS = 2000;
/** slots waiting for the worker from which the main thread takes on the prefilter (see fill) */
const HINT_BACKLOG = 2;
/** a worker that has had all its input and says nothing for this long is given up */
const SETTLE_TIMEOUT_MS = 120_000;

export type ScanOutcome = { summary: LogFileSummary | null; error: unknown };

function workerEntry(): { file: string; eval: boolean } {
  const js = path.join(__dirname, 'scan-worker.js');
  if (__filename.endsWith('.js')) return { file: js, eval: false };
  // running from the TypeScript sources (tests, MIGRATION_DOCTOR_FROM_SOURCE): load them through tsx
  const ts = path.join(__dirname, 'scan-worker.ts');
  // resolved here: an eval'd worker resolves bare names from the working folder, not from this package
  return { file: `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(ts)});`, eval: true };
}

interface Pending {
  /** error of the source stream, if it failed (what arrived was scanned) */
  streamError: unknown;
  done: (o: ScanOutcome) => void;
}

interface Running {
  worker: Worker;
  results: MessagePort;
  ctl: Int32Array;
  lens: Int32Array;
  ends: Int32Array;
  hits: Int32Array;
  nhits: Int32Array;
  slots: Buffer[];
  /** slots filled so far */
  filled: number;
  failure: Error | null;
}

export class ScanThread {
  private run: Running | null = null;
  private pending: Pending[] = [];
  private idle: NodeJS.Timeout | null = null;
  /** the worker's last message, its store, has come back */
  private gotState = false;
  private literals = new Map<Component, LiteralSet | null>();

  /**
   * `hintBacklog`: slots waiting for the worker from which this thread takes on the prefilter (see
   * `fill`); 0 always, Infinity never (tests use both ends).
   */
  constructor(
    private readonly registry: MatcherRegistry,
    private readonly store: ScanStore,
    private readonly opts: { hintBacklog?: number } = {},
  ) {}

  get running(): boolean {
    return this.run !== null;
  }

  private start(): Running {
    const ring = new SharedArrayBuffer(SLOTS * SLOT_BYTES);
    const lens = new SharedArrayBuffer(SLOTS * 4);
    const ends = new SharedArrayBuffer(SLOTS * 4);
    const ctl = new SharedArrayBuffer(CTL.SIZE * 4);
    const hits = new SharedArrayBuffer(SLOTS * HIT_PAIRS * 2 * 4);
    const nhits = new SharedArrayBuffer(SLOTS * 4);
    const { port1, port2 } = new MessageChannel();
    const state = this.store.exportState();
    const init: WorkerInit = {
      conds: this.registry.matchers.map((m) => m.cond),
      state,
      ring,
      slotBytes: SLOT_BYTES,
      lens,
      ends,
      hits,
      nhits,
      ctl,
      results: port2,
    };
    const entry = workerEntry();
    // a small young generation: the worker's objects are short-lived, and its memory counts too
    const worker = new Worker(entry.file, { eval: entry.eval, workerData: init, transferList: [port2, ...ScanStore.transferables(state)], resourceLimits: { maxYoungGenerationSizeMb: 16 } });
    worker.unref();
    const slots: Buffer[] = [];
    for (let i = 0; i < SLOTS; i++) slots.push(Buffer.from(ring, i * SLOT_BYTES, SLOT_BYTES));
    const run: Running = {
      worker,
      results: port1,
      ctl: new Int32Array(ctl),
      lens: new Int32Array(lens),
      ends: new Int32Array(ends),
      hits: new Int32Array(hits),
      nhits: new Int32Array(nhits),
      slots,
      filled: 0,
      failure: null,
    };
    worker.on('error', (e) => this.fail(run, e));
    worker.on('exit', (code) => this.fail(run, new Error(`scan worker stopped (exit code ${code})`)));
    port1.on('message', (r: Result) => this.onResult(r));
    port1.unref();
    this.run = run;
    return run;
  }

  /** The worker is gone: what it still had to scan is reported as failed. */
  private fail(run: Running, e: Error): void {
    if (this.run !== run) return;
    this.drain(run);
    run.failure = e;
    this.run = null;
    run.results.close();
    for (const p of this.pending.splice(0)) p.done({ summary: null, error: e });
    void run.worker.terminate();
  }

  private drain(run: Running): void {
    for (;;) {
      const m = receiveMessageOnPort(run.results);
      if (!m) return;
      this.onResult(m.message as Result);
    }
  }

  private onResult(r: Result): void {
    if (r.t === 'state') {
      this.store.importState(r.state);
      this.gotState = true;
      return;
    }
    const p = this.pending.shift();
    if (!p) return;
    if (r.t === 'done') {
      this.store.applyEvents(r.events);
      p.done({ summary: r.summary, error: p.streamError });
    } else {
      p.done({ summary: null, error: new Error(r.message) });
    }
    if (this.pending.length === 0 && this.run) {
      if (this.idle) clearTimeout(this.idle);
      this.idle = setTimeout(() => {
        if (this.pending.length === 0) this.stop();
      }, IDLE_MS);
      this.idle.unref();
    }
  }

  /** A free slot, waiting (without blocking the thread) until the worker frees half of the ring. */
  private async slot(run: Running): Promise<number> {
    const ctl = run.ctl;
    while (this.run === run && run.filled - Atomics.load(ctl, CTL.RELEASED) >= SLOTS) {
      const want = run.filled - SLOTS / 2;
      Atomics.store(ctl, CTL.WANT, want);
      const released = Atomics.load(ctl, CTL.RELEASED);
      if (released >= want) continue;
      const w = waitAsync(ctl, CTL.RELEASED, released, 1000);
      if (w.async) {
        // a pending waitAsync does not keep the process alive: this timer does, meanwhile
        const keep = setTimeout(() => undefined, 60_000);
        await w.value;
        clearTimeout(keep);
      }
    }
    if (this.run !== run) throw run.failure ?? new Error('scan worker stopped');
    return run.filled % SLOTS;
  }

  /**
   * Marks a slot filled. Before, when the worker has a backlog (the main thread would otherwise
   * wait for it), the main thread finds the first literal hint of each of the slot's lines
   * (`lits`): the prefilter's share of the scan, which the worker then skips. When the worker
   * waits for bytes instead, the slot goes as it is and the worker looks itself. Either way the
   * answers are the same; this only balances the two threads.
   */
  private fill(run: Running, len: number, last: boolean, lits: LiteralSet | null): void {
    const i = run.filled % SLOTS;
    const backlog = run.filled - Atomics.load(run.ctl, CTL.RELEASED);
    run.nhits[i] = lits && len > 0 && backlog >= (this.opts.hintBacklog ?? HINT_BACKLOG) ? lits.firstInLines(run.slots[i]!, 0, len, run.hits, i * HIT_PAIRS * 2, HIT_PAIRS) : -1;
    run.lens[i] = len;
    run.ends[i] = last ? 1 : 0;
    run.filled++;
    Atomics.store(run.ctl, CTL.FILLED, run.filled);
    Atomics.notify(run.ctl, CTL.FILLED);
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
    const run = this.run ?? this.start();
    const p: Pending = { streamError: null, done };
    this.pending.push(p);
    const begin: Begin = { file: opts.file, host: opts.host, component: opts.component, maxLineBytes: opts.maxLineBytes };
    let lits = this.literals.get(opts.component);
    if (lits === undefined) this.literals.set(opts.component, (lits = this.registry.forComponent(opts.component).literals));
    run.worker.postMessage(begin);
    Atomics.add(run.ctl, CTL.BEGUN, 1);
    Atomics.notify(run.ctl, CTL.BEGUN);

    let buf: Buffer | null = null;
    let len = 0;
    try {
      for await (const piece of stream) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
        let off = 0;
        while (off < chunk.length) {
          if (!buf) {
            buf = run.slots[await this.slot(run)]!;
            len = 0;
          }
          const n = Math.min(chunk.length - off, buf.length - len);
          buf.set(chunk.subarray(off, off + n), len);
          len += n;
          off += n;
          if (len === buf.length) {
            this.fill(run, len, false, lits);
            buf = null;
          }
        }
      }
    } catch (err) {
      if (this.run !== run) return; // the worker failed: `done` has been called
      // the source failed: what arrived is scanned (as the in-thread scan would have), then the error
      p.streamError = err;
    }
    if (this.run !== run) return;
    if (!buf) {
      try {
        await this.slot(run);
      } catch {
        return;
      }
    }
    this.fill(run, buf ? len : 0, true, lits);
  }

  /** Waits (blocking, briefly) until `done()` holds, reading the worker's results meanwhile. */
  private await(done: () => boolean): void {
    const start = Date.now();
    while (!done()) {
      const run = this.run;
      if (!run) break;
      const seen = Atomics.load(run.ctl, CTL.RESULTS);
      const m = receiveMessageOnPort(run.results);
      if (m) {
        this.onResult(m.message as Result);
        continue;
      }
      if (Atomics.wait(run.ctl, CTL.RESULTS, seen, 1000) === 'timed-out' && Date.now() - start > SETTLE_TIMEOUT_MS) {
        this.fail(run, new Error('the scan worker stopped answering'));
      }
    }
  }

  /** Waits until every file handed over is scanned and its events are in the store. */
  settle(): void {
    this.await(() => this.pending.length === 0);
  }

  /**
   * Ends the worker once it is done, taking its store back: the main thread's store is then
   * complete. (Reading the results is synchronous: this can be called from a getter.)
   */
  stop(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    this.settle();
    const run = this.run;
    if (!run) return;
    this.gotState = false;
    Atomics.store(run.ctl, CTL.STOP, 1);
    Atomics.notify(run.ctl, CTL.FILLED);
    Atomics.notify(run.ctl, CTL.BEGUN);
    this.await(() => this.gotState);
    if (this.run !== run) return; // it failed instead: the store keeps what it had
    this.run = null;
    run.results.close();
    void run.worker.terminate();
  }
}
