/**
 * Log coverage (src/facts/coverage.ts): which logs in the bundle hold nothing of the migration's
 * time because of how they were collected, and what the report asks for then. A log that ends
 * before the migration only because the service went quiet is evidence, not a gap.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { logCoverage } from '../../src/facts/coverage';
import { buildFacts } from '../../src/facts/build';
import { EventStore } from '../../src/facts/events';
import { HostDirectory } from '../../src/facts/hosts';
import type { Facts } from '../../src/facts/build';
import type { Migration } from '../../src/facts/migration';
import type { LogFileSummary } from '../../src/pipeline/scan';
import { parseManifest, type LoadedManifest } from '../../src/recognize/manifest';

const T0 = Date.parse('2025-06-02T14:02:40Z');
const H = 3600_000;
const mig: Migration = {
  key: 'k', instance: '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60', record: null, type: 'live-migration', source: 'cmp-01',
  target: 'cmp-02', status: 'failed', rawStatus: 'failed', requestId: null, requestIdFrom: null, action: null,
  actionDetail: null, start: T0, end: T0 + 14_000, synthesizedFrom: null, refusal: null,
};

function log(host: string | null, file: string, lines: number, first: number | null, last: number | null, component = 'nova-compute'): LogFileSummary {
  return { file, host, component: component as LogFileSummary['component'], lines, bytes: lines * 100, cutLines: 0, binaryLines: 0, unparsedLines: 0, first, last };
}
function hostManifest(host: string, since: string | null, until: string, files: object[] = []): LoadedManifest {
  const r = parseManifest(JSON.stringify({ format: 'migration-bundle/1', mode: 'host', host, window: { since, until }, files }));
  assert.ok(r.ok);
  return { file: `hosts/${host}/manifest.json`, hostFolder: host, base: '', manifest: (r as { value: LoadedManifest['manifest'] }).value };
}
function factsOf(logs: LogFileSummary[], manifests: LoadedManifest[] = []): Facts {
  const directory = new HostDirectory();
  for (const m of manifests) directory.same(m.hostFolder, m.manifest.host ?? null, ...(m.manifest.hostAliases ?? []));
  return { logs, manifests, directory } as unknown as Facts;
}

test('logs with lines in the migration window cover it: no gap', () => {
  const f = factsOf([log('cmp-01', 'a/hosts/cmp-01/var/log/pf9/ostackhost.log', 50, T0 - H, T0 + H), log('cmp-02', 'a/hosts/cmp-02/var/log/pf9/ostackhost.log', 9, T0 - 60_000, T0 + 5000)]);
  const c = logCoverage(f, mig);
  assert.equal(c.gaps, []);
  for (const l of f.logs) assert.ok(c.covers(l));
});

test('a log that ends before the migration inside a window that covered it is evidence (a silent service), not a gap', () => {
  const l = log('cmp-02', 'b/hosts/cmp-02/var/log/pf9/ostackhost.log', 30, T0 - 5 * H, T0 - 2 * H);
  const c = logCoverage(factsOf([l], [hostManifest('cmp-02', '2025-06-02T13:00:00Z', '2025-06-02T15:00:00Z')]), mig);
  assert.ok(c.covers(l));
  assert.equal(c.gaps, []);
});

test('a collection window that ended before the migration: a gap, with how long before and the exact command', () => {
  const l = log('cmp-02', 'b/hosts/cmp-02/var/log/pf9/ostackhost.log', 30, T0 - 4 * 24 * H, T0 - 3 * 24 * H);
  const c = logCoverage(factsOf([l], [hostManifest('cmp-02', '2025-05-29T14:00:00Z', '2025-05-30T14:00:00Z')]), mig);
  assert.is(c.kindOf(l), 'ends-before');
  assert.is(c.gaps.length, 1);
  const g = c.gaps[0]!;
  assert.is(g.host, 'cmp-02');
  assert.is(g.role, 'target');
  assert.match(g.message, /^The logs of cmp-02 end 3 days before the migration \(2025-06-02 14:02 UTC\); they were collected for 2025-05-29 14:00 UTC to 2025-05-30 14:00 UTC\.$/);
  assert.is(g.command, 'collect.sh host --since 2025-06-02T13:02:40Z --until 2025-06-02T15:02:54Z --peer cmp-01');
});

test('logs that start after the migration (rotated away, cut by the size limit) are a gap', () => {
  const l = log('cmp-01', 'c/hosts/cmp-01/var/log/pf9/ostackhost.log', 80, T0 + 26 * H, T0 + 30 * H);
  const c = logCoverage(factsOf([l]), mig);
  assert.is(c.kindOf(l), 'starts-after');
  assert.equal(c.gaps.map((g) => g.role), ['source']);
  assert.match(c.gaps[0]!.message, /^The logs of cmp-01 start 26 h after the migration/);
  assert.match(c.gaps[0]!.command, /--peer cmp-02$/);
});

test('logs cut to nothing: the manifest note tells a cut from an empty file, and the node files\' period is quoted', () => {
  const path = 'hosts/cmp-02/var/log/pf9/ostackhost.log';
  const cut = log('cmp-02', `x.tgz!bundle/${path}`, 0, null, null);
  const empty = log('cmp-02', 'x.tgz!bundle/hosts/cmp-02/var/log/ovn/ovn-controller.log', 0, null, null, 'ovn-controller');
  const m = hostManifest('cmp-02', '2025-06-09T00:00:00Z', '2025-06-10T00:00:00Z', [
    { path, source: '/var/log/pf9/ostackhost.log', cutToWindow: { linesBefore: 2650, linesAfter: 0, sourceFirst: '2025-06-01 00:00:02', sourceLast: '2025-06-03 11:00:00' } },
    { path: 'hosts/cmp-02/var/log/ovn/ovn-controller.log', source: '/var/log/ovn/ovn-controller.log', cutToWindow: { linesBefore: 0, linesAfter: 0 } },
  ]);
  const c = logCoverage(factsOf([cut, empty], [m]), mig);
  assert.is(c.kindOf(cut), 'cut-to-nothing');
  assert.is(c.kindOf(empty), 'empty');
  assert.is(c.gaps.length, 1);
  assert.match(c.gaps[0]!.message, /every log of cmp-02 in the bundle is empty after collect\.sh cut it to its window/i);
  assert.match(c.gaps[0]!.message, /On the node the files covered: ostackhost\.log 2025-06-01 00:00:02 to 2025-06-03 11:00:00\.$/);
});

test('one covering log is enough for the host; the management plane gets a mgmt command', () => {
  const good = log('cmp-02', 'h/hosts/cmp-02/var/log/pf9/ostackhost.log', 10, T0 - 60_000, T0 + 60_000);
  const quiet = log('cmp-02', 'h/hosts/cmp-02/var/log/libvirt/qemu/instance-00000031.log', 0, null, null, 'qemu');
  const c = logCoverage(factsOf([good, quiet]), mig);
  assert.equal(c.gaps, []);
  assert.not.ok(c.covers(quiet));
  assert.is(c.commandFor(null), `collect.sh mgmt --vm ${mig.instance} --since 2025-06-02T13:02:40Z --until 2025-06-02T15:02:54Z`);
});

test('a host known by another name in its manifest (alias) is still the migration\'s host', () => {
  const l = log('cmp-02.example.net', 'n/hosts/cmp-02.example.net/var/log/pf9/ostackhost.log', 0, null, null);
  const r = parseManifest(JSON.stringify({ mode: 'host', host: 'cmp-02.example.net', hostAliases: ['cmp-02.example.net', 'CMP-02'], window: { since: null, until: '2025-06-09T00:00:00Z' } }));
  assert.ok(r.ok);
  const m: LoadedManifest = { file: 'm', hostFolder: 'cmp-02.example.net', base: '', manifest: (r as { value: LoadedManifest['manifest'] }).value };
  const c = logCoverage(factsOf([l], [m]), mig);
  assert.equal(c.gaps.map((g) => g.host), ['cmp-02']);
  assert.match(c.gaps[0]!.message, /collected up to 2025-06-09 00:00 UTC/);
});

test('host manifests join their folder to every alias, but never through a generic name', () => {
  const manifest = (host: string, aliases: string[]): LoadedManifest => {
    const r = parseManifest(JSON.stringify({ mode: 'host', host, hostAliases: aliases }));
    assert.ok(r.ok);
    return { file: `hosts/${host}/manifest.json`, hostFolder: host, base: '', manifest: (r as { value: LoadedManifest['manifest'] }).value };
  };
  const facts = buildFacts({
    inventory: [],
    commands: [],
    logs: [],
    events: new EventStore(),
    manifests: [
      manifest('cmp-01.example.net', ['cmp-01.example.net', 'cmp-01', 'CMP-01', 'localhost.localdomain', '7c1d6a2e-0f3b-4c5d-8e7f-8a9b0c1d2e3f']),
      manifest('cmp-02.example.net', ['cmp-02.example.net', 'cmp-02', 'localhost.localdomain', 'localhost']),
    ],
  });
  assert.ok(facts.directory.isSame('cmp-01', 'cmp-01.example.net'));
  assert.ok(facts.directory.isSame('Cmp-01', '7c1d6a2e-0f3b-4c5d-8e7f-8a9b0c1d2e3f'));
  assert.ok(facts.directory.isSame('cmp-02', 'cmp-02.example.net'));
  assert.not.ok(facts.directory.isSame('cmp-01', 'cmp-02'), 'two nodes joined through localhost');
});

test.run();
