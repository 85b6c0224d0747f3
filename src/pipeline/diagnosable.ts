/**
 * When the input gives nothing to diagnose, say why in one line (the CLI maps it to its own exit
 * code, so that automation never reads "no failure" into "nothing could be read"): no instance
 * matches --instance (the line lists those the input holds), nothing could be read, or no migration
 * record, request or failure line was found.
 */
import type { Facts } from '../facts/build';
import { findMigrations } from '../facts/migration';
import type { MigrationJson, ReportJson } from '../report/schema';

/** instances listed in a reason before "and N more" */
const LISTED = 10;

/** Every instance id the input mentions: migrations (records, requests, log lines), server show, manifests. */
export function knownInstances(facts: Facts): string[] {
  const ids = new Set<string>();
  for (const m of findMigrations(facts)) ids.add(m.instance);
  for (const id of facts.instances.keys()) ids.add(id);
  for (const m of facts.manifests) for (const vm of m.manifest.vms ?? []) ids.add(vm);
  return [...ids].sort();
}

/** --instance takes a full id or a prefix of one. */
export function matchesInstance(id: string, wanted: string): boolean {
  return id === wanted || id.startsWith(wanted);
}

export function instanceNotFound(wanted: string, known: string[]): string {
  if (!known.length) return `no instance matches --instance '${wanted}': the input holds no instance at all`;
  const shown = known.slice(0, LISTED).join(', ');
  const more = known.length > LISTED ? ` and ${known.length - LISTED} more` : '';
  return `no instance matches --instance '${wanted}'; the input holds ${known.length === 1 ? 'instance' : 'instances'} ${shown}${more}`;
}

/** A migration entry made up from an instance record alone (no record, request or failure line). */
function isPlaceholder(m: MigrationJson): boolean {
  return m.type === 'unknown' && m.status === 'unknown' && m.migrationId === null && m.requestId === null;
}

/**
 * Null when the report has something to say (a migration that failed, succeeded or is running),
 * else the one-line reason.
 */
export function nothingDiagnosable(
  report: Pick<ReportJson, 'migrations' | 'inventory'>,
  instanceWanted: string | undefined,
  known: string[],
): string | null {
  if (instanceWanted && !known.some((id) => matchesInstance(id, instanceWanted))) return instanceNotFound(instanceWanted, known);
  const unreadable = report.inventory.filter((i) => i.status === 'unreadable').length;
  const damage = unreadable ? `; ${unreadable} entr${unreadable === 1 ? 'y' : 'ies'} could not be read (damaged, truncated or unsupported: see the inventory)` : '';
  if (!report.inventory.some((i) => i.status === 'parsed')) {
    return `nothing in the input could be read as a bundle${damage || ' (see the inventory)'}`;
  }
  const lead = report.migrations[0];
  if (!lead) return `no migration record, migration request or failure line in the input${damage}`;
  if (isPlaceholder(lead)) return `instance ${lead.instance} is in the input, but no migration record, migration request or failure line for it${damage}`;
  if (lead.status === 'unknown' && !lead.causes.length) {
    return `the migration of ${lead.instance} has status '${lead.rawStatus ?? 'unknown'}', which says neither failed nor succeeded, and no failure line was found${damage}`;
  }
  return null;
}
