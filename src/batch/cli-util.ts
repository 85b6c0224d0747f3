/**
 * Argument and message helpers shared by `batch`, `fleet`, `worker` and `submit`, so that the main
 * command line only dispatches to them. A usage problem is one line on stderr and exit code 2, as
 * for `analyze`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Limits } from '../archive/types';
import { RulesInvalidError } from '../pipeline/analyze';
import { CaseInputError } from './cases';

export class CommandUsageError extends Error {}

/** A failure that is not a usage mistake (Redis unreachable, a folder without batch.json): one line, exit 2. */
export class CommandFailure extends Error {}

export const USAGE_EXIT = 2;

export function say(s: string): void {
  process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
}

export function complain(s: string): void {
  process.stderr.write(`migration-doctor: ${s}\n`);
}

/** Control characters shown escaped: names and reasons come from uploads. */
export function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CommandUsageError((e as Error).message.split('\n')[0]!);
  }
}

export function positive(name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new CommandUsageError(`--${name} needs a positive number, got '${String(v)}'`);
  return n;
}

export function positiveInt(name: string, v: unknown, fallback: number): number {
  const n = positive(name, v, fallback);
  if (!Number.isInteger(n)) throw new CommandUsageError(`--${name} needs a whole number, got '${String(v)}'`);
  return n;
}

/** The archive limits that the case commands pass on to each analysis (same flags as `analyze`). */
export const LIMIT_OPTIONS = {
  'max-total-mb': { type: 'string' },
  'max-entry-mb': { type: 'string' },
  'max-entries': { type: 'string' },
} as const;

export function limitsFrom(values: Record<string, unknown>): Partial<Limits> {
  const out: Partial<Limits> = {};
  const mb = 1024 ** 2;
  if (values['max-total-mb'] !== undefined) out.maxTotalBytes = Math.round(positive('max-total-mb', values['max-total-mb'], 1) * mb);
  if (values['max-entry-mb'] !== undefined) out.maxEntryBytes = Math.round(positive('max-entry-mb', values['max-entry-mb'], 1) * mb);
  if (values['max-entries'] !== undefined) out.maxEntries = positiveInt('max-entries', values['max-entries'], 1);
  return out;
}

/** Runs a command; its expected failures become one clear line and exit code 2. */
export async function guard(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof CommandUsageError) {
      complain(e.message);
      complain('run "migration-doctor --help" for usage');
      return USAGE_EXIT;
    }
    if (e instanceof CaseInputError || e instanceof RulesInvalidError || e instanceof CommandFailure) {
      complain(e.message);
      return USAGE_EXIT;
    }
    throw e;
  }
}
