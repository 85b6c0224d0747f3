/**
 * Shapes the JSON report into what the HTML template draws: the verdict at the top, highlighted and
 * shortened evidence, the timeline as swimlanes on a time axis, capacity bars, source vs target CPU
 * features, certificate validity windows, the missing data grouped by the command that collects it.
 * All computing happens here so the template stays plain markup; every string that came from the
 * bundle stays a string (the template escapes it), positions are numbers computed here.
 */
import type { MigrationJson, ReportJson } from './schema';
import { visibleText } from './markdown';

type EvidenceIn = MigrationJson['causes'][number]['evidence'][number];

// ---------------------------------------------------------------------------------------------
// text

/** Bundle text made safe to look at (control characters in caret notation): see `visibleText`. */
export const visible = visibleText;

/** `n` with thin grouping: 100000 → "100 000" */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

/** The longest line shown whole; longer lines show a window around the matched part. */
export const MAX_LINE = 1200;

export interface Segment {
  text: string;
  hit: boolean;
}

export function segments(text: string, match: string | null): Segment[] {
  if (!match) return [{ text, hit: false }];
  const i = text.indexOf(match);
  if (i < 0) return [{ text, hit: false }];
  return [
    { text: text.slice(0, i), hit: false },
    { text: match, hit: true },
    { text: text.slice(i + match.length), hit: false },
  ].filter((s) => s.text !== '');
}

/**
 * A line for display: whole when short, else a window of about MAX_LINE characters around the
 * match (or the start), with the cut parts said. The full line stays available to the template.
 */
export function shownLine(raw: string, match: string | null, max = MAX_LINE): { segments: Segment[]; clipped: boolean; length: number } {
  const text = visible(raw);
  const m = match ? visible(match) : null;
  if (text.length <= max) return { segments: segments(text, m), clipped: false, length: text.length };
  const w = lineWindow(text, m, max);
  const out: Segment[] = [];
  if (w.head) out.push({ text: w.head, hit: false }, { text: ` … [${groupDigits(w.from - w.head.length)} characters] … `, hit: false });
  else if (w.from > 0) out.push({ text: `… [${groupDigits(w.from)} characters] … `, hit: false });
  out.push(...segments(text.slice(w.from, w.to), w.hasMatch ? m : null));
  if (w.to < text.length) out.push({ text: ` … [${groupDigits(text.length - w.to)} more characters]`, hit: false });
  return { segments: out, clipped: true, length: text.length };
}

/**
 * Which part of a long line to show: its start (time, level, logger) and a window around the match.
 * `head` is set when the start is shown apart from the window.
 */
export function lineWindow(text: string, m: string | null, max: number): { head: string; from: number; to: number; hasMatch: boolean } {
  const at = m ? text.indexOf(m) : -1;
  if (at < 0 || at + Math.min(m!.length, max) <= max) return { head: '', from: 0, to: Math.min(text.length, max), hasMatch: at >= 0 && at + m!.length <= max };
  const headLen = Math.min(96, Math.floor(max / 4));
  const room = max - headLen;
  let from = Math.max(headLen, at - Math.floor(Math.max(0, room - m!.length) / 3));
  const to = Math.min(text.length, from + room);
  from = Math.max(headLen, to - room);
  const hasMatch = at >= from && at + m!.length <= to;
  return from > headLen ? { head: text.slice(0, headLen), from, to, hasMatch } : { head: '', from: 0, to, hasMatch };
}

