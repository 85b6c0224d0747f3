/**
 * The scan worker: runs `LogScanner` on the bytes the main thread puts in shared memory, so that
 * reading and decompressing (main thread and zlib's threads) overlap with splitting and matching
 * (here). See scan-thread.ts for the main thread's side.
 *
 * Init (workerData): the matcher conditions in registry order, the store's state, the ring of
 * `slots` × `slotBytes` shared bytes, the shared control words (CTL below), the results port.
 *
 * Per log file, in order: the main thread posts `begin` {file, host, component, maxLineBytes} and
 * counts it in CTL.BEGUN; then it fills ring slots in turn (length in `lens`, the file's last slot
 * marked in `ends`) and counts each in CTL.FILLED. The worker scans the slots in the same order and
 * counts each one it is done with in CTL.RELEASED. At the file's end it posts `done` {summary,
 * events} (or `failed`) on the results port and counts it in CTL.RESULTS. When the main thread
 * sets CTL.STOP, the worker, idle by then, posts the store's `state` the same way and ends.
 *
 * Everything but `begin` and the results goes through shared memory: the worker runs one
 * synchronous loop, sleeping in Atomics.wait when it has nothing to do, and only wakes the main
 * thread (Atomics.notify) when that one said it is waiting. (A message per 1 MiB chunk and per
 * acknowledgement cost more than the scanning of small chunks on a busy machine.)
 *
 * The worker's store starts from the main thread's and is the only one written while the worker
 * runs: the limits on events and requests apply exactly as in one thread. Each file's events go to
 * the main thread with its summary; the request index comes back once, when the worker ends.
 */
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { forEachLineBytes } from '../parsers/logs/lines';
import type { Component, LogCondition } from '../rules/schema';
import { MatcherRegistry } from '../rules/matchers';
import { LogScanner, type LogFileSummary } from './scan';
import { type EventsDelta, ScanStore, type StoreState } from './store';

/** Indices of the shared control words (Int32). */
export const CTL = {
  /** results posted (worker → main) */
  RESULTS: 0,
  /** slots scanned and free again (worker → main) */
  RELEASED: 1,
  /** the main thread sleeps until RELEASED reaches this (0: it does not sleep) */
  WANT: 2,
  /** slots filled (main → worker) */
  FILLED: 3,
  /** `begin` messages posted (main → worker) */
  BEGUN: 4,
  /** 1: the worker is to end */
  STOP: 5,
  SIZE: 6,
} as const;

export interface WorkerInit {
  conds: LogCondition[];
  state: StoreState;
  ring: SharedArrayBuffer;
  slotBytes: number;
  /**
   * Int32 × SLOTS × HIT_PAIRS × 2: for each slot, the first literal hint of each of its lines
   * that holds one (start, end), found by the main thread while the worker scans other slots
   */
  hits: SharedArrayBuffer;
  /** Int32 × SLOTS: pairs in each slot's part of `hits` (-1: not known, the worker looks itself) */
  nhits: SharedArrayBuffer;
  /** Int32 × SLOTS: bytes in each slot */
  lens: SharedArrayBuffer;
  /** Int32 × SLOTS: 1 when the slot is the last of its file */
  ends: SharedArrayBuffer;
  ctl: SharedArrayBuffer;
  results: MessagePort;
}

/** hint pairs a slot can hold */
export const HIT_PAIRS = 8192;

export interface Begin {
  file: string;
  host: string | null;
  component: Component;
  maxLineBytes: number;
}

export type Result =
  | { t: 'done'; summary: LogFileSummary; events: EventsDelta }
  | { t: 'failed'; message: string }
  | { t: 'state'; state: StoreState };

async function run(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const init = workerData as WorkerInit;
  const ctl = new Int32Array(init.ctl);
  const lens = new Int32Array(init.lens);
  const ends = new Int32Array(init.ends);
  const hits = new Int32Array(init.hits);
  const nhits = new Int32Array(init.nhits);
  let scanner: LogScanner | null = null;
  const slots: Buffer[] = [];
  for (let o = 0; o + init.slotBytes <= init.ring.byteLength; o += init.slotBytes) slots.push(Buffer.from(init.ring, o, init.slotBytes));
  const nslots = slots.length;

  const registry = new MatcherRegistry();
  for (const c of init.conds) registry.add(c);
  const store = new ScanStore();
  store.importState(init.state);

  const report = (r: Result, transfer: ArrayBuffer[] = []): void => {
    init.results.postMessage(r, transfer);
    Atomics.add(ctl, CTL.RESULTS, 1);
    Atomics.notify(ctl, CTL.RESULTS);
  };
  const stopped = (): boolean => Atomics.load(ctl, CTL.STOP) !== 0;

  let consumed = 0;
  let begun = 0;
  let fileEnded = false;
  const release = (): void => {
    const released = Atomics.add(ctl, CTL.RELEASED, 1) + 1;
    const want = Atomics.load(ctl, CTL.WANT);
    if (want !== 0 && released >= want) {
      Atomics.store(ctl, CTL.WANT, 0);
      Atomics.notify(ctl, CTL.RELEASED);
    }
  };
  /** the slots of the current file, in order, until the one marked as its end */
  function* chunks(): Generator<Buffer> {
    for (;;) {
      while (Atomics.load(ctl, CTL.FILLED) === consumed) {
        if (stopped()) return;
        Atomics.wait(ctl, CTL.FILLED, consumed, 1000);
      }
      const slot = consumed % nslots;
      const len = lens[slot]!;
      const last = ends[slot] !== 0;
      try {
        if (len > 0) {
          const view = slots[slot]!.subarray(0, len);
          scanner?.hints(view, hits, slot * HIT_PAIRS * 2, nhits[slot]!);
          yield view;
        }
      } finally {
        // the consumer asked for more (or stopped): this slot is done with
        consumed++;
        release();
      }
      if (last) {
        fileEnded = true;
        return;
      }
    }
  }
  /** after a failure: the rest of the file's slots, unread */
  const skipRest = (): void => {
    while (!fileEnded) {
      while (Atomics.load(ctl, CTL.FILLED) === consumed) {
        if (stopped()) return;
        Atomics.wait(ctl, CTL.FILLED, consumed, 1000);
      }
      fileEnded = ends[consumed % nslots] !== 0;
      consumed++;
      release();
    }
  };

  for (;;) {
    let m: { message: Begin } | undefined;
    while (!(m = receiveMessageOnPort(port) as { message: Begin } | undefined)) {
      if (stopped()) {
        // the main thread takes the store back (the request index lived here meanwhile)
        const state = store.exportState(true);
        report({ t: 'state', state }, ScanStore.transferables(state));
        return;
      }
      Atomics.wait(ctl, CTL.BEGUN, begun, 1000);
    }
    begun++;
    const b = m.message;
    scanner = new LogScanner({ file: b.file, host: b.host, component: b.component, registry, store, maxLineBytes: b.maxLineBytes });
    fileEnded = false;
    const source = chunks();
    try {
      const stats = await forEachLineBytes(source, b.maxLineBytes, scanner.line);
      const summary = scanner.finish(stats);
      report({ t: 'done', summary, events: store.takeEvents() });
    } catch (err) {
      // skip what is left of the file, then say why it failed
      skipRest();
      report({ t: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  }
}

void run();
