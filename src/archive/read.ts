/**
 * The archive-reading stage: inputs (folders, tar, tar.gz/.xz/.bz2/.zst, zip, single plain or
 * compressed files)
 * become a sequence of entries handed to `opts.onEntry` as streams, in the order the containers
 * store them (folders: sorted by name). Nothing is extracted or written to disk.
 *
 * Behaviour in short (details in the module comments):
 * - the kind of every input and every entry is decided by its first bytes, never by its name;
 * - gzip, xz, bzip2 and zstd contents are decompressed on the fly (`compression`, the path keeps its
 *   name; decompress.ts); 7-zip, rar and other formats not read are named in a note;
 * - tar and zip contents are opened as nested archives up to `limits.maxNestingDepth`, and get a
 *   note with status 'parsed' (or 'unreadable'/'skipped' when damaged or cut), as does every
 *   archive given as input;
 * - hostile names are normalised (see names.ts), links/devices/fifos are never followed;
 * - limits cut entries cleanly and say so in notes; damage never throws: what was readable before
 *   it is handed over, then a note with status 'unreadable' says what happened.
 *
 * readInputs throws only when an input path is missing or cannot be read (one-line message), or
 * when the caller's own onEntry/onNote/onProgress throws (that error is rethrown as is).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InflateBudget } from './budget';
import { finishContainer, handleMember, processContent } from './content';
import { Ctx, HandlerFailure, Progress, oneLine } from './context';
import { FileSource } from './files';
import { Pull } from './pull';
import { isZip } from './sniff';
import { DEFAULT_LIMITS, type ReadOptions } from './types';
import { readZip } from './zip';

export { normaliseEntryPath } from './names';

type FolderItem =
  | { rel: string; abs: string; size: number }
  | { rel: string; status: 'skipped' | 'unreadable'; reason: string };

type Plan =
  | { kind: 'folder'; input: string; items: FolderItem[]; bytes: number }
  | { kind: 'file'; input: string; size: number };

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return oneLine(err);
  }
}

/** the one error readInputs throws of its own: an input that is missing or cannot be read */
class InputError extends Error {}

function inputError(input: string, err: unknown): Error {
  return new InputError(`cannot read input '${input}': ${describeFsError(err)}`);
}

/**
 * A large file that stores a small part of its size (holes read as zeros): reading it would cost
 * gigabytes of zeros for nothing. Real logs are never sparse; a preallocated file that is is
 * listed, not read.
 */
function isSparse(s: fs.Stats): boolean {
  return s.size > 64 * 1024 ** 2 && s.blocks * 512 < s.size / 16;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Walk a folder: sorted, recursive, symbolic links and special files noted and not followed. */
async function walkFolder(root: string): Promise<{ items: FolderItem[]; bytes: number }> {
  const items: FolderItem[] = [];
  let bytes = 0;
  async function walk(dir: string, rel: string, isRoot: boolean): Promise<void> {
    let names: fs.Dirent[];
    try {
      names = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (isRoot) throw err;
      items.push({ rel, status: 'unreadable', reason: `folder cannot be read: ${describeFsError(err)}` });
      return;
    }
    names.sort((a, b) => byName(a.name, b.name));
    for (const d of names) {
      const abs = path.join(dir, d.name);
      const r = rel ? `${rel}/${d.name}` : d.name;
      let st: fs.Stats | null = null;
      const kind = async (): Promise<fs.Stats | fs.Dirent> => {
        if (d.isFile() || d.isDirectory() || d.isSymbolicLink() || d.isFIFO() || d.isSocket() || d.isBlockDevice() || d.isCharacterDevice()) return d;
        st = await fs.promises.lstat(abs);
        return st;
      };
      let t: fs.Stats | fs.Dirent;
      try {
        t = await kind();
      } catch (err) {
        items.push({ rel: r, status: 'unreadable', reason: `cannot be read: ${describeFsError(err)}` });
        continue;
      }
      if (t.isSymbolicLink()) {
        let target = '';
        try {
          target = ` (to '${await fs.promises.readlink(abs)}')`;
        } catch {
          /* keep it short */
        }
        items.push({ rel: r, status: 'skipped', reason: `symbolic link${target} not followed` });
      } else if (t.isDirectory()) {
        await walk(abs, r, false);
      } else if (t.isFile()) {
        try {
          const s = st ?? (await fs.promises.lstat(abs));
          if (isSparse(s)) {
            items.push({ rel: r, status: 'skipped', reason: `sparse file: ${s.size} bytes declared, ${s.blocks * 512} stored on disk (mostly holes); not read` });
            continue;
          }
          items.push({ rel: r, abs, size: s.size });
          bytes += s.size;
        } catch (err) {
          items.push({ rel: r, status: 'unreadable', reason: `cannot be read: ${describeFsError(err)}` });
        }
      } else {
        const what = t.isFIFO() ? 'fifo' : t.isSocket() ? 'socket' : t.isBlockDevice() ? 'block-device' : 'character-device';
        items.push({ rel: r, status: 'skipped', reason: `${what} not read` });
      }
    }
  }
  await walk(root, '', true);
  return { items, bytes };
}

async function planInput(input: string): Promise<Plan> {
  let st: fs.Stats;
  try {
    st = await fs.promises.stat(input);
  } catch (err) {
    throw inputError(input, err);
  }
  if (st.isDirectory()) {
    try {
      const { items, bytes } = await walkFolder(input);
      return { kind: 'folder', input, items, bytes };
    } catch (err) {
      throw inputError(input, err);
    }
  }
  if (!st.isFile()) throw new InputError(`cannot read input '${input}': not a file or a folder`);
  try {
    await fs.promises.access(input, fs.constants.R_OK);
  } catch (err) {
    throw inputError(input, err);
  }
  return { kind: 'file', input, size: st.size };
}

/** A file of a folder input, or the input file itself when it is not a zip. */
async function readPlainFile(ctx: Ctx, file: FileSource, input: string, rel: string, depth: number): Promise<void> {
  ctx.budget = new InflateBudget(file.size, ctx.limits.maxCompressionRatio);
  const pull = new Pull(file.stream(0, Infinity), 'cancel');
  try {
    await processContent(ctx, { input, path: rel, displayPath: rel, size: file.size, depth, layers: [], outer: [] }, pull);
  } finally {
    await pull.discard();
  }
}

async function readFolder(ctx: Ctx, plan: Extract<Plan, { kind: 'folder' }>): Promise<void> {
  const { items } = plan;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (ctx.stop || !ctx.countEntry()) {
      ctx.note({
        displayPath: plan.input,
        status: 'skipped',
        recognisedAs: 'folder',
        reason: `${ctx.stop}; ${items.length - i} of the ${items.length} entries of this folder were not read`,
      });
      return;
    }
    if (!('abs' in item)) {
      ctx.note({ displayPath: item.rel, status: item.status, recognisedAs: null, reason: item.reason });
      continue;
    }
    let file: FileSource;
    try {
      file = await FileSource.open(item.abs, (n) => ctx.progress.add(n), true);
    } catch (err) {
      ctx.note({ displayPath: item.rel, status: 'unreadable', recognisedAs: null, reason: `cannot be read: ${describeFsError(err)}` });
      continue;
    }
    try {
      await readPlainFile(ctx, file, plan.input, item.rel, 0);
    } finally {
      await file.close();
    }
  }
}

