/**
 * The output folder: checked before any analysis (so that a bad --out costs nothing and never ends
 * in "internal error"), and written atomically: each report goes to a new temporary file in the
 * folder, then all are renamed over the final names at once. A name planted in the folder (a
 * symbolic link, a hard link, a fifo called report.json) is replaced, never written through, and
 * the reports of an earlier run that this run does not write are removed, so that a folder never
 * holds reports of two runs.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** every file name a run may write; nothing else is ever created, replaced or removed */
export const REPORT_FILES = ['report.html', 'report.md', 'report.json'] as const;
export type ReportFile = (typeof REPORT_FILES)[number];

/** A --out that cannot be used: a usage error (exit 2), said in one line. */
export class OutputFolderError extends Error {}

/** kernel pseudo-filesystems, by statfs magic: files there are kernel knobs, not reports */
const PSEUDO_FS: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0x63677270: 'cgroup2',
  0x27e0eb: 'cgroup',
  0x1cd1: 'devpts',
  0x62656570: 'configfs',
  0xcafe4a11: 'bpf',
  0x6165676c: 'pstore',
  0xde5e81e4: 'efivarfs',
};
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOTDIR':
      return 'a file is in the way (a part of the path is not a folder)';
    case 'ENOENT':
      return 'the path cannot be created';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    default:
      return e?.message?.split('\n')[0] ?? String(err);
  }
}

/** The deepest part of `p` that exists, resolved through symbolic links. */
function existingAncestor(p: string): string {
  let cur = p;
  for (;;) {
    try {
      return fs.realpathSync(cur);
    } catch {
      const up = path.dirname(cur);
      if (up === cur) return cur;
      cur = up;
    }
  }
}

function underPseudoRoot(p: string): string | null {
  for (const r of PSEUDO_ROOTS) if (p === r || p.startsWith(`${r}/`)) return r;
  return null;
}

/**
 * Check (and create) the output folder; throws OutputFolderError with the reason. Returns the
 * absolute folder and whether this run created it.
 */
export function prepareOutputFolder(out: string): { dir: string; created: boolean } {
  const dir = path.resolve(out);
  const bad = (why: string): OutputFolderError => new OutputFolderError(`cannot write the reports to '${out}': ${why}`);
  const real = existingAncestor(dir);
  const root = underPseudoRoot(dir) ?? underPseudoRoot(real);
  if (root) throw bad(`${root} is a kernel pseudo-filesystem, not a place for reports; choose another --out`);
  try {
    const type = Number(fs.statfsSync(real).type);
    if (PSEUDO_FS[type]) throw bad(`it is on the ${PSEUDO_FS[type]} kernel pseudo-filesystem; choose another --out`);
  } catch (e) {
    if (e instanceof OutputFolderError) throw e;
    /* statfs unsupported here: the checks below still apply */
  }
  let created = false;
  let st: fs.Stats | null = null;
  try {
    st = fs.statSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') throw bad(describe(e));
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw bad(describe(e));
  }
  if (st && !st.isDirectory()) throw bad('a file of that name is in the way (it is not a folder)');
  if (!st) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      created = true;
    } catch (e) {
      throw bad(describe(e));
    }
  }
  // the reports' own names must not be folders (rename cannot replace them)
  for (const name of REPORT_FILES) {
    let l: fs.Stats;
    try {
      l = fs.lstatSync(path.join(dir, name));
    } catch {
      continue;
    }
    if (l.isDirectory()) throw bad(`'${name}' in it is a folder; remove it or choose another --out`);
  }
  // writable? a real write says it for every case (permissions, read-only mounts, ACLs, root on NFS)
  const probe = tempName(dir, '.write-test');
  try {
    fs.closeSync(fs.openSync(probe, 'wx', 0o600));
    fs.unlinkSync(probe);
  } catch (e) {
    if (created) removeIfEmpty(dir);
    throw bad(`the folder is not writable (${describe(e)})`);
  }
  return { dir, created };
}

function tempName(dir: string, tag: string): string {
  return path.join(dir, `.migration-doctor-${process.pid}-${crypto.randomBytes(6).toString('hex')}${tag}.tmp`);
}

export function removeIfEmpty(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    /* not empty, or gone: leave it */
  }
}

/**
 * The set of reports of one run: staged into temporary files, then committed together. Until
 * commit(), the folder shows the previous run's reports untouched; abort() removes the temporary
 * files (also called when the run is interrupted).
 */
export class ReportSet {
  private readonly staged = new Map<ReportFile, string>();
  private committed = false;

  constructor(readonly dir: string) {}

  /** write one report to a new temporary file (O_EXCL: never an existing file or a link's target) */
  stage(name: ReportFile, content: string): void {
    const tmp = tempName(this.dir, `.${name}`);
    this.staged.set(name, tmp);
    const fd = fs.openSync(tmp, 'wx', 0o644);
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** rename every staged file into place, then remove reports of an earlier run not written now */
  commit(): string[] {
    const written: string[] = [];
    for (const [name, tmp] of this.staged) {
      const final = path.join(this.dir, name);
      fs.renameSync(tmp, final);
      written.push(final);
    }
    this.committed = true;
    for (const name of REPORT_FILES) {
      if (this.staged.has(name)) continue;
      const stale = path.join(this.dir, name);
      try {
        if (!fs.lstatSync(stale).isDirectory()) fs.unlinkSync(stale); // a link: the link goes, not its target
      } catch {
        /* not there */
      }
    }
    this.staged.clear();
    return written;
  }

  abort(): void {
    if (this.committed) return;
    for (const tmp of this.staged.values()) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        /* not created yet */
      }
    }
    this.staged.clear();
  }
}
