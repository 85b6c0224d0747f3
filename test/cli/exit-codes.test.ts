/**
 * Every exit code of `migration-doctor`, as the README's table and `--help` document them, from the
 * command line as a user runs it. Inputs are sample bundles, or built here on the fly.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '../helpers/cli';
import { runMain } from '../helpers/main';
import { compress } from '../helpers/compress';
import { packTar, tarFromEntries } from '../helpers/pack';

const ROOT = path.resolve(__dirname, '..', '..');
const BUNDLES = path.join(ROOT, 'bundles');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'md-exit-'));
const sample = (name: string): string => {
  const p = path.join(BUNDLES, name);
  assert.ok(fs.existsSync(p), `sample bundle ${name} exists`);
  return p;
};
const report = (out: string) => JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));

test('0: a migration that succeeded', async () => {
  const out = path.join(tmp, 'ok');
  const r = await runMain(['analyze', sample('healthy-live-migration'), '--out', out]);
  assert.is(r.code, 0, r.stderr);
  assert.is(report(out).nothingDiagnosable, null);
});

test('3: a failed migration with its cause, also from a .tar.xz, .tar.bz2 and .tar.zst of the bundle', async () => {
  const tar = await packTar(sample('libvirt-tls-port-refused'));
  for (const tool of ['xz', 'bzip2', 'zstd'] as const) {
    const file = path.join(tmp, `tls.tar.${tool}`);
    fs.writeFileSync(file, compress(tool, tar));
    const out = path.join(tmp, `tls-${tool}`);
    const r = await runMain(['analyze', file, '--out', out]);
    assert.is(r.code, 3, `${tool}: ${r.stderr}`);
    assert.is(report(out).migrations[0].causes[0].id, 'libvirt-tls');
  }
});

test('a format it cannot read is named on the terminal and in the inventory; the other input is still analysed', async () => {
  const sevenZip = path.join(tmp, 'cmp-01.7z');
  fs.writeFileSync(sevenZip, Buffer.concat([Buffer.from('377abcaf271c0004', 'hex'), Buffer.alloc(200, 1)]));
  const out = path.join(tmp, 'seven');
  const r = await runMain(['analyze', sevenZip, sample('libvirt-tls-port-refused'), '--out', out]);
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stdout, /cmp-01\.7z: 7-zip archive: not supported/);
  const item = report(out).inventory.find((i: { path: string }) => i.path === 'cmp-01.7z');
  assert.equal([item.status, item.recognisedAs], ['unreadable', '7-zip archive']);
});

test('4: a failed migration for which no known cause matched', async () => {
  const out = path.join(tmp, 'partial');
  const r = await runMain(['analyze', sample('partial-bundle'), '--out', out]);
  assert.is(r.code, 4, r.stderr);
  assert.is(report(out).migrations[0].status, 'failed');
});

test('6: nothing readable: junk, or an archive truncated before its first entry, with a one-line reason', async () => {
  const junk = path.join(tmp, 'junk.bin');
  fs.writeFileSync(junk, Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 9]));
  const whole = compress('xz', tarFromEntries([{ name: 'logs/nova-conductor.log', data: 'x'.repeat(100_000) }]));
  const cut = path.join(tmp, 'cut.tar.xz');
  fs.writeFileSync(cut, whole.subarray(0, 40));
  for (const input of [junk, cut]) {
    const out = path.join(tmp, `nothing-${path.basename(input)}`);
    const r = await runMain(['analyze', input, '--out', out]);
    assert.is(r.code, 6, `${input}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.is(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^migration-doctor: nothing diagnosable: nothing in the input could be read/);
    const rep = report(out);
    assert.match(rep.nothingDiagnosable, /^nothing in the input could be read/);
    assert.ok(fs.existsSync(path.join(out, 'report.html')), 'the reports are still written');
  }
});

test('6: a readable bundle with no migration record, request or failure line', async () => {
  const dir = path.join(tmp, 'no-migration');
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'logs', 'nova-conductor.log'),
    '2026-11-20 09:52:40.123 21 INFO nova.servicegroup.drivers.db [-] Recovered from being unable to report status.\n',
  );
  const out = path.join(tmp, 'no-migration-out');
  const r = await runMain(['analyze', dir, '--out', out, '--quiet']);
  assert.is(r.code, 6, r.stderr);
  assert.match(r.stderr, /nothing diagnosable: no migration record, migration request or failure line in the input/);
  assert.is(r.stdout, '', '--quiet prints no summary, the reason goes to stderr');
});

test('6: --instance matching nothing lists the instances the bundle holds', async () => {
  const out = path.join(tmp, 'inst');
  const r = await runMain(['analyze', sample('libvirt-tls-port-refused'), '--instance', 'ffffffff-no-such', '--out', out]);
  assert.is(r.code, 6, r.stderr);
  const want = JSON.parse(fs.readFileSync(path.join(sample('libvirt-tls-port-refused'), 'manifest.json'), 'utf8')).vms as string[];
  assert.ok(want.length >= 1);
  for (const id of want) assert.ok(r.stderr.includes(id), `lists ${id}: ${r.stderr}`);
  assert.match(r.stderr, /no instance matches --instance 'ffffffff-no-such'; the input holds instances? /);
  assert.equal(report(out).migrations, [], 'no made-up entry for an instance that is not there');
  // a prefix of a real one still matches
  const ok = await runMain(['analyze', sample('libvirt-tls-port-refused'), '--instance', want[0]!.slice(0, 8), '--out', path.join(tmp, 'inst-ok')]);
  assert.is(ok.code, 3, ok.stderr);
});

test('2: bad usage, an input that does not exist', async () => {
  for (const args of [['analyze', path.join(tmp, 'missing.tgz')], ['analyze'], ['analyze', '--max-entries', '-1', BUNDLES]]) {
    const r = await runMain(args);
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.not.match(r.stderr, /\n\s+at /);
  }
});

test('5: rules test with a rule that does not fire on its positive sample', async () => {
  const dir = path.join(tmp, 'rules', 'libvirt-tls');
  fs.mkdirSync(dir, { recursive: true });
  const text = fs.readFileSync(path.join(ROOT, 'rules', 'libvirt-tls', 'connect-refused.yaml'), 'utf8');
  // the same rule, told to fire on a healthy migration: the tester must say it did not
  fs.writeFileSync(path.join(dir, 'connect-refused.yaml'), text.replace(/positive: \[[^\]]*\]/, 'positive: [healthy-live-migration]').replace(/negative: \[[^\]]*\]/, 'negative: []'));
  const r = await runMain(['rules', 'test', '--rules', path.join(tmp, 'rules')]);
  assert.is(r.code, 5, r.stdout + r.stderr);
  assert.match(r.stdout, /FAIL libvirt-connect-refused|FAIL \S+ positive healthy-live-migration/);
});

test('1: an internal error is one line, exit 1, leaves no report, and shows the stack only with MIGRATION_DOCTOR_DEBUG', () => {
  // a bug simulated where no check can catch it: renaming the staged reports throws a plain TypeError
  const preload = path.join(tmp, 'bug.js');
  fs.writeFileSync(preload, "require('node:fs').renameSync = () => { throw new TypeError('simulated bug'); };\n");
  for (const debug of [false, true]) {
    const out = path.join(tmp, `internal-${debug}`);
    const env = { NODE_OPTIONS: `--require ${preload}`, ...(debug ? { MIGRATION_DOCTOR_DEBUG: '1' } : {}) };
    const r = cli(['analyze', sample('healthy-live-migration'), '--out', out], { env });
    assert.is(r.code, 1, r.stderr);
    assert.match(r.stderr, /^migration-doctor: internal error: simulated bug\n/);
    if (debug) assert.match(r.stderr, /\n\s+at /, 'the stack with MIGRATION_DOCTOR_DEBUG=1');
    else assert.is(r.stderr.trim().split('\n').length, 1, 'one line');
    assert.equal(fs.readdirSync(out), [], 'no report and no temporary file left');
  }
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test.run();
