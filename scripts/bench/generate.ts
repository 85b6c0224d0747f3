/**
 * Generates the benchmark bundles, deterministically (seeded), once, into a cache folder keyed by the
 * generator version and the content of the sample bundle it buries.
 *
 * A bundle is what `collect.sh` writes for one management plane plus six compute nodes, in one
 * tarball with a top-level folder: management-plane commands and pod logs (nova-api, scheduler,
 * conductor, placement), and per node ostackhost.log (with a rotated .1 and .2.gz), libvirtd.log,
 * ovn-controller.log and one QEMU log per instance. Every log is filled with real-format noise (see
 * templates.ts) over four days; the files of the sample bundle `libvirt-tls-port-refused` (a live
 * migration refused on the target's TLS port 16514) are merged into them at their own times, so
 * the failure evidence sits in the middle of the logs of the middle node, tied by its request id to
 * the API, scheduler and conductor lines at the end of the archive.
 *
 * The same entries are written as tar.gz and as zip (gzip/deflate level 6, what `tar czf` and `zip`
 * use by default).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { TarGzWriter, ZipWriter } from './archive';
import { Rng, hashString } from './prng';
import {
  type HostInfo,
  type NoiseSource,
  type World,
  buildWorld,
  libvirtd,
  novaApi,
  novaCompute,
  novaConductor,
  novaScheduler,
  ovnController,
  placementApi,
  qemuLog,
} from './templates';

/** Bump when the generated content changes: the cache is keyed by it. */
export const GENERATOR_VERSION = 3;
export const SAMPLE = 'libvirt-tls-port-refused';
const LEVEL = 6;
const SEED = 20261120;
const TOP = 'bundle-2026-11-20T09-52Z';
const HOSTS = ['pcd-cmp-01', 'pcd-cmp-02', 'pcd-cmp-03', 'pcd-cmp-04', 'pcd-cmp-05', 'pcd-cmp-06'];
const INSTANCES_PER_HOST = 40;

const HOUR = 3600_000;
/** the failed migration (sample bundle): the noise is split so that half of it comes before */
const T_MID = Date.UTC(2026, 10, 20, 9, 14, 40);
/** end of the collection window of the sample's manifests */
const T_END = Date.UTC(2026, 10, 20, 9, 52, 20);
const T_START = T_END - 48 * HOUR;

export interface BundleInfo {
  name: string;
  tgz: string;
  zip: string;
  /** bytes of the uncompressed tar (what `gzip -dc` writes) */
  tarBytes: number;
  tgzBytes: number;
  zipBytes: number;
  /** uncompressed bytes of every file (rotated .gz logs counted uncompressed) */
  contentBytes: number;
  files: number;
  expect: { instance: string; topCause: string };
  generator: number;
  seconds: number;
}

export function sampleDir(repo: string): string {
  return path.join(repo, 'bundles', SAMPLE);
}

function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...listFiles(dir, r));
    else if (d.isFile()) out.push(r);
  }
  return out;
}

/** Hash of the sample bundle and its expectation: part of the cache key. */
export function sampleHash(repo: string): string {
  const h = crypto.createHash('sha256');
  const dir = sampleDir(repo);
  for (const f of listFiles(dir)) {
    h.update(f);
    h.update(fs.readFileSync(path.join(dir, f)));
  }
  h.update(fs.readFileSync(`${dir}.expect.yaml`));
  return h.digest('hex').slice(0, 10);
}

interface SampleRecord {
  time: number | null;
  text: string;
}

/** Records of a sample log: a line starting with a timestamp, and the lines after it that do not. */
function sampleRecords(text: string): SampleRecord[] {
  const out: SampleRecord[] = [];
  for (const l of text.split('\n')) {
    if (l === '') continue;
    const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{3}))?/.exec(l);
    if (m) {
      out.push({ time: Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, m[7] ? +m[7] : 0), text: `${l}\n` });
    } else if (out.length) {
      out[out.length - 1]!.text += `${l}\n`;
    } else {
      out.push({ time: null, text: `${l}\n` });
    }
  }
  return out;
}

const CHUNK = 1024 * 1024;

