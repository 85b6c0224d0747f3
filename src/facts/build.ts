/**
 * Merges what the parsers produced into one `Facts` object, reconciled with the manifests: a command
 * that the collector recorded as failed or timed out is a *missing* fact with its reason, even when a
 * file for it exists.
 */
import type { Collected, CommandOutput } from '../pipeline/collect';
import type { LoadedManifest, ManifestCommand } from '../recognize/manifest';
import type { LogFileSummary } from '../pipeline/scan';
import type {
  ActionDetail,
  Aggregate,
  AvailabilityZoneRow,
  Certificate,
  CpuInfo,
  Flavor,
  HostFacts,
  Hypervisor,
  Instance,
  InstanceAction,
  KubePod,
  MigrationRecord,
  Port,
  Service,
  UnitStatus,
  Volume,
  ResourceProvider,
  ProviderInventory,
  ProviderUsage,
  AllocationCandidate,
  ConsumerAllocation,
} from './model';
import { z } from 'zod';
import { HostDirectory } from './hosts';
import { citeLine } from './cite';
import { type MatcherRegistry, testMatcher } from '../rules/matchers';
import type { Component } from '../rules/schema';
import { parseTime } from '../util/time';
import type { ApiRefusal } from '../parsers/commands/cli-refusal';
import type { EventStore } from './events';

/** Where a fact came from, for evidence lines. */
export interface Provenance {
  file: string;
  format?: string;
  /** the output's lines, to cite the one that shows a fact (cite.ts) */
  lines?: string[];
  /** set when the fact is one known line (the failed stage's log line) */
  line?: number;
  text?: string;
}

/** A source of data the bundle should hold, and whether it does. */
export interface SourceState {
  /** 'cmd:<parser-id>' or 'cmd:<parser-id>@<host>' or 'log:<component>@<host|mgmt>' */
  key: string;
  ok: boolean;
  files: string[];
  /** why it is not usable: 'command failed: HttpException: 403 …', 'timed out after 30 s', 'empty output' */
  reason: string | null;
}

export interface Facts {
  instances: Map<string, Instance>;
  migrations: MigrationRecord[];
  actions: InstanceAction[];
  actionDetails: ActionDetail[];
  services: Service[];
  hypervisors: Hypervisor[];
  hypervisorStats: Record<string, unknown> | null;
  azRows: AvailabilityZoneRow[];
  aggregates: Aggregate[];
  flavors: Flavor[];
  volumes: Volume[];
  ports: Port[];
  pods: KubePod[];
  /** migration commands the API refused, pasted from a terminal */
  apiRefusals: ApiRefusal[];
  /** servers `server show` said do not exist (`No server with a name or ID of '<uuid>' exists.`) */
  serversNotFound: Set<string>;
  /** what placement says (osc-placement outputs), see `placement.ts` for the per-host reading */
  placement: PlacementFacts;
  hosts: Map<string, HostFacts>;
  logs: LogFileSummary[];
  events: EventStore;
  manifests: LoadedManifest[];
  /** manifest commands that failed (exit code ≠ 0) or timed out, for the report */
  collectorErrors: { file: string | null; command: string; reason: string; host: string | null }[];
  sources: Map<string, SourceState>;
  provenance: WeakMap<object, Provenance>;
  directory: HostDirectory;
  /** request id → the instance it acted on (instance actions, API access lines) */
  requestInstance: Map<string, string>;
}

export interface PlacementFacts {
  /** one entry per provider uuid: a `show --allocations` fills in what a list row lacks */
  providers: ResourceProvider[];
  inventories: ProviderInventory[];
  usages: ProviderUsage[];
  candidates: AllocationCandidate[];
  /** `resource provider allocation show <consumer>` rows */
  consumerAllocations: ConsumerAllocation[];
  /** whether an `allocation candidate list` output was read (no rows = no candidate at all) */
  candidatesRead: boolean;
}

function emptyHost(name: string): HostFacts {
  return {
    name,
    units: {},
    certificates: [],
    cpu: null,
    listening: null,
    portChecks: [],
    memory: null,
    filesystems: null,
    iscsiSessions: null,
    multipath: null,
  };
}

/**
 * Exit codes that are the command's answer, not a failure, as docs/collect.md lists them for the
 * `ok` field: `systemctl status` 3 (inactive) and 4 (unknown unit), `iscsiadm -m session` 21 (no
 * session), `openssl verify` 1 and 2 (does not verify), a port check 1 (refused). A manifest written
 * before collect.sh had the `ok` field is read by the same rules.
 */
