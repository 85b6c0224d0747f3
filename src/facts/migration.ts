/**
 * Which migrations the bundle shows, what kind, between which hosts, how they ended, and which
 * request id carried each — from the migration records, the instance actions, and where those are
 * missing, from the logs (an API call refused before any record was written is a migration attempt
 * too). Time windows come from the migration's own record, never from the analyzer's clock.
 */
import type { MigrationType } from './model';
import type { ActionDetail, InstanceAction, MigrationRecord } from './model';
import type { Facts } from './build';
import type { LogEvent } from './events';
import { parseTime } from '../util/time';
import type { ApiRefusal } from '../parsers/commands/cli-refusal';
import { isBlockMigration, signalOf, targetOf, type SignalDef } from './signals';

/** The instance of an attempt known only from a paste that names none (never a substring of a log line). */
export const UNNAMED_INSTANCE = '(instance not named in the input)';

export type Status = 'failed' | 'succeeded' | 'in-progress' | 'unknown';

export interface Migration {
  /** stable key within one analysis */
  key: string;
  instance: string;
  record: MigrationRecord | null;
  type: MigrationType;
  source: string | null;
  target: string | null;
  status: Status;
  rawStatus: string | null;
  requestId: string | null;
  /** how the request id was found: 'event list', 'api log', 'scheduler log' … */
  requestIdFrom: string | null;
  action: InstanceAction | null;
  actionDetail: ActionDetail | null;
  /** the time window the migration ran in (ms), with the source of its ends */
  start: number | null;
  end: number | null;
  /** why this migration was synthesised without a record (API refusal), else null */
  synthesizedFrom: string | null;
  /** the API's refusal, when the attempt is known from a pasted client error */
  refusal: ApiRefusal | null;
  /** the only migration the input holds: lines that name no instance are about it (a weaker tie) */
  sole?: boolean;
  /**
   * proposed by log lines alone (no record, no refusal): hosts may be unknown, and lines that name
   * no host may still count for the source or target with a weaker tie
   */
  fromLogs?: boolean;
}

const SUCCEEDED = new Set(['completed', 'confirmed', 'finished', 'done']);
const FAILED = new Set(['failed', 'error', 'cancelled', 'canceled']);
const IN_PROGRESS = new Set([
  'accepted',
  'queued',
  'preparing',
  'running',
  'running (post-copy)',
  'pre-migrating',
  'migrating',
  'post-migrating',
  'confirming',
  'reverting',
]);

export function mapStatus(raw: string | null): Status {
  if (!raw) return 'unknown';
  const s = raw.toLowerCase();
  if (SUCCEEDED.has(s)) return 'succeeded';
  if (FAILED.has(s)) return 'failed';
  if (IN_PROGRESS.has(s)) return 'in-progress';
  if (s === 'reverted') return 'failed';
  return 'unknown';
}

export function mapType(raw: string | null): MigrationType {
  switch ((raw ?? '').toLowerCase()) {
    case 'live-migration':
      return 'live-migration';
    case 'migration':
      return 'cold-migration';
    case 'resize':
      return 'resize';
    case 'evacuation':
      return 'evacuation';
    default:
      return 'unknown';
  }
}

const ACTION_OF_TYPE: Record<MigrationType, string[]> = {
  'live-migration': ['live-migration', 'live_migration'],
  'block-live-migration': ['live-migration', 'live_migration'],
  'cold-migration': ['migrate'],
  resize: ['resize'],
  evacuation: ['evacuate'],
  unknown: ['live-migration', 'migrate', 'resize', 'evacuate'],
};

const norm = (v: string | null | undefined) => (v && v !== 'None' ? v : null);

/** Events of the scan that name the instance (request id aside). */
function mentions(e: LogEvent, instance: string): boolean {
  return e.instance === instance || e.text.includes(instance);
}

/**
 * `causeMatchers`: ids of the matchers of the cause rules. When no line says a migration ran, the
 * error lines those rules know stand for a failed migration (an error pasted alone in a ticket).
 */
