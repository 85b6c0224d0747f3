/**
 * `npm run bench:scale`: throughput of many small cases, one machine (`batch` with 1 and 2
 * processes) against the job queue (1 and 2 `worker` processes on a throwaway redis-server), and the
 * queue's cost per case over `batch`.
 *
 * The cases are the sample bundles packed as .tar.gz uploads (repeated with different upload ids
 * until there are --cases of them), analysed by the compiled project (built as `npm run build` does,
 * like `npm run bench`). Each figure is a wall time from starting the command(s) to the last case
 * done: for the queue, from starting the workers to the last job completed (the cases are submitted
 * before, and the submit time is given apart). The machine load (`uptime`) is printed before and
 * after, since the machine may be shared.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Queue } from 'bullmq';
import { build } from './main';
import { startRedis } from '../../test/helpers/redis';
import { packBundle, sampleBundles } from '../../test/helpers/uploads';
import { redisOptions } from '../../src/queue/connection';

const REPO = path.resolve(__dirname, '..', '..');

const HELP = `Usage: npm run bench:scale -- [options]

  --cases N        number of cases (default 100)
  --rounds N       runs of each configuration; the median is shown (default 1)
  --cache DIR      work folder (default: $MIGRATION_DOCTOR_BENCH_DIR or <tmpdir>/migration-doctor-bench)
  --no-build       reuse the benchmark's previous build
  --json FILE      also write the measurements as JSON
`;

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function uptime(): string {
  return spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();
}

function run(bin: string, args: string[]): Promise<{ wallS: number; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const p = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    p.on('error', reject);
    p.on('close', (code) => resolve({ wallS: Number(process.hrtime.bigint() - t0) / 1e9, code, stderr }));
  });
}

async function batchOnce(bin: string, uploads: string, work: string, jobs: number): Promise<number> {
  const out = fs.mkdtempSync(path.join(work, `batch-j${jobs}-`));
  try {
    const r = await run(bin, ['batch', uploads, '--out', out, '--jobs', String(jobs), '--quiet']);
    if (r.code !== 0) throw new Error(`batch exited ${r.code}: ${r.stderr}`);
    return r.wallS;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

async function queueOnce(bin: string, redisUrl: string, uploads: string, work: string, workers: number, cases: number, tag: string): Promise<{ wallS: number; submitS: number }> {
  const name = `bench-${tag}-${workers}-${process.pid}`;
  const out = fs.mkdtempSync(path.join(work, `queue-w${workers}-`));
  const sub = await run(bin, ['submit', '--redis', redisUrl, '--queue', name, uploads]);
  if (sub.code !== 0) throw new Error(`submit exited ${sub.code}: ${sub.stderr}`);
  const queue = new Queue(name, { connection: redisOptions(redisUrl, false) });
  const procs: ChildProcess[] = [];
  try {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < workers; i++) {
      procs.push(spawn(process.execPath, [bin, 'worker', '--redis', redisUrl, '--queue', name, '--out', out, '--concurrency', '1', '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] }));
    }
    for (;;) {
      const c = await queue.getJobCounts('completed', 'failed');
      if ((c.completed ?? 0) + (c.failed ?? 0) >= cases) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    const failed = (await queue.getJobCounts('failed')).failed ?? 0;
    if (failed) throw new Error(`${failed} job(s) failed`);
    await queue.obliterate({ force: true });
    return { wallS, submitS: sub.wallS };
  } finally {
    await Promise.all(procs.map((p) => new Promise<void>((r) => (p.exitCode !== null ? r() : (p.once('exit', () => r()), p.kill('SIGTERM'))))));
    await queue.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
}

export async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  const cases = Number(arg(argv, '--cases') ?? 100);
  const rounds = Number(arg(argv, '--rounds') ?? 1);
  if (!Number.isInteger(cases) || cases < 2 || !Number.isInteger(rounds) || rounds < 1) throw new Error('--cases and --rounds need whole numbers (cases at least 2)');
  const cache = path.resolve(arg(argv, '--cache') ?? process.env.MIGRATION_DOCTOR_BENCH_DIR ?? path.join(os.tmpdir(), 'migration-doctor-bench'));
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  fs.mkdirSync(cache, { recursive: true });

  const root = path.join(cache, 'build');
  if (!argv.includes('--no-build') || !fs.existsSync(path.join(root, 'dist', 'cli', 'main.js'))) {
    log(`building (tsconfig.build.json) into ${root}`);
    build(root);
  }
  const bin = path.join(root, 'bin', 'migration-doctor.js');

  const work = fs.mkdtempSync(path.join(cache, 'scale-'));
  const uploads = path.join(work, 'uploads');
  fs.mkdirSync(uploads);
  const samples = sampleBundles(path.join(REPO, 'bundles'));
  for (let i = 0; i < cases; i++) {
    const dir = samples[i % samples.length]!;
    await packBundle(dir, path.join(uploads, `${path.basename(dir)}-r${Math.floor(i / samples.length)}.tar.gz`), `bench upload ${i}`);
  }
  const uploadMb = fs.readdirSync(uploads).reduce((n, f) => n + fs.statSync(path.join(uploads, f)).size, 0) / 1024 ** 2;
  const redis = await startRedis();
  const loadBefore = uptime();
  log(`load before: ${loadBefore}`);
  const results: Record<string, number[]> = { batch1: [], batch2: [], queue1: [], queue2: [] };
  const submit: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      results.batch1!.push(await batchOnce(bin, uploads, work, 1));
      log(`  round ${r + 1}: batch -j 1 ${results.batch1!.at(-1)!.toFixed(1)} s`);
      results.batch2!.push(await batchOnce(bin, uploads, work, 2));
      log(`  round ${r + 1}: batch -j 2 ${results.batch2!.at(-1)!.toFixed(1)} s`);
      for (const w of [1, 2]) {
        const q = await queueOnce(bin, redis.url, uploads, work, w, cases, String(r));
        results[`queue${w}`]!.push(q.wallS);
        submit.push(q.submitS);
        log(`  round ${r + 1}: ${w} worker(s) ${q.wallS.toFixed(1)} s (submit ${q.submitS.toFixed(1)} s)`);
      }
    }
  } finally {
    await redis.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  const loadAfter = uptime();
  const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)])) as Record<string, number>;
  const perMin = (s: number) => ((cases / s) * 60).toFixed(0);
  const overheadMs = (q: number, b: number) => (((q - b) / cases) * 1000).toFixed(0);
  const out = [
    `migration-doctor ${require(path.join(REPO, 'package.json')).version}, node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? '?'})`,
    `${cases} cases: the ${samples.length} sample bundles packed as tar.gz (${uploadMb.toFixed(1)} MB in all), median of ${rounds} round(s)`,
    `load before: ${loadBefore}`,
    `load after:  ${loadAfter}`,
    '',
    '| how | processes | wall s | cases per minute | queue overhead per case |',
    '|---|---:|---:|---:|---:|',
    `| batch | 1 | ${m.batch1!.toFixed(1)} | ${perMin(m.batch1!)} | |`,
    `| batch | 2 | ${m.batch2!.toFixed(1)} | ${perMin(m.batch2!)} | |`,
    `| queue workers (concurrency 1 each) | 1 | ${m.queue1!.toFixed(1)} | ${perMin(m.queue1!)} | ${overheadMs(m.queue1!, m.batch1!)} ms |`,
    `| queue workers (concurrency 1 each) | 2 | ${m.queue2!.toFixed(1)} | ${perMin(m.queue2!)} | ${overheadMs(m.queue2!, m.batch2!)} ms |`,
    '',
    `submit (hashing ${cases} uploads and queueing them): ${median(submit).toFixed(1)} s; overhead = (queue wall − batch wall with as many processes) / cases`,
  ].join('\n');
  process.stdout.write(`\n${out}\n`);
  const jsonOut = arg(argv, '--json');
  if (jsonOut) fs.writeFileSync(jsonOut, `${JSON.stringify({ cases, rounds, loadBefore, loadAfter, results, submit }, null, 2)}\n`);
}
