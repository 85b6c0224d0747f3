/**
 * Runs the rules against one migration: log conditions read the events the scan kept (filtered by
 * component, host role, scope and window), fact conditions read the view. Each rule ends found, not
 * found, or not checked (its data is missing, and the report says how to collect it).
 */
import type { Facts, Provenance } from '../facts/build';
import { logCoverage, type LogCoverage } from '../facts/coverage';
import type { LogFileSummary } from '../pipeline/scan';
import type { LogEvent } from '../facts/events';
import { instanceArg, type Migration } from '../facts/migration';
import { citeLine } from '../facts/cite';
import { hostMatches, hostsForRole, tieOf } from '../facts/relevance';
import type { RuleView } from '../facts/view';
import { COMMAND_PARSERS } from '../parsers/commands';
import type { LoadedRule } from './load';
import { hintOffset, type LogMatcher, type MatcherRegistry } from './matchers';
import { baseVars, dnsName, fill } from './placeholders';
import type { Condition, FactCondition, LogCondition } from './schema';
import type { Component } from './schema';
import { collectValues, fillCommand, hostCollect, mgmtCollect, requirementsOfFact, type CollectValues } from './missing';

export interface Evidence {
  file: string | null;
  line: number | null;
  time: string | null;
  host: string | null;
  component: string | null;
  text: string;
  /** lines that followed (traceback), for "surrounding lines on demand" */
  context: string[];
  /** [start, end) of the part of `text` that matched */
  highlight: [number, number] | null;
  /** how it is tied to the migration: request, instance, window, any, earlier, fact */
  tie: string;
  /** for a fact read from a command's output: what the rule found, in words, beside the line */
  says?: string | null;
}

export interface MissingData {
  requirement: string;
  what: string;
  reason: string;
  /** the command that collects it, every value the bundle knows filled in ('' when nothing can) */
  collect: string;
  /** the logs are in the bundle but hold nothing of the migration's time (coverage.ts) */
  gap?: boolean;
  /** the node to run `collect` on; null: a machine with the openstack CLI (and kubectl) */
  runOn: string | null;
}

export interface RuleResult {
  rule: LoadedRule;
  /** not-applicable: the rule is for other migration types */
  state: 'found' | 'not-found' | 'not-checked' | 'not-applicable';
  /** 0…1: how closely the evidence is tied to the migration */
  tie: number;
  evidence: Evidence[];
  message: string;
  remediation: string;
  missing: MissingData[];
  /** the files the rule's required data came from (what a "ruled out" looked at) */
  checked: string[];
}

interface CondResult {
  ok: boolean;
  /** the data needed to decide was missing */
  unknown: boolean;
  evidence: Evidence[];
  vars: Record<string, string>;
  tie: number;
}

export interface EngineContext {
  facts: Facts;
  registry: MatcherRegistry;
  mig: Migration;
  view: RuleView;
  provenance: Map<string, Provenance[]>;
}

const MAX_EVIDENCE = 6;

export function runRules(rules: LoadedRule[], ctx: EngineContext): RuleResult[] {
  return rules.map((rule) => runRule(rule, ctx));
}

export function runRule(rule: LoadedRule, ctx: EngineContext): RuleResult {
  const base = { rule, tie: 0, evidence: [] as Evidence[], message: '', remediation: '', missing: [] as MissingData[], checked: [] as string[] };
  // a migration whose kind no evidence told (an error pasted alone) is checked by every rule
  if (rule.types && ctx.mig.type !== 'unknown' && !rule.types.includes(ctx.mig.type as never)) {
    return { ...base, state: 'not-applicable' };
  }
  const missing = rule.requires.flatMap((r) => checkRequirement(r, ctx));
  base.checked = rule.requires.flatMap((r) => filesOf(r, ctx));
  const r = evalCond(rule.when, ctx);
  if (r.ok) {
    const vars = { ...baseVars(ctx), ...r.vars };
    return {
      ...base,
      state: 'found',
      tie: r.tie,
      evidence: dedupe(r.evidence).slice(0, MAX_EVIDENCE),
      message: fill(rule.message, vars),
      remediation: fill(rule.remediation, vars),
      missing,
    };
  }
  // Not found, but a log the condition reads holds nothing of the migration's time (cut to a window
  // that missed it): that is not a "ruled out".
  const gaps = gapsOfCondition(rule.when, ctx);
  if (gaps.length) {
    return { ...base, state: 'not-checked', missing: [...new Map([...missing, ...gaps].map((m) => [m.requirement, m])).values()] };
  }
  // Not found: when data was missing (declared or met while evaluating), it was not really checked.
  if (missing.length && (missing.length === rule.requires.length || r.unknown)) {
    return { ...base, state: 'not-checked', missing };
  }
  // A rule that declares nothing but met only absent data while evaluating was not checked either.
  if (r.unknown && !missing.length) {
    const found = missingFromCondition(rule.when, ctx);
    if (found.length) return { ...base, state: 'not-checked', missing: found };
  }
  return { ...base, state: 'not-found', missing };
}

