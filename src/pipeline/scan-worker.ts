/**
 * The scan worker: runs `LogScanner` on the bytes the main thread sends, so that reading and
 * decompressing (main thread and zlib's threads) overlap with splitting and matching (here).
 *
 * Protocol (see scan-thread.ts for the other side), one log file at a time:
 *   init (workerData): the matcher conditions in registry order, the store's state, and a
 *   SharedArrayBuffer of `slots` × `slotBytes` through which the bytes travel
 *   → begin {file, host, component, maxLineBytes}
 *   → chunk {slot, len}      ← ack {slot}   (the slot is free again once its bytes are scanned)
 *   → end
 *   ⇐ done {summary, delta}   or   ⇐ failed {message}   (on the `results` port, in file order; each
 *     is followed by an increment of `signal`, so the main thread can wait for them synchronously)
 * The worker keeps its own copy of the store (request index, counters) so that the store's limits
 * apply exactly as in one thread; what changed is sent back with each file.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { forEachLineBytes } from '../parsers/logs/lines';
import type { Component, LogCondition } from '../rules/schema';
import { MatcherRegistry } from '../rules/matchers';
import { LogScanner } from './scan';
import { ScanStore, type StoreState } from './store';

export interface WorkerInit {
  conds: LogCondition[];
  state: StoreState;
  ring: SharedArrayBuffer;
  slotBytes: number;
  results: MessagePort;
  signal: SharedArrayBuffer;
}

export type ToWorker =
  | { t: 'begin'; file: string; host: string | null; component: Component; maxLineBytes: number }
  | { t: 'chunk'; slot: number; len: number }
  | { t: 'end' };

export type FromWorker = { t: 'ack'; slot: number };

export type Result = { t: 'done'; summary: import('./scan').LogFileSummary; delta: import('./store').StoreDelta } | { t: 'failed'; message: string };

function run(): void {
  const port = parentPort;
  if (!port) return;
  const init = workerData as WorkerInit;
  const registry = new MatcherRegistry();
  for (const c of init.conds) registry.add(c);
  const counter = new Int32Array(init.signal);
  const results = init.results;
  const report = (r: Result, transfer: ArrayBuffer[] = []): void => {
    results.postMessage(r, transfer);
    Atomics.add(counter, 0, 1);
    Atomics.notify(counter, 0);
  };
  const store = new ScanStore();
  store.applyDelta(init.state);
  store.track();

  const slots: Buffer[] = [];
  for (let o = 0; o + init.slotBytes <= init.ring.byteLength; o += init.slotBytes) slots.push(Buffer.from(init.ring, o, init.slotBytes));

  // the chunks of the current file, as an async iterable fed by messages
  let queue: { slot: number; len: number }[] = [];
  let ended = false;
  let wake: (() => void) | null = null;
  const signal = (): void => {
    const w = wake;
    wake = null;
    if (w) w();
  };
  async function* chunks(): AsyncGenerator<Buffer> {
    for (;;) {
      const next = queue.shift();
      if (next) {
        yield slots[next.slot]!.subarray(0, next.len);
        // the consumer asked for more: this chunk is done with, its slot can be filled again
        port!.postMessage({ t: 'ack', slot: next.slot } satisfies FromWorker);
        continue;
      }
      if (ended) return;
      await new Promise<void>((r) => (wake = r));
    }
  }

  port.on('message', (m: ToWorker) => {
    if (m.t === 'chunk') {
      queue.push({ slot: m.slot, len: m.len });
      signal();
    } else if (m.t === 'end') {
      ended = true;
      signal();
    } else if (m.t === 'begin') {
      queue = [];
      ended = false;
      const scanner = new LogScanner({ file: m.file, host: m.host, component: m.component, registry, store, maxLineBytes: m.maxLineBytes });
      forEachLineBytes(chunks(), m.maxLineBytes, scanner.line).then(
        (stats) => {
          const summary = scanner.finish(stats);
          const delta = store.takeDelta();
          store.releaseEvents();
          const transfer = [delta.idx.buffer, delta.keys.buffer, delta.first.buffer, delta.last.buffer, delta.lines.buffer, delta.comps.buffer, delta.hosts.buffer] as ArrayBuffer[];
          report({ t: 'done', summary, delta }, transfer);
        },
        (err: unknown) => report({ t: 'failed', message: err instanceof Error ? err.message : String(err) }),
      );
    }
  });
}

run();
