/**
 * Compression layers other than the zip reader's own deflate: gzip in-process (Node's zlib), and
 * xz, bzip2 and zstd through the system's own decompressor (`xz -dc`, `bzip2 -dc`, `zstd -dc`) as a
 * child process fed and drained as streams.
 *
 * Why child processes: Node 20 has no xz, bzip2 or zstd, and the npm packages that do either work on
 * whole buffers (@napi-rs/lzma, @mongodb-js/zstd: a 2 GB sosreport cannot be held in memory) or are
 * pure JavaScript and several times slower than liblzma. The system tools stream, are as fast as
 * the reference they are measured against (they are that reference: `npm run bench`), and
 * decompress on a second core while this process scans. When a tool is missing, the content is
 * listed as unreadable with the package to install, and the rest of the bundle is still analysed.
 *
 * Every layer applies the same compression-ratio guard as gzip: once more than RATIO_CHECK_AFTER
 * bytes came out, output / compressed bytes fed in above `maxRatio` cuts the layer (`cut` says why).
 */
import type { InflateBudget } from './budget';
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { RATIO_CHECK_AFTER, noop, oneLine } from './context';
import { type DecodeLayer, InflateLayer, Pull } from './pull';

export type Compression = 'gzip' | 'xz' | 'bzip2' | 'zstd';

/** Compression of a content, by its first bytes. */
export function sniffCompression(head: Buffer): Compression | null {
  if (head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08) return 'gzip';
  // xz stream header: FD '7zXZ' 00
  if (head.length >= 6 && head[0] === 0xfd && head.toString('latin1', 1, 5) === '7zXZ' && head[5] === 0) return 'xz';
  // bzip2: 'BZh', block size '1'..'9', then a block ('1AY&SY', pi) or the end of stream (sqrt(pi))
  if (head.length >= 10 && head.toString('latin1', 0, 3) === 'BZh' && head[3]! >= 0x31 && head[3]! <= 0x39) {
    const magic = head.toString('hex', 4, 10);
    if (magic === '314159265359' || magic === '177245385090') return 'bzip2';
  }
  // zstd frame 28 B5 2F FD, or a skippable frame 0x184D2A5? (little endian) that zstd passes over
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (head.length >= 8 && (head.readUInt32LE(0) & 0xfffffff0) === 0x184d2a50) return 'zstd';
  return null;
}

/**
 * Formats people send that this reader does not open, by their first bytes: named so that the
 * inventory and the terminal say what the file is instead of "unknown content".
 */
export function sniffUnsupported(head: Buffer): string | null {
  const starts = (hex: string): boolean => head.length >= hex.length / 2 && head.toString('hex', 0, hex.length / 2) === hex;
  if (starts('377abcaf271c')) return '7-zip archive';
  if (starts('526172211a07')) return 'rar archive';
  if (starts('04224d18')) return 'lz4-compressed file';
  if (starts('1f9d')) return 'compress (.Z) file';
  if (starts('894c5a4f000d0a1a0a')) return 'lzop-compressed file';
  return null;
}

/** What the inventory calls a compressed content. */
export function compressionLabel(c: Compression): string {
  return `${c}-compressed file`;
}

/** the tar suffix people know for each compression */
export function tarSuffix(c: Compression): string {
  return { gzip: 'tar.gz', xz: 'tar.xz', bzip2: 'tar.bz2', zstd: 'tar.zst' }[c];
}

/**
 * How each external decompressor is run. Memory ceilings keep a hostile header (a huge xz
 * dictionary, a zstd window) from taking the machine's memory: both tools refuse such a stream
 * with an error, which ends the content as unreadable.
 */
const TOOLS: Record<Exclude<Compression, 'gzip'>, { program: string; args: string[]; debian: string }> = {
  xz: { program: 'xz', args: ['-dc', '--memlimit-decompress=1GiB'], debian: 'xz-utils' },
  bzip2: { program: 'bzip2', args: ['-dc'], debian: 'bzip2' },
  zstd: { program: 'zstd', args: ['-dc', '-q', '--memory=1024MB'], debian: 'zstd' },
};

/** the command line a layer runs (the bench compares it with the same tool's plain `-dc`) */
export function decompressorCommand(c: Exclude<Compression, 'gzip'>): { program: string; args: string[] } {
  return { program: TOOLS[c].program, args: [...TOOLS[c].args] };
}

const found = new Map<string, string | null>();

/** The program's full path on PATH, or null (looked up once per PATH value). */
export function findProgram(program: string): string | null {
  const key = `${process.env.PATH ?? ''}\0${program}`;
  if (found.has(key)) return found.get(key)!;
  let hit: string | null = null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, program);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) {
        hit = p;
        break;
      }
    } catch {
      /* not here */
    }
  }
  found.set(key, hit);
  return hit;
}

