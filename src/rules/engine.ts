/**
 * Runs the rules against one migration: log conditions read the events the scan kept (filtered by
 * component, host role, scope and window), fact conditions read the view. Each rule ends found, not
 * found, or not checked (its data is missing, and the report says how to collect it).
 */
import type { Facts, Provenance } from '../facts/build';
import type { LogEvent } from '../facts/events';
import type { Migration } from '../facts/migration';
import { hostMatches, hostsForRole, tieOf } from '../facts/relevance';
import type { RuleView } from '../facts/view';
import { COMMAND_PARSERS } from '../parsers/commands';
import type { LoadedRule } from './load';
import { hintOffset, type LogMatcher, type MatcherRegistry } from './matchers';
import type { Condition, FactCondition, LogCondition } from './schema';

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
}

export interface MissingData {
  requirement: string;
  what: string;
  reason: string;
  collect: string;
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
  if (rule.types && !rule.types.includes(ctx.mig.type as never)) {
    return { ...base, state: 'not-applicable' };
  }
  const missing = rule.requires.map((r) => checkRequirement(r, ctx)).filter((m): m is MissingData => m !== null);
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
    const m = checkRequirement(`log:${comps[0]}${log.role === 'any' ? '' : `@${log.role}`}`, ctx);
    return m ? [m] : [];
  }
  if ('fact' in c) {
    const v = resolvePath(ctx.view, c.fact.path);
    if (v !== null && v !== undefined) return [];
    return [{ requirement: `fact:${c.fact.path}`, what: c.fact.path, reason: 'not known from the bundle', collect: 'collect.sh mgmt and host bundles (see docs/collect.md)' }];
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

export function baseVars(ctx: EngineContext): Record<string, string> {
  const v: Record<string, string> = {
    instance: ctx.mig.instance,
    source: ctx.mig.source ?? '<source host>',
    target: ctx.mig.target ?? '<target host>',
    requestId: ctx.mig.requestId ?? '<request id>',
    type: ctx.mig.type,
    instanceName: ctx.view.instance?.instanceName ?? '<instance name>',
    flavor: ctx.view.flavor?.name ?? ctx.view.flavor?.id ?? '<flavor>',
    sourceNode: ctx.mig.record?.sourceNode ?? ctx.mig.source ?? '<source node>',
    targetNode: ctx.mig.record?.destNode ?? ctx.mig.target ?? '<target node>',
    // a DNS name for a host whose compute host id is a Platform9 UUID (certificates name DNS names)
    sourceHostname: dnsName(ctx, ctx.mig.source) ?? ctx.mig.source ?? '<source host>',
    targetHostname: dnsName(ctx, ctx.mig.target) ?? ctx.mig.target ?? '<target host>',
  };
  for (const [k, val] of Object.entries(ctx.view.derived)) {
    if (val === null || val === undefined) continue;
    v[k] = Array.isArray(val) ? val.join(', ') : String(val);
  }
  return v;
}

const UUID_LIKE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IP_LIKE = /^\d+\.\d+\.\d+\.\d+$|:/;

/** The longest DNS-like name among a host's aliases (FQDN over short name), never a UUID or an IP. */
function dnsName(ctx: EngineContext, host: string | null): string | null {
  if (!host) return null;
  const names = ctx.facts.directory.aliases(host).filter((a) => !UUID_LIKE.test(a) && !IP_LIKE.test(a));
  return names.sort((a, b) => b.length - a.length)[0] ?? null;
}

/**
 * `{{name}}` placeholders; unknown names stay as they are so an author sees the mistake. A value
 * comes from the bundle: it is put in on one line (a newline in a host name must not start a
 * heading or a table row in the Markdown the template is), its control characters shown, and at
 * most FILL_MAX characters long.
 */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (all, name: string) => {
    const v = vars[name];
    return v === undefined ? all : fillValue(v);
  });
}

const FILL_MAX = 256;

