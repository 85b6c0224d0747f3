/** `migration-doctor batch …` on the command line: options, progress line and summary table. */
import * as path from 'node:path';
import { defaultJobs, runBatch, DEFAULT_TIMEOUT_MS } from './batch';
import { clean, CommandUsageError, guard, LIMIT_OPTIONS, limitsFrom, parse, positiveInt, say, USAGE_EXIT, complain } from './cli-util';
import type { CaseRow } from './row';

export const BATCH_HELP = `Usage: migration-doctor batch <folder-or-bundle>... --out DIR [options]

Analyses every case in the inputs, in parallel, each in its own process, into DIR/cases/<case>/
(report.html, report.md, report.json), and writes DIR/batch.json with one row per case. A folder
that is not itself a bundle is a folder of uploads: each entry in it is a bundle. Bundles named
<case>__<part> (or whose manifest.json has "case") are analysed together as one case.
Running again into the same DIR skips cases whose inputs and analyzer/rules are unchanged.

Options:
  -o, --out DIR          output folder (required)
  -j, --jobs N           cases analysed at once (default: the number of cores, ${defaultJobs()} here)
      --timeout-s N      stop a case's analysis after N seconds (default ${DEFAULT_TIMEOUT_MS / 1000}); it becomes an error row
      --memory-mb N      heap limit of each analysis process (default 2048)
      --force            analyse every case again
      --rules DIR        use the rule files in DIR
      --max-total-mb N, --max-entry-mb N, --max-entries N   archive limits, as for analyze
  -q, --quiet            no progress line and no table
  -h, --help             this help

Exit codes: 0 the batch ran (each case's result is in its row), 2 bad usage, no case found, or not
one case could be read.
`;

function table(rows: CaseRow[]): string {
  const head = ['case', 'status', 'top cause', 'score', 'exit', 'seconds'];
  const body = rows.map((r) => [
    r.case,
    r.status,
    r.topCause ?? (r.outcome === 'error' ? (r.errors[0] ?? 'error').slice(0, 60) : '-'),
    r.score === null ? '-' : r.score.toFixed(2),
    String(r.exitCode),
    (r.durationMs / 1000).toFixed(1),
  ].map(clean));
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...body.map((b) => b[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => c.slice(0, widths[i]).padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

function shortPath(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}

export function batchCommand(args: string[]): Promise<number> {
  return guard(async () => {
    const { values, positionals } = parse(args, {
      out: { type: 'string', short: 'o' },
      jobs: { type: 'string', short: 'j' },
      'timeout-s': { type: 'string' },
      'memory-mb': { type: 'string' },
      force: { type: 'boolean' },
      rules: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
      ...LIMIT_OPTIONS,
    });
    if (values.help) {
      say(BATCH_HELP);
      return 0;
    }
    if (!positionals.length) throw new CommandUsageError('batch needs at least one folder or bundle');
    if (!values.out) throw new CommandUsageError('batch needs --out DIR (the folder for batch.json and the case reports)');
    const quiet = Boolean(values.quiet);
    const tty = !quiet && process.stderr.isTTY;
    const started = Date.now();
    const result = await runBatch({
      inputs: positionals,
      out: String(values.out),
      jobs: positiveInt('jobs', values.jobs, defaultJobs()),
      timeoutMs: positiveInt('timeout-s', values['timeout-s'], DEFAULT_TIMEOUT_MS / 1000) * 1000,
      memoryMb: positiveInt('memory-mb', values['memory-mb'], 2048),
      limits: limitsFrom(values),
      rulesDir: values.rules as string | undefined,
      force: Boolean(values.force),
      onProgress: tty
        ? (done, total, row) => {
            const secs = (Date.now() - started) / 1000;
            process.stderr.write(`\r\x1b[K${done}/${total} cases, ${secs.toFixed(0)} s${row ? `: ${clean(row.case).slice(0, 40)} ${row.status}` : ''}`);
          }
        : undefined,
    });
    if (tty) process.stderr.write('\r\x1b[K');
    const { rows } = result;
    if (!rows.length) {
      complain('no case found in the inputs');
      return USAGE_EXIT;
    }
    const errors = rows.filter((r) => r.outcome === 'error').length;
    const failed = rows.filter((r) => r.status === 'failed').length;
    if (!quiet) {
      say(table(rows));
      say(
        `\n${rows.length} case(s): ${failed} failed migration(s), ${errors} could not be analysed, ${result.reused} unchanged since the last run. ` +
          `Rows: ${shortPath(result.file)}`,
      );
    }
    if (errors === rows.length) {
      complain('not one case could be analysed (see the errors column in batch.json)');
      return USAGE_EXIT;
    }
    return 0;
  });
}
