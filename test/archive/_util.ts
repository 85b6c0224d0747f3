/** Shared helpers of the archive tests (not a test file itself). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { readInputs } from '../../src/archive/read';
import { type ArchiveNote, type BundleEntry, DEFAULT_LIMITS, type Limits } from '../../src/archive/types';

export interface Got {
  entry: BundleEntry;
  data: Buffer;
}

export interface Collected {
  entries: Got[];
  notes: ArchiveNote[];
  progress: [number, number][];
  /** everything that happened, in order: 'entry <displayPath>' or 'note <status> <displayPath>' */
  events: string[];
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** Read inputs with the given limits, collecting every entry (whole content), note and progress. */
export async function collect(
  inputs: string[],
  limits: Partial<Limits> = {},
  onEntry?: (entry: BundleEntry, stream: Readable) => Promise<Buffer | null>,
): Promise<Collected> {
  const out: Collected = { entries: [], notes: [], progress: [], events: [] };
  await readInputs(inputs, {
    limits: { ...DEFAULT_LIMITS, ...limits },
    onEntry: async (entry, stream) => {
      out.events.push(`entry ${entry.displayPath}`);
      const data = onEntry ? await onEntry(entry, stream) : await readAll(stream);
      if (data) out.entries.push({ entry, data });
    },
    onNote: (note) => {
      out.events.push(`note ${note.status} ${note.displayPath}`);
      out.notes.push(note);
    },
    onProgress: (read, total) => out.progress.push([read, total]),
  });
  return out;
}

/** A scratch folder under the OS temp dir (the reader itself never writes anything). */
export class Scratch {
  readonly dir: string;
  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-archive-'));
  }
  /** write a file (folders created), return its path */
  file(rel: string, data: Buffer | string): string {
    const p = path.join(this.dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, data);
    return p;
  }
  path(rel: string): string {
    return path.join(this.dir, rel);
  }
  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export function notesFor(c: Collected, displayPath: string): ArchiveNote[] {
  return c.notes.filter((n) => n.displayPath === displayPath);
}

export function byPath(c: Collected): Map<string, string> {
  return new Map(c.entries.map((g) => [g.entry.path, g.data.toString('latin1')]));
}

/** deterministic pseudo-random bytes */
export function noise(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

/** text lines, compressible like a log */
export function logText(lines: number, tag = 'nova'): string {
  let s = '';
  for (let i = 0; i < lines; i++) s += `2025-06-02 14:02:${String(i % 60).padStart(2, '0')}.000 ${1000 + (i % 7)} INFO ${tag}.compute.manager [req-${i}] line ${i}\n`;
  return s;
}
