/**
 * One case through the pool into one row: the step `batch` and the queue worker share, so that both
 * paths give the same row for the same inputs.
 */
import * as path from 'node:path';
import type { Limits } from '../archive/types';
import { VERSION } from '../version';
import { defaultRulesDir } from '../rules/load';
import { folderName, rulesHash, shownLocation, type Case } from './cases';
import type { CasePool } from './pool';
import { errorOutcome, type CaseRow } from './row';

export interface CaseRunOptions {
  /** the output root; the case's reports go to a folder under it */
  root: string;
  limits?: Partial<Limits>;
  rulesDir?: string;
  timeoutMs: number;
  /** `batch` or `worker <host>:<pid>` */
  by: string;
  attempts?: number;
}

export function analyzerId(rulesDir?: string): CaseRow['analyzer'] {
  return { version: VERSION, rules: rulesHash(rulesDir ?? defaultRulesDir()) };
}

/**
 * Analyses `c` from `localInputs` (its inputs as local paths: the same as the case's own, or the
 * files a worker downloaded) and returns its row. Never throws for a bad case: that is an error row.
 */
export async function analyseCase(pool: CasePool, c: Case, localInputs: string[], opts: CaseRunOptions, analyzer: CaseRow['analyzer']): Promise<CaseRow> {
  const started = Date.now();
  const folder = path.posix.join('cases', folderName(c));
  const reply = await pool.run({ inputs: localInputs, root: path.resolve(opts.root), folder, limits: opts.limits, rulesDir: opts.rulesDir }, opts.timeoutMs);
  const base = {
    case: c.name,
    inputs: c.inputs.map((i) => ({ ...i, location: shownLocation(i.location) })),
    sha256: c.sha256,
    analyzer,
    durationMs: Date.now() - started,
    root: path.resolve(opts.root),
    by: opts.by,
    attempts: opts.attempts ?? 1,
    finishedAt: new Date().toISOString(),
  };
  if (reply.ok) return { ...base, ...reply.fields };
  return { ...base, ...errorOutcome(reply.exitCode === 2 ? 'unreadable' : 'error', reply.exitCode, reply.reason) };
}
