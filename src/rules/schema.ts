/**
 * The rule language: what a rule file in `rules/` may say. Validated with zod so that a mistake in a
 * YAML file is reported with the file, the rule and the field, never as a crash at analysis time.
 * docs/rules.md explains it for rule authors.
 */
import { z } from 'zod';

export const CAUSE_IDS = [
  'libvirt-tls',
  'az-aggregate-mismatch',
  'cpu-incompatible',
  'insufficient-resources',
  'placement-allocation',
  'storage-volume',
  'shared-storage-mismatch',
  'port-binding',
  'compute-service-down',
  'invalid-instance-state',
  'migration-not-converging',
  'cold-migration-ssh',
  'evacuation-source-up',
] as const;
export const CauseId = z.enum(CAUSE_IDS);
export type CauseId = z.infer<typeof CauseId>;

export const STAGES = ['api', 'scheduling', 'pre-migration', 'transfer', 'post-migration'] as const;
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;

/** Log components the recognizer assigns to log files. */
export const COMPONENTS = [
  'nova-api',
  'nova-scheduler',
  'nova-conductor',
  'placement-api',
  'nova-compute',
  'libvirtd',
  'qemu',
  'cinder-volume',
  'cinder-api',
  'neutron-server',
  'ovn-controller',
  'hostagent',
  'other',
] as const;
export const Component = z.enum(COMPONENTS);
export type Component = z.infer<typeof Component>;

/** Which host a log line or fact must come from, relative to the migration. */
export const Role = z.enum(['source', 'target', 'storage', 'control', 'any']);
export type Role = z.infer<typeof Role>;

/**
 * How closely a log line must be tied to the migration:
 * - request: carries the migration's request id
 * - instance: names the instance (request id or `[instance: uuid]` or the uuid in the text)
 * - window: any line of the scoped hosts inside the migration's time window
 * - any: anywhere, any time (weakest; for configuration facts that are always true)
 */
export const Scope = z.enum(['request', 'instance', 'window', 'any']);
export type Scope = z.infer<typeof Scope>;

const oneOrMany = <T extends z.ZodType>(t: T) => z.union([t, z.array(t).min(1)]);

export const LogCondition = z.strictObject({
  /** component(s) whose logs are searched; default: all */
  component: oneOrMany(Component).optional(),
  role: Role.default('any'),
  scope: Scope.default('instance'),
  /** minimum level: a line below it does not match (ERROR > WARNING > INFO > DEBUG) */
  level: z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR']).optional(),
  /**
   * Literal text that must appear in the line (all of them, when a list). Written as plain text,
   * no escaping. Also the cheap prefilter hint for `regex`.
   */
  contains: oneOrMany(z.string().min(3)).optional(),
  /** alternative literals: at least one must appear */
  anyOf: z.array(z.string().min(3)).min(1).optional(),
  /** a regular expression (JavaScript syntax) for the line; named groups become message variables */
  regex: z.string().optional(),
  /** text that must NOT appear in the line (for excluding a known benign variant) */
  notContains: oneOrMany(z.string().min(1)).optional(),
  /**
   * the line must name this host or the instance (any of the host's names: compute host, FQDN, IP),
   * e.g. a neutron line "… on host pcd-cmp-03" that carries no request id
   */
  mentions: z.enum(['source', 'target', 'instance']).optional(),
});
export type LogCondition = z.infer<typeof LogCondition>;

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const FactCondition = z.strictObject({
  /** dotted path into the rule view (see docs/rules.md): `target.service.state`, `derived.targetRamShortMb` */
  path: z.string().min(1),
  equals: Scalar.optional(),
  notEquals: Scalar.optional(),
  in: z.array(Scalar).optional(),
  lt: z.union([z.number(), z.string()]).optional(),
  lte: z.union([z.number(), z.string()]).optional(),
  gt: z.union([z.number(), z.string()]).optional(),
  gte: z.union([z.number(), z.string()]).optional(),
  /** string contains (case-insensitive) or list includes */
  contains: Scalar.optional(),
  /** the value is known (not null / not absent); `false`: it is unknown */
  known: z.boolean().optional(),
  /** a list value is non-empty */
  nonEmpty: z.boolean().optional(),
  /** text shown as evidence when the condition holds; `{{value}}` is the fact's value */
  says: z.string().optional(),
});
export type FactCondition = z.infer<typeof FactCondition>;

export type Condition =
  | { log: LogCondition }
  | { fact: FactCondition }
  | { absent: { log: LogCondition } }
  | { count: { log: LogCondition; atLeast: number } }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ log: LogCondition }),
    z.strictObject({ fact: FactCondition }),
    z.strictObject({ absent: z.strictObject({ log: LogCondition }) }),
    z.strictObject({ count: z.strictObject({ log: LogCondition, atLeast: z.number().int().min(1) }) }),
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
    z.strictObject({ not: Condition }),
  ]),
) as z.ZodType<Condition>;

/** A data source a rule needs; when it is missing the check is "not checked" with how to collect it. */
/** The components, parser ids and roles it names are checked by lint.ts, with messages that say which. */
export const Requirement = z.string().regex(
  /^((log|cmd):[a-z0-9-]+(@[a-z]+)?|migration)$/,
  'a requirement is log:<component>[@role], cmd:<parser-id>[@role] or migration',
);

export const Rule = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case words joined by hyphens'),
  cause: CauseId,
  title: z.string().min(5),
  /** why this rule exists, for rule authors and the report's "why suspected" */
  description: z.string().optional(),
  /** how strongly the evidence shows the cause, 0…1, before ranking ties it to the migration */
  strength: z.number().min(0).max(1),
  /** the stage of the migration flow this evidence belongs to */
  stage: Stage.optional(),
  /** 'warning': worth a look but not a failure cause (e.g. a certificate that expires soon) */
  severity: z.enum(['cause', 'warning']).default('cause'),
  when: Condition,
  /** one line shown with the evidence; `{{name}}` takes regex groups and view values */
  message: z.string().min(5),
  /** Markdown; `{{instance}}`, `{{source}}`, `{{target}}`, `{{requestId}}` … are filled in */
  remediation: z.string().min(10),
  requires: z.array(Requirement).default([]),
  /** causes that this finding explains: they are ranked below it (e.g. service down explains No valid host) */
  explains: z.array(CauseId).default([]),
  /** migration types the rule applies to; default all */
  types: z
    .array(z.enum(['live-migration', 'block-live-migration', 'cold-migration', 'resize', 'evacuation', 'unknown']))
    .optional(),
  /** sample bundles under bundles/ that must (positive) and must not (negative) trigger this rule */
  tests: z
    .strictObject({
      positive: z.array(z.string()).default([]),
      negative: z.array(z.string()).default([]),
    })
    .default({ positive: [], negative: [] }),
});
export type Rule = z.infer<typeof Rule>;
export type RuleInput = z.input<typeof Rule>;
