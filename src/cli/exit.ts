/**
 * Exit codes of the CLI, and the one place that turns a report into the analyze command's code, so
 * callers that analyse in-process (the real-corpus runner, batch) report the same code the terminal
 * would.
 */
import type { MigrationJson, ReportJson } from '../report/schema';

export const EXIT = {
  /** analysis done: the migration succeeded, or no failure was found */
  OK: 0,
  /** internal error (a bug): please report it */
  INTERNAL: 1,
  /** bad usage, unreadable input, or invalid rule files */
  USAGE: 2,
  /** a failed migration with a ranked cause */
  CAUSE_FOUND: 3,
  /** a failed migration for which no known cause matched */
  FAILED_NO_CAUSE: 4,
  /** `rules test`: a rule did not behave as its sample bundles say */
  RULE_TESTS_FAILED: 5,
  /**
   * nothing to diagnose: no migration record, request or failure line, nothing readable (damaged,
   * truncated or unsupported input), or no instance matching --instance; the reason is on stderr
   * and in report.json (`nothingDiagnosable`)
   */
  NOTHING_DIAGNOSABLE: 6,
  /** interrupted by Ctrl-C (SIGINT) or SIGTERM: 128 + the signal number, as shells report it */
  INTERRUPTED_SIGINT: 130,
  INTERRUPTED_SIGTERM: 143,
} as const;

/**
 * A failed lead migration: 3 with a cause, 4 without. Otherwise "nothing diagnosable" (6) when the
 * report says so, never "no failure" on input that could not be read; 0 only when the evidence
 * shows the migration succeeded or no failure with the data to say so.
 */
export function exitCodeFor(report: ReportJson, lead: MigrationJson | null): number {
  if (lead && lead.status === 'failed') return lead.causes.length ? EXIT.CAUSE_FOUND : EXIT.FAILED_NO_CAUSE;
  if (report.nothingDiagnosable) return EXIT.NOTHING_DIAGNOSABLE;
  // a migration whose status says neither, with a cause ranked from its failure lines
  if (lead && lead.status === 'unknown' && lead.causes.length) return EXIT.CAUSE_FOUND;
  return EXIT.OK;
}
