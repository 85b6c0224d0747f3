/**
 * collect.sh host mode must not hand over logs that miss the failure (issue: a host bundle made
 * days later with the default window had every log cut to nothing, and the analyzer "ruled out"
 * every log check). With the stub commands:
 * - without --since, host mode run a week after the failure still carries the failure's lines;
 * - a window that misses the migration leaves a note in the manifest, a line on the terminal, and
 *   the report asks at the top for the exact collect.sh run on each host; no check that reads
 *   those logs is called "ruled out";
 * - without --hostname, the host bundles carry the name nova knows the node by, and join the mgmt
 *   bundle whatever the case or the short / fully qualified form of the node's own name.
 * Run: npx uvu -r tsx/cjs test/collect coverage
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze, logConditions } from '../../src/pipeline/analyze';
import { loadRules } from '../../src/rules/load';
import { renderHtml, renderMarkdown } from '../../src/report/render';
import {
  EXPECTED,
  TLS_FAILURE_LINE,
  buildNodeRoot,
  buildScenarioBundles,
  extract,
  makeBin,
  readTree,
  runCollect,
  type RunResult,
} from './scenario';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'collect-coverage-'));
const DAY = 86400_000;
/** the planted migration (test/collect/fixtures/openstack/server_migration_list_…): 14:02:40 to 14:02:54 */
const MIGRATION_START = Date.parse('2025-06-02T14:02:40Z');
/** a day, a week after the failure: a window that misses it */
const LATE_WINDOW = ['--since', '2025-06-09T00:00:00Z', '--until', '2025-06-10T00:00:00Z'];

interface FileEntry {
  path: string;
  source: string;
  cutToWindow: false | { linesBefore: number; linesAfter: number; sourceFirst: string | null; sourceLast: string | null };
  lines?: number;
  firstTime?: string | null;
  lastTime?: string | null;
}
interface HostManifest {
  host: string;
  window: { since: string | null; until: string };
  hostAliases: string[];
  files: FileEntry[];
  skipped: Array<{ source: string; reason: string }>;
}
function manifestIn(tree: Map<string, string>): HostManifest {
  const key = [...tree.keys()].find((k) => /^hosts\/[^/]+\/manifest\.json$/.test(k));
  assert.ok(key, 'no host manifest');
  return JSON.parse(tree.get(key as string) as string) as HostManifest;
}

type Bundles = Awaited<ReturnType<typeof buildScenarioBundles>>;
// one mgmt bundle for every case below (collect.sh mgmt does not depend on the nodes)
let mgmt: Promise<Bundles> | null = null;
const mgmtBundle = async (): Promise<string> => (await (mgmt ??= buildScenarioBundles(path.join(TMP, 'mgmt'), { hang: false, only: ['mgmt'] }))).mgmt as string;
let late: Promise<Bundles> | null = null;
async function lateBundles(): Promise<Bundles & { all: string[] }> {
  late ??= buildScenarioBundles(path.join(TMP, 'late'), { hang: false, hostWindow: LATE_WINDOW, only: ['hv-01', 'hv-02'] });
  const [m, b] = await Promise.all([mgmtBundle(), late]);
  return { ...b, all: [m, ...Object.values(b.hosts)] };
}
// the mgmt and late bundles are made while the first tests run (errors surface in the tests)
test.before(() => {
  mgmtBundle().catch(() => undefined);
  lateBundles().catch(() => undefined);
});

