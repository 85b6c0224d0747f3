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
  kind: MarkerKind | 'record';
  label: string;
  /** swimlane: component and host ('nova-compute @ pcd-cmp-01') */
  lane: string;
  file: string | null;
  line: number | null;
  text: string;
}

export type StageStatus = 'reached' | 'failed' | 'not-seen';

export interface StageState {
  stage: Stage;
  status: StageStatus;
  first: number | null;
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
  compute_live_migration: 'transfer',
  compute_resize_instance: 'transfer',
  compute_rebuild_instance: 'transfer',
  compute_post_live_migration_at_destination: 'post-migration',
  compute_finish_resize: 'post-migration',
  compute_confirm_resize: 'post-migration',
  compute_rollback_live_migration_at_destination: 'post-migration',
};

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
      const stage = ACTION_EVENT_STAGE[ev.event];
      if (!stage) continue;
      const failed = (ev.result ?? '').toLowerCase() === 'error';
      events.push({
        time: parseTime(ev.finishTime) ?? parseTime(ev.startTime),
        stage,
        kind: failed ? 'failed' : 'reached',
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

  const stages: StageState[] = STAGES.map((stage) => {
    const own = events.filter((e) => e.stage === stage && e.kind !== 'record');
    const failed = own.some((e) => e.kind === 'failed');
    const first = own.find((e) => e.time !== null)?.time ?? null;
    return { stage, status: failed ? 'failed' : own.length || events.some((e) => e.stage === stage) ? 'reached' : 'not-seen', first };
  });
  const { failedStage, why } = decideFailedStage(mig, stages, events);
  // A stage before a reached one was passed even when its lines were not in the bundle.
  const lastReached = Math.max(...stages.map((s, i) => (s.status !== 'not-seen' ? i : -1)));
  for (let i = 0; i < lastReached; i++) if (stages[i]!.status === 'not-seen' && mig.record) stages[i]!.status = 'reached';
  return { stages, events, failedStage, failedStageWhy: why, orderNote: clockNote(events) };
}

function lastLine(tb: string): string {
  const lines = tb.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

function decideFailedStage(
  mig: Migration,
  stages: StageState[],
  events: TimelineEvent[],
): { failedStage: Stage | 'unknown' | null; why: string | null } {
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
    const reached = stages.filter((s) => s.status === 'reached' && events.some((e) => e.stage === s.stage && e.kind !== 'record'));
    if (reached.length) {
      const last = reached[reached.length - 1]!;
      const next = STAGES[rank(last.stage) + 1];
      if (next) return { failedStage: next, why: `the last stage seen was ${last.stage}` };
    }
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
