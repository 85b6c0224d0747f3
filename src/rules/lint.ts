/**
 * Checks of a rule that its schema cannot make and whose failure would otherwise be silent: a rule
 * that reads a fact path the view does not have, fills a placeholder nobody fills, hints the
 * prefilter with a literal too short for it, or requires data no parser or log can give, loads
 * fine and then never fires (or shows `{{tagret}}` to a support engineer). Every set checked
 * against comes from the code that uses it: the view's schema (view-paths.ts), the placeholder
 * tables (placeholders.ts), the matcher's prefilter (matchers.ts), the parsers and components.
 */
import { lookupViewPath, nearestViewPath, editDistance, type ViewPath } from '../facts/view-paths';
import { COMMAND_PARSERS } from '../parsers/commands';
import { WM_MIN as PREFILTER_MIN_BYTES } from './matchers';
import { BASE_PLACEHOLDERS, DERIVED_PLACEHOLDERS, PLACEHOLDER_LIKE } from './placeholders';
import { COMPONENTS, Role, type Condition, type FactCondition, type LogCondition, type Rule } from './schema';

export interface LintProblem {
  field: string;
  message: string;
}

/** Roles a `cmd:` requirement may name: host commands run on one of these (control has none). */
const COMMAND_ROLES = Role.options.filter((r) => r !== 'control');

/** Every problem of one rule that passed its schema; [] when none. */
export function lintRuleMeaning(rule: Rule): LintProblem[] {
  const out: LintProblem[] = [];
  const conds = conditionsOf(rule.when, 'when', true);
  for (const { cond, field } of conds) {
    if ('fact' in cond) out.push(...checkFact(cond.fact, `${field}.fact`));
    const log = 'log' in cond ? cond.log : 'absent' in cond ? cond.absent.log : 'count' in cond ? cond.count.log : null;
    if (log) {
      const lf = 'log' in cond ? `${field}.log` : 'absent' in cond ? `${field}.absent.log` : `${field}.count.log`;
      out.push(...checkHints(log, lf));
    }
  }
  // what the conditions give a message: what every way the condition can hold fills in
  const base = [...Object.keys(BASE_PLACEHOLDERS), ...DERIVED_PLACEHOLDERS];
  const sure = new Set([...base, ...givenWhenTrue(rule.when)]);
  const maybe = new Set(conds.filter((c) => c.positive).flatMap((c) => [...givenWhenTrue(c.cond)]));
  out.push(...checkPlaceholders(rule.message, 'message', sure, maybe));
  out.push(...checkPlaceholders(rule.remediation, 'remediation', sure, maybe));
  // a fact's `says` is filled with the base values and its own value
  const forSays = new Set<string>([...Object.keys(BASE_PLACEHOLDERS), ...DERIVED_PLACEHOLDERS, 'value']);
  for (const { cond, field } of conds) {
    if ('fact' in cond && cond.fact.says) out.push(...checkPlaceholders(cond.fact.says, `${field}.fact.says`, forSays, new Set()));
  }
  rule.requires.forEach((r, i) => out.push(...checkRequirement(r, `requires[${i}]`)));
  return out;
}

interface At {
  cond: Condition;
  field: string;
  /** its values reach the message (not under `not` or `absent`) */
  positive: boolean;
}

function conditionsOf(c: Condition, field: string, positive: boolean): At[] {
  const here: At = { cond: c, field, positive };
  if ('all' in c) return [here, ...c.all.flatMap((x, i) => conditionsOf(x, `${field}.all[${i}]`, positive))];
  if ('any' in c) return [here, ...c.any.flatMap((x, i) => conditionsOf(x, `${field}.any[${i}]`, positive))];
  if ('not' in c) return [here, ...conditionsOf(c.not, `${field}.not`, false)];
  return [here];
}

