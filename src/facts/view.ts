/**
 * The view a rule's `fact:` conditions read: the migration, the instance, its flavor, the source and
 * target hosts with everything known about them, and facts derived in code (target AZ vs instance AZ,
 * free RAM vs flavor RAM, aggregate metadata vs flavor extra specs, certificates vs migration time,
 * CPU features of the source missing on the target). The shape of all of it is declared in
 * view-shape.ts; docs/rules.md lists every path, generated from there (`npm run docs:rules`).
 */
import type { Facts, Provenance } from './build';
import type { Migration } from './migration';
import type { Aggregate, Flavor, HostFacts, Hypervisor, Service } from './model';
import type { Derived, HostView, RuleView } from './view-shape';
import type { Timeline } from './timeline';
import { storageHosts } from './relevance';
import { derivePlacement } from './placement';
import { citeLine } from './cite';
import { parseTime } from '../util/time';

export type { Derived, HostView, RuleView } from './view-shape';

export interface ViewWithProvenance {
  view: RuleView;
  /** dotted path prefix → where the value came from */
  provenance: Map<string, Provenance[]>;
}

function findService(facts: Facts, host: string | null, binary: string): Service | null {
  if (!host) return null;
  return facts.services.find((s) => s.binary === binary && facts.directory.isSame(s.host.split('@')[0], host)) ?? null;
}

function findHypervisor(facts: Facts, host: string | null): Hypervisor | null {
  if (!host) return null;
  // prefer `hypervisor show` (more fields) over a list row: the last one pushed with usage numbers
  const all = facts.hypervisors.filter(
    (h) => facts.directory.isSame(h.serviceHost, host) || facts.directory.isSame(h.hostname, host),
  );
  return all.find((h) => h.freeRamMb !== null || h.memoryMb !== null) ?? all[0] ?? null;
}

function findNode(facts: Facts, host: string | null): HostFacts | null {
  if (!host) return null;
  for (const [name, h] of facts.hosts) if (facts.directory.isSame(name, host)) return h;
  return null;
}

function azOf(facts: Facts, host: string | null, service: Service | null, aggs: Aggregate[]): string | null {
  if (!host) return null;
  const fromAgg = aggs.find((a) => a.availabilityZone && a.availabilityZone !== 'None')?.availabilityZone;
  if (fromAgg) return fromAgg;
  const row = facts.azRows.find((r) => r.host && r.service === 'nova-compute' && facts.directory.isSame(r.host, host));
  if (row) return row.zone;
  if (service?.zone) return service.zone;
  return null;
}

function hostView(facts: Facts, host: string | null, prov: Map<string, Provenance[]>, role: string): HostView {
  const service = findService(facts, host, 'nova-compute');
  const hypervisor = findHypervisor(facts, host);
  const aggs = host ? facts.aggregates.filter((a) => a.hosts.some((h) => facts.directory.isSame(h, host))) : [];
  const node = findNode(facts, host);
  // Keys come from the bundle: copy them onto a prototype-less object, never through Object.assign's setters.
  const aggregateProperties: Record<string, string> = Object.create(null);
  for (const a of aggs) {
    for (const [k, v] of Object.entries(a.properties)) if (k !== '__proto__') aggregateProperties[k] = v;
  }
  const units: HostView['units'] = {};
  for (const [name, u] of Object.entries(node?.units ?? {})) {
    units[name] = { active: u.active, sub: u.sub, since: u.since, result: u.result };
  }
  const cpu = node?.cpu ?? hypervisor?.cpuInfo ?? null;
  const listening = node?.listening ?? null;
  const add = (path: string, o: object | null | undefined) => {
    const p = o ? facts.provenance.get(o) : undefined;
    if (p) prov.set(`${role}.${path}`, [...(prov.get(`${role}.${path}`) ?? []), p]);
  };
  add('service', service);
  add('hypervisor', hypervisor);
  for (const a of aggs) add('aggregates', a);
  for (const a of aggs) add('aggregateProperties', a);
  for (const u of Object.values(node?.units ?? {})) add('units', u);
  add('cpuFeatures', node?.cpu ?? hypervisor);
  add('listening16514', listening ?? undefined);
  for (const c of node?.certificates ?? []) add('certificates', c);
  return {
    name: host,
    aliases: facts.directory.aliases(host),
    service,
    hypervisor,
    az: azOf(facts, host, service, aggs),
    aggregates: aggs.map((a) => a.name),
    aggregateProperties,
    networkAgents: host ? facts.services.filter((s) => s.kind === 'network' && facts.directory.isSame(s.host, host)) : [],
    node,
    units,
    unitsNotActive: Object.entries(units)
      .filter(([, u]) => u.active !== null && u.active !== 'active')
      .map(([n, u]) => `${n} (${u.active}${u.result ? `, ${u.result}` : ''})`),
    cpuFeatures: cpu ? cpu.features : null,
    cpuModel: cpu ? cpu.model : null,
    listening16514: listening ? listening.some((s) => s.port === 16514) : null,
    certificates: node?.certificates ?? [],
  };
}

