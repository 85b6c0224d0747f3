/**
 * The migration's path through the system, in UTC: the stage markers of its request (and of its
 * instance, inside its window), the instance-action events, and the migration record's own times.
 * Each stage is reached, failed or not seen; the failed stage is where it broke.
 */
import type { Stage } from '../rules/schema';
import { STAGES } from '../rules/schema';
import { STAGE_MARKERS, type MarkerKind } from './stages';
import type { MatcherRegistry } from '../rules/matchers';
import type { Facts } from './build';
import type { Migration } from './migration';
import { refusedByApi } from './migration';
import { tieOf } from './relevance';
import { parseTime } from '../util/time';

export interface TimelineEvent {
  time: number | null;
  stage: Stage;
  /** rollback: the clean-up after a failure; it is drawn in the picture but reaches no stage */
  kind: MarkerKind | 'record' | 'rollback';
  label: string;
  /** swimlane: component and host ('nova-compute @ pcd-cmp-01') */
  lane: string;
  file: string | null;
  line: number | null;
  text: string;
}

/**
 * reached: a line shows the stage ran (or a later stage ran, so it was passed); failed: the one stage
 * where it broke; not-reached: after the failed stage (what is logged there is rollback or another
 * attempt); unknown: the bundle cannot tell (the failure was logged on a compute node whose logs are
 * missing); not-seen: no line, and nothing says whether it ran.
 */
export type StageStatus = 'reached' | 'failed' | 'not-reached' | 'unknown' | 'not-seen';

export interface StageState {
  stage: Stage;
  status: StageStatus;
  first: number | null;
  /** the line that set the state, when one did */
  event: TimelineEvent | null;
  /** how the state was decided, in words */
  why: string;
}

export interface Timeline {
  stages: StageState[];
  events: TimelineEvent[];
  failedStage: Stage | 'unknown' | null;
  /** why failedStage was chosen, in words */
  failedStageWhy: string | null;
  /** set when clocks of the hosts disagree enough that the order may be wrong */
  orderNote: string | null;
}

/** Which stage an instance-action event belongs to (nova/compute/manager.py, conductor/manager.py). */
const ACTION_EVENT_STAGE: Record<string, Stage> = {
  conductor_live_migrate_instance: 'scheduling',
  conductor_migrate_server: 'scheduling',
  cold_migrate: 'scheduling',
  rebuild_server: 'scheduling',
  compute_check_can_live_migrate_destination: 'pre-migration',
  compute_check_can_live_migrate_source: 'pre-migration',
  compute_pre_live_migration: 'pre-migration',
  compute_prep_resize: 'pre-migration',
  // queues _do_live_migration and returns Success at once, often before pre_live_migration ends: a
  // Success here after a pre-migration failure is not a transfer (nothing after the failure is)
  compute_live_migration: 'transfer',
  compute_resize_instance: 'transfer',
  compute_rebuild_instance: 'transfer',
  compute_post_live_migration_at_destination: 'post-migration',
  compute_finish_resize: 'post-migration',
  compute_confirm_resize: 'post-migration',
};

/** Instance-action events of the clean-up after a failure: they are not the next stage. */
const ROLLBACK_EVENTS = new Set([
  'compute_rollback_live_migration_at_destination',
  'compute_live_migration_abort',
  'compute_revert_resize',
  'compute_finish_revert_resize',
]);

const rank = (s: Stage) => STAGES.indexOf(s);