export function exitIsAnswer(argv: string[], code: number): boolean {
  const a = argv.filter((x, i) => !(i === 0 && x === 'sudo'));
  const cmd = a.join(' ');
  if (a[0] === 'systemctl' && a[1] === 'status') return code === 3 || code === 4;
  if (a[0] === 'iscsiadm' && /(^| )-m session\b/.test(cmd)) return code === 21;
  if (a[0] === 'openssl' && a[1] === 'verify') return code === 1 || code === 2;
  if ((/(^|\/)(nc|ncat|netcat)$/.test(a[0] ?? '') && a.some((x) => /^-\w*z/.test(x))) || (a[0] === 'bash' && cmd.includes('/dev/tcp/'))) return code === 1;
  return false;
}

function describeManifestFailure(c: ManifestCommand): string | null {
  if (c.timedOut) return `timed out${c.durationMs ? ` after ${Math.round(c.durationMs / 1000)} s` : ''}`;
  if (c.ok === true) return null;
  if (c.exitCode !== undefined && c.exitCode !== null && c.exitCode !== 0 && c.ok !== false && exitIsAnswer(c.argv ?? [], c.exitCode)) return null;
  if (c.exitCode !== undefined && c.exitCode !== null && c.exitCode !== 0) {
    const err = (c.stderr ?? '').split('\n').map((l) => l.trim()).find((l) => l !== '');
    return `command failed (exit ${c.exitCode})${err ? `: ${err}` : ''}`;
  }
  return null;
}

export function buildFacts(col: Collected, registry?: MatcherRegistry): Facts {
  const facts: Facts = {
    instances: new Map(),
    migrations: [],
    actions: [],
    actionDetails: [],
    services: [],
    hypervisors: [],
    hypervisorStats: null,
    azRows: [],
    aggregates: [],
    flavors: [],
    volumes: [],
    ports: [],
    pods: [],
    apiRefusals: [],
    serversNotFound: new Set(),
    placement: { providers: [], inventories: [], usages: [], candidates: [], consumerAllocations: [], candidatesRead: false },
    hosts: new Map(),
    logs: col.logs,
    events: col.events,
    manifests: col.manifests,
    collectorErrors: [],
    sources: new Map(),
    provenance: new WeakMap(),
    directory: new HostDirectory(),
    requestInstance: new Map(),
  };

  // Manifest failures, keyed by the path of the file the command should have written.
  const failedByPath = new Map<string, string>();
  const succeededPaths = new Set<string>();
  for (const m of col.manifests) {
    for (const c of m.manifest.commands ?? []) {
      const reason = describeManifestFailure(c);
      if (!reason && c.file && (c.exitCode === 0 || c.ok === true || (c.exitCode != null && exitIsAnswer(c.argv ?? [], c.exitCode)))) succeededPaths.add(m.base + c.file);
      if (!reason) continue;
      const command = (c.argv ?? []).join(' ') || c.file || 'unknown command';
      facts.collectorErrors.push({ file: c.file ? m.base + c.file : null, command, reason, host: m.hostFolder ?? (m.manifest.mode === 'host' ? (m.manifest.host ?? null) : null) });
      if (c.file) failedByPath.set(m.base + c.file, reason);
    }
    // the host folder, the manifest's host and its aliases (nova's compute host and hypervisor
    // host name, the short name, the Platform9 host id) are one node
    // (not a generic name such as localhost, which would join unrelated nodes)
    const aliases = (m.manifest.hostAliases ?? []).filter((a) => !/^localhost(\.|$)/i.test(a.trim()));
    if (m.hostFolder) facts.directory.same(m.hostFolder, m.manifest.host ?? null, ...aliases);
  }

  const host = (name: string): HostFacts => {
    let h = facts.hosts.get(name);
    if (!h) facts.hosts.set(name, (h = emptyHost(name)));
    facts.directory.same(name);
    return h;
  };

  for (const out of col.commands) {
    const id = out.parser?.id ?? 'unknown';
    const key = out.host ? `cmd:${id}@${out.host}` : `cmd:${id}`;
    const failure = failedByPath.get(out.path);
    const state = facts.sources.get(key) ?? { key, ok: false, files: [], reason: null };
    state.files.push(out.file);
    facts.sources.set(key, state);
    // `server show <uuid>` answering that no such server exists (exit 1): a placement consumer without a server
    const gone = out.parser?.id === 'server-show' && !out.outcome.ok ? /No server with a name or ID of '([0-9a-f-]{36})' exists|No Server found for ([0-9a-f-]{36})/i.exec(out.outcome.reason) : null;
    if (gone) facts.serversNotFound.add((gone[1] ?? gone[2])!.toLowerCase());
    // A command the collector recorded as failed is missing, unless its output still parsed: many
    // node commands answer with a non-zero exit (`systemctl status` exits 3 for a failed unit,
    // `nc` 1 for a refused port, `iscsiadm` 21 for no sessions). A timed-out output may be cut short.
    if (failure && (!out.outcome.ok || /^timed out/.test(failure))) {
      state.reason = failure;
      continue;
    }
    if (!out.outcome.ok) {
      // The openstack client prints nothing for an empty list: when the collector says the command
      // succeeded, an empty output of a list command is a real "none", not a missing fact.
      if (out.outcome.kind === 'empty' && succeededPaths.has(out.path) && out.parser?.schema instanceof z.ZodArray) {
        state.ok = true;
        state.reason = null;
        absorb(facts, out, [], host);
        continue;
      }
      state.reason = `${out.outcome.kind === 'empty' ? 'empty output' : out.outcome.reason}`;
      continue;
    }
    state.ok = true;
    state.reason = null;
    absorb(facts, out, out.outcome.value, host);
  }
  // Commands the manifest lists as failed whose file is absent altogether.
  for (const e of facts.collectorErrors) {
    if (!e.file) continue;
    if (col.commands.some((c) => c.path === e.file)) continue;
    const key = `failed:${e.file}`;
    facts.sources.set(key, { key, ok: false, files: [], reason: e.reason });
  }
  for (const l of col.logs) {
    const key = `log:${l.component}@${l.host ?? 'mgmt'}`;
    const state = facts.sources.get(key) ?? { key, ok: true, files: [], reason: null };
    state.files.push(l.file);
    facts.sources.set(key, state);
    if (l.host) host(l.host);
  }
  joinHostNames(facts);
  if (registry) {
    eventsFromActions(facts, registry);
    eventsFromPastedErrors(facts, registry);
  }
  mapRequestsToInstances(facts);
  return facts;
}