export function findMigrations(facts: Facts, causeMatchers?: ReadonlySet<number>): Migration[] {
  const out: Migration[] = [];
  const records = [...facts.migrations].filter((m) => m.instance);
  // newest first
  records.sort((a, b) => (parseTime(b.createdAt) ?? 0) - (parseTime(a.createdAt) ?? 0));
  for (const rec of records) {
    const type = mapType(rec.rawType);
    const start = parseTime(rec.createdAt);
    const action = linkAction(facts, rec.instance!, type, start);
    const detail = action ? (facts.actionDetails.find((d) => d.requestId === action.requestId) ?? null) : null;
    const mig: Migration = {
      key: `${rec.instance}#${rec.id ?? rec.uuid ?? out.length}`,
      instance: rec.instance!,
      record: rec,
      type,
      source: norm(rec.sourceCompute) ?? norm(rec.sourceNode),
      target: norm(rec.destCompute) ?? norm(rec.destNode),
      status: mapStatus(rec.status),
      rawStatus: rec.status,
      requestId: action?.requestId ?? null,
      requestIdFrom: action ? 'server event list' : null,
      action,
      actionDetail: detail,
      start,
      end: parseTime(rec.updatedAt),
      synthesizedFrom: null,
      refusal: null,
    };
    if (!mig.requestId) linkRequestFromLogs(facts, mig);
    if (!mig.target) mig.target = requestedTarget(facts, mig) ?? hostFromActionEvents(mig, DEST_EVENTS);
    if (!mig.source) mig.source = hostFromActionEvents(mig, SOURCE_EVENTS);
    refineType(facts, mig);
    refineStatus(facts, mig);
    out.push(mig);
  }
  synthesizeFromActions(facts, out);
  synthesizeFromLogs(facts, out);
  if (!out.length && causeMatchers) synthesizeFromErrors(facts, out, causeMatchers);
  if (out.length === 1) out[0]!.sole = true;
  return out;
}

const ERROR_LEVELS = new Set(['ERROR', 'CRITICAL', 'error', 'ERR', 'CRIT', 'FATAL', 'TRACE']);

/**
 * No line says a migration started, failed or ended, yet the input holds error lines that a cause
 * rule knows (`guest CPU doesn't match specification`, an ssh `Host key verification failed` of a
 * disk copy): a support engineer was handed them about a failed migration. They propose one failed
 * migration, of the kind their text names, else of a kind not known (then every rule may check it).
 */
/** What a set of kept lines says of their migration, whatever proposed it: its request, time span, target. */
function linesSay(evs: readonly LogEvent[]): { requestId: string | null; start: number | null; end: number | null; texts: string[]; target: string | null } {
  const reqs = new Map<string, number>();
  for (const e of evs) if (e.requestId) reqs.set(e.requestId, (reqs.get(e.requestId) ?? 0) + 1);
  // the request most of the lines carry
  const requestId = [...reqs].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const times = evs.map((e) => e.time).filter((t): t is number => t !== null);
  const texts = evs.map((e) => [e.text, ...e.continuation].join('\n'));
  let target: string | null = null;
  for (const t of texts) if ((target = targetOf(t))) break;
  return { requestId, start: times.length ? Math.min(...times) : null, end: times.length ? Math.max(...times) : null, texts, target };
}

