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

/**
 * Mutations aimed at the hostile-upload classes: line length (a crafted line of up to 2 MiB made
 * of rule hints, in a log of the bundle), nesting depth (a command output nested up to 100,000
 * levels), layer count (the bundle wrapped in up to 6 layers of tar.gz and zip) and name bytes
 * (entry names with control, escape, bidi and invalid UTF-8 bytes). The base cause of the sample
 * bundle must stay first when the mutation leaves its evidence whole.
 */
const CLASS_MUTANTS = Number(process.env.FUZZ_CLASS_MUTANTS ?? 8);

test('class-aimed mutants (line length, nesting depth, layer count, name bytes) are analysed within the budget', async () => {
  const base = 'libvirt-tls-expired-cert';
  const dir = path.join(BUNDLES, base);
  assert.ok(fs.existsSync(dir), `sample bundle ${base} is missing`);
  const r = rng(SEED ^ 0x5eed);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'md-fuzz-class-'));
  try {
    for (let i = 0; i < CLASS_MUTANTS; i++) {
      const kind = i % 4;
      const work = path.join(tmp, `b${i}`);
      fs.cpSync(dir, work, { recursive: true });
      let input = work;
      let how = '';
      /** false when the mutant puts the evidence out of reach on purpose (nested past the limit) */
      let reachable = true;
      if (kind === 0) {
        const len = 1 + Math.floor(r() * 2 * 1024 * 1024);
        const words = ['certificate', ' has expired', 'Live Migration failure: ', ' is not on shared storage', '\\S+', '(', "'", ':', ' '];
        let line = '2026-11-19 22:07:40.000 5120 ERROR nova.virt.libvirt.driver [-] ';
        while (line.length < len) line += words[Math.floor(r() * words.length)]!.repeat(1 + Math.floor(r() * 64));
        const log = path.join(work, 'hosts', 'crafted', 'var', 'log', 'pf9', 'ostackhost.log');
        fs.mkdirSync(path.dirname(log), { recursive: true });
        fs.writeFileSync(log, line + '\n');
        how = `a crafted line of ${line.length} chars`;
      } else if (kind === 1) {
        const depth = 1 + Math.floor(r() * 100_000);
        fs.writeFileSync(path.join(work, 'commands', 'openstack_hypervisor_list.json'), '['.repeat(depth) + ']'.repeat(depth));
        fs.writeFileSync(path.join(work, 'commands', 'openstack_flavor_show_x.yaml'), 'id: ' + '{a: '.repeat(depth) + '1' + '}'.repeat(depth));
        how = `outputs nested ${depth} levels`;
      } else if (kind === 2) {
        const layers = 1 + Math.floor(r() * 6);
        let data = await packTarGz(work);
        for (let k = 1; k < layers; k++) {
          const wrap = path.join(tmp, `wrap${i}-${k}`);
          fs.mkdirSync(wrap);
          fs.writeFileSync(path.join(wrap, k % 2 ? 'inner.tgz' : 'inner.zip'), data);
          data = k % 2 ? await packZip(wrap) : await packTarGz(wrap);
        }
        input = path.join(tmp, `layers${i}.${layers % 2 ? 'tgz' : 'zip'}`);
        fs.writeFileSync(input, data);
        how = `${layers} archive layers`;
        reachable = layers <= 4;
      } else {
        // control, escape, C1, bidi and non-ASCII characters (invalid UTF-8 names: folder-special.test.ts)
        const chars = ['\n', '\u001b', '\u009b', '\u202e', '\u2066', '\u0007', '\u00ff', '.', '..', '\\', 'é'];
        const name = Array.from({ length: 4 + Math.floor(r() * 40) }, () => chars[Math.floor(r() * chars.length)]!).join('');
        fs.writeFileSync(path.join(work, 'hosts', `n${name}.log`), '2026-11-19 22:07:40.000 1 ERROR x [-] odd name\n');
        input = path.join(tmp, `names${i}.tgz`);
        fs.writeFileSync(input, await packTarGz(work));
        how = `a file name ${JSON.stringify(name)}`;
      }
      const what = `class mutant ${i} (${how}, seed ${SEED})`;
      const t0 = Date.now();
      const res = await withTimeout(analyze({ inputs: [input], rules }), PER_RUN_MS, what);
      assert.ok(Date.now() - t0 < PER_RUN_MS, what);
      ReportJson.parse(res.report);
      renderHtml(res.report);
      renderMarkdown(res.report);
      // the crafted content never hides the sample's base cause
      if (reachable) assert.is(res.lead?.causes[0]?.id, 'libvirt-tls', `${what}: base cause still first`);
      else assert.ok(res.report.inventory.some((n) => /nested more than/.test(n.reason)), `${what}: the cut is said`);
      fs.rmSync(work, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test.run();
