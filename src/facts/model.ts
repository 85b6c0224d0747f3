/**
 * The facts model: one typed picture of everything the bundle says, which rules read.
 *
 * Parsers of command outputs return exactly these shapes (a `server show` parser returns an
 * `Instance`, a `compute service list` parser returns `Service[]`, …); the facts builder merges them.
 * Every value that a command could not provide is `null` (unknown), never a made-up default, so a
 * rule can tell "the data says no" from "we do not know". Missing whole sources are listed in
 * `Facts.missing` with the reason (file absent, command failed, output was an error message).
 */
import { z } from 'zod';

/** ISO-8601 UTC timestamp string (`2025-06-02T14:02:40.000Z`), normalised by the parsers. */
export const IsoTime = z.string();

export const Flavor = z.object({
  id: z.string().nullable(),
  name: z.string().nullable(),
  ram: z.number().nullable(), // MB
  vcpus: z.number().nullable(),
  disk: z.number().nullable(), // GB
  ephemeral: z.number().nullable(),
  swap: z.number().nullable(), // MB
  extraSpecs: z.record(z.string(), z.string()),
});
export type Flavor = z.infer<typeof Flavor>;

export const Fault = z.object({
  code: z.number().nullable(),
  message: z.string().nullable(),
  details: z.string().nullable(),
  created: IsoTime.nullable(),
});
export type Fault = z.infer<typeof Fault>;

/** `openstack server show` */
export const Instance = z.object({
  id: z.string(),
  name: z.string().nullable(),
  status: z.string().nullable(), // ACTIVE, ERROR, MIGRATING, VERIFY_RESIZE …
  vmState: z.string().nullable(), // OS-EXT-STS:vm_state
  taskState: z.string().nullable(), // OS-EXT-STS:task_state (null when None)
  powerState: z.string().nullable(), // Running, Shutdown … (integers mapped to names)
  host: z.string().nullable(), // OS-EXT-SRV-ATTR:host (compute service host)
  hypervisorHostname: z.string().nullable(), // OS-EXT-SRV-ATTR:hypervisor_hostname
  instanceName: z.string().nullable(), // instance-0000002a (qemu log file name)
  availabilityZone: z.string().nullable(),
  flavor: Flavor.nullable(),
  image: z.string().nullable(),
  bootedFromVolume: z.boolean().nullable(),
  volumeIds: z.array(z.string()),
  addresses: z.array(z.object({ network: z.string(), ip: z.string() })),
  fault: Fault.nullable(),
  hostStatus: z.string().nullable(), // UP, DOWN, MAINTENANCE, UNKNOWN
  locked: z.boolean().nullable(),
  created: IsoTime.nullable(),
  updated: IsoTime.nullable(),
  launchedAt: IsoTime.nullable(),
});
export type Instance = z.infer<typeof Instance>;

export const MigrationType = z.enum([
  'live-migration',
  'block-live-migration',
  'cold-migration',
  'resize',
  'evacuation',
  'unknown',
]);
export type MigrationType = z.infer<typeof MigrationType>;

/** One row of `openstack server migration list` */
export const MigrationRecord = z.object({
  id: z.string().nullable(), // integer id as string
  uuid: z.string().nullable(),
  instance: z.string().nullable(), // Server UUID / Instance UUID
  sourceCompute: z.string().nullable(),
  sourceNode: z.string().nullable(),
  destCompute: z.string().nullable(),
  destNode: z.string().nullable(),
  destHost: z.string().nullable(), // IP
  status: z.string().nullable(), // raw nova status: completed, failed, error, cancelled, running …
  /** raw nova type column: live-migration, migration, resize, evacuation */
  rawType: z.string().nullable(),
  oldFlavor: z.string().nullable(),
  newFlavor: z.string().nullable(),
  createdAt: IsoTime.nullable(),
  updatedAt: IsoTime.nullable(),
});
export type MigrationRecord = z.infer<typeof MigrationRecord>;

