/**
 * The command line: `migration-doctor analyze …`, `rules lint`, `rules test`. Every failure ends in
 * one clear line on stderr and a documented exit code, never a stack trace (set
 * MIGRATION_DOCTOR_DEBUG=1 to see one).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyze, RulesInvalidError } from '../pipeline/analyze';
import { DEFAULT_LIMITS, type Limits } from '../archive/types';
import { renderHtml, renderMarkdown } from '../report/render';
import { VERSION } from '../version';
import { formatRuleError, loadRules } from '../rules/load';
import { runRuleTests } from '../rules/tester';
import type { ReportJson } from '../report/schema';
import { batchCommand } from '../batch/command';
import { fleetCommand } from '../fleet/command';
import { submitCommand, workerCommand } from '../queue/command';
import { colourWanted, palette, type Palette } from './colour';
import { OutputFolderError, ReportSet, prepareOutputFolder, removeIfEmpty } from './output';
import { EXIT, exitCodeFor } from './exit';
import { safeJson, terminalText } from '../report/safe-text';

export { EXIT };

const MAIN_HELP = `migration-doctor ${VERSION}: explains why a VM migration failed, from a support bundle.

Usage:
  migration-doctor analyze <bundle>... [options]   analyze bundles (folders, .tar, .tar.gz, .tar.xz,
                                                   .tar.bz2, .tar.zst, .zip, single logs)
  migration-doctor rules lint [--rules DIR]         validate every rule file (paths, placeholders, hints, requires)
  migration-doctor batch <folder>... --out DIR      analyze every case of a folder of uploads in parallel
  migration-doctor fleet <batch-dir>... --out DIR   what breaks migrations across cases (HTML, Markdown, JSON)
  migration-doctor submit --redis URL <folder>...   put cases on the Redis job queue (BullMQ)
  migration-doctor worker --redis URL --out DIR     analyze cases taken from the job queue
  migration-doctor rules test [--rules DIR]         run every rule against its sample bundles
  migration-doctor --version | --help

Examples:
  migration-doctor analyze sosreport-cmp-01.tar.xz mgmt-bundle.tar.gz --out report/
  migration-doctor analyze bundle.tgz --instance 0b8e6f52 --format md,json --out /tmp/case-1234
  migration-doctor analyze bundle.zip --json --quiet > report.json

Run "migration-doctor analyze --help" for the analysis options.

Exit codes:
  0  no failure: the migration succeeded, or the evidence shows nothing failed
  3  a failed migration, with its most likely cause ranked
  4  a failed migration, but no known cause matched
  6  nothing diagnosable: no migration or failure line, nothing readable, or no
     instance matching --instance (the reason is printed and in report.json)
  2  bad usage, an input that cannot be opened, an unusable --out, or invalid rule files
  5  rules test: a rule failed its sample bundles
  1  internal error (a bug in migration-doctor)
  130, 143  interrupted by Ctrl-C or SIGTERM; no report is left half-written
`;

const ANALYZE_HELP = `Usage: migration-doctor analyze <bundle>... [options]

Reads one or more bundles (a folder, .tar, .tar.gz/.tgz, .tar.xz, .tar.bz2, .tar.zst or .zip, or
single .log/.gz/.xz/.bz2/.zst files, decided by content; archives inside archives are opened too;
nothing is extracted to disk) and writes report.html, report.md and report.json into the output
folder. xz, bzip2 and zstd data is decompressed by the system's xz, bzip2 and zstd programs.

Examples:
  migration-doctor analyze sosreport-cmp-01.tar.xz --out report/
  migration-doctor analyze mgmt.tgz cmp-01.tgz cmp-02.zip --instance 0b8e6f52 --out report/
  migration-doctor analyze nova-compute.log.1.xz --format json --out case-1234/

Options:
  -o, --out DIR            output folder (default: ./report); only the three report files are
                           written there, replacing those of an earlier run
  -i, --instance UUID      the instance to lead with when the bundle holds several (a prefix is enough)
  -f, --format LIST        which reports to write: html,md,json (default: all three)
  -q, --quiet              no progress and no summary on the terminal
      --json               print the JSON report on stdout instead of the summary
      --rules DIR          use the rule files in DIR instead of the built-in rules
      --max-total-mb N     stop reading after N MB uncompressed in all (default ${DEFAULT_LIMITS.maxTotalBytes / 1024 ** 2})
      --max-entry-mb N     read at most N MB of any one file (default ${DEFAULT_LIMITS.maxEntryBytes / 1024 ** 2})
      --max-entries N      read at most N entries (default ${DEFAULT_LIMITS.maxEntries})
      --max-depth N        open archives nested at most N deep (default ${DEFAULT_LIMITS.maxNestingDepth})
      --max-ratio N        compression ratio that marks a decompression bomb (default ${DEFAULT_LIMITS.maxCompressionRatio})
      --max-line-kb N      cut log lines longer than N KB (default ${DEFAULT_LIMITS.maxLineBytes / 1024})
  -h, --help               this help

Exit codes: 0 no failure, 3 cause ranked, 4 failed without a known cause, 6 nothing diagnosable,
2 bad usage, missing input or unusable --out, 1 internal error, 130/143 interrupted.
`;

class UsageError extends Error {}

function say(s: string): void {
  process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
}
function complain(s: string): void {
  // messages can quote a file name or an error from the bundle: one line, escaped, bounded
  process.stderr.write(`migration-doctor: ${terminalText(s, 2000)}\n`);
}

function positiveNumber(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} needs a positive number, got '${v}'`);
  return n;
}

export async function main(argv: string[]): Promise<void> {
  let code: number;
  try {
    code = await run(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      complain(e.message);
      complain('run "migration-doctor --help" for usage');
      code = EXIT.USAGE;
    } else if (e instanceof RulesInvalidError) {
      complain(e.message);
      code = EXIT.USAGE;
    } else if (e instanceof InputError || e instanceof OutputFolderError) {
      complain(e.message);
      code = EXIT.USAGE;
    } else {
      complain(`internal error: ${(e as Error)?.message?.split('\n')[0] ?? String(e)}`);
      if (process.env.MIGRATION_DOCTOR_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
      code = EXIT.INTERNAL;
    }
  }
  process.exitCode = code;
}

class InputError extends Error {}

async function run(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '-h' || cmd === '--help' || cmd === 'help') {
    say(MAIN_HELP);
    return EXIT.OK;
  }
  if (cmd === '--version' || cmd === '-v' || cmd === 'version') {
    say(VERSION);
    return EXIT.OK;
  }
  if (cmd === 'analyze') return analyzeCommand(rest);
  if (cmd === 'rules') return rulesCommand(rest);
  // many bundles (src/batch, src/fleet, src/queue): each command parses its own options
  if (cmd === 'batch') return batchCommand(rest);
  if (cmd === 'fleet') return fleetCommand(rest);
  if (cmd === 'submit') return submitCommand(rest);
  if (cmd === 'worker') return workerCommand(rest);
  throw new UsageError(`unknown command '${cmd}'`);
}

function parse<O extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: options!, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
}

async function analyzeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: 'string', short: 'o' },
    instance: { type: 'string', short: 'i' },
    format: { type: 'string', short: 'f' },
    quiet: { type: 'boolean', short: 'q' },
    json: { type: 'boolean' },
    rules: { type: 'string' },
    'max-total-mb': { type: 'string' },
    'max-entry-mb': { type: 'string' },
    'max-entries': { type: 'string' },
    'max-depth': { type: 'string' },
    'max-ratio': { type: 'string' },
    'max-line-kb': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    say(ANALYZE_HELP);
    return EXIT.OK;
  }
  if (!positionals.length) throw new UsageError('analyze needs at least one bundle (a folder, an archive or a log file)');
  for (const p of positionals) {
    if (!fs.existsSync(p)) throw new InputError(`cannot read input '${p}': no such file or folder`);
  }
  const formats = new Set(String(values.format ?? 'html,md,json').split(',').map((s) => s.trim()).filter(Boolean));
  for (const f of formats) if (!['html', 'md', 'json'].includes(f)) throw new UsageError(`unknown format '${f}' (use html, md, json)`);
  const mb = 1024 ** 2;
  const limits: Partial<Limits> = {};
  const set = <K extends keyof Limits>(k: K, v: number | undefined) => {
    if (v !== undefined) limits[k] = v as Limits[K];
  };
  set('maxTotalBytes', mul(positiveNumber('max-total-mb', values['max-total-mb'] as string | undefined), mb));
  set('maxEntryBytes', mul(positiveNumber('max-entry-mb', values['max-entry-mb'] as string | undefined), mb));
  set('maxEntries', positiveNumber('max-entries', values['max-entries'] as string | undefined));
  set('maxNestingDepth', positiveNumber('max-depth', values['max-depth'] as string | undefined));
  set('maxCompressionRatio', positiveNumber('max-ratio', values['max-ratio'] as string | undefined));
  set('maxLineBytes', mul(positiveNumber('max-line-kb', values['max-line-kb'] as string | undefined), 1024));

  const quiet = Boolean(values.quiet);
  // the output folder is checked (and created) before any reading, so that a bad --out costs nothing
  const out = prepareOutputFolder(String(values.out ?? 'report'));
  const reports = new ReportSet(out.dir);
  const progress = !quiet && process.stderr.isTTY ? progressPrinter() : undefined;
  const stopOnSignal = onInterrupt((signal) => {
    progress?.done();
    reports.abort();
    if (out.created) removeIfEmpty(out.dir);
    complain(`interrupted by ${signal}; no report written`);
  });
  let result;
  try {
    result = await analyze({
      inputs: positionals,
      instance: values.instance as string | undefined,
      limits,
      rulesDir: values.rules as string | undefined,
      onProgress: progress?.update,
    });
  } catch (e) {
    progress?.done();
    stopOnSignal();
    reports.abort();
    if (out.created) removeIfEmpty(out.dir);
    if (e instanceof RulesInvalidError) throw e;
    const msg = (e as Error).message ?? '';
    if (/^cannot read input/.test(msg)) throw new InputError(msg.split('\n')[0]!);
    throw e;
  }
  progress?.done();
  const { report, lead } = result;
  let written: string[];
  try {
    // rendering and writing are synchronous: a signal is handled before or after the whole set
    if (formats.has('json')) reports.stage('report.json', `${safeJson(JSON.stringify(report, null, 2))}\n`);
    if (formats.has('md')) reports.stage('report.md', renderMarkdown(report));
    if (formats.has('html')) reports.stage('report.html', renderHtml(report));
    written = reports.commit();
  } catch (e) {
    reports.abort();
    stopOnSignal();
    const code = (e as NodeJS.ErrnoException).code;
    if (code) throw new OutputFolderError(`cannot write the reports to '${out.dir}': ${(e as Error).message.split('\n')[0]}`);
    throw e;
  }
  stopOnSignal();

  const colour = palette(colourWanted(process.stdout));
  if (values.json) say(safeJson(JSON.stringify(report, null, 2)));
  else if (!quiet) say(summary(report, written, colour));

  const code = exitCodeFor(report, lead);
  if (code === EXIT.NOTHING_DIAGNOSABLE && result.nothingDiagnosable) complain(`nothing diagnosable: ${cleanLine(result.nothingDiagnosable)}`);
  return code;
}

/**
 * Ctrl-C and SIGTERM during an analysis: clean up (temporary files, a folder this run created),
 * then exit 130 / 143 at once, as a shell would report the signal. Returns the function that
 * removes the handlers.
 */