async function readFileInput(ctx: Ctx, input: string): Promise<void> {
  let file: FileSource;
  try {
    file = await FileSource.open(input, (n) => ctx.progress.add(n));
  } catch (err) {
    throw inputError(input, err);
  }
  const name = path.basename(input);
  try {
    if (!ctx.countEntry()) {
      ctx.note({ displayPath: name, status: 'skipped', recognisedAs: null, reason: `${ctx.stop}; input not read` });
      return;
    }
    let head: Buffer;
    try {
      head = await file.read(0, 4);
    } catch (err) {
      throw inputError(input, err);
    }
    if (isZip(head)) {
      // a zip on disk is read in place (random access), never loaded whole
      const container = { input, displayPath: name, depth: 0, layers: [] };
      ctx.budget = new InflateBudget(file.size, ctx.limits.maxCompressionRatio);
      const result = await readZip(ctx, file, container);
      finishContainer(ctx, name, 'archive (zip)', result, []);
    } else {
      await readPlainFile(ctx, file, input, name, 0);
    }
  } finally {
    await file.close();
  }
}

export async function readInputs(inputs: string[], opts: ReadOptions): Promise<void> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const plans: Plan[] = [];
  for (const input of inputs) plans.push(await planInput(input));
  const total = plans.reduce((sum, p) => sum + (p.kind === 'folder' ? p.bytes : p.size), 0);
  const progress = new Progress(opts.onProgress, total);
  const ctx = new Ctx(opts, limits, progress, handleMember);
  try {
    progress.flush();
    for (const plan of plans) {
      progress.startInput(plan.kind === 'folder' ? plan.bytes : plan.size);
      if (ctx.stop) {
        const displayPath = plan.kind === 'folder' ? plan.input : path.basename(plan.input);
        ctx.note({ displayPath, status: 'skipped', recognisedAs: null, reason: `${ctx.stop}; input not read` });
        progress.finishInput();
        continue;
      }
      try {
        if (plan.kind === 'folder') await readFolder(ctx, plan);
        else await readFileInput(ctx, plan.input);
      } catch (err) {
        if (err instanceof HandlerFailure) throw err;
        if (err instanceof InputError) throw err;
        // a reader bug must not lose the other inputs: say it and go on
        ctx.note({
          displayPath: plan.kind === 'folder' ? plan.input : path.basename(plan.input),
          status: 'unreadable',
          recognisedAs: null,
          reason: `reading stopped by an internal error: ${oneLine(err)}`,
        });
      }
      progress.finishInput();
    }
  } catch (err) {
    if (err instanceof HandlerFailure) throw err.cause;
    throw err;
  }
}
