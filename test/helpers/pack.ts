/**
 * Packs sample bundle folders into .tar.gz uploads for the batch and queue tests, with an upload id
 * file added so that repeated packs of one bundle are different cases (different sha256).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { pack as tarPack } from 'tar-stream';

function files(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...files(dir, r));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

/** Writes `dir` as `<out>` (.tar.gz) under a top folder, plus `upload-id.txt` holding `id`. */
export async function packBundle(dir: string, out: string, id: string): Promise<void> {
  const p = tarPack();
  const top = path.basename(out).replace(/\.tar\.gz$/, '');
  const gz = zlib.createGzip({ level: 1 });
  const done = new Promise<void>((resolve, reject) => {
    const ws = fs.createWriteStream(out);
    ws.on('finish', () => resolve());
    ws.on('error', reject);
    p.pipe(gz).pipe(ws);
  });
  for (const f of files(dir)) p.entry({ name: `${top}/${f}`, mtime: new Date(0) }, fs.readFileSync(path.join(dir, f)));
  p.entry({ name: `${top}/upload-id.txt`, mtime: new Date(0) }, `${id}\n`);
  p.finalize();
  await done;
}

/** A decompression bomb: a small .tar.gz whose one log file inflates to `mb` MB of zeros. */
export async function packBomb(out: string, mb: number): Promise<void> {
  const p = tarPack();
  const gz = zlib.createGzip({ level: 9 });
  const done = new Promise<void>((resolve, reject) => {
    const ws = fs.createWriteStream(out);
    ws.on('finish', () => resolve());
    ws.on('error', reject);
    p.pipe(gz).pipe(ws);
  });
  const size = mb * 1024 * 1024;
  const entry = p.entry({ name: 'logs/nova-conductor.log', size, mtime: new Date(0) });
  const chunk = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < mb; i++) if (!entry.write(chunk)) await new Promise((r) => entry.once('drain', r));
  entry.end();
  p.finalize();
  await done;
}

/** The sample bundle folders (bundles/*, not the .expect.yaml files beside them). */
export function sampleBundles(root: string): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(root, e.name))
    .sort();
}
