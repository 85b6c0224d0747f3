/**
 * Stage markers of the migration flow (seed guide "Deep Dive": request → API 202 → scheduler →
 * placement claim → pre-migration → transfer → switchover → cleanup), taken from the upstream
 * templates in shared/reference/log-messages.md §(l) and the failure sections. The timeline marks
 * each stage reached, failed or not seen from these lines, tied to the migration's request id or
 * instance.
 */
import type { Component, LogCondition, Stage } from '../rules/schema';

export type MarkerKind = 'reached' | 'failed' | 'succeeded';

export interface StageMarker {
  stage: Stage;
  kind: MarkerKind;
  /** short label for the timeline picture */
  label: string;
  cond: LogCondition;
}

const NOVA_COMPUTE: Component[] = ['nova-compute'];
const CONTROL: Component[] = ['nova-scheduler', 'nova-conductor'];

const m = (stage: Stage, kind: MarkerKind, label: string, cond: Partial<LogCondition>): StageMarker => ({
  stage,
  kind,
  label,
  cond: { role: 'any', scope: 'instance', ...cond } as LogCondition,
});

export const STAGE_MARKERS: StageMarker[] = [
  // API: the access line of the action request; its status decides reached / failed.
  m('api', 'reached', 'API accepted the request', {
    component: 'nova-api',
    contains: '/action',
    regex: '"POST [^"]*/servers/(?<server>[0-9a-f-]{36})/action[^"]*" status: (?<status>2\\d\\d)',
  }),
  m('api', 'failed', 'API refused the request', {
    component: 'nova-api',
    contains: '/action',
    regex: '"POST [^"]*/servers/(?<server>[0-9a-f-]{36})/action[^"]*" status: (?<status>[45]\\d\\d)',
  }),
  m('api', 'failed', 'API refused the request', { component: 'nova-api', anyOf: ['HTTP exception thrown:', 'expected to be down, but it was up'] }),
  // nova/api/openstack/wsgi.py DEBUG: the action's body names the move asked for (os-migrateLive, migrate, evacuate, resize)
  m('api', 'reached', 'API action body', {
    component: 'nova-api',
    contains: 'calling method:',
    regex: 'body: \\{"(?<action>[A-Za-z_-]+)"',
  }),
  // nova.compute.api DEBUG in live_migrate(): names the host the user asked for, before any record has it
  m('api', 'reached', 'API asked for a destination', {
    component: 'nova-api',
    contains: 'Going to try to live migrate instance to',
    regex: 'Going to try to live migrate instance to (?<host>\\S+)',
  }),

  // Scheduling: filters, placement claim, and their failures.
  m('scheduling', 'reached', 'Scheduler filtered hosts', { component: CONTROL, anyOf: ['Starting with ', ' returned ', 'Selected host', 'request filter added'] }),
  m('scheduling', 'reached', 'Placement claim', {
    component: 'placement-api',
    contains: '/allocations/',
    regex: '"PUT [^"]*/allocations/(?<consumer>[0-9a-f-]{36})" status: (?<status>2\\d\\d)',
  }),
  m('scheduling', 'failed', 'Placement refused the claim', {
    component: 'placement-api',
    contains: '/allocations/',
    regex: '"PUT [^"]*/allocations/(?<consumer>[0-9a-f-]{36})" status: (?<status>4\\d\\d)',
  }),
  m('scheduling', 'failed', 'No valid host', {
    component: CONTROL,
    anyOf: ['No valid host was found', 'Got no allocation candidates', 'Filtering removed all hosts', 'returned 0 hosts', 'Exceeded max scheduling retries'],
  }),

  // Pre-migration: checks on source and destination, pre_live_migration, claims.
  m('pre-migration', 'reached', 'Pre-migration checks', {
    component: NOVA_COMPUTE,
    anyOf: ['destination check data is', 'source check data is', 'pre_live_migration data is', 'seconds for pre_live_migration', 'Claim successful on node', 'Starting migrate_disk_and_power_off', 'Evacuating instance'],
  }),
  m('pre-migration', 'failed', 'Pre-migration failed', {
    anyOf: [
      'Pre live migration failed at',
      'Migration pre-check error',
      'Instance failed block device setup',
      'is not on shared storage',
      'is not on local storage',
      'Timed out waiting for events',
      'Neutron reported failure during live migration',
      'Failed waiting for network virtual interfaces',
      // conductor pre-checks of a host the scheduler picked (nova/conductor/tasks/live_migrate.py)
      'Skipping host:',
      'requires a newer hypervisor version',
      'The supplied hypervisor type of',
    ],
  }),

  // Transfer: libvirt / QEMU moving memory and disks, or the cold-migration disk copy.
  m('transfer', 'reached', 'Memory / disk transfer', {
    component: ['nova-compute', 'qemu'],
    anyOf: ['Increasing downtime to', 'Migration running for', 'Starting monitoring of live migration', 'initiating migration', 'Instance shutdown successfully after'],
  }),
  m('transfer', 'failed', 'Transfer failed', {
    component: ['nova-compute', 'qemu', 'libvirtd'],
    anyOf: ['Live Migration failure', 'Migration operation has aborted', 'Migration operation was cancelled', 'Live migration not completed after', 'Live migration failed.', 'load of migration failed'],
  }),
  // Cold migration / resize: the source copies the disk in migrate_disk_and_power_off (ssh, scp, rsync)
  m('transfer', 'failed', 'Disk copy failed', {
    component: NOVA_COMPUTE,
    anyOf: ['Resize error:', 'Setting instance back to', 'not able to execute ssh command'],
  }),

  // Post-migration: switchover, port binding activation, cleanup.
  m('post-migration', 'reached', 'Switchover and cleanup', {
    component: NOVA_COMPUTE,
    anyOf: ['Migration operation has completed', '_post_live_migration() is started', 'Post operation of migration started', 'Starting finish_migration', 'evacuating using existing', 'evacuating from image'],
  }),
  m('post-migration', 'failed', 'Post-migration failed', {
    component: NOVA_COMPUTE,
    anyOf: ['Post live migration at destination', 'Failed to activate binding', 'Unexpected error trying to activate binding'],
  }),
  m('post-migration', 'succeeded', 'Migration finished', {
    component: NOVA_COMPUTE,
    anyOf: ['finished successfully.', 'Live migration succeeded.', 'Instance running successfully.', 'Instance spawned successfully.', 'Confirming resize on source host.'],
  }),
];
