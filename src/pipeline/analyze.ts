/**
 * The whole analysis: inputs → entries → recognition and parsing → facts → migrations and their
 * timelines → rules → ranking → the JSON report (redacted and validated). Rendering to HTML and
 * Markdown happens on the JSON report only, so all three reports say the same.
 */
import { readInputs } from '../archive/read';
import { DEFAULT_LIMITS, type Limits } from '../archive/types';
import { buildFacts, type Facts } from '../facts/build';
import { findMigrations, instanceArg, type Migration } from '../facts/migration';
import { logCoverage } from '../facts/coverage';
import { STAGE_MARKERS } from '../facts/stages';
import { SIGNAL_CONDITIONS } from '../facts/signals';
import { buildTimeline } from '../facts/timeline';
import { buildView } from '../facts/view';
import type { Certificate } from '../facts/model';
import { rank } from '../rank/rank';
import { createRedactor, redactDeep } from '../report/redact';
import { shortenDeep } from '../report/safe-text';
import { ReportJson, type MigrationJson } from '../report/schema';
import { coverageOf, runRules, type Evidence } from '../rules/engine';
import { loadRules, type LoadedRule } from '../rules/load';
import { MatcherRegistry } from '../rules/matchers';
import type { Condition } from '../rules/schema';
import { Collector } from './collect';
import { knownInstances, matchesInstance, nothingDiagnosable } from './diagnosable';
import { VERSION } from '../version';

export interface AnalyzeOptions {
  inputs: string[];
  instance?: string;
  limits?: Partial<Limits>;
  rules?: LoadedRule[];
  rulesDir?: string;
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
  /** at most this many migrations get their own analysis (newest first, the lead always) */
  maxMigrations?: number;
  /** fixed clock for reproducible reports (tests); the analysis itself never uses the clock */
  now?: Date;
}

export interface AnalyzeResult {
  report: ReportJson;
  /** the lead migration, for the exit code */
  lead: MigrationJson | null;
  /** ids of the rules that fired for the lead migration (for `rules test`) */
  leadRuleHits: string[];
  /** why the input gives nothing to diagnose (also `report.nothingDiagnosable`), or null */
  nothingDiagnosable: string | null;
  /** where the bundle came from, per its manifests (for `batch` and `fleet`; not part of the report) */
  origin: BundleOrigin;
}

export interface BundleOrigin {
  region: string | null;
  /** a `cluster` key a collector or a person added to the manifest */
  cluster: string | null;
  /** a `case` key (the support case the bundle belongs to) */
  case: string | null;
}

function originOf(facts: Facts): BundleOrigin {
  const pick = (key: string): string | null => {
    for (const m of facts.manifests) {
      const v = (m.manifest as Record<string, unknown>)[key];
      if (typeof v === 'string' && v.trim()) return v.trim();
    }
    return null;
  };
  return { region: pick('region'), cluster: pick('cluster'), case: pick('case') };
}

export class RulesInvalidError extends Error {}

/** Every log condition inside a rule's condition tree. */
export function logConditions(c: Condition): import('../rules/schema').LogCondition[] {
  if ('log' in c) return [c.log];
  if ('absent' in c) return [c.absent.log];
  if ('count' in c) return [c.count.log];
  if ('all' in c) return c.all.flatMap(logConditions);
  if ('any' in c) return c.any.flatMap(logConditions);
  if ('not' in c) return logConditions(c.not);
  return [];
}

export function buildRegistry(rules: LoadedRule[]): MatcherRegistry {
  const registry = new MatcherRegistry();
  for (const m of STAGE_MARKERS) registry.add(m.cond);
  for (const c of SIGNAL_CONDITIONS) registry.add(c);
  for (const r of rules) for (const c of logConditions(r.when)) registry.add(c);
  return registry;
}

