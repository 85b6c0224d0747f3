/**
 * Test helper: compress bytes with the system's xz, bzip2 or zstd (the same tools the reader runs to
 * decompress). A missing tool fails the test that needs it: CI installs them (.ci/run).
 */
import { spawnSync } from 'node:child_process';
import * as zlib from 'node:zlib';

export type Tool = 'gzip' | 'xz' | 'bzip2' | 'zstd';

const ARGS: Record<Exclude<Tool, 'gzip'>, string[]> = {
  xz: ['-c', '-6', '-T1'],
  bzip2: ['-c', '-9'],
  zstd: ['-c', '-q', '-19'],
};

export function compress(tool: Tool, data: Buffer | string): Buffer {
  const input = typeof data === 'string' ? Buffer.from(data) : data;
  if (tool === 'gzip') return zlib.gzipSync(input);
  const r = spawnSync(tool, ARGS[tool], { input, maxBuffer: 1024 ** 3 });
  if (r.error) throw new Error(`'${tool}' is needed by this test and could not run (${r.error.message}); apt-get install xz-utils bzip2 zstd`);
  if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr.toString()}`);
  return r.stdout;
}

/** `bytes` zero bytes compressed by the system tool, streamed from /dev/zero (never in memory). */
export function compressedZerosWith(tool: Exclude<Tool, 'gzip'>, bytes: number): Buffer {
  const r = spawnSync('sh', ['-c', `head -c ${bytes} /dev/zero | ${tool} ${ARGS[tool].join(' ')}`], { maxBuffer: 1024 ** 3 });
  if (r.status !== 0 || r.stdout.length === 0) throw new Error(`'${tool}' is needed by this test: ${r.stderr.toString()}`);
  return r.stdout;
}
