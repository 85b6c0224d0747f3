/**
 * Log side of the parsers stage: which line parser reads which component, and the record assembler
 * that turns a byte stream into `LogRecord`s with their continuation lines (tracebacks, wrapped text).
 */
import type { Limits } from '../../archive/types';
import type { LogRecord } from '../types';
import type { LogFormat, ParserOptions } from './format';
import { createGenericParser, genericParser } from './generic';
import { createHostagentParser, hostagentParser } from './hostagent';
import { createLibvirtdParser, libvirtdParser } from './libvirtd';
import type { LineStats } from './lines';
import { forEachLine } from './lines';
import { createOsloParser, isOsloExceptionLine, osloParser, osloRequestId } from './oslo';
import { createOvnParser, ovnParser } from './ovn';
import { createQemuParser, qemuParser } from './qemu';
import { wrapperTime } from './format';
import { DT, scanDateTime } from './timestamps';
import { W, unwrap } from './wrappers';

export type { LogFormat, ParserOptions } from './format';
export type { LineStats, LineOptions } from './lines';
export { forEachLine } from './lines';
export { parseApiAccess, ACCESS_LOGGERS } from './access';
export type { ApiAccess } from './access';
export { createOsloParser, osloParser, isOsloExceptionLine, splitDebugSuffix } from './oslo';
export { createLibvirtdParser, libvirtdParser } from './libvirtd';
export { createQemuParser, qemuParser } from './qemu';
export { createOvnParser, ovnParser } from './ovn';
export { createHostagentParser, hostagentParser } from './hostagent';
export { createGenericParser, genericParser } from './generic';

/** Components whose files are oslo.log (besides any name starting with these service prefixes). */
const OSLO_COMPONENTS: ReadonlySet<string> = new Set([
  'nova-api',
  'nova-scheduler',
  'nova-conductor',
  'nova-compute',
  'placement-api',
  'cinder-volume',
  'cinder-api',
  'neutron-server',
  'ostackhost',
  'pf9-ostackhost',
]);
const OSLO_PREFIXES = ['nova-', 'cinder-', 'neutron-', 'placement', 'glance-', 'keystone', 'octavia-', 'heat-'];

function kindOf(component: string): 'oslo' | 'libvirtd' | 'qemu' | 'ovn' | 'hostagent' | 'generic' {
  const c = component.toLowerCase();
  if (OSLO_COMPONENTS.has(c)) return 'oslo';
  if (c === 'libvirtd' || c === 'libvirt' || c === 'virtqemud') return 'libvirtd';
  if (c === 'qemu') return 'qemu';
  if (c === 'ovn-controller' || c === 'pf9-neutron-ovn-controller' || c === 'ovs-vswitchd' || c === 'ovsdb-server') return 'ovn';
  if (c === 'hostagent' || c === 'pf9-hostagent') return 'hostagent';
  // checked after 'neutron-…ovn-controller' above
  for (const p of OSLO_PREFIXES) if (c.startsWith(p)) return 'oslo';
  return 'generic';
}

/**
 * The line parser for a component of the recognizer (`COMPONENTS` in src/rules/schema.ts: nova-api,
 * nova-scheduler, nova-conductor, placement-api, nova-compute, cinder-volume, cinder-api,
 * neutron-server → oslo; libvirtd; qemu; ovn-controller; hostagent; anything else → generic).
 * Without options the shared default instances are returned.
 */
export function parserForComponent(component: string, opts?: ParserOptions): LogFormat {
  const kind = kindOf(component);
  if (!opts) {
    switch (kind) {
      case 'oslo':
        return osloParser;
      case 'libvirtd':
        return libvirtdParser;
      case 'qemu':
        return qemuParser;
      case 'ovn':
        return ovnParser;
      case 'hostagent':
        return hostagentParser;
      default:
        return genericParser;
    }
  }
  switch (kind) {
    case 'oslo':
      return createOsloParser(opts);
    case 'libvirtd':
      return createLibvirtdParser(opts);
    case 'qemu':
      return createQemuParser();
    case 'ovn':
      return createOvnParser(opts);
    case 'hostagent':
      return createHostagentParser(opts);
    default:
      return createGenericParser(opts);
  }
}

export interface ReadLogOptions {
  /** times and years, see ParserOptions */
  parser?: ParserOptions;
  /** use this parser instead of the component's */
  format?: LogFormat;
  /** continuation lines kept per record (default 50); the rest are counted */
  maxContinuationLines?: number;
  /** characters of continuation kept per record (default 256 KiB); the rest are counted */
  maxContinuationChars?: number;
  /**
   * Cheap line test (e.g. a prefilter regex of literal hints, or a time window with `quickTime`).
   * When given, a record is parsed and delivered only if its first line or one of its continuation
   * lines (kept or omitted) passes. Lines of records that do not pass cost one `isRecordStart` scan
   * and one `select` call each (their continuation lines are still held, within the limits, until
   * the record ends, in case a later one passes).
   */
  select?: (line: string) => boolean;
  /** deliver binary-looking lines (as continuations) instead of dropping them */
  keepBinary?: boolean;
}

export interface ReadLogStats extends LineStats {
  /** records found (delivered or not) */
  records: number;
  /** records delivered to onRecord */
  delivered: number;
  /** continuation lines attached to a record (kept or omitted) */
  continuationLines: number;
  /** continuation lines over the per-record limits, not kept */
  omittedLines: number;
  /** lines before the first record that could not be attached (a rotated file starting mid-traceback) */
  orphanLines: number;
  /** empty lines and collector noise (`Defaulted container …`), ignored */
  ignoredLines: number;
}