/** A decoder for `c` over `parent`, or why there is none on this machine. */
export function openDecoder(c: Compression, parent: Pull, maxRatio: number, budget: InflateBudget | null = null): DecodeLayer | { unavailable: string } {
  if (c === 'gzip') return new InflateLayer(parent, 'gzip', maxRatio, budget);
  const tool = TOOLS[c];
  const program = findProgram(tool.program);
  if (!program) {
    return { unavailable: `${c}-compressed data cannot be read here: the '${tool.program}' program is not installed (Debian/Ubuntu: apt-get install ${tool.debian})` };
  }
  return new ProcessLayer(parent, c, program, tool.args, maxRatio, budget);
}

/** Decompressors still running: ended when this process exits, whatever the reason. */
const live = new Set<ChildProcessByStdio<Writable, Readable, Readable>>();
let exitHook = false;
function track(child: ChildProcessByStdio<Writable, Readable, Readable>): void {
  live.add(child);
  child.once('close', () => live.delete(child));
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
}

/** A system decompressor between `parent` (compressed) and `pull` (decompressed). */
class ProcessLayer implements DecodeLayer {
  readonly pull: Pull;
  cut: string | null = null;
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private consumed = 0;
  private stopped = false;
  private stderr = '';

  constructor(
    parent: Pull,
    readonly kind: Exclude<Compression, 'gzip'>,
    program: string,
    args: string[],
    private readonly maxRatio: number,
    /** the input's budget across all layers (budget.ts) */
    private readonly budget: InflateBudget | null = null,
  ) {
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.child = child;
    track(child);
    this.exited = new Promise((resolve) => {
      child.once('close', (code, signal) => resolve({ code, signal }));
      child.once('error', (err) => {
        this.stderr ||= oneLine(err);
        resolve({ code: null, signal: null });
      });
    });
    child.stdin.on('error', noop); // EPIPE when the tool gives up early: its exit status says why
    child.stdout.on('error', noop);
    child.stderr.on('data', (d: Buffer) => {
      if (this.stderr.length < 2000) this.stderr += d.toString('utf8');
    });
    // Fed by hand, like the gzip layer: when the compressed input fails (a truncated archive), the
    // tool's stdin is ended, so it gives out everything decodable before its own error.
    void (async (): Promise<void> => {
      try {
        for await (const c of parent.chunks()) {
          if (this.stopped || child.stdin.destroyed) return;
          this.consumed += c.length;
          if (!child.stdin.write(c)) await drainedOrClosed(child.stdin);
        }
      } catch {
        /* end below: the tool reports the truncation */
      }
      if (!child.stdin.destroyed && !child.stdin.writableEnded) child.stdin.end();
    })();
    this.pull = new Pull(this.output(), 'cancel');
  }

  private async *output(): AsyncGenerator<Buffer, void, undefined> {
    let out = 0;
    try {
      for await (const c of this.child.stdout as AsyncIterable<Buffer>) {
        out += c.length;
        const spent = this.budget?.take(c.length) ?? null;
        if (spent) {
          this.cut = spent;
          this.stop();
          return;
        }
        if (out > RATIO_CHECK_AFTER) {
          const consumed = Math.max(1, this.consumed);
          if (out / consumed > this.maxRatio) {
            this.cut = `${this.kind} data expands more than ${this.maxRatio} times (${out} bytes out of ${consumed}), which looks like a compression bomb`;
            this.stop();
            return;
          }
        }
        yield c;
      }
      const { code, signal } = await this.exited;
      if (code !== 0 && !this.stopped) {
        const why = this.stderr.trim().split('\n').pop() ?? '';
        // 'xz: (stdin): Unexpected end of input' → 'Unexpected end of input'
        const msg = why.replace(/^[^:]+:\s*\(stdin\):\s*/, '').replace(/^[^:]+:\s*/, '');
        throw new Error(msg || `${this.kind} exited with ${signal ?? `status ${code}`}`);
      }
    } finally {
      this.stop();
    }
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    this.child.stdin.destroy();
  }

  /** stop decompressing; the parent still has to be discarded by its owner */
  async close(): Promise<void> {
    await this.pull.discard();
    this.stop();
  }
}

function drainedOrClosed(w: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      w.removeListener('drain', done);
      w.removeListener('close', done);
      w.removeListener('error', done);
      resolve();
    };
    w.on('drain', done);
    w.on('close', done);
    w.on('error', done);
  });
}