function clip(s: string, n: number): string {
  const t = visible(s);
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

// ---------------------------------------------------------------------------------------------
// labels

const TIE_LABEL: Record<string, string> = {
  request: 'same request',
  instance: 'names the instance',
  window: 'same host, same time',
  any: 'host-wide',
  earlier: 'earlier attempt',
  fact: 'command output',
  sole: 'the only migration in the input',
};

const TIE_HINT: Record<string, string> = {
  request: 'the line carries the migration’s request id',
  instance: 'the line names the instance',
  window: 'logged on a host of the migration while it ran',
  any: 'logged on a host of the migration, not tied to it in time',
  earlier: 'from an earlier attempt of the same migration',
  fact: 'read from a command output in the bundle',
  sole: 'names no instance; counted because the input holds this migration only',
};

const STATUS_CLASS: Record<string, string> = {
  failed: 'bad',
  succeeded: 'good',
  'in-progress': 'info',
  unknown: 'muted-c',
};

export const TYPE_LABEL: Record<string, string> = {
  'live-migration': 'Live migration',
  'block-live-migration': 'Block live migration',
  'cold-migration': 'Cold migration',
  resize: 'Resize',
  evacuation: 'Evacuation',
  unknown: 'Migration',
};

const CHECK_CLASS: Record<string, string> = { found: 'bad', warning: 'warn', 'ruled-out': 'good', 'not-checked': 'muted-c' };
const CHECK_LABEL: Record<string, string> = { found: 'found', warning: 'worth a look', 'ruled-out': 'ruled out', 'not-checked': 'not checked' };
const CHECK_ORDER: Record<string, number> = { found: 0, warning: 1, 'not-checked': 2, 'ruled-out': 3 };

// ---------------------------------------------------------------------------------------------
// time

/** "2026-11-19 22:07:48.704Z" → for people; null stays null */
export function humanTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toISOString().replace('T', ' ').replace(/\.000Z$/, 'Z');
}

function clock(ms: number, withMs: boolean): string {
  const s = new Date(ms).toISOString();
  return withMs ? s.slice(11, 23) : s.slice(11, 19);
}

const STEPS = [
  10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 2 * 86_400_000, 7 * 86_400_000,
];

