/**
 * A small pool of analysis processes (case-child.ts). Each case runs in one of them under a time
 * limit; a child that crashes, runs out of memory or passes the limit is killed and replaced, and the
 * case gets an error reply instead of stopping the batch or the worker. Children are reused across
 * cases because starting Node (and loading the rules) costs more than a small bundle's analysis.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { Limits } from '../archive/types';
import type { CaseRow } from './row';

export interface ChildRequest {
  id: number;
  inputs: string[];
  /** output root and the case's folder under it */
  root: string;
  folder: string;
  limits?: Partial<Limits>;
  rulesDir?: string;
}

export type CaseFields = Pick<
  CaseRow,
  'outcome' | 'instance' | 'type' | 'status' | 'topCause' | 'topCauseTitle' | 'score' | 'source' | 'target' | 'migratedAt' | 'region' | 'cluster' | 'exitCode' | 'errors' | 'report'
>;

export type ChildReply = { id: number; ok: true; fields: CaseFields } | { id: number; ok: false; exitCode: number; reason: string };

export interface PoolOptions {
  size: number;
  /** heap limit of each analysis process */
  memoryMb?: number;
}

/** How to start a child: the compiled .js beside this file, or the .ts source through tsx. */
function childEntry(): { file: string; execArgv: string[] } {
  if (__filename.endsWith('.ts')) {
    return { file: path.join(__dirname, 'case-child.ts'), execArgv: ['--require', require.resolve('tsx/cjs')] };
  }
  return { file: path.join(__dirname, 'case-child.js'), execArgv: [] };
}

interface Slot {
  child: ChildProcess;
  busy: boolean;
  /** being killed (time limit): takes no new case even before its exit event */
  dead: boolean;
}

interface Task {
  req: Omit<ChildRequest, 'id'>;
  timeoutMs: number;
  resolve: (r: ChildReply) => void;
}

export class CasePool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: PoolOptions) {}

  /** Process ids of the running analysis processes (tests kill one to check recovery). */
  pids(): number[] {
    return this.slots.map((s) => s.child.pid).filter((p): p is number => typeof p === 'number');
  }

  run(req: Omit<ChildRequest, 'id'>, timeoutMs: number): Promise<ChildReply> {
    if (this.closed) return Promise.reject(new Error('the analysis pool is closed'));
    return new Promise((resolve) => {
      this.waiting.push({ req, timeoutMs, resolve });
      this.pump();
    });
  }

  private spawn(): Slot {
    const { file, execArgv } = childEntry();
    const mem = this.opts.memoryMb ?? 2048;
    const child = fork(file, [], {
      execArgv: [...execArgv, `--max-old-space-size=${mem}`],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    const slot: Slot = { child, busy: false, dead: false };
    child.on('exit', () => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      if (!this.closed) this.pump();
    });
    child.on('error', () => undefined); // 'exit' follows and does the bookkeeping
    this.slots.push(slot);
    return slot;
  }

  private pump(): void {
    while (this.waiting.length) {
      let slot = this.slots.find((s) => !s.busy && !s.dead && s.child.connected);
      if (!slot && this.slots.filter((s) => !s.dead).length < this.opts.size) slot = this.spawn();
      if (!slot) return;
      this.start(slot, this.waiting.shift()!);
    }
  }

  private start(slot: Slot, task: Task): void {
    slot.busy = true;
    const id = this.nextId++;
    const { child } = slot;
    let settled = false;
    const finish = (reply: ChildReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      slot.busy = false;
      task.resolve(reply);
      if (!this.closed) this.pump();
    };
    const onMessage = (m: ChildReply) => {
      if (m && m.id === id) finish(m);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      finish({ id, ok: false, exitCode: 1, reason: `the analysis process ended (${how}) before finishing: a crash or out of memory` });
    };
    const timer = setTimeout(() => {
      slot.dead = true;
      finish({ id, ok: false, exitCode: 1, reason: `timed out after ${Math.round(task.timeoutMs / 1000)} s; the analysis was stopped` });
      child.kill('SIGKILL');
    }, task.timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send({ ...task.req, id });
  }

  /** Ends every child; running cases get an error reply. */
  async close(): Promise<void> {
    this.closed = true;
    const exits = this.slots.map((s) => new Promise<void>((r) => (s.child.exitCode !== null || s.child.signalCode !== null ? r() : s.child.once('exit', () => r()))));
    for (const s of this.slots) s.child.kill('SIGTERM');
    await Promise.all(exits);
  }
}
