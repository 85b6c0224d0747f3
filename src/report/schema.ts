/**
 * The JSON report. The stable core of shared/causes.md keeps its names and meaning (schemaVersion,
 * migrations[].instance/type/source/target/status/requestId/failedStage/causes/warnings, notChecked,
 * inventory); everything else is added beside it.
 */
import { z } from 'zod';
import { CauseId } from '../rules/schema';

export const EvidenceJson = z.object({
  file: z.string().nullable(),
  line: z.number().nullable(),
  text: z.string(),
  time: z.string().nullable(),
  host: z.string().nullable(),
  component: z.string().nullable(),
  /** the part of `text` the rule matched */
  match: z.string().nullable(),
  /** lines that followed in the log (traceback) */
  context: z.array(z.string()),
  /** request | instance | window | any | earlier | fact */
  tie: z.string(),
});

export const CauseJson = z.object({
  id: CauseId,
  title: z.string(),
  score: z.number().min(0).max(1),
  evidence: z.array(EvidenceJson),
  remediation: z.string(),
  why: z.string(),
  rules: z.array(z.object({ id: z.string(), title: z.string(), message: z.string(), score: z.number(), tie: z.number(), stage: z.string().nullable() })),
  explainedBy: CauseId.nullable(),
  whyNotFirst: z.string().nullable(),
});

export const WarningJson = z.object({
  id: z.string(),
  title: z.string(),
  why: z.string(),
  evidence: z.array(EvidenceJson),
});

export const StageJson = z.object({
  stage: z.string(),
  status: z.enum(['reached', 'failed', 'not-seen']),
  first: z.string().nullable(),
});

export const TimelineEventJson = z.object({
  time: z.string().nullable(),
  stage: z.string(),
  kind: z.string(),
  label: z.string(),
  lane: z.string(),
  file: z.string().nullable(),
  line: z.number().nullable(),
  text: z.string(),
});

export const CheckJson = z.object({
  cause: CauseId,
  title: z.string(),
  state: z.enum(['found', 'ruled-out', 'warning', 'not-checked']),
  detail: z.string(),
  rulesRun: z.number(),
  missing: z.array(z.object({ requirement: z.string(), what: z.string(), reason: z.string(), collect: z.string() })),
});

/** CPU of one end of the migration (`virsh capabilities`, `lscpu` or the hypervisor's cpu_info) */
export const CpuHostJson = z.object({
  host: z.string().nullable(),
  model: z.string().nullable(),
  /** null: not known (not collected) */
  features: z.array(z.string()).nullable(),
});

/** A libvirt TLS certificate found on the source or target (`openssl x509 …`) */
export const CertificateJson = z.object({
  host: z.string().nullable(),
  role: z.enum(['source', 'target']),
  file: z.string(),
  subjectCN: z.string().nullable(),
  issuerCN: z.string().nullable(),
  notBefore: z.string().nullable(),
  notAfter: z.string().nullable(),
  sans: z.array(z.string()),
});

/** A host of the migration whose logs in the bundle hold nothing of its time (facts/coverage.ts) */
export const LogGapJson = z.object({
  host: z.string(),
  role: z.enum(['source', 'target']),
  message: z.string(),
  /** the collect.sh run, on that host, that gathers the logs of the migration's time */
  command: z.string(),
});

export const MigrationJson = z.object({
  instance: z.string(),
  type: z.enum(['live-migration', 'block-live-migration', 'cold-migration', 'resize', 'evacuation', 'unknown']),
  source: z.string().nullable(),
  target: z.string().nullable(),
  status: z.enum(['failed', 'succeeded', 'in-progress', 'unknown']),
  requestId: z.string().nullable(),
  failedStage: z.enum(['api', 'scheduling', 'pre-migration', 'transfer', 'post-migration', 'unknown']).nullable(),
  causes: z.array(CauseJson),
  warnings: z.array(WarningJson),
  // additions beyond the stable core
  instanceName: z.string().nullable(),
  instanceStatus: z.string().nullable(),
  rawStatus: z.string().nullable(),
  migrationId: z.string().nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  requestIdFrom: z.string().nullable(),
  failedStageWhy: z.string().nullable(),
  note: z.string().nullable(),
  fault: z.string().nullable(),
  timeline: z.object({ stages: z.array(StageJson), events: z.array(TimelineEventJson), orderNote: z.string().nullable() }),
  checks: z.array(CheckJson),
  capacity: z.record(z.string(), z.unknown()).nullable(),
  /** source vs target CPU; null when neither end's CPU is known */
  cpu: z.object({ source: CpuHostJson, target: CpuHostJson }).nullable(),
  certificates: z.array(CertificateJson),
  /** hosts whose logs do not cover the migration: the report asks for them first */
  logGaps: z.array(LogGapJson).optional(),
});

export const ReportJson = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.string(), version: z.string() }),
  generatedAt: z.string(),
  inputs: z.array(z.string()),
  migrations: z.array(MigrationJson),
  /**
   * why the input gives nothing to diagnose (no migration or failure line, nothing readable, no
   * instance matching --instance), in one line; null when there is a migration to report on.
   * The CLI exits 6 when it is set.
   */
  nothingDiagnosable: z.string().nullable(),
  notChecked: z.array(z.object({ check: z.string(), missing: z.string(), collect: z.string() })),
  inventory: z.array(
    z.object({ path: z.string(), recognisedAs: z.string().nullable(), status: z.enum(['parsed', 'skipped', 'unreadable']), reason: z.string() }),
  ),
  collectorErrors: z.array(z.object({ command: z.string(), reason: z.string(), host: z.string().nullable(), file: z.string().nullable() })),
  stats: z.object({
    entries: z.number(),
    logLines: z.number(),
    logBytes: z.number(),
    eventsKept: z.number(),
    eventsDropped: z.number(),
    requestsSeen: z.number(),
    rulesLoaded: z.number(),
    redactions: z.number(),
  }),
});
export type ReportJson = z.infer<typeof ReportJson>;
export type MigrationJson = z.infer<typeof MigrationJson>;
