/**
 * Harness for collect.sh: a sandbox PATH with the stub tools of test/collect/stubs, fake node
 * file systems built from test/collect/fixtures/host/<node>/root, and a helper that produces the
 * bundles of one whole case (a mgmt bundle and two host bundles) for the end-to-end tests.
 *
 * The planted case ("libvirt-tls"): VM 0b8e6f52-… live-migrates from hv-01 to hv-02 at
 * 2025-06-02T14:02:40Z and fails. hv-02 does not listen on TCP 16514 (libvirtd-tls.socket is
 * inactive) so hv-01's check of that port is refused, hv-02's libvirt server certificate expired
 * on 2025-06-01, and hv-01's ostackhost.log has the nova line
 * "Live Migration failure: operation failed: Failed to connect to remote libvirt URI
 * qemu+tls://hv-02/system: unable to connect to server at 'hv-02:16514': Connection refused".
 * Secrets are planted in every kind of collected file (see PLANTED_SECRETS).
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

export const HERE = __dirname;
export const REPO = path.resolve(HERE, '..', '..');
export const COLLECT = path.join(REPO, 'collect.sh');
export const FIXTURES = path.join(HERE, 'fixtures');
export const STUBS = path.join(HERE, 'stubs');

export const VM = '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60';
export const REQ = 'req-3b77c1d2-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
export const VOLUME = '6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
export const PORT = '5e2a7c41-9b3d-4f6e-8a1c-2d4b6f8e0a13';
export const NAMESPACE = 'region1';
export const WINDOW = { since: '2025-06-02T13:00:00Z', until: '2025-06-02T15:00:00Z' };
export const MGMT_HOST = 'pcd-mgmt-01';
export const SOURCE = 'hv-01';
export const TARGET = 'hv-02';
/** What the analyzer should conclude from the scenario bundles. */
export const EXPECTED = {
  cause: 'libvirt-tls',
  instance: VM,
  source: SOURCE,
  target: TARGET,
  requestId: REQ,
  type: 'live-migration',
  status: 'failed',
} as const;
/** The nova line planted in hv-01's ostackhost.log. */
export const TLS_FAILURE_LINE =
  "Live Migration failure: operation failed: Failed to connect to remote libvirt URI qemu+tls://hv-02/system: unable to connect to server at 'hv-02:16514': Connection refused";

/** Secret strings planted in the fixtures and the stubs: none may be left in a redacted bundle. */
export const PLANTED_SECRETS: Record<string, string> = {
  'ostackhost.log transport_url (rabbit://user:pass@)': 'RabbitPl4ntedPw',
  'ostackhost.log.1 X-Auth-Token': 'gAAAAABlRotatedOnePl4ntedTokenCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC',
  'ostackhost.log.2.gz auth_password': 'GzPl4ntedPw',
  'hostagent.log OS_PASSWORD': 'EnvPl4ntedPw',
  'hostagent.log private key block, line 1': 'MIIEPl4ntedPrivateKeyBodyLineOne',
  'hostagent.log private key block, line 2': 'PrivateKeyBodyLineTwoPl4nted',
  'qemu log -spice password=': 'QemuPl4ntedPw',
  'libvirtd.conf password = …': 'IniPl4ntedPw',
  'systemctl status --password …': 'UnitPl4ntedPw',
  'server show user_data': 'I2Nsb3VkLWNvbmZpZwpjaHBhc3N3ZDoKICBsaXN0OiB8CiAgICByb290OlVzZXJEYXRhUGw0bnRlZAo=',
  'nova-api log X-Auth-Token': 'gAAAAABlKubeApiPl4ntedTokenAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  'nova-api log X-Subject-Token': 'gAAAAABlSubjectPl4ntedTokenBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB',
  'nova-conductor log mysql+pymysql://nova:…@': 'DbPl4ntedPw',
  'placement log Authorization: Bearer (JWT)': 'SigJwtPl4ntedSignatureValue',
  'stderr of network agent list (URL credentials)': 'StderrPl4ntedPw',
  'stderr of network agent list (X-Auth-Token)': 'gAAAAABlStderrPl4ntedTokenXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
};
/** Files of the fake nodes that must never be read (private keys). */
export const NEVER_COLLECTED = ['KeyFileNeverCollectedPl4nted'];