export function buildView(facts: Facts, mig: Migration, timeline: Timeline): ViewWithProvenance {
  const prov = new Map<string, Provenance[]>();
  const instance = facts.instances.get(mig.instance) ?? null;
  let flavor: Flavor | null = null;
  if (instance?.flavor) {
    // A `flavor show` has the extra specs that an old server show lacks: prefer it when names match.
    flavor = facts.flavors.find((f) => f !== instance.flavor && (f.name === instance.flavor!.name || f.id === instance.flavor!.id)) ?? instance.flavor;
  } else if (facts.flavors.length === 1) flavor = facts.flavors[0]!;
  const p = (path: string, o: object | null) => {
    const pr = o ? facts.provenance.get(o) : undefined;
    if (pr) prov.set(path, [pr]);
  };
  p('instance', instance);
  p('flavor', flavor);
  p('migration', mig.record);
  const source = hostView(facts, mig.source, prov, 'source');
  const target = hostView(facts, mig.target, prov, 'target');
  const view: RuleView = {
    instance,
    flavor,
    migration: {
      type: mig.type,
      status: mig.status,
      rawStatus: mig.rawStatus,
      source: mig.source,
      target: mig.target,
      requestId: mig.requestId,
      failedStage: timeline.failedStage,
      createdAt: mig.start !== null ? new Date(mig.start).toISOString() : null,
      hasRecord: mig.record !== null,
    },
    source,
    target,
    refusal: mig.refusal ? { code: mig.refusal.code, exception: mig.refusal.exception, message: mig.refusal.message, command: mig.refusal.command, origin: mig.refusal.origin, details: mig.refusal.details } : null,
    derived: {} as Derived,
  };
  p('refusal', mig.refusal);
  // the failed stage is shown by the line that set it
  const failed = timeline.stages.find((st) => st.status === 'failed')?.event;
  if (failed?.file && failed.line) prov.set('migration.failedStage', [{ file: failed.file, line: failed.line, text: failed.text }]);
  else if (failed && mig.actionDetail) {
    const pr = facts.provenance.get(mig.actionDetail);
    const c = pr ? citeLine([pr], failed.text) : null;
    if (c) prov.set('migration.failedStage', [{ file: c.file, line: c.line, text: c.text }]);
  }
  view.derived = derive(facts, mig, view, prov);
  return { view, provenance: prov };
}

