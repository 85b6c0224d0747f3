/**
 * Contracts between recognition, the parsers and the facts builder.
 *
 * A command-output parser is one small module in `src/parsers/commands/`, exporting one
 * `CommandParser`. Command outputs are small, so they are handed over as whole text (the reader caps
 * them); logs are big and are parsed line by line by the log parsers in `src/parsers/logs/`.
 */
import type { z } from 'zod';

/** Why a parse gave no value. `error-output` and `empty` mean "the fact is missing, and why". */
export type ParseFailureKind = 'error-output' | 'empty' | 'malformed' | 'unrecognised';

export type ParseOutcome<T> =
  | { ok: true; value: T; format: OutputFormat; warnings: string[] }
  | { ok: false; kind: ParseFailureKind; reason: string };

export type OutputFormat = 'json' | 'table' | 'value' | 'yaml' | 'text' | 'xml';

export interface CommandParser<T = unknown> {
  /** Stable id, also the fact key: 'server-show', 'migration-list', 'compute-service-list' … */
  id: string;
  /** The command as a person types it, for messages: 'openstack server show <VM> -f json' */
  command: string;
  /** Where the contract puts it: 'mgmt' (commands/) or 'host' (hosts/<host>/commands/). */
  scope: 'mgmt' | 'host';
  /**
   * File-name patterns of the contract, tested against the file's base name without its
   * extension. A named group `arg` captures the argument (VM uuid, host, unit, peer …).
   */
  files: RegExp[];
  /** Loose names a person may give the file (`server-show.txt`), tested the same way. */
  looseNames?: RegExp[];
  /** Recognise the output by content when the name says nothing; cheap, looks at the text only. */
  sniff(text: string): boolean;
  /** Parse the whole output. `arg` is the captured file-name argument, when there was one. */
  parse(text: string, arg?: string): ParseOutcome<T>;
  /** zod schema of the value, used by tests and by the facts builder. */
  schema: z.ZodType<T>;
}

/** One log record: a parsed line plus the continuation lines that belong to it (tracebacks). */
export interface LogRecord {
  /** 1-based line number of the first line in its file */
  line: number;
  /** UTC milliseconds since the epoch, or null when the line carries no time */
  time: number | null;
  /** 'ERROR', 'WARNING', 'INFO', 'DEBUG', 'error', … as written; normalised by `levelRank` */
  level: string | null;
  /** oslo logger (nova.virt.libvirt.driver), libvirt function, qemu program … */
  logger: string | null;
  pid: string | null;
  /** local request id `req-…` (the second one when a global id is present) */
  requestId: string | null;
  globalRequestId: string | null;
  /** uuid from `[instance: <uuid>]` */
  instance: string | null;
  /** the message part after the prefix (and after the context block for oslo lines) */
  message: string;
  /** the whole first line as written, for evidence excerpts */
  raw: string;
}

/** A line parser for one log format; stateless, called for every line of a file. */
export interface LogLineParser {
  id: string; // 'oslo', 'libvirtd', 'qemu', 'ovn', …
  /**
   * Parse one physical line. Return null when the line does not start a record (a traceback or a
   * wrapped line): the caller then treats it as a continuation of the previous record.
   */
  parseLine(line: string, lineNo: number): LogRecord | null;
}