/**
 * One log file of about `target` bytes: noise blocks whose time follows the bytes written (half of
 * them before `mid`, half after), with the sample's records merged in at their times.
 */
async function noiseLog(source: NoiseSource, target: number, t0: number, mid: number, t1: number, sample: SampleRecord[]): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  let parts: string[] = [];
  let partLen = 0;
  let bytes = 0;
  let last = t0;
  let si = 0;
  const flush = (): void => {
    const b = Buffer.from(parts.join(''), 'utf8');
    chunks.push(b);
    bytes += b.length;
    parts = [];
    partLen = 0;
  };
  let sinceYield = 0;
  while (bytes + partLen < target) {
    const frac = (bytes + partLen) / target;
    let t = frac < 0.5 ? t0 + (mid - t0) * frac * 2 : mid + (t1 - mid) * (frac - 0.5) * 2;
    t = Math.max(Math.floor(t), last);
    while (si < sample.length && (sample[si]!.time ?? -Infinity) <= t) {
      parts.push(sample[si]!.text);
      partLen += sample[si]!.text.length;
      si++;
    }
    const before = parts.length;
    last = source.block(t, parts);
    for (let i = before; i < parts.length; i++) partLen += parts[i]!.length;
    if (partLen >= CHUNK) {
      flush();
      // let the compressors, fed asynchronously, take the chunks written so far
      if (++sinceYield % 8 === 0) await new Promise<void>((r) => setImmediate(r));
    }
  }
  while (si < sample.length) {
    parts.push(sample[si]!.text);
    si++;
  }
  if (parts.length) flush();
  return chunks;
}

interface Entry {
  path: string;
  chunks: Buffer[];
  /** already compressed (a rotated .gz log): stored as is in the zip */
  store?: boolean;
}

function jsonEntry(p: string, v: unknown): Entry {
  return { path: p, chunks: [Buffer.from(`${JSON.stringify(v, null, 2)}\n`)] };
}

const size = (e: Entry): number => e.chunks.reduce((n, c) => n + c.length, 0);

/**
 * Writes `<dir>/<name>.tar.gz` and `<dir>/<name>.zip` of about `totalBytes` uncompressed bytes.
 */