/** Facts computed in code, because a YAML comparison of two paths cannot express them. */
function derive(facts: Facts, mig: Migration, v: RuleView, prov: Map<string, Provenance[]>): Derived {
  // every key of DerivedShape is set below (a test checks it); a key it does not declare fails to compile
  const d: Partial<Derived> = {};
  const t = v.target;
  const f = v.flavor;
  const from = (key: keyof Derived, ...paths: string[]) => {
    const list = paths.flatMap((p) => prov.get(p) ?? []);
    if (list.length) prov.set(`derived.${key}`, list);
  };
  // Availability zone: target vs the instance's
  const instAz = v.instance?.availabilityZone ?? null;
  d.instanceAz = instAz;
  d.targetAz = t.az;
  d.targetAzDiffers = instAz && t.az ? instAz !== t.az : null;
  from('targetAzDiffers', 'instance', 'target.aggregates', 'target.service');

  // Capacity: what the flavor needs vs what the target has free
  const hv = t.hypervisor;
  const freeRam = hv?.freeRamMb ?? (hv?.memoryMb != null && hv.memoryMbUsed != null ? hv.memoryMb - hv.memoryMbUsed : null);
  d.targetFreeRamMb = freeRam;
  d.flavorRamMb = f?.ram ?? null;
  d.targetRamShortMb = freeRam !== null && f?.ram != null ? Math.max(0, f.ram - freeRam) : null;
  const freeDisk = hv?.freeDiskGb ?? (hv?.localGb != null && hv.localGbUsed != null ? hv.localGb - hv.localGbUsed : null);
  const needDisk = f?.disk != null ? f.disk + (f.ephemeral ?? 0) : null;
  d.targetFreeDiskGb = freeDisk;
  d.flavorDiskGb = needDisk;
  d.targetDiskShortGb = freeDisk !== null && needDisk !== null && v.instance?.bootedFromVolume !== true ? Math.max(0, needDisk - freeDisk) : null;
  const freeVcpus = hv?.vcpus != null && hv.vcpusUsed != null ? hv.vcpus - hv.vcpusUsed : null;
  d.targetFreeVcpus = freeVcpus;
  d.targetVcpusShort = freeVcpus !== null && f?.vcpus != null ? Math.max(0, f.vcpus - freeVcpus) : null;
  // Without a chosen target: the best candidate's free RAM among all hypervisors that are not the source
  const others = facts.hypervisors.filter((h) => !facts.directory.isSame(h.serviceHost ?? h.hostname, mig.source));
  const bestFree = others.map((h) => h.freeRamMb ?? (h.memoryMb != null && h.memoryMbUsed != null ? h.memoryMb - h.memoryMbUsed : null)).filter((x): x is number => x !== null);
  d.bestCandidateFreeRamMb = bestFree.length ? Math.max(...bestFree) : null;
  d.noCandidateHasRam = bestFree.length > 0 && f?.ram != null ? Math.max(...bestFree) < f.ram : null;
  for (const k of ['targetRamShortMb', 'targetDiskShortGb', 'targetVcpusShort'] as const) from(k, 'target.hypervisor', 'flavor');
  from('noCandidateHasRam', 'flavor');
  for (const h of others) {
    const pr = facts.provenance.get(h);
    if (pr) prov.set('derived.noCandidateHasRam', [...(prov.get('derived.noCandidateHasRam') ?? []), pr]);
  }

  // Aggregate metadata the flavor asks for (AggregateInstanceExtraSpecsFilter) that the target lacks
  const specs = Object.entries(f?.extraSpecs ?? {}).filter(([k]) => k.startsWith('aggregate_instance_extra_specs:'));
  const props = t.aggregateProperties;
  d.aggregateSpecsMissing = t.name && (t.aggregates.length || facts.aggregates.length)
    ? specs.filter(([k, val]) => props[k.slice('aggregate_instance_extra_specs:'.length)] !== val).map(([k, val]) => `${k}=${val}`)
    : null;
  from('aggregateSpecsMissing', 'flavor', 'target.aggregateProperties');

  // CPU: features the source has that the target lacks
  const sf = v.source.cpuFeatures;
  const tf = t.cpuFeatures;
  d.cpuFeaturesMissingOnTarget = sf && tf && sf.length && tf.length ? sf.filter((x) => !tf.includes(x)) : null;
  d.cpuModelsDiffer = v.source.cpuModel && t.cpuModel ? v.source.cpuModel !== t.cpuModel : null;
  from('cpuFeaturesMissingOnTarget', 'source.cpuFeatures', 'target.cpuFeatures');

  // Certificates at the migration's time
  const at = mig.start ?? null;
  const certs = [
    ...v.source.certificates.map((c) => ({ host: mig.source, c })),
    ...t.certificates.map((c) => ({ host: mig.target, c })),
  ];
  d.certificatesExpired = at === null || !certs.length ? null : certs.filter(({ c }) => (parseTime(c.notAfter) ?? Infinity) < at).map(({ host, c }) => `${c.file} on ${host} expired ${c.notAfter}`);
  d.certificatesNotYetValid = at === null || !certs.length ? null : certs.filter(({ c }) => (parseTime(c.notBefore) ?? -Infinity) > at).map(({ host, c }) => `${c.file} on ${host} not valid before ${c.notBefore}`);
  d.certificatesExpiringSoon = at === null || !certs.length ? null : certs.filter(({ c }) => { const na = parseTime(c.notAfter); return na !== null && na >= at && na - at < 30 * 86400_000; }).map(({ host, c }) => `${c.file} on ${host} expires ${c.notAfter}`);
  from('certificatesExpired', 'source.certificates', 'target.certificates');
  from('certificatesNotYetValid', 'source.certificates', 'target.certificates');
  from('certificatesExpiringSoon', 'source.certificates', 'target.certificates');
  // The target's server certificate must name the host the source connects to
  const server = t.certificates.find((c) => /server/i.test(c.file) && !/ca/i.test(c.file.replace(/cert/gi, '')));
  if (server && t.aliases.length) {
    const names = [server.subjectCN, ...server.sans].filter((x): x is string => !!x).map((x) => x.toLowerCase());
    d.targetCertNamesHost = names.length ? t.aliases.some((a) => names.includes(a.toLowerCase())) : null;
    d.targetCertNames = names;
  } else {
    d.targetCertNamesHost = null;
    d.targetCertNames = null;
  }
  from('targetCertNamesHost', 'target.certificates');
  // Both ends must trust the same CA: the target's server cert issuer vs the source's CA subject
  const sourceCa = v.source.certificates.find((c) => /ca/i.test(c.file.replace(/cert/gi, '')));
  d.targetCertIssuerUntrusted = server && sourceCa && server.issuer && sourceCa.subject ? normDn(server.issuer) !== normDn(sourceCa.subject) : null;
  from('targetCertIssuerUntrusted', 'target.certificates', 'source.certificates');

  // Port 16514 from the source to the target
  const checks = v.source.node?.portChecks.filter((c) => c.port === 16514 && t.aliases.some((a) => a.toLowerCase() === c.peer.toLowerCase())) ?? [];
  d.port16514ClosedFromSource = checks.length ? checks.every((c) => c.open === false) : null;
  d.port16514Detail = checks.map((c) => c.detail).find(Boolean) ?? null;
  d.target16514Listening = t.listening16514;
  from('target16514Listening', 'target.listening16514');
  // since libvirt 5.6 the TLS port is opened by the libvirtd-tls.socket unit, not by libvirtd.conf
  const tlsSocket = t.units['libvirtd-tls-socket'];
  d.targetTlsSocketInactive = tlsSocket ? tlsSocket.active !== 'active' : null;
  from('targetTlsSocketInactive', 'target.units');
  for (const c of checks) {
    const pr = facts.provenance.get(c);
    if (pr) prov.set('derived.port16514ClosedFromSource', [...(prov.get('derived.port16514ClosedFromSource') ?? []), pr]);
  }

  // Snapshots vs the migration's time: was the service already down, the unit already failed, when
  // the migration ran? (`compute service list` and `systemctl status` are taken later, at collection.)
  const start = mig.start;
  const downAt = (svc: Service | null): boolean | null => {
    if (!svc || start === null) return null;
    if (svc.state !== 'down') return false;
    const hb = parseTime(svc.updatedAt);
    // nova marks a service down after service_down_time (60 s) without a heartbeat
    return hb === null ? null : hb + 60_000 <= (mig.end ?? start);
  };
  d.targetServiceDownAtMigration = downAt(t.service);
  d.sourceServiceDownAtMigration = downAt(v.source.service);
  from('targetServiceDownAtMigration', 'target.service');
  from('sourceServiceDownAtMigration', 'source.service');
  const unitsDownAt = (h: HostView): string[] | null => {
    if (!h.node || start === null || !Object.keys(h.units).length) return null;
    return Object.entries(h.units)
      .filter(([, u]) => u.active !== null && u.active !== 'active')
      .filter(([, u]) => {
        const since = parseTime(u.since);
        return since === null || since <= (mig.end ?? start);
      })
      .map(([n, u]) => `${n} ${u.active}${u.since ? ` since ${u.since}` : ''}`);
  };
  d.targetUnitsDownAtMigration = unitsDownAt(t);
  d.sourceUnitsDownAtMigration = unitsDownAt(v.source);
  from('targetUnitsDownAtMigration', 'target.units');
  from('sourceUnitsDownAtMigration', 'source.units');

  // Storage paths on the target: multipath paths failed, iSCSI sessions present
  const mp = t.node?.multipath ?? null;
  d.targetMultipathFailedPaths = mp ? mp.reduce((n, m) => n + m.failedPaths, 0) : null;
  d.targetIscsiSessions = t.node?.iscsiSessions ? t.node.iscsiSessions.length : null;
  for (const [k, o] of [['derived.targetIscsiSessions', t.node?.iscsiSessions], ['target.node.iscsiSessions', t.node?.iscsiSessions], ['derived.targetMultipathFailedPaths', t.node?.multipath]] as const) {
    const pr = o ? facts.provenance.get(o) : undefined;
    if (pr) prov.set(k, [pr]);
  }
  // Instance directory on shared storage (NFS/Ceph mounted) on both hosts, from df
  const sharedMount = (h: HostView): boolean | null => {
    const fs = h.node?.filesystems;
    if (!fs) return null;
    return fs.some((f) => /\/(nova\/instances|pf9\/data\/instances|instances)$/.test(f.mount) && /:|^\/\/|ceph|nfs|glusterfs/i.test(f.filesystem));
  };
  const ss = sharedMount(v.source);
  const ts = sharedMount(t);
  d.instancesPathShared = ss === null || ts === null ? null : ss && ts;

  // Placement: allocations left on the target, the instance's own allocation elsewhere, room by placement's count
  Object.assign(d, derivePlacement(facts, mig, v.instance, v.flavor));
  const provOf = (xs: object[]) => [...new Map(xs.map((x) => facts.provenance.get(x)).filter((x): x is Provenance => !!x).map((x) => [x.file, x])).values()];
  const targetRp = facts.placement.providers.filter((p) => p.uuid === d.targetProvider);
  const setProv = (key: string, xs: object[]) => { const l = provOf(xs); if (l.length) prov.set(`derived.${key}`, l); };
  setProv('targetOrphanAllocations', targetRp);
  setProv('instanceAllocationsElsewhere', [...facts.placement.consumerAllocations, ...facts.placement.providers.filter((p) => p.allocations !== null)]);
  setProv('targetPlacementShort', [...facts.placement.inventories, ...facts.placement.usages].filter((x) => x.provider === d.targetProvider));

  // Services
  d.sourceServiceDown = v.source.service ? v.source.service.state === 'down' : null;
  d.targetServiceDown = t.service ? t.service.state === 'down' : null;
  d.targetServiceDisabled = t.service ? t.service.status === 'disabled' : null;
  d.sourceServiceUp = v.source.service ? v.source.service.state === 'up' : null;
  from('sourceServiceDown', 'source.service');
  from('sourceServiceUp', 'source.service');
  from('targetServiceDown', 'target.service');
  from('targetServiceDisabled', 'target.service');
  const storage = storageHosts(facts, mig);
  const cinder = facts.services.filter((s) => s.binary === 'cinder-volume');
  d.volumeServicesDown = cinder.length ? cinder.filter((s) => s.state === 'down' && (!storage.length || storage.some((h) => facts.directory.isSame(h, s.host.split('@')[0])))).map((s) => s.host) : null;
  for (const s of cinder) {
    const pr = facts.provenance.get(s);
    if (pr) prov.set('derived.volumeServicesDown', [pr]);
  }
  const volIds = v.instance?.volumeIds ?? [];
  d.instanceHasVolumes = v.instance ? volIds.length > 0 : null;
  from('instanceHasVolumes', 'instance');
  const vols = facts.volumes.filter((x) => volIds.includes(x.id));
  for (const x of vols) {
    const pr = facts.provenance.get(x);
    if (pr) prov.set('derived.volumesInTransition', [...(prov.get('derived.volumesInTransition') ?? []), pr]);
  }
  d.volumesInTransition = vols.length ? vols.filter((x) => /attaching|detaching|reserved|error/.test(x.status ?? '')).map((x) => `${x.id} ${x.status}`) : null;
  // Ports
  const ports = facts.ports.filter((p) => p.deviceId === mig.instance || facts.ports.length <= 4);
  d.portsBindingFailed = ports.length ? ports.filter((p) => p.vifType === 'binding_failed').map((p) => p.id) : null;
  for (const p of ports) {
    const pr = facts.provenance.get(p);
    if (pr) prov.set('derived.portsBindingFailed', [pr]);
  }
  const ovn = t.networkAgents.filter((a) => /ovn/i.test(a.binary) || /ovn/i.test(a.id ?? ''));
  d.targetOvnAgentDown = ovn.length ? ovn.some((a) => a.state === 'down' || a.state === 'false') : null;
  for (const a of ovn) {
    const pr = facts.provenance.get(a);
    if (pr) prov.set('derived.targetOvnAgentDown', [pr]);
  }
  return d as Derived;
}

function normDn(dn: string): string {
  return dn.replace(/^\/+/, '').replace(/\s*=\s*/g, '=').replace(/\s*[,/]\s*/g, ',').toLowerCase();
}