function onInterrupt(cleanup: (signal: NodeJS.Signals) => void): () => void {
  const handlers = new Map<NodeJS.Signals, () => void>();
  for (const [signal, code] of [['SIGINT', EXIT.INTERRUPTED_SIGINT], ['SIGTERM', EXIT.INTERRUPTED_SIGTERM]] as const) {
    const h = (): void => {
      try {
        cleanup(signal);
      } finally {
        process.exit(code);
      }
    };
    handlers.set(signal, h);
    process.once(signal, h);
  }
  return () => {
    for (const [signal, h] of handlers) process.removeListener(signal, h);
  };
}

/** Bundle text shown on the terminal: control characters escaped (the text is already redacted). */
function cleanLine(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function mul(v: number | undefined, f: number): number | undefined {
  return v === undefined ? undefined : Math.round(v * f);
}

/** A few lines for the terminal; every value from the bundle is escaped and shortened (`terminalText`) before colouring. */
function summary(report: ReportJson, written: string[], c: Palette): string {
  const t = (s: string | null | undefined, max?: number) => terminalText(s ?? '', max);
  const lead = report.migrations[0];
  const lines: string[] = [];
  if (!lead) {
    lines.push(c.yellow('No migration found in the input.'));
  } else {
    const status = lead.status === 'failed' ? c.red(lead.status) : lead.status === 'succeeded' ? c.green(lead.status) : c.yellow(lead.status);
    lines.push(
      `Instance ${t(lead.instance, 80)}: ${lead.type} ${t(lead.source ?? '?', 120)} -> ${t(lead.target ?? 'none chosen', 120)}: ${status}` +
        `${lead.failedStage ? ` (failed at ${lead.failedStage})` : ''}`,
    );
    const top = lead.causes[0];
    if (top) {
      lines.push(`Most likely cause: ${c.bold(top.id)} (score ${top.score}): ${t(top.why, 600)}`);
      for (const x of lead.causes.slice(1, 3)) lines.push(`Also: ${x.id} (score ${x.score})`);
    } else if (lead.status === 'failed') {
      lines.push('No known cause matched; see what could not be checked in the report.');
    } else if (lead.status === 'succeeded') {
      lines.push(c.green('No failure cause: the migration succeeded.'));
    }
  }
  if (report.notChecked.length) lines.push(`${report.notChecked.length} check(s) could not run for missing data.`);
  const unreadable = report.inventory.filter((i) => i.status === 'unreadable');
  if (unreadable.length) {
    lines.push(c.yellow(`${unreadable.length} bundle entr${unreadable.length === 1 ? 'y was' : 'ies were'} unreadable (listed in the inventory):`));
    // name them, so that an unsupported format or a missing decompressor is seen without opening a report
    for (const u of unreadable.slice(0, 5)) lines.push(`  ${t(u.path)}: ${t(u.reason)}`);
    if (unreadable.length > 5) lines.push(`  and ${unreadable.length - 5} more`);
  }
  lines.push(c.dim(`Reports: ${written.map((w) => t(w)).join(', ')}`));
  return lines.join('\n');
}

function progressPrinter() {
  const started = Date.now();
  let last = 0;
  return {
    update(done: number, total: number) {
      const now = Date.now();
      if (now - last < 250) return;
      last = now;
      const secs = Math.max(0.001, (now - started) / 1000);
      const mb = (x: number) => (x / 1024 ** 2).toFixed(0);
      process.stderr.write(`\rreading ${mb(done)} / ${mb(total)} MB (${(done / 1024 ** 2 / secs).toFixed(0)} MB/s)   `);
    },
    done() {
      if (last) process.stderr.write('\r\x1b[K');
    },
  };
}

async function rulesCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parse(rest, { rules: { type: 'string' }, bundles: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help || !sub) {
    say('Usage: migration-doctor rules lint|test [--rules DIR] [--bundles DIR]');
    return EXIT.OK;
  }
  const set = loadRules(values.rules as string | undefined);
  if (sub === 'lint') {
    for (const e of set.errors) process.stderr.write(`${formatRuleError(e)}\n`);
    say(`${set.rules.length} rule(s) valid, ${set.errors.length} problem(s)`);
    return set.errors.length ? EXIT.USAGE : EXIT.OK;
  }
  if (sub === 'test') {
    if (set.errors.length) {
      for (const e of set.errors) process.stderr.write(`${formatRuleError(e)}\n`);
      return EXIT.USAGE;
    }
    const bundles = path.resolve(String(values.bundles ?? path.join(__dirname, '..', '..', 'bundles')));
    const results = await runRuleTests(set.rules, bundles);
    let failed = 0;
    for (const r of results) {
      if (!r.pass) failed++;
      say(`${r.pass ? 'ok  ' : 'FAIL'} ${r.rule} ${r.kind} ${r.bundle}${r.pass ? '' : `: ${r.detail}`}`);
    }
    say(`${results.length - failed} passed, ${failed} failed`);
    return failed ? EXIT.RULE_TESTS_FAILED : EXIT.OK;
  }
  throw new UsageError(`unknown rules command '${sub}' (use lint or test)`);
}
