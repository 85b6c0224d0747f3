import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { caseNameOf, discoverCases, listBundles } from '../../src/batch/cases';
import { runBatch, readBatchFile } from '../../src/batch/batch';
import { CasePool } from '../../src/batch/pool';
import { CASE_EXIT } from '../../src/batch/exit';
import { EXIT } from '../../src/cli/main';
import { packBundle } from '../helpers/uploads';
import { cli } from '../helpers/cli';

const BUNDLES = path.join(__dirname, '..', '..', 'bundles');
const need = (name: string) => {
  const p = path.join(BUNDLES, name);
  if (!fs.existsSync(p)) throw new Error(`sample bundle ${name} is missing`);
  return p;
};

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'md-batch-'));
}

test('exit codes of a case row are those of analyze', () => {
  assert.is(CASE_EXIT.OK, EXIT.OK);
  assert.is(CASE_EXIT.INTERNAL, EXIT.INTERNAL);
  assert.is(CASE_EXIT.UNREADABLE, EXIT.USAGE);
  assert.is(CASE_EXIT.CAUSE_FOUND, EXIT.CAUSE_FOUND);
  assert.is(CASE_EXIT.FAILED_NO_CAUSE, EXIT.FAILED_NO_CAUSE);
});

test('cases: <case>__<part> groups uploads, a manifest case key groups folders, the rest stand alone', async () => {
  const dir = tmp();
  try {
    await packBundle(need('healthy-live-migration'), path.join(dir, 'CS-1042__mgmt.tar.gz'), 'a');
    await packBundle(need('libvirt-tls-expired-cert'), path.join(dir, 'CS-1042__cmp-07.tar.gz'), 'b');
    await packBundle(need('healthy-cold-migration'), path.join(dir, 'single.tar.gz'), 'c');
    const folder = path.join(dir, 'upload-folder');
    fs.cpSync(need('healthy-evacuation'), folder, { recursive: true });
    const m = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
    fs.writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify({ ...m, case: 'CS-2001' }));
    fs.writeFileSync(path.join(dir, '.hidden'), 'x');
    assert.is(listBundles([dir]).length, 4, 'hidden entries are left out');
    assert.is((await discoverCases([dir], [folder])).length, 2, 'an excluded folder (the output folder) is not an upload');
    assert.is(caseNameOf(path.join(dir, 'single.tar.gz')), 'single');
    assert.is(caseNameOf(folder), 'CS-2001');
    const cases = await discoverCases([dir]);
    assert.equal(cases.map((c) => c.name), ['CS-1042', 'CS-2001', 'single']);
    assert.is(cases[0]!.inputs.length, 2);
    // the key is the content: the same bytes under another name are the same case key
    fs.copyFileSync(path.join(dir, 'single.tar.gz'), path.join(dir, 'renamed.tar.gz'));
    const again = await discoverCases([path.join(dir, 'renamed.tar.gz')]);
    assert.is(again[0]!.sha256, cases[2]!.sha256);
    assert.not.equal(cases[0]!.sha256, cases[2]!.sha256);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('batch: one row per case with its report, a garbage upload as an error row, unchanged cases skipped on re-run', async () => {
  const dir = tmp();
  const out = tmp();
  try {
    const inputs = path.join(dir, 'uploads');
    fs.mkdirSync(inputs);
    await packBundle(need('libvirt-tls-expired-cert'), path.join(inputs, 'tls.tar.gz'), '1');
    await packBundle(need('healthy-live-migration'), path.join(inputs, 'ok.tar.gz'), '2');
    fs.writeFileSync(path.join(inputs, 'junk.tar.gz'), Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(3000, 0x5a)]));
    const first = await runBatch({ inputs: [inputs], out, jobs: 2, timeoutMs: 120000 });
    assert.is(first.rows.length, 3);
    assert.is(first.reused, 0);
    const by = Object.fromEntries(first.rows.map((r) => [r.case, r]));
    assert.is(by.tls!.status, 'failed');
    assert.is(by.tls!.topCause, 'libvirt-tls');
    assert.is(by.tls!.exitCode, EXIT.CAUSE_FOUND);
    assert.is(by.ok!.status, 'succeeded');
    assert.is(by.ok!.exitCode, EXIT.OK);
    assert.is(by.junk!.outcome, 'error');
    assert.is(by.junk!.exitCode, EXIT.USAGE);
    assert.ok(by.junk!.errors[0]!.includes('nothing in the input could be read'));
    for (const r of first.rows) {
      assert.ok(r.report && fs.existsSync(path.join(out, r.report, 'report.html')), `${r.case} has its report`);
      const rep = JSON.parse(fs.readFileSync(path.join(out, r.report!, 'report.json'), 'utf8'));
      assert.is(rep.migrations[0]?.causes[0]?.id ?? null, r.topCause, `${r.case}: the row says what the report says`);
    }
    assert.equal(readBatchFile(out)!.map((r) => r.case), ['junk', 'ok', 'tls']);
    const second = await runBatch({ inputs: [inputs], out, jobs: 2, timeoutMs: 120000 });
    assert.is(second.reused, 3, 'nothing changed: nothing analysed again');
    assert.equal(second.rows.map((r) => r.finishedAt), first.rows.map((r) => r.finishedAt));
    await packBundle(need('healthy-cold-migration'), path.join(inputs, 'ok.tar.gz'), '3');
    const third = await runBatch({ inputs: [inputs], out, jobs: 2, timeoutMs: 120000 });
    assert.is(third.reused, 2, 'only the changed upload is analysed again');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('pool: a case past its time limit and a case whose process dies are error replies; the pool goes on', async () => {
  const out = tmp();
  const pool = new CasePool({ size: 1 });
  try {
    const bundle = need('cpu-incompatible-precheck-logs');
    // 1 ms: the analysis cannot finish (starting the process alone takes longer)
    // the next case, queued behind it, goes to a fresh process, not to the one being killed
    const [slow, next] = await Promise.all([
      pool.run({ inputs: [bundle], root: out, folder: 'cases/slow' }, 1),
      pool.run({ inputs: [bundle], root: out, folder: 'cases/next' }, 120000),
    ]);
    assert.is(slow.ok, false);
    assert.ok(!slow.ok && /timed out/.test(slow.reason));
    assert.ok(next.ok, !next.ok ? next.reason : '');
    const killed = pool.run({ inputs: [bundle], root: out, folder: 'cases/killed' }, 120000);
    // killed before the event loop runs again: the case was handed over and cannot have been answered
    for (const pid of pool.pids()) process.kill(pid, 'SIGKILL');
    const k = await killed;
    assert.is(k.ok, false);
    assert.ok(!k.ok && /ended \(signal SIGKILL\)/.test(k.reason), !k.ok ? k.reason : '');
    const fine = await pool.run({ inputs: [bundle], root: out, folder: 'cases/fine' }, 120000);
    assert.ok(fine.ok, 'a fresh process took the next case');
    assert.ok(fine.ok && fine.fields.topCause === 'cpu-incompatible');
  } finally {
    await pool.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('command line: batch prints a table and writes only batch.json and cases/; fleet writes its three files', () => {
  const dir = tmp();
  try {
    const out = path.join(dir, 'triage');
    const b = cli(['batch', need('libvirt-tls-expired-cert'), '--out', out, '--jobs', '1'], { timeoutMs: 180_000 });
    assert.is(b.code, 0, b.stderr);
    assert.match(b.stdout, /case\s+status\s+top cause/);
    assert.match(b.stdout, /libvirt-tls-expired-cert\s+failed\s+libvirt-tls/);
    assert.equal(fs.readdirSync(out).sort(), ['batch.json', 'cases']);
    const f = cli(['fleet', out, '--out', path.join(dir, 'fleet')]);
    assert.is(f.code, 0, f.stderr);
    assert.equal(fs.readdirSync(path.join(dir, 'fleet')).sort(), ['fleet.html', 'fleet.json', 'fleet.md']);
    const fleet = JSON.parse(fs.readFileSync(path.join(dir, 'fleet', 'fleet.json'), 'utf8'));
    assert.equal(fleet.causes.map((c: { cause: string; count: number }) => [c.cause, c.count]), [['libvirt-tls', 1]]);
    assert.ok(fs.existsSync(path.join(dir, 'fleet', fleet.causes[0].cases[0].link)), 'the link leads to the case report');
    const bad = cli(['batch', need('libvirt-tls-expired-cert')]);
    assert.is(bad.code, 2);
    assert.match(bad.stderr, 'needs --out');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
