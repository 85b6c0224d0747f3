/**
 * One row per case: what `batch` writes to batch.json, what a queue worker stores as the job result,
 * and what `fleet` reads back. Validated on the way in, because batch.json and job results come from
 * disk or Redis and may be from another version or edited by hand.
 */
import { z } from 'zod';

export const InputJson = z.object({
  /** the file or folder name (no folders above it: rows are shared between teams) */
  name: z.string(),
  /** where it was read: an absolute path on (shared) storage, or a URL */
  location: z.string(),
  sha256: z.string(),
  bytes: z.number(),
});
export type InputJson = z.infer<typeof InputJson>;

export const CaseRow = z.object({
  case: z.string(),
  inputs: z.array(InputJson),
  /** sha256 of the inputs taken together: the cache key of `batch` and the job id of the queue */
  sha256: z.string(),
  analyzer: z.object({ version: z.string(), rules: z.string() }),
  /** `ok`: the analysis ran (whatever it found); `error`: it could not (reason in `errors`) */
  outcome: z.enum(['ok', 'error']),
  instance: z.string().nullable(),
  type: z.string().nullable(),
  /** the lead migration's status, or `no-migration` / `unreadable` / `error` */
  status: z.string(),
  topCause: z.string().nullable(),
  topCauseTitle: z.string().nullable(),
  score: z.number().nullable(),
  source: z.string().nullable(),
  target: z.string().nullable(),
  /** when the lead migration started (ISO), for the week in `fleet` */
  migratedAt: z.string().nullable(),
  region: z.string().nullable(),
  cluster: z.string().nullable(),
  /** the exit code `analyze` gives on the same inputs (1 for a crash, a time-out or a killed analysis) */
  exitCode: z.number(),
  durationMs: z.number(),
  errors: z.array(z.string()),
  /** the case's report folder, relative to `root` */
  report: z.string().nullable(),
  /** the output folder the report folder is in (absolute, as the writer saw it) */
  root: z.string(),
  /** who analysed it: `batch` or `worker <host>:<pid>` */
  by: z.string(),
  attempts: z.number(),
  finishedAt: z.string(),
});
export type CaseRow = z.infer<typeof CaseRow>;

export const BatchFile = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.literal('migration-doctor'), version: z.string() }),
  generatedAt: z.string(),
  rows: z.array(CaseRow),
});
export type BatchFile = z.infer<typeof BatchFile>;

/** The outcome fields of a case that gave no report (crash, time-out, unreadable upload, failed job). */
export function errorOutcome(status: 'error' | 'unreadable', exitCode: number, reason: string) {
  return {
    outcome: 'error' as const,
    instance: null,
    type: null,
    status,
    topCause: null,
    topCauseTitle: null,
    score: null,
    source: null,
    target: null,
    migratedAt: null,
    region: null,
    cluster: null,
    exitCode,
    errors: [reason],
    report: null,
  };
}
