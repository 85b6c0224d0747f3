/**
 * Every compression the reader opens, built on the fly with the system tools: tar.xz, tar.bz2,
 * tar.zst (and tar.gz for comparison), single compressed logs, truncation, bombs, limits, progress,
 * a missing decompressor, and formats it names without reading (7-zip, rar, lz4).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packTar, tarFromEntries } from '../helpers/pack';
import { compress, compressedZerosWith, type Tool } from '../helpers/compress';
import { Scratch, byPath, collect, logText, notesFor } from './_util';

let s: Scratch;
let folder: string;
let tar: Buffer;
const TOOLS: Tool[] = ['gzip', 'xz', 'bzip2', 'zstd'];
const SUFFIX: Record<Tool, string> = { gzip: 'tar.gz', xz: 'tar.xz', bzip2: 'tar.bz2', zstd: 'tar.zst' };
const SINGLE: Record<Tool, string> = { gzip: 'gz', xz: 'xz', bzip2: 'bz2', zstd: 'zst' };

test.before(async () => {
  s = new Scratch();
  folder = s.path('bundle');
  s.file('bundle/manifest.json', '{"format":1}\n');
  s.file('bundle/logs/nova-conductor.log', logText(3000));
  s.file('bundle/hosts/cmp-01/var/log/pf9/ostackhost.log', logText(20_000, 'hostagent')); // several MB: many chunks
  s.file('bundle/commands/server-show.json', '{"OS-EXT-SRV-ATTR:host":"cmp-01"}\n');
  tar = await packTar(folder);
});

test.after(() => s.cleanup());

const packed = new Map<Tool, Buffer>();
/** the sample tar compressed with `tool` (once per tool) */
function tarWith(tool: Tool): Buffer {
  if (!packed.has(tool)) packed.set(tool, compress(tool, tar));
  return packed.get(tool)!;
}

test('tar.xz, tar.bz2, tar.zst and tar.gz give the entries of the plain tar, decided by content', async () => {
  const plain = await collect([s.file('in/plain.tar', tar)]);
  const want = byPath(plain);
  for (const tool of TOOLS) {
    // a misleading name: the content decides
    const file = s.file(`in/${tool}.bin`, tarWith(tool));
    const c = await collect([file]);
    assert.equal(byPath(c), want, tool);
    assert.equal(notesFor(c, `${tool}.bin`).map((n) => [n.status, n.recognisedAs]), [['parsed', `archive (${SUFFIX[tool]})`]], tool);
    assert.equal(c.notes.filter((n) => n.status !== 'parsed'), [], `${tool}: no problem notes`);
    for (const g of c.entries) assert.is(g.entry.compression, null, 'members of a compressed tar are not compressed themselves');
    // progress counts the compressed file and ends at its size
    const last = c.progress[c.progress.length - 1]!;
    assert.is(last[0], last[1], `${tool}: progress reaches the total`);
  }
});

test('single compressed logs are decompressed; the path keeps its suffix and the size is unknown', async () => {
  const text = logText(5000, 'rotated');
  for (const tool of TOOLS) {
    const name = `nova-compute.log.1.${SINGLE[tool]}`;
    const c = await collect([s.file(`single/${name}`, compress(tool, text))]);
    assert.is(c.entries.length, 1, tool);
    const g = c.entries[0]!;
    assert.is(g.entry.path, name);
    assert.is(g.entry.compression, tool);
    assert.is(g.entry.gunzipped, tool === 'gzip');
    assert.is(g.entry.size, null);
    assert.is(g.data.toString(), text, tool);
  }
});

test('compressed logs inside a tar.xz (a sosreport with rotated logs) are opened in turn', async () => {
  const inner = tarFromEntries([
    { name: 'sosreport-cmp-01/var/log/nova/nova-compute.log.2.xz', data: compress('xz', 'two\n') },
    { name: 'sosreport-cmp-01/var/log/nova/nova-compute.log.3.zst', data: compress('zstd', 'three\n') },
    { name: 'sosreport-cmp-01/var/log/nova/nova-compute.log.4.bz2', data: compress('bzip2', 'four\n') },
  ]);
  const c = await collect([s.file('in/sos.tar.xz', compress('xz', inner))]);
  assert.equal(
    c.entries.map((g) => [g.entry.displayPath, g.entry.compression, g.data.toString()]),
    [
      ['sos.tar.xz!sosreport-cmp-01/var/log/nova/nova-compute.log.2.xz', 'xz', 'two\n'],
      ['sos.tar.xz!sosreport-cmp-01/var/log/nova/nova-compute.log.3.zst', 'zstd', 'three\n'],
      ['sos.tar.xz!sosreport-cmp-01/var/log/nova/nova-compute.log.4.bz2', 'bzip2', 'four\n'],
    ],
  );
});

