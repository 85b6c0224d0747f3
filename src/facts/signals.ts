/**
 * Migration signals: the log lines that say, on their own, that a migration started, failed or
 * succeeded — with or without a migration record. A pasted `nova-compute.log`, one compute node's
 * bundle or a grep over a sosreport holds no record; these lines propose the migration instead
 * (`synthesizeFromLogs` in migration.ts), with its type from the message and method names and its
 * hosts from the text.
 *
 * The wording is nova's own across releases (nova/compute/manager.py, nova/virt/libvirt/driver.py,
 * nova/virt/libvirt/migration.py, nova/conductor/manager.py and tasks/live_migrate.py, nova/exception.py);
 * see shared/reference/log-messages.md. Each entry is a family: the literal that every variant
 * carries, and what it says.
 */
import type { LogCondition } from '../rules/schema';
import type { MigrationType } from './model';

export type SignalKind = 'started' | 'failed' | 'succeeded';
/** which end of the migration logs the line: the source compute, the target compute, or the control plane */
export type SignalSide = 'source' | 'target' | 'control' | 'any';

export interface SignalDef {
  literal: string;
  /** a second literal the line must also hold (all lowercase compare when `ci`) */
  also?: string;
  kind: SignalKind;
  type: MigrationType;
  side: SignalSide;
}

export const SIGNALS: SignalDef[] = [
  // live migration, libvirt driver on the source
  { literal: 'Live Migration failure', kind: 'failed', type: 'live-migration', side: 'source' },
  { literal: 'Migration operation has aborted', kind: 'failed', type: 'live-migration', side: 'source' },
  { literal: 'Migration operation was cancelled', kind: 'failed', type: 'live-migration', side: 'source' },
  { literal: 'Live migration not completed after', kind: 'failed', type: 'live-migration', side: 'source' },
  { literal: 'Live migration stuck for', kind: 'failed', type: 'live-migration', side: 'source' },
  { literal: 'Live migration failed', kind: 'failed', type: 'live-migration', side: 'source' },
  { literal: 'Pre live migration failed at', kind: 'failed', type: 'live-migration', side: 'source' },
  { literal: 'Post live migration at destination', also: 'failed', kind: 'failed', type: 'live-migration', side: 'source' },
  { literal: 'Unexpected error during post live migration at destination', kind: 'failed', type: 'live-migration', side: 'target' },
  { literal: 'Rollback of live migration', kind: 'failed', type: 'live-migration', side: 'any' },
  // pre-checks (conductor, API, compute check_can_live_migrate_*); a compute that raises the
  // pre-check error while handling the conductor's call is the destination (CPU comparison, disk
  // and memory checks run in check_can_live_migrate_destination)
  { literal: 'Exception during message handling', also: 'MigrationPreCheckError', kind: 'failed', type: 'live-migration', side: 'target' },
  { literal: 'Migration pre-check error', kind: 'failed', type: 'live-migration', side: 'control' },
  { literal: 'MigrationPreCheckError', kind: 'failed', type: 'live-migration', side: 'control' },
  { literal: 'is not on shared storage', kind: 'failed', type: 'live-migration', side: 'any' },
  { literal: 'is not on local storage', kind: 'failed', type: 'block-live-migration', side: 'any' },
  { literal: 'Block migration can not be used with shared storage', kind: 'failed', type: 'block-live-migration', side: 'any' },
  { literal: 'Failed to compute_task_migrate_server', kind: 'failed', type: 'unknown', side: 'control' },
  { literal: 'Failed to live migrate', kind: 'failed', type: 'live-migration', side: 'any' },
  // nova.exception.MigrationError (`Migration error: %(reason)s`), raised by the driver's checks of any move
  { literal: 'Migration error: ', kind: 'failed', type: 'unknown', side: 'any' },
  // cold migration and resize: prep_resize on the target, resize_instance / migrate_disk_and_power_off on the source
  { literal: 'Resize error:', kind: 'failed', type: 'cold-migration', side: 'source' },
  // the libvirt driver's ssh to the destination before the disk copy (migrate_disk_and_power_off):
  // its failure text, in a fault or a log, is that of a cold migration or resize
  { literal: 'mkdir -p /var/lib/nova/instances/', also: 'Command: ssh', kind: 'failed', type: 'cold-migration', side: 'source' },
  { literal: 'Setting instance back to', also: 'after:', kind: 'failed', type: 'cold-migration', side: 'any' },
  { literal: 'Instance rollback performed due to', kind: 'failed', type: 'cold-migration', side: 'any' },
  { literal: 'Error migrating server', kind: 'failed', type: 'cold-migration', side: 'control' },
  { literal: 'Error resizing server', kind: 'failed', type: 'resize', side: 'control' },
  { literal: 'Failed to revert resize', kind: 'failed', type: 'resize', side: 'any' },
  // evacuation (rebuild on another host)
  { literal: 'Compute service of', also: 'is still in use', kind: 'failed', type: 'evacuation', side: 'control' },
  { literal: 'expected to be down, but it was up', kind: 'failed', type: 'evacuation', side: 'control' },
  { literal: 'Failed to evacuate', kind: 'failed', type: 'evacuation', side: 'any' },
  { literal: 'Evacuating instance', kind: 'started', type: 'evacuation', side: 'target' },
  // progress and success
  { literal: 'Starting monitoring of live migration', kind: 'started', type: 'live-migration', side: 'source' },
  { literal: 'pre_live_migration data is', kind: 'started', type: 'live-migration', side: 'target' },
  { literal: 'Starting migrate_disk_and_power_off', kind: 'started', type: 'cold-migration', side: 'source' },
  { literal: 'Migration operation has completed', kind: 'succeeded', type: 'live-migration', side: 'source' },
  { literal: 'finished successfully', also: 'Migrating instance to', kind: 'succeeded', type: 'live-migration', side: 'source' },
];

