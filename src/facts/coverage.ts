/**
 * Whether the logs in the bundle reach the migration's time. A log that collect.sh cut to a window
 * which missed the migration (host mode run days later with the default window, a wrong --since) is
 * in the bundle but says nothing about the migration: the checks that read it are "not checked",
 * never "ruled out", and the report asks for the exact `collect.sh host` run that would cover it.
 *
 * A log file covers the migration when it has lines and its dated lines overlap the migration's
 * window (relevance.ts). A log that simply ends before the migration is not a gap by itself (a
 * nova-compute that died stops logging, and that silence is evidence); it is one when the
 * collection window of its host ended before the migration.
 */
import type { LogFileSummary } from '../pipeline/scan';
import type { LoadedManifest, ManifestFile } from '../recognize/manifest';
import { formatDuration, parseTime } from '../util/time';
import type { Facts } from './build';
import type { Migration } from './migration';
import { DEFAULT_SPAN_MS, windowOf } from './relevance';

/** Why a log file says nothing of the migration's time. */
export type GapKind = 'empty' | 'cut-to-nothing' | 'starts-after' | 'ends-before';

/** A host of the migration none of whose logs in the bundle reach the migration's time. */
export interface LogGap {
  /** the host as the migration names it */
  host: string;
  role: 'source' | 'target';
  /** one sentence: what the logs cover, against the migration's time */
  message: string;
  /** the collect.sh run that gathers the logs of the migration's time on that host */
  command: string;
  files: string[];
}

export interface LogCoverage {
  /** false when the file holds no line of the migration's time for a reason of collection */
  covers(l: LogFileSummary): boolean;
  /** why a file does not cover, or null when it does */
  kindOf(l: LogFileSummary): GapKind | null;
  /** the collect command for a host of the migration (null: the management plane) */
  commandFor(host: string | null): string;
  /** collect.sh's `--since … --until …` for the migration's time, an hour either side */
  windowArgs: string;
  /** what the collection window of a host's bundle was, in words, or null when unknown */
  windowOf(host: string | null): string | null;
  gaps: LogGap[];
}

const HOUR = 3600_000;

