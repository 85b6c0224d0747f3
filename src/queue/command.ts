/** `migration-doctor submit …` and `migration-doctor worker …` on the command line. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultJobs, DEFAULT_TIMEOUT_MS } from '../batch/batch';
import { clean, CommandUsageError, guard, LIMIT_OPTIONS, limitsFrom, parse, positive, positiveInt, say } from '../batch/cli-util';
import { loadRules } from '../rules/load';
import { RulesInvalidError } from '../pipeline/analyze';
import { queueName, ready, shownUrl } from './connection';
import { submitCases } from './submit';
import { startWorker } from './worker';

export const SUBMIT_HELP = `Usage: migration-doctor submit --redis URL <folder-or-bundle-or-URL>... [options]

Puts each case (grouped as for batch) on the job queue. Inputs are paths on storage the workers
share, or http(s) URLs the workers download. The job id is the sha256 of the inputs, so the same
bytes submitted again are not analysed again.

Options:
      --redis URL        the Redis server (redis://[user:password@]host:port[/db], rediss:// for TLS)
      --queue NAME       queue name (default migration-doctor)
      --attempts N       tries per case when an analysis crashes or times out (default 3)
      --backoff-s N      wait before the first retry, doubled each time (default 10)
  -h, --help             this help
`;

export const WORKER_HELP = `Usage: migration-doctor worker --redis URL --out DIR [options]

Takes cases from the job queue and analyses each in its own process; reports go to
DIR/cases/<case>/ and the case's row is stored as the job's result (read it with
"migration-doctor fleet --redis URL"). SIGTERM or Ctrl-C: stop taking jobs, finish the running ones, exit.

Options:
      --redis URL        the Redis server
      --queue NAME       queue name (default migration-doctor)
  -o, --out DIR          output folder, on storage shared with whoever reads the reports
  -c, --concurrency N    cases analysed at once (default: the number of cores, ${defaultJobs()} here)
      --timeout-s N      job time limit: stop an analysis after N seconds (default ${DEFAULT_TIMEOUT_MS / 1000})
      --lock-s N         a job of a worker that stopped answering goes back to the queue after N s (default 30)
      --memory-mb N      heap limit of each analysis process (default 2048)
      --inputs-under DIR read path inputs only inside DIR (repeatable); other jobs fail
      --rules DIR        use the rule files in DIR
      --max-total-mb N, --max-entry-mb N, --max-entries N   archive limits, as for analyze
  -q, --quiet            no line per job
  -h, --help             this help
`;

function needRedis(v: unknown): string {
  if (!v) throw new CommandUsageError('needs --redis URL (for example redis://127.0.0.1:6379)');
  return String(v);
}

export function submitCommand(args: string[]): Promise<number> {
  return guard(async () => {
    const { values, positionals } = parse(args, {
      redis: { type: 'string' },
      queue: { type: 'string' },
      attempts: { type: 'string' },
      'backoff-s': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      say(SUBMIT_HELP);
      return 0;
    }
    const redis = needRedis(values.redis);
    if (!positionals.length) throw new CommandUsageError('submit needs at least one folder, bundle or URL');
    const r = await submitCases({
      redis,
      queue: queueName(values.queue),
      inputs: positionals,
      attempts: positiveInt('attempts', values.attempts, 3),
      backoffMs: Math.round(positive('backoff-s', values['backoff-s'], 10) * 1000),
    });
    if (!r.cases.length) throw new CommandUsageError('no case found in the inputs');
    say(`${r.added.length} case(s) queued on ${clean(shownUrl(redis))}, ${r.known.length} already known (same inputs).`);
    return 0;
  });
}

export function workerCommand(args: string[]): Promise<number> {
  return guard(async () => {
    const { values } = parse(args, {
      redis: { type: 'string' },
      queue: { type: 'string' },
      out: { type: 'string', short: 'o' },
      concurrency: { type: 'string', short: 'c' },
      'timeout-s': { type: 'string' },
      'lock-s': { type: 'string' },
      'memory-mb': { type: 'string' },
      rules: { type: 'string' },
      'inputs-under': { type: 'string', multiple: true },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
      ...LIMIT_OPTIONS,
    });
    if (values.help) {
      say(WORKER_HELP);
      return 0;
    }
    const redis = needRedis(values.redis);
    if (!values.out) throw new CommandUsageError('worker needs --out DIR (where the case reports go)');
    const rulesDir = values.rules as string | undefined;
    const set = loadRules(rulesDir);
    if (set.errors.length) throw new RulesInvalidError(`${set.errors.length} rule file problem(s); run \`migration-doctor rules lint\``);
    const out = path.resolve(String(values.out));
    fs.mkdirSync(out, { recursive: true });
    const quiet = Boolean(values.quiet);
    const inputsUnder = ((values['inputs-under'] as string[] | undefined) ?? []).map((d) => path.resolve(d));
    for (const d of inputsUnder) if (!fs.existsSync(d)) throw new CommandUsageError(`--inputs-under: no such folder '${d}'`);
    const w = startWorker({
      redis,
      queue: queueName(values.queue),
      out,
      concurrency: positiveInt('concurrency', values.concurrency, defaultJobs()),
      timeoutMs: positive('timeout-s', values['timeout-s'], DEFAULT_TIMEOUT_MS / 1000) * 1000,
      lockMs: positive('lock-s', values['lock-s'], 30) * 1000,
      memoryMb: positiveInt('memory-mb', values['memory-mb'], 2048),
      limits: limitsFrom(values),
      rulesDir,
      inputsUnder,
      log: quiet ? undefined : (line) => say(clean(line)),
    });
    try {
      await ready(w.worker, redis);
    } catch (e) {
      await w.close().catch(() => undefined);
      throw e;
    }
    if (!quiet) say(`worker ${clean(w.id)} taking jobs from ${clean(shownUrl(redis))}`);
    await new Promise<void>((resolve) => {
      let stopping = false;
      const stop = (sig: string) => {
        if (stopping) {
          // a second signal: the running analyses are abandoned; their jobs go back to the queue when the lock expires
          process.exit(130);
        }
        stopping = true;
        if (!quiet) say(`${sig}: finishing the running jobs, then stopping`);
        void w.close().then(resolve, resolve);
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });
    return 0;
  });
}
