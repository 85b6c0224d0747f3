/**
 * The real-world corpus: published failed and healthy migrations (GitHub threads, runbooks, field
 * data), each kept as the loose files a support engineer would save from a ticket. This module reads
 * the cases, analyses each evidence folder in-process, and scores the answers; both the uvu test and
 * `npm run corpus` print what it returns, so the two never disagree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { analyze } from '../../src/pipeline/analyze';
import type { LoadedRule } from '../../src/rules/load';
import { exitCodeFor } from '../../src/cli/exit';
import { CAUSE_IDS } from '../../src/rules/schema';

export const CORPUS_DIR = path.resolve(__dirname);


/** `none`: the source found no cause or its cause is none of the ids; `healthy`: the migration worked. */
export const Expected = z.enum([...CAUSE_IDS, 'none', 'healthy']);

export const CaseFile = z
  .object({
    id: z.string().min(1),
    sources: z.array(z.string().url()).min(1),
    cause: Expected,
    type: z.enum(['live-migration', 'block-live-migration', 'cold-migration', 'resize', 'evacuation', 'unknown']),
    note: z.string().min(10),
  })
  .strict();
export type CaseFile = z.infer<typeof CaseFile>;

export interface CaseResult {
  id: string;
  expected: CaseFile['cause'];
  type: CaseFile['type'];
  /** top-ranked cause of the lead migration, or what was reported instead */
  top1: string;
  top3: string[];
  status: string;
  exitCode: number;
  /** the case's own criterion: right cause first, "failed, no known cause", or clean when healthy */
  pass: boolean;
  inTop3: boolean;
  error?: string;
}

export interface Summary {
  cases: number;
  withCause: number;
  top1: number;
  top3: number;
  noCause: number;
  noCauseCorrect: number;
  healthy: number;
  healthyClean: number;
}

export function listCases(dir = CORPUS_DIR): { dir: string; spec: CaseFile }[] {
  if (!fs.existsSync(dir)) return [];
  const out: { dir: string; spec: CaseFile }[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const caseDir = path.join(dir, name);
    const file = path.join(caseDir, 'case.yaml');
    if (!fs.existsSync(file)) continue;
    const spec = CaseFile.parse(parseYaml(fs.readFileSync(file, 'utf8')));
    if (spec.id !== name) throw new Error(`${file}: id '${spec.id}' is not the folder name '${name}'`);
    out.push({ dir: caseDir, spec });
  }
  return out;
}

export async function runCase(caseDir: string, spec: CaseFile, rules?: LoadedRule[]): Promise<CaseResult> {
  const base: CaseResult = { id: spec.id, expected: spec.cause, type: spec.type, top1: '', top3: [], status: '', exitCode: -1, pass: false, inTop3: false };
  try {
    const { report, lead } = await analyze({ inputs: [path.join(caseDir, 'evidence')], rules, now: new Date('2026-12-01T00:00:00Z') });
    const exitCode = exitCodeFor(report, lead);
    const ids = lead?.causes.map((c) => c.id) ?? [];
    const top1 = ids[0] ?? (lead ? `(no cause, ${lead.status})` : '(no migration)');
    let pass: boolean;
    let inTop3: boolean;
    if (spec.cause === 'healthy') {
      // clean: nothing ranked as a failure cause on any migration, and an exit code that says so
      pass = exitCode === 0 && report.migrations.every((m) => m.causes.length === 0);
      inTop3 = pass;
    } else if (spec.cause === 'none') {
      pass = exitCode === 4;
      inTop3 = pass;
    } else {
      pass = ids[0] === spec.cause;
      inTop3 = ids.slice(0, 3).includes(spec.cause);
    }
    return { ...base, top1, top3: ids.slice(0, 3), status: lead?.status ?? '-', exitCode, pass, inTop3 };
  } catch (e) {
    return { ...base, top1: '(error)', status: '-', error: (e as Error).message?.split('\n')[0] ?? String(e) };
  }
}

export function summarise(results: CaseResult[]): Summary {
  const withCause = results.filter((r) => r.expected !== 'none' && r.expected !== 'healthy');
  const none = results.filter((r) => r.expected === 'none');
  const healthy = results.filter((r) => r.expected === 'healthy');
  return {
    cases: results.length,
    withCause: withCause.length,
    top1: withCause.filter((r) => r.pass).length,
    top3: withCause.filter((r) => r.inTop3).length,
    noCause: none.length,
    noCauseCorrect: none.filter((r) => r.pass).length,
    healthy: healthy.length,
    healthyClean: healthy.filter((r) => r.pass).length,
  };
}

export function summaryLine(s: Summary): string {
  const pct = s.withCause ? Math.round((100 * s.top1) / s.withCause) : 0;
  return `real corpus: ${s.cases} cases, top-1 ${s.top1}/${s.withCause} (${pct}%), top-3 ${s.top3}/${s.withCause}, no-known-cause correct ${s.noCauseCorrect}/${s.noCause}, healthy clean ${s.healthyClean}/${s.healthy}`;
}

export function table(results: CaseResult[]): string {
  const rows = [['case', 'expected', 'got top-1', 'top-3', 'exit', 'ok'], ...results.map((r) => [r.id, r.expected, r.error ? `(error: ${r.error})` : r.top1, r.top3.join(',') || '-', String(r.exitCode), r.pass ? 'yes' : 'no'])];
  const widths = rows[0]!.map((_, k) => Math.min(60, Math.max(...rows.map((row) => row[k]!.length))));
  return rows.map((row) => row.map((cell, k) => (k === row.length - 1 ? cell : cell.padEnd(widths[k]!))).join('  ')).join('\n');
}

export async function runCorpus(dir = CORPUS_DIR, rules?: LoadedRule[]): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const { dir: caseDir, spec } of listCases(dir)) results.push(await runCase(caseDir, spec, rules));
  return results;
}
