/**
 * Uploads for the batch and queue tests: sample bundle folders packed as .tar.gz, each with an
 * upload id file added so that repeated packs of one bundle are different cases (different sha256).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzip, listFolder, tarFromEntries, type TarEntry } from './pack';

/** Writes `dir` as `out` (.tar.gz) under a top folder, plus `upload-id.txt` holding `id`. */
export async function packBundle(dir: string, out: string, id: string): Promise<void> {
  const top = path.basename(out).replace(/\.(tar\.gz|tgz)$/, '');
  const { files } = listFolder(dir);
  const entries: TarEntry[] = files.map((f) => ({ name: `${top}/${f.path}`, data: f.data }));
  entries.push({ name: `${top}/upload-id.txt`, data: `${id}\n` });
  fs.writeFileSync(out, gzip(tarFromEntries(entries)));
}

/** The sample bundle folders (bundles/*, not the .expect.yaml files beside them). */
export function sampleBundles(root: string): string[] {
  if (!fs.existsSync(root)) throw new Error(`the sample bundles folder is missing: ${root}`);
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(root, e.name))
    .sort();
}
