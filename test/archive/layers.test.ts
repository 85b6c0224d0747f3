/**
 * Classes 3 and 4 of the hostile-upload list: bombs across layers and damage recovery.
 * - the decompression budget is one for all layers of an input, held against the input's size;
 * - zip members whose data overlap are refused (the overlapping-files bomb);
 * - an absurd pax size, duplicate paths: every entry read whole is handed over, the damage is
 *   said, nothing is merged silently.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as zlib from 'node:zlib';
import { collect, Scratch } from './_util';
import { crc32, gzip, tarFromEntries, zipFromEntries } from '../helpers/pack';

const BUDGET_MS = 20_000;

async function timed<T>(f: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  const r = await f();
  assert.ok(Date.now() - t0 < BUDGET_MS, `took ${Date.now() - t0} ms`);
  return r;
}

test('a bomb split across gzip layers is cut by the one budget of the input', async () => {
  const s = new Scratch();
  try {
    // a tar.gz holding a .log.gz: each layer alone stays under the 1000:1 ratio, together 64 MiB
    // come out of about a kilobyte
    const inner = zlib.gzipSync(Buffer.alloc(64 << 20), { level: 1 });
    const outer = zlib.gzipSync(tarFromEntries([{ name: 'logs/big.log.gz', data: inner }]), { level: 9 });
    const f = s.file('layers.tar.gz', outer);
    const c = await timed(() => collect([f]));
    const total = c.entries.reduce((n, e) => n + e.data.length, 0);
    assert.ok(total <= 2 << 20, `${total} bytes handed over`);
    assert.ok(c.notes.some((n) => /across all layers/.test(n.reason)), JSON.stringify(c.notes));
  } finally {
    s.cleanup();
  }
});

test('many small zip members, each harmless, are held to the budget of the whole zip', async () => {
  const s = new Scratch();
  try {
    const member = Buffer.alloc(1000 * 1024, 0x41); // 1000 KiB: under the small-member size
    const entries = Array.from({ length: 400 }, (_, i) => ({ name: `logs/part-${i}.log`, data: member }));
    const zip = zipFromEntries(entries);
    const f = s.file('many.zip', zip);
    // members under 1 MiB are inflated in one call and never judged alone: the budget still counts them
    const c = await timed(() => collect([f], { maxCompressionRatio: 100 }));
    const total = c.entries.reduce((n, e) => n + e.data.length, 0);
    assert.ok(total <= 100 * zip.length + (2 << 20), `${total} bytes out of a ${zip.length}-byte zip`);
    assert.ok(c.notes.some((n) => /across all layers/.test(n.reason)));
  } finally {
    s.cleanup();
  }
});

/** A zip whose central directory points `n` members at the one local header and its data. */
function overlappingZip(n: number, data: Buffer): Buffer {
  const body = zlib.deflateRawSync(data, { level: 9 });
  const crc = crc32(data) >>> 0;
  const name = Buffer.from('kernel.log');
  const lfh = Buffer.alloc(30);
  lfh.writeUInt32LE(0x04034b50, 0);
  lfh.writeUInt16LE(20, 4);
  lfh.writeUInt16LE(8, 8);
  lfh.writeUInt32LE(crc, 14);
  lfh.writeUInt32LE(body.length, 18);
  lfh.writeUInt32LE(data.length, 22);
  lfh.writeUInt16LE(name.length, 26);
  const local = Buffer.concat([lfh, name, body]);
  const cds: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const nm = Buffer.from(i === 0 ? 'kernel.log' : `copy-${i}.log`);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(0x031e, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(nm.length, 28);
    cd.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    cd.writeUInt32LE(0, 42);
    cds.push(cd, nm);
  }
  const cd = Buffer.concat(cds);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(n, 8);
  eocd.writeUInt16LE(n, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(local.length, 16);
  return Buffer.concat([local, cd, eocd]);
}

test('zip members whose data overlap are refused, the first one is read', async () => {
  const s = new Scratch();
  try {
    const f = s.file('overlap.zip', overlappingZip(200, Buffer.from('2026-11-20 10:00:00.000 1 ERROR x [-] line\n'.repeat(1000))));
    const c = await timed(() => collect([f]));
    assert.is(c.entries.length, 1, 'only the first member');
    const refused = c.notes.filter((n) => /overlaps the data of another member/.test(n.reason));
    assert.is(refused.length, 199);
  } finally {
    s.cleanup();
  }
});

test('a pax header with an absurd size: entries before it are kept, no huge allocation', async () => {
  const s = new Scratch();
  try {
    const good = tarFromEntries([{ name: 'logs/a.log', data: 'first file\n' }], { end: false });
    const pax = tarFromEntries([{ name: 'logs/b.log', data: 'x' }], { end: false });
    // a pax 'x' header claiming a size of 8 GiB before the next entry
    const h = Buffer.from(pax.subarray(0, 512));
    h.write('PaxHeader'.padEnd(100, '\0'), 0, 'latin1');
    h.write('x', 156, 'latin1');
    h.write('77777777777\0', 124, 'latin1');
    h.fill(0x20, 148, 156);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += h[i]!;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    const f = s.file('pax.tar', Buffer.concat([good, h, Buffer.alloc(4096, 0x31)]));
    const before = process.memoryUsage().rss;
    const c = await timed(() => collect([f]));
    assert.ok(process.memoryUsage().rss - before < 512 << 20, 'no allocation of the claimed size');
    assert.ok(c.entries.some((e) => e.entry.path === 'logs/a.log'));
    assert.ok(c.notes.some((n) => n.status === 'unreadable'), JSON.stringify(c.notes));
  } finally {
    s.cleanup();
  }
});

test('duplicate paths in one archive are both kept, and said', async () => {
  const s = new Scratch();
  try {
    const tar = tarFromEntries([
      { name: 'logs/nova.log', data: 'first copy\n' },
      { name: 'logs/nova.log', data: 'second copy\n' },
    ]);
    const c = await timed(() => collect([s.file('dup.tar', tar)]));
    const copies = c.entries.filter((e) => e.entry.path === 'logs/nova.log').map((e) => e.data.toString());
    assert.equal(copies, ['first copy\n', 'second copy\n']);
    assert.ok(c.notes.some((n) => /duplicate|twice|more than once/i.test(n.reason)), JSON.stringify(c.notes));
  } finally {
    s.cleanup();
  }
});

test.run();
