/**
 * The benchmark bundles as .tar.xz, .tar.zst and .tar.bz2: the generated tar.gz recompressed by
 * the system tools (`gzip -dc | xz -6 -T0`, the xz default level, that sosreport archives use;
 * zstd at its default level 3; bzip2 at its default -9), once, into the same cache folder.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { BundleInfo } from './generate';

export type Recompressed = 'txz' | 'tzst' | 'tbz2';

const HOW: Record<Recompressed, { suffix: string; program: string; args: string[] }> = {
  txz: { suffix: 'tar.xz', program: 'xz', args: ['-6', '-T0', '-c'] },
  tzst: { suffix: 'tar.zst', program: 'zstd', args: ['-3', '-T0', '-q', '-c'] },
  tbz2: { suffix: 'tar.bz2', program: 'bzip2', args: ['-9', '-c'] },
};

/** the decompressor a format is measured against: `xz -dc`, `zstd -dc`, `bzip2 -dc` */
export function baselineCommand(f: Recompressed): { program: string; args: string[] } {
  return { program: HOW[f].program, args: ['-dc'] };
}

export function label(f: Recompressed): string {
  return HOW[f].suffix;
}

/** Path of the bundle in format `f`, made from its tar.gz when missing. */
export async function ensureRecompressed(info: BundleInfo, f: Recompressed, log: (s: string) => void): Promise<string> {
  const file = info.tgz.replace(/\.tar\.gz$/, `.${HOW[f].suffix}`);
  if (fs.existsSync(file)) return file;
  const tmp = `${file}.part`;
  log(`recompressing ${info.name} as ${HOW[f].suffix} (${HOW[f].program} ${HOW[f].args.join(' ')}), once`);
  const t0 = Date.now();
  await new Promise<void>((resolve, reject) => {
    const out = fs.openSync(tmp, 'w');
    const gz = spawn('gzip', ['-dc', info.tgz], { stdio: ['ignore', 'pipe', 'inherit'] });
    const c = spawn(HOW[f].program, HOW[f].args, { stdio: ['pipe', out, 'inherit'] });
    gz.stdout.pipe(c.stdin!);
    let failed = false;
    const fail = (e: Error): void => {
      if (!failed) (failed = true), reject(e);
    };
    gz.on('error', fail);
    c.on('error', fail);
    c.on('close', (code) => {
      fs.closeSync(out);
      if (code === 0) resolve();
      else fail(new Error(`${HOW[f].program} exited ${code}`));
    });
  });
  fs.renameSync(tmp, file);
  log(`  done in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${(fs.statSync(file).size / 1024 ** 2).toFixed(0)} MB`);
  return file;
}
