/**
 * Ctrl-C (SIGINT) and SIGTERM in the middle of an analysis: exit 130 / 143, no report and no
 * temporary file left, an earlier run's reports untouched, a folder the run created removed.
 * The input is a folder with a large log (256 MiB of real lines: a sparse file is listed, not read),
 * so that the analysis is surely still reading when the signal comes; the signal is sent once the
 * log file is open.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BIN } from '../helpers/cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'md-signal-'));
const bundle = path.join(tmp, 'bundle');
const bigLog = path.join(bundle, 'logs', 'nova-compute.log');

test.before(() => {
  fs.mkdirSync(path.dirname(bigLog), { recursive: true });
  const line = '2026-11-20 09:00:00.000 4121 INFO nova.compute.resource_tracker [None req-2795efd8-30c3-4eea-a205-73bbe929e295 - - - - - -] Final resource view: name=cmp-01 phys_ram=257741MB used_ram=151552MB\n';
  const block = Buffer.from(line.repeat(Math.ceil((1024 * 1024) / line.length)));
  const fd = fs.openSync(bigLog, 'w');
  for (let i = 0; i < 256; i++) fs.writeSync(fd, block);
  fs.closeSync(fd);
});

/** true once `pid` has `file` open (Linux /proc) */
function hasOpen(pid: number, file: string): boolean {
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  for (const fd of fds) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === file) return true;
    } catch {
      /* closed meanwhile */
    }
  }
  return false;
}

async function interrupt(signal: NodeJS.Signals, out: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'analyze', bundle, '--out', out], {
    env: { ...process.env, MIGRATION_DOCTOR_FROM_SOURCE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  while (!hasOpen(child.pid!, bigLog)) {
    if (Date.now() > deadline || child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(child.exitCode === null, `still running when the signal is sent: ${stderr}`);
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await closed;
  clearTimeout(timer);
  return { code, stderr };
}

test('SIGINT: exit 130, the folder this run created is removed, nothing written', async () => {
  const out = path.join(tmp, 'new-out');
  const r = await interrupt('SIGINT', out);
  assert.is(r.code, 130, r.stderr);
  assert.match(r.stderr, /interrupted by SIGINT; no report written/);
  assert.not.ok(fs.existsSync(out), 'the empty folder made by this run is gone');
});

test('SIGTERM: exit 143, an earlier run\'s reports stay as they were, no temporary file', async () => {
  const out = path.join(tmp, 'old-out');
  fs.mkdirSync(out);
  for (const f of ['report.html', 'report.md', 'report.json']) fs.writeFileSync(path.join(out, f), `earlier ${f}\n`);
  const r = await interrupt('SIGTERM', out);
  assert.is(r.code, 143, r.stderr);
  assert.equal(fs.readdirSync(out).sort(), ['report.html', 'report.json', 'report.md']);
  for (const f of ['report.html', 'report.md', 'report.json']) assert.is(fs.readFileSync(path.join(out, f), 'utf8'), `earlier ${f}\n`);
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test.run();
