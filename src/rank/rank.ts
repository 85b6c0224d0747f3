/**
 * Ranking: a score in [0, 1] per cause from its rules' evidence strength, how directly the evidence
 * is tied to this migration (same request beats same instance beats a host's line in the window),
 * and agreement with the stage where the timeline says it broke. A cause that explains another
 * (target compute down explains "No valid host") keeps the symptom below it.
 */
import type { Evidence, MissingData, RuleResult } from '../rules/engine';
import { CAUSE_IDS, type CauseId, type Stage } from '../rules/schema';
import type { Status } from '../facts/migration';

export const CAUSE_TITLES: Record<CauseId, string> = {
  'libvirt-tls': 'Libvirt TLS between source and target fails',
  'az-aggregate-mismatch': 'Target is in another availability zone or lacks the aggregate metadata',
  'cpu-incompatible': "Target CPU cannot run the guest's CPU model or features",
  'insufficient-resources': 'Target lacks RAM, vCPU or disk for the VM',
  'placement-allocation': 'Placement refused or lost the allocation',
  'storage-volume': 'Target cannot reach the volume (iSCSI / multipath / cinder-volume)',
  'shared-storage-mismatch': 'Shared storage and block migration do not fit together',
  'port-binding': "Neutron cannot bind the VM's port on the target",
  'compute-service-down': 'nova-compute, libvirtd or the host agent is down or disabled',
  'invalid-instance-state': 'The VM is not in a state that allows this migration',
  'migration-not-converging': 'Live migration does not converge, times out or was aborted',
  'cold-migration-ssh': 'Cold migration cannot copy the disk between hosts (SSH)',
  'evacuation-source-up': "Evacuation refused: the source host's compute service is still up",
};

/** Below this a cause is listed as a warning ("weak evidence"), not as a failure cause. */
export const MIN_CAUSE_SCORE = 0.15;

export interface RankedCause {
  id: CauseId;
  title: string;
  score: number;
  /** the one-line reason of the strongest rule */
  why: string;
  evidence: Evidence[];
  remediation: string;
  rules: { id: string; title: string; message: string; score: number; tie: number; stage: Stage | null }[];
  explainedBy: CauseId | null;
  /** for runners-up: why this one is not first */
  whyNotFirst: string | null;
}

export type CheckStateName = 'found' | 'ruled-out' | 'warning' | 'not-checked';

export interface CheckState {
  cause: CauseId;
  title: string;
  state: CheckStateName;
  detail: string;
  rulesRun: number;
  missing: MissingData[];
}

export interface Ranking {
  causes: RankedCause[];
  warnings: RankedCause[];
  checks: CheckState[];
}

function stageFactor(ruleStage: Stage | undefined, failed: Stage | 'unknown' | null): number {
  if (!ruleStage || !failed || failed === 'unknown') return 0.9;
  return ruleStage === failed ? 1 : 0.75;
}

const round = (x: number) => Math.round(x * 100) / 100;