// ---------------------------------------------------------------------------------------------
test('host mode without --since, a week after the failure: the failure lines are in the bundle, each log says its period', async () => {
  // the node's logs as they would be a week after the failure: every timestamp moved so that the
  // failure happened 7 days before now (collect.sh reads the real clock)
  const shift = Date.now() - 7 * DAY - MIGRATION_START;
  const dir = path.join(TMP, 'week');
  const bin = makeBin(path.join(dir, 'bin'));
  const root = buildNodeRoot('hv-01', path.join(dir, 'fs'), { shiftMs: shift });
  const out = path.join(dir, 'out');
  fs.mkdirSync(out, { recursive: true });
  const r = await runCollect(['host', '--root', root, '--peer', 'hv-02', '--out', out, '--cmd-timeout', '5'], {
    bin,
    env: { STUB_NODE: 'hv-01', STUB_REFUSE: 'hv-02' },
  });
  assert.ok(r.bundle, `no bundle: ${r.stderr}`);
  const tree = readTree(extract(r.bundle as string, path.join(dir, 'x')));
  const m = manifestIn(tree);
  assert.is(m.window.since, null, 'no --since: the manifest says so');
  const log = tree.get(`hosts/${m.host}/var/log/pf9/ostackhost.log`) ?? '';
  assert.ok(log.includes(TLS_FAILURE_LINE), 'the failure line of a week ago is not in the bundle');
  // the whole files: the lines the 13:00-15:00 scenario window drops are here too
  assert.match(log, /AFTER-WINDOW-MARKER/);
  assert.match(tree.get(`hosts/${m.host}/var/log/pf9/ostackhost.log.2.gz`) ?? '', /BEFORE-WINDOW-MARKER/);
  const entry = m.files.find((f) => f.source === '/var/log/pf9/ostackhost.log');
  assert.ok(entry, 'no manifest entry for ostackhost.log');
  assert.is(entry!.cutToWindow, false);
  assert.ok((entry!.lines ?? 0) > 0);
  assert.match(entry!.firstTime ?? '', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  // the terminal says which period each log covers
  const first = entry!.firstTime as string;
  assert.ok(r.stderr.includes(`/var/log/pf9/ostackhost.log: ${first} to ${entry!.lastTime}`), r.stderr);
  assert.match(r.stderr, /whole logs, no --since/);
  assert.not.match(r.stderr, /no line between/);
});

test('host mode without --since: rotated files share the --max-log-mb budget, newest first', async () => {
  const dir = path.join(TMP, 'budget');
  const bin = makeBin(path.join(dir, 'bin'));
  // ostackhost.log.1 gets 1.5 MB of filler: with --max-log-mb 1 the current log and .1 fill the
  // budget, and the older .2.gz / .3.gz are left out, with the reason
  const root = buildNodeRoot('hv-01', path.join(dir, 'fs'), { fillerBytes: 1_500_000, shiftMs: Date.now() - 2 * DAY - MIGRATION_START });
  const out = path.join(dir, 'out');
  fs.mkdirSync(out, { recursive: true });
  const r = await runCollect(['host', '--root', root, '--hostname', 'hv-01', '--peer', 'hv-02', '--out', out, '--max-log-mb', '1', '-q'], {
    bin,
    env: { STUB_NODE: 'hv-01', STUB_REFUSE: 'hv-02' },
  });
  const tree = readTree(extract(r.bundle as string, path.join(dir, 'x')));
  const m = manifestIn(tree);
  assert.ok(tree.has('hosts/hv-01/var/log/pf9/ostackhost.log'));
  assert.ok(tree.has('hosts/hv-01/var/log/pf9/ostackhost.log.1'));
  assert.not.ok(tree.has('hosts/hv-01/var/log/pf9/ostackhost.log.2.gz'));
  const skipped = m.skipped.filter((s) => s.source.startsWith('/var/log/pf9/ostackhost.log.'));
  assert.equal(skipped.map((s) => s.source).sort(), ['/var/log/pf9/ostackhost.log.2.gz', '/var/log/pf9/ostackhost.log.3.gz']);
  for (const s of skipped) assert.match(s.reason, /--max-log-mb 1 MiB/);
  const bytes = ['ostackhost.log', 'ostackhost.log.1'].reduce((n, f) => n + Buffer.byteLength(tree.get(`hosts/hv-01/var/log/pf9/${f}`) ?? ''), 0);
  assert.ok(bytes <= 1048576, `kept ${bytes} bytes`);
});

// ---------------------------------------------------------------------------------------------
test('a window that misses the migration: manifest note and terminal line for each log cut to nothing', async () => {
  const b = await lateBundles();
  for (const node of ['hv-01', 'hv-02'] as const) {
    const run = b.runs[node] as RunResult;
    const tree = readTree(extract(b.hosts[node] as string, path.join(TMP, 'late-x', node)));
    const m = manifestIn(tree);
    const e = m.files.find((f) => f.source === '/var/log/pf9/ostackhost.log');
    assert.ok(e && e.cutToWindow, `${node}: no cut note`);
    const cut = e!.cutToWindow as Exclude<FileEntry['cutToWindow'], false>;
    assert.ok(cut.linesBefore > 0);
    assert.is(cut.linesAfter, 0);
    assert.is(e!.lines, 0);
    assert.match(cut.sourceFirst ?? '', /^2025-06-02 \d\d:\d\d:\d\d$/);
    assert.match(cut.sourceLast ?? '', /^2025-06-02 \d\d:\d\d:\d\d$/);
    // said even with -q, in the words of the issue
    assert.ok(
      run.stderr.includes(`ostackhost.log: no line between 2025-06-09 00:00:00 and 2025-06-10 00:00:00; the file covers ${cut.sourceFirst} to ${cut.sourceLast}`),
      `${node}: ${run.stderr}`,
    );
    assert.match(run.stderr, /WARNING: \d+ log\(s\) hold no line of the window/);
  }
});

test('a window that misses the migration: the report asks at the top for the exact collect.sh run on each host', async () => {
  const b = await lateBundles();
  const { report, lead } = await analyze({ inputs: b.all, instance: EXPECTED.instance });
  assert.ok(lead);
  const gaps = lead!.logGaps ?? [];
  assert.equal(gaps.map((g) => `${g.role}:${g.host}`), ['source:hv-01', 'target:hv-02']);
  // an hour before the start (14:02:40) to an hour after the end (14:02:54), the other end as peer
  assert.is(gaps[0]!.command, 'collect.sh host --since 2025-06-02T13:02:40Z --until 2025-06-02T15:02:54Z --peer hv-02');
  assert.is(gaps[1]!.command, 'collect.sh host --since 2025-06-02T13:02:40Z --until 2025-06-02T15:02:54Z --peer hv-01');
  assert.match(gaps[1]!.message, /every log of hv-02 in the bundle is empty after collect\.sh cut it to its window/i);
  assert.match(gaps[1]!.message, /collected for 2025-06-09 00:00 UTC to 2025-06-10 00:00 UTC/);
  assert.match(gaps[1]!.message, /ostackhost\.log 2025-06-02 14:00:00 to 2025-06-02 14:02:41/);
  // at the top of both reports, before the verdict
  const html = renderHtml(report);
  const at = html.indexOf('id="log-gaps"');
  assert.ok(at > 0 && at < html.indexOf('id="summary"'), 'the request is not above the summary');
  assert.ok(html.includes('collect.sh host --since 2025-06-02T13:02:40Z --until 2025-06-02T15:02:54Z --peer hv-01'));
  const md = renderMarkdown(report);
  const mdAt = md.indexOf('do not cover the migration');
  assert.ok(mdAt > 0 && mdAt < md.indexOf('| Instance |'), md.slice(0, 800));
  assert.ok(md.includes('collect.sh host --since 2025-06-02T13:02:40Z --until 2025-06-02T15:02:54Z --peer hv-02'));
});

test('a window that misses the migration: no check that reads the cut logs is "ruled out"', async () => {
  const b = await lateBundles();
  const { lead } = await analyze({ inputs: b.all, instance: EXPECTED.instance });
  assert.ok(lead);
  // the node log components that were cut to nothing
  const cut = new Set(['nova-compute', 'libvirtd', 'qemu', 'ovn-controller', 'hostagent']);
  const rules = loadRules().rules;
  let checked = 0;
  for (const c of lead!.checks) {
    const readsCut = rules.some(
      (r) =>
        r.cause === c.cause &&
        (!r.types || r.types.includes(lead!.type as never)) &&
        logConditions(r.when).some((l) => l.role !== 'control' && (!l.component || [l.component].flat().some((x) => cut.has(x)))),
    );
    if (!readsCut) continue;
    checked++;
    assert.is.not(c.state, 'ruled-out', `${c.cause} is ruled out on logs cut to nothing: ${c.detail}`);
  }
  assert.ok(checked > 5, `only ${checked} checks read node logs`);
  // and the same case with covering host bundles does rule some of them out: the test has teeth
  const good = await buildScenarioBundles(path.join(TMP, 'good'), { hang: false, only: ['hv-01', 'hv-02'] });
  const ok = await analyze({ inputs: [await mgmtBundle(), ...good.all], instance: EXPECTED.instance });
  assert.ok(ok.lead!.checks.some((c) => c.state === 'ruled-out'));
  assert.equal(ok.lead!.logGaps ?? [], []);
});

// ---------------------------------------------------------------------------------------------
test('without --hostname, host bundles carry the name nova knows the node by and join the mgmt bundle', async () => {
  // hv-01's own name is "HV-01" (other case, short) and libvirt's is hv-01.example.net; hv-02 has
  // nova's host option set in the Platform9 nova configuration
  const dir = path.join(TMP, 'names');
  const b = await buildScenarioBundles(dir, { hang: false, novaNames: true, hostEnv: { 'hv-01': { STUB_UNAME_N: 'HV-01' } }, only: ['hv-01'] });
  assert.match(path.basename(b.hosts['hv-01'] as string), /^migration-bundle-host-hv-01\.example\.net-\d{8}T\d{6}Z\.tar\.gz$/);
  const m1 = manifestIn(readTree(extract(b.hosts['hv-01'] as string, path.join(dir, 'x1'))));
  assert.is(m1.host, 'hv-01.example.net');
  for (const a of ['hv-01.example.net', 'hv-01', 'HV-01']) assert.ok(m1.hostAliases.includes(a), `alias ${a} missing: ${m1.hostAliases}`);

  // hv-02: nova.conf's [DEFAULT] host wins over the node's own name; libvirt does not answer
  const bin = makeBin(path.join(dir, 'bin-hv-02'));
  const root = buildNodeRoot('hv-02', path.join(dir, 'fs-hv-02'));
  const conf = path.join(root, 'opt/pf9/etc/nova/conf.d');
  fs.mkdirSync(conf, { recursive: true });
  fs.writeFileSync(path.join(conf, 'nova_override.conf'), '[libvirt]\nhost = not-this\n[DEFAULT]\nhost = hv-02\n');
  const out = path.join(dir, 'hv-02');
  fs.mkdirSync(out, { recursive: true });
  const r2 = await runCollect(['host', '--root', root, '--peer', 'hv-01', '--out', out, '--since', '2025-06-02T13:00:00Z', '--until', '2025-06-02T15:00:00Z', '-q'], {
    bin,
    env: { STUB_NODE: 'hv-02', STUB_UNAME_N: 'hv-02.lab.internal', STUB_VIRSH_HOSTNAME: 'fail' },
  });
  assert.match(path.basename(r2.bundle as string), /^migration-bundle-host-hv-02-\d{8}T\d{6}Z\.tar\.gz$/);
  const m2 = manifestIn(readTree(extract(r2.bundle as string, path.join(dir, 'x2'))));
  assert.is(m2.host, 'hv-02');
  assert.ok(m2.hostAliases.includes('hv-02.lab.internal'));

  // the analyzer joins them to the migration's source and target without --hostname
  const { lead } = await analyze({ inputs: [await mgmtBundle(), b.hosts['hv-01'] as string, r2.bundle as string], instance: EXPECTED.instance });
  assert.is(lead?.causes[0]?.id, EXPECTED.cause);
  const roles = new Set((lead?.certificates ?? []).map((c) => c.role));
  assert.ok(roles.has('source') && roles.has('target'), 'the node data of both hosts is joined to the migration');
  assert.equal(lead?.logGaps ?? [], []);
});

test.after(() => fs.rmSync(TMP, { recursive: true, force: true }));
test.run();