/** What a condition would have read and the bundle lacks: logs of a component on a host, unknown facts. */
function missingFromCondition(c: Condition, ctx: EngineContext): MissingData[] {
  if ('log' in c || 'absent' in c || 'count' in c) {
    const log = 'log' in c ? c.log : 'absent' in c ? c.absent.log : c.count.log;
    if (logsPresent(log, ctx)) return [];
    const comps = log.component ? (Array.isArray(log.component) ? log.component : [log.component]) : ['any component'];
    return checkRequirement(`log:${comps[0]}${log.role === 'any' ? '' : `@${log.role}`}`, ctx);
  }
  if ('fact' in c) {
    const v = resolvePath(ctx.view, c.fact.path);
    if (v !== null && v !== undefined) return [];
    // the bundle data the value comes from, never the internal path; nothing when it is known empty
    const reqs = requirementsOfFact(c.fact.path, ctx.view, ctx.mig);
    if (reqs === 'unknown-source') {
      const v = collectValues(ctx.facts, ctx.mig, ctx.view);
      return [{ requirement: `fact:${c.fact.path}`, what: 'the management-plane and node data of this migration', reason: 'not in the bundle', collect: mgmtCollect(v), runOn: null }];
    }
    return reqs.flatMap((r) => checkRequirement(r, ctx));
  }
  if ('all' in c) return c.all.flatMap((x) => missingFromCondition(x, ctx));
  if ('any' in c) return c.any.flatMap((x) => missingFromCondition(x, ctx));
  return missingFromCondition(c.not, ctx);
}