function synthesizeFromErrors(facts: Facts, out: Migration[], causeMatchers: ReadonlySet<number>): void {
  const evs = facts.events.events.filter((e) => (e.level === null || ERROR_LEVELS.has(e.level)) && [...e.hits.keys()].some((id) => causeMatchers.has(id)));
  if (!evs.length) return;
  const instances = new Set(evs.map((e) => instanceOfEvent(facts, e)).filter((i): i is string => i !== null));
  const instance = instances.size === 1 ? [...instances][0]! : facts.instances.size === 1 ? [...facts.instances.keys()][0]! : UNKNOWN_INSTANCE;
  const { requestId, start, end, texts, target } = linesSay(evs);
  let type: MigrationType = 'unknown';
  if (texts.some(isBlockMigration)) type = 'block-live-migration';
  else if (texts.some((t) => /live[ _-]?migrat|qemu\+(tls|tcp|ssh):\/\/|pre_live_migration|migrateToURI|virDomainMigrate/i.test(t))) type = 'live-migration';
  else if (texts.some((t) => /[Rr]esize error|migrate_disk_and_power_off|\/var\/lib\/nova\/instances\/[0-9a-f-]{36}_resize/.test(t))) type = 'cold-migration';
  out.push({
    key: `${instance}#errors`,
    instance,
    record: null,
    type,
    source: facts.instances.get(instance)?.host ?? null,
    target,
    status: 'failed',
    rawStatus: null,
    requestId,
    requestIdFrom: requestId ? 'the error lines' : null,
    action: null,
    actionDetail: null,
    start,
    end,
    synthesizedFrom: 'found from error lines that the rules know; no line says which migration, and the bundle holds no migration record',
    refusal: null,
    fromLogs: true,
  });
}

