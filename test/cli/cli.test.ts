import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '../helpers/cli';
import { gzip, tarFromEntries } from '../helpers/pack';
import { VERSION } from '../../src/version';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'md-cli-'));
const BUNDLES = path.resolve(__dirname, '..', '..', 'bundles');

test('--help and --version exit 0 and explain the exit codes', () => {
  const h = cli(['--help']);
  assert.is(h.code, 0);
  assert.match(h.stdout, /Exit codes/);
  assert.match(h.stdout, /Examples:\n  migration-doctor analyze /);
  for (const code of ['0', '3', '4', '6', '2', '5', '1', '130, 143']) assert.match(h.stdout, new RegExp(`\\n  ${code}  `), `exit code ${code} documented`);
  const a = cli(['analyze', '--help']);
  assert.is(a.code, 0);
  for (const opt of ['--out', '--instance', '--format', '--quiet', '--max-total-mb']) assert.match(a.stdout, opt);
  const v = cli(['--version']);
  assert.is(v.stdout.trim(), VERSION);
});

test('version matches package.json', () => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8'));
  assert.is(VERSION, pkg.version);
});

test('bad usage exits 2 with one clear line and no stack trace', () => {
  for (const args of [['frobnicate'], ['analyze'], ['analyze', '/nonexistent/bundle.tgz'], ['analyze', '--bogus', 'x'], ['analyze', BUNDLES, '--format', 'pdf']]) {
    const r = cli(args);
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^migration-doctor: /);
    assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('an input with nothing readable exits 6 (nothing diagnosable) but still writes the reports', () => {
  const junk = path.join(tmp, 'junk.bin');
  fs.writeFileSync(junk, Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 9]));
  const out = path.join(tmp, 'junk-out');
  const r = cli(['analyze', junk, '--out', out]);
  assert.is(r.code, 6, r.stderr);
  assert.ok(fs.existsSync(path.join(out, 'report.json')));
});

const sample = (name: string) => path.join(BUNDLES, name);

test('a failed migration with a cause exits 3 and writes the three reports', () => {
  assert.ok(fs.existsSync(sample('libvirt-tls-port-refused')), 'the sample bundle exists');
  const out = path.join(tmp, 'tls');
  const r = cli(['analyze', sample('libvirt-tls-port-refused'), '--out', out]);
  assert.is(r.code, 3, r.stderr + r.stdout);
  for (const f of ['report.html', 'report.md', 'report.json']) assert.ok(fs.existsSync(path.join(out, f)), f);
  assert.equal(fs.readdirSync(out).sort(), ['report.html', 'report.json', 'report.md']);
  assert.match(r.stdout, /libvirt-tls/);
  // the terminal names the reports written, whole
  for (const f of ['report.html', 'report.md', 'report.json']) assert.ok(r.stdout.includes(path.join(out, f)), `${f} named on the terminal`);
});

test('a succeeded migration exits 0; --quiet prints nothing; --format limits the files', () => {
  assert.ok(fs.existsSync(sample('healthy-live-migration')), 'the sample bundle exists');
  const out = path.join(tmp, 'healthy');
  const r = cli(['analyze', sample('healthy-live-migration'), '--out', out, '--quiet', '--format', 'json']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, '');
  assert.equal(fs.readdirSync(out), ['report.json']);
});

test('a hostile archive writes nothing but the reports, outside or inside the output folder', () => {
  const work = path.join(tmp, 'trav', 'a', 'b');
  fs.mkdirSync(work, { recursive: true });
  const evil = tarFromEntries([
    { name: '../../evil.txt', data: Buffer.from('pwned') },
    { name: '/tmp/md-evil-abs.txt', data: Buffer.from('pwned') },
    { name: 'link', type: 'symlink', linkname: '/etc/passwd' },
    { name: 'commands/../../../escape.json', data: Buffer.from('{}') },
  ]);
  const tgz = path.join(work, 'evil.tgz');
  fs.writeFileSync(tgz, gzip(evil));
  const out = path.join(work, 'out');
  const r = cli(['analyze', tgz, '--out', out], { cwd: work });
  assert.is(r.code, 6, r.stderr);
  assert.not.match(r.stderr, /\n\s+at /);
  assert.equal(fs.readdirSync(out).sort(), ['report.html', 'report.json', 'report.md']);
  assert.not.ok(fs.existsSync(path.join(tmp, 'trav', 'evil.txt')));
  assert.not.ok(fs.existsSync(path.join(tmp, 'trav', 'escape.json')));
  assert.not.ok(fs.existsSync('/tmp/md-evil-abs.txt'));
  assert.equal(fs.readdirSync(work).sort(), ['evil.tgz', 'out']);
  const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
  const notes = report.inventory.map((i: { reason: string }) => i.reason).join('\n');
  assert.match(notes, /unsafe entry name/);
  assert.match(notes, /symbolic link/);
});

test('rules lint passes on the shipped rules', () => {
  const r = cli(['rules', 'lint']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /0 problem/);
});

test('rules lint names file, rule and field of a broken rule, and exits 2', () => {
  const dir = path.join(tmp, 'badrules');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'bad.yaml'), 'id: bad-rule\ncause: no-such-cause\ntitle: A broken rule\nstrength: 2\nwhen: {log: {regex: "("}}\nmessage: hello there\nremediation: do something useful\n');
  const r = cli(['rules', 'lint', '--rules', dir]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /bad\.yaml \(rule bad-rule\) field cause/);
  assert.match(r.stderr, /field strength/);
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test.run();
