/**
 * Seeded mutation fuzzing: sample bundles packed as tar.gz and zip, then bytes flipped, ranges cut
 * out, chunks spliced in from elsewhere. Every mutant must give a report or a clear error — never a
 * crash, a hang or an unhandled rejection. Bounded in count and time so it runs in CI.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../src/pipeline/analyze';
import { loadRules } from '../../src/rules/load';
import { ReportJson } from '../../src/report/schema';
import { renderHtml, renderMarkdown } from '../../src/report/render';
import { packTarGz, packZip } from '../helpers/pack';

const BUNDLES = path.resolve(__dirname, '..', '..', 'bundles');
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const MUTANTS = Number(process.env.FUZZ_MUTANTS ?? 60);
const PER_RUN_MS = 20_000;
const rules = loadRules().rules;

/** mulberry32: small, seeded, good enough to pick offsets */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(buf: Buffer, r: () => number): { out: Buffer; how: string } {
  const n = buf.length;
  const at = () => Math.floor(r() * n);
  const kind = Math.floor(r() * 4);
  if (kind === 0) {
    const out = Buffer.from(buf);
    const flips = 1 + Math.floor(r() * 16);
    for (let i = 0; i < flips; i++) {
      const k = at();
      out[k] = out[k]! ^ (1 << Math.floor(r() * 8));
    }
    return { out, how: `flip ${flips} bits` };
  }
  if (kind === 1) {
    const cut = at();
    return { out: buf.subarray(0, cut), how: `truncate at ${cut}` };
  }
  if (kind === 2) {
    const a = at();
    const len = Math.floor(r() * Math.min(4096, n - a));
    return { out: Buffer.concat([buf.subarray(0, a), buf.subarray(a + len)]), how: `cut ${len} bytes at ${a}` };
  }
  const a = at();
  const b = at();
  const len = Math.floor(r() * 2048);
  return { out: Buffer.concat([buf.subarray(0, a), buf.subarray(b, b + len), buf.subarray(a)]), how: `splice ${len} bytes from ${b} at ${a}` };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`hang: ${what} took over ${ms} ms`)), ms);
    }),
  ]);
}

test('mutated archives of the sample bundles never crash or hang the analysis', async () => {
  const names = fs.readdirSync(BUNDLES).filter((n) => fs.statSync(path.join(BUNDLES, n)).isDirectory()).sort();
  assert.ok(names.length > 0);
  const r = rng(SEED);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'md-fuzz-'));
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  try {
    const bases: { name: string; data: Buffer }[] = [];
    for (const name of names.slice(0, 6).concat(names.length > 6 ? [names[Math.floor(r() * names.length)]!] : [])) {
      bases.push({ name: `${name}.tgz`, data: await packTarGz(path.join(BUNDLES, name)) });
      bases.push({ name: `${name}.zip`, data: await packZip(path.join(BUNDLES, name)) });
    }
    for (let i = 0; i < MUTANTS; i++) {
      const base = bases[i % bases.length]!;
      const { out, how } = mutate(base.data, r);
      const file = path.join(tmp, `m${i}-${base.name}`);
      fs.writeFileSync(file, out);
      const what = `mutant ${i} of ${base.name} (${how}, seed ${SEED})`;
      let res;
      try {
        res = await withTimeout(analyze({ inputs: [file], rules }), PER_RUN_MS, what);
      } catch (e) {
        assert.unreachable(`${what} threw: ${(e as Error).stack}`);
        return;
      }
      ReportJson.parse(res.report);
      // rendering never throws either
      renderHtml(res.report);
      renderMarkdown(res.report);
      fs.rmSync(file);
    }
  } finally {
    process.off('unhandledRejection', onUnhandled);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  assert.equal(unhandled, [], 'no unhandled rejections');
});

test.run();
