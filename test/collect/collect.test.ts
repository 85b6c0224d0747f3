/**
 * collect.sh against stub tools (test/collect/stubs) and fake node trees (test/collect/fixtures):
 * bundle layout, manifest, failures / hangs / missing tools, window cut and size caps,
 * redaction of planted secrets, --no-redact, host obfuscation, JSON readers, shellcheck.
 * Run: npx uvu -r tsx/cjs test/collect
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  COLLECT,
  FIXTURES,
  MGMT_HOST,
  NAMESPACE,
  NEVER_COLLECTED,
  PLANTED_SECRETS,
  PORT,
  REQ,
  TLS_FAILURE_LINE,
  VM,
  VOLUME,
  WINDOW,
  buildScenarioBundles,
  extract,
  hasTool,
  python3Path,
  readTree,
  type ScenarioBundles,
} from './scenario';

interface CommandEntry {
  file: string;
  argv: string[];
  exitCode: number;
  durationMs: number;
  timedOut: boolean;
  stderr: string;
  ok: boolean;
  bytes: number;
}
interface FileEntry {
  path: string;
  source: string;
  bytes: number;
  truncated: boolean;
  sourceBytes: number;
  cutToWindow: boolean;
  error?: string;
}
interface Manifest {
  format: string;
  collector: { name: string; version: string };
  mode: string;
  createdAt: string;
  host: string;
  region: string | null;
  vms: string[];
  window: { since: string; until: string };
  commands: CommandEntry[];
  files: FileEntry[];
  redaction: { enabled: boolean; replacements: number; byRule?: Record<string, number> };
  obfuscation: { enabled: boolean; keyId?: string };
  hostAliases?: string[];
  peers?: string[];
  notFound?: string[];
  skipped?: Array<{ source: string; reason: string }>;
  requestIds?: string[];
}

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'collect-test-'));
const OBF_KEY = 'case-04711-shared-key';
let main: ScenarioBundles;
let obf: ScenarioBundles;
let raw: ScenarioBundles;
const dirs: Record<string, string> = {};
const trees: Record<string, Map<string, string>> = {};

function manifestOf(tree: Map<string, string>, rel: string): Manifest {
  const text = tree.get(rel);
  assert.ok(text, `${rel} missing`);
  return JSON.parse(text as string) as Manifest;
}
function cmd(m: Manifest, file: string): CommandEntry {
  const c = m.commands.find((x) => x.file === file);
  assert.ok(c, `no manifest command for ${file}`);
  return c as CommandEntry;
}
function fileEntry(m: Manifest, p: string): FileEntry {
  const f = m.files.find((x) => x.path === p);
  assert.ok(f, `no manifest file entry for ${p}`);
  return f as FileEntry;
}
function allText(tree: Map<string, string>): string {
  return [...tree.entries()].map(([p, t]) => `${p}\n${t}`).join('\n');
}

let setupError: unknown = null;
test.before(async () => {
  try {
    await setup();
  } catch (e) {
    setupError = e;
    console.error('collect.sh test setup failed:', e);
  }
});
async function setup(): Promise<void> {
  const t0 = Date.now();
  [main, obf, raw] = await Promise.all([
    buildScenarioBundles(path.join(TMP, 'main'), { hv01FillerBytes: 2_500_000 }),
    buildScenarioBundles(path.join(TMP, 'obf'), { obfuscateKey: OBF_KEY, hang: false, only: ['mgmt', 'hv-01'] }),
    buildScenarioBundles(path.join(TMP, 'raw'), { noRedact: true, hang: false, only: ['hv-01'] }),
  ]);
  const all: Array<[string, string | undefined]> = [
    ['mgmt', main.mgmt],
    ['hv-01', main.hosts['hv-01']],
    ['hv-02', main.hosts['hv-02']],
    ['obf-mgmt', obf.mgmt],
    ['obf-hv-01', obf.hosts['hv-01']],
    ['raw-hv-01', raw.hosts['hv-01']],
  ];
  for (const [name, tarball] of all) {
    assert.ok(tarball, `no bundle ${name}`);
    dirs[name] = extract(tarball as string, path.join(TMP, 'x', name));
    trees[name] = readTree(dirs[name] as string);
  }
  console.log(`  (6 collect.sh runs, in parallel, took ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
test.after(() => {
  fs.rmSync(TMP, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
test('the collect.sh runs of the setup all produced a bundle', () => {
  assert.is(setupError, null, String(setupError));
});

test('usage errors exit 2 and write nothing; --help and --version exit 0', () => {
  const out = path.join(TMP, 'usage-out');
  fs.mkdirSync(out, { recursive: true });
  const run = (...args: string[]) => spawnSync('bash', [COLLECT, ...args, '--out', out], { encoding: 'utf8' });
  const help = spawnSync('bash', [COLLECT, '--help'], { encoding: 'utf8' });
  assert.is(help.status, 0);
  assert.match(help.stdout, /collect\.sh mgmt --vm <uuid>/);
  assert.match(help.stdout, /--obfuscate-key/);
  const version = spawnSync('bash', [COLLECT, '--version'], { encoding: 'utf8' });
  assert.is(version.status, 0);
  assert.match(version.stdout, /^collect\.sh 1\.0\.0 \(bundle format migration-bundle\/1\)/);
  for (const args of [
    [],
    ['frobnicate'],
    ['mgmt'],
    ['mgmt', '--vm', 'vm-db01'],
    ['host', '--vm', VM],
    ['host', '--since', 'not a time at all'],
    ['host', '--since', '2025-06-02T15:00:00Z', '--until', '2025-06-02T13:00:00Z'],
    ['host', '--max-log-mb', 'lots'],
    ['host', '--cmd-timeout', '0'],
    ['host', '--root', '/does/not/exist'],
    ['host', '--peer'],
  ]) {
    const r = run(...args);
    assert.is(r.status, 2, `collect.sh ${args.join(' ')} → ${r.status}: ${r.stderr}`);
    assert.match(r.stderr, /collect\.sh: /);
  }
  assert.equal(fs.readdirSync(out), [], 'a usage error wrote something');
});

// ---------------------------------------------------------------------------------------------
test('mgmt bundle: files named and laid out as the contract says', () => {
  const tree = trees.mgmt as Map<string, string>;
  const expected = [
    'manifest.json',
    `commands/openstack_server_show_${VM}.json`,
    `commands/openstack_server_migration_list_${VM}.json`,
    `commands/openstack_server_event_list_${VM}.json`,
    `commands/openstack_server_event_show_${VM}_${REQ}.json`,
    'commands/openstack_compute_service_list.json',
    'commands/openstack_volume_service_list.json',
    'commands/openstack_network_agent_list.json',
    'commands/openstack_hypervisor_list.json',
    'commands/openstack_hypervisor_show_hv-01.example.net.json',
    'commands/openstack_hypervisor_show_hv-02.example.net.json',
    'commands/openstack_availability_zone_list.json',
    'commands/openstack_aggregate_list.json',
    'commands/openstack_aggregate_show_az1-hosts.json',
    'commands/openstack_aggregate_show_ssd.json',
    'commands/openstack_flavor_show_m1.large.json',
    `commands/openstack_port_list_${VM}.json`,
    `commands/openstack_port_show_${PORT}.json`,
    'commands/kubectl_get_pods.txt',
    'logs/nova-api-osapi.log',
    'logs/nova-conductor.log',
    'logs/placement-api.log',
    'logs/neutron-server.log',
    'logs/nova-scheduler-5c7b9d8f6-q4wzr.log',
    'logs/nova-scheduler-5c7b9d8f6-t8kd5.log',
  ];
  for (const f of expected) assert.ok(tree.has(f), `missing ${f}; have:\n${[...tree.keys()].sort().join('\n')}`);
  for (const f of tree.keys()) {
    assert.ok(/^(manifest\.json|commands\/[A-Za-z0-9._-]+\.(json|txt)|logs\/[a-z0-9-]+\.log)$/.test(f), `unexpected path ${f}`);
  }
  // JSON outputs are JSON; the failed and the hung command left no file behind
  for (const [f, text] of tree) if (f.endsWith('.json')) JSON.parse(text);
  assert.not.ok(tree.has(`commands/openstack_volume_show_${VOLUME}.json`));
  assert.not.ok(tree.has('commands/openstack_hypervisor_stats_show.json'));
  assert.match(path.basename(main.mgmt as string), /^migration-bundle-mgmt-pcd-mgmt-01-\d{8}T\d{6}Z\.tar\.gz$/);
});

test('mgmt manifest: every command with argv, exit code, duration; the 403 and the hang recorded', () => {
  const m = manifestOf(trees.mgmt as Map<string, string>, 'manifest.json');
  assert.is(m.format, 'migration-bundle/1');
  assert.equal(m.collector, { name: 'collect.sh', version: '1.0.0' });
  assert.is(m.mode, 'mgmt');
  assert.is(m.host, MGMT_HOST);
  assert.is(m.region, NAMESPACE);
  assert.equal(m.vms, [VM]);
  assert.equal(m.window, WINDOW);
  assert.match(m.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(m.redaction.enabled);
  for (const c of m.commands) {
    assert.type(c.exitCode, 'number');
    assert.type(c.durationMs, 'number');
    assert.type(c.timedOut, 'boolean');
    assert.type(c.stderr, 'string');
    assert.ok(c.argv.length > 0);
  }
  const show = cmd(m, `commands/openstack_server_show_${VM}.json`);
  assert.equal(show.argv, ['openstack', 'server', 'show', VM, '-f', 'json']);
  assert.is(show.exitCode, 0);
  assert.ok(show.ok);

  const vol = cmd(m, `commands/openstack_volume_show_${VOLUME}.json`);
  assert.is(vol.exitCode, 1);
  assert.not.ok(vol.ok);
  assert.not.ok(vol.timedOut);
  assert.match(vol.stderr, /^HttpException: 403: Client Error for url: .*Policy doesn't allow volume:get to be performed\.$/);

  const hung = cmd(m, 'commands/openstack_hypervisor_stats_show.json');
  assert.ok(hung.timedOut);
  assert.not.ok(hung.ok);
  assert.is(hung.exitCode, 124);
  assert.ok(hung.durationMs >= 4500 && hung.durationMs < 30000, `hung for ${hung.durationMs} ms`);
  assert.match(hung.stderr, /This command is deprecated\./);

  const pods = cmd(m, 'commands/kubectl_get_pods.txt');
  assert.equal(pods.argv, ['kubectl', 'get', 'pods', '-o', 'wide', '-n', NAMESPACE]);
  // exit status 3: bundle written, some commands failed
  assert.is(main.runs.mgmt?.code, 3);
  // pod logs are recorded as files too
  const api = fileEntry(m, 'logs/nova-api-osapi.log');
  assert.is(api.truncated, false);
  assert.ok(api.cutToWindow);
});

test('mgmt: discovery from earlier outputs and pod logs for the window', () => {
  const tree = trees.mgmt as Map<string, string>;
  const m = manifestOf(tree, 'manifest.json');
  // request ids: the live-migration and the older cold migration, not the create
  assert.equal(m.requestIds, [REQ, 'req-7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d']);
  assert.not.ok([...tree.keys()].some((f) => f.includes('req-4cdc4c93')));
  // aggregates holding the hosts involved only (hv-01, hv-02 and hv-03 of the older migration)
  assert.ok(tree.has('commands/openstack_aggregate_show_az2-hosts.json'));
  const calls = fs.readFileSync(path.join(TMP, 'main', 'calls-mgmt.txt'), 'utf8');
  assert.match(calls, new RegExp(`^openstack volume show ${VOLUME} -f json$`, 'm'));
  assert.match(calls, /^openstack flavor show m1\.large -f json$/m);
  assert.match(calls, /^openstack hypervisor show hv-02\.example\.net -f json$/m);
  for (const line of calls.split('\n').filter((l) => l.startsWith('kubectl logs'))) {
    assert.match(line, new RegExp(`-n ${NAMESPACE} --since-time=${WINDOW.since}$`));
  }
  assert.not.match(calls, /kubectl logs deployment\/cinder-api/);
  // the log window: lines before 13:00 and after 15:00 are gone
  const api = tree.get('logs/nova-api-osapi.log') as string;
  assert.match(api, /"POST \/v2\.1\/servers\/0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60\/action HTTP\/1\.1" status: 202/);
  assert.not.match(api, /11:58:02/);
  assert.not.match(api, /16:30:00/);
  assert.not.match(tree.get('logs/nova-conductor.log') as string, /Starting conductor node/);
  // the next steps it prints name both nodes
  const err = main.runs.mgmt?.stderr ?? '';
  assert.ok(main.runs.mgmt?.stdout.includes('Bundle: '));
  assert.not.match(err, /^collect\.sh: .*(line \d+|syntax error|unbound)/m);
});

// ---------------------------------------------------------------------------------------------
test('host bundles: layout under hosts/<hostname>/ with their own manifest', () => {
  for (const node of ['hv-01', 'hv-02']) {
    const tree = trees[node] as Map<string, string>;
    const p = `hosts/${node}/`;
    for (const f of tree.keys()) assert.ok(f.startsWith(p), `${f} outside ${p}`);
    const expected = [
      'manifest.json',
      'commands/systemctl_status_pf9-hostagent.txt',
      'commands/systemctl_status_pf9-ostackhost.txt',
      'commands/systemctl_status_libvirtd.txt',
      'commands/systemctl_status_ovn-controller.txt',
      'commands/systemctl_status_pf9-neutron-ovn-metadata-agent.txt',
      'commands/systemctl_status_pf9-cindervolume-base.txt',
      'commands/virsh_capabilities.xml',
      'commands/lscpu.txt',
      'commands/openssl_x509_cacert.txt',
      'commands/openssl_x509_servercert.txt',
      'commands/openssl_x509_clientcert.txt',
      'commands/ss_-tlnp.txt',
      `commands/port_16514_${node === 'hv-01' ? 'hv-02' : 'hv-01'}.txt`,
      'commands/free_-m.txt',
      'commands/df_-h.txt',
      'commands/iscsiadm_-m_session.txt',
      'var/log/pf9/ostackhost.log',
      'var/log/libvirt/libvirtd.log',
      'var/log/pf9/hostagent.log',
    ];
    for (const f of expected) assert.ok(tree.has(p + f), `${node}: missing ${f}`);
    const m = manifestOf(tree, `${p}manifest.json`);
    assert.is(m.mode, 'host');
    assert.is(m.host, node);
    assert.equal(m.window, WINDOW);
    assert.ok(m.hostAliases?.includes(node));
    assert.match(path.basename(main.hosts[node] as string), new RegExp(`^migration-bundle-host-${node}-\\d{8}T\\d{6}Z\\.tar\\.gz$`));
    for (const c of m.commands) assert.ok(c.file.startsWith(p), c.file);
    for (const f of m.files) assert.ok(f.path.startsWith(p) && !f.path.includes('//'), f.path);
  }
  const hv01 = trees['hv-01'] as Map<string, string>;
  for (const f of ['commands/multipath_-ll.txt', 'commands/openssl_x509_ca-cert.txt', 'var/log/libvirt/qemu/instance-0000002a.log', 'var/log/ovn/ovn-controller.log', 'etc/libvirt/libvirtd.conf', 'etc/hosts']) {
    assert.ok(hv01.has(`hosts/hv-01/${f}`), `hv-01: missing ${f}`);
  }
  assert.not.ok([...hv01.keys()].some((f) => /key/.test(path.basename(f))), 'a key file was collected');
});

test('host manifest: missing tool, unreadable log, services not found, files not present', () => {
  const m1 = manifestOf(trees['hv-01'] as Map<string, string>, 'hosts/hv-01/manifest.json');
  const m2 = manifestOf(trees['hv-02'] as Map<string, string>, 'hosts/hv-02/manifest.json');
  // multipath is not installed on hv-02
  const mp = cmd(m2, 'hosts/hv-02/commands/multipath_-ll.txt');
  assert.is(mp.exitCode, 127);
  assert.not.ok(mp.ok);
  assert.match(mp.stderr, /multipath: command not found/);
  assert.not.ok((trees['hv-02'] as Map<string, string>).has('hosts/hv-02/commands/multipath_-ll.txt'));
  // ovn-controller.log cannot be read on hv-02: recorded as a failed read, the rest goes on
  const ovn = cmd(m2, 'hosts/hv-02/var/log/ovn/ovn-controller.log');
  assert.equal(ovn.argv.slice(0, 2), ['cat', '--']);
  assert.is(ovn.exitCode, 1);
  assert.match(ovn.stderr, /Is a directory/);
  assert.match(fileEntry(m2, 'hosts/hv-02/var/log/ovn/ovn-controller.log').error ?? '', /Is a directory/);
  // systemctl status: inactive (3) and unknown unit (4) are data, not collection failures
  const tls = cmd(m2, 'hosts/hv-02/commands/systemctl_status_libvirtd-tls.socket.txt');
  assert.is(tls.exitCode, 3);
  assert.ok(tls.ok);
  const cinder = cmd(m1, 'hosts/hv-01/commands/systemctl_status_pf9-cindervolume-base.txt');
  assert.is(cinder.exitCode, 4);
  assert.ok(cinder.ok);
  assert.match((trees['hv-01'] as Map<string, string>).get('hosts/hv-01/commands/systemctl_status_pf9-cindervolume-base.txt') ?? '', /Unit pf9-cindervolume-base\.service could not be found\./);
  assert.ok(m1.notFound?.includes('/var/log/pf9/cindervolume-base.log'));
  assert.ok(m1.hostAliases?.includes('7c1d6a2e-0f3b-4c5d-8e7f-8a9b0c1d2e3f'), 'pf9 host_id not among the aliases');
  // exit status: hv-01 complete, hv-02 partial
  assert.is(main.runs['hv-01']?.code, 0);
  assert.is(main.runs['hv-02']?.code, 3);
  // successful file reads are not commands
  assert.not.ok(m1.commands.some((c) => c.argv[0] === 'cat'));
});

test('host: logs cut to the window, rotated .1 and .N.gz kept, older rotations skipped', () => {
  const tree = trees['hv-01'] as Map<string, string>;
  const m = manifestOf(tree, 'hosts/hv-01/manifest.json');
  const log = tree.get('hosts/hv-01/var/log/pf9/ostackhost.log') as string;
  assert.ok(log.includes(TLS_FAILURE_LINE), 'the TLS failure line is not in ostackhost.log');
  assert.not.match(log, /AFTER-WINDOW-MARKER/);
  const gz = tree.get('hosts/hv-01/var/log/pf9/ostackhost.log.2.gz') as string;
  assert.match(gz, /13:02:10\.402/);
  assert.not.match(gz, /BEFORE-WINDOW-MARKER/);
  assert.ok(tree.has('hosts/hv-01/var/log/pf9/ostackhost.log.1'));
  assert.not.ok(tree.has('hosts/hv-01/var/log/pf9/ostackhost.log.3.gz'));
  assert.not.ok(tree.has('hosts/hv-01/var/log/libvirt/qemu/instance-00000031.log'));
  const skipped = (m.skipped ?? []).map((s) => s.source);
  assert.equal(skipped.sort(), ['/var/log/libvirt/qemu/instance-00000031.log', '/var/log/pf9/ostackhost.log.3.gz']);
  // ovn log in ISO format, libvirtd log with +0000: cut too
  assert.not.match(tree.get('hosts/hv-01/var/log/ovn/ovn-controller.log') as string, /opened log file|15:30:00/);
  assert.equal((tree.get('hosts/hv-01/var/log/libvirt/libvirtd.log') as string).trim().split('\n').length, 1);
  const gzEntry = fileEntry(m, 'hosts/hv-01/var/log/pf9/ostackhost.log.2.gz');
  assert.ok(gzEntry.cutToWindow);
  assert.is(gzEntry.source, '/var/log/pf9/ostackhost.log.2.gz');
  // the .gz in the bundle is a gzip file
  const gzFile = path.join(dirs['hv-01'] as string, 'hosts/hv-01/var/log/pf9/ostackhost.log.2.gz');
  assert.equal([...fs.readFileSync(gzFile).subarray(0, 2)], [0x1f, 0x8b]);
});

test('host: logs capped by --max-log-mb (most recent part kept, truncation recorded)', () => {
  const tree = trees['hv-01'] as Map<string, string>;
  const m = manifestOf(tree, 'hosts/hv-01/manifest.json');
  const e = fileEntry(m, 'hosts/hv-01/var/log/pf9/ostackhost.log.1');
  assert.ok(e.truncated, 'ostackhost.log.1 not marked truncated');
  assert.ok(e.bytes <= 1048576 && e.bytes > 900_000, `kept ${e.bytes} bytes`);
  assert.ok(e.sourceBytes > 2_500_000);
  const text = tree.get('hosts/hv-01/var/log/pf9/ostackhost.log.1') as string;
  assert.match(text, /^2025-06-02 13:\d\d:\d\d\.\d{3} 2314 DEBUG /, 'first line is partial');
  assert.match(text, /13:59:59\.998/, 'the most recent line is gone');
  assert.not.match(text, /FILLER-0 /);
  assert.is(fileEntry(m, 'hosts/hv-01/var/log/pf9/ostackhost.log').truncated, false);
});

test('host: port 16514 reachability and TLS certificate details', () => {
  const t1 = trees['hv-01'] as Map<string, string>;
  const t2 = trees['hv-02'] as Map<string, string>;
  const refused = t1.get('hosts/hv-01/commands/port_16514_hv-02.txt') as string;
  assert.match(refused, /^nc: connect to hv-02 port 16514 \(tcp\) failed: Connection refused$/m);
  assert.match(refused, /\nrefused\n$/);
  const open = t2.get('hosts/hv-02/commands/port_16514_hv-01.txt') as string;
  assert.match(open, /\nopen\n$/);
  const m1 = manifestOf(t1, 'hosts/hv-01/manifest.json');
  assert.equal(m1.peers, ['hv-02']);
  const cert = t2.get('hosts/hv-02/commands/openssl_x509_servercert.txt') as string;
  assert.match(cert, /^notAfter=Jun {2}1 00:00:00 2025 GMT$/m);
  assert.match(cert, /^ {4}DNS:hv-02, DNS:hv-02\.example\.net, IP Address:10\.20\.0\.12$/m);
  assert.match(t2.get('hosts/hv-02/commands/openssl_verify_servercert.txt') as string, /certificate has expired/);
  assert.match(t2.get('hosts/hv-02/commands/systemctl_status_libvirtd-tls.socket.txt') as string, /Active: inactive \(dead\)/);
  assert.not.match(t2.get('hosts/hv-02/commands/ss_-tlnp.txt') as string, /:16514/);
  const x509 = cmd(manifestOf(t2, 'hosts/hv-02/manifest.json'), 'hosts/hv-02/commands/openssl_x509_servercert.txt');
  assert.equal(x509.argv.slice(0, 8), ['openssl', 'x509', '-noout', '-subject', '-issuer', '-dates', '-ext', 'subjectAltName']);
});

// ---------------------------------------------------------------------------------------------
test('planted secrets: none is left anywhere in the redacted bundles, and they are counted', () => {
  for (const name of ['mgmt', 'hv-01', 'hv-02', 'obf-mgmt', 'obf-hv-01']) {
    const text = allText(trees[name] as Map<string, string>);
    for (const [where, secret] of Object.entries(PLANTED_SECRETS)) {
      assert.not.ok(text.includes(secret), `${name}: secret from ${where} left in the bundle`);
    }
    for (const s of NEVER_COLLECTED) assert.not.ok(text.includes(s), `${name}: a private key file was read`);
    assert.ok(text.includes('<redacted>'));
  }
  // what must survive redaction
  const hv01 = trees['hv-01'] as Map<string, string>;
  assert.match(hv01.get('hosts/hv-01/var/log/pf9/hostagent.log') as string, /-----BEGIN RSA PRIVATE KEY-----\n<redacted: private key, \d+ line\(s\) removed>\n-----END RSA PRIVATE KEY-----/);
  assert.match(hv01.get('hosts/hv-01/var/log/pf9/ostackhost.log') as string, /transport_url {18}= rabbit:\/\/openstack:<redacted>@10\.20\.0\.5:5672\//);
  assert.match((trees.mgmt as Map<string, string>).get('logs/nova-conductor.log') as string, /mysql\+pymysql:\/\/nova:<redacted>@mariadb-server/);
  const mm = manifestOf(trees.mgmt as Map<string, string>, 'manifest.json');
  const agents = cmd(mm, 'commands/openstack_network_agent_list.json');
  assert.match(agents.stderr, /https:\/\/admin:<redacted>@pcd\.example\.net:5000\/v3/);
  // counts
  const m1 = manifestOf(hv01, 'hosts/hv-01/manifest.json');
  assert.ok(m1.redaction.enabled);
  // 8 planted on hv-01: transport_url, auth_password (.gz), OS_PASSWORD, private key, -spice password=,
  // sasl_password (config), --password (systemctl), X-Auth-Token (.1)
  assert.ok(m1.redaction.replacements >= 8, `hv-01 counted ${m1.redaction.replacements}`);
  assert.ok((m1.redaction.byRule?.['private-key'] ?? 0) >= 1);
  assert.ok(mm.redaction.replacements >= 7, `mgmt counted ${mm.redaction.replacements}`);
});

test('--no-redact keeps the secrets (and says so in the manifest)', () => {
  const text = allText(trees['raw-hv-01'] as Map<string, string>);
  const nodeSecrets = Object.entries(PLANTED_SECRETS).filter(([where]) => /ostackhost|hostagent|qemu|libvirtd\.conf|systemctl/.test(where));
  assert.ok(nodeSecrets.length >= 8);
  for (const [where, secret] of nodeSecrets) {
    assert.ok(text.includes(secret), `--no-redact lost the secret from ${where}`);
  }
  const m = manifestOf(trees['raw-hv-01'] as Map<string, string>, 'hosts/hv-01/manifest.json');
  assert.equal(m.redaction, { enabled: false, replacements: 0 });
  assert.match(raw.runs['hv-01']?.stderr ?? '', /--no-redact/);
});

test('redact mode: each pattern, and no over-redaction', () => {
  const cases: Array<[string, string, string]> = [
    // input, must vanish, must remain
    ['password = s3cr3t-Value', 's3cr3t-Value', 'password = <redacted>'],
    ['  admin_password: "Quoted Pass"', 'Quoted Pass', 'admin_password: "<redacted>"'],
    ['{"password": "j\\"son", "user": "bob"}', 'j\\"son', '"user": "bob"'],
    ["{'auth_token': 'tokValue123', 'x': 1}", 'tokValue123', "'x': 1"],
    ['env: OS_PASSWORD=envPw1 OS_USERNAME=admin', 'envPw1', 'OS_USERNAME=admin'],
    // a line that starts with the key is a config line: the rest of it goes
    ['OS_PASSWORD=envPw3 trailing words', 'envPw3', 'OS_PASSWORD=<redacted>'],
    ['password=my secret phrase', 'secret phrase', 'password=<redacted>'],
    ['export OS_PASSWORD="envPw2"', 'envPw2', 'export OS_PASSWORD='],
    ['-H "X-Auth-Token: abcdef123456"', 'abcdef123456', 'X-Auth-Token: <redacted>'],
    ['X-Subject-Token: gAAAAABsubjecttoken', 'gAAAAABsubjecttoken', 'X-Subject-Token'],
    ['Authorization: Bearer abc.def.ghi-123', 'abc.def.ghi-123', 'Authorization'],
    ['curl -H "authorization: Basic dXNlcjpwYXNz"', 'dXNlcjpwYXNz', 'authorization'],
    ['connection = mysql+pymysql://nova:dbSecret@db/nova', 'dbSecret', 'mysql+pymysql://nova:<redacted>@db/nova'],
    ['transport_url = rabbit://u1:p@ss1@h1:5672,u2:pw2@h2:5672/', 'p@ss1', 'rabbit://u1:<redacted>@'],
    ['see https://admin:hunter2@keystone.example.net:5000/v3', 'hunter2', 'https://admin:<redacted>@keystone.example.net:5000/v3'],
    ['nova-manage --os-password cliPw9 list', 'cliPw9', '--os-password <redacted>'],
    ['| adminPass                           | CZ76LZ9pNXzt |', 'CZ76LZ9pNXzt', '| adminPass'],
    ['token gAAAAABkFernetTokenBodyThatIsQuiteLong0123456789abcdefABCDEF in url', 'gAAAAABkFernetTokenBodyThatIsQuiteLong0123456789abcdefABCDEF', 'token '],
    ['key = AQBzbGFkbG9uZ2NlcGhrZXlsZW5ndGhzaXh0eTA0MA==', 'AQBzbGFkbG9uZ2NlcGhrZXlsZW5ndGhzaXh0eTA0MA==', 'key = '],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXZhbHVl end', 'c2lnbmF0dXJlLXZhbHVl', ' end'],
    ['"OS-EXT-SRV-ATTR:user_data": "I2Nsb3VkLWNvbmZpZw=="', 'I2Nsb3VkLWNvbmZpZw==', '"OS-EXT-SRV-ATTR:user_data": "<redacted>"'],
    ['-----BEGIN PRIVATE KEY-----\\nMIIEvQinlineKEY\\n-----END PRIVATE KEY-----', 'MIIEvQinlineKEY', '-----END PRIVATE KEY-----'],
    ['-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEmultiLINE\nmoreKEYbody\n-----END EC PRIVATE KEY-----\nafter', 'multiLINE', '\nafter'],
  ];
  const keep = [
    'Token validation passed for user 5b1f0e9c',
    '"key_name": "ops-key",',
    "Live Migration failure: operation failed: Failed to connect to remote libvirt URI qemu+tls://hv-02/system: unable to connect to server at 'hv-02:16514': Connection refused",
    'authentication failed: Failed to verify peer\'s certificate',
    '"auth_token": "***", "password": null, "secret": ""',
    'http://10.20.0.11:9696/v2.0/agents',
    'Arguments dropped when creating context: {\'auth_token\': \'***\'}',
    '2025-06-02 14:02:40.118 18 INFO nova.osapi_compute.wsgi.server [None req-3b77c1d2-5e6f-4a7b-8c9d-0e1f2a3b4c5d 5b1f0e9c2a3d4e6f8a7b9c0d1e2f3a4b 9c8b7a6d5e4f4a3b2c1d0e9f8a7b6c5d - - default default] 10.244.0.1 "POST /v2.1/servers/0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60/action HTTP/1.1" status: 202',
  ];
  const input = [...cases.map((c) => c[0]), ...keep].join('\n') + '\n';
  const r = spawnSync('bash', [COLLECT, 'redact'], { input, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  for (const [inp, gone, kept] of cases) {
    assert.not.ok(r.stdout.includes(gone), `not redacted: ${inp}\n→ ${r.stdout}`);
    assert.ok(r.stdout.includes(kept), `over-redacted: ${inp} (expected "${kept}")\n→ ${r.stdout}`);
  }
  for (const k of keep) assert.ok(r.stdout.includes(k), `changed: ${k}`);
  const n = Number(/(\d+) replacements/.exec(r.stderr)?.[1]);
  assert.ok(n >= cases.length, `counted ${n}`);
});

// ---------------------------------------------------------------------------------------------
test('--obfuscate-hosts: no real host name or IP left; pseudonyms agree across bundles', () => {
  const mg = trees['obf-mgmt'] as Map<string, string>;
  const h1 = trees['obf-hv-01'] as Map<string, string>;
  const text = allText(mg) + allText(h1);
  for (const real of ['hv-01', 'hv-02', 'hv-03', 'example.net', '10.20.0.11', '10.20.0.12', '10.20.0.5', 'pcd.example.net', 'pcd-ctrl-0', 'du-node-2', MGMT_HOST, 'mariadb-server']) {
    assert.not.ok(text.includes(real), `"${real}" left in an obfuscated bundle`);
  }
  // the migration record's hosts, the port check file of hv-01 and its folder use the same names
  const migration = JSON.parse(mg.get(`commands/openstack_server_migration_list_${VM}.json`) as string) as Array<Record<string, string>>;
  const src = migration[0]?.['Source Compute'] as string;
  const dst = migration[0]?.['Dest Compute'] as string;
  assert.match(src, /^host-[0-9a-f]{8}$/);
  assert.match(dst, /^host-[0-9a-f]{8}$/);
  assert.is.not(src, dst);
  assert.match(migration[0]?.['Source Node'] as string, new RegExp(`^${src}\\.dom-[0-9a-f]{6}$`));
  assert.ok(h1.has(`hosts/${src}/manifest.json`), `no hosts/${src}/ in the hv-01 bundle: ${[...h1.keys()].slice(0, 3).join(', ')}`);
  assert.ok(h1.has(`hosts/${src}/commands/port_16514_${dst}.txt`));
  const log = h1.get(`hosts/${src}/var/log/pf9/ostackhost.log`) as string;
  assert.ok(log.includes(`qemu+tls://${dst}/system: unable to connect to server at '${dst}:16514': Connection refused`));
  // the same IP gets the same pseudonym in both bundles
  const hvList = JSON.parse(mg.get('commands/openstack_hypervisor_list.json') as string) as Array<Record<string, string>>;
  const ip2 = hvList.find((h) => (h['Hypervisor Hostname'] as string).startsWith(`${dst}.`))?.['Host IP'] as string;
  assert.match(ip2, /^10\.\d+\.\d+\.\d+$/);
  assert.ok((h1.get(`hosts/${src}/etc/hosts`) as string).includes(ip2));
  const m = manifestOf(h1, `hosts/${src}/manifest.json`);
  assert.is(m.host, src);
  assert.ok(m.obfuscation.enabled);
  assert.equal(m.obfuscation.keyId, manifestOf(mg, 'manifest.json').obfuscation.keyId);
  assert.match(path.basename(obf.hosts['hv-01'] as string), new RegExp(`^migration-bundle-host-${src}-`));
  // the table of pseudonyms is beside the bundle, not in it
  const map = `${obf.hosts['hv-01']}`.replace(/\.tar\.gz$/, '.hostmap.tsv');
  assert.ok(fs.existsSync(map));
  assert.match(fs.readFileSync(map, 'utf8'), new RegExp(`^hv-02\t${dst}$`, 'm'));
  // every JSON output is still JSON
  for (const [f, t] of [...mg, ...h1]) if (f.endsWith('.json')) JSON.parse(t);
  // non-host data survives: VM UUIDs, request ids, the instance name
  assert.ok(text.includes(VM) && text.includes(REQ) && text.includes('instance-0000002a'));
});

// ---------------------------------------------------------------------------------------------
function sourced(script: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', `source "$COLLECT"; ${script}`], { env: { ...process.env, COLLECT, ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

test('JSON readers agree: jq, python3 and the awk fallback', async () => {
  const files = fs.readdirSync(path.join(FIXTURES, 'openstack')).filter((f) => f.endsWith('.json'));
  const backends = ['awk'];
  if (hasTool('jq')) backends.push('jq');
  if (python3Path()) backends.push('python');
  const outputs: Record<string, string> = {};
  for (const b of backends) {
    const r = await sourced(
      `BUNDLE_ROOT="$FIX"; JSON_BACKEND=${b}; for f in ${files.map((f) => `'${f}'`).join(' ')}; do echo "== $f"; flatten "$f"; done`,
      { FIX: path.join(FIXTURES, 'openstack'), PATH: `${path.dirname(python3Path() ?? '/usr/bin/python3')}:${process.env.PATH}` },
    );
    assert.is(r.code, 0, r.stderr);
    // jq prints 1.0 as 1
    outputs[b] = r.stdout.replace(/^(\S[^\t]*\t-?\d+)\.0$/gm, '$1');
  }
  const awk = outputs.awk as string;
  assert.match(awk, /^\/OS-EXT-SRV-ATTR:host\thv-01$/m);
  assert.match(awk, /^\/volumes_attached\/0\/id\t6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f$/m);
  assert.match(awk, /^\/0\/Hosts\/1\thv-02$/m);
  assert.match(awk, /^\/OS-EXT-STS:task_state\tnull$/m);
  for (const b of backends) assert.fixture(outputs[b] as string, awk, `${b} differs from awk`);
  if (backends.length < 3) console.log(`  (JSON readers compared: ${backends.join(', ')})`);
});

test('the bash timeout fallback (no coreutils timeout) kills a hanging command and its children', async () => {
  const work = fs.mkdtempSync(path.join(TMP, 'to-'));
  const t0 = Date.now();
  const r = await sourced(`WORK="${work}"; TIMEOUT_IMPL=bash; with_timeout 0.5 bash -c 'sleep 20 & sleep 20; echo never'; echo "rc=$?"`);
  const ms = Date.now() - t0;
  assert.match(r.stdout, /^rc=124$/m);
  assert.not.match(r.stdout, /never/);
  assert.not.match(r.stderr, /Done|Terminated/);
  assert.ok(ms < 8000, `took ${ms} ms`);
  const ok = await sourced(`WORK="${work}"; TIMEOUT_IMPL=bash; with_timeout 5 bash -c 'echo out; echo err >&2; exit 7'; echo "rc=$?"`);
  assert.match(ok.stdout, /^out\nrc=7$/m);
  assert.is(ok.stderr.trim(), 'err');
});

test('shellcheck collect.sh', () => {
  if (!hasTool('shellcheck') && spawnSync('bash', ['-c', 'command -v shellcheck']).status !== 0) {
    console.log('  SKIPPED: shellcheck is not installed (apt-get install -y shellcheck); CI installs it');
    return;
  }
  const r = spawnSync('shellcheck', [COLLECT], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stdout + r.stderr);
  const s = spawnSync('shellcheck', ['-x', ...fs.readdirSync(path.join(FIXTURES, '..', 'stubs')).map((f) => path.join(FIXTURES, '..', 'stubs', f))], { encoding: 'utf8' });
  assert.is(s.status, 0, s.stdout + s.stderr);
});

test.run();