function fillValue(v: string): string {
  // eslint-disable-next-line no-control-regex
  const one = v.replace(/\r\n?|\n|[\u2028\u2029]/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return one.length > FILL_MAX ? `${one.slice(0, FILL_MAX)}…` : one;
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

function logsPresent(cond: LogCondition, ctx: EngineContext): boolean {
  const comps = cond.component ? (Array.isArray(cond.component) ? cond.component : [cond.component]) : null;
  const wanted = hostsForRole(ctx.facts, ctx.mig, cond.role);
  return ctx.facts.logs.some((l) => (!comps || comps.includes(l.component)) && hostMatches(ctx.facts, l.host, wanted));
}

function evalLog(cond: LogCondition, ctx: EngineContext, limit = MAX_EVIDENCE): CondResult {
  const matcher = ctx.registry.get(cond);
  const none: CondResult = { ok: false, unknown: !logsPresent(cond, ctx), evidence: [], vars: {}, tie: 0 };
  if (!matcher) return none;
  const wanted = hostsForRole(ctx.facts, ctx.mig, cond.role);
  if (wanted && wanted.every((w) => w === null) && cond.role !== 'control') return none; // e.g. no target chosen
  const hits: { e: LogEvent; tie: number; how: string }[] = [];
  const names = mentionNames(cond, ctx);
  if (names && !names.length) return none; // e.g. no target chosen: nothing can name it
  for (const e of ctx.facts.events.byMatcher(matcher.id)) {
    if (!hostMatches(ctx.facts, e.host, wanted)) continue;
    if (names && !names.some((n) => mentionsName(e.text, n))) continue;
    const t = tieOf(ctx.facts, e, ctx.mig, cond.scope);
    if (!t) continue;
    hits.push({ e, tie: t.weight, how: t.how });
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
  return {
    ok: true,
    unknown: false,
    evidence: [
      { file: prov?.file ?? null, line: null, time: null, host: null, component: null, text, context: [], highlight: null, tie: 'fact' },
    ],
    // in the message, {{value}} reads as the evidence sentence; the raw value stays {{raw}}
    vars: { value: text, raw: shown },
    tie: 0.85,
  };
}

function provenanceOf(prov: Map<string, Provenance[]>, path: string): Provenance | null {
  const parts = path.split('.');
  for (let i = parts.length; i > 0; i--) {
    const p = prov.get(parts.slice(0, i).join('.'));
    if (p?.length) return p[0]!;
  }
  return null;
}

/** The bundle files that hold a requirement's data, when the bundle has them. */
function filesOf(req: string, ctx: EngineContext): string[] {
  const { facts, mig } = ctx;
  if (req === 'migration') return [];
  const [kind, rest] = req.split(':') as [string, string];
  const [id, role = 'any'] = rest.split('@') as [string, string];
  const wanted = hostsForRole(facts, mig, role as never);
  if (kind === 'log') return facts.logs.filter((l) => l.component === id && hostMatches(facts, l.host, wanted)).map((l) => l.file);
  const out: string[] = [];
  for (const [key, st] of facts.sources) {
    if (!st.ok || !key.startsWith(`cmd:${id}`)) continue;
    const host = key.includes('@') ? key.slice(key.indexOf('@') + 1) : null;
    if (host && !hostMatches(facts, host, wanted)) continue;
    out.push(...st.files);
  }
  return out;
}

/** Requirements: `log:<component>[@role]`, `cmd:<parser-id>[@role]`, `migration`. */
function checkRequirement(req: string, ctx: EngineContext): MissingData | null {
  const { facts, mig } = ctx;
  if (req === 'migration') {
    return mig.record ? null : { requirement: req, what: 'the migration record', reason: 'no `server migration list` row for this migration', collect: `openstack server migration list --server ${mig.instance} -f json` };
  }
  const [kind, rest] = req.split(':') as [string, string];
  const [id, role = 'any'] = rest.split('@') as [string, string];
  const wanted = hostsForRole(facts, mig, role as never);
  const hostLabel = role === 'any' ? 'the source or target host' : `the ${role} host${wanted && wanted[0] ? ` (${wanted[0]})` : ''}`;
  if (kind === 'log') {
    const present = facts.logs.some((l) => l.component === id && hostMatches(facts, l.host, wanted));
    if (present) return null;
    const plane = ['nova-api', 'nova-scheduler', 'nova-conductor', 'placement-api', 'neutron-server', 'cinder-api'].includes(id);
    return {
      requirement: req,
      what: `${id} log of ${plane ? 'the management plane' : hostLabel}`,
      reason: 'no such log file in the bundle',
      collect: plane
        ? `collect.sh mgmt --vm ${mig.instance} --namespace <region>   # kubectl logs deployment/${id}`
        : `collect.sh host --since <time> --until <time>   # on ${wanted?.[0] ?? 'the source and target hosts'}`,
    };
  }
  const parser = COMMAND_PARSERS.find((p) => p.id === id);
  const command = (parser?.command ?? id).replace('<VM>', mig.instance).replace('<HOST>', wanted?.[0] ?? '<host>');
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
  if (ok) return null;
  return {
    requirement: req,
    what: `${(parser?.command ?? id).replace(/ -f json$/, '').replace('<VM>', mig.instance).replace('<HOST>', wanted?.[0] ?? '<host>')}${parser?.scope === 'host' ? ` on ${hostLabel}` : ''}`,
    reason,
    collect: parser?.scope === 'host' ? `collect.sh host   # on ${wanted?.[0] ?? 'the source and target hosts'}; runs: ${command}` : command,
  };
}