/** One row of `openstack server event list` */
export const InstanceAction = z.object({
  requestId: z.string(),
  instance: z.string().nullable(),
  action: z.string(), // live-migration, migrate, resize, evacuate …
  startTime: IsoTime.nullable(),
  message: z.string().nullable(), // 'Error' when failed
});
export type InstanceAction = z.infer<typeof InstanceAction>;

/** `openstack server event show` */
export const ActionEvent = z.object({
  event: z.string(), // compute_pre_live_migration …
  result: z.string().nullable(), // Success / Error
  host: z.string().nullable(),
  startTime: IsoTime.nullable(),
  finishTime: IsoTime.nullable(),
  traceback: z.string().nullable(),
  details: z.string().nullable(),
});
export type ActionEvent = z.infer<typeof ActionEvent>;
export const ActionDetail = InstanceAction.extend({
  events: z.array(ActionEvent),
  updatedAt: IsoTime.nullable(),
});
export type ActionDetail = z.infer<typeof ActionDetail>;

/** A row of `compute service list`, `volume service list` or `network agent list` */
export const Service = z.object({
  kind: z.enum(['compute', 'volume', 'network']),
  id: z.string().nullable(),
  binary: z.string(), // nova-compute, cinder-volume, OVN Controller agent …
  host: z.string(), // for cinder-volume: host@backend
  zone: z.string().nullable(),
  status: z.string().nullable(), // enabled / disabled
  state: z.string().nullable(), // up / down
  updatedAt: IsoTime.nullable(),
  disabledReason: z.string().nullable(),
  forcedDown: z.boolean().nullable(),
});
export type Service = z.infer<typeof Service>;

export const CpuInfo = z.object({
  arch: z.string().nullable(),
  vendor: z.string().nullable(),
  model: z.string().nullable(),
  features: z.array(z.string()),
});
export type CpuInfo = z.infer<typeof CpuInfo>;

/** `openstack hypervisor show` (or a row of `hypervisor list --long`) */
export const Hypervisor = z.object({
  id: z.string().nullable(),
  hostname: z.string().nullable(), // hypervisor_hostname
  serviceHost: z.string().nullable(), // service_host (compute host name)
  hostIp: z.string().nullable(),
  type: z.string().nullable(),
  version: z.number().nullable(),
  state: z.string().nullable(),
  status: z.string().nullable(),
  vcpus: z.number().nullable(),
  vcpusUsed: z.number().nullable(),
  memoryMb: z.number().nullable(),
  memoryMbUsed: z.number().nullable(),
  freeRamMb: z.number().nullable(),
  localGb: z.number().nullable(),
  localGbUsed: z.number().nullable(),
  freeDiskGb: z.number().nullable(),
  diskAvailableLeast: z.number().nullable(),
  runningVms: z.number().nullable(),
  aggregates: z.array(z.string()),
  cpuInfo: CpuInfo.nullable(),
});
export type Hypervisor = z.infer<typeof Hypervisor>;

export const AvailabilityZoneRow = z.object({
  zone: z.string(),
  status: z.string().nullable(), // available / not available
  resource: z.string().nullable(),
  host: z.string().nullable(),
  service: z.string().nullable(),
  serviceStatus: z.string().nullable(), // 'enabled :-) 2025-…'
});
export type AvailabilityZoneRow = z.infer<typeof AvailabilityZoneRow>;

export const Aggregate = z.object({
  id: z.string().nullable(),
  name: z.string(),
  availabilityZone: z.string().nullable(),
  properties: z.record(z.string(), z.string()),
  hosts: z.array(z.string()),
});
export type Aggregate = z.infer<typeof Aggregate>;

