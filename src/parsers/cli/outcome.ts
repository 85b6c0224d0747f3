/** Small constructors for ParseOutcome, so parsers read as "what", not as object literals. */
import type { OutputFormat, ParseFailureKind, ParseOutcome } from '../types';

export function ok<T>(value: T, format: OutputFormat, warnings: string[] = []): ParseOutcome<T> {
  return { ok: true, value, format, warnings };
}

export function fail<T = never>(kind: ParseFailureKind, reason: string): ParseOutcome<T> {
  return { ok: false, kind, reason };
}
