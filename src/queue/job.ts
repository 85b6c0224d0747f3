/** What a job carries: the case and its inputs, by path on shared storage or by URL. */
import { z } from 'zod';
import { InputJson } from '../batch/row';

export const JobData = z.object({
  case: z.string(),
  inputs: z.array(InputJson).min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type JobData = z.infer<typeof JobData>;

export const JOB_NAME = 'analyze-case';
