/**
 * `migration-doctor batch`: every case of a folder of uploads analysed in parallel into its own
 * report folder, one row each in batch.json. Cases whose inputs and analyzer/rules are unchanged
 * since the last run into the same folder are not analysed again.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Limits } from '../archive/types';
import { RulesInvalidError } from '../pipeline/analyze';
import { loadRules } from '../rules/load';
import { VERSION } from '../version';
import { analyseCase, analyzerId } from './analyse-case';
import { CaseInputError, discoverCases, isUrl, type Case } from './cases';
import { CasePool } from './pool';
import { BatchFile, type CaseRow } from './row';

export interface BatchOptions {
  inputs: string[];
  out: string;
  jobs?: number;
  timeoutMs?: number;
  memoryMb?: number;
  limits?: Partial<Limits>;
  rulesDir?: string;
  /** analyse every case again, even when unchanged */
  force?: boolean;
  onProgress?: (done: number, total: number, row: CaseRow | null) => void;
}

export interface BatchResult {
  rows: CaseRow[];
  /** rows taken over from the previous run (unchanged inputs and analyzer) */
  reused: number;
  file: string;
}

export const BATCH_FILE = 'batch.json';
export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

export function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/** The rows of a batch folder, or an empty list when there is none or it does not validate. */
export function readBatchFile(dir: string): CaseRow[] | null {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path.join(dir, BATCH_FILE), 'utf8'));
  } catch {
    return null;
  }
  const r = BatchFile.safeParse(raw);
  return r.success ? r.data.rows : null;
}

function writeBatchFile(out: string, rows: CaseRow[]): string {
  const file = path.join(out, BATCH_FILE);
  const body: BatchFile = { schemaVersion: 1, tool: { name: 'migration-doctor', version: VERSION }, generatedAt: new Date().toISOString(), rows };
  // write-then-rename: a batch stopped half-way leaves the previous complete file, never half of one
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return file;
}

function reusable(prev: CaseRow | undefined, c: Case, analyzer: CaseRow['analyzer'], out: string): boolean {
  if (!prev || prev.sha256 !== c.sha256) return false;
  if (prev.analyzer.version !== analyzer.version || prev.analyzer.rules !== analyzer.rules) return false;
  return prev.report === null || fs.existsSync(path.join(out, prev.report, 'report.json'));
}

export async function runBatch(opts: BatchOptions): Promise<BatchResult> {
  const set = loadRules(opts.rulesDir);
  if (set.errors.length) throw new RulesInvalidError(`${set.errors.length} rule file problem(s); run \`migration-doctor rules lint\``);
  const url = opts.inputs.find(isUrl);
  if (url) throw new CaseInputError('batch reads files and folders on this machine; put URLs on the queue with "migration-doctor submit"');
  const out = path.resolve(opts.out);
  const cases = await discoverCases(opts.inputs, [out]);
  fs.mkdirSync(out, { recursive: true });
  const analyzer = analyzerId(opts.rulesDir);
  const previous = new Map((readBatchFile(out) ?? []).map((r) => [r.case, r]));
  const rows = new Map<string, CaseRow>();
  const todo: Case[] = [];
  for (const c of cases) {
    const prev = previous.get(c.name);
    if (!opts.force && reusable(prev, c, analyzer, out)) rows.set(c.name, { ...prev!, root: out });
    else todo.push(c);
  }
  const reused = rows.size;
  const ordered = () => cases.map((c) => rows.get(c.name)).filter((r): r is CaseRow => Boolean(r));
  let lastWrite = 0;
  const save = (force = false) => {
    if (!force && Date.now() - lastWrite < 1000) return;
    lastWrite = Date.now();
    writeBatchFile(out, ordered());
  };
  opts.onProgress?.(reused, cases.length, null);
  const jobs = Math.max(1, Math.min(opts.jobs ?? defaultJobs(), todo.length || 1));
  const pool = new CasePool({ size: jobs, memoryMb: opts.memoryMb });
  try {
    let next = 0;
    const lane = async () => {
      while (next < todo.length) {
        const c = todo[next++]!;
        const row = await analyseCase(pool, c, c.inputs.map((i) => i.location), { root: out, limits: opts.limits, rulesDir: opts.rulesDir, timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, by: 'batch' }, analyzer);
        rows.set(c.name, row);
        opts.onProgress?.(rows.size, cases.length, row);
        save();
      }
    };
    await Promise.all(Array.from({ length: jobs }, lane));
  } finally {
    await pool.close();
  }
  const file = writeBatchFile(out, ordered());
  return { rows: ordered(), reused, file };
}
