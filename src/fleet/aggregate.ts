/**
 * What breaks migrations across cases: the rows of one or more batches (or of the job queue) counted
 * by cause, by week of the migration, by migration type, by region/cluster and by target host. Each
 * case counts once, by its lead migration's first-ranked cause, exactly as its own report ranks it.
 */
import * as path from 'node:path';
import type { CaseRow } from '../batch/row';

export interface CaseRef {
  case: string;
  /** the case's report.html, relative to the fleet output folder (null: no report, an error row) */
  link: string | null;
}

export interface CauseLine {
  cause: string;
  title: string;
  count: number;
  /** of the failed migrations */
  share: number;
  cases: CaseRef[];
}

export interface GroupLine {
  key: string;
  failed: number;
  /** cause id → cases */
  causes: Record<string, number>;
  noKnownCause: number;
  cases: CaseRef[];
}

export interface FleetJson {
  schemaVersion: 1;
  generatedAt: string;
  sources: string[];
  totals: { cases: number; analysed: number; failed: number; withCause: number; noKnownCause: number; notFailed: number; errors: number };
  causes: CauseLine[];
  failedNoKnownCause: { count: number; share: number; cases: CaseRef[] };
  errors: { case: string; reason: string; link: string | null }[];
  byWeek: GroupLine[];
  byType: GroupLine[];
  byRegion: GroupLine[];
  byTargetHost: GroupLine[];
  rows: {
    case: string;
    status: string;
    topCause: string | null;
    score: number | null;
    type: string | null;
    week: string | null;
    region: string | null;
    source: string | null;
    target: string | null;
    sha256: string;
    link: string | null;
  }[];
}

/** ISO 8601 week of a date: `2026-W47` (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(iso: string | null): string | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return null;
  const d = new Date(t);
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 4 - (thursday.getUTCDay() || 7)); // the Thursday of its week decides the year
  const year = thursday.getUTCFullYear();
  const week = Math.ceil(((thursday.getTime() - Date.UTC(year, 0, 1)) / 86400000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** One row per case: the same inputs seen in several batches count once (the newest row wins). */
export function dedupe(rows: CaseRow[]): CaseRow[] {
  const by = new Map<string, CaseRow>();
  for (const r of rows) {
    const prev = by.get(r.sha256);
    if (!prev || prev.finishedAt < r.finishedAt) by.set(r.sha256, r);
  }
  return [...by.values()].sort((a, b) => (a.case < b.case ? -1 : a.case > b.case ? 1 : a.sha256 < b.sha256 ? -1 : 1));
}

function linkOf(r: CaseRow, outDir: string): string | null {
  if (!r.report) return null;
  const target = path.join(r.root, r.report, 'report.html');
  return path.relative(outDir, target).split(path.sep).join('/');
}

function group(rows: CaseRow[], keyOf: (r: CaseRow) => string, outDir: string): GroupLine[] {
  const m = new Map<string, GroupLine>();
  for (const r of rows) {
    if (r.status !== 'failed') continue;
    const key = keyOf(r);
    const g = m.get(key) ?? { key, failed: 0, causes: {}, noKnownCause: 0, cases: [] };
    g.failed++;
    if (r.topCause) g.causes[r.topCause] = (g.causes[r.topCause] ?? 0) + 1;
    else g.noKnownCause++;
    g.cases.push({ case: r.case, link: linkOf(r, outDir) });
    m.set(key, g);
  }
  return [...m.values()].sort((a, b) => b.failed - a.failed || (a.key < b.key ? -1 : 1));
}

export function aggregate(input: CaseRow[], outDir: string, sources: string[], now = new Date()): FleetJson {
  const rows = dedupe(input);
  const failed = rows.filter((r) => r.status === 'failed');
  const withCause = failed.filter((r) => r.topCause);
  const noCause = failed.filter((r) => !r.topCause);
  const errors = rows.filter((r) => r.outcome === 'error');
  const share = (n: number) => (failed.length ? Math.round((n / failed.length) * 10000) / 10000 : 0);
  const causes = new Map<string, CauseLine>();
  for (const r of withCause) {
    const c = causes.get(r.topCause!) ?? { cause: r.topCause!, title: r.topCauseTitle ?? r.topCause!, count: 0, share: 0, cases: [] };
    c.count++;
    c.cases.push({ case: r.case, link: linkOf(r, outDir) });
    causes.set(r.topCause!, c);
  }
  const causeLines = [...causes.values()].map((c) => ({ ...c, share: share(c.count) })).sort((a, b) => b.count - a.count || (a.cause < b.cause ? -1 : 1));
  const region = (r: CaseRow) => [r.region ?? 'unknown region', r.cluster].filter(Boolean).join(' / ');
  return {
    schemaVersion: 1,
    generatedAt: now.toISOString(),
    sources,
    totals: {
      cases: rows.length,
      analysed: rows.length - errors.length,
      failed: failed.length,
      withCause: withCause.length,
      noKnownCause: noCause.length,
      notFailed: rows.length - errors.length - failed.length,
      errors: errors.length,
    },
    causes: causeLines,
    failedNoKnownCause: { count: noCause.length, share: share(noCause.length), cases: noCause.map((r) => ({ case: r.case, link: linkOf(r, outDir) })) },
    errors: errors.map((r) => ({ case: r.case, reason: r.errors[0] ?? r.status, link: linkOf(r, outDir) })),
    byWeek: group(rows, (r) => isoWeek(r.migratedAt) ?? 'date unknown', outDir).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    byType: group(rows, (r) => r.type ?? 'unknown', outDir),
    byRegion: group(rows, region, outDir),
    byTargetHost: group(rows, (r) => r.target ?? 'no target chosen', outDir),
    rows: rows.map((r) => ({
      case: r.case,
      status: r.status,
      topCause: r.topCause,
      score: r.score,
      type: r.type,
      week: isoWeek(r.migratedAt),
      region: r.region,
      source: r.source,
      target: r.target,
      sha256: r.sha256,
      link: linkOf(r, outDir),
    })),
  };
}
