/**
 * A job's inputs as local paths, checked against the hashes they were submitted with: a path on
 * shared storage is read where it is; a URL is downloaded into the worker's output folder (under
 * .incoming/, removed after the case) with a size cap. A changed or missing input fails the job
 * with a clear reason rather than giving a row that does not match its job id.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeInput, isUrl, shownLocation } from '../batch/cases';
import type { InputJson } from '../batch/row';

export class InputChangedError extends Error {}

export interface LocalInputs {
  paths: string[];
  cleanup(): void;
}

async function download(url: string, file: string, maxBytes: number): Promise<string> {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new InputChangedError(`cannot read input '${shownLocation(url)}': HTTP ${res.status}`);
  const h = createHash('sha256');
  const outStream = fs.createWriteStream(file, { flags: 'wx' });
  let bytes = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      if (bytes > maxBytes) throw new InputChangedError(`cannot read input '${shownLocation(url)}': larger than ${maxBytes} bytes`);
      h.update(chunk);
      if (!outStream.write(chunk)) await new Promise<void>((r) => outStream.once('drain', () => r()));
    }
  } finally {
    await new Promise<void>((r) => outStream.end(() => r()));
  }
  return h.digest('hex');
}

/** Whether `p` (symlinks resolved) lies inside one of the folders a worker may read from. */
function inside(p: string, roots: string[]): boolean {
  let real: string;
  try {
    real = fs.realpathSync(p);
  } catch {
    return false;
  }
  return roots.some((r) => {
    const root = fs.realpathSync(r);
    return real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
  });
}

/**
 * `inputsUnder`: when given, a path input must lie inside one of these folders (a job is data from
 * Redis: without it, whoever can write to the queue can make a worker read any file it can read).
 */
export async function localInputs(jobId: string, inputs: InputJson[], outRoot: string, maxBytes: number, inputsUnder: string[] = []): Promise<LocalInputs> {
  const dir = path.join(outRoot, '.incoming', jobId.replace(/[^0-9a-f]/g, ''));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  const paths: string[] = [];
  try {
    for (const [i, inp] of inputs.entries()) {
      if (isUrl(inp.location)) {
        fs.mkdirSync(dir, { recursive: true });
        const file = path.join(dir, `${i}-${inp.name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100)}`);
        fs.rmSync(file, { force: true });
        const sha = await download(inp.location, file, maxBytes);
        if (sha !== inp.sha256) throw new InputChangedError(`input '${inp.name}' changed since it was submitted (sha256 differs)`);
        paths.push(file);
      } else {
        if (!fs.existsSync(inp.location)) throw new InputChangedError(`cannot read input '${inp.location}': no such file or folder on this worker`);
        if (inputsUnder.length && !inside(inp.location, inputsUnder)) throw new InputChangedError(`input '${inp.location}' is outside the folders this worker reads from (--inputs-under)`);
        const now = await describeInput(inp.location);
        if (now.sha256 !== inp.sha256) throw new InputChangedError(`input '${inp.name}' changed since it was submitted (sha256 differs)`);
        paths.push(inp.location);
      }
    }
  } catch (e) {
    cleanup();
    throw e;
  }
  return { paths, cleanup };
}