test('a truncated tar.xz / tar.bz2 / tar.zst gives what came before the damage, then says where it broke', async () => {
  for (const tool of ['xz', 'bzip2', 'zstd'] as const) {
    const whole = tarWith(tool);
    const cut = s.file(`cut/${tool}.tar.x`, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const c = await collect([cut]);
    assert.ok(c.entries.length >= 1, `${tool}: entries before the damage are read`);
    const n = notesFor(c, `${tool}.tar.x`);
    assert.is(n.length, 1, tool);
    assert.is(n[0]!.status, 'unreadable', tool);
    assert.match(n[0]!.reason, /damaged/, tool);
  }
});

test('a compressed file that is not what its magic says is unreadable with the tool\'s reason', async () => {
  for (const [tool, magic] of [['xz', 'fd377a585a00'], ['zstd', '28b52ffd'], ['bzip2', '425a683931415926535900']] as const) {
    const c = await collect([s.file(`bad/${tool}.log`, Buffer.concat([Buffer.from(magic, 'hex'), Buffer.from('this is not compressed data at all, just text\n'.repeat(20))]))]);
    assert.is(c.entries.length, 0, tool);
    const n = notesFor(c, `${tool}.log`);
    assert.is(n.length, 1, tool);
    assert.is(n[0]!.status, 'unreadable');
    assert.is(n[0]!.recognisedAs, `${tool}-compressed file`);
    assert.match(n[0]!.reason, new RegExp(`^corrupt ${tool} data: \\S`));
  }
});

test('an xz or zstd bomb is cut at the ratio limit like a gzip bomb', async () => {
  for (const tool of ['xz', 'zstd'] as const) {
    const bomb = s.file(`bomb/${tool}.log.${SINGLE[tool]}`, compressedZerosWith(tool, 16 * 1024 ** 2));
    const c = await collect([bomb], { maxCompressionRatio: 100 });
    const n = c.notes.find((x) => /compression bomb/.test(x.reason));
    assert.ok(n, `${tool}: a bomb note`);
    // the layer's own ratio check or the input's budget across all layers, whichever trips first
    assert.match(n!.reason, new RegExp(`^(?:${tool} data|decompressed data across all layers) expands more than 100 times`));
    const got = c.entries[0]?.data.length ?? 0;
    assert.ok(got < 16 * 1024 ** 2, `${tool}: output cut (${got} bytes)`);
  }
});

test('entry and size limits apply inside a tar.zst as inside a tar.gz', async () => {
  const file = s.file('lim/b.tar.zst', tarWith('zstd'));
  const few = await collect([file], { maxEntries: 3 });
  assert.ok(few.entries.length <= 3);
  assert.ok(few.notes.some((n) => /entry limit of 3 entries reached/.test(n.reason)));
  const small = await collect([file], { maxEntryBytes: 1000 });
  const big = small.entries.find((g) => g.entry.path.endsWith('ostackhost.log'))!;
  assert.is(big.data.length, 1000);
  assert.ok(small.notes.some((n) => n.displayPath.endsWith('ostackhost.log') && /entry larger than 1000 bytes/.test(n.reason)));
});

test('without the decompressor on PATH the file is named unreadable with the package to install; the rest is read', async () => {
  const xz = s.file('nopath/a.tar.xz', tarWith('xz'));
  const plain = s.file('nopath/b.log', 'plain text\n');
  const saved = process.env.PATH;
  process.env.PATH = s.path('empty-path-dir');
  try {
    const c = await collect([xz, plain]);
    assert.equal(c.entries.map((g) => g.entry.path), ['b.log']);
    const n = notesFor(c, 'a.tar.xz');
    assert.is(n.length, 1);
    assert.is(n[0]!.status, 'unreadable');
    assert.is(n[0]!.recognisedAs, 'xz-compressed file');
    assert.match(n[0]!.reason, /the 'xz' program is not installed \(Debian\/Ubuntu: apt-get install xz-utils\)/);
  } finally {
    process.env.PATH = saved;
  }
});

test('7-zip, rar, lz4, .Z and lzop contents are named as not supported, and the other inputs are still read', async () => {
  const cases: [string, string, string][] = [
    ['b.7z', '377abcaf271c0004', '7-zip archive'],
    ['b.rar', '526172211a0700cf', 'rar archive'],
    ['b.tar.lz4', '04224d1864400000', 'lz4-compressed file'],
    ['b.tar.Z', '1f9d900000', 'compress (.Z) file'],
    ['b.tar.lzo', '894c5a4f000d0a1a0a', 'lzop-compressed file'],
  ];
  const inputs = cases.map(([name, hex]) => s.file(`foreign/${name}`, Buffer.concat([Buffer.from(hex, 'hex'), Buffer.alloc(64, 7)])));
  const c = await collect([...inputs, s.file('foreign/ok.log', 'readable\n')]);
  assert.equal(c.entries.map((g) => g.entry.path), ['ok.log']);
  for (const [name, , label] of cases) {
    const n = notesFor(c, name);
    assert.equal(n.map((x) => [x.status, x.recognisedAs]), [['unreadable', label]], name);
    assert.match(n[0]!.reason, new RegExp(`^${label.replace(/[().]/g, '\\$&')}: not supported`));
  }
});

test.run();
