/**
 * The `{{name}}` placeholders of a rule's `message`, `remediation` and a fact's `says`: which names
 * exist and how they are filled. The engine fills from here and `rules lint` checks against the same
 * tables, so a name the engine would leave as it is (`{{tagret}}`) is an error at lint time, and
 * docs/rules.md lists them from here too.
 *
 * A rule can use: every base placeholder below, every derived value of the view (`DerivedShape`,
 * filled when known), and what its own conditions give (`CONDITION_PLACEHOLDERS`, regex groups).
 */
import type { Facts } from '../facts/build';
import type { Migration } from '../facts/migration';
import type { RuleView } from '../facts/view';
import { DerivedShape } from '../facts/view-shape';

export interface FillContext {
  facts: Facts;
  mig: Migration;
  view: RuleView;
}

interface BasePlaceholder {
  about: string;
  /** null: the bundle does not know it (then `{{name|words}}` reads `<words>`) */
  value(ctx: FillContext): string | null;
}

/** Filled for every rule, with a `<words>` stand-in when the bundle does not know the value. */
export const BASE_PLACEHOLDERS = {
  instance: { about: 'the instance uuid', value: (c) => c.mig.instance },
  source: { about: 'the source compute host', value: (c) => c.mig.source ?? '<source host>' },
  target: { about: 'the target compute host', value: (c) => c.mig.target ?? '<target host>' },
  requestId: { about: 'the request id of the migration', value: (c) => c.mig.requestId ?? '<request id>' },
  type: { about: 'the migration type (live-migration, cold-migration …)', value: (c) => c.mig.type },
  instanceName: { about: 'the libvirt domain name (instance-0000002a)', value: (c) => c.view.instance?.instanceName ?? '<instance name>' },
  flavor: { about: 'the flavor name (or id)', value: (c) => c.view.flavor?.name ?? c.view.flavor?.id ?? '<flavor>' },
  sourceNode: { about: "the source hypervisor node of the migration record", value: (c) => c.mig.record?.sourceNode ?? c.mig.source ?? '<source node>' },
  targetNode: { about: 'the target hypervisor node of the migration record', value: (c) => c.mig.record?.destNode ?? c.mig.target ?? '<target node>' },
  // a DNS name for a host whose compute host id is a Platform9 UUID (certificates name DNS names)
  sourceHostname: { about: 'a DNS name of the source (when its compute host id is a UUID)', value: (c) => dnsName(c, c.mig.source) ?? c.mig.source ?? '<source host>' },
  targetHostname: { about: 'a DNS name of the target (when its compute host id is a UUID)', value: (c) => dnsName(c, c.mig.target) ?? c.mig.target ?? '<target host>' },
  // values next steps need, filled only when known: write `{{name|words}}` for the stand-in
  migrationId: { about: 'the migration record id (server migration list)', value: (c) => (c.mig.record?.id != null ? String(c.mig.record.id) : null) },
  migrationUuid: { about: 'the migration record uuid', value: (c) => c.mig.record?.uuid ?? null },
  volumeId: { about: "the first of the VM's volumes", value: (c) => c.view.instance?.volumeIds?.[0] ?? null },
  volumeIds: { about: "the VM's volumes, space-separated", value: (c) => (c.view.instance?.volumeIds ?? []).join(' ') || null },
  portalIp: {
    about: 'the address of an iSCSI portal the nodes have sessions with',
    value: (c) =>
      [...c.facts.hosts.values()].flatMap((h) => h.iscsiSessions ?? []).map((s) => (s.portal ?? '').replace(/,\d+$/, '').replace(/:\d+$/, '')).find(Boolean) ?? null,
  },
  targetAggregate: { about: "the target's first host aggregate", value: (c) => c.view.target.aggregates[0] ?? null },
} satisfies Record<string, BasePlaceholder>;

/** Given by the rule's own conditions (besides the named groups `(?<name>…)` of its regexes). */
export const CONDITION_PLACEHOLDERS = {
  value: 'a `fact` condition: its value; in the message, the `says` sentence when it has one',
  raw: 'a `fact` condition with `says`: its bare value',
  count: 'a `count` condition: how many lines matched',
} as const;

/** The view's derived values, which fill placeholders of the same name when known. */
export const DERIVED_PLACEHOLDERS: readonly string[] = Object.keys(DerivedShape.shape);

/** A placeholder in a template: `{{ name }}`, or `{{name|words}}` (`<words>` when not known). */
export const PLACEHOLDER = /\{\{\s*([\w.]+)\s*(?:\|([^{}|]*))?\}\}/g;
/** Anything an author may have meant as one (`{{ name }}`, `{{name|x}}`, `{{ }}`), for the lint. */
export const PLACEHOLDER_LIKE = /\{\{([^{}]*)\}\}/g;

/** The values of the base placeholders and of the known derived values. */
export function baseVars(ctx: FillContext): Record<string, string> {
  const v: Record<string, string> = {};
  for (const [name, p] of Object.entries(BASE_PLACEHOLDERS) as [string, BasePlaceholder][]) {
    const x = p.value(ctx);
    if (x !== null) v[name] = x;
  }
  for (const [k, val] of Object.entries(ctx.view.derived)) {
    if (val === null || val === undefined) continue;
    v[k] = Array.isArray(val) ? val.join(', ') : String(val);
  }
  return v;
}

/**
 * `{{name}}` placeholders; unknown names stay as they are so an author sees the mistake.
 * `{{name|words}}` is filled when the bundle knows the value and reads `<words>` when it does not,
 * for a value the engineer has to look up (`{{portalIp|portal ip}}`).
 */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (all, name: string, dflt: string | undefined) => {
    const v = vars[name];
    if (v !== undefined && !/^<.*>$/.test(v)) return fillValue(v);
    return dflt !== undefined ? `<${dflt.trim()}>` : v !== undefined ? fillValue(v) : all;
  });
}

const FILL_MAX = 256;

/**
 * A value comes from the bundle: it is put in on one line (a newline in a host name must not start
 * a heading or a table row in the Markdown the template is), its control characters shown, and at
 * most FILL_MAX characters long.
 */
function fillValue(v: string): string {
  // eslint-disable-next-line no-control-regex
  const one = v.replace(/\r\n?|\n|[\u2028\u2029]/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return one.length > FILL_MAX ? `${one.slice(0, FILL_MAX)}…` : one;
}

const UUID_LIKE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IP_LIKE = /^\d+\.\d+\.\d+\.\d+$|:/;

/** The longest DNS-like name among a host's aliases (FQDN over short name), never a UUID or an IP. */
export function dnsName(ctx: FillContext, host: string | null): string | null {
  if (!host) return null;
  const names = ctx.facts.directory.aliases(host).filter((a) => !UUID_LIKE.test(a) && !IP_LIKE.test(a));
  return names.sort((a, b) => b.length - a.length)[0] ?? null;
}
