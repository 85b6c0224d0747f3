/**
 * `npm run test:install` (slow: packs and installs; run by .ci/run, not by `npm test`).
 *
 * The command as users get it: `npm pack` of a copy of the checkout (its `prepare` step builds
 * dist/), then
 * - `npm install -g` of the tarball into a temporary prefix (runtime dependencies only), and the
 *   installed `migration-doctor` run from that prefix's bin/ on a sample bundle;
 * - the container recipe: the unpacked tarball with the lock file, `npm ci --omit=dev`, then
 *   `npm ci` with the dev dependencies, and the command run after each;
 * - a checkout without dist/ and without TypeScript (`npm ci --omit=dev` on a fresh clone) fails
 *   with a message that says how to build, instead of installing a command that cannot run.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SAMPLE = path.join(ROOT, 'bundles', 'libvirt-tls-port-refused');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'md-install-'));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
/** the environment of a user's shell: nothing of the test run's own (no tsx, no source mode) */
const env: NodeJS.ProcessEnv = { ...process.env };
delete env.MIGRATION_DOCTOR_FROM_SOURCE;
delete env.NODE_OPTIONS;
for (const k of Object.keys(env)) if (k.startsWith('npm_')) delete env[k];

function run(cmd: string, args: string[], cwd: string, timeout = 300_000) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, error: r.error };
}

function npm(args: string[], cwd: string) {
  return run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], cwd);
}

let tarball = '';

test.before(() => {
  // a copy of what a clone holds (no dist/, no node_modules of its own: the dev tools are linked)
  const copy = path.join(tmp, 'checkout');
  fs.mkdirSync(copy);
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'collect.sh', 'bin', 'src', 'rules', 'templates', 'scripts']) {
    fs.cpSync(path.join(ROOT, f), path.join(copy, f), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  const r = npm(['pack', '--pack-destination', tmp], copy);
  assert.is(r.code, 0, r.out);
  tarball = path.join(tmp, `${pkg.name}-${pkg.version}.tgz`);
  assert.ok(fs.existsSync(tarball), `npm pack wrote ${tarball}: ${r.out}`);
});

test('the tarball holds the built command and what it reads at run time, and no sources or tests', () => {
  const r = run('tar', ['-tzf', tarball], tmp);
  assert.is(r.code, 0, r.out);
  const files = r.out.split('\n').filter(Boolean);
  for (const f of ['package/package.json', 'package/bin/migration-doctor.js', 'package/dist/cli/main.js', 'package/dist/pipeline/scan-worker.js', 'package/templates/report.html.hbs', 'package/collect.sh']) {
    assert.ok(files.includes(f), `${f} is packed`);
  }
  assert.ok(files.some((f) => f.startsWith('package/rules/') && f.endsWith('.yaml')), 'the rules are packed');
  for (const f of files) assert.not.match(f, /^package\/(src|test|bundles)\/|\.ts$|bench/, `${f} is not packed`);
});

function analyzeWith(command: string[], cwd: string, label: string): void {
  const out = path.join(tmp, `out-${label}`);
  const v = run(command[0]!, [...command.slice(1), '--version'], cwd);
  assert.is(v.code, 0, `${label} --version: ${v.out}`);
  assert.is(v.out.trim(), pkg.version);
  const r = run(command[0]!, [...command.slice(1), 'analyze', SAMPLE, '--out', out], cwd);
  assert.is(r.code, 3, `${label}: ${r.out}`);
  assert.match(r.out, /libvirt-tls/);
  assert.equal(fs.readdirSync(out).sort(), ['report.html', 'report.json', 'report.md']);
}

test('npm install -g of the tarball puts migration-doctor on the prefix bin/, without dev dependencies', () => {
  const prefix = path.join(tmp, 'prefix');
  const r = npm(['install', '-g', '--prefix', prefix, tarball], tmp);
  assert.is(r.code, 0, r.out);
  const bin = path.join(prefix, 'bin', 'migration-doctor');
  assert.ok(fs.existsSync(bin), 'the command is linked');
  const installed = path.join(prefix, 'lib', 'node_modules', pkg.name);
  for (const dev of ['typescript', 'tsx', 'uvu']) assert.not.ok(fs.existsSync(path.join(installed, 'node_modules', dev)), `${dev} is not installed`);
  // run from another folder, as a user would, by its path on PATH
  analyzeWith([bin], os.tmpdir(), 'global');
});

test('the container recipe: unpacked tarball + lock file, npm ci --omit=dev, then with dev dependencies', () => {
  const dir = path.join(tmp, 'unpacked');
  fs.mkdirSync(dir);
  assert.is(run('tar', ['-xzf', tarball, '-C', dir], tmp).code, 0);
  const app = path.join(dir, 'package');
  fs.copyFileSync(path.join(ROOT, 'package-lock.json'), path.join(app, 'package-lock.json'));
  const prod = npm(['ci', '--omit=dev'], app);
  assert.is(prod.code, 0, prod.out);
  assert.not.ok(fs.existsSync(path.join(app, 'node_modules', 'typescript')), 'no dev dependency');
  analyzeWith([process.execPath, path.join(app, 'bin', 'migration-doctor.js')], app, 'omit-dev');
  const full = npm(['ci'], app);
  assert.is(full.code, 0, full.out);
  assert.ok(fs.existsSync(path.join(app, 'node_modules', 'typescript')), 'dev dependencies installed');
  analyzeWith([process.execPath, path.join(app, 'bin', 'migration-doctor.js')], app, 'with-dev');
});

test('npm ci --omit=dev on a clone with no build fails and says how to build', () => {
  const clone = path.join(tmp, 'bare-clone');
  fs.mkdirSync(clone);
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'src', 'rules', 'templates', 'scripts']) {
    fs.cpSync(path.join(ROOT, f), path.join(clone, f), { recursive: true });
  }
  const r = npm(['ci', '--omit=dev'], clone);
  assert.is.not(r.code, 0, 'a command that cannot run is not installed silently');
  assert.match(r.out, /dist\/ is not built and TypeScript is not installed/);
  assert.match(r.out, /npm run build/);
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test.run();