export type RecordHandler = (rec: LogRecord, continuation: readonly string[], omitted: number) => void;

const NO_LINES: readonly string[] = Object.freeze([]);

/**
 * Reads one log file: splits lines (bounded by `limits.maxLineBytes`), recognises record starts with
 * the component's parser and attaches the other lines to the record before them. A record is
 * delivered to `onRecord` once its continuation is complete (when the next record starts, or at the
 * end), with the kept continuation lines (a fresh array, or a shared empty one) and the number of
 * continuation lines omitted. Records are delivered in file order.
 */
export async function readLog(
  stream: AsyncIterable<Buffer | Uint8Array | string>,
  component: string,
  limits: Pick<Limits, 'maxLineBytes'>,
  onRecord: RecordHandler,
  opts: ReadLogOptions = {},
): Promise<ReadLogStats> {
  const fmt = opts.format ?? parserForComponent(component, opts.parser);
  const maxLines = opts.maxContinuationLines ?? 50;
  const maxChars = opts.maxContinuationChars ?? 256 * 1024;
  const select = opts.select;

  let records = 0;
  let delivered = 0;
  let continuationLines = 0;
  let omittedLines = 0;
  let orphanLines = 0;
  let ignoredLines = 0;

  // the record being assembled: its first line, and the record when already parsed
  let head: string | null = null;
  let headNo = 0;
  let headRec: LogRecord | null = null;
  let selected = false;
  let cont: string[] | null = null;
  let contChars = 0;
  let omitted = 0;

  const flush = (): void => {
    if (head === null) return;
    if (selected) {
      const rec = headRec ?? fmt.parseLine(head, headNo);
      if (rec) {
        delivered++;
        onRecord(rec, cont ?? NO_LINES, omitted);
      }
    }
    omittedLines += omitted;
    head = null;
    headRec = null;
    cont = null;
    contChars = 0;
    omitted = 0;
  };

  const lineStats = await forEachLine(
    stream,
    limits.maxLineBytes,
    (line, lineNo) => {
      if (line.length === 0 || (line.charCodeAt(0) === 68 && line.startsWith('Defaulted container '))) {
        ignoredLines++;
        return;
      }
      // Without `select` every record is delivered: parse once. With it, test with the cheap scan
      // and parse only lines that pass (records selected by a continuation line are parsed at flush).
      if (select === undefined) {
        const rec = fmt.parseLine(line, lineNo);
        if (rec !== null) {
          flush();
          records++;
          head = line;
          headNo = lineNo;
          headRec = rec;
          selected = true;
          return;
        }
      } else if (fmt.isRecordStart(line)) {
        flush();
        records++;
        head = line;
        headNo = lineNo;
        selected = select(line);
        headRec = selected ? fmt.parseLine(line, lineNo) : null;
        return;
      }
      if (head === null) {
        orphanLines++;
        return;
      }
      continuationLines++;
      if (!selected && select !== undefined && select(line)) selected = true;
      const kept = cont === null ? 0 : cont.length;
      if (kept >= maxLines || contChars + line.length > maxChars) {
        omitted++;
        return;
      }
      if (cont === null) cont = [];
      cont.push(line);
      contChars += line.length;
    },
    { skipBinary: opts.keepBinary !== true },
  );
  flush();
  return { ...lineStats, records, delivered, continuationLines, omittedLines, orphanLines, ignoredLines };
}

/**
 * Time at the start of a line, without parsing the rest and without allocating: the first timestamp
 * after any collector prefix (oslo, hostagent, libvirt, QEMU, OVN and generic lines), or the
 * collector prefix's own time. Zone-less times are read as UTC shifted by utcOffsetMinutes; syslog
 * prefixes need yearHint/referenceTime. Null when the line carries no time.
 */
export function quickTime(line: string, opts: ParserOptions = {}): number | null {
  unwrap(line);
  const p = W.start;
  const c = line.charCodeAt(p);
  if (c >= 48 && c <= 57 && scanDateTime(line, p, W.end, 47)) {
    return DT.zoned ? DT.ms : DT.ms - (opts.utcOffsetMinutes ?? 0) * 60_000;
  }
  return wrapperTime(opts);
}

/** Local request id (`req-…`) of an oslo line, or null; allocates only the returned string. */
export function quickRequestId(line: string): string | null {
  return osloRequestId(line);
}

const ANY_FORMATS: LogFormat[] = [osloParser, libvirtdParser, qemuParser, ovnParser, hostagentParser, genericParser];

/**
 * For loose files whose lines may come from several services (a paste, a `grep` over a node's
 * logs): each line is read by the first format that knows it (oslo, libvirtd, QEMU, OVN, hostagent,
 * then any line with a timestamp).
 */
export const anyFormatParser: LogFormat = {
  id: 'any',
  parseLine(line: string, lineNo: number): LogRecord | null {
    // an oslo traceback line (exception prefix) continues the record above it, whatever QEMU's or
    // the generic reader would make of its timestamp
    if (isOsloExceptionLine(line)) return null;
    for (const f of ANY_FORMATS) {
      const r = f.parseLine(line, lineNo);
      // QEMU's own files hold untimed records (`char device redirected to …`); elsewhere an untimed
      // line is a continuation or prose
      if (r && (f !== qemuParser || r.time !== null)) return r;
    }
    return null;
  },
  isRecordStart(line: string): boolean {
    return this.parseLine(line, 0) !== null;
  },
};