export async function generateBundle(repo: string, dir: string, name: string, totalBytes: number, log: (s: string) => void): Promise<BundleInfo> {
  const started = Date.now();
  const sdir = sampleDir(repo);
  const expect = parseYaml(fs.readFileSync(`${sdir}.expect.yaml`, 'utf8')) as { instance: string; topCause: string };
  const rng = new Rng(SEED);
  const world: World = buildWorld(rng, HOSTS, INSTANCES_PER_HOST);
  const sampleFiles = listFiles(sdir);
  const readSample = (p: string): string => fs.readFileSync(path.join(sdir, p), 'utf8');
  // the sample's nodes keep their nova-compute pid
  for (const h of world.hosts) {
    const p = `hosts/${h.name}/var/log/pf9/ostackhost.log`;
    if (sampleFiles.includes(p)) {
      const m = /^\S+ \S+ (\d+) /.exec(readSample(p));
      if (m) h.pid = Number(m[1]);
    }
  }
  const recordsOf = (p: string): SampleRecord[] => (sampleFiles.includes(p) ? sampleRecords(readSample(p)) : []);
  const rngFor = (p: string): Rng => new Rng(SEED ^ hashString(p));

  const tgzPath = path.join(dir, `${name}.tar.gz`);
  const zipPath = path.join(dir, `${name}.zip`);
  const tgz = new TarGzWriter(`${tgzPath}.part`, LEVEL);
  const zip = new ZipWriter(`${zipPath}.part`, LEVEL);
  let contentBytes = 0;
  let files = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const fileSizes = new Map<string, number>();

  /** entries are written in path order; writing one overlaps with generating the next */
  const emit = async (e: Entry, uncompressed?: number): Promise<void> => {
    await pending;
    const full = `${TOP}/${e.path}`;
    files++;
    contentBytes += uncompressed ?? size(e);
    fileSizes.set(e.path, size(e));
    pending = Promise.all([tgz.add(full, e.chunks), zip.add(full, e.chunks, e.store === true)]);
  };

  // ---- commands/ (management plane): the sample's, with the extra nodes in the service list
  for (const f of sampleFiles.filter((f) => f.startsWith('commands/'))) {
    let text = readSample(f);
    if (f === 'commands/openstack_compute_service_list.json') {
      const list = JSON.parse(text) as Record<string, unknown>[];
      const tmpl = list.find((s) => s.Binary === 'nova-compute');
      for (const h of HOSTS) {
        if (tmpl && !list.some((s) => s.Host === h)) list.push({ ...tmpl, ID: rngFor(h).uuid(), Host: h });
      }
      list.sort((a, b) => String(a.Host).localeCompare(String(b.Host)));
      text = `${JSON.stringify(list, null, 2)}\n`;
    }
    await emit({ path: f, chunks: [Buffer.from(text)] });
  }

  // ---- hosts/<host>/
  const share = (x: number): number => Math.floor(totalBytes * x);
  for (const host of world.hosts) {
    const H = `hosts/${host.name}`;
    log(`  ${name}: ${host.name}`);
    for (const f of sampleFiles.filter((f) => f.startsWith(`${H}/commands/`))) await emit({ path: f, chunks: [Buffer.from(readSample(f))] });
    const logs: string[] = [];
    // libvirt/libvirtd.log
    {
      const p = `${H}/var/log/libvirt/libvirtd.log`;
      await emit({ path: p, chunks: await noiseLog(libvirtd(host, rngFor(p)), share(0.02), T_START, T_MID, T_END, recordsOf(p)) });
      logs.push(p);
    }
    // libvirt/qemu/<instance>.log: the sample's own, then one per instance
    const qemuShare = share(0.007) / host.instances.length;
    const qemuFiles: Entry[] = [];
    for (const f of sampleFiles.filter((f) => f.startsWith(`${H}/var/log/libvirt/qemu/`))) qemuFiles.push({ path: f, chunks: [Buffer.from(readSample(f))] });
    for (const inst of host.instances) {
      const p = `${H}/var/log/libvirt/qemu/${inst.name}.log`;
      const boots = Math.max(1, Math.round(qemuShare / 2600));
      qemuFiles.push({ path: p, chunks: [Buffer.from(qemuLog(host, inst, rngFor(p), T_START - 30 * 24 * HOUR, T_END, boots))] });
    }
    qemuFiles.sort((a, b) => (a.path < b.path ? -1 : 1));
    for (const e of qemuFiles) {
      await emit(e);
      logs.push(e.path);
    }
    // ovn/ovn-controller.log
    {
      const p = `${H}/var/log/ovn/ovn-controller.log`;
      await emit({ path: p, chunks: await noiseLog(ovnController(host, rngFor(p)), share(0.008), T_START, T_MID, T_END, recordsOf(p)) });
      logs.push(p);
    }
    // pf9/ostackhost.log, .log.1, .log.2.gz (older days)
    {
      const p = `${H}/var/log/pf9/ostackhost.log`;
      await emit({ path: p, chunks: await noiseLog(novaCompute(world, host, rngFor(p)), share(0.05), T_START, T_MID, T_END, recordsOf(p)) });
      const p1 = `${p}.1`;
      const t1 = T_START - 24 * HOUR;
      await emit({ path: p1, chunks: await noiseLog(novaCompute(world, host, rngFor(p1)), share(0.025), t1, (t1 + T_START) / 2, T_START, []) });
      const p2 = `${p}.2.gz`;
      const t2 = t1 - 24 * HOUR;
      const plain = await noiseLog(novaCompute(world, host, rngFor(p2)), share(0.015), t2, (t2 + t1) / 2, t1, []);
      const gz = await new Promise<Buffer>((res, rej) => zlib.gzip(Buffer.concat(plain), { level: LEVEL }, (e, b) => (e ? rej(e) : res(b))));
      await emit({ path: p2, chunks: [gz], store: true }, size({ path: p2, chunks: plain }));
      logs.push(p, p1, p2);
    }
    // the node's manifest (last in its folder, as sorted names go: 'manifest.json' > 'commands', < 'var')
    const sm = sampleFiles.includes(`${H}/manifest.json`) ? (JSON.parse(readSample(`${H}/manifest.json`)) as Record<string, unknown>) : null;
    const manifest = {
      format: 'migration-bundle/1',
      collector: { name: 'collect.sh', version: '1.0.0' },
      mode: 'host',
      createdAt: '2026-11-20T09:52:00Z',
      host: host.name,
      region: 'region-one',
      vms: sm?.vms ?? [],
      window: { since: new Date(T_START).toISOString().replace('.000', ''), until: '2026-11-20T09:52:30Z' },
      ...(sm?.commands ? { commands: sm.commands } : { commands: [] }),
      files: logs.map((l) => ({ path: l.slice(H.length + 1), source: `/${l.slice(H.length + 1)}`, bytes: fileSizes.get(l) ?? 0, truncated: false })),
      redaction: { enabled: true, replacements: 0 },
    };
    await emit(jsonEntry(`${H}/manifest.json`, manifest));
  }

  // ---- logs/ (management plane)
  const mgmt: [string, (r: Rng) => NoiseSource, number][] = [
    ['logs/nova-api-osapi.log', (r) => novaApi(world, r), 0.1],
    ['logs/nova-conductor.log', (r) => novaConductor(world, r), 0.02],
    ['logs/nova-scheduler.log', (r) => novaScheduler(world, r), 0.06],
    ['logs/placement-api.log', (r) => placementApi(world, r), 0.07],
  ];
  log(`  ${name}: management plane`);
  for (const [p, make, x] of mgmt) {
    await emit({ path: p, chunks: await noiseLog(make(rngFor(p)), share(x), T_START, T_MID, T_END, recordsOf(p)) });
  }

  // ---- manifest.json
  const m = JSON.parse(readSample('manifest.json')) as Record<string, unknown>;
  m.window = { since: new Date(T_START).toISOString().replace('.000', ''), until: '2026-11-20T09:52:30Z' };
  m.files = mgmt.map(([p]) => ({ path: p, source: `kubectl logs deployment/${path.basename(p, '.log')} -n region-one`, bytes: fileSizes.get(p) ?? 0, truncated: false }));
  await emit(jsonEntry('manifest.json', m));

  await pending;
  await Promise.all([tgz.finish(), zip.finish()]);
  fs.renameSync(`${tgzPath}.part`, tgzPath);
  fs.renameSync(`${zipPath}.part`, zipPath);
  const info: BundleInfo = {
    name,
    tgz: tgzPath,
    zip: zipPath,
    tarBytes: tgz.tarBytes,
    tgzBytes: fs.statSync(tgzPath).size,
    zipBytes: fs.statSync(zipPath).size,
    contentBytes,
    files,
    expect: { instance: expect.instance, topCause: expect.topCause },
    generator: GENERATOR_VERSION,
    seconds: (Date.now() - started) / 1000,
  };
  fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(info, null, 2)}\n`);
  return info;
}

/** The bundle from the cache, or generated now. */
export async function ensureBundle(repo: string, cacheRoot: string, name: string, totalBytes: number, log: (s: string) => void): Promise<BundleInfo> {
  const dir = path.join(cacheRoot, `g${GENERATOR_VERSION}-${sampleHash(repo)}`);
  fs.mkdirSync(dir, { recursive: true });
  const meta = path.join(dir, `${name}.json`);
  if (fs.existsSync(meta)) {
    const info = JSON.parse(fs.readFileSync(meta, 'utf8')) as BundleInfo;
    // (the folder may have been moved)
    info.tgz = path.join(dir, `${name}.tar.gz`);
    info.zip = path.join(dir, `${name}.zip`);
    if (fs.existsSync(info.tgz) && fs.existsSync(info.zip)) return info;
  }
  log(`generating ${name} (~${Math.round(totalBytes / 1024 ** 2)} MB uncompressed) into ${dir}`);
  const info = await generateBundle(repo, dir, name, totalBytes, log);
  log(`  done in ${info.seconds.toFixed(0)} s: tar ${mb(info.tarBytes)} MB, tar.gz ${mb(info.tgzBytes)} MB, zip ${mb(info.zipBytes)} MB, ${info.files} files`);
  return info;
}

export const mb = (n: number): string => (n / 1024 ** 2).toFixed(0);