/** Which instance each request acted on: its other lines then belong to that instance too. */
function mapRequestsToInstances(facts: Facts): void {
  for (const a of [...facts.actions, ...facts.actionDetails]) if (a.instance) facts.requestInstance.set(a.requestId, a.instance);
  for (const e of facts.events.events) {
    if (!e.requestId || e.component !== 'nova-api') continue;
    const m = /\/servers\/([0-9a-f-]{36})\/action/.exec(e.text) ?? (e.instance ? [null, e.instance] : null);
    if (m?.[1] && !facts.requestInstance.has(e.requestId)) facts.requestInstance.set(e.requestId, m[1]);
  }
}

/**
 * The error details and tracebacks of failed instance-action events are nova's own words about the
 * failure, tied to the request id: they are matched like log lines (a conductor event as
 * nova-conductor, a compute event as nova-compute on its host), so a rule finds "CPU doesn't have
 * compatibility" in `server event show` as well as in ostackhost.log.
 */
function eventsFromActions(facts: Facts, registry: MatcherRegistry): void {
  for (const d of facts.actionDetails) {
    const prov = facts.provenance.get(d);
    const file = prov?.file ?? 'server event show';
    for (const ev of d.events) {
      if ((ev.result ?? '').toLowerCase() !== 'error') continue;
      const tb = (ev.traceback ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
      const text = [ev.details, tb[tb.length - 1]].filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
      if (!text) continue;
      const component: Component = ev.event.startsWith('compute_') ? 'nova-compute' : 'nova-conductor';
      const line = `${ev.event} ${ev.result}: ${text}`;
      const hits = new Map<number, Record<string, string>>();
      for (const m of registry.matchers) {
        if (m.components && !m.components.has(component)) continue;
        const g = testMatcher(m, line, 'ERROR');
        if (g) hits.set(m.id, g);
      }
      if (!hits.size) continue;
      // the line of `server event show` that holds the error, so the evidence cites it like a log line
      const cited = prov ? citeLine([prov], `${ev.event} ${ev.details ?? ''} ${tb[tb.length - 1] ?? ''}`) : null;
      facts.events.add({
        file,
        host: component === 'nova-compute' ? ev.host : null,
        component,
        line: cited?.line ?? 0,
        time: parseTime(ev.finishTime) ?? parseTime(ev.startTime),
        level: 'ERROR',
        logger: 'instance action',
        requestId: d.requestId,
        globalRequestId: null,
        instance: d.instance,
        text: line,
        continuation: tb.slice(-6),
        hits,
      });
    }
  }
}

/**
 * Nova's words that reach the analyzer as a paste rather than a log: the fault of `server show`
 * (its message and details), a Horizon fault panel or banner, the body of an HTTP trace. They are
 * matched like a log line of the service that wrote them, tied to the instance (and the request id
 * when the paste has one), so "Host key verification failed" in a fault's details counts as it
 * would in nova-compute's log. The service is not written in the paste: the line is tried as
 * nova-compute, nova-conductor and nova-api and kept for the one whose rules it matches.
 */
function eventsFromPastedErrors(facts: Facts, registry: MatcherRegistry): void {
  const pastes: { prov: Provenance | null; file: string; instance: string | null; requestId: string | null; time: number | null; text: string; details: string | null; api: boolean }[] = [];
  for (const inst of facts.instances.values()) {
    const f = inst.fault;
    if (!f || !(f.message || f.details)) continue;
    pastes.push({ prov: facts.provenance.get(inst) ?? null, file: facts.provenance.get(inst)?.file ?? 'server show', instance: inst.id, requestId: null, time: parseTime(f.created), text: `fault ${f.code ?? ''}: ${f.message ?? ''}`.replace(/\s+/g, ' '), details: f.details, api: false });
  }
  for (const r of facts.apiRefusals) {
    if (r.origin === 'cli' || r.origin === 'client-wait') continue; // the refusal fact carries all there is
    pastes.push({ prov: facts.provenance.get(r) ?? null, file: facts.provenance.get(r)?.file ?? 'pasted error', instance: r.instance, requestId: r.requestId, time: null, text: r.message, details: r.details, api: r.code !== null && r.code < 500 && r.origin !== 'fault' });
  }
  for (const p of pastes) {
    const tb = (p.details ?? '').split(/\n|(?<=\)) (?=File ")/).map((l) => l.trim()).filter(Boolean);
    // the fault's message is often only the exception class (`OSError`): its details say more
    const line = [p.text, tb[tb.length - 1] && tb[tb.length - 1] !== p.text ? tb[tb.length - 1] : ''].filter(Boolean).join(' ').slice(0, 4000);
    const order: Component[] = p.api ? ['nova-api', 'nova-conductor', 'nova-compute'] : ['nova-compute', 'nova-conductor', 'nova-api'];
    let best: { component: Component; hits: Map<number, Record<string, string>> } | null = null;
    for (const component of order) {
      const hits = new Map<number, Record<string, string>>();
      for (const m of registry.matchers) {
        if (m.components && !m.components.has(component)) continue;
        const g = testMatcher(m, line, 'ERROR') ?? (p.details ? testMatcher(m, p.details.replace(/\s+/g, ' '), 'ERROR') : null);
        if (g) hits.set(m.id, g);
      }
      if (hits.size > (best?.hits.size ?? 0)) best = { component, hits };
    }
    if (!best) continue;
    // nova records a move's fault through the compute host the instance is back on (the source)
    const onHost = best.component === 'nova-compute' && p.instance ? (facts.instances.get(p.instance)?.host ?? null) : null;
    facts.events.add({
      file: p.file,
      host: onHost,
      component: best.component,
      // the pasted line that shows it (a fault row of a server show, the client's error line)
      line: (p.prov ? citeLine([p.prov], p.text)?.line : undefined) ?? 0,
      time: p.time,
      level: 'ERROR',
      logger: 'pasted error',
      requestId: p.requestId,
      globalRequestId: null,
      instance: p.instance,
      text: line,
      continuation: tb.slice(-6),
      hits: best.hits,
    });
  }
}

type ListKey = 'migrations' | 'actions' | 'actionDetails' | 'services' | 'hypervisors' | 'azRows' | 'aggregates' | 'flavors' | 'volumes' | 'ports' | 'apiRefusals' | 'pods';

/** Which list of facts each management-plane parser fills. */
const INTO: Record<string, ListKey> = {
  'migration-list': 'migrations',
  'event-list': 'actions',
  'event-show': 'actionDetails',
  'compute-service-list': 'services',
  'volume-service-list': 'services',
  'network-agent-list': 'services',
  'hypervisor-show': 'hypervisors',
  'hypervisor-list': 'hypervisors',
  'az-list': 'azRows',
  'aggregate-list': 'aggregates',
  'aggregate-show': 'aggregates',
  'flavor-show': 'flavors',
  'volume-show': 'volumes',
  'port-list': 'ports',
  'port-show': 'ports',
  'cli-refusal': 'apiRefusals',
  'pasted-error': 'apiRefusals',
  'kubectl-pods': 'pods',
};

function absorb(facts: Facts, out: CommandOutput, value: unknown, host: (n: string) => HostFacts): void {
  const prov: Provenance = { file: out.file, lines: out.text?.split(/\r?\n/) };
  const mark = <T extends object>(v: T): T => {
    facts.provenance.set(v, prov);
    return v;
  };
  const id = out.parser!.id;
  if (id === 'server-show') {
    const inst = mark(value as Instance);
    facts.instances.set(inst.id, inst);
    if (inst.flavor) facts.flavors.push(mark(inst.flavor));
    return;
  }
  if (absorbPlacement(facts.placement, id, value, mark)) return;
  if (id === 'hypervisor-stats') {
    facts.hypervisorStats = mark(value as Record<string, unknown>);
    return;
  }
  // Management-plane outputs: a row (or the one object) of each goes to its list of facts.
  const into = INTO[id];
  if (into) {
    const list = facts[into] as object[];
    for (const v of Array.isArray(value) ? value : [value]) list.push(mark(v as object));
    return;
  }
  // Node commands: they belong to the host folder they were found in.
  if (!out.host) return;
  const h = host(out.host);
  switch (id) {
    case 'systemctl-status': {
      const u = mark(value as UnitStatus);
      // keys are paths in rules: `pf9-ostackhost`, `libvirtd`, `libvirtd-tls-socket` (no dots)
      h.units[u.unit.replace(/\.service$/, '').replace(/\./g, '-')] = u;
      return;
    }
    case 'virsh-capabilities':
      h.cpu = mark(value as CpuInfo);
      return;
    case 'lscpu':
      if (!h.cpu) h.cpu = mark(value as CpuInfo);
      return;
    case 'openssl-x509':
      h.certificates.push(mark(value as Certificate));
      return;
    case 'ss-listening':
      h.listening = mark(value as HostFacts['listening'] & object);
      return;
    case 'port-check':
      h.portChecks.push(mark(value as HostFacts['portChecks'][number]));
      return;
    case 'free':
      h.memory = mark(value as NonNullable<HostFacts['memory']>);
      return;
    case 'df':
      h.filesystems = mark(value as NonNullable<HostFacts['filesystems']>);
      return;
    case 'iscsi-sessions':
      h.iscsiSessions = mark(value as NonNullable<HostFacts['iscsiSessions']>);
      return;
    case 'multipath':
      h.multipath = mark(value as NonNullable<HostFacts['multipath']>);
      return;
  }
}

/** The osc-placement outputs; answers false for any other parser. */
function absorbPlacement(pl: PlacementFacts, id: string, value: unknown, mark: <T extends object>(v: T) => T): boolean {
  switch (id) {
    case 'resource-provider-list':
    case 'resource-provider-show':
      for (const p of (Array.isArray(value) ? value : [value]) as ResourceProvider[]) {
        const i = pl.providers.findIndex((x) => x.uuid === p.uuid);
        const known = pl.providers[i];
        if (!known) pl.providers.push(mark(p));
        // the output that lists the allocations stands for the provider (and is what evidence cites)
        else if (known.allocations === null && p.allocations !== null) {
          pl.providers[i] = mark({ ...p, name: p.name ?? known.name, rootUuid: p.rootUuid ?? known.rootUuid, parentUuid: p.parentUuid ?? known.parentUuid });
        }
      }
      return true;
    case 'resource-provider-inventory-list':
      pl.inventories.push(mark(value as ProviderInventory));
      return true;
    case 'resource-provider-usage-show':
      pl.usages.push(mark(value as ProviderUsage));
      return true;
    case 'allocation-candidate-list':
      pl.candidatesRead = true;
      for (const c of value as AllocationCandidate[]) pl.candidates.push(mark(c));
      return true;
    case 'resource-provider-allocation-show':
      for (const a of value as ConsumerAllocation[]) pl.consumerAllocations.push(mark(a));
      return true;
  }
  return false;
}

/** Every pairing of names the data states (hypervisor, migration record, server show). */
function joinHostNames(facts: Facts): void {
  const d = facts.directory;
  for (const h of facts.hypervisors) d.same(h.serviceHost, h.hostname, h.hostIp);
  for (const m of facts.migrations) {
    d.same(m.sourceCompute, m.sourceNode);
    d.same(m.destCompute, m.destNode);
  }
  for (const i of facts.instances.values()) d.same(i.host, i.hypervisorHostname);
  for (const s of facts.services) d.same(s.host.split('@')[0]);
  d.joinShortNames();
}