export async function analyze(opts: AnalyzeOptions): Promise<AnalyzeResult> {
  let rules = opts.rules;
  if (!rules) {
    const set = loadRules(opts.rulesDir);
    if (set.errors.length) {
      throw new RulesInvalidError(`${set.errors.length} rule file problem(s); run \`migration-doctor rules lint\``);
    }
    rules = set.rules;
  }
  const limits: Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const registry = buildRegistry(rules);
  const collector = new Collector(registry, limits);
  let entries = 0;
  await readInputs(opts.inputs, {
    limits,
    onEntry: (entry, stream) => {
      entries++;
      return collector.onEntry(entry, stream);
    },
    onNote: (n) => collector.note(n),
    onProgress: opts.onProgress,
  });
  const facts = buildFacts(collector.out, registry);
  const causeMatchers = new Set<number>();
  for (const r of rules) for (const c of logConditions(r.when)) {
    const m = registry.get(c);
    if (m) causeMatchers.add(m.id);
  }
  const known = knownInstances(facts);
  // an --instance that matches nothing in the input gets no made-up entry: the reason lists what is there
  const wanted = opts.instance;
  const matched = !wanted || known.some((id) => matchesInstance(id, wanted));
  const migrations = matched ? pickMigrations(facts, opts.instance, opts.maxMigrations ?? 8, causeMatchers) : [];
  const hits: string[][] = [];
  const migJson: MigrationJson[] = migrations.map((m) => analyzeMigration(facts, registry, rules!, m, hits));
  if (!migrations.length && matched) migJson.push(...noMigration(facts, opts.instance));

  // a cause already settled (score ≥ 0.9) needs no more logs; otherwise ask for the missing parts first
  const settled = (migJson[0]?.causes[0]?.score ?? 0) >= 0.9;
  const notChecked = [...(settled ? [] : missingParts(facts, migrations[0] ?? null)), ...collectNotChecked(migJson[0] ?? null, opts.instance)];
  const redactor = createRedactor();
  const raw: ReportJson = {
    schemaVersion: 1,
    tool: { name: 'migration-doctor', version: VERSION },
    generatedAt: (opts.now ?? new Date()).toISOString(),
    inputs: opts.inputs.map((i) => i.split(/[\\/]/).filter(Boolean).pop() ?? i),
    migrations: migJson,
    nothingDiagnosable: nothingDiagnosable({ migrations: migJson, inventory: collector.out.inventory }, opts.instance, known),
    notChecked,
    inventory: collector.out.inventory,
    collectorErrors: facts.collectorErrors.map((e) => ({ command: e.command, reason: e.reason, host: e.host, file: e.file })),
    stats: {
      entries,
      logLines: facts.logs.reduce((n, l) => n + l.lines, 0),
      logBytes: facts.logs.reduce((n, l) => n + l.bytes, 0),
      eventsKept: facts.events.events.length,
      eventsDropped: facts.events.droppedEvents,
      requestsSeen: facts.events.requests.size,
      rulesLoaded: rules.length,
      redactions: 0,
    },
  };
  // masked first, then shortened: a secret is never cut in half before the masking sees it
  const report = shortenDeep(redactDeep(raw, redactor));
  report.stats.redactions = redactor.count;
  const checked = ReportJson.parse(report);
  return { report: checked, lead: checked.migrations[0] ?? null, leadRuleHits: hits[0] ?? [], nothingDiagnosable: checked.nothingDiagnosable, origin: originOf(facts) };
}

/**
 * The migration asked about leads: the newest migration of the instance given with --instance, else
 * of the instance whose migration failed most recently. A failure that a later migration of the same
 * instance superseded (the retry succeeded) is listed below it, not in the lead.
 */
function pickMigrations(facts: Facts, instance: string | undefined, max: number, causeMatchers: ReadonlySet<number>): Migration[] {
  let all = findMigrations(facts, causeMatchers);
  if (instance) all = all.filter((m) => m.instance === instance || m.instance.startsWith(instance));
  // newest first; attempts without a time (a pasted refusal) count as the newest
  const t = (m: Migration) => m.start ?? Number.MAX_SAFE_INTEGER;
  all.sort((a, b) => t(b) - t(a));
  const chosen = (all.find((m) => m.status === 'failed') ?? all[0])?.instance;
  const lead = all.find((m) => m.instance === chosen);
  if (!lead) return [];
  return [lead, ...all.filter((m) => m !== lead)].slice(0, max);
}

function evidenceJson(e: Evidence) {
  return {
    file: e.file,
    line: e.line,
    text: e.text,
    time: e.time,
    host: e.host,
    component: e.component,
    match: e.highlight ? e.text.slice(e.highlight[0], e.highlight[1]) : null,
    context: e.context,
    tie: e.tie,
    says: e.says ?? null,
  };
}

