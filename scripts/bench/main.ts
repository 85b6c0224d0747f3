/**
 * `npm run bench`: speed and memory of the analyzer on large bundles, against the time it takes just
 * to decompress them.
 *
 * 1. builds the project as `npm run build` does (tsconfig.build.json, the compiled JavaScript users
 *    run), into a private folder beside the bundle cache, so that a concurrent build or a stale
 *    dist/ cannot skew the figures (--use-dist measures ./dist as it is);
 * 2. generates the bundles once into a cache folder (see generate.ts): ~200 MB and ~2 GB
 *    uncompressed, each as tar.gz and zip;
 * 3. for each bundle and format, alternates `gzip -dc <bundle> > /dev/null` (zip: `unzip -p`; tar.xz,
 *    tar.zst, tar.bz2: `xz -dc`, `zstd -dc`, `bzip2 -dc` of the same file) and
 *    `migration-doctor analyze <bundle>` for --rounds rounds; the analyzer reports its own peak RSS
 *    (process.resourceUsage().maxRSS, through scripts/bench/rss-probe.js) and CPU time;
 * 4. prints, per bundle and format: uncompressed MB/s, analyzer / baseline wall-time ratio (medians),
 *    peak RSS, whether the expected cause was found, and how many rules were loaded.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type BundleInfo, ensureBundle, mb } from './generate';
import { type Recompressed, baselineCommand, ensureRecompressed, label } from './recompress';

type Format = 'tgz' | 'zip' | Recompressed;
const FORMATS: Format[] = ['tgz', 'zip', 'txz', 'tzst', 'tbz2'];

const REPO = path.resolve(__dirname, '..', '..');
let BIN = path.join(REPO, 'bin', 'migration-doctor.js');
const PROBE = path.join(__dirname, 'rss-probe.js');

const HELP = `Usage: npm run bench -- [options]

  --sizes LIST     bundle sizes in MB (2^20 bytes) uncompressed (default 200,2048)
  --formats LIST   tgz,zip,txz,tzst,tbz2 (default tgz,zip,txz,tzst); txz/tzst/tbz2 are the tar.gz
                   recompressed with xz -6, zstd -3, bzip2 -9 and measured against xz/zstd/bzip2 -dc
  --rounds N       alternated baseline / analyzer runs per bundle and format (default 3)
  --cache DIR      where the generated bundles are kept (default: $MIGRATION_DOCTOR_BENCH_DIR or
                   <tmpdir>/migration-doctor-bench); they are reused while the generator version
                   and the sample bundle are unchanged
  --rules DIR      rule folder to analyze with (default: the built-in rules, all of them)
  --no-build       reuse the benchmark's previous build instead of building again
  --use-dist       measure ./dist and bin/migration-doctor.js as they are (npm run build first)
  --generate-only  generate (or find) the bundles and stop
  --json FILE      also write the measurements as JSON
  --bin FILE       the migration-doctor entry point to measure (default bin/migration-doctor.js)
`;

interface Run {
  wallS: number;
  userS?: number;
  sysS?: number;
  maxRssMb?: number;
  load: number;
}

interface Row {
  bundle: string;
  format: Format;
  file: string;
  fileMb: number;
  tarMb: number;
  contentMb: number;
  baseline: Run[];
  analyzer: Run[];
  causeFound: boolean;
  topCause: string | null;
  rulesLoaded: number | null;
  exitCode: number | null;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function timed(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; stdout?: number | 'ignore' }): Promise<{ wallS: number; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const p = spawn(cmd, args, { stdio: ['ignore', opts.stdout ?? 'ignore', 'pipe'], env: opts.env ?? process.env });
    let stderr = '';
    p.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    p.on('error', reject);
    p.on('close', (code) => resolve({ wallS: Number(process.hrtime.bigint() - t0) / 1e9, code, stderr }));
  });
}

async function baseline(file: string, format: Format): Promise<Run> {
  const devnull = fs.openSync('/dev/null', 'w');
  try {
    const load = os.loadavg()[0]!;
    const cmd = format === 'tgz' ? { program: 'gzip', args: ['-dc'] } : format === 'zip' ? { program: 'unzip', args: ['-p'] } : baselineCommand(format);
    const r = await timed(cmd.program, [...cmd.args, file], { stdout: devnull });
    if (r.code !== 0) throw new Error(`baseline failed on ${file}: ${r.stderr.trim()}`);
    return { wallS: r.wallS, load };
  } finally {
    fs.closeSync(devnull);
  }
}

async function analyzer(
  file: string,
  rulesDir: string | undefined,
): Promise<{ run: Run; report: { topCause: string | null; instance: string | null; rulesLoaded: number | null }; code: number | null }> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'md-bench-out-'));
  const rssFile = path.join(out, 'rss.json');
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, MIGRATION_DOCTOR_BENCH_RSS: rssFile };
    delete env.MIGRATION_DOCTOR_FROM_SOURCE;
    const args = ['--require', PROBE, BIN, 'analyze', file, '--out', out, '--quiet', ...(rulesDir ? ['--rules', rulesDir] : [])];
    const load = os.loadavg()[0]!;
    const r = await timed(process.execPath, args, { env });
    if (r.code !== 0 && r.code !== 3 && r.code !== 4) throw new Error(`analyzer exited ${r.code} on ${file}: ${r.stderr.trim()}`);
    const probe = JSON.parse(fs.readFileSync(rssFile, 'utf8')) as { maxRssKb: number; userUs: number; systemUs: number };
    const rep = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')) as {
      migrations: { instance: string; causes: { id: string }[] }[];
      stats: { rulesLoaded: number };
    };
    const lead = rep.migrations[0];
    return {
      run: { wallS: r.wallS, userS: probe.userUs / 1e6, sysS: probe.systemUs / 1e6, maxRssMb: probe.maxRssKb / 1024, load },
      report: { topCause: lead?.causes[0]?.id ?? null, instance: lead?.instance ?? null, rulesLoaded: rep.stats.rulesLoaded },
      code: r.code,
    };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/**
 * The compiled project in `root`: dist/ from tsc with the build config, the real entry point in
 * bin/, and the run-time folders (rules, templates, node_modules) linked from the repository.
 */
