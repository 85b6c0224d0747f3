/**
 * The rows kept in the queue, for `fleet --redis`: each finished job's result, and an error row for
 * each job that failed for good (its inputs changed, or its worker died too often).
 */
import { Queue, type Job } from 'bullmq';
import { CaseRow, errorOutcome } from '../batch/row';
import { VERSION } from '../version';
import { redisOptions, ready } from './connection';
import { JobData } from './job';

export interface QueueRows {
  rows: CaseRow[];
  /** jobs still waiting, delayed or running */
  pending: number;
}

function failedRow(job: Job): CaseRow | null {
  const d = JobData.safeParse(job.data);
  if (!d.success) return null;
  return {
    case: d.data.case,
    inputs: d.data.inputs,
    sha256: d.data.sha256,
    analyzer: { version: VERSION, rules: 'unknown' },
    ...errorOutcome('error', 1, (job.failedReason ?? 'failed').split('\n')[0]!),
    durationMs: 0,
    root: '',
    by: 'queue',
    attempts: job.attemptsMade,
    finishedAt: new Date(job.finishedOn ?? Date.now()).toISOString(),
  };
}

export async function readQueueRows(redis: string, name: string): Promise<QueueRows> {
  const queue = new Queue(name, { connection: redisOptions(redis, false) });
  try {
    await ready(queue, redis);
    const rows: CaseRow[] = [];
    const page = 500;
    for (let start = 0; ; start += page) {
      const jobs = await queue.getCompleted(start, start + page - 1);
      for (const j of jobs) {
        const r = CaseRow.safeParse(j.returnvalue);
        if (r.success) rows.push(r.data);
      }
      if (jobs.length < page) break;
    }
    for (let start = 0; ; start += page) {
      const jobs = await queue.getFailed(start, start + page - 1);
      for (const j of jobs) {
        const r = failedRow(j);
        if (r) rows.push(r);
      }
      if (jobs.length < page) break;
    }
    const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'waiting-children');
    const pending = Object.values(counts).reduce((a, b) => a + b, 0);
    return { rows, pending };
  } finally {
    await queue.close();
  }
}
