/**
 * Class 5 of the hostile-upload list: a folder input holding special files. FIFOs, sockets,
 * device nodes, symlink loops, links out of the folder, sparse multi-GB files, thousands of empty
 * files, names with newlines, escape sequences, RTL overrides and invalid UTF-8: each is read or
 * listed with its reason, nothing hangs, no content from outside the folder is read.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { collect, Scratch } from './_util';
import { BIN } from '../helpers/cli';

const BUDGET_MS = 20_000;
const EMPTY_FILES = Number(process.env.HOSTILE_EMPTY_FILES ?? 5000);

test('special files in a folder input are listed with their reason, nothing hangs or leaks', async () => {
  const s = new Scratch();
  const server = net.createServer();
  try {
    s.file('logs/nova-compute.log', '2026-11-20 10:00:00.000 1 ERROR nova.compute.manager [-] real evidence\n');
    const d = s.dir;
    spawnSync('mkfifo', [path.join(d, 'logs/fifo.log')]);
    await new Promise<void>((resolve) => server.listen(path.join(d, 'logs/sock.log'), resolve));
    fs.symlinkSync('/etc/shadow', path.join(d, 'logs/shadow.log'));
    fs.symlinkSync('/dev/zero', path.join(d, 'logs/zero.log'));
    fs.symlinkSync('loop-b', path.join(d, 'logs/loop-a'));
    fs.symlinkSync('loop-a', path.join(d, 'logs/loop-b'));
    fs.symlinkSync('..', path.join(d, 'logs/up'));
    // a 4 GiB file that stores nothing
    const sparse = path.join(d, 'logs/sparse.log');
    fs.writeFileSync(sparse, '');
    fs.truncateSync(sparse, 4 * 1024 ** 3);
    const many = path.join(d, 'many');
    fs.mkdirSync(many);
    for (let i = 0; i < EMPTY_FILES; i++) fs.writeFileSync(path.join(many, `e${i}.log`), '');
    for (const name of ['new\nline.log', 'esc\u001b[31m.log', 'rtl\u202egol.txt']) fs.writeFileSync(path.join(d, 'logs', name), 'odd name\n');
    fs.writeFileSync(Buffer.concat([Buffer.from(path.join(d, 'logs') + '/bad-'), Buffer.from([0xff, 0xfe]), Buffer.from('.log')]), 'invalid utf-8 name\n');

    const t0 = Date.now();
    const c = await collect([d]);
    assert.ok(Date.now() - t0 < BUDGET_MS, `took ${Date.now() - t0} ms`);
    const reason = (p: string) => c.notes.find((n) => n.displayPath === p)?.reason ?? '';
    assert.match(reason('logs/fifo.log'), /fifo not read/);
    assert.match(reason('logs/sock.log'), /socket not read/);
    assert.match(reason('logs/shadow.log'), /symbolic link .*not followed/);
    assert.match(reason('logs/zero.log'), /symbolic link .*not followed/);
    assert.match(reason('logs/loop-a'), /symbolic link/);
    assert.match(reason('logs/up'), /symbolic link/);
    assert.match(reason('logs/sparse.log'), /sparse file/);
    const data = c.entries.map((e) => e.data.toString('latin1')).join('');
    assert.not.ok(data.includes('root:'), 'nothing of /etc/shadow');
    assert.ok(data.includes('real evidence'));
    assert.is(c.entries.filter((e) => e.entry.path.startsWith('many/')).length, EMPTY_FILES, 'every empty file is read');
    assert.ok(c.entries.some((e) => e.entry.path === 'logs/new\nline.log'), 'a name with a newline is read');
    // the invalid UTF-8 name is read or listed with a reason, never lost without a word
    const bad = c.entries.some((e) => e.entry.path.startsWith('logs/bad-')) || c.notes.some((n) => n.displayPath.startsWith('logs/bad-'));
    assert.ok(bad, 'the invalid UTF-8 name is accounted for');
  } finally {
    server.close();
    s.cleanup();
  }
});

test('unreadable files and folders (as a user without rights) are listed, the rest analysed', () => {
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => fs.existsSync(p));
  if (process.getuid?.() !== 0 || !setpriv) {
    if (process.env.CI === 'true') assert.unreachable('needs root and setpriv (util-linux) in CI to run as another user');
    console.log('skipped: needs root and setpriv to run as an unprivileged user');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-unreadable-'));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'md-unreadable-out-'));
  try {
    fs.mkdirSync(path.join(dir, 'logs'));
    fs.mkdirSync(path.join(dir, 'closed'));
    fs.writeFileSync(path.join(dir, 'logs/nova.log'), '2026-11-20 10:00:00.000 1 ERROR nova.compute.manager [-] x\n');
    fs.writeFileSync(path.join(dir, 'logs/secret.log'), 'not for you\n');
    fs.writeFileSync(path.join(dir, 'closed/inside.log'), 'x\n');
    fs.chmodSync(path.join(dir, 'logs/secret.log'), 0o000);
    fs.chmodSync(path.join(dir, 'closed'), 0o000);
    for (const p of [dir, path.join(dir, 'logs'), path.join(dir, 'logs/nova.log')]) fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o755 : 0o644);
    fs.chmodSync(out, 0o777);
    const r = spawnSync(setpriv, ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, 'analyze', dir, '--out', out, '--json', '-f', 'json'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, MIGRATION_DOCTOR_FROM_SOURCE: '1', HOME: out, TMPDIR: out },
    });
    assert.ok(r.status !== null && r.status !== 1, `exit ${r.status}: ${r.stderr}`);
    const report = JSON.parse(r.stdout);
    const inv = new Map<string, { status: string; reason: string }>(report.inventory.map((i: { path: string; status: string; reason: string }) => [i.path, i]));
    assert.match(inv.get('logs/secret.log')?.reason ?? '', /permission denied/);
    assert.match(inv.get('closed')?.reason ?? '', /permission denied/);
    assert.is(inv.get('logs/secret.log')?.status, 'unreadable');
  } finally {
    fs.chmodSync(path.join(dir, 'closed'), 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test.run();