// ------------------------------------------------------------------------------------------
// sandbox PATH
// ------------------------------------------------------------------------------------------
const SYSTEM_TOOLS = [
  'bash', 'sh', 'env', 'cat', 'awk', 'grep', 'sed', 'tar', 'gzip', 'sha256sum', 'mkfifo', 'date',
  'timeout', 'sleep', 'head', 'tail', 'cut', 'tr', 'wc', 'sort', 'stat', 'mktemp', 'rm',
  'mv', 'mkdir', 'rmdir', 'ls', 'cp', 'chmod', 'jq',
];
export const ALL_STUBS = [
  'openstack', 'kubectl', 'systemctl', 'virsh', 'openssl', 'ss', 'lscpu', 'free', 'df', 'iscsiadm',
  'multipath', 'nc', 'uname',
];

let systemPaths: Map<string, string> | undefined;
function systemTools(): Map<string, string> {
  if (!systemPaths) {
    const out = execFileSync('bash', ['-c', 'for t in "$@"; do printf "%s\\t%s\\n" "$t" "$(command -v "$t")"; done', '_', ...SYSTEM_TOOLS], { encoding: 'utf8' });
    systemPaths = new Map();
    for (const line of out.split('\n')) {
      const [name, p] = line.split('\t');
      if (name && p && p.startsWith('/')) systemPaths.set(name, p);
    }
  }
  return systemPaths;
}
let pythonPath: string | null | undefined;
/** The real python3 binary (not a pyenv shim), or null. */
export function python3Path(): string | null {
  if (pythonPath === undefined) {
    try {
      pythonPath = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim() || null;
    } catch {
      pythonPath = null;
    }
  }
  return pythonPath;
}
export function hasTool(name: string): boolean {
  return systemTools().has(name);
}

export interface BinOptions {
  /** stubs left out (a missing tool), default none */
  omit?: string[];
  /** put jq on PATH when the machine has it (default true) */
  jq?: boolean;
  /** put python3 on PATH (default false) */
  python?: boolean;
}
/** A directory to use as the whole PATH: system tools collect.sh needs, plus the stubs. */
export function makeBin(dir: string, opts: BinOptions = {}): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, p] of systemTools()) {
    if (name === 'jq' && opts.jq === false) continue;
    fs.symlinkSync(p, path.join(dir, name));
  }
  if (opts.python) {
    const py = python3Path();
    if (py) fs.symlinkSync(py, path.join(dir, 'python3'));
  }
  fs.symlinkSync(path.join(STUBS, '_common.sh'), path.join(dir, '_common.sh'));
  for (const s of ALL_STUBS) {
    if (opts.omit?.includes(s)) continue;
    fs.symlinkSync(path.join(STUBS, s), path.join(dir, s));
  }
  return dir;
}

// ------------------------------------------------------------------------------------------
// fake node file systems
// ------------------------------------------------------------------------------------------
const TS_RE = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/;
function lastTimestamp(text: string): number | null {
  let last: number | null = null;
  for (const line of text.split('\n')) {
    const m = TS_RE.exec(line);
    if (m) last = Date.parse(`${m[1]}T${m[2]}Z`);
  }
  return last;
}
function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

export interface RootOptions {
  /** bytes of filler lines (13:00-14:00) added to ostackhost.log.1, to exercise --max-log-mb */
  fillerBytes?: number;
  /** move every timestamp of the node's logs by this many ms (a failure "a week ago") */
  shiftMs?: number;
}

const STAMP_RE = /\b(\d{4}-\d{2}-\d{2})([ T])(\d{2}:\d{2}:\d{2})/g;
/** Every "YYYY-MM-DD HH:MM:SS" (or with T) in a text, moved by ms, in the same shape. */
export function shiftStamps(text: string, ms: number): string {
  return text.replace(STAMP_RE, (all, d: string, sep: string, t: string) => {
    const v = Date.parse(`${d}T${t}Z`);
    if (Number.isNaN(v)) return all;
    const iso = new Date(v + ms).toISOString();
    return `${iso.slice(0, 10)}${sep}${iso.slice(11, 19)}`;
  });
}
/**
 * Copies fixtures/host/<node>/root to dest: *.gz.src become gzip files, every log gets the
 * modification time of its last line, and on hv-02 ovn-controller.log is a directory (a log
 * that cannot be read).
 */
