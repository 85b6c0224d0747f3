/**
 * The shape of the rule view (what `fact:` conditions read), as zod schemas. The view's TypeScript
 * types are inferred from these, so the builder in view.ts cannot set a value the shape does not
 * declare; `rules lint` and docs/rules.md read the same schemas (view-paths.ts), so a rule path that
 * the view cannot have is an error instead of a rule that never fires.
 *
 * Descriptions (`.describe`) are what docs/rules.md shows beside each path; the parsers' own types
 * (Instance, Service, Hypervisor …) come from model.ts as they are.
 */
import { z } from 'zod';
import { ApiRefusal } from '../parsers/commands/cli-refusal';
import { Certificate, Flavor, HostFacts, Hypervisor, Instance, Service } from './model';

const text = z.string().nullable();
const num = z.number().nullable();
const bool = z.boolean().nullable();
const list = z.array(z.string()).nullable();

export const UnitView = z.object({
  active: text.describe('active, inactive, failed, activating …'),
  sub: text.describe('running, dead, exited, auto-restart …'),
  since: text.describe('when it entered that state (ISO time)'),
  result: text.describe('exit-code, signal, timeout …'),
});

export const HostViewShape = z.object({
  name: text.describe('the compute host as nova names it'),
  aliases: z.array(z.string()).describe('every name of the host: compute host, FQDN, short name, IP'),
  service: Service.nullable().describe('its nova-compute row of `compute service list`'),
  hypervisor: Hypervisor.nullable().describe('`hypervisor show` (or its row of `hypervisor list --long`)'),
  az: text.describe('its availability zone (aggregate, `availability zone list --long`, service row)'),
  aggregates: z.array(z.string()).describe('names of the aggregates it is in'),
  aggregateProperties: z.record(z.string(), z.string()).describe('metadata of those aggregates, by key'),
  networkAgents: z.array(Service).describe('its rows of `network agent list`'),
  node: HostFacts.nullable().describe("what the host's own bundle says (hosts/<host>/commands/)"),
  units: z.record(z.string(), UnitView).describe('systemd units by name (`systemctl status`)'),
  unitsNotActive: z.array(z.string()).describe('units that are not active, as "name (state, result)"'),
  cpuFeatures: list.describe('CPU features (virsh capabilities, lscpu, or the hypervisor cpu_info)'),
  cpuModel: text.describe('CPU model of the same source'),
  listening16514: bool.describe('something listens on TCP 16514 (`ss -tlnp`)'),
  certificates: z.array(Certificate).describe('libvirt TLS certificates (`openssl x509`)'),
});

export const MigrationView = z.object({
  type: z.string().describe('live-migration, block-live-migration, cold-migration, resize, evacuation, unknown'),
  status: z.string().describe('failed, succeeded, in-progress, unknown'),
  rawStatus: text.describe("nova's own status word (error, failed, cancelled, completed …)"),
  source: text.describe('source compute host'),
  target: text.describe('target compute host (null when none was chosen)'),
  requestId: text.describe('the request id of the migration'),
  failedStage: text.describe('api, scheduling, pre-migration, transfer, post-migration, unknown (from the timeline)'),
  createdAt: text.describe('when the migration started (ISO time)'),
  hasRecord: z.boolean().describe('a `server migration list` row exists'),
});

export const RefusalView = z.object({
  code: num.describe('HTTP code of the refusal (409, 400 …)'),
  exception: text.describe('the client exception name (ConflictException …)'),
  message: z.string().describe('the refusal text'),
  command: text.describe('the command that was refused'),
  origin: ApiRefusal.shape.origin.describe('where the pasted text came from: a command with its error, a client line, a Horizon banner, a fault, an HTTP trace, a nova message'),
  details: text.describe("more of nova's words: the fault's details, the banner's Details"),
});