export function rank(results: RuleResult[], failedStage: Stage | 'unknown' | null, status: Status): Ranking {
  const byCause = new Map<CauseId, RuleResult[]>();
  for (const r of results) {
    const list = byCause.get(r.rule.cause) ?? [];
    list.push(r);
    byCause.set(r.rule.cause, list);
  }
  const found: RankedCause[] = [];
  const warnings: RankedCause[] = [];
  const explains = new Map<CauseId, Set<CauseId>>();
  for (const [cause, list] of byCause) {
    const hits = list.filter((r) => r.state === 'found');
    const causeHits = hits.filter((r) => r.rule.severity === 'cause');
    const warnHits = hits.filter((r) => r.rule.severity === 'warning');
    if (causeHits.length) {
      const scored = causeHits
        .map((r) => ({ r, s: r.rule.strength * r.tie * stageFactor(r.rule.stage, failedStage) }))
        .sort((a, b) => b.s - a.s);
      const score = Math.min(0.99, 1 - scored.reduce((p, { s }) => p * (1 - s), 1));
      const ex = new Set<CauseId>();
      for (const { r } of scored) for (const e of r.rule.explains) ex.add(e);
      explains.set(cause, ex);
      found.push(toRanked(cause, scored, round(score)));
    }
    if (warnHits.length) {
      const scored = warnHits.map((r) => ({ r, s: r.rule.strength * r.tie })).sort((a, b) => b.s - a.s);
      warnings.push(toRanked(cause, scored, round(scored[0]!.s)));
    }
  }
  found.sort((a, b) => b.score - a.score);
  // A cause that explains another keeps it below itself. When the other's evidence is nothing but
  // lines the explaining cause already quotes (the ambiguous "no allocation candidates"), it is the
  // same symptom counted twice: it is dropped.
  const evidenceKeys = (id: CauseId) =>
    new Set((byCause.get(id) ?? []).filter((r) => r.state === 'found').flatMap((r) => r.evidence.map((e) => `${e.file}|${e.line}|${e.text}`)));
  const dropped = new Set<RankedCause>();
  for (const a of found) {
    for (const b of found) {
      if (a === b || !explains.get(a.id)?.has(b.id) || b.explainedBy || dropped.has(a)) continue;
      // a weak finding does not push a strong one down
      if (a.score < b.score * 0.75) continue;
      const mine = evidenceKeys(a.id);
      const theirs = [...evidenceKeys(b.id)];
      if (theirs.length && theirs.every((k) => mine.has(k))) {
        dropped.add(b);
        continue;
      }
      if (b.score >= a.score * 0.95) b.score = round(a.score * 0.9);
      b.explainedBy = a.id;
    }
  }
  for (let i = found.length - 1; i >= 0; i--) if (dropped.has(found[i]!)) found.splice(i, 1);
  found.sort((a, b) => b.score - a.score);
  let causes = found.filter((c) => c.score >= MIN_CAUSE_SCORE);
  for (const weak of found.filter((c) => c.score < MIN_CAUSE_SCORE)) {
    warnings.push({ ...weak, why: `weak evidence: ${weak.why}` });
  }
  if (status === 'succeeded') {
    // A migration that succeeded has no failure cause; what matched is worth a look at most.
    for (const c of causes) warnings.push({ ...c, why: `seen, but the migration succeeded: ${c.why}` });
    causes = [];
  }
  const top = causes[0];
  for (const c of causes.slice(1)) c.whyNotFirst = whyNotFirst(c, top!, failedStage);

  const checks: CheckState[] = CAUSE_IDS.map((cause) => {
    const all = byCause.get(cause) ?? [];
    const list = all.filter((r) => r.state !== 'not-applicable');
    const missing = list.flatMap((r) => r.missing);
    const uniqueMissing = [...new Map(missing.map((m) => [`${m.requirement}|${m.what}`, m])).values()];
    const ran = list.filter((r) => r.state !== 'not-checked');
    const title = CAUSE_TITLES[cause];
    if (causes.some((c) => c.id === cause)) {
      const c = causes.find((x) => x.id === cause)!;
      return { cause, title, state: 'found', detail: c.why, rulesRun: ran.length, missing: uniqueMissing };
    }
    const w = warnings.find((x) => x.id === cause);
    if (w) return { cause, title, state: 'warning', detail: w.why, rulesRun: ran.length, missing: uniqueMissing };
    if (!list.length && all.length) return { cause, title, state: 'ruled-out', detail: 'does not apply to this kind of migration', rulesRun: 0, missing: [] };
    // A check whose logs hold nothing of the migration's time is not ruled out by the others.
    const gapped = list.filter((r) => r.state === 'not-checked' && r.missing.some((m) => m.gap));
    if (gapped.length) {
      return {
        cause,
        title,
        state: 'not-checked',
        detail: `${gapped.length} of its ${list.length} check(s) need logs that hold nothing of the migration's time${ran.length ? `; the ${ran.length} that ran on other data found nothing` : ''}`,
        rulesRun: ran.length,
        missing: uniqueMissing,
      };
    }
    if (!list.length) return { cause, title, state: 'not-checked', detail: 'no rule for this cause', rulesRun: 0, missing: [] };
    if (!ran.length) {
      return { cause, title, state: 'not-checked', detail: `the data its ${list.length} check(s) need is missing`, rulesRun: 0, missing: uniqueMissing };
    }
    const skipped = list.length - ran.length;
    const looked = [...new Set(ran.flatMap((r) => r.checked))];
    const shown = looked.slice(0, 6).map((f) => f.replace(/^.*!/, '')).join(', ');
    // Ruled out only when the data to rule it out was there: a check that could not run, or ran
    // with part of its data missing, leaves the cause not checked.
    if (skipped || ran.some((r) => r.missing.length)) {
      return {
        cause,
        title,
        state: 'not-checked',
        detail: `${ran.length} check(s) found nothing on the data present, but ${uniqueMissing.length} input(s) they need are missing${skipped ? ` (${skipped} check(s) could not run at all)` : ''}`,
        rulesRun: ran.length,
        missing: uniqueMissing,
      };
    }
    return {
      cause,
      title,
      state: 'ruled-out',
      detail: `${ran.length} check(s) ran on the data present and found nothing${skipped ? `; ${skipped} more could not run (data missing)` : ''}${looked.length ? `. Looked at: ${shown}${looked.length > 6 ? ` and ${looked.length - 6} more` : ''}` : ''}. Checks: ${ran.map((r) => r.rule.title).join('; ')}`,
      rulesRun: ran.length,
      missing: uniqueMissing,
    };
  });
  return { causes, warnings, checks };
}