function unknownPath(path: string): string {
  const near = nearestViewPath(path);
  return `unknown fact path '${path}'${near ? ` (did you mean '${near}'?)` : ''}: the view has no such value, so the condition would never hold; docs/rules.md lists the paths`;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

function checkFact(f: FactCondition, field: string): LintProblem[] {
  const out: LintProblem[] = [];
  const p = lookupViewPath(f.path);
  if (!p) {
    out.push({ field: `${field}.path`, message: unknownPath(f.path) });
  }
  for (const op of ['lt', 'lte', 'gt', 'gte'] as const) {
    const ref = f[op];
    if (ref === undefined) continue;
    // a string that is not a number is another path of the view (engine.ts `num`)
    if (typeof ref === 'string' && !NUMBER.test(ref)) {
      const r = lookupViewPath(ref);
      if (!r) out.push({ field: `${field}.${op}`, message: unknownPath(ref) });
      else if (r.kind !== 'number') out.push({ field: `${field}.${op}`, message: `'${ref}' is ${r.type}, not a number: \`${op}\` would never hold` });
    }
    if (p && p.kind !== 'number') out.push({ field: `${field}.${op}`, message: `'${f.path}' is ${p.type}, not a number: \`${op}\` would never hold` });
  }
  if (!p) return out;
  for (const op of ['equals', 'notEquals'] as const) {
    const v = f[op];
    if (v !== undefined && !comparable(p, v)) out.push({ field: `${field}.${op}`, message: mismatch(f.path, p, v, op) });
  }
  f.in?.forEach((v, i) => {
    if (!comparable(p, v)) out.push({ field: `${field}.in[${i}]`, message: mismatch(f.path, p, v, 'in') });
  });
  if (f.contains !== undefined && p.kind !== 'text' && p.kind !== 'list') {
    out.push({ field: `${field}.contains`, message: `'${f.path}' is ${p.type}: \`contains\` reads text or a list and would never hold` });
  }
  if (f.nonEmpty !== undefined && p.kind !== 'list' && p.kind !== 'map' && p.kind !== 'object') {
    out.push({ field: `${field}.nonEmpty`, message: `'${f.path}' is ${p.type}: \`nonEmpty\` reads a list or a map` });
  }
  return out;
}

/** The engine compares with ===, strings case-insensitively: a value of another type never equals. */
function comparable(p: ViewPath, v: string | number | boolean | null): boolean {
  if (v === null) return p.nullable;
  if (p.kind === 'text') return typeof v === 'string';
  if (p.kind === 'number') return typeof v === 'number';
  if (p.kind === 'boolean') return typeof v === 'boolean';
  return p.kind === 'other';
}

function mismatch(path: string, p: ViewPath, v: unknown, op: string): string {
  const what = v === null ? 'null' : `the ${typeof v} ${JSON.stringify(v)}`;
  return `'${path}' is ${p.type}: \`${op}\` ${what} would never hold`;
}

/** The literal the prefilter looks for: the first `contains`, else every `anyOf`. */
function checkHints(log: LogCondition, field: string): LintProblem[] {
  const out: LintProblem[] = [];
  const short = (s: string) => Buffer.byteLength(s, 'utf8') < PREFILTER_MIN_BYTES;
  const why = `the prefilter needs literals of at least ${PREFILTER_MIN_BYTES} bytes (a shorter one makes every line of the component take the slow path)`;
  if (log.contains !== undefined) {
    const first = Array.isArray(log.contains) ? log.contains[0]! : log.contains;
    const f = Array.isArray(log.contains) ? `${field}.contains[0]` : `${field}.contains`;
    const longer = Array.isArray(log.contains) ? log.contains.find((c) => !short(c)) : undefined;
    if (short(first)) out.push({ field: f, message: `hint ${JSON.stringify(first)} is too short: ${why}${longer ? `; put ${JSON.stringify(longer)} first` : ''}` });
  } else if (log.anyOf) {
    log.anyOf.forEach((a, i) => {
      if (short(a)) out.push({ field: `${field}.anyOf[${i}]`, message: `hint ${JSON.stringify(a)} is too short: ${why}` });
    });
  }
  return out;
}

/** Named groups `(?<name>…)` of a regex (not lookbehinds `(?<=`, `(?<!`). */
export function regexGroups(source: string): string[] {
  return [...source.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]!);
}

/**
 * The placeholders a condition fills whenever it holds (engine.ts `evalCond`): a regex's named groups,
 * `count`, a fact's `value` (and `raw` with `says`); `all` gives what any part gives, `any` only what
 * every branch gives (the one that held fills), `not` and `absent` nothing.
 */
