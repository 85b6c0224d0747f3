/**
 * The --out folder: every way it can be unusable is a usage error (exit 2, one line, checked before
 * any analysis), an earlier run's reports never stay beside new ones, and names planted in the folder
 * (symbolic links, hard links, a fifo) are replaced, never written through.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BIN, cli } from '../helpers/cli';
import { runMain } from '../helpers/main';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'md-out-'));
const BUNDLE = path.resolve(__dirname, '..', '..', 'bundles', 'healthy-live-migration');
const REPORTS = ['report.html', 'report.json', 'report.md'];

test.before(() => assert.ok(fs.existsSync(BUNDLE), 'the sample bundle exists'));

async function usageError(out: string, pattern: RegExp): Promise<void> {
  const r = await runMain(['analyze', BUNDLE, '--out', out]);
  assert.is(r.code, 2, `${out}: ${r.stderr}`);
  assert.match(r.stderr, /^migration-doctor: cannot write the reports to '/);
  assert.match(r.stderr, pattern);
  assert.not.match(r.stderr, /internal error|\n\s+at /);
  assert.is(r.stdout, '', 'no analysis ran');
}

test('a file in the way, as the folder or as a part of its path', async () => {
  const file = path.join(tmp, 'a-file');
  fs.writeFileSync(file, 'keep me\n');
  await usageError(file, /a file of that name is in the way/);
  await usageError(path.join(file, 'sub'), /a file is in the way/);
  assert.is(fs.readFileSync(file, 'utf8'), 'keep me\n');
});

test('/proc, /sys and /dev are refused, even through a symbolic link', async () => {
  await usageError('/proc/self/md-report', /\/proc is a kernel pseudo-filesystem/);
  await usageError('/sys/kernel/md-report', /\/sys is a kernel pseudo-filesystem/);
  await usageError('/dev/md-report', /\/dev is a kernel pseudo-filesystem/);
  const link = path.join(tmp, 'to-proc');
  fs.symlinkSync('/proc/self', link);
  await usageError(path.join(link, 'out'), /kernel pseudo-filesystem/);
});

test('a folder named like a report inside the output folder', async () => {
  const out = path.join(tmp, 'dir-in-way');
  fs.mkdirSync(path.join(out, 'report.json'), { recursive: true });
  await usageError(out, /'report\.json' in it is a folder/);
});

test('a folder that is not writable (checked as an unprivileged user when run as root)', () => {
  const parent = path.join(tmp, 'ro');
  const out = path.join(parent, 'locked');
  fs.mkdirSync(out, { recursive: true });
  fs.chmodSync(tmp, 0o755);
  fs.chmodSync(parent, 0o755);
  fs.chmodSync(out, 0o555);
  const asRoot = process.getuid?.() === 0;
  // root ignores permission bits: run the command as 'nobody', as a support engineer would be
  const r = spawnSync(process.execPath, [BIN, 'analyze', BUNDLE, '--out', out], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, MIGRATION_DOCTOR_FROM_SOURCE: '1', HOME: tmp },
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /cannot write the reports to '.*locked': the folder is not writable \(permission denied\)/);
  assert.equal(fs.readdirSync(out), []);
  // and a folder that cannot be created under it
  const r2 = spawnSync(process.execPath, [BIN, 'analyze', BUNDLE, '--out', path.join(out, 'new')], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, MIGRATION_DOCTOR_FROM_SOURCE: '1', HOME: tmp },
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  assert.is(r2.status, 2, r2.stderr);
  assert.match(r2.stderr, /permission denied/);
  fs.chmodSync(out, 0o755);
});

test('a new run replaces the whole set of an earlier run, and leaves no temporary file', async () => {
  const out = path.join(tmp, 'rerun', 'nested');
  const first = await runMain(['analyze', BUNDLE, '--out', out, '--quiet']);
  assert.is(first.code, 0, first.stderr);
  assert.equal(fs.readdirSync(out).sort(), REPORTS);
  const before = fs.statSync(path.join(out, 'report.json')).ino;
  const second = await runMain(['analyze', BUNDLE, '--out', out, '--quiet', '--format', 'json']);
  assert.is(second.code, 0, second.stderr);
  assert.equal(fs.readdirSync(out), ['report.json'], 'the earlier html and md are gone');
  assert.is.not(fs.statSync(path.join(out, 'report.json')).ino, before, 'a new file was renamed into place');
  // other files in the folder are not ours: they stay
  fs.writeFileSync(path.join(out, 'notes.txt'), 'mine\n');
  await runMain(['analyze', BUNDLE, '--out', out, '--quiet']);
  assert.equal(fs.readdirSync(out).sort(), ['notes.txt', ...REPORTS]);
});

test('planted symbolic links and hard links are replaced, their targets untouched', async () => {
  const out = path.join(tmp, 'planted');
  fs.mkdirSync(out);
  const victim = path.join(tmp, 'victim.txt');
  const victim2 = path.join(tmp, 'victim2.txt');
  fs.writeFileSync(victim, 'precious\n');
  fs.writeFileSync(victim2, 'precious too\n');
  fs.symlinkSync(victim, path.join(out, 'report.json'));
  fs.linkSync(victim2, path.join(out, 'report.md'));
  fs.symlinkSync(path.join(tmp, 'does-not-exist'), path.join(out, 'report.html'));
  const r = await runMain(['analyze', BUNDLE, '--out', out, '--quiet']);
  assert.is(r.code, 0, r.stderr);
  assert.is(fs.readFileSync(victim, 'utf8'), 'precious\n');
  assert.is(fs.readFileSync(victim2, 'utf8'), 'precious too\n');
  assert.not.ok(fs.existsSync(path.join(tmp, 'does-not-exist')), 'a dangling link is not followed either');
  for (const f of REPORTS) assert.ok(fs.lstatSync(path.join(out, f)).isFile(), `${f} is a regular file now`);
  // a stale link of a report not written this time is removed, not followed
  fs.rmSync(path.join(out, 'report.md'));
  fs.symlinkSync(victim, path.join(out, 'report.md'));
  await runMain(['analyze', BUNDLE, '--out', out, '--quiet', '--format', 'json']);
  assert.equal(fs.readdirSync(out), ['report.json']);
  assert.is(fs.readFileSync(victim, 'utf8'), 'precious\n');
});

test('a fifo named report.html does not hang the run', () => {
  const out = path.join(tmp, 'fifo');
  fs.mkdirSync(out);
  const mk = spawnSync('mkfifo', [path.join(out, 'report.html')]);
  assert.is(mk.status, 0, 'mkfifo is needed by this test');
  const r = cli(['analyze', BUNDLE, '--out', out, '--quiet'], { timeoutMs: 60_000 });
  assert.is(r.signal, null, 'finished by itself');
  assert.is(r.code, 0, r.stderr);
  assert.ok(fs.lstatSync(path.join(out, 'report.html')).isFile());
});

test.after(() => {
  fs.chmodSync(tmp, 0o700);
  fs.rmSync(tmp, { recursive: true, force: true });
});
test.run();
