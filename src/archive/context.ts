/**
 * Shared state of one `readInputs` run: limits, counters, the global stop, notes and progress.
 */
import type { ArchiveNote, Limits, ReadOptions } from './types';
import type { Pull, DecodeLayer } from './pull';
import type { InflateBudget } from './budget';

/** read size for files, and the most a stream buffers ahead */
export const CHUNK = 1024 * 1024;
/** the compression ratio is only judged once this many bytes came out of a decompressor */
export const RATIO_CHECK_AFTER = 1024 * 1024;
/** bytes looked at to decide what a content is (a tar header is 512 bytes) */
export const SNIFF_BYTES = 512;

export const noop = (): void => {};

/** A folder or an archive whose members are being read. */
export interface Container {
  input: string;
  /** displayPath of the container itself; '' for a folder input (its members show their path alone) */
  displayPath: string;
  /** archives enclosing the members: 0 for a folder input or an archive given as input */
  depth: number;
  /**
   * decompression layers the container's own bytes came through (e.g. the gzip of a tar.gz, and
   * those of the containers around it): when one of them was cut as a bomb, that explains why a
   * member ends early
   */
  layers: DecodeLayer[];
  /** paths of the members handed over so far: a second member of the same path is said, not merged */
  seen?: Map<string, number>;
}

/**
 * One member of a container, as the container describes it. `skip` and `unreadable` members carry
 * the reason and have no content.
 */
export type Member =
  | { rawName: string; kind: 'file'; size: number | null }
  | { rawName: string; kind: 'directory' }
  | { rawName: string; kind: 'skip' | 'unreadable'; reason: string; recognisedAs?: string };

/** What a container reader reports when it is done. */
export interface ContainerResult {
  /** members seen (including directories and skipped ones) */
  entries: number;
  /** one-line description of the damage that ended reading early, or null */
  damage: string | null;
  /** reading stopped because a global limit was reached (ctx.stop) */
  interrupted: boolean;
}

/** A rejection of the caller's onEntry/onNote: carried up unchanged through the readers. */
export class HandlerFailure {
  constructor(readonly cause: unknown) {}
}

/**
 * Compressed bytes read from the input files. Each input counts at most its own size (a zip is
 * read by position and some bytes are read twice), and counts as wholly read once it is done
 * (parts skipped because of limits or damage included).
 */
export class Progress {
  private done = 0;
  private current = 0;
  private currentSize = 0;
  private reported = -1;
  constructor(
    private readonly report: ((bytesRead: number, bytesTotal: number) => void) | undefined,
    readonly total: number,
  ) {}

  startInput(size: number): void {
    this.current = 0;
    this.currentSize = size;
  }

  /** called from inside file reads: a throwing onProgress is kept and rethrown by finishInput */
  add(n: number): void {
    const before = this.current;
    this.current = Math.min(this.currentSize, this.current + n);
    if (this.current !== before && this.done + this.current - this.reported >= CHUNK && !this.failure) {
      try {
        this.flush();
      } catch (err) {
        this.failure = err as HandlerFailure;
      }
    }
  }

  private failure: HandlerFailure | null = null;

  finishInput(): void {
    if (this.failure) throw this.failure;
    this.done += this.currentSize;
    this.current = 0;
    this.currentSize = 0;
    this.flush();
  }

  get bytesRead(): number {
    return Math.min(this.total, this.done + this.current);
  }

  flush(): void {
    if (!this.report) return;
    const r = this.bytesRead;
    if (r === this.reported) return;
    this.reported = r;
    try {
      this.report(r, this.total);
    } catch (err) {
      throw new HandlerFailure(err);
    }
  }
}

export type MemberHandler = (
  ctx: Ctx,
  container: Container,
  member: Member,
  content: Pull | null,
  layers: DecodeLayer[],
) => Promise<void>;

export class Ctx {
  /** entries counted across all inputs */
  entries = 0;
  /** uncompressed content bytes handed over across all inputs */
  bytes = 0;
  /** set once a global limit is reached: the reason, and everything after is skipped */
  stop: string | null = null;
  /** decompression budget of the input file being read (set per file the user gave; budget.ts) */
  budget: InflateBudget | null = null;

  constructor(
    readonly opts: ReadOptions,
    readonly limits: Limits,
    readonly progress: Progress,
    /** content dispatch (src/archive/content.ts), injected to keep the readers free of import cycles */
    readonly member: MemberHandler,
  ) {}

  note(note: ArchiveNote): void {
    try {
      this.opts.onNote(note);
    } catch (err) {
      throw new HandlerFailure(err);
    }
  }

  /** count one more entry; false (and the global stop set) when the limit is passed */
  countEntry(): boolean {
    if (this.stop) return false;
    this.entries++;
    if (this.entries > this.limits.maxEntries) {
      this.stop = `entry limit of ${this.limits.maxEntries} entries reached`;
      return false;
    }
    return true;
  }
}

/** An error (or anything thrown) as one short line. */
export function oneLine(err: unknown): string {
  let s: string;
  if (err instanceof Error) s = err.message || err.name;
  else if (typeof err === 'string') s = err;
  else s = String(err);
  s = s.replace(/\s+/g, ' ').trim();
  if (s.length > 300) s = s.slice(0, 297) + '...';
  return s || 'unknown error';
}

/** A name from an archive, made safe to print on one line. */
export function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  const s = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return s.length > 300 ? s.slice(0, 297) + '...' : s;
}

/** '1 entry', '2 entries' */
export function entries(n: number): string {
  return `${n} ${n === 1 ? 'entry' : 'entries'}`;
}

export function joinDisplay(containerDisplay: string, path: string): string {
  return containerDisplay ? `${containerDisplay}!${path}` : path;
}