export function buildTimeline(facts: Facts, registry: MatcherRegistry, mig: Migration): Timeline {
  const events: TimelineEvent[] = [];
  for (const marker of STAGE_MARKERS) {
    const matcher = registry.get(marker.cond);
    if (!matcher) continue;
    for (const e of facts.events.byMatcher(matcher.id)) {
      if (e.logger === 'instance action') continue; // the action events are added below, once
      const tie = tieOf(facts, e, mig, 'instance');
      if (!tie || tie.how === 'earlier') continue;
      // The API access line names the server in its path; make sure it is this one.
      const g = e.hits.get(matcher.id);
      if (g?.server && g.server !== mig.instance) continue;
      if (g?.consumer && g.consumer !== mig.instance) continue;
      events.push({
        time: e.time,
        stage: marker.stage,
        kind: marker.kind,
        label: marker.label,
        lane: `${e.component}${e.host ? ` @ ${e.host}` : ''}`,
        file: e.file,
        line: e.line,
        text: e.text,
      });
    }
  }
  const detail = mig.actionDetail;
  if (detail) {
    for (const ev of detail.events) {
      const rollback = ROLLBACK_EVENTS.has(ev.event);
      const stage = rollback ? 'post-migration' : ACTION_EVENT_STAGE[ev.event];
      if (!stage) continue;
      const failed = (ev.result ?? '').toLowerCase() === 'error';
      events.push({
        time: parseTime(ev.finishTime) ?? parseTime(ev.startTime),
        stage,
        kind: rollback ? 'rollback' : failed ? 'failed' : 'reached',
        label: `${ev.event}: ${ev.result ?? '?'}`,
        lane: `instance action${ev.host ? ` @ ${ev.host}` : ''}`,
        file: null,
        line: null,
        text: `${ev.event} ${ev.result ?? ''}${ev.traceback ? ` — ${lastLine(ev.traceback)}` : ''}`,
      });
    }
  }
  if (mig.record) {
    const created = parseTime(mig.record.createdAt);
    if (created !== null) {
      events.push({ time: created, stage: 'api', kind: 'record', label: 'migration record created', lane: 'migration record', file: null, line: null, text: `migration ${mig.record.id ?? ''} created (${mig.record.rawType ?? 'unknown type'})` });
    }
  }
  events.sort((a, b) => (a.time ?? Infinity) - (b.time ?? Infinity));

  const { failedStage, why } = decideFailedStage(facts, mig, events);
  const stages = stageStates(mig, events, failedStage, why);
  return { stages, events, failedStage, failedStageWhy: why, orderNote: clockNote(events) };
}

