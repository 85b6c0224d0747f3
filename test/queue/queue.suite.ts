/**
 * The queue path end to end (slow: `npm run test:queue`, run by .ci/run): 200 cases through three
 * worker processes on a throwaway redis-server; one worker is killed with SIGKILL in the middle of a
 * job and another finishes it; a hostile upload becomes an error row; the fleet counts equal what the
 * case reports say; and `batch` on the same uploads gives the same rows.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { Queue } from 'bullmq';
import { discoverCases } from '../../src/batch/cases';
import { CaseRow } from '../../src/batch/row';
import { redisOptions } from '../../src/queue/connection';
import { startRedis, type RedisServer } from '../helpers/redis';
import { packBundle, sampleBundles } from '../helpers/uploads';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'migration-doctor.js');
const CASES = 200;
const QUEUE = 'md-test';
const HOSTILE = 'hostile-<img src=x onerror=alert(1)>.tar.gz';

function cli(args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, MIGRATION_DOCTOR_FROM_SOURCE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function finished(p: ChildProcess, what: string, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let err = '';
    p.stderr?.on('data', (d) => (err += d.toString()));
    const t = setTimeout(() => reject(new Error(`${what} did not end within ${ms / 1000} s`)), ms);
    p.once('exit', (code) => {
      clearTimeout(t);
      if (code !== 0 && err) process.stderr.write(`${what}: ${err}\n`);
      resolve(code ?? -1);
    });
  });
}

async function run(args: string[], what: string, ms: number): Promise<{ code: number; out: string }> {
  const p = cli(args);
  let out = '';
  p.stdout?.on('data', (d) => (out += d.toString()));
  const code = await finished(p, what, ms);
  return { code, out };
}

let redis: RedisServer;
let work: string;
let uploads: string;

test.before(async () => {
  redis = await startRedis();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'md-queue-'));
  uploads = path.join(work, 'uploads');
  fs.mkdirSync(uploads);
  const samples = sampleBundles(path.join(ROOT, 'bundles'));
  assert.ok(samples.length >= 20, 'the sample bundles are there');
  for (let i = 0; i < CASES - 1; i++) {
    const dir = samples[i % samples.length]!;
    const round = Math.floor(i / samples.length);
    await packBundle(dir, path.join(uploads, `${path.basename(dir)}-r${round}.tar.gz`), `upload ${i}`);
  }
  // hostile: a gzip header followed by junk, under a name full of HTML
  fs.writeFileSync(path.join(uploads, HOSTILE), Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.from('\u001b[31m<script>alert(1)</script>'.repeat(50))]));
});

test.after(async () => {
  await redis?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('200 cases through 3 workers: one row each, a killed worker\'s job finished by another, the hostile upload an error row', async () => {
  const expected = await discoverCases([uploads]);
  assert.is(expected.length, CASES);

  const sub = await run(['submit', '--redis', redis.url, '--queue', QUEUE, '--attempts', '2', '--backoff-s', '1', uploads], 'submit', 120000);
  assert.is(sub.code, 0);
  assert.match(sub.out, `${CASES} case(s) queued`);
  // the same bytes again: nothing new is queued
  const again = await run(['submit', '--redis', redis.url, '--queue', QUEUE, uploads], 'submit again', 120000);
  assert.match(again.out, `0 case(s) queued`);
  assert.match(again.out, `${CASES} already known`);

  const out = path.join(work, 'queue-out');
  const workerArgs = ['worker', '--redis', redis.url, '--queue', QUEUE, '--out', out, '--concurrency', '1', '--lock-s', '10', '--timeout-s', '120'];
  const workers = [cli(workerArgs), cli(workerArgs), cli(workerArgs)];
  const exits = workers.map((w, i) => finished(w, `worker ${i}`, 600000));
  // every worker's "started <job id>" lines, as they come
  const startedBy = workers.map(() => [] as string[]);
  const onStart: ((worker: number, job: string) => void)[] = [];
  workers.forEach((w, i) =>
    readline.createInterface({ input: w.stdout! }).on('line', (line) => {
      const m = /^started ([0-9a-f]{64}) /.exec(line);
      if (!m) return;
      startedBy[i]!.push(m[1]!);
      for (const f of onStart) f(i, m[1]!);
    }),
  );
  // kill the first worker with SIGKILL right after it starts its third job
  const victim = workers[0]!;
  const killed = new Promise<string>((resolve) => {
    onStart.push((i, job) => {
      if (i === 0 && startedBy[0]!.length === 3) {
        victim.kill('SIGKILL');
        resolve(job);
      }
    });
  });
  const killedJob = await killed;
  assert.is(await exits[0], -1, 'the first worker died of SIGKILL');

  const queue = new Queue(QUEUE, { connection: redisOptions(redis.url, false) });
  try {
    const until = Date.now() + 8 * 60 * 1000;
    for (;;) {
      const c = await queue.getJobCounts('completed', 'failed');
      if ((c.completed ?? 0) + (c.failed ?? 0) >= CASES) break;
      if (Date.now() > until) throw new Error(`the queue did not finish: ${JSON.stringify(await queue.getJobCounts())}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const c = await queue.getJobCounts('completed', 'failed', 'active', 'waiting', 'delayed');
    assert.equal([c.completed, c.failed, c.active, c.waiting, c.delayed], [CASES, 0, 0, 0, 0], 'every job completed, none failed or left');

    const jobs = await queue.getCompleted(0, CASES);
    const rows = jobs.map((j) => CaseRow.parse(j.returnvalue));
    assert.equal(new Set(jobs.map((j) => j.id)), new Set(expected.map((c) => c.sha256)), 'one job per case, its id the sha256 of its inputs');
    assert.equal(rows.map((r) => r.sha256).sort(), expected.map((c) => c.sha256).sort(), 'exactly one result row per case');
    for (const j of jobs) assert.is(CaseRow.parse(j.returnvalue).sha256, j.id);

    const victimPid = victim.pid!;
    const redone = rows.find((r) => r.sha256 === killedJob)!;
    assert.ok(redone, 'the killed job has a row');
    assert.not.ok(redone.by.endsWith(`:${victimPid}`), `the killed job was finished by another worker (${redone.by})`);
    assert.is(redone.outcome, 'ok');

    const hostile = rows.find((r) => r.case === HOSTILE.replace(/\.tar\.gz$/, ''))!;
    assert.ok(hostile, 'the hostile upload has a row');
    assert.is(hostile.outcome, 'error');
    assert.is(hostile.exitCode, 2);
    assert.is(rows.filter((r) => r.outcome === 'error').length, 1, 'no other case is an error');

    // fleet from the queue: its counts are the sum of the case reports
    const fleetOut = path.join(work, 'fleet');
    const fl = await run(['fleet', '--redis', redis.url, '--queue', QUEUE, '--out', fleetOut], 'fleet', 120000);
    assert.is(fl.code, 0);
    const fleet = JSON.parse(fs.readFileSync(path.join(fleetOut, 'fleet.json'), 'utf8'));
    const byCause = new Map<string, number>();
    let failed = 0;
    let noCause = 0;
    for (const r of rows) {
      if (!r.report) continue;
      const rep = JSON.parse(fs.readFileSync(path.join(r.root, r.report, 'report.json'), 'utf8'));
      const lead = rep.migrations[0];
      if (lead?.status !== 'failed') continue;
      failed++;
      const top = lead.causes[0]?.id;
      if (top) byCause.set(top, (byCause.get(top) ?? 0) + 1);
      else noCause++;
    }
    assert.is(fleet.totals.cases, CASES);
    assert.is(fleet.totals.failed, failed);
    assert.is(fleet.totals.errors, 1);
    assert.is(fleet.failedNoKnownCause.count, noCause);
    assert.equal(Object.fromEntries(fleet.causes.map((c: { cause: string; count: number }) => [c.cause, c.count])), Object.fromEntries(byCause));
    assert.ok(failed > 50, 'most sample bundles are failed migrations');
    const html = fs.readFileSync(path.join(fleetOut, 'fleet.html'), 'utf8');
    assert.not.ok(html.includes('<img src=x'), 'the hostile name is escaped in the fleet page');

    // batch on the same uploads: the same rows
    const batchOut = path.join(work, 'batch-out');
    const b = await run(['batch', uploads, '--out', batchOut, '--jobs', '2', '--quiet'], 'batch', 600000);
    assert.is(b.code, 0);
    const batchRows = (JSON.parse(fs.readFileSync(path.join(batchOut, 'batch.json'), 'utf8')).rows as unknown[]).map((r) => CaseRow.parse(r));
    const same = (r: CaseRow) => ({
      case: r.case, sha256: r.sha256, analyzer: r.analyzer, outcome: r.outcome, instance: r.instance, type: r.type, status: r.status,
      topCause: r.topCause, score: r.score, source: r.source, target: r.target, migratedAt: r.migratedAt, region: r.region,
      exitCode: r.exitCode, errors: r.errors, report: r.report, inputs: r.inputs.map((i) => [i.name, i.sha256, i.bytes]),
    });
    const sort = (rs: CaseRow[]) => rs.map(same).sort((x, y) => (x.sha256 < y.sha256 ? -1 : 1));
    assert.equal(sort(batchRows), sort(rows));

    // graceful stop: a worker sent SIGTERM in the middle of a job finishes it, then exits 0
    const late = path.join(work, 'late');
    fs.mkdirSync(late);
    await packBundle(sampleBundles(path.join(ROOT, 'bundles'))[0]!, path.join(late, 'late-upload.tar.gz'), 'late');
    const termed = new Promise<{ worker: number; job: string }>((resolve) => {
      let once = false;
      onStart.push((i, job) => {
        if (once) return;
        once = true;
        workers[i]!.kill('SIGTERM');
        resolve({ worker: i, job });
      });
    });
    const lateSub = await run(['submit', '--redis', redis.url, '--queue', QUEUE, late], 'submit late', 120000);
    assert.is(lateSub.code, 0);
    const t = await termed;
    assert.is(await exits[t.worker], 0, 'the worker stopped cleanly');
    const lateJob = await queue.getJob(t.job);
    assert.is(await lateJob!.getState(), 'completed', 'the job it was running was finished before it stopped');
    assert.ok(CaseRow.parse(lateJob!.returnvalue).by.endsWith(`:${workers[t.worker]!.pid}`), 'by the worker that was stopped');
    for (const w of workers.slice(1)) if (w.exitCode === null) w.kill('SIGTERM');
    assert.equal(await Promise.all(exits.slice(1)), [0, 0]);
  } finally {
    await queue.close();
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  }
});

test.run();