const UUID_IN_TEXT =
  /(?:\[instance: |[Ii]nstance:? |[Ss]erver:? |\/servers\/|[Uu]nable to migrate |[Mm]igrating instance )([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/;

/** The instance a log event is about: its `[instance: …]`, the text, or its request's instance. */
function instanceOfEvent(facts: Facts, e: LogEvent): string | null {
  if (e.instance) return e.instance;
  const m = UUID_IN_TEXT.exec(e.text);
  if (m) return m[1]!;
  if (e.requestId) return facts.requestInstance.get(e.requestId) ?? null;
  return null;
}

interface Candidate {
  instance: string | null;
  events: { e: LogEvent; sig: SignalDef }[];
}

/** Instance placeholder of a migration proposed by lines that name no instance (the same as a pasted error's). */
export const UNKNOWN_INSTANCE = UNNAMED_INSTANCE;

/** The instance as a command argument: the uuid, or a placeholder to fill in when no line named it. */
export function instanceArg(mig: { instance: string }): string {
  return mig.instance === UNNAMED_INSTANCE ? '<instance uuid>' : mig.instance;
}

/**
 * Evidence first: without a record, the lines that say a migration started, failed or succeeded
 * propose it (signals.ts). They are grouped by instance (or request); a group whose instance or
 * request already has a migration only enriches it (its missing hosts). Lines naming no instance
 * join the only group there is, or form one of their own.
 */
function synthesizeFromLogs(facts: Facts, out: Migration[]): void {
  // a request's instance, from any kept line of it that names one (the pre-check error on the
  // destination carries the request id, the CPU comparison line before it the instance)
  for (const e of facts.events.events) {
    if (e.requestId && e.instance && !facts.requestInstance.has(e.requestId)) facts.requestInstance.set(e.requestId, e.instance);
  }
  const groups = new Map<string, Candidate>();
  const loose: { e: LogEvent; sig: SignalDef }[] = [];
  for (const e of facts.events.events) {
    const sig = signalOf(e.text);
    if (!sig) continue;
    const inst = instanceOfEvent(facts, e);
    if (!inst) {
      loose.push({ e, sig });
      continue;
    }
    const g = groups.get(inst) ?? { instance: inst, events: [] };
    g.events.push({ e, sig });
    groups.set(inst, g);
  }
  for (const l of loose) {
    const byReq = l.e.requestId ? [...groups.values()].find((g) => g.events.some((x) => x.e.requestId === l.e.requestId)) : undefined;
    const only = groups.size === 1 ? [...groups.values()][0] : undefined;
    const g = byReq ?? only;
    if (g) g.events.push(l);
    else {
      const u = groups.get('') ?? { instance: null, events: [] };
      u.events.push(l);
      groups.set('', u);
    }
  }
  for (const g of groups.values()) {
    const said = linesSay(g.events.map((x) => x.e));
    const { requestId, start, end, texts } = said;
    let target = said.target;
    const failed = g.events.filter((x) => x.sig.kind === 'failed');
    const ok = g.events.filter((x) => x.sig.kind === 'succeeded');
    const status: Status = failed.length ? 'failed' : ok.length ? 'succeeded' : 'in-progress';
    if (!target) {
      // other kept lines of the same request or instance may name it (`… activate binding for port … and host X.`)
      for (const e of facts.events.events) {
        if (!((requestId !== null && e.requestId === requestId) || (g.instance !== null && e.instance === g.instance))) continue;
        if ((target = targetOf(e.text))) break;
      }
    }
    const sourceSide = g.events.find((x) => x.sig.side === 'source' && x.e.host);
    let source = sourceSide?.e.host ?? null;
    if (!target) target = g.events.find((x) => x.sig.side === 'target' && x.e.host)?.e.host ?? null;
    if (source && target && facts.directory.isSame(source, target)) source = null;
    // the type: the most specific the lines give (block beats live; a typed signal beats 'unknown')
    const typed = g.events.map((x) => x.sig.type).filter((t) => t !== 'unknown');
    let type: MigrationType = typed.find((t) => t === 'block-live-migration') ?? typed[0] ?? 'unknown';
    if (type === 'unknown' && texts.some((t) => /live[ _-]migrat/i.test(t))) type = 'live-migration';
    if (type === 'live-migration' && texts.some(isBlockMigration)) type = 'block-live-migration';

    // lines that name no instance belong to the input's only instance, when it has one
    const instanceOf = g.instance ?? (facts.instances.size === 1 ? [...facts.instances.keys()][0]! : null);
    // an instance or request that already has its migration: fill in what it lacks
    const known = out.find(
      (m) =>
        (requestId !== null && m.requestId === requestId) ||
        (instanceOf !== null && m.instance === instanceOf && (m.start === null || start === null || Math.abs(m.start - start) < 6 * 3600_000)) ||
        (g.instance === null && out.length === 1),
    );
    // progress lines that name no instance (QEMU's `initiating migration`) make no migration of
    // their own beside the ones the input already shows
    if (!known && g.instance === null && status === 'in-progress' && out.length) continue;
    if (known) {
      known.source ??= source;
      known.target ??= target;
      // an attempt known only from a pasted message: the log lines tell its kind better than the
      // message's wording, and its hosts may be as unknown as theirs
      if (!known.record && known.refusal && known.refusal.origin !== 'cli' && type !== 'unknown') known.type = type;
      if (!known.record && (known.source === null || known.target === null)) known.fromLogs = true;
      if (known.type === 'unknown') known.type = type;
      if (known.type === 'live-migration' && type === 'block-live-migration') known.type = type;
      if (known.status === 'unknown' && status !== 'in-progress') known.status = status;
      continue;
    }
    const instance = instanceOf ?? UNKNOWN_INSTANCE;
    const what = failed.length ? 'failure' : ok.length ? 'completion' : 'progress';
    out.push({
      key: `${instance}#logs-${requestId ?? out.length}`,
      instance,
      record: null,
      type,
      source: source ?? facts.instances.get(instance)?.host ?? null,
      target,
      status,
      rawStatus: null,
      requestId,
      requestIdFrom: requestId ? `the ${what} lines` : null,
      action: requestId ? (facts.actions.find((a) => a.requestId === requestId) ?? null) : null,
      actionDetail: requestId ? (facts.actionDetails.find((d) => d.requestId === requestId) ?? null) : null,
      start,
      end,
      synthesizedFrom: `found from the ${what} lines of the logs; the bundle holds no migration record for it`,
      refusal: null,
      fromLogs: true,
    });
  }
}

/** The instance action of the right kind that started closest to the record's creation. */
function linkAction(facts: Facts, instance: string, type: MigrationType, start: number | null): InstanceAction | null {
  const names = ACTION_OF_TYPE[type];
  const candidates = facts.actions.filter(
    (a) => (a.instance === null || a.instance === instance) && names.includes(a.action),
  );
  // Actions listed under a detail only (event show without event list)
  for (const d of facts.actionDetails) {
    if ((d.instance === null || d.instance === instance) && names.includes(d.action) && !candidates.some((c) => c.requestId === d.requestId)) {
      candidates.push(d);
    }
  }
  if (!candidates.length) return null;
  if (start === null) return candidates.length === 1 ? candidates[0]! : null;
  let best: InstanceAction | null = null;
  let bestGap = Infinity;
  for (const a of candidates) {
    const t = parseTime(a.startTime);
    if (t === null) continue;
    const gap = Math.abs(t - start);
    if (gap < bestGap) [best, bestGap] = [a, gap];
  }
  // nova writes the action and the record within the same request: seconds apart
  return bestGap <= 10 * 60_000 ? best : null;
}

/** Without an event list: the API access line of the instance's action, closest to the record. */
function linkRequestFromLogs(facts: Facts, mig: Migration): void {
  let best: LogEvent | null = null;
  let bestGap = Infinity;
  for (const e of facts.events.events) {
    if (!e.requestId || e.component !== 'nova-api') continue;
    if (!e.text.includes(`/servers/${mig.instance}/action`)) continue;
    const gap = mig.start !== null && e.time !== null ? Math.abs(e.time - mig.start) : 5 * 60_000;
    if (gap < bestGap) [best, bestGap] = [e, gap];
  }
  if (best && bestGap <= 10 * 60_000) {
    mig.requestId = best.requestId;
    mig.requestIdFrom = 'nova-api access log';
    return;
  }
  // Else the conductor/scheduler line that names the instance, closest in time.
  for (const e of facts.events.events) {
    if (!e.requestId || !(e.component === 'nova-conductor' || e.component === 'nova-scheduler')) continue;
    if (!mentions(e, mig.instance)) continue;
    const gap = mig.start !== null && e.time !== null ? Math.abs(e.time - mig.start) : 5 * 60_000;
    if (gap < bestGap) [best, bestGap] = [e, gap];
  }
  if (best && bestGap <= 10 * 60_000) {
    mig.requestId = best.requestId;
    mig.requestIdFrom = `${best.component} log`;
    return;
  }
  // Last: the request id most lines naming the instance carry around the record's creation.
  if (mig.start === null) return;
  const votes = new Map<string, number>();
  for (const e of facts.events.events) {
    if (!e.requestId || !mentions(e, mig.instance) || e.time === null) continue;
    if (e.time < mig.start - 60_000 || e.time > (mig.end ?? mig.start) + 10 * 60_000) continue;
    votes.set(e.requestId, (votes.get(e.requestId) ?? 0) + 1);
  }
  const top = [...votes].sort((a, b) => b[1] - a[1])[0];
  if (top) {
    mig.requestId = top[0];
    mig.requestIdFrom = 'the lines naming the instance during the migration';
  }
}

/** Instance-action events that run on the destination / on the source (nova/compute/manager.py). */
const DEST_EVENTS = [
  'compute_check_can_live_migrate_destination',
  'compute_pre_live_migration',
  'compute_post_live_migration_at_destination',
  'compute_rollback_live_migration_at_destination',
  'compute_prep_resize',
  'compute_finish_resize',
  'compute_rebuild_instance',
];
const SOURCE_EVENTS = ['compute_check_can_live_migrate_source', 'compute_live_migration', 'compute_resize_instance'];

/** The host an instance-action event ran on names the destination when the record does not. */
function hostFromActionEvents(mig: Migration, names: string[]): string | null {
  for (const name of names) {
    const ev = mig.actionDetail?.events.find((e) => e.event === name && e.host);
    if (ev) return ev.host;
  }
  return null;
}

/**
 * A destination the user asked for shows in nova-api's DEBUG line `Going to try to live migrate
 * instance to <host>` even when the scheduler rejected it and the record has no Dest Compute.
 */
function requestedTarget(facts: Facts, mig: Migration): string | null {
  if (!mig.requestId) return null;
  for (const e of facts.events.events) {
    if (e.requestId !== mig.requestId) continue;
    const m = /Going to try to live migrate instance to (\S+)/.exec(e.text);
    if (m && m[1] !== 'another') return m[1]!;
  }
  return null;
}

/** Block live migration shows in the migrate data the source logs (block_migration=True). */
function refineType(facts: Facts, mig: Migration): void {
  if (mig.type !== 'live-migration') return;
  for (const e of facts.events.events) {
    if (e.requestId !== mig.requestId && !(mig.requestId === null && mentions(e, mig.instance))) continue;
    // the migrate data says so, or nova refused block migration on shared storage (it was asked for)
    if (/block_migration=True|'block_migration': True|"block_migration": true|Block migration can not be used with shared storage|is not on local storage/.test(e.text)) {
      mig.type = 'block-live-migration';
      return;
    }
  }
}

/** A record left 'running' while the instance is in ERROR is a failure, not progress. */
function refineStatus(facts: Facts, mig: Migration): void {
  const inst = facts.instances.get(mig.instance);
  if (mig.status === 'in-progress' && inst && (inst.status === 'ERROR' || inst.vmState === 'error')) {
    mig.status = 'failed';
  }
  // A record nova left `queued` or `preparing` (its start-up reset only handles `running`) whose
  // compute event failed did fail: the action says so.
  if (mig.status === 'in-progress' && mig.actionDetail?.events.some((e) => (e.result ?? '').toLowerCase() === 'error' && e.event.startsWith('compute_'))) {
    mig.status = 'failed';
  }
  if (mig.end === null && mig.requestId) {
    const seen = facts.events.requests.get(mig.requestId);
    if (seen?.last) mig.end = seen.last;
  }
}

/**
 * An action the API refused (HTTP 4xx) leaves no migration record: evacuation refused because the
 * source is up, live migration refused because of the instance state or a lock. Such attempts come
 * from nova-api's own lines of one request: the refusal (`HTTP exception thrown: …`), the access
 * line (which instance), and the DEBUG body line (which move).
 */
function synthesizeFromActions(facts: Facts, out: Migration[]): void {
  const known = new Set(out.map((m) => m.requestId).filter(Boolean));
  const byReq = new Map<string, LogEvent[]>();
  for (const e of facts.events.events) {
    if (e.component !== 'nova-api' || !e.requestId || known.has(e.requestId)) continue;
    const list = byReq.get(e.requestId) ?? [];
    list.push(e);
    byReq.set(e.requestId, list);
  }
  for (const [req, evs] of byReq) {
    const refusals = evs.filter((e) => isRefusal(e.text));
    if (!refusals.length) continue;
    const body = evs.map((e) => /body: \{"([A-Za-z_-]+)"/.exec(e.text)?.[1]).find(Boolean);
    const typeFrom = (body ? BODY_ACTION[body] : undefined) ?? refusals.map((e) => refusalAction(e.text)).find((t) => t !== null) ?? null;
    if (!typeFrom) continue; // a refused reboot or rename is no migration
    const instance =
      evs.map((e) => /\/servers\/([0-9a-f-]{36})\/action/.exec(e.text)?.[1] ?? e.instance ?? /instance ([0-9a-f-]{36})/.exec(e.text)?.[1]).find(Boolean) ??
      facts.requestInstance.get(req) ??
      (facts.instances.size === 1 ? [...facts.instances.keys()][0]! : null);
    if (!instance) continue;
    const inst = facts.instances.get(instance);
    const time = evs.map((e) => e.time).find((t) => t !== null) ?? null;
    const namedHost = refusals.map((e) => /Compute service of (\S+) is (?:still in use|unavailable)|state on (\S+) expected to be down/.exec(e.text)).find(Boolean);
    out.push({
      key: `${instance}#${req}`,
      instance,
      record: null,
      type: typeFrom,
      source: (namedHost?.[1] ?? namedHost?.[2])?.replace(/\.$/, '') ?? inst?.host ?? null,
      target: null,
      status: 'failed',
      rawStatus: null,
      requestId: req,
      requestIdFrom: 'nova-api log',
      action: facts.actions.find((a) => a.requestId === req) ?? null,
      actionDetail: facts.actionDetails.find((d) => d.requestId === req) ?? null,
      start: time,
      end: time,
      synthesizedFrom: 'the API refused the request, so nova wrote no migration record',
      refusal: null,
    });
  }
  // A refusal pasted from a terminal, when no log line already stands for it
  for (const r of facts.apiRefusals) {
    // a Horizon banner or fault panel often names no instance: with no other instance in the
    // input it is still a failed attempt, of an instance the paste does not name
    const instance = r.instance ?? (facts.instances.size === 1 ? [...facts.instances.keys()][0]! : facts.instances.size === 0 ? UNNAMED_INSTANCE : null);
    if (!instance) continue;
    const same = out.find((m) => m.synthesizedFrom && m.instance === instance && (m.type === r.action || r.action === 'unknown'));
    if (same) {
      same.refusal = r;
      continue;
    }
    const inst = facts.instances.get(instance);
    out.push({
      key: `${instance}#refusal-${out.length}`,
      instance,
      record: null,
      type: r.action,
      source: inst?.host ?? null,
      target: r.host,
      status: 'failed',
      rawStatus: null,
      requestId: r.requestId,
      requestIdFrom: r.requestId ? 'the client error' : null,
      action: null,
      actionDetail: null,
      start: null,
      end: null,
      synthesizedFrom: pastedAttemptNote(r),
      refusal: r,
    });
  }
}

/**
 * Why a pasted error stands for the attempt. Only an HTTP 4xx answer means the API refused it (and
 * wrote no record); a fault, a Horizon banner or the client's `--wait` giving up come from a move
 * nova accepted, whose record is simply not in the bundle.
 */
export function refusedByApi(r: ApiRefusal): boolean {
  // a command pasted with its client error and no code is a refusal as the client reports it
  if (r.origin === 'cli') return r.code === null || r.code < 500;
  return r.code !== null && r.code >= 400 && r.code < 500 && r.origin !== 'fault';
}

function pastedAttemptNote(r: ApiRefusal): string {
  if (refusedByApi(r)) return `the API refused the request (${r.exception ?? 'HTTP'} ${r.code}), so nova wrote no migration record`;
  const what = { cli: 'the pasted client error', client: 'the pasted client error', 'client-wait': "the openstack client's --wait failure", horizon: 'the Horizon error', fault: "the instance's fault", http: 'the HTTP trace', 'api-message': "nova's pasted message" }[r.origin];
  return `${what} is the only trace of this attempt in the bundle (no migration record)`;
}

const BODY_ACTION: Record<string, MigrationType> = {
  'os-migrateLive': 'live-migration',
  migrate: 'cold-migration',
  resize: 'resize',
  evacuate: 'evacuation',
};

/** A nova-api line that says the API refused the request. */
function isRefusal(text: string): boolean {
  return /HTTP exception thrown:|expected to be down, but it was up|" status: 4\d\d /.test(text) && !/" status: 404 /.test(text);
}

/** What kind of move an API refusal was about, from nova's own wording. */
export function refusalAction(text: string): MigrationType | null {
  if (/Cannot 'os-migrateLive'|live-migrat/i.test(text) && /HTTP exception thrown|Cannot '/.test(text)) return 'live-migration';
  if (/Cannot 'migrate'/.test(text)) return 'cold-migration';
  if (/Cannot 'resize'/.test(text)) return 'resize';
  if (/Cannot 'evacuate'|is still in use|expected to be down, but it was up/.test(text)) return 'evacuation';
  return null;
}