/** Facts computed in code (view.ts `derive`), because a YAML comparison of two paths cannot express them. */
export const DerivedShape = z.object({
  instanceAz: text.describe("the instance's availability zone"),
  targetAz: text.describe("the target's availability zone"),
  targetAzDiffers: bool.describe("the target's AZ is not the instance's"),
  targetFreeRamMb: num.describe('free RAM of the target hypervisor'),
  flavorRamMb: num.describe("the flavor's RAM"),
  targetRamShortMb: num.describe('RAM the target lacks for the flavor (0 when it fits)'),
  targetFreeDiskGb: num.describe('free local disk of the target'),
  flavorDiskGb: num.describe("the flavor's disk plus ephemeral"),
  targetDiskShortGb: num.describe('disk the target lacks (0 when it fits; null when booted from a volume)'),
  targetFreeVcpus: num.describe('free vCPUs of the target'),
  targetVcpusShort: num.describe('vCPUs the target lacks (0 when it fits)'),
  bestCandidateFreeRamMb: num.describe('the most free RAM of any hypervisor but the source'),
  noCandidateHasRam: bool.describe("no hypervisor but the source has the flavor's RAM free"),
  aggregateSpecsMissing: list.describe("the flavor's aggregate_instance_extra_specs the target's aggregates do not satisfy"),
  cpuFeaturesMissingOnTarget: list.describe('CPU features of the source the target lacks'),
  cpuModelsDiffer: bool.describe('source and target CPU models differ'),
  certificatesExpired: list.describe("libvirt certificates of either host expired at the migration's start"),
  certificatesNotYetValid: list.describe("libvirt certificates not yet valid at the migration's start"),
  certificatesExpiringSoon: list.describe('libvirt certificates expiring within 30 days of the migration'),
  targetCertNamesHost: bool.describe("the target's server certificate names one of the target's names"),
  targetCertNames: list.describe("the names (CN and SANs) in the target's server certificate"),
  targetCertIssuerUntrusted: bool.describe("the target's server certificate issuer is not the source's CA"),
  port16514ClosedFromSource: bool.describe('the TCP 16514 test from the source to the target failed'),
  port16514Detail: text.describe('what that test said (Connection refused, timed out …)'),
  target16514Listening: bool.describe('something listens on 16514 on the target'),
  targetTlsSocketInactive: bool.describe('libvirtd-tls.socket is not active on the target'),
  targetServiceDownAtMigration: bool.describe("the target's nova-compute was down, its last heartbeat before the migration ended"),
  sourceServiceDownAtMigration: bool.describe("the source's nova-compute was down, its last heartbeat before the migration ended"),
  targetUnitsDownAtMigration: list.describe('units of the target not active since before the migration ended'),
  sourceUnitsDownAtMigration: list.describe('units of the source not active since before the migration ended'),
  targetMultipathFailedPaths: num.describe('failed paths in `multipath -ll` of the target'),
  targetIscsiSessions: num.describe('iSCSI sessions on the target (`iscsiadm -m session`)'),
  targetProvider: text.describe("the target's resource provider uuid (placement)"),
  targetOrphanAllocations: list.describe("consumers on the target's provider that should hold nothing there (the instance itself running elsewhere, a finished migration record); `resource provider show --allocations`"),
  instanceAllocationsElsewhere: list.describe("providers other than its host's holding the instance's own allocation (`allocation show`)"),
  targetPlacementShort: list.describe("per resource class, what the flavor needs beyond the target's free capacity by placement's count: (total − reserved) × allocation_ratio − usage, from `inventory list` and `usage show` ([] fits)"),
  targetFitsWithoutOrphans: bool.describe('the flavor would fit on the target once the left-behind allocations are removed'),
  targetIsCandidate: bool.describe("`allocation candidate list` (run with the flavor's resources) offers the target"),
  instancesPathShared: bool.describe('the instances folder is on NFS/Ceph/GlusterFS on both hosts (`df`)'),
  sourceServiceDown: bool.describe("the source's nova-compute is down in `compute service list` (taken at collection)"),
  targetServiceDown: bool.describe("the target's nova-compute is down (taken at collection)"),
  targetServiceDisabled: bool.describe("the target's nova-compute is disabled"),
  sourceServiceUp: bool.describe("the source's nova-compute is up (taken at collection)"),
  volumeServicesDown: list.describe('cinder-volume services down (of the storage hosts, when known)'),
  instanceHasVolumes: bool.describe('the instance has volumes attached'),
  volumesInTransition: list.describe("the instance's volumes attaching, detaching, reserved or in error"),
  portsBindingFailed: list.describe('ports of the instance with binding_vif_type=binding_failed'),
  targetOvnAgentDown: bool.describe("the target's OVN agent is down in `network agent list`"),
});

export const RuleViewShape = z.object({
  instance: Instance.nullable().describe('`server show`'),
  flavor: Flavor.nullable().describe("the flavor (`flavor show` preferred over the server's copy)"),
  migration: MigrationView.describe('the migration'),
  source: HostViewShape.describe('the source host'),
  target: HostViewShape.describe('the target host'),
  refusal: RefusalView.nullable().describe("the API's refusal pasted from a terminal (`ConflictException: 409: …`)"),
  derived: DerivedShape.describe('facts computed in code (src/facts/view.ts)'),
});

export type HostView = z.infer<typeof HostViewShape>;
export type Derived = z.infer<typeof DerivedShape>;
export type RuleView = z.infer<typeof RuleViewShape>;
