/** Shared by the command-parser tests: sample files, and outcome assertions with schema checks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import type { CommandParser, OutputFormat, ParseFailureKind } from '../../../src/parsers/types';

export function sample(name: string): string {
  return readFileSync(join(__dirname, 'samples', name), 'utf8');
}

/** Parse, assert success, and check the value against the parser's zod schema. */
export function parseOk<T>(p: CommandParser<T>, text: string, arg?: string, format?: OutputFormat): { value: T; warnings: string[] } {
  const r = p.parse(text, arg);
  if (!r.ok) throw new assert.Assertion({ message: `${p.id}: expected a value, got ${r.kind}: ${r.reason}`, operator: 'parseOk', generated: false, actual: r, expects: 'ok' });
  const z = p.schema.safeParse(r.value);
  assert.ok(z.success, `${p.id}: value does not pass its schema: ${z.success ? '' : z.error.message}`);
  if (format) assert.is(r.format, format, `${p.id}: format`);
  return { value: r.value, warnings: r.warnings };
}

/** Parse and assert the failure kind; returns the reason. */
export function parseFail(p: CommandParser<unknown>, text: string, kind: ParseFailureKind, arg?: string): string {
  const r = p.parse(text, arg);
  if (r.ok) throw new assert.Assertion({ message: `${p.id}: expected ${kind}, got a value`, operator: 'parseFail', generated: false, actual: r.value, expects: kind });
  assert.is(r.kind, kind, `${p.id}: failure kind (reason: ${r.reason})`);
  return r.reason;
}

/** Base name without extension, as recognition hands it to the `files` patterns. */
export function fileArg(p: CommandParser<unknown>, base: string): string | undefined | null {
  for (const re of p.files) {
    const m = re.exec(base);
    if (m) return m.groups?.arg;
  }
  return null;
}
