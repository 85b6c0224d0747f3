/**
 * The scan worker: runs `LogScanner` on the bytes the main thread sends, so that reading and
 * decompressing (main thread and zlib's threads) overlap with splitting and matching (here).
 *
 * Protocol (see scan-thread.ts for the other side), one log file at a time:
 *   init (workerData): the matcher conditions in registry order, the store's state
 *   → begin {file, host, component, maxLineBytes}
 *   → chunk {buf: ArrayBuffer, len}      ← ack {buf}   (the buffer goes back to the sender's pool)
 *   → end
 *   ← done {summary, delta}   or   ← failed {message}
 * The worker keeps its own copy of the store (request index, counters) so that the store's limits
 * apply exactly as in one thread; what changed is sent back with each file.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { forEachLineBytes } from '../parsers/logs/lines';
import type { Component, LogCondition } from '../rules/schema';
import { MatcherRegistry } from '../rules/matchers';
import { LogScanner } from './scan';
import { ScanStore, type StoreState } from './store';

export interface WorkerInit {
  conds: LogCondition[];
  state: StoreState;
}

export type ToWorker =
  | { t: 'begin'; file: string; host: string | null; component: Component; maxLineBytes: number }
  | { t: 'chunk'; buf: ArrayBuffer; len: number }
  | { t: 'end' };

export type FromWorker =
  | { t: 'ack'; buf: ArrayBuffer }
  | { t: 'done'; summary: import('./scan').LogFileSummary; delta: import('./store').StoreDelta }
  | { t: 'failed'; message: string };

function run(): void {
  const port = parentPort;
  if (!port) return;
  const init = workerData as WorkerInit;
  const registry = new MatcherRegistry();
  for (const c of init.conds) registry.add(c);
  const store = new ScanStore();
  store.applyDelta(init.state);
  store.track();

  // the chunks of the current file, as an async iterable fed by messages
  let queue: { buf: ArrayBuffer; len: number }[] = [];
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
        yield Buffer.from(next.buf, 0, next.len);
        // the consumer asked for more: this chunk is done with, give the buffer back
        port!.postMessage({ t: 'ack', buf: next.buf } satisfies FromWorker, [next.buf]);
        continue;
      }
      if (ended) return;
      await new Promise<void>((r) => (wake = r));
    }
  }

  port.on('message', (m: ToWorker) => {
    if (m.t === 'chunk') {
      queue.push({ buf: m.buf, len: m.len });
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
          port.postMessage({ t: 'done', summary, delta } satisfies FromWorker, transfer);
        },
        (err: unknown) => port.postMessage({ t: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies FromWorker),
      );
    }
  });
}

run();
