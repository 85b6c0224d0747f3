/**
 * `migration-doctor worker`: takes cases from the BullMQ queue, analyses each in the same isolated
 * process pool as `batch`, writes the reports under --out (shared storage) and stores the case's row
 * as the job's result.
 *
 * What BullMQ gives here: a job whose worker dies keeps its lock only for `lockMs`; another worker's
 * stalled-job check then puts it back in the queue (at-least-once). A crash or time-out of the
 * analysis is retried with exponential back-off (the attempts set by `submit`); on the last attempt it
 * is stored as an error row, so every case ends with exactly one row. SIGTERM stops taking jobs,
 * lets the running ones finish, then exits.
 */
import * as os from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Limits } from '../archive/types';
import { analyseCase, analyzerId } from '../batch/analyse-case';
import { CasePool } from '../batch/pool';
import type { CaseRow } from '../batch/row';
import { CASE_EXIT } from '../batch/exit';
import { redisOptions } from './connection';
import { JobData } from './job';
import { InputChangedError, localInputs } from './inputs';

export interface WorkerOptions {
  redis: string;
  queue: string;
  out: string;
  concurrency: number;
  timeoutMs: number;
  /** how long a job stays locked to a worker that stopped answering */
  lockMs: number;
  memoryMb?: number;
  limits?: Partial<Limits>;
  rulesDir?: string;
  /** folders that path inputs must lie in (none: any path) */
  inputsUnder?: string[];
  log?: (line: string) => void;
}

export interface RunningWorker {
  id: string;
  worker: Worker;
  /** stop taking jobs, finish the running ones, end the analysis processes */
  close(): Promise<void>;
}

export function startWorker(opts: WorkerOptions): RunningWorker {
  const id = `${os.hostname()}:${process.pid}`;
  const analyzer = analyzerId(opts.rulesDir);
  const pool = new CasePool({ size: opts.concurrency, memoryMb: opts.memoryMb });
  const log = opts.log ?? (() => undefined);
  const maxDownload = opts.limits?.maxTotalBytes ?? 8 * 1024 ** 3;

  const processor = async (job: Job): Promise<CaseRow> => {
    const parsed = JobData.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`not a migration-doctor job: ${parsed.error.issues[0]?.message ?? 'bad data'}`);
    const data = parsed.data;
    const attempt = job.attemptsMade + 1;
    const lastAttempt = attempt >= (job.opts.attempts ?? 1);
    log(`started ${job.id} ${data.case} attempt ${attempt}`);
    let local;
    try {
      local = await localInputs(String(job.id), data.inputs, opts.out, maxDownload, opts.inputsUnder);
    } catch (e) {
      if (e instanceof InputChangedError) throw new UnrecoverableError(e.message);
      throw e;
    }
    let row: CaseRow;
    try {
      row = await analyseCase(pool, { name: data.case, inputs: data.inputs, sha256: data.sha256 }, local.paths, {
        root: opts.out,
        limits: opts.limits,
        rulesDir: opts.rulesDir,
        timeoutMs: opts.timeoutMs,
        by: `worker ${id}`,
        attempts: attempt,
      }, analyzer);
    } finally {
      local.cleanup();
    }
    // a crash or a time-out may be the machine (memory, load): try again later, elsewhere;
    // on the last attempt the error row is the result, so the case is not left without one
    if (row.exitCode === CASE_EXIT.INTERNAL && !lastAttempt) throw new Error(row.errors[0] ?? 'analysis failed');
    log(`finished ${job.id} ${data.case} ${row.status}${row.topCause ? ` ${row.topCause}` : ''} in ${(row.durationMs / 1000).toFixed(1)} s`);
    return row;
  };

  const worker = new Worker(opts.queue, processor, {
    connection: redisOptions(opts.redis, true),
    concurrency: opts.concurrency,
    lockDuration: opts.lockMs,
    stalledInterval: Math.max(1000, Math.round(opts.lockMs / 2)),
    // a job whose worker died twice is failed for good rather than passed around forever
    maxStalledCount: 2,
    autorun: true,
  });
  worker.on('failed', (job, err) => {
    if (job) log(`failed ${job.id} ${String((job.data as { case?: unknown })?.case ?? '')} attempt ${job.attemptsMade}: ${err.message.split('\n')[0]}`);
  });
  worker.on('error', (err) => log(`queue error: ${err.message.split('\n')[0]}`));
  return {
    id,
    worker,
    async close() {
      await worker.close();
      await pool.close();
    },
  };
}