function durationLabel(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${+(ms / 60_000).toFixed(1)} min`;
  if (ms < 86_400_000) return `${+(ms / 3_600_000).toFixed(1)} h`;
  return `${+(ms / 86_400_000).toFixed(1)} days`;
}

// ---------------------------------------------------------------------------------------------
// evidence

function evidenceModel(e: EvidenceIn, i: number) {
  const line = shownLine(e.text, e.match);
  return {
    says: e.says ? visible(e.says) : null,
    file: e.file,
    line: e.line,
    where: e.file ? `${e.file}${e.line ? `:${e.line}` : ''}` : 'command output',
    time: humanTime(e.time),
    host: e.host,
    component: e.component,
    segments: line.segments,
    clipped: line.clipped,
    length: groupDigits(line.length),
    full: line.clipped ? visible(e.text) : null,
    context: e.context.map((c) => clip(c, 4000)),
    hasContext: e.context.length > 0,
    tieLabel: TIE_LABEL[e.tie] ?? e.tie,
    tieHint: TIE_HINT[e.tie] ?? '',
    key: i < 2,
  };
}

/** The first commands of a remediation: the first fenced block, up to `n` lines. */
export function firstCommands(md: string, n = 3): string[] {
  const lines = md.replace(/\r\n/g, '\n').split('\n');
  const start = lines.findIndex((l) => /^```/.test(l));
  if (start < 0) return [];
  const out: string[] = [];
  for (let i = start + 1; i < lines.length && !/^```/.test(lines[i]!); i++) {
    if (lines[i]!.trim() === '') continue;
    out.push(lines[i]!);
  }
  return out.slice(0, n);
}

// ---------------------------------------------------------------------------------------------
// timeline

/** "nova-compute @ host-1" → component and host; lanes without "@" belong to the management plane. */
function splitLane(lane: string): { component: string; host: string | null } {
  const i = lane.lastIndexOf(' @ ');
  if (i < 0) return { component: lane, host: null };
  return { component: lane.slice(0, i), host: lane.slice(i + 3) };
}

function sameHost(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x.startsWith(`${y}.`) || y.startsWith(`${x}.`);
}

const MGMT_ORDER = ['nova-api', 'nova-conductor', 'nova-scheduler', 'placement-api'];

function timelineModel(m: MigrationJson) {
  const all = m.timeline.events;
  const timed = all.filter((e) => e.time !== null && !Number.isNaN(Date.parse(e.time)));
  const times = timed.map((e) => Date.parse(e.time!));
  let t0 = times.length ? Math.min(...times) : 0;
  let t1 = times.length ? Math.max(...times) : 0;
  if (t1 - t0 < 1000) {
    const mid = (t0 + t1) / 2;
    t0 = mid - 500;
    t1 = mid + 500;
  }
  const pad = (t1 - t0) * 0.03;
  const a0 = t0 - pad;
  const a1 = t1 + pad;
  const span = a1 - a0;
  const pos = (t: number) => +(((t - a0) / span) * 100).toFixed(2);

  // ticks: a round step giving at most 8 labels
  const step = STEPS.find((s) => span / s <= 8) ?? STEPS[STEPS.length - 1]!;
  const withMs = step < 1000;
  const ticks: { left: number; label: string; end: boolean }[] = [];
  for (let t = Math.ceil(a0 / step) * step; t <= a1; t += step) {
    const left = pos(t);
    ticks.push({ left, label: step >= 86_400_000 ? new Date(t).toISOString().slice(5, 10) : clock(t, withMs), end: left > 80 });
  }

  // lanes: management plane first, then the source host, the target host, other hosts
  const laneNames = [...new Set(all.map((e) => e.lane))];
  const laneInfo = laneNames.map((lane) => {
    const { component, host } = splitLane(lane);
    const role = sameHost(host, m.source) ? 'source' : sameHost(host, m.target) ? 'target' : null;
    const mgmt = host === null || /^nova-(conductor|api|scheduler)|^placement/.test(host);
    const group = lane === 'migration record' ? 4 : mgmt ? 0 : role === 'source' ? 1 : role === 'target' ? 2 : 3;
    const mo = MGMT_ORDER.indexOf(component);
    return { lane, component, host, role, group, order: mo < 0 ? 99 : mo };
  });
  laneInfo.sort((a, b) => a.group - b.group || (a.host ?? '').localeCompare(b.host ?? '') || a.order - b.order || a.component.localeCompare(b.component));

  const firstFail = timed.find((e) => e.kind === 'failed');
  const lanes = laneInfo.map((li) => {
    const events = timed
      .filter((e) => e.lane === li.lane)
      .map((e) => {
        const t = Date.parse(e.time!);
        const where = e.file ? ` · ${e.file}${e.line ? `:${e.line}` : ''}` : '';
        const row = all.indexOf(e);
        return {
          // each dot links to its row in the table under the chart (keyboard reachable)
          href: row >= 0 && row < 200 ? `#tl-${row}` : null,
          left: pos(t),
          cls: e.kind === 'failed' ? 'bad' : e.kind === 'succeeded' ? 'good' : e.kind === 'record' ? 'muted-c' : e.kind === 'rollback' ? 'warn' : 'info',
          title: `${clock(t, true)} · ${e.stage} · ${visible(e.label)}${where}\n${clip(e.text, 300)}`,
        };
      });
    return {
      lane: li.lane,
      component: li.component,
      host: li.host,
      role: li.role,
      groupStart: false,
      events,
      hasFailure: events.some((e) => e.cls === 'bad'),
    };
  });
  for (let i = 0; i < lanes.length; i++) lanes[i]!.groupStart = i > 0 && laneInfo[i]!.group !== laneInfo[i - 1]!.group;

  return {
    lanes,
    ticks,
    hasEvents: timed.length > 1,
    single: timed.length === 1 ? { time: humanTime(timed[0]!.time), label: visible(timed[0]!.label), lane: timed[0]!.lane } : null,
    day: times.length ? new Date(t0).toISOString().slice(0, 10) : null,
    start: times.length ? humanTime(new Date(Math.min(...times)).toISOString()) : null,
    end: times.length ? humanTime(new Date(Math.max(...times)).toISOString()) : null,
    duration: times.length ? durationLabel(Math.max(...times) - Math.min(...times)) : null,
    failure: firstFail ? { left: pos(Date.parse(firstFail.time!)), time: clock(Date.parse(firstFail.time!), true), label: visible(firstFail.label) } : null,
    untimed: all.length - timed.length,
    rows: all.slice(0, 200).map((e, i) => ({
      id: `tl-${i}`,
      kindLabel: e.kind === 'rollback' ? 'rollback' : e.kind === 'failed' ? 'failure' : '',
      time: e.time ? clock(Date.parse(e.time), true) : '—',
      stage: e.stage,
      lane: e.lane,
      label: visible(e.label),
      where: e.file ? `${e.file}${e.line ? `:${e.line}` : ''}` : '',
      text: clip(e.text, 600),
      cls: e.kind === 'failed' ? 'bad' : e.kind === 'rollback' ? 'warn' : '',
      file: e.file,
      line: e.line,
      evidence: null as string | null,
    })),
    moreRows: Math.max(0, all.length - 200),
  };
}