/** ISO time to the second, the way collect.sh takes it. */
function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
function shown(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The manifest that describes a log file: the one whose file list names it, else its host's. */
function manifestEntry(facts: Facts, l: LogFileSummary): { m: LoadedManifest; f: ManifestFile | null } | null {
  let byHost: LoadedManifest | null = null;
  for (const m of facts.manifests) {
    for (const f of m.manifest.files ?? []) {
      if (l.file === f.path || l.file.endsWith(`/${f.path}`) || l.file.endsWith(`!${f.path}`)) return { m, f };
    }
    if (l.host && m.hostFolder && facts.directory.isSame(m.hostFolder, l.host)) byHost = m;
    if (!l.host && !m.hostFolder && m.manifest.mode !== 'host') byHost ??= m;
  }
  return byHost ? { m: byHost, f: null } : null;
}

/**
 * The time window collect.sh is asked for, for a migration: its own window, an hour either side
 * (clocks differ; the lead-up matters). Null ends when the migration has no time.
 */
export function collectWindow(mig: Migration): { since: string | null; until: string | null } {
  const start = mig.start;
  const end = mig.end !== null && start !== null && mig.end >= start ? mig.end : start !== null ? start + DEFAULT_SPAN_MS : null;
  return { since: start !== null ? iso(start - HOUR) : null, until: end !== null ? iso(end + HOUR) : null };
}

export function logCoverage(facts: Facts, mig: Migration): LogCoverage {
  const w = windowOf(mig);
  const memo = new Map<LogFileSummary, GapKind | null>();

  const collectedUntil = (l: LogFileSummary): number | null => parseTime(manifestEntry(facts, l)?.m.manifest.window?.until ?? null);

  const kindOf = (l: LogFileSummary): GapKind | null => {
    if (memo.has(l)) return memo.get(l)!;
    let k: GapKind | null = null;
    if (l.lines === 0) {
      const cut = manifestEntry(facts, l)?.f?.cutToWindow;
      k = typeof cut === 'object' && cut && (cut.linesBefore ?? 0) > 0 ? 'cut-to-nothing' : 'empty';
    } else if (w.start !== null && w.end !== null) {
      if (l.first !== null && l.first > w.end) k = 'starts-after';
      else if (l.last !== null && l.last < w.start) {
        const until = collectedUntil(l);
        if (until !== null && until < w.start) k = 'ends-before';
      }
    }
    memo.set(l, k);
    return k;
  };

  const peerOf = (host: string | null): string | null => {
    if (!host) return null;
    if (mig.source && facts.directory.isSame(host, mig.source)) return mig.target;
    if (mig.target && facts.directory.isSame(host, mig.target)) return mig.source;
    return null;
  };

  const cw = collectWindow(mig);
  const windowArgs = `--since ${cw.since ?? '<an hour before the migration>'} --until ${cw.until ?? '<an hour after it>'}`;
  const commandFor = (host: string | null): string => {
    if (host === null) return `collect.sh mgmt --vm ${mig.instance} ${windowArgs}`;
    const peer = peerOf(host);
    return `collect.sh host ${windowArgs}${peer ? ` --peer ${peer}` : ''}`;
  };

  const manifestOfHost = (host: string | null): LoadedManifest | null => {
    for (const m of facts.manifests) {
      if (host && m.hostFolder && facts.directory.isSame(m.hostFolder, host)) return m;
      if (host && m.manifest.mode === 'host' && m.manifest.host && facts.directory.isSame(m.manifest.host, host)) return m;
      if (!host && !m.hostFolder && m.manifest.mode === 'mgmt') return m;
    }
    return null;
  };

  const windowText = (host: string | null): string | null => {
    const win = manifestOfHost(host)?.manifest.window;
    if (!win) return null;
    const since = parseTime(win.since ?? null);
    const until = parseTime(win.until ?? null);
    if (until === null) return null;
    return since === null ? `up to ${shown(until)}` : `for ${shown(since)} to ${shown(until)}`;
  };

  const gaps: LogGap[] = [];
  const roles: Array<['source' | 'target', string | null]> = [
    ['source', mig.source],
    ['target', mig.target],
  ];
  for (const [role, host] of roles) {
    if (!host) continue;
    if (role === 'target' && mig.source && facts.directory.isSame(host, mig.source)) continue;
    const logs = facts.logs.filter((l) => l.host !== null && facts.directory.isSame(l.host, host));
    if (!logs.length || logs.some((l) => kindOf(l) === null)) continue;
    gaps.push({ host, role, message: gapMessage(host, logs, kindOf, mig, windowText(host), manifestEntry.bind(null, facts)), command: commandFor(host), files: logs.map((l) => l.file) });
  }

  return {
    covers: (l) => kindOf(l) === null,
    kindOf,
    commandFor,
    windowArgs,
    windowOf: windowText,
    gaps,
  };
}

function gapMessage(
  host: string,
  logs: LogFileSummary[],
  kindOf: (l: LogFileSummary) => GapKind | null,
  mig: Migration,
  collected: string | null,
  entryOf: (l: LogFileSummary) => { f: ManifestFile | null } | null,
): string {
  const when = mig.start !== null ? ` (${shown(mig.start)})` : '';
  const kinds = new Set(logs.map(kindOf));
  const lasts = logs.map((l) => l.last).filter((t): t is number => t !== null);
  const firsts = logs.map((l) => l.first).filter((t): t is number => t !== null);
  let what: string;
  if (kinds.size === 1 && kinds.has('ends-before') && lasts.length && mig.start !== null) {
    what = `the logs of ${host} end ${formatDuration(mig.start - Math.max(...lasts))} before the migration${when}`;
  } else if (kinds.size === 1 && kinds.has('starts-after') && firsts.length && mig.start !== null) {
    what = `the logs of ${host} start ${formatDuration(Math.min(...firsts) - mig.start)} after the migration${when}`;
  } else if ([...kinds].every((k) => k === 'cut-to-nothing' || k === 'empty')) {
    what = `every log of ${host} in the bundle is empty${kinds.has('cut-to-nothing') ? ' after collect.sh cut it to its window' : ''}, so none covers the migration${when}`;
  } else {
    what = `no log of ${host} in the bundle holds a line of the migration's time${when}`;
  }
  if (collected) what += `; they were collected ${collected}`;
  // what the node still had: the source files' own first and last lines (collect.sh notes them)
  const spans: string[] = [];
  for (const l of logs) {
    const cut = entryOf(l)?.f?.cutToWindow;
    if (typeof cut === 'object' && cut && cut.sourceFirst && cut.sourceLast) {
      spans.push(`${l.file.replace(/^.*[/!]/, '')} ${cut.sourceFirst} to ${cut.sourceLast}`);
    }
  }
  if (spans.length) what += `. On the node the files covered: ${spans.slice(0, 3).join(', ')}${spans.length > 3 ? ` and ${spans.length - 3} more` : ''}`;
  return `${what[0]!.toUpperCase()}${what.slice(1)}.`;
}