export function givenWhenTrue(c: Condition): Set<string> {
  if ('log' in c) return new Set(c.log.regex ? regexGroups(c.log.regex) : []);
  if ('count' in c) return new Set(['count', ...(c.count.log.regex ? regexGroups(c.count.log.regex) : [])]);
  if ('fact' in c) return new Set(c.fact.says ? ['value', 'raw'] : ['value']);
  if ('all' in c) return new Set(c.all.flatMap((x) => [...givenWhenTrue(x)]));
  if ('any' in c) {
    const each = c.any.map(givenWhenTrue);
    return new Set([...each[0]!].filter((x) => each.every((e) => e.has(x))));
  }
  return new Set();
}

function checkPlaceholders(text: string, field: string, given: ReadonlySet<string>, sometimes: ReadonlySet<string>): LintProblem[] {
  const out: LintProblem[] = [];
  for (const m of text.matchAll(PLACEHOLDER_LIKE)) {
    // `{{name|words}}`: the name, with a stand-in to show when the bundle does not know it
    const name = m[1]!.replace(/\|[^{}|]*$/, '').trim();
    const word = /^[\w.]+$/.test(name);
    if (word && given.has(name)) continue;
    let message: string;
    if (!word) message = `${m[0]} is not a placeholder ({{name}} or {{name|words}}: letters, digits and _): it would be shown as written`;
    else if (sometimes.has(name)) {
      message = `{{${name}}} is filled only by some branches of an \`any\`: when another branch holds it is shown as written; give it in every branch or leave it out`;
    } else {
      const near = [...given].map((g) => [g, editDistance(g.toLowerCase(), name.toLowerCase())] as const).sort((a, b) => a[1] - b[1])[0];
      const hint = near && near[1] <= Math.max(2, Math.floor(name.length / 4)) ? ` (did you mean {{${near[0]}}}?)` : '';
      message = `unknown placeholder {{${name}}}${hint}: nothing fills it, it would be shown as written; docs/rules.md lists the placeholders (a regex group fills only from a condition whose values reach the message, not under \`not\` or \`absent\`)`;
    }
    out.push({ field, message });
  }
  return out;
}

const PARSER_IDS = new Set(COMMAND_PARSERS.map((p) => p.id));

function checkRequirement(req: string, field: string): LintProblem[] {
  if (req === 'migration') return [];
  const m = /^(log|cmd):([^@]*)(?:@(.*))?$/.exec(req);
  if (!m) return [{ field, message: `'${req}' is not a requirement: log:<component>[@role], cmd:<parser-id>[@role] or migration` }];
  const [, kind, id, role] = m as unknown as [string, 'log' | 'cmd', string, string | undefined];
  const out: LintProblem[] = [];
  const near = (list: readonly string[]) => {
    const best = list.map((x) => [x, editDistance(x, id)] as const).sort((a, b) => a[1] - b[1])[0];
    return best && best[1] <= 3 ? ` (did you mean '${best[0]}'?)` : '';
  };
  if (kind === 'log' && !(COMPONENTS as readonly string[]).includes(id)) {
    out.push({ field, message: `no log component '${id}'${near(COMPONENTS)}: no log file is ever recognised as it, so the rule would always be not checked; components: ${COMPONENTS.join(', ')}` });
  }
  if (kind === 'cmd' && !PARSER_IDS.has(id)) {
    out.push({ field, message: `no command parser '${id}'${near([...PARSER_IDS])}: nothing in a bundle can satisfy it, so the rule would always be not checked; parsers: ${[...PARSER_IDS].join(', ')}` });
  }
  if (role !== undefined) {
    const roles: readonly string[] = kind === 'log' ? Role.options : COMMAND_ROLES;
    if (!roles.includes(role)) {
      out.push({ field, message: `'@${role}' is not a role for a ${kind === 'log' ? 'log' : 'command'}: use ${roles.map((r) => `@${r}`).join(', ')}${kind === 'cmd' && role === 'control' ? ' (management-plane commands take no role)' : ''}` });
    }
  }
  return out;
}