export function build(root: string): void {
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
  const tsc = require.resolve('typescript/bin/tsc', { paths: [REPO] });
  const b = spawnSync(process.execPath, [tsc, '-p', path.join(REPO, 'tsconfig.build.json'), '--outDir', path.join(root, 'dist')], { cwd: REPO, stdio: 'inherit' });
  if (!fs.existsSync(path.join(root, 'dist', 'cli', 'main.js'))) throw new Error(`build failed (tsc exit ${b.status})`);
  fs.copyFileSync(path.join(REPO, 'bin', 'migration-doctor.js'), path.join(root, 'bin', 'migration-doctor.js'));
  fs.copyFileSync(path.join(REPO, 'package.json'), path.join(root, 'package.json'));
  for (const d of ['rules', 'templates', 'node_modules']) {
    const link = path.join(root, d);
    fs.rmSync(link, { recursive: true, force: true });
    fs.symlinkSync(path.join(REPO, d), link);
  }
}

function ruleCount(dist: string, rulesDir: string | undefined): { rules: number; errors: number } {
  // the built module, as the analyzer loads it
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { loadRules } = require(path.join(dist, 'rules', 'load.js')) as typeof import('../../src/rules/load');
  const set = loadRules(rulesDir);
  return { rules: set.rules.length, errors: set.errors.length };
}