function toRanked(cause: CauseId, scored: { r: RuleResult; s: number }[], score: number): RankedCause {
  const best = scored[0]!.r;
  return {
    id: cause,
    title: CAUSE_TITLES[cause],
    score,
    why: best.message,
    evidence: uniqueEvidence(scored.flatMap(({ r }) => r.evidence)).slice(0, 8),
    remediation: withFindings(best.remediation, scored.map(({ r }) => r)),
    rules: scored.map(({ r, s }) => ({ id: r.rule.id, title: r.rule.title, message: r.message, score: round(s), tie: r.tie, stage: r.rule.stage ?? null })),
    explainedBy: null,
    whyNotFirst: null,
  };
}

/**
 * A next step whose answer is already in the bundle is not suggested: the command lines of the
 * remediation that re-run an output the evidence cites (`openssl x509 … clientcert.pem` when
 * `openssl_x509_clientcert.txt` is quoted) are dropped, and what those outputs showed is stated
 * first, with the line it is read from.
 */
function withFindings(remediation: string, rules: RuleResult[]): string {
  // what a check would answer; not the migration's own status restated ("failed stage: …")
  const cited = rules.flatMap((r) => r.evidence).filter((e) => e.says && e.file && !/^(failed stage|migration (record )?status):/.test(e.says));
  if (!cited.length) return remediation;
  const outputs = cited.map((e) => {
    // the output's name says the command: `openssl_x509_clientcert.txt`, `compute service list.txt`
    const base = e.file!.replace(/^.*[\\/!]/, '').replace(/\.(txt|json|xml|out)$/, '');
    const [a = '', b = '', ...arg] = base.split(/[_\s]+/);
    return { prefix: `${a} ${b}`.trim(), arg: arg.join(' ').replace(/\.(service|socket)$/, '') };
  });
  const answered = (line: string) => outputs.some((o) => o.prefix.includes(' ') && line.includes(o.prefix) && o.arg.split(' ').every((w) => !w || line.includes(w)));
  let inCode = false;
  const kept = remediation.split('\n').filter((l) => {
    if (/^\s*```/.test(l)) {
      inCode = !inCode;
      return true;
    }
    return !(inCode && answered(l));
  });
  // a block left empty goes, with the sentence that introduced it ("On the target (x):")
  const text = kept.join('\n').replace(/(^|\n)[^\n`]*:\n```[^\n]*\n```(?=\n|$)/g, '$1').replace(/```[^\n]*\n```\n?/g, '');
  // each finding with the first step its own rule gives (`systemctl enable --now …`), when it is
  // not a command whose answer is already here
  const stepOf = (r: RuleResult): string | null => {
    const m = /```[^\n]*\n([\s\S]*?)```/.exec(r.remediation);
    // a step that changes something; a look (`openssl x509 …`, `ss -tlnp`, `… show`) would only repeat the finding
    const look = /^(sudo )?(openssl|ss|nc|cat|grep|tail|journalctl|virsh|lscpu|df|free|iscsiadm -m session|multipath -ll|systemctl status|openstack (\S+ )*(show|list))\b/;
    const line = m?.[1]?.split('\n').map((l) => l.trim()).find((l) => l && !answered(l) && !look.test(l));
    return line ?? null;
  };
  const seen = new Set<string>();
  const facts: string[] = [];
  for (const r of rules) {
    for (const e of r.evidence) {
      if (!cited.includes(e) || seen.has(e.says!)) continue;
      seen.add(e.says!);
      const step = r === rules[0] ? null : stepOf(r);
      facts.push(`- ${e.says} (\`${e.file!.replace(/^.*!/, '')}:${e.line ?? ''}\`)${step ? `: \`${step.replace(/`/g, "'")}\`` : ''}`);
    }
  }
  return `**Already in the bundle:**\n${facts.join('\n')}\n\n${text}`;
}

/** Two rules quoting the same line show it once. */
function uniqueEvidence(list: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const key = `${e.file}|${e.line}|${e.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function whyNotFirst(c: RankedCause, top: RankedCause, failedStage: Stage | 'unknown' | null): string {
  if (c.explainedBy) return `explained by ${c.explainedBy}: it is a consequence, not the cause`;
  const tieC = Math.max(...c.rules.map((r) => r.tie));
  const tieT = Math.max(...top.rules.map((r) => r.tie));
  const reasons: string[] = [];
  if (tieC < tieT) {
    reasons.push(
      tieC < 0.5
        ? 'its evidence is not tied to this migration (other request, earlier attempt, or only a host-wide line)'
        : 'its evidence is less directly tied to this migration than the top cause',
    );
  }
  const stages = c.rules.map((r) => r.stage).filter(Boolean);
  if (failedStage && failedStage !== 'unknown' && stages.length && !stages.includes(failedStage)) {
    reasons.push(`it belongs to the ${stages[0]} stage, while the migration broke in ${failedStage}`);
  }
  if (!reasons.length) reasons.push('its evidence is weaker');
  return reasons.join('; ');
}
