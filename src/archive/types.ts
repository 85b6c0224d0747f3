/**
 * Contracts of the archive-reading stage: inputs (folders, tar, tar.gz/.xz/.bz2/.zst, zip, nested
 * archives, compressed single files) become a sequence of entries handed over as streams, in the order
 * the container stores them. Nothing is extracted to disk.
 */
import type { Readable } from 'node:stream';

export interface Limits {
  /** uncompressed bytes read across all inputs before the rest is skipped */
  maxTotalBytes: number;
  /** uncompressed bytes of one entry; the rest of that entry is skipped */
  maxEntryBytes: number;
  /** entries across all inputs */
  maxEntries: number;
  /** archives inside archives (the input itself is depth 0) */
  maxNestingDepth: number;
  /** uncompressed / compressed ratio that marks a compressed content or zip entry as a bomb (checked past 1 MiB) */
  maxCompressionRatio: number;
  /** a nested zip needs random access and is held in memory up to this size */
  maxNestedZipBytes: number;
  /** longest line kept whole; longer lines are cut (the cut is counted) */
  maxLineBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxTotalBytes: 64 * 1024 ** 3,
  maxEntryBytes: 8 * 1024 ** 3,
  maxEntries: 200_000,
  maxNestingDepth: 4,
  maxCompressionRatio: 1000,
  maxNestedZipBytes: 512 * 1024 ** 2,
  maxLineBytes: 1024 * 1024,
};

export interface BundleEntry {
  /** the input argument the entry came from, as the user gave it */
  input: string;
  /** path inside its innermost archive or folder, '/'-separated, normalised (no '..', no leading '/') */
  path: string;
  /**
   * unique human path for reports: the input's base name, then each nested archive, joined by '!':
   * 'bundle.tgz!hosts/cmp-01.tgz!var/log/pf9/ostackhost.log'. For a folder input, the path alone.
   */
  displayPath: string;
  /** declared uncompressed size when the container states it (null for gzip-compressed files) */
  size: number | null;
  /** true when the entry was a .gz file decompressed on the fly (the path keeps its .gz name) */
  gunzipped: boolean;
  /** the compression removed on the fly (gzip, xz, bzip2, zstd), or null; the path keeps its suffix */
  compression: 'gzip' | 'xz' | 'bzip2' | 'zstd' | null;
}

/**
 * What happened to an entry that is not handed over as content, or whose content was cut:
 * the inventory shows it. `status: 'parsed'` is used for nested archives that were opened.
 */
export interface ArchiveNote {
  displayPath: string;
  status: 'parsed' | 'skipped' | 'unreadable';
  recognisedAs: string | null;
  reason: string;
}

/** Called for each regular file; must consume or destroy `stream` before the returned promise settles. */
export type EntryHandler = (entry: BundleEntry, stream: Readable) => Promise<void>;

export interface ReadOptions {
  limits: Limits;
  onEntry: EntryHandler;
  onNote: (note: ArchiveNote) => void;
  /** compressed bytes read from the input files so far, and their total size (for progress) */
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
}
