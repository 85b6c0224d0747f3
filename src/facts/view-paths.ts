/**
 * Every dotted path a rule's `fact:` condition may read, walked from the view's schemas
 * (view-shape.ts), never listed by hand: `rules lint` checks paths against it and docs/rules.md is
 * generated from it, so neither can drift from the view the builder really makes.
 *
 * A map (aggregate metadata, systemd units, extra specs) takes any key at its place in the path,
 * written `<key>`. A list is read whole (`contains`, `nonEmpty`): the path ends there.
 */
import { z } from 'zod';
import { RuleViewShape } from './view-shape';

export interface ViewPath {
  /** dotted, with `<key>` where a map takes any key */
  path: string;
  /** in words: `number or null`, `list of text`, `object` … */
  type: string;
  /** the kind of value, for checking what a condition compares it with */
  kind: 'text' | 'number' | 'boolean' | 'list' | 'object' | 'map' | 'other';
  nullable: boolean;
  /** what it is, from the schema's description; null when the schema has none */
  about: string | null;
}

export const MAP_KEY = '<key>';

interface Unwrapped {
  inner: z.ZodType;
  nullable: boolean;
  about: string | null;
}

/** The schema under nullable/optional/default wrappers, and the first description met on the way. */
function unwrap(s: z.ZodType): Unwrapped {
  let about: string | null = s.description ?? null;
  let nullable = false;
  let cur: z.ZodType = s;
  for (;;) {
    if (cur instanceof z.ZodNullable || cur instanceof z.ZodOptional) {
      nullable = true;
      cur = cur.unwrap() as z.ZodType;
    } else if (cur instanceof z.ZodDefault) {
      cur = cur.unwrap() as z.ZodType;
    } else break;
    about ??= cur.description ?? null;
  }
  return { inner: cur, nullable, about };
}

function kindOf(s: z.ZodType): ViewPath['kind'] {
  if (s instanceof z.ZodString || s instanceof z.ZodEnum) return 'text';
  if (s instanceof z.ZodNumber) return 'number';
  if (s instanceof z.ZodBoolean) return 'boolean';
  if (s instanceof z.ZodArray) return 'list';
  if (s instanceof z.ZodObject) return 'object';
  if (s instanceof z.ZodRecord) return 'map';
  return 'other';
}

function typeName(s: z.ZodType): string {
  const { inner } = unwrap(s);
  if (inner instanceof z.ZodArray) return `list of ${typeName(inner.element as z.ZodType)}`;
  if (inner instanceof z.ZodObject) return `{${Object.keys(inner.shape).join(', ')}}`;
  if (inner instanceof z.ZodRecord) return `map of ${typeName(inner.valueType as z.ZodType)}`;
  if (inner instanceof z.ZodEnum) return (inner.options as string[]).join(' | ');
  return kindOf(inner);
}

function walk(s: z.ZodType, prefix: string, out: ViewPath[]): void {
  const { inner, nullable, about } = unwrap(s);
  const kind = kindOf(inner);
  if (prefix) {
    const base = kind === 'object' ? 'object' : typeName(inner);
    out.push({ path: prefix, type: nullable ? `${base} or null` : base, kind, nullable, about });
  }
  const at = (k: string) => (prefix ? `${prefix}.${k}` : k);
  if (inner instanceof z.ZodObject) {
    for (const [k, v] of Object.entries(inner.shape as Record<string, z.ZodType>)) walk(v, at(k), out);
  } else if (inner instanceof z.ZodRecord) {
    walk(inner.valueType as z.ZodType, at(MAP_KEY), out);
  }
}

/** Every path of the view, in the schema's order. */
export function viewPaths(root: z.ZodType = RuleViewShape): ViewPath[] {
  const out: ViewPath[] = [];
  walk(root, '', out);
  return out;
}

let byPattern: Map<string, ViewPath> | null = null;

/**
 * The view path a dotted path reads (its map keys matched by `<key>`), or null when the view cannot
 * have it.
 */
export function lookupViewPath(path: string): ViewPath | null {
  byPattern ??= new Map(viewPaths().map((p) => [p.path, p]));
  const parts = path.split('.');
  if (parts.some((p) => p === '')) return null;
  // walk the parts: where the path so far is a map, any key (`<key>`), else the exact field
  let cur = '';
  for (const part of parts) {
    const next = byPattern.get(cur)?.kind === 'map' ? `${cur}.${MAP_KEY}` : cur ? `${cur}.${part}` : part;
    if (!byPattern.has(next)) return null;
    cur = next;
  }
  return byPattern.get(cur) ?? null;
}

/** The known path nearest to a misspelled one (edit distance), for the lint's hint. */
export function nearestViewPath(path: string): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const p of viewPaths()) {
    const d = editDistance(path.toLowerCase(), p.path.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = p.path;
    }
  }
  // only a near miss is a useful hint
  return best !== null && bestD <= Math.max(2, Math.floor(path.length / 4)) ? best : null;
}

export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