export function buildNodeRoot(node: string, dest: string, opts: RootOptions = {}): string {
  fs.cpSync(path.join(FIXTURES, 'host', node, 'root'), dest, { recursive: true });
  if (opts.fillerBytes) {
    const f = path.join(dest, 'var/log/pf9/ostackhost.log.1');
    const lines = fs.readFileSync(f, 'utf8').split('\n').filter(Boolean);
    const filler: string[] = [];
    let size = 0;
    let i = 0;
    while (size < opts.fillerBytes) {
      const sec = 1 + Math.floor((i / 4) % 3000);
      const t = new Date(Date.parse('2025-06-02T13:10:00Z') + sec * 1000).toISOString().slice(11, 19);
      const l = `2025-06-02 ${t}.${String(i % 1000).padStart(3, '0')} 2314 DEBUG oslo_concurrency.lockutils [-] Lock "compute_resources" acquired by "nova.compute.resource_tracker.ResourceTracker._update_available_resource" :: waited 0.000s FILLER-${i} inner /opt/pf9/pf9-ostackhost/lib/python3.9/site-packages/oslo_concurrency/lockutils.py:386`;
      filler.push(l);
      size += l.length + 1;
      i++;
    }
    // first line 13:10, then the filler, then the rest (13:30, 13:59:59)
    fs.writeFileSync(f, [lines[0], ...filler, ...lines.slice(1)].join('\n') + '\n');
  }
  if (opts.shiftMs) {
    for (const f of walk(path.join(dest, 'var/log'))) fs.writeFileSync(f, shiftStamps(fs.readFileSync(f, 'utf8'), opts.shiftMs));
  }
  for (const f of walk(path.join(dest, 'var/log'))) {
    if (f.endsWith('.gz.src')) {
      const gz = f.slice(0, -'.src'.length);
      fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(f)));
      fs.rmSync(f);
    }
  }
  for (const f of walk(path.join(dest, 'var/log'))) {
    const data = fs.readFileSync(f);
    const text = f.endsWith('.gz') ? zlib.gunzipSync(data).toString('utf8') : data.toString('utf8');
    const t = lastTimestamp(text);
    if (t !== null) fs.utimesSync(f, t / 1000, t / 1000);
  }
  if (node === 'hv-02') {
    fs.mkdirSync(path.join(dest, 'var/log/ovn/ovn-controller.log'), { recursive: true });
  }
  return dest;
}

// ------------------------------------------------------------------------------------------
// running collect.sh
// ------------------------------------------------------------------------------------------
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** the .tar.gz written (from the "Bundle: <path> (<size>)" line), or null */
  bundle: string | null;
  ms: number;
}
export interface RunOptions {
  bin: string;
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
}
/** Runs collect.sh with PATH = bin only and a minimal environment. */
export function runCollect(args: string[], opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const env: Record<string, string> = {
    PATH: opts.bin,
    TZ: 'UTC',
    LANG: 'C.UTF-8',
    STUB_FIXTURES: FIXTURES,
    ...opts.env,
  };
  return new Promise((resolve) => {
    execFile(
      path.join(opts.bin, 'bash'),
      [COLLECT, ...args],
      { env, cwd: opts.cwd ?? opts.bin, timeout: opts.timeoutMs ?? 600_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        const m = /^Bundle: (.+) \([^()]*\)$/m.exec(stdout);
        resolve({ code, stdout, stderr, bundle: m?.[1] ?? null, ms: Date.now() - started });
      },
    );
  });
}

/** Extracts a .tar.gz into dest; returns the bundle's top-level folder. */
export function extract(tarball: string, dest: string): string {
  fs.mkdirSync(dest, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', dest]);
  const top = fs.readdirSync(dest);
  if (top.length !== 1 || !top[0]) throw new Error(`expected one top-level folder in ${tarball}, got ${top.join(', ')}`);
  return path.join(dest, top[0]);
}

/** Every file of an extracted bundle, relative paths, gzip files decompressed into `text`. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of walk(dir)) {
    const data = fs.readFileSync(f);
    out.set(path.relative(dir, f), f.endsWith('.gz') ? zlib.gunzipSync(data).toString('utf8') : data.toString('utf8'));
  }
  return out;
}

export interface ScenarioOptions {
  /** --obfuscate-hosts --obfuscate-key KEY on every run */
  obfuscateKey?: string;
  /** --no-redact on every run */
  noRedact?: boolean;
  /** which bundles to make (default all three) */
  only?: Array<'mgmt' | 'hv-01' | 'hv-02'>;
  /** make `openstack hypervisor stats show` hang until --cmd-timeout kills it (default true) */
  hang?: boolean;
  /** --cmd-timeout (default 5 s: generous, so that a slow machine does not time out the stubs) */
  cmdTimeout?: number;
  /** filler bytes in hv-01's ostackhost.log.1, collected with --max-log-mb 1 (default 0) */
  hv01FillerBytes?: number;
  /** the window arguments of the host runs instead of the scenario's WINDOW ([] for none) */
  hostWindow?: string[];
  /** run host mode without --hostname: the bundles are named as nova knows the nodes */
  novaNames?: boolean;
  /** extra environment of each node's host run (STUB_UNAME_N, STUB_VIRSH_HOSTNAME …) */
  hostEnv?: Partial<Record<'hv-01' | 'hv-02', Record<string, string>>>;
  /** move the timestamps of the node logs by this many ms (see RootOptions.shiftMs) */
  shiftMs?: number;
}
export interface ScenarioBundles {
  mgmt?: string;
  hosts: Record<string, string>;
  /** every .tar.gz, for `analyze` */
  all: string[];
  runs: Record<string, RunResult>;
}
/**
 * Produces the bundles of the planted libvirt-TLS case in outDir: what an engineer would get by
 * running collect.sh mgmt on the management machine and collect.sh host on hv-01 and hv-02.
 * Pass the returned `all` to the analyzer; EXPECTED says what it should find.
 */