function analyzeMigration(
  facts: Facts,
  registry: MatcherRegistry,
  rules: LoadedRule[],
  mig: Migration,
  hits: string[][],
): MigrationJson {
  const timeline = buildTimeline(facts, registry, mig);
  const { view, provenance } = buildView(facts, mig, timeline);
  const ctx = { facts, registry, mig, view, provenance };
  const results = runRules(rules, ctx);
  const logGaps = coverageOf(ctx).gaps.map((g) => ({ host: g.host, role: g.role, message: g.message, command: g.command }));
  // a rule "fires" for `rules test` when it found evidence tied to this migration, not only to an earlier attempt
  hits.push(results.filter((r) => r.state === 'found' && r.tie >= 0.5).map((r) => r.rule.id));
  const ranking = rank(results, timeline.failedStage, mig.status);
  const inst = view.instance;
  const d = view.derived;
  // a Platform9 compute host id is a UUID: the report also names the node by its DNS name
  const dnsOf = (h: string | null) =>
    h && /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(h)
      ? (facts.directory.aliases(h).filter((a) => !/^[0-9a-f]{8}-[0-9a-f]{4}-|^\d+\.\d+\.\d+\.\d+$|:/i.test(a)).sort((a, b) => b.length - a.length)[0] ?? null)
      : null;
  return {
    sourceName: dnsOf(mig.source),
    targetName: dnsOf(mig.target),
    instance: mig.instance,
    type: mig.type,
    source: mig.source,
    target: mig.target,
    status: mig.status,
    requestId: mig.requestId,
    failedStage: timeline.failedStage,
    causes: ranking.causes.map((c) => ({
      id: c.id,
      title: c.title,
      score: c.score,
      evidence: c.evidence.map(evidenceJson),
      remediation: c.remediation,
      why: c.why,
      rules: c.rules,
      explainedBy: c.explainedBy,
      whyNotFirst: c.whyNotFirst,
    })),
    warnings: ranking.warnings.map((w) => ({ id: w.id, title: w.title, why: w.why, evidence: w.evidence.map(evidenceJson) })),
    instanceName: inst?.instanceName ?? null,
    instanceStatus: inst?.status ?? null,
    rawStatus: mig.rawStatus,
    migrationId: mig.record?.id ?? null,
    createdAt: mig.record?.createdAt ?? (mig.start !== null ? new Date(mig.start).toISOString() : null),
    updatedAt: mig.record?.updatedAt ?? null,
    requestIdFrom: mig.requestIdFrom,
    failedStageWhy: timeline.failedStageWhy,
    note: mig.synthesizedFrom,
    fault: inst?.fault?.message ?? null,
    timeline: {
      stages: timeline.stages.map((s) => ({
        stage: s.stage,
        status: s.status,
        first: s.first !== null ? new Date(s.first).toISOString() : null,
        why: s.why,
        file: s.event?.file ?? null,
        line: s.event?.line ?? null,
        text: s.event?.text ?? null,
      })),
      events: timeline.events.slice(0, 200).map((e) => ({ ...e, time: e.time !== null ? new Date(e.time).toISOString() : null })),
      orderNote: timeline.orderNote,
    },
    checks: ranking.checks,
    capacity:
      view.flavor || view.target.hypervisor
        ? {
            flavorRamMb: d.flavorRamMb ?? null,
            flavorVcpus: view.flavor?.vcpus ?? null,
            flavorDiskGb: d.flavorDiskGb ?? null,
            targetFreeRamMb: d.targetFreeRamMb ?? null,
            targetFreeVcpus: d.targetFreeVcpus ?? null,
            targetFreeDiskGb: d.targetFreeDiskGb ?? null,
            targetMemoryMb: view.target.hypervisor?.memoryMb ?? null,
            targetVcpus: view.target.hypervisor?.vcpus ?? null,
            targetLocalGb: view.target.hypervisor?.localGb ?? null,
          }
        : null,
    cpu:
      view.source.cpuModel !== null || view.source.cpuFeatures !== null || view.target.cpuModel !== null || view.target.cpuFeatures !== null
        ? {
            source: { host: mig.source, model: view.source.cpuModel, features: view.source.cpuFeatures },
            target: { host: mig.target, model: view.target.cpuModel, features: view.target.cpuFeatures },
          }
        : null,
    certificates: [
      ...view.source.certificates.map((c) => certificateJson(c, mig.source, 'source')),
      ...view.target.certificates.map((c) => certificateJson(c, mig.target, 'target')),
    ],
    logGaps,
  };
}