const STAGE_LOOK: Record<string, { cls: string; mark: string; label: string }> = {
  reached: { cls: 'good', mark: '✓', label: 'reached' },
  failed: { cls: 'bad', mark: '✕', label: 'failed' },
  'not-reached': { cls: 'muted-c', mark: '–', label: 'not reached' },
  unknown: { cls: 'warn', mark: '?', label: 'unknown' },
  'not-seen': { cls: 'muted-c', mark: '·', label: 'not seen' },
};

function stagesModel(m: MigrationJson) {
  return m.timeline.stages.map((s) => {
    const look = STAGE_LOOK[s.status] ?? STAGE_LOOK['not-seen']!;
    return {
      stage: s.stage,
      status: look.label,
      first: humanTime(s.first),
      cls: look.cls,
      mark: look.mark,
      // the state and the line that set it, on hover and for screen readers
      why: `${visible(s.why)}${s.file ? ` · ${s.file}${s.line ? `:${s.line}` : ''}` : ''}`,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// capacity

function amount(x: number, unit: string): string {
  if (unit === 'MB') return x >= 1024 ? `${+(x / 1024).toFixed(x >= 10240 ? 0 : 1)} GB` : `${x} MB`;
  if (unit === 'GB') return x >= 1024 ? `${+(x / 1024).toFixed(1)} TB` : `${x} GB`;
  return `${x}`;
}

function num(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

function bar(label: string, needIn: unknown, freeIn: unknown, totalIn: unknown, unit: string) {
  const need = num(needIn);
  const free = num(freeIn);
  const total = num(totalIn);
  if (need === null || free === null) return null;
  const used = total !== null ? Math.max(0, total - Math.max(0, free)) : 0;
  const scale = Math.max(1, total !== null ? Math.max(total, used + need) : Math.max(need, free));
  const short = need > free;
  const pct = (x: number) => +((Math.max(0, x) / scale) * 100).toFixed(2);
  return {
    label,
    usedPct: pct(used),
    needPct: pct(need),
    freePct: pct(Math.max(0, free)),
    totalPct: total !== null ? pct(total) : null,
    hasTotal: total !== null,
    need: amount(need, unit),
    free: amount(free, unit),
    total: total !== null ? amount(total, unit) : null,
    used: total !== null ? amount(used, unit) : null,
    short,
    verdict: short ? `short by ${amount(need - free, unit)}` : `fits, ${amount(free - need, unit)} to spare`,
  };
}

// ---------------------------------------------------------------------------------------------
// CPU

function cpuModel(m: MigrationJson) {
  const c = m.cpu;
  if (!c) return null;
  const sf = c.source.features;
  const tf = c.target.features;
  const side = (x: typeof c.source, role: string) => ({
    role,
    host: x.host,
    model: x.model,
    known: x.features !== null,
    count: x.features?.length ?? 0,
  });
  const both = sf !== null && tf !== null && sf.length > 0 && tf.length > 0;
  const missing = both ? sf!.filter((f) => !tf!.includes(f)) : [];
  const extra = both ? tf!.filter((f) => !sf!.includes(f)) : [];
  const common = both ? sf!.filter((f) => tf!.includes(f)).length : 0;
  const tot = Math.max(1, common + missing.length + extra.length);
  const only = !both ? (sf && sf.length ? { role: 'source', features: sf } : tf && tf.length ? { role: 'target', features: tf } : null) : null;
  return {
    source: side(c.source, 'source'),
    target: side(c.target, 'target'),
    both,
    missing: missing.map(visible),
    extra: extra.map(visible),
    common,
    commonPct: +((common / tot) * 100).toFixed(2),
    missingPct: +((missing.length / tot) * 100).toFixed(2),
    extraPct: +((extra.length / tot) * 100).toFixed(2),
    modelsDiffer: c.source.model && c.target.model ? c.source.model !== c.target.model : false,
    verdict: !both
      ? null
      : missing.length
        ? { cls: 'bad', text: `${missing.length} feature${missing.length === 1 ? '' : 's'} of the source missing on the target` }
        : { cls: 'good', text: 'the target has every feature of the source' },
    only: only ? { role: only.role, features: only.features.map(visible), other: only.role === 'source' ? 'target' : 'source' } : null,
  };
}

// ---------------------------------------------------------------------------------------------
// certificates

function certificatesModel(m: MigrationJson, at: number | null) {
  const certs = m.certificates ?? [];
  if (!certs.length) return null;
  const spans = certs.map((c) => ({ c, nb: c.notBefore ? Date.parse(c.notBefore) : null, na: c.notAfter ? Date.parse(c.notAfter) : null }));
  const pts = spans.flatMap((s) => [s.nb, s.na]).filter((x): x is number => x !== null && !Number.isNaN(x));
  if (at !== null) pts.push(at);
  if (!pts.length) return null;
  let lo = Math.min(...pts);
  let hi = Math.max(...pts);
  if (hi - lo < 86_400_000) {
    lo -= 43_200_000;
    hi += 43_200_000;
  }
  const pad = (hi - lo) * 0.04;
  lo -= pad;
  hi += pad;
  const pos = (t: number) => +(((t - lo) / (hi - lo)) * 100).toFixed(2);
  const YEAR = 365.25 * 86_400_000;
  const years = (hi - lo) / YEAR;
  const ticks: { left: number; label: string }[] = [];
  if (years >= 2) {
    const every = Math.max(1, Math.ceil(years / 8));
    for (let y = new Date(lo).getUTCFullYear() + 1; ; y += every) {
      const t = Date.UTC(y, 0, 1);
      if (t > hi) break;
      ticks.push({ left: pos(t), label: String(y) });
    }
  } else {
    const months = (hi - lo) / (YEAR / 12);
    const every = Math.max(1, Math.ceil(months / 8));
    const d = new Date(lo);
    for (let y = d.getUTCFullYear(), mo = d.getUTCMonth() + 1; ; mo += every) {
      const t = Date.UTC(y, mo, 1);
      if (t > hi) break;
      ticks.push({ left: pos(t), label: new Date(t).toISOString().slice(0, 7) });
    }
  }
  const rows = spans.map(({ c, nb, na }) => {
    let state: string;
    let cls: string;
    if (at === null) {
      state = 'migration time unknown';
      cls = 'muted-c';
    } else if (na !== null && na < at) {
      state = `expired ${durationLabel(at - na)} before the migration`;
      cls = 'bad';
    } else if (nb !== null && nb > at) {
      state = `not valid until ${durationLabel(nb - at)} after the migration`;
      cls = 'bad';
    } else if (na !== null && na - at < 30 * 86_400_000) {
      state = `valid, expired ${durationLabel(na - at)} after the migration`;
      cls = 'warn';
    } else {
      state = 'valid at the migration';
      cls = 'good';
    }
    const from = nb !== null ? pos(nb) : 0;
    const to = na !== null ? pos(na) : 100;
    return {
      role: c.role,
      host: c.host,
      file: visible(c.file),
      subjectCN: c.subjectCN ? visible(c.subjectCN) : null,
      issuerCN: c.issuerCN ? visible(c.issuerCN) : null,
      sans: c.sans.map(visible).join(', '),
      notBefore: c.notBefore ? c.notBefore.slice(0, 10) : '?',
      notAfter: c.notAfter ? c.notAfter.slice(0, 10) : '?',
      left: from,
      width: +Math.max(0.6, to - from).toFixed(2),
      openStart: nb === null,
      openEnd: na === null,
      state,
      cls,
    };
  });
  return {
    rows,
    ticks,
    at: at !== null ? { left: pos(at), label: humanTime(new Date(at).toISOString()) } : null,
    bad: rows.filter((r) => r.cls === 'bad').length,
  };
}

// ---------------------------------------------------------------------------------------------
// what is missing

export interface MissingGroup {
  collect: string;
  items: { check: string; missing: string }[];
}

/** notChecked grouped by the command that would gather the data, in first-seen order. */
/** The commands that collect what is missing: one `collect.sh host` per node, the rest deduplicated. */
export function collectPlan(list: ReportJson['notChecked']) {
  const nodes = new Map<string, { command: string; what: string[] }>();
  const mgmt = { commands: [] as string[], what: [] as string[] };
  const manual: string[] = [];
  // the input without its reason ("… (not in the bundle)", "… (command failed (exit 1): …)")
  const short = (m: string) => m.replace(/ \((?:[^()]|\([^()]*\))*\)$/, '').replace(/ on the (source|target) host \([^)]*\)$| of the (source|target) host \([^)]*\)$/, '');
  for (const n of list) {
    if (!n.collect) {
      manual.push(n.missing);
      continue;
    }
    if (n.runOn) {
      const g = nodes.get(n.runOn) ?? { command: n.collect, what: [] };
      if (!g.what.includes(short(n.missing))) g.what.push(short(n.missing));
      nodes.set(n.runOn, g);
    } else {
      if (!mgmt.commands.includes(n.collect)) mgmt.commands.push(n.collect);
      if (!mgmt.what.includes(short(n.missing))) mgmt.what.push(short(n.missing));
    }
  }
  return { nodes: [...nodes].map(([host, g]) => ({ host, ...g })), mgmt, manual: [...new Set(manual)] };
}

export function groupNotChecked(list: ReportJson['notChecked']): MissingGroup[] {
  const groups = new Map<string, MissingGroup>();
  for (const n of list) {
    const key = n.collect.trim();
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { collect: visible(key), items: [] }));
    g.items.push({ check: visible(n.check), missing: visible(n.missing) });
  }
  return [...groups.values()];
}

// ---------------------------------------------------------------------------------------------
// the page

function migrationModel(m: MigrationJson) {
  const cap = m.capacity ?? {};
  const bars = [
    bar('RAM', cap.flavorRamMb, cap.targetFreeRamMb, cap.targetMemoryMb, 'MB'),
    bar('vCPU', cap.flavorVcpus, cap.targetFreeVcpus, cap.targetVcpus, ''),
    bar('Disk', cap.flavorDiskGb, cap.targetFreeDiskGb, cap.targetLocalGb, 'GB'),
  ].filter((b): b is NonNullable<typeof b> => b !== null);
  const causes = m.causes.map((c, i) => ({
    ...c,
    rank: i + 1,
    pct: Math.round(c.score * 100),
    scoreText: c.score.toFixed(2),
    evidence: c.evidence.map(evidenceModel),
    open: i === 0,
    rules: c.rules.map((r) => ({ ...r, scoreText: r.score.toFixed(2) })),
  }));
  const top = causes[0] ?? null;
  // evidence and the timeline row of the same line link to each other
  const timeline = timelineModel(m);
  const evLinks = causes.flatMap((c) => c.evidence.map((e, k) => ({ e: e as ReturnType<typeof evidenceModel> & { id?: string; tl?: string | null }, id: `ev-${c.rank}-${k}` })));
  for (const { e, id } of evLinks) {
    e.id = id;
    const row = e.file && e.line ? timeline.rows.find((r) => r.file === e.file && r.line === e.line) : undefined;
    e.tl = row?.id ?? null;
    if (row && !row.evidence) row.evidence = id;
  }
  const createdMs = m.createdAt ? Date.parse(m.createdAt) : NaN;
  const firstEvent = m.timeline.events.map((e) => (e.time ? Date.parse(e.time) : NaN)).filter((t) => !Number.isNaN(t));
  const at = !Number.isNaN(createdMs) ? createdMs : firstEvent.length ? Math.min(...firstEvent) : null;
  const typeLabel = TYPE_LABEL[m.type] ?? m.type;
  let headline: string;
  if (m.status === 'failed') headline = `${typeLabel} failed${m.failedStage && m.failedStage !== 'unknown' ? ` at ${m.failedStage}` : ''}`;
  else if (m.status === 'succeeded') headline = `${typeLabel} succeeded`;
  else if (m.status === 'in-progress') headline = `${typeLabel} still in progress`;
  else headline = m.type === 'unknown' && !m.timeline.events.length ? 'No migration found' : `${typeLabel}: outcome unknown`;
  const statusClass = STATUS_CLASS[m.status] ?? 'muted-c';
  const cpu = cpuModel(m);
  const certs = certificatesModel(m, at);
  const checks = [...m.checks]
    .sort((a, b) => (CHECK_ORDER[a.state] ?? 9) - (CHECK_ORDER[b.state] ?? 9))
    .map((c) => ({ ...c, cls: CHECK_CLASS[c.state] ?? 'muted-c', stateLabel: CHECK_LABEL[c.state] ?? c.state, missingCount: c.missing.length }));
  const counts = {
    found: m.checks.filter((c) => c.state === 'found').length,
    warning: m.checks.filter((c) => c.state === 'warning').length,
    ruledOut: m.checks.filter((c) => c.state === 'ruled-out').length,
    notChecked: m.checks.filter((c) => c.state === 'not-checked').length,
  };
  return {
    ...m,
    typeLabel,
    headline,
    statusClass,
    started: humanTime(m.createdAt),
    fault: m.fault ? visible(m.fault) : null,
    top: top ? { ...top, nextCommands: firstCommands(top.remediation).map(visible) } : null,
    alsoSuspected: causes.slice(1, 4).map((c) => ({ rank: c.rank, id: c.id, title: c.title, pct: c.pct })),
    causes,
    warnings: m.warnings.map((w) => ({ ...w, evidence: w.evidence.map(evidenceModel) })),
    stages: stagesModel(m),
    timeline,
    failedStageWhy: m.failedStageWhy ? m.failedStageWhy.replace(/^needs the compute logs: /, '') : null,
    failedStageText: m.failedStage === 'unknown' && /needs the compute logs/.test(m.failedStageWhy ?? '') ? 'unknown (needs the compute logs)' : m.failedStage,
    bars,
    hasBars: bars.length > 0,
    cpu,
    certs,
    checks,
    checkCounts: counts,
    logGaps: (m.logGaps ?? []).map((g) => ({ ...g, message: visible(g.message), command: visible(g.command) })),
  };
}

export function buildHtmlModel(report: ReportJson) {
  const lead = report.migrations[0] ? migrationModel(report.migrations[0]) : null;
  const inv = report.inventory;
  const notChecked = groupNotChecked(report.notChecked);
  const nav: { href: string; label: string }[] = [];
  if (lead?.causes.length) nav.push({ href: '#causes', label: 'Causes' });
  if (lead?.warnings.length) nav.push({ href: '#warnings', label: 'Worth a look' });
  if (lead?.timeline.hasEvents || lead?.timeline.single) nav.push({ href: '#timeline', label: 'Timeline' });
  if (lead && (lead.hasBars || lead.cpu || lead.certs)) nav.push({ href: '#pictures', label: 'Capacity, CPU, certificates' });
  if (lead?.checks.length) nav.push({ href: '#checks', label: 'Every check' });
  if (notChecked.length) nav.push({ href: '#not-checked', label: 'Not checked' });
  if (report.migrations.length > 1) nav.push({ href: '#others', label: 'Other migrations' });
  if (report.collectorErrors.length) nav.push({ href: '#collector', label: 'Collector errors' });
  nav.push({ href: '#inventory', label: 'Inventory' });
  return {
    report,
    generated: humanTime(report.generatedAt),
    lead,
    nav,
    others: report.migrations.slice(1).map((m) => ({
      instance: m.instance,
      instanceName: m.instanceName,
      typeLabel: TYPE_LABEL[m.type] ?? m.type,
      source: m.source,
      target: m.target,
      status: m.status,
      statusClass: STATUS_CLASS[m.status] ?? 'muted-c',
      started: humanTime(m.createdAt),
      top: m.causes[0] ? { id: m.causes[0].id, pct: Math.round(m.causes[0].score * 100) } : null,
    })),
    inventory: inv.map((i) => ({
      ...i,
      path: visible(i.path),
      reason: visible(i.reason),
      cls: i.status === 'parsed' ? 'good' : i.status === 'skipped' ? 'muted-c' : 'bad',
    })),
    inventoryCounts: {
      parsed: inv.filter((i) => i.status === 'parsed').length,
      skipped: inv.filter((i) => i.status === 'skipped').length,
      unreadable: inv.filter((i) => i.status === 'unreadable').length,
    },
    notChecked,
    // distinct inputs, as the Markdown counts them (one input can serve several checks)
    notCheckedCount: new Set(report.notChecked.map((n) => n.missing)).size,
    collectAll: notChecked.map((g) => g.collect),
    // one command per place to run it, with the place beside it (prose is never inside the block)
    collectSteps: (() => {
      const plan = collectPlan(report.notChecked);
      return [
        ...(plan.mgmt.commands.length ? [{ where: 'On a machine with the openstack CLI (and kubectl for the pod logs)', commands: plan.mgmt.commands.map(visible), adds: plan.mgmt.what.map(visible).join('; ') }] : []),
        ...plan.nodes.map((n) => ({ where: `On ${visible(n.host)}, as root`, commands: [visible(n.command)], adds: n.what.map(visible).join('; ') })),
      ];
    })(),
    collectFirst: (() => {
      const plan = collectPlan(report.notChecked);
      return [...plan.mgmt.commands.slice(0, 1), ...plan.nodes.slice(0, 2).map((n) => `${n.command}   # on ${n.host}`)].map(visible);
    })(),
    notCheckedRows: report.notChecked.map((n) => {
      const i = n.check.indexOf(': ');
      return {
        cause: i > 0 ? visible(n.check.slice(0, i)) : null,
        title: visible(i > 0 ? n.check.slice(i + 2) : n.check),
        missing: visible(n.missing),
        collect: visible(n.collect),
      };
    }),
    collectorErrors: report.collectorErrors.map((e) => ({ ...e, command: visible(e.command), reason: visible(e.reason) })),
  };
}
