/**
 * Exit codes of the CLI, and the one place that turns a report into the analyze command's code, so
 * callers that analyse in-process (the real-corpus runner) report the same code the terminal would.
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
} as const;

/** USAGE when nothing could be read and no migration was found: never "no failure" on unread input. */
export function exitCodeFor(report: ReportJson, lead: MigrationJson | null): number {
  const readable = report.inventory.some((i) => i.status === 'parsed');
  if (!readable && !lead) return EXIT.USAGE;
  if (!lead || lead.status !== 'failed') return EXIT.OK;
  return lead.causes.length ? EXIT.CAUSE_FOUND : EXIT.FAILED_NO_CAUSE;
}
