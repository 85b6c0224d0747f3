/**
 * Loads rule files. A file holds one rule (or a list under `rules:`); errors name the file, the
 * rule and the field, so `migration-doctor rules lint` can point an author to the exact spot.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { lintRuleMeaning } from './lint';
import { linearRegexProblem } from './linear-regex';
import { Rule } from './schema';

export interface LoadedRule extends Rule {
  /** the rule file, relative to the rules folder */
  file: string;
}

export interface RuleError {
  file: string;
  rule: string | null;
  field: string | null;
  message: string;
}

export interface RuleSet {
  rules: LoadedRule[];
  errors: RuleError[];
}

export function defaultRulesDir(): string {
  // src/rules or dist/rules → ../../rules
  return path.resolve(__dirname, '..', '..', 'rules');
}

function listYaml(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.statSync(p);
      if (st.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Extra checks zod cannot express: regexes compile as linear-time RE2 patterns, a regex has a literal hint, ids are unique. */
function lintRule(rule: Rule): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const visit = (c: unknown, where: string) => {
    if (!c || typeof c !== 'object') return;
    const o = c as Record<string, unknown>;
    const log = (o.log ?? (o.absent as any)?.log ?? (o.count as any)?.log) as Record<string, unknown> | undefined;
    if (log) {
      const lw = o.log ? `${where}.log` : o.absent ? `${where}.absent.log` : `${where}.count.log`;
      if (typeof log.regex === 'string') {
        const why = linearRegexProblem(log.regex);
        if (why) problems.push({ field: `${lw}.regex`, message: why });
        if (!log.contains && !log.anyOf) {
          problems.push({
            field: `${lw}.contains`,
            message: 'a regex needs a literal `contains` or `anyOf` hint so lines can be prefiltered cheaply',
          });
        }
      }
      if (!log.contains && !log.anyOf && !log.regex) {
        problems.push({ field: lw, message: 'a log condition needs `contains`, `anyOf` or `regex`' });
      }
    }
    for (const key of ['all', 'any'] as const) {
      const list = o[key];
      if (Array.isArray(list)) list.forEach((x, i) => visit(x, `${where}.${key}[${i}]`));
    }
    if (o.not) visit(o.not, `${where}.not`);
  };
  visit(rule.when, 'when');
  return problems;
}

function formatPath(p: PropertyKey[]): string {
  return p
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`))
    .join('');
}

export function loadRules(dir = defaultRulesDir()): RuleSet {
  const rules: LoadedRule[] = [];
  const errors: RuleError[] = [];
  const seen = new Map<string, string>();
  let files: string[];
  try {
    files = listYaml(dir);
  } catch (e) {
    return { rules, errors: [{ file: dir, rule: null, field: null, message: `cannot read rules folder: ${(e as Error).message}` }] };
  }
  for (const abs of files) {
    const file = path.relative(dir, abs).split(path.sep).join('/');
    let doc: unknown;
    try {
      doc = parseYaml(fs.readFileSync(abs, 'utf8'), { uniqueKeys: true });
    } catch (e) {
      const msg = e instanceof YAMLParseError ? e.message.split('\n')[0]! : (e as Error).message;
      errors.push({ file, rule: null, field: null, message: `YAML syntax: ${msg}` });
      continue;
    }
    if (doc === null || doc === undefined) continue; // an empty file is allowed (work in progress)
    const items: unknown[] =
      doc && typeof doc === 'object' && !Array.isArray(doc) && 'rules' in (doc as object)
        ? ((doc as { rules: unknown[] }).rules ?? [])
        : [doc];
    for (const item of items) {
      const ruleId = item && typeof item === 'object' && typeof (item as any).id === 'string' ? (item as any).id : null;
      const parsed = Rule.safeParse(item);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          errors.push({ file, rule: ruleId, field: formatPath(issue.path) || null, message: issue.message });
        }
        continue;
      }
      const lint = [...lintRule(parsed.data), ...lintRuleMeaning(parsed.data)];
      for (const p of lint) errors.push({ file, rule: ruleId, field: p.field, message: p.message });
      if (lint.length) continue;
      const dup = seen.get(parsed.data.id);
      if (dup) {
        errors.push({ file, rule: ruleId, field: 'id', message: `duplicate rule id, also in ${dup}` });
        continue;
      }
      seen.set(parsed.data.id, file);
      rules.push({ ...parsed.data, file });
    }
  }
  return { rules, errors };
}

export function formatRuleError(e: RuleError): string {
  return `${e.file}${e.rule ? ` (rule ${e.rule})` : ''}${e.field ? ` field ${e.field}` : ''}: ${e.message}`;
}