function fmtRow(cells: string[], widths: number[]): string {
  return `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
}

export function table(rows: Row[]): string {
  const head = ['bundle', 'format', 'uncompressed MB', 'baseline s', 'analyzer s', 'MB/s', 'ratio', 'CPU s', 'peak RSS MB', 'cause found', 'rules'];
  const body = rows.map((r) => {
    const b = median(r.baseline.map((x) => x.wallS));
    const a = median(r.analyzer.map((x) => x.wallS));
    const cpu = median(r.analyzer.map((x) => (x.userS ?? 0) + (x.sysS ?? 0)));
    const rss = Math.max(...r.analyzer.map((x) => x.maxRssMb ?? 0));
    return [
      r.bundle,
      r.format === 'tgz' ? 'tar.gz' : r.format === 'zip' ? 'zip' : label(r.format),
      `${r.tarMb.toFixed(0)}`,
      b.toFixed(2),
      a.toFixed(2),
      (r.tarMb / a).toFixed(0),
      `${(a / b).toFixed(2)}x`,
      cpu.toFixed(2),
      rss.toFixed(0),
      r.causeFound ? `yes (${r.topCause})` : `NO (${r.topCause ?? 'none'})`,
      `${r.rulesLoaded ?? '?'}`,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [fmtRow(head, widths), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map((b) => fmtRow(b, widths))].join('\n');
}

export async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  const sizes = (arg(argv, '--sizes') ?? '200,2048').split(',').map(Number);
  const formats = (arg(argv, '--formats') ?? 'tgz,zip,txz,tzst').split(',') as Format[];
  const rounds = Number(arg(argv, '--rounds') ?? 3);
  const rulesDir = arg(argv, '--rules');
  if (arg(argv, '--bin')) BIN = path.resolve(arg(argv, '--bin')!);
  const cache = path.resolve(arg(argv, '--cache') ?? process.env.MIGRATION_DOCTOR_BENCH_DIR ?? path.join(os.tmpdir(), 'migration-doctor-bench'));
  const log = (s: string): void => void process.stderr.write(`${s}\n`);

  for (const f of formats) if (!FORMATS.includes(f)) throw new Error(`unknown format ${f} (use ${FORMATS.join(', ')})`);
  for (const [f, tool, pkg] of [['txz', 'xz', 'xz-utils'], ['tzst', 'zstd', 'zstd'], ['tbz2', 'bzip2', 'bzip2']] as const) {
    if (formats.includes(f) && spawnSync(tool, ['--help']).error) throw new Error(`${tool} is needed for the ${f} rows (apt-get install ${pkg}), or leave ${f} out of --formats`);
  }
  if (formats.includes('tgz') && spawnSync('gzip', ['--version']).status !== 0) throw new Error('gzip is needed for the baseline');
  if (formats.includes('zip') && spawnSync('unzip', ['-v']).status !== 0) {
    throw new Error('unzip is needed for the zip baseline (apt-get install unzip), or run with --formats tgz');
  }

  const bundles: BundleInfo[] = [];
  for (const s of sizes) bundles.push(await ensureBundle(REPO, cache, `bundle-${s}mb`, s * 1024 * 1024, log));
  if (argv.includes('--generate-only')) return;

  // the dist/ beside the entry point measured
  let dist = path.join(path.dirname(BIN), '..', 'dist');
  if (!arg(argv, '--bin') && !argv.includes('--use-dist')) {
    const root = path.join(cache, 'build');
    if (!argv.includes('--no-build') || !fs.existsSync(path.join(root, 'dist', 'cli', 'main.js'))) {
      log(`building (tsconfig.build.json) into ${root}`);
      build(root);
    }
    BIN = path.join(root, 'bin', 'migration-doctor.js');
    dist = path.join(root, 'dist');
  }
  const rc = ruleCount(dist, rulesDir);
  log(`rules: ${rc.rules} loaded${rc.errors ? `, ${rc.errors} rule file problem(s)` : ''} (${rulesDir ?? 'built-in rules'})`);

  const rows: Row[] = [];
  for (const info of bundles) {
    for (const format of formats) {
      const file = format === 'tgz' ? info.tgz : format === 'zip' ? info.zip : await ensureRecompressed(info, format, log);
      // warm the page cache, so that neither side pays for the first read from disk
      await timed('cat', [file], {});
      const row: Row = {
        bundle: info.name,
        format,
        file,
        fileMb: fs.statSync(file).size / 1024 ** 2,
        tarMb: info.tarBytes / 1024 ** 2,
        contentMb: info.contentBytes / 1024 ** 2,
        baseline: [],
        analyzer: [],
        causeFound: true,
        topCause: null,
        rulesLoaded: null,
        exitCode: null,
      };
      for (let i = 0; i < rounds; i++) {
        const b = await baseline(file, format);
        row.baseline.push(b);
        const a = await analyzer(file, rulesDir);
        row.analyzer.push(a.run);
        row.topCause = a.report.topCause;
        row.rulesLoaded = a.report.rulesLoaded;
        row.exitCode = a.code;
        const found = a.report.topCause === info.expect.topCause && a.report.instance === info.expect.instance;
        row.causeFound &&= found;
        log(
          `  ${info.name} ${format} round ${i + 1}: baseline ${b.wallS.toFixed(2)} s, analyzer ${a.run.wallS.toFixed(2)} s ` +
            `(cpu ${((a.run.userS ?? 0) + (a.run.sysS ?? 0)).toFixed(2)} s, rss ${a.run.maxRssMb?.toFixed(0)} MB, load ${a.run.load.toFixed(1)}) ` +
            `cause ${a.report.topCause}${found ? '' : ' (expected ' + info.expect.topCause + ')'}`,
        );
      }
      rows.push(row);
    }
  }

  process.stdout.write(`\nmigration-doctor ${require(path.join(REPO, 'package.json')).version}, node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? '?'}), rules loaded: ${rc.rules}\n`);
  process.stdout.write(`bundles: ${bundles.map((b) => `${b.name} (tar ${mb(b.tarBytes)} MB, tar.gz ${mb(b.tgzBytes)} MB, zip ${mb(b.zipBytes)} MB, ${b.files} files)`).join('; ')}\n`);
  process.stdout.write(`medians of ${rounds} alternated round(s); ratio = analyzer / baseline wall time; MB = 2^20 bytes of uncompressed tar\n\n`);
  process.stdout.write(`${table(rows)}\n`);
  for (const format of formats) {
    const rss = rows.filter((r) => r.format === format).map((r) => Math.max(...r.analyzer.map((x) => x.maxRssMb ?? 0)));
    if (rss.length >= 2) process.stdout.write(`\npeak RSS, largest / smallest bundle (${format}): ${(rss[rss.length - 1]! / rss[0]!).toFixed(2)}x`);
  }
  process.stdout.write('\n');
  const jsonOut = arg(argv, '--json');
  if (jsonOut) fs.writeFileSync(jsonOut, `${JSON.stringify({ node: process.version, rules: rc, bundles, rows }, null, 2)}\n`);
  if (rows.some((r) => !r.causeFound)) process.exitCode = 1;
}
