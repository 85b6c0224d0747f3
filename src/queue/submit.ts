/**
 * `migration-doctor submit`: cases onto the queue. The job id is the sha256 of the case's inputs, so
 * a re-upload of the same bytes (under any name) is not analysed twice: BullMQ ignores an add whose
 * id it already holds, finished or not.
 */
import { Queue } from 'bullmq';
import { discoverCases, type Case } from '../batch/cases';
import { redisOptions, ready } from './connection';
import { JOB_NAME, type JobData } from './job';

export interface SubmitOptions {
  redis: string;
  queue: string;
  inputs: string[];
  attempts: number;
  backoffMs: number;
}

export interface SubmitResult {
  cases: Case[];
  added: string[];
  known: string[];
}

export async function submitCases(opts: SubmitOptions): Promise<SubmitResult> {
  const cases = await discoverCases(opts.inputs);
  const queue = new Queue(opts.queue, { connection: redisOptions(opts.redis, false) });
  try {
    await ready(queue, opts.redis);
    const added: string[] = [];
    const known: string[] = [];
    const seen = new Set<string>();
    for (const c of cases) {
      // two uploads with the same bytes in one submission: one job
      if (seen.has(c.sha256) || (await queue.getJob(c.sha256))) {
        known.push(c.name);
        continue;
      }
      seen.add(c.sha256);
      const data: JobData = { case: c.name, inputs: c.inputs, sha256: c.sha256 };
      await queue.add(JOB_NAME, data, {
        jobId: c.sha256,
        attempts: opts.attempts,
        backoff: { type: 'exponential', delay: opts.backoffMs },
        removeOnComplete: false,
        removeOnFail: false,
      });
      added.push(c.name);
    }
    return { cases, added, known };
  } finally {
    await queue.close();
  }
}