function dedupe(ev: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return ev.filter((e) => {
    const k = `${e.file}:${e.line}:${e.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function evalCond(c: Condition, ctx: EngineContext): CondResult {
  if ('log' in c) return evalLog(c.log, ctx);
  if ('fact' in c) return evalFact(c.fact, ctx);
  if ('absent' in c) {
    const r = evalLog(c.absent.log, ctx);
    const unknown = !logsPresent(c.absent.log, ctx);
    return { ok: !r.ok && !unknown, unknown, evidence: [], vars: {}, tie: unknown ? 0 : 0.8 };
  }
  if ('count' in c) {
    const r = evalLog(c.count.log, ctx, Infinity);
    const n = r.evidence.length;
    return { ...r, ok: n >= c.count.atLeast, vars: { ...r.vars, count: String(n) } };
  }
  if ('all' in c) {
    const parts = c.all.map((x) => evalCond(x, ctx));
    const ok = parts.every((p) => p.ok);
    return {
      ok,
      unknown: parts.some((p) => p.unknown),
      evidence: ok ? parts.flatMap((p) => p.evidence) : [],
      vars: Object.assign({}, ...parts.map((p) => p.vars)),
      tie: ok ? Math.max(...parts.map((p) => p.tie)) : 0,
    };
  }
  if ('any' in c) {
    const parts = c.any.map((x) => evalCond(x, ctx));
    const hits = parts.filter((p) => p.ok).sort((a, b) => b.tie - a.tie);
    if (!hits.length) return { ok: false, unknown: parts.every((p) => p.unknown), evidence: [], vars: {}, tie: 0 };
    return {
      ok: true,
      unknown: false,
      evidence: hits.flatMap((h) => h.evidence),
      vars: Object.assign({}, ...hits.slice().reverse().map((h) => h.vars)),
      tie: hits[0]!.tie,
    };
  }
  const inner = evalCond(c.not, ctx);
  return { ok: !inner.ok && !inner.unknown, unknown: inner.unknown, evidence: [], vars: {}, tie: 0.8 };
}

/** A log file holds lines of this component: its own, or (a loose file) one its kept lines named. */
function logHolds(l: LogFileSummary, component: string): boolean {
  return l.component === component || (l.components?.includes(component as Component) ?? false);
}

/** A log file is on one of the wanted hosts: its folder's, or (a loose file) one its lines named. */
function logOnHost(facts: Facts, l: LogFileSummary, wanted: (string | null)[] | null): boolean {
  if (hostMatches(facts, l.host, wanted)) return true;
  return l.host === null && (l.hosts?.some((h) => hostMatches(facts, h, wanted)) ?? false);
}

const coverages = new WeakMap<Migration, LogCoverage>();
/** Log coverage of the migration (computed once per migration). */
export function coverageOf(ctx: EngineContext): LogCoverage {
  let c = coverages.get(ctx.mig);
  if (!c) coverages.set(ctx.mig, (c = logCoverage(ctx.facts, ctx.mig)));
  return c;
}
const usable = new WeakMap<Migration, LogFileSummary[]>();
/** The log files that can say something about the migration's time. */
function usableLogs(ctx: EngineContext): LogFileSummary[] {
  let u = usable.get(ctx.mig);
  if (!u) {
    const cov = coverageOf(ctx);
    usable.set(ctx.mig, (u = ctx.facts.logs.filter((l) => cov.covers(l))));
  }
  return u;
}

function logsPresent(cond: LogCondition, ctx: EngineContext): boolean {
  const comps = cond.component ? (Array.isArray(cond.component) ? cond.component : [cond.component]) : null;
  const wanted = hostsForRole(ctx.facts, ctx.mig, cond.role);
  return usableLogs(ctx).some((l) => (!comps || comps.some((c) => logHolds(l, c))) && logOnHost(ctx.facts, l, wanted));
}

/**
 * The logs a condition reads that are in the bundle but hold nothing of the migration's time, one
 * entry per component and host: for role `any`, the source, the target and the management plane.
 */
function gapsOfCondition(c: Condition, ctx: EngineContext): MissingData[] {
  const out: MissingData[] = [];
  for (const cond of logConditionsOf(c)) {
    const comps = cond.component ? (Array.isArray(cond.component) ? cond.component : [cond.component]) : null;
    const wanted = hostsForRole(ctx.facts, ctx.mig, cond.role) ?? [ctx.mig.source, ctx.mig.target, null];
    for (const host of wanted) {
      if (host === undefined) continue;
      const m = gapOf(comps, host, cond.role, ctx);
      if (m) out.push(m);
    }
  }
  return out;
}
function logConditionsOf(c: Condition): LogCondition[] {
  if ('log' in c) return [c.log];
  if ('absent' in c) return [c.absent.log];
  if ('count' in c) return [c.count.log];
  if ('all' in c) return c.all.flatMap(logConditionsOf);
  if ('any' in c) return c.any.flatMap(logConditionsOf);
  if ('not' in c) return logConditionsOf(c.not);
  return [];
}
/** A log of these components on this host (null: management plane) that is there but covers nothing. */
function gapOf(comps: string[] | null, host: string | null, role: string, ctx: EngineContext): MissingData | null {
  const cov = coverageOf(ctx);
  const logs = ctx.facts.logs.filter((l) => (!comps || comps.includes(l.component)) && (host === null ? l.host === null : l.host !== null && ctx.facts.directory.isSame(l.host, host)));
  if (!logs.length || logs.some((l) => cov.covers(l))) return null;
  const comp = comps?.[0] ?? 'any component';
  const where = host === null ? 'the management plane' : host;
  const kinds = new Set(logs.map((l) => cov.kindOf(l)));
  const win = cov.windowOf(host);
  const why = kinds.has('cut-to-nothing') || kinds.has('empty')
    ? 'the log in the bundle is empty'
    : kinds.has('starts-after')
      ? "the log in the bundle starts after the migration's time"
      : "the log in the bundle ends before the migration's time";
  return {
    requirement: `log:${comp}@${host ?? role}`,
    what: `${comp} log of ${where}`,
    reason: `${why}${win ? `; collected ${win}` : ''}`,
    collect: `${cov.commandFor(host)}${host ? `   # on ${host}` : ''}`,
    gap: true,
    runOn: host,
  };
}

function evalLog(cond: LogCondition, ctx: EngineContext, limit = MAX_EVIDENCE): CondResult {
  const matcher = ctx.registry.get(cond);
  const none: CondResult = { ok: false, unknown: !logsPresent(cond, ctx), evidence: [], vars: {}, tie: 0 };
  if (!matcher) return none;
  const wanted = hostsForRole(ctx.facts, ctx.mig, cond.role);
  // The host of this role is not known. For a record that is "no target chosen": nothing can be
  // on it. For a migration found from log lines alone (a pasted log, a file with no host), a line
  // whose host is not known either may be that host's: it counts, with a weaker tie.
  const roleUnknown = wanted !== null && wanted.every((w) => w === null) && cond.role !== 'control';
  if (roleUnknown && !ctx.mig.fromLogs) return none;
  const hits: { e: LogEvent; tie: number; how: string }[] = [];
  const names = mentionNames(cond, ctx);
  if (names && !names.length) return none; // e.g. no target chosen: nothing can name it
  for (const e of ctx.facts.events.byMatcher(matcher.id)) {
    if (roleUnknown ? e.host !== null : !hostMatches(ctx.facts, e.host, wanted)) continue;
    if (names && !names.some((n) => mentionsName(e.text, n))) continue;
    const t = tieOf(ctx.facts, e, ctx.mig, cond.scope);
    if (!t) continue;
    hits.push(roleUnknown ? { e, tie: t.weight * 0.9, how: `${t.how}, host unknown` } : { e, tie: t.weight, how: t.how });
  }
  if (!hits.length) return none;
  // strongest tie first, then time order
  hits.sort((a, b) => b.tie - a.tie || (a.e.time ?? 0) - (b.e.time ?? 0));
  const best = hits[0]!;
  const evidence = hits.slice(0, limit).map(({ e, how }) => eventEvidence(e, matcher, how));
  return { ok: true, unknown: false, evidence, vars: best.e.hits.get(matcher.id) ?? {}, tie: best.tie };
}

/** The names a `mentions:` condition looks for, or null when it has none. */
function mentionNames(cond: LogCondition, ctx: EngineContext): string[] | null {
  if (!cond.mentions) return null;
  if (cond.mentions === 'instance') return [ctx.mig.instance];
  const host = cond.mentions === 'source' ? ctx.mig.source : ctx.mig.target;
  return host ? ctx.facts.directory.aliases(host) : [];
}

/** A host name as a whole word (pcd-cmp-03 must not match pcd-cmp-030). */
function mentionsName(text: string, name: string): boolean {
  let i = text.indexOf(name);
  while (i >= 0) {
    const before = i === 0 ? '' : text[i - 1]!;
    const after = text[i + name.length] ?? '';
    if (!/[\w.-]/.test(before) && !/[\w-]/.test(after)) return true;
    if (after === '.' && !/[\w-]/.test(text[i + name.length + 1] ?? '')) return true;
    i = text.indexOf(name, i + 1);
  }
  return false;
}

function eventEvidence(e: LogEvent, m: LogMatcher, how: string): Evidence {
  return {
    file: e.file,
    line: e.line,
    time: e.time !== null ? new Date(e.time).toISOString() : null,
    host: e.host,
    component: e.component,
    text: e.text,
    context: e.continuation,
    highlight: highlightOf(e.text, m),
    tie: how,
  };
}

/** The matched part of the line, with the matcher's own compiled regex, else its literal. */
function highlightOf(text: string, matcher: LogMatcher): [number, number] | null {
  if (matcher.regex) {
    const m = matcher.regex.exec(text, hintOffset(matcher, text));
    if (m) return [m.index, m.end];
  }
  const lits = [...matcher.contains, ...(matcher.anyOf ?? [])];
  for (const l of lits) {
    const i = text.indexOf(l);
    if (i >= 0) return [i, i + l.length];
  }
  return null;
}

export function resolvePath(view: RuleView, path: string): unknown {
  let cur: unknown = view;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined) return undefined;
    if (typeof cur !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function num(v: unknown, view: RuleView): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
    const r = resolvePath(view, v);
    return typeof r === 'number' ? r : null;
  }
  return null;
}

function evalFact(c: FactCondition, ctx: EngineContext): CondResult {
  const value = resolvePath(ctx.view, c.path);
  const known = value !== null && value !== undefined;
  const fail = (unknown: boolean): CondResult => ({ ok: false, unknown, evidence: [], vars: {}, tie: 0 });
  if (c.known !== undefined) {
    if (known !== c.known) return fail(false);
  } else if (!known) {
    return fail(true);
  }
  const checks: boolean[] = [];
  const eq = (a: unknown, b: unknown) => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b);
  if (c.equals !== undefined) checks.push(eq(value, c.equals));
  if (c.notEquals !== undefined) checks.push(!eq(value, c.notEquals));
  if (c.in !== undefined) checks.push(c.in.some((x) => eq(value, x)));
  const n = typeof value === 'number' ? value : null;
  for (const [op, ref] of [['lt', c.lt], ['lte', c.lte], ['gt', c.gt], ['gte', c.gte]] as const) {
    if (ref === undefined) continue;
    const r = num(ref, ctx.view);
    if (n === null || r === null) return fail(true);
    checks.push(op === 'lt' ? n < r : op === 'lte' ? n <= r : op === 'gt' ? n > r : n >= r);
  }
  if (c.contains !== undefined) {
    if (Array.isArray(value)) checks.push(value.some((x) => eq(x, c.contains)));
    else if (typeof value === 'string') checks.push(value.toLowerCase().includes(String(c.contains).toLowerCase()));
    else checks.push(false);
  }
  if (c.nonEmpty !== undefined) {
    const ne = Array.isArray(value) ? value.length > 0 : typeof value === 'object' && value !== null ? Object.keys(value).length > 0 : false;
    checks.push(ne === c.nonEmpty);
  }
  if (!checks.every(Boolean)) return fail(false);
  const shown = Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A fact condition without `says` is a gate (the failed stage, the type): it shows no evidence.
  if (!c.says) return { ok: true, unknown: false, evidence: [], vars: { value: shown }, tie: 0.85 };
  const prov = provenanceOf(ctx.provenance, c.path);
  const text = fill(c.says, { ...baseVars(ctx), value: shown });
  // the output's own line, like a log line; the rule's sentence stands beside it
  const cited = citeLine(prov, text);
  return {
    ok: true,
    unknown: false,
    evidence: [
      cited
        ? { file: cited.file, line: cited.line, time: null, host: null, component: null, text: cited.text, context: [], highlight: null, tie: 'fact', says: text }
        : { file: prov[0]?.file ?? null, line: null, time: null, host: null, component: null, text, context: [], highlight: null, tie: 'fact', says: text },
    ],
    // in the message, {{value}} reads as the evidence sentence; the raw value stays {{raw}}
    vars: { value: text, raw: shown },
    tie: 0.85,
  };
}

function provenanceOf(prov: Map<string, Provenance[]>, path: string): Provenance[] {
  const parts = path.split('.');
  for (let i = parts.length; i > 0; i--) {
    const p = prov.get(parts.slice(0, i).join('.'));
    if (p?.length) return p;
  }
  return [];
}

/** The bundle files that hold a requirement's data, when the bundle has them. */
function filesOf(req: string, ctx: EngineContext): string[] {
  const { facts, mig } = ctx;
  if (req === 'migration') return [];
  const [kind, rest] = req.split(':') as [string, string];
  const [id, role = 'any'] = rest.split('@') as [string, string];
  const wanted = hostsForRole(facts, mig, role as never);
  if (kind === 'log') return usableLogs(ctx).filter((l) => logHolds(l, id) && logOnHost(facts, l, wanted)).map((l) => l.file);
  const out: string[] = [];
  for (const [key, st] of facts.sources) {
    if (!st.ok || !key.startsWith(`cmd:${id}`)) continue;
    const host = key.includes('@') ? key.slice(key.indexOf('@') + 1) : null;
    if (host && !hostMatches(facts, host, wanted)) continue;
    out.push(...st.files);
  }
  return out;
}

/** What a parser's command reads, in words, with the bundle's values in its placeholders. */
function commandLabel(command: string, v: CollectValues, host: string | null): string {
  const peer = host === v.source ? v.target : host === v.target ? v.source : null;
  return fillCommand(command, v, host)[0]!
    .replace(/ -f json$/, '')
    .replace('systemctl status <unit>', 'systemctl status of nova-compute, libvirtd and the network agents')
    .replace(/^openssl x509 .* -in <cert>$/, 'the libvirt certificates (openssl x509)')
    .replace('<peer>', peer ?? 'the peer host');
}

/** Requirements: `log:<component>[@role]`, `cmd:<parser-id>[@role]`, `migration`. Present: []. */
function checkRequirement(req: string, ctx: EngineContext): MissingData[] {
  const { facts, mig } = ctx;
  // commands name nodes by their DNS names (a Platform9 host id is a UUID)
  const dns = (h: string | null) => (h ? (dnsName(ctx, h) ?? h) : h);
  const v = { ...collectValues(facts, mig, ctx.view), source: dns(mig.source), target: dns(mig.target) };
  if (req === 'migration') {
    return mig.record
      ? []
      : [{ requirement: req, what: `the migration record (openstack server migration list --server ${instanceArg(mig)})`, reason: 'no row for this migration', collect: mgmtCollect(v), runOn: null }];
  }
  const [kind, rest] = req.split(':') as [string, string];
  const [id, role = 'any'] = rest.split('@') as [string, string];
  const wanted = hostsForRole(facts, mig, role as never);
  // the nodes this requirement is about: the one of its role, or both ends
  const nodes = (role === 'any' ? [mig.source, mig.target] : [wanted?.[0] ?? null]).filter((h, i, a): h is string => !!h && a.indexOf(h) === i);
  const label = (h: string | null) => (role === 'any' ? (h ? `the ${h === v.source ? 'source' : 'target'} host (${h})` : 'the source or target host') : `the ${role} host${h ? ` (${h})` : ''}`);
  const perNode = (what: (h: string | null) => string, reason: string): MissingData[] =>
    nodes.length
      ? nodes.map((h) => ({ requirement: req, what: what(dns(h)), reason, collect: hostCollect(v, dns(h)!), runOn: dns(h) }))
      : [{ requirement: req, what: what(null), reason: `${reason}; no ${role === 'any' ? 'host' : `${role} host`} is known`, collect: '', runOn: null }];
  if (kind === 'log') {
    const present = usableLogs(ctx).some((l) => logHolds(l, id) && logOnHost(facts, l, wanted));
    if (present) return [];
    // there, but cut to a window that missed the migration: ask for the run that covers it
    for (const h of wanted ?? [mig.source, mig.target, null]) {
      const gap = gapOf([id], h, role, ctx);
      if (gap) return [gap];
    }
    const plane = ['nova-api', 'nova-scheduler', 'nova-conductor', 'placement-api', 'neutron-server', 'cinder-api'].includes(id);
    if (plane) return [{ requirement: req, what: `${id} log of the management plane`, reason: 'no such log file in the bundle', collect: mgmtCollect(v), runOn: null }];
    return perNode((h) => `${id === 'any component' ? 'the logs' : `${id} log`} of ${label(h)}`, 'no such log file in the bundle');
  }
  const parser = COMMAND_PARSERS.find((p) => p.id === id);
  const command = parser?.command ?? id;
  let ok = false;
  let reason = 'not in the bundle';
  for (const [key, s] of facts.sources) {
    if (!key.startsWith(`cmd:${id}`)) continue;
    const host = key.includes('@') ? key.slice(key.indexOf('@') + 1) : null;
    if (parser?.scope === 'host' && !hostMatches(facts, host, wanted)) continue;
    if (s.ok) ok = true;
    else if (s.reason) reason = s.reason;
  }
  if (ok && id === 'hypervisor-show' && role !== 'any') ok = (role === 'target' ? ctx.view.target : ctx.view.source).hypervisor !== null;
  // a command the manifest says failed, with no file at all
  if (!ok) {
    for (const e of facts.collectorErrors) {
      if (e.command.includes(command.split(' -f')[0]!.split(' <')[0]!)) reason = e.reason;
    }
  }
  if (ok) return [];
  // a VM without volumes needs no `volume show`
  if (id === 'volume-show' && ctx.view.instance && !(ctx.view.instance.volumeIds ?? []).length) return [];
  if (id === 'cli-refusal') return [{ requirement: req, what: "the terminal output of the failed migration command, with the API's error", reason, collect: '', runOn: null }];
  if (parser?.scope === 'host') return perNode((h) => `${commandLabel(command, v, h)} on ${label(h)}`, reason);
  const host = wanted?.[0] ?? mig.target ?? mig.source;
  // collect.sh mgmt runs every openstack command the analyzer reads: one command collects them all;
  // the missing list names each one, for running it by hand
  return fillCommand(command, v, host).map((c) => ({ requirement: req, what: commandLabel(c, v, host), reason, collect: mgmtCollect(v), runOn: null }));
}
