/**
 * The exit code `analyze` gives for a report, so that a batch row says the same as a run by hand
 * (test/batch checks these numbers against the command line's EXIT table).
 */
import type { ReportJson, MigrationJson } from '../report/schema';

export const CASE_EXIT = { OK: 0, INTERNAL: 1, UNREADABLE: 2, CAUSE_FOUND: 3, FAILED_NO_CAUSE: 4 } as const;

export function caseExitCode(report: ReportJson, lead: MigrationJson | null): number {
  const readable = report.inventory.some((i) => i.status === 'parsed');
  if (!readable && !lead) return CASE_EXIT.UNREADABLE;
  if (!lead || lead.status !== 'failed') return CASE_EXIT.OK;
  return lead.causes.length ? CASE_EXIT.CAUSE_FOUND : CASE_EXIT.FAILED_NO_CAUSE;
}