function lastLine(tb: string): string {
  const lines = tb.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

/** The state of each stage, with the line that set it (see StageStatus). */
function stageStates(mig: Migration, events: TimelineEvent[], failedStage: Stage | 'unknown' | null, failedWhy: string | null): StageState[] {
  // the migration record exists once the API accepted the request: it counts for the api stage
  const real = events.filter((e) => e.kind === 'reached' || e.kind === 'failed' || e.kind === 'succeeded' || e.kind === 'record');
  const firstOf = (list: TimelineEvent[]) => list.find((e) => e.time !== null) ?? list[0] ?? null;
  const timeOf = (e: TimelineEvent | null) => e?.time ?? null;
  const lastSeen = Math.max(-1, ...real.map((e) => rank(e.stage)));
  const fi = failedStage && failedStage !== 'unknown' ? rank(failedStage) : -1;
  return STAGES.map((stage, i): StageState => {
    const own = real.filter((e) => e.stage === stage);
    const ok = own.filter((e) => e.kind !== 'failed');
    if (fi >= 0 && i === fi) {
      const ev = firstOf(own.filter((e) => e.kind === 'failed'));
      return { stage, status: 'failed', first: timeOf(ev), event: ev, why: ev ? `${ev.label} (${ev.lane})` : failedWhy ?? 'where the migration broke' };
    }
    if (fi >= 0 && i > fi) {
      return {
        stage,
        status: 'not-reached',
        first: null,
        event: null,
        why: own.length ? `after the failure in ${failedStage}: its ${own.length} line(s) here are the clean-up or another attempt` : `after the failure in ${failedStage}`,
      };
    }
    if (own.length) {
      // a failure line in a stage before the failed one is a consequence (the conductor's
      // "No valid host" after a destination pre-check failed), not a second failure
      const ev = firstOf(ok) ?? firstOf(own);
      const later = own.length - ok.length;
      return { stage, status: 'reached', first: timeOf(ev), event: ev, why: `${ev!.label} (${ev!.lane})${later ? `; ${later} failure line(s) here followed the failure in ${failedStage}` : ''}` };
    }
    // a migration record that names its destination was scheduled (the conductor writes the
    // destination once the scheduler chose it)
    if (stage === 'scheduling' && mig.record && mig.target && (fi < 0 || i < fi)) {
      return { stage, status: 'reached', first: null, event: null, why: `the migration record names the destination chosen (${mig.target})` };
    }
    if (i < fi || i < lastSeen) {
      return { stage, status: 'reached', first: null, event: null, why: 'no line of its own; a later stage ran' };
    }
    if (failedStage === 'unknown' && mig.status === 'failed') return { stage, status: 'unknown', first: null, event: null, why: failedWhy ?? 'the bundle cannot tell' };
    return { stage, status: 'not-seen', first: null, event: null, why: 'no line in the bundle' };
  });
}

/** Whether the bundle holds compute-node logs (nova-compute, libvirtd, qemu) of the given hosts. */
function hasComputeLogs(facts: Facts, hosts: (string | null)[]): boolean {
  return facts.logs.some(
    (l) => ['nova-compute', 'libvirtd', 'qemu'].includes(l.component) && hosts.some((h) => h && l.host && facts.directory.isSame(l.host, h)),
  );
}

function decideFailedStage(facts: Facts, mig: Migration, events: TimelineEvent[]): { failedStage: Stage | 'unknown' | null; why: string | null } {
  if (mig.status === 'succeeded') return { failedStage: null, why: null };
  if (mig.status === 'in-progress') return { failedStage: null, why: null };
  // The first failure in time that a component logged is where it broke: a destination pre-check
  // that fails before the conductor gives up with "No valid host" broke in pre-migration. Without
  // times, the earliest stage wins.
  const logged = events.filter((e) => e.kind === 'failed' && e.file !== null);
  if (logged.length) {
    const first = logged.reduce((a, b) => {
      if (a.time !== null && b.time !== null && a.time !== b.time) return b.time < a.time ? b : a;
      return rank(b.stage) < rank(a.stage) ? b : a;
    });
    return { failedStage: first.stage, why: `${first.label}: ${first.lane}${first.time ? ` at ${new Date(first.time).toISOString()}` : ''}` };
  }
  // Instance-action events have whole-second times and nest (the conductor's event wraps the
  // destination's check): the most specific failed event, the latest stage, says where.
  const actions = events.filter((e) => e.kind === 'failed');
  if (actions.length) {
    const inner = actions.reduce((a, b) => (rank(b.stage) > rank(a.stage) ? b : a));
    return { failedStage: inner.stage, why: `${inner.label}: ${inner.lane}` };
  }
  // a pasted refusal broke at the API; a pasted fault or --wait failure does not say where
  if (mig.synthesizedFrom) {
    return !mig.refusal || refusedByApi(mig.refusal) ? { failedStage: 'api', why: mig.synthesizedFrom } : { failedStage: 'unknown', why: mig.synthesizedFrom };
  }
  if (mig.status === 'failed') {
    if (mig.record && !mig.target) return { failedStage: 'scheduling', why: 'no destination was chosen (Dest Compute is empty)' };
    const raw = (mig.rawStatus ?? '').toLowerCase();
    if (raw === 'cancelled' || raw === 'canceled') return { failedStage: 'transfer', why: 'the migration was cancelled while it ran' };
    const reached = events.filter((e) => e.kind === 'reached' || e.kind === 'succeeded');
    const last = reached.length ? reached.reduce((a, b) => (rank(b.stage) > rank(a.stage) ? b : a)).stage : null;
    const next = last ? STAGES[rank(last) + 1] : undefined;
    // Past scheduling the work runs on the compute nodes: where their logs are missing, the absence
    // of a stage's lines says nothing, and only those logs can place the failure.
    const computes = [mig.source, mig.target].filter((h): h is string => !!h);
    if ((!next || rank(next) >= rank('pre-migration')) && computes.length && !hasComputeLogs(facts, computes)) {
      return { failedStage: 'unknown', why: `needs the compute logs: the failure was logged on ${computes.join(' or ')}, whose nova-compute and libvirt logs are not in the bundle` };
    }
    if (next) return { failedStage: next, why: `the last stage seen was ${last}` };
    return { failedStage: 'unknown', why: 'the bundle holds no line that places the failure' };
  }
  return { failedStage: mig.status === 'unknown' ? 'unknown' : null, why: null };
}

/** Hosts' clocks disagree when a later stage appears before an earlier one by minutes. */
function clockNote(events: TimelineEvent[]): string | null {
  const timed = events.filter((e) => e.time !== null && e.kind !== 'record');
  for (const a of timed) {
    for (const b of timed) {
      if (rank(b.stage) > rank(a.stage) + 0 && b.time! < a.time! - 2 * 60_000 && a.lane !== b.lane) {
        return `${b.lane} logs "${b.label}" ${Math.round((a.time! - b.time!) / 60_000)} min before ${a.lane} logs "${a.label}": the hosts' clocks may differ, so the order shown may be wrong`;
      }
    }
  }
  return null;
}
