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
    if (m.hostFolder) facts.directory.same(m.hostFolder, m.manifest.host ?? null);
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
  if (registry) eventsFromActions(facts, registry);
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