/**
 * Lines in which a node names itself: nova-compute's periodic `Final resource view: name=<node>` and
 * libvirtd's start-up `hostname: <node>`. A loose log with no other host takes its host from them.
 */
export const SELF_NAMING: { literal: string; re: RegExp }[] = [
  { literal: 'Final resource view: name=', re: /Final resource view: name=([A-Za-z0-9][A-Za-z0-9._-]{0,252})/ },
  { literal: ': hostname: ', re: /\d+: info : hostname: ([A-Za-z0-9][A-Za-z0-9._-]{0,252})\s*$/ },
];

/** Conditions for the scan, so that the lines are kept whatever the rules ask for. */
export const SIGNAL_CONDITIONS: LogCondition[] = [
  { role: 'any', scope: 'any', anyOf: [...new Set(SIGNALS.map((s) => s.literal))] } as LogCondition,
  { role: 'any', scope: 'any', anyOf: SELF_NAMING.map((s) => s.literal) } as LogCondition,
];

/** The node a self-naming line names, or null. */
export function selfNamedHost(text: string): string | null {
  for (const s of SELF_NAMING) {
    if (!text.includes(s.literal)) continue;
    const m = s.re.exec(text);
    if (m) return m[1]!;
  }
  return null;
}

/** The signal a line carries, or null. */
export function signalOf(text: string): SignalDef | null {
  for (const s of SIGNALS) {
    if (!text.includes(s.literal)) continue;
    if (s.also && !text.includes(s.also)) continue;
    // `Live migration failed` is also the start of nova's `Live migration failed: …` exception text
    return s;
  }
  return null;
}

/** Host names the text gives for the destination, most explicit first. */
const TARGET_PATTERNS: RegExp[] = [
  /qemu\+(?:tls|tcp|ssh|libssh2?|unix):\/\/(?:[^@/\s'"]{1,64}@)?\[?([A-Za-z0-9][A-Za-z0-9.:-]{0,253}?)\]?(?::\d{1,5})?\/system/,
  /Pre live migration failed at ([A-Za-z0-9][A-Za-z0-9._-]{0,253}?)[:,]?(?:\s|$)/,
  /[Pp]ost live migration at destination ([A-Za-z0-9][A-Za-z0-9._-]{0,253}) failed/,
  /Migrating instance to ([A-Za-z0-9][A-Za-z0-9._-]{0,253}) finished successfully/,
  /'([A-Za-z0-9][A-Za-z0-9._-]{0,253}):16514'/,
  /binding for port [0-9a-f-]{36} (?:and|on) host ([A-Za-z0-9][A-Za-z0-9._-]{0,253}?)[.;:,]*(?:\s|$)/,
  /Unable to migrate [0-9a-f-]{36} to ([A-Za-z0-9][A-Za-z0-9._-]{0,253}?):/,
  /[Dd]estination host:? '?([A-Za-z0-9][A-Za-z0-9._-]{0,253}?)'?[.:,]?(?:\s|$)/,
  /Going to try to live migrate instance to ([A-Za-z0-9][A-Za-z0-9._-]{0,253})/,
];

/** The destination named in a line, or null ("another host" names none). */
export function targetOf(text: string): string | null {
  for (const re of TARGET_PATTERNS) {
    const m = re.exec(text);
    const host = m?.[1]?.replace(/\.$/, '');
    if (host && host !== 'another' && host !== 'None' && !/^\d+$/.test(host)) return host;
  }
  return null;
}

/** Block live migration, from the migrate data or nova's refusal. */
export function isBlockMigration(text: string): boolean {
  return /block_migration=True|'block_migration': True|"block_migration": true|block_migration: True|Block migration can not be used with shared storage|is not on local storage/.test(text);
}