export const VolumeAttachment = z.object({
  serverId: z.string().nullable(),
  hostName: z.string().nullable(),
  device: z.string().nullable(),
  attachmentId: z.string().nullable(),
});
export const Volume = z.object({
  id: z.string(),
  name: z.string().nullable(),
  status: z.string().nullable(),
  backendHost: z.string().nullable(), // os-vol-host-attr:host (host@backend#pool)
  type: z.string().nullable(),
  size: z.number().nullable(),
  bootable: z.boolean().nullable(),
  multiattach: z.boolean().nullable(),
  migrationStatus: z.string().nullable(),
  attachments: z.array(VolumeAttachment),
});
export type Volume = z.infer<typeof Volume>;

export const Port = z.object({
  id: z.string(),
  name: z.string().nullable(),
  status: z.string().nullable(), // ACTIVE / DOWN / BUILD
  macAddress: z.string().nullable(),
  deviceId: z.string().nullable(),
  bindingHost: z.string().nullable(), // binding_host_id
  vifType: z.string().nullable(), // binding_vif_type: ovs, binding_failed, unbound …
  vnicType: z.string().nullable(),
  fixedIps: z.array(z.string()),
});
export type Port = z.infer<typeof Port>;

// ---- node command outputs (hosts/<host>/commands/…) ----

/** `systemctl status <unit>` */
export const UnitStatus = z.object({
  unit: z.string(),
  loaded: z.string().nullable(), // loaded / not-found
  active: z.string().nullable(), // active / inactive / failed / activating / unknown
  sub: z.string().nullable(), // running / dead / exited / auto-restart …
  since: IsoTime.nullable(),
  result: z.string().nullable(), // exit-code / signal / timeout …
  lastLines: z.array(z.string()),
});
export type UnitStatus = z.infer<typeof UnitStatus>;

/** `openssl x509 -noout -subject -issuer -dates -ext subjectAltName` */
export const Certificate = z.object({
  file: z.string(), // basename the bundle names it by (servercert, clientcert, cacert …)
  subject: z.string().nullable(),
  subjectCN: z.string().nullable(),
  issuer: z.string().nullable(),
  issuerCN: z.string().nullable(),
  notBefore: IsoTime.nullable(),
  notAfter: IsoTime.nullable(),
  sans: z.array(z.string()), // 'DNS:hv-02', 'IP Address:10.0.0.2' normalised to the value
});
export type Certificate = z.infer<typeof Certificate>;

export const ListeningSocket = z.object({
  local: z.string(), // 0.0.0.0:16514
  port: z.number().nullable(),
  process: z.string().nullable(),
});
export type ListeningSocket = z.infer<typeof ListeningSocket>;

/** commands/port_16514_<peer>.txt: result of a TCP connect test to a peer */
export const PortCheck = z.object({
  peer: z.string(),
  port: z.number(),
  open: z.boolean().nullable(), // null: output not understood
  detail: z.string().nullable(), // 'Connection refused', 'timed out' …
});
export type PortCheck = z.infer<typeof PortCheck>;

export const Memory = z.object({
  totalMb: z.number().nullable(),
  usedMb: z.number().nullable(),
  freeMb: z.number().nullable(),
  availableMb: z.number().nullable(),
});
export const Filesystem = z.object({
  filesystem: z.string(),
  sizeBytes: z.number().nullable(),
  usedBytes: z.number().nullable(),
  availBytes: z.number().nullable(),
  usePercent: z.number().nullable(),
  mount: z.string(),
});
export const IscsiSession = z.object({
  transport: z.string().nullable(),
  portal: z.string().nullable(),
  target: z.string().nullable(),
});
export const MultipathDevice = z.object({
  name: z.string(),
  wwid: z.string().nullable(),
  paths: z.array(z.object({ device: z.string(), state: z.string().nullable() })),
  failedPaths: z.number(),
});
export const KubePod = z.object({
  namespace: z.string().nullable(),
  name: z.string(),
  ready: z.string().nullable(),
  status: z.string().nullable(),
  restarts: z.number().nullable(),
  age: z.string().nullable(),
  node: z.string().nullable(),
});
export type KubePod = z.infer<typeof KubePod>;