export async function buildScenarioBundles(outDir: string, opts: ScenarioOptions = {}): Promise<ScenarioBundles> {
  const only = opts.only ?? ['mgmt', 'hv-01', 'hv-02'];
  fs.mkdirSync(outDir, { recursive: true });
  const common = ['--since', WINDOW.since, '--until', WINDOW.until, '--cmd-timeout', String(opts.cmdTimeout ?? 5), '-q'];
  if (opts.obfuscateKey) common.push('--obfuscate-hosts', '--obfuscate-key', opts.obfuscateKey);
  if (opts.noRedact) common.push('--no-redact');
  const jobs: Array<Promise<[string, RunResult]>> = [];
  if (only.includes('mgmt')) {
    const bin = makeBin(path.join(outDir, 'bin-mgmt'));
    const out = path.join(outDir, 'mgmt');
    fs.mkdirSync(out, { recursive: true });
    const env: Record<string, string> = { STUB_CALLS: path.join(outDir, 'calls-mgmt.txt') };
    if (opts.hang !== false) env.STUB_HANG = 'openstack hypervisor stats show';
    jobs.push(
      runCollect(['mgmt', '--vm', VM, '--namespace', NAMESPACE, '--hostname', MGMT_HOST, '--out', out, ...common], { bin, env }).then((r) => ['mgmt', r]),
    );
  }
  for (const node of ['hv-01', 'hv-02'] as const) {
    if (!only.includes(node)) continue;
    // hv-02 has no multipath tool installed (a missing tool)
    const bin = makeBin(path.join(outDir, `bin-${node}`), { omit: node === 'hv-02' ? ['multipath'] : [] });
    // (the root folder is not named after the node: its path shows in the argv of the manifest)
    const root = buildNodeRoot(node, path.join(outDir, node === 'hv-01' ? 'fs-source' : 'fs-target'), { fillerBytes: node === 'hv-01' ? opts.hv01FillerBytes : 0, shiftMs: opts.shiftMs });
    const out = path.join(outDir, node);
    fs.mkdirSync(out, { recursive: true });
    const peer = node === 'hv-01' ? 'hv-02' : 'hv-01';
    const hostCommon = opts.hostWindow ? [...opts.hostWindow, ...common.slice(4)] : common;
    const args = ['host', '--root', root, ...(opts.novaNames ? [] : ['--hostname', node]), '--peer', peer, '--out', out, ...hostCommon];
    if (node === 'hv-01' && opts.hv01FillerBytes) args.push('--max-log-mb', '1');
    jobs.push(
      runCollect(args, { bin, env: { STUB_NODE: node, STUB_REFUSE: 'hv-02', STUB_CALLS: path.join(outDir, `calls-${node}.txt`), ...opts.hostEnv?.[node] } }).then((r) => [node, r]),
    );
  }
  const results = await Promise.all(jobs);
  const res: ScenarioBundles = { hosts: {}, all: [], runs: {} };
  for (const [name, r] of results) {
    res.runs[name] = r;
    if (!r.bundle) throw new Error(`collect.sh ${name} wrote no bundle (exit ${r.code})\n${r.stderr}\n${r.stdout}`);
    if (name === 'mgmt') res.mgmt = r.bundle;
    else res.hosts[name] = r.bundle;
    res.all.push(r.bundle);
  }
  return res;
}