function certificateJson(c: Certificate, host: string | null, role: 'source' | 'target') {
  return { host, role, file: c.file, subjectCN: c.subjectCN, issuerCN: c.issuerCN, notBefore: c.notBefore, notAfter: c.notAfter, sans: c.sans };
}

/** No migration record and no refused request: say what the bundle does show. */
function noMigration(facts: Facts, instance: string | undefined): MigrationJson[] {
  const inst = instance ? facts.instances.get(instance) : facts.instances.size ? [...facts.instances.values()][0] : undefined;
  const id = instance ?? inst?.id ?? facts.manifests.flatMap((m) => m.manifest.vms ?? [])[0];
  if (!id) return [];
  return [
    {
      instance: id,
      type: 'unknown',
      source: inst?.host ?? null,
      target: null,
      status: 'unknown',
      requestId: null,
      failedStage: null,
      sourceName: null,
      targetName: null,
      causes: [],
      warnings: [],
      instanceName: inst?.instanceName ?? null,
      instanceStatus: inst?.status ?? null,
      rawStatus: null,
      migrationId: null,
      createdAt: null,
      updatedAt: null,
      requestIdFrom: null,
      failedStageWhy: null,
      note: 'the bundle holds no migration record and no migration request for this instance',
      fault: inst?.fault?.message ?? null,
      timeline: { stages: [], events: [], orderNote: null },
      checks: [],
      capacity: null,
      cpu: null,
      certificates: [],
      logGaps: [],
    },
  ];
}

/**
 * A migration with no record and no management-plane data, or found from log lines that name no
 * host: name the parts that would settle it first, with the exact collect.sh command (coverage.ts:
 * the migration's time window, an hour either side, and the other end as the peer). A known host's
 * missing logs are asked for by the checks that need them (rules/missing.ts), and a host whose logs
 * miss the migration's time by the coverage gaps at the top of the report.
 */
function missingParts(facts: Facts, mig: Migration | null): { check: string; missing: string; collect: string; runOn: string | null }[] {
  if (!mig) return [];
  const out: { check: string; missing: string; collect: string; runOn: string | null }[] = [];
  const cov = logCoverage(facts, mig);
  const vm = instanceArg(mig);
  if (!mig.record && !facts.instances.size) {
    out.push({
      check: 'the migration itself',
      missing: 'the migration record, the instance actions and the management plane logs (nova-api, scheduler, conductor, placement): the input holds none',
      collect: `collect.sh mgmt --vm ${vm} --namespace <region> ${cov.windowArgs}`,
      runOn: null,
    });
  }
  // a host the evidence does not name: the checks' own requests cannot say where to run; this does
  if (mig.fromLogs) {
    for (const [role, host, other] of [['source', mig.source, mig.target], ['target', mig.target, mig.source]] as const) {
      if (host !== null) continue;
      out.push({
        check: `the ${role} host`,
        missing: `the evidence does not name the ${role} host, so its lines could not be told apart`,
        collect: `sudo bash collect.sh host ${cov.windowArgs}${other ? ` --peer ${other}` : ''}   # on the ${role} node`,
        runOn: null,
      });
    }
  }
  return out;
}

function collectNotChecked(lead: MigrationJson | null, instance: string | undefined) {
  const out: { check: string; missing: string; collect: string; runOn: string | null }[] = [];
  const seen = new Set<string>();
  for (const c of lead?.checks ?? []) {
    for (const m of c.missing) {
      const key = `${c.cause}|${m.requirement}|${m.what}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ check: `${c.cause}: ${c.title}`, missing: `${m.what} (${m.reason})`, collect: m.collect, runOn: m.runOn });
    }
  }
  if (!lead) {
    out.push({
      check: 'the migration itself',
      missing: 'no migration record, instance action or server show in the bundle',
      collect: `collect.sh mgmt --vm ${instance ?? '<instance uuid>'}`,
      runOn: null,
    });
  }
  return out;
}