/** What a host's node data says (all optional: a bundle may hold none of it). */
export const HostFacts = z.object({
  name: z.string(),
  units: z.record(z.string(), UnitStatus),
  certificates: z.array(Certificate),
  cpu: CpuInfo.nullable(), // from virsh capabilities or lscpu
  listening: z.array(ListeningSocket).nullable(),
  portChecks: z.array(PortCheck),
  memory: Memory.nullable(),
  filesystems: z.array(Filesystem).nullable(),
  iscsiSessions: z.array(IscsiSession).nullable(),
  multipath: z.array(MultipathDevice).nullable(),
});
export type HostFacts = z.infer<typeof HostFacts>;

/** Why a fact is unknown: which source would have given it and what happened to it. */
export const Missing = z.object({
  what: z.string(), // 'compute service list'
  reason: z.string(), // 'file absent' | 'command failed: 403 …' | 'output was an error message' …
  collect: z.string().nullable(), // the command that would gather it
});
export type Missing = z.infer<typeof Missing>;

/**
 * Placement, as the osc-placement plugin prints it. Resource amounts are keyed by resource class
 * (`VCPU`, `MEMORY_MB`, `DISK_GB`, custom classes).
 */
export const ResourceAmounts = z.record(z.string(), z.number());
export type ResourceAmounts = z.infer<typeof ResourceAmounts>;

/** `openstack resource provider list` / `resource provider show [--allocations]` */
export const ResourceProvider = z.object({
  uuid: z.string(),
  /** the compute node's hypervisor_hostname for a nova compute provider */
  name: z.string().nullable(),
  generation: z.number().nullable(),
  rootUuid: z.string().nullable(),
  parentUuid: z.string().nullable(),
  /** consumer uuid (instance or migration) → what it holds here; null when not asked for (`--allocations`) */
  allocations: z.record(z.string(), ResourceAmounts).nullable(),
});
export type ResourceProvider = z.infer<typeof ResourceProvider>;

/** One row of `openstack resource provider inventory list <rp>` */
export const InventoryRow = z.object({
  resourceClass: z.string(),
  total: z.number().nullable(),
  reserved: z.number().nullable(),
  allocationRatio: z.number().nullable(),
  minUnit: z.number().nullable(),
  maxUnit: z.number().nullable(),
  stepSize: z.number().nullable(),
  /** newer osc-placement prints the usage beside the inventory */
  used: z.number().nullable(),
});
export type InventoryRow = z.infer<typeof InventoryRow>;

/** `inventory list` of one provider (the provider from the file name or the pasted command line). */
export const ProviderInventory = z.object({ provider: z.string().nullable(), rows: z.array(InventoryRow) });
export type ProviderInventory = z.infer<typeof ProviderInventory>;

/** `openstack resource provider usage show <rp>` */
export const ProviderUsage = z.object({ provider: z.string().nullable(), usages: ResourceAmounts });
export type ProviderUsage = z.infer<typeof ProviderUsage>;

/** One provider of one candidate of `openstack allocation candidate list` */
export const AllocationCandidate = z.object({
  /** the candidate's number (`#`): rows of one candidate share it */
  index: z.number(),
  provider: z.string(),
  allocation: ResourceAmounts,
  /** `inventory used/capacity` per class */
  usedCapacity: z.record(z.string(), z.object({ used: z.number(), capacity: z.number() })),
  traits: z.array(z.string()).nullable(),
});
export type AllocationCandidate = z.infer<typeof AllocationCandidate>;

/** One row of `openstack resource provider allocation show <consumer>` */
export const ConsumerAllocation = z.object({
  consumer: z.string().nullable(),
  provider: z.string(),
  generation: z.number().nullable(),
  resources: ResourceAmounts,
  projectId: z.string().nullable(),
  userId: z.string().nullable(),
});
export type ConsumerAllocation = z.infer<typeof ConsumerAllocation>;
