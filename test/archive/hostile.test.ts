import * as fs from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compressedZeros, gzip, packTar, packTarGz, packZip, tarFromEntries, zipFromEntries } from '../helpers/pack';
import { Scratch, collect, logText, noise, notesFor } from './_util';

let s: Scratch;
let folder: string;

test.before(() => {
  s = new Scratch();
  folder = s.path('bundle');
  for (let i = 0; i < 12; i++) s.file(`bundle/logs/part-${String(i).padStart(2, '0')}.log`, logText(400, `p${i}`) + noise(2000, i + 1).toString('base64'));
});

test.after(() => s.cleanup());

const TRAVERSAL: [string, string][] = [
  ['../x', 'x'],
  ['/etc/passwd', 'etc/passwd'],
  ['..\\..\\y', 'y'],
  ['C:\\z', 'z'],
  ['a/../../w', 'w'],
  ['ok/./../ok2/f', 'ok2/f'], // resolves inside the root: fine, no note
];

test('path traversal names are read under sanitised names, with a note (tar and zip)', async () => {
  const t = s.file('in/trav.tar', tarFromEntries(TRAVERSAL.map(([name], i) => ({ name, data: `data${i}` }))));
  const z = s.file('in/trav.zip', zipFromEntries(TRAVERSAL.map(([name], i) => ({ name, data: `data${i}` }))));
  for (const input of [t, z]) {
    const base = input.endsWith('.tar') ? 'trav.tar' : 'trav.zip';
    const c = await collect([input]);
    assert.equal(
      c.entries.map((g) => [g.entry.path, g.data.toString()]),
      TRAVERSAL.map(([, path], i) => [path, `data${i}`]),
      input,
    );
    for (const g of c.entries) assert.not.match(g.entry.path, /(^|\/)\.\.(\/|$)|^\/|\\|^[A-Za-z]:/);
    const unsafe = c.notes.filter((n) => n.reason.startsWith('unsafe entry name'));
    assert.equal(
      unsafe.map((n) => [n.displayPath, n.status]),
      TRAVERSAL.slice(0, 5).map(([, path]) => [`${base}!${path}`, 'parsed']),
    );
    assert.match(unsafe[0]!.reason, "unsafe entry name '../x' ('..' climbing above the archive root dropped); read as 'x'");
    assert.match(unsafe[1]!.reason, 'absolute path made relative');
    assert.match(unsafe[3]!.reason, 'drive letter removed');
    assert.is(notesFor(c, base)[0]!.status, 'parsed');
  }
});

test('symlinks, hard links, devices and fifos are never followed (tar, zip, folder)', async () => {
  const t = s.file(
    'in/links.tar',
    tarFromEntries([
      { name: 'etc-shadow', type: 'symlink', linkname: '/etc/shadow' },
      { name: 'hard', type: 'link', linkname: '../../etc/passwd' },
      { name: 'dev/sda', type: 'block-device', devmajor: 8 },
      { name: 'dev/tty', type: 'character-device', devmajor: 4 },
      { name: 'pipe', type: 'fifo' },
      { name: 'dir/', type: 'directory' },
      { name: 'real.txt', data: 'real' },
    ]),
  );
  const c = await collect([t]);
  assert.equal(c.entries.map((g) => g.entry.path), ['real.txt']);
  assert.equal(
    c.notes.map((n) => [n.displayPath, n.status, n.reason]),
    [
      ['links.tar!etc-shadow', 'skipped', "symbolic link (to '/etc/shadow') not followed"],
      ['links.tar!hard', 'skipped', "hard link (to '../../etc/passwd') not followed"],
      ['links.tar!dev/sda', 'skipped', 'block-device not read'],
      ['links.tar!dev/tty', 'skipped', 'character-device not read'],
      ['links.tar!pipe', 'skipped', 'fifo not read'],
      ['links.tar', 'parsed', 'opened, 7 entries'],
    ],
  );

  const z = s.file(
    'in/links.zip',
    zipFromEntries([
      { name: 'passwd-link', type: 'symlink', data: '/etc/passwd', method: 'store' },
      { name: 'fifo', type: 'fifo' },
      { name: 'dir/' },
      { name: 'real.txt', data: 'real' },
    ]),
  );
  const d = await collect([z]);
  assert.equal(d.entries.map((g) => g.entry.path), ['real.txt']);
  assert.equal(
    d.notes.map((n) => [n.displayPath, n.status, n.reason]),
    [
      ['links.zip!passwd-link', 'skipped', 'symbolic link not followed'],
      ['links.zip!fifo', 'skipped', 'fifo not read'],
      ['links.zip', 'parsed', 'opened, 4 entries'],
    ],
  );

  const f = s.path('linkfolder');
  s.file('linkfolder/real.txt', 'real');
  fs.symlinkSync('/etc/passwd', s.path('linkfolder/passwd'));
  fs.symlinkSync('..', s.path('linkfolder/up'));
  const e = await collect([f]);
  assert.equal(e.entries.map((g) => g.entry.path), ['real.txt']);
  assert.equal(
    e.notes.map((n) => [n.displayPath, n.status, n.reason]),
    [
      ['passwd', 'skipped', "symbolic link (to '/etc/passwd') not followed"],
      ['up', 'skipped', "symbolic link (to '..') not followed"],
    ],
  );
});

test('encrypted and unsupported zip members are skipped with a note', async () => {
  const z = s.file(
    'in/methods.zip',
    zipFromEntries([
      { name: 'secret.txt', data: 'xxxx', method: 'store', encrypted: true },
      { name: 'b.bz2data', data: 'BZh9', rawMethod: 12 },
      { name: 'ok.txt', data: 'ok' },
    ]),
  );
  const c = await collect([z]);
  assert.equal(c.entries.map((g) => g.entry.path), ['ok.txt']);
  assert.equal(
    c.notes.slice(0, 2).map((n) => [n.displayPath, n.status, n.reason]),
    [
      ['methods.zip!secret.txt', 'skipped', 'encrypted entry not read'],
      ['methods.zip!b.bz2data', 'skipped', 'compression method 12 (bzip2) not supported'],
    ],
  );
});

test('nesting depth limit: deeper archives are noted and not opened', async () => {
  // level-0.tgz holds level0.txt and level-1.tgz, which holds level1.txt and level-2.tgz, ...
  let inner: Buffer = gzip(tarFromEntries([{ name: 'level5.txt', data: '5' }]));
  for (let i = 4; i >= 0; i--) {
    inner = gzip(tarFromEntries([{ name: `level${i}.txt`, data: String(i) }, { name: `level-${i + 1}.tgz`, data: inner }]));
  }
  const input = s.file('in/level-0.tgz', inner);
  const c = await collect([input], { maxNestingDepth: 2 });
  assert.equal(c.entries.map((g) => g.entry.path), ['level0.txt', 'level1.txt', 'level2.txt']);
  const deep = 'level-0.tgz!level-1.tgz!level-2.tgz!level-3.tgz';
  assert.equal(notesFor(c, deep), [
    { displayPath: deep, status: 'skipped', recognisedAs: 'archive (tar.gz)', reason: 'archive nested more than 2 levels deep; not opened' },
  ]);
  const all = await collect([input]);
  assert.equal(all.entries.length, 5, 'default depth 4: level0..level4');
});

test('per-entry size limit: the stream is cut and ended cleanly, the next entries still come', async () => {
  const big = logText(200); // > 1000 bytes
  const t = s.file('in/size.tgz', gzip(tarFromEntries([{ name: 'big.log', data: big }, { name: 'small.txt', data: 'small' }])));
  const z = s.file('in/size.zip', zipFromEntries([{ name: 'big.log', data: big }, { name: 'small.txt', data: 'small' }]));
  const f = s.path('sizefolder');
  s.file('sizefolder/big.log', big);
  s.file('sizefolder/small.txt', 'small');
  for (const [input, prefix] of [[t, 'size.tgz!'], [z, 'size.zip!'], [f, '']] as const) {
    const c = await collect([input], { maxEntryBytes: 1000 });
    assert.equal(c.entries.map((g) => [g.entry.path, g.data.toString()]), [['big.log', big.slice(0, 1000)], ['small.txt', 'small']]);
    assert.equal(notesFor(c, `${prefix}big.log`), [
      { displayPath: `${prefix}big.log`, status: 'skipped', recognisedAs: null, reason: 'entry larger than 1000 bytes, first 1000 bytes analysed' },
    ]);
  }
  // exactly at the limit is not cut
  const exact = s.file('in/exact.txt', 'x'.repeat(1000));
  const e = await collect([exact], { maxEntryBytes: 1000 });
  assert.is(e.entries[0]!.data.length, 1000);
  assert.equal(e.notes, []);
});

test('gzip bomb (200 MB of zeros) is cut by the ratio limit, quickly and with bounded memory', async () => {
  const bombGz = await compressedZeros(200 * 1024 * 1024, 'gzip');
  const bombRaw = bombGz.subarray(10, bombGz.length - 8); // the deflate data inside the gzip member
  assert.ok(bombGz.length < 300_000);
  const single = s.file('in/bomb.log.gz', bombGz);
  const inTar = s.file('in/bomb-in.tgz', gzip(tarFromEntries([{ name: 'var/log/bomb.log.gz', data: bombGz }, { name: 'after.txt', data: 'after' }])));
  const inZip = s.file(
    'in/bomb.zip',
    zipFromEntries([{ name: 'bomb.log', deflated: { body: bombRaw, size: 200 * 1024 * 1024 } }, { name: 'after.txt', data: 'after' }]),
  );
  // the whole tar.gz is a bomb: the outer gzip layer is cut
  const tarBomb = s.file('in/tar-bomb.tgz', await gzipOfTarWithZeros(bombGz));

  const heapBefore = process.memoryUsage().heapUsed;
  const started = Date.now();
  let maxChunk = 0;
  const c = await collect([single, inTar, inZip, tarBomb], {}, async (_e, st) => {
    const parts: Buffer[] = [];
    for await (const ch of st) {
      maxChunk = Math.max(maxChunk, (ch as Buffer).length);
      parts.push(ch as Buffer);
    }
    return Buffer.concat(parts);
  });
  const elapsed = Date.now() - started;
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

  const bombs = c.entries.filter((g) => g.entry.path.includes('bomb'));
  assert.equal(bombs.map((g) => g.entry.displayPath), ['bomb.log.gz', 'bomb-in.tgz!var/log/bomb.log.gz', 'bomb.zip!bomb.log']);
  for (const g of bombs) assert.ok(g.data.length <= 2 * 1024 * 1024, `${g.entry.displayPath}: ${g.data.length} bytes handed over`);
  for (const dp of ['bomb.log.gz', 'bomb-in.tgz!var/log/bomb.log.gz', 'bomb.zip!bomb.log']) {
    const n = notesFor(c, dp);
    assert.is(n.length, 1, dp);
    assert.is(n[0]!.status, 'skipped');
    assert.match(n[0]!.reason, /expands more than 1000 times .*compression bomb; first \d+ bytes analysed/);
  }
  assert.equal(
    c.entries.filter((g) => g.entry.path === 'after.txt').map((g) => g.entry.displayPath),
    ['bomb-in.tgz!after.txt', 'bomb.zip!after.txt'],
  );
  const tb = notesFor(c, 'tar-bomb.tgz');
  assert.is(tb.length, 1);
  assert.is(tb[0]!.status, 'skipped');
  assert.match(tb[0]!.reason, /compression bomb; the rest of this archive was not read/);
  assert.ok(elapsed < 3000, `took ${elapsed} ms`);
  assert.ok(heapGrowth < 64 * 1024 * 1024, `heap grew by ${heapGrowth} bytes`);
});

/** a tar.gz whose tar holds one 200 MB file of zeros: the tar.gz itself is the bomb */
async function gzipOfTarWithZeros(zeros: Buffer): Promise<Buffer> {
  // gzip members concatenate: a member with the tar header of a 200 MB file, then 200 MB of zeros
  const header = tarFromEntries([{ name: 'zeros.bin', size: 200 * 1024 * 1024 }], { end: false });
  return Buffer.concat([gzip(header), zeros]);
}

test('truncated tar.gz and tar: earlier entries are handed over, then an unreadable note', async () => {
  const tgz = await packTarGz(folder);
  const tar = await packTar(folder);
  const whole = await collect([s.file('in/whole.tgz', tgz)]);
  for (const [name, buf] of [['cut.tgz', tgz.subarray(0, Math.floor(tgz.length / 2))], ['cut.tar', tar.subarray(0, Math.floor(tar.length / 2) + 100)]] as const) {
    const c = await collect([s.file(`in/${name}`, buf)]);
    assert.ok(c.entries.length >= 3, `${name}: ${c.entries.length} entries`);
    assert.ok(c.entries.length < whole.entries.length);
    const complete = c.entries.filter((g) => !c.notes.some((n) => n.displayPath === g.entry.displayPath));
    for (const [i, g] of complete.entries()) {
      assert.is(g.entry.path, whole.entries[i]!.entry.path);
      assert.ok(g.data.equals(whole.entries[i]!.data), `${name}: ${g.entry.path} intact`);
    }
    const last = c.notes.at(-1)!;
    assert.is(last.displayPath, name);
    assert.is(last.status, 'unreadable');
    assert.match(last.reason, /^damaged after \d+ entr(y|ies): .*; the entries before the damage were read$/);
    assert.not.match(last.reason, /\n/);
    // the entry cut in the middle (if any) is noted as such
    for (const n of c.notes.slice(0, -1)) {
      assert.is(n.status, 'unreadable');
      assert.match(n.reason, /^damaged: .*; first \d+ bytes analysed$/);
    }
  }
});

test('corrupt and truncated zips: what can be read is read, then an unreadable note', async () => {
  const zip = packZip(folder);
  const firstCd = zip.indexOf(Buffer.from('PK\x01\x02', 'latin1'));
  assert.ok(firstCd > 0);
  const whole = await collect([s.file('in/whole.zip', zip)]);

  // 1. central directory overwritten: members recovered from the local headers
  const badCd = Buffer.from(zip);
  badCd.fill(0x55, firstCd, firstCd + 46);
  const a = await collect([s.file('in/badcd.zip', badCd)]);
  assert.equal(a.entries.map((g) => g.entry.path), whole.entries.map((g) => g.entry.path));
  assert.ok(a.entries.every((g, i) => g.data.equals(whole.entries[i]!.data)));
  const an = notesFor(a, 'badcd.zip')[0]!;
  assert.is(an.status, 'unreadable');
  assert.match(an.reason, /^central directory unreadable \(.*\); \d+ entries recovered from the local file headers/);

  // 2. truncated in the middle: the members before the cut are recovered
  const cut = zip.subarray(0, Math.floor(zip.length / 2));
  const b = await collect([s.file('in/cut.zip', cut)]);
  assert.ok(b.entries.length >= 3 && b.entries.length < whole.entries.length, `${b.entries.length} recovered`);
  const bn = notesFor(b, 'cut.zip')[0]!;
  assert.is(bn.status, 'unreadable');

  // 3. a central directory record damaged after the first: the first member is read, then the note
  const three = zipFromEntries([{ name: 'a.txt', data: 'a' }, { name: 'b.txt', data: 'b' }, { name: 'c.txt', data: 'c' }]);
  const cd1 = three.indexOf(Buffer.from('PK\x01\x02', 'latin1'));
  const cd2 = three.indexOf(Buffer.from('PK\x01\x02', 'latin1'), cd1 + 4);
  const badLater = Buffer.from(three);
  badLater.writeUInt32LE(0xdeadbeef, cd2);
  const d = await collect([s.file('in/badlater.zip', badLater)]);
  assert.equal(d.entries.map((g) => g.entry.path), ['a.txt']);
  assert.equal(notesFor(d, 'badlater.zip'), [
    {
      displayPath: 'badlater.zip',
      status: 'unreadable',
      recognisedAs: 'archive (zip)',
      reason: 'central directory damaged after 1 entry: invalid central directory file header signature: 0xdeadbeef; the entries before the damage were read',
    },
  ]);

  // 4. streamed zip (sizes in data descriptors) without its central directory
  const streamed = zipFromEntries([
    { name: 'a.log', data: logText(300), dataDescriptor: true },
    { name: 'b.txt', data: 'bee', dataDescriptor: true },
    { name: 'c.txt', data: 'sea', dataDescriptor: true, method: 'store' },
  ]);
  const noCd = streamed.subarray(0, streamed.indexOf(Buffer.from('PK\x01\x02', 'latin1')));
  const f = await collect([s.file('in/streamed.zip', streamed), s.file('in/streamed-nocd.zip', noCd)]);
  assert.equal(
    f.entries.map((g) => [g.entry.displayPath, g.data.length]),
    [
      ['streamed.zip!a.log', logText(300).length],
      ['streamed.zip!b.txt', 3],
      ['streamed.zip!c.txt', 3],
      ['streamed-nocd.zip!a.log', logText(300).length],
      ['streamed-nocd.zip!b.txt', 3],
    ],
  );
  assert.match(notesFor(f, 'streamed-nocd.zip')[0]!.reason, /2 entries recovered from the local file headers, then the end of 'c.txt' cannot be found/);

  // 5. garbage after the zip magic, and a zip nested in a tar that is truncated
  const e = await collect([
    s.file('in/garbage.zip', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), noise(5000)])),
    s.file('in/nested-cut.tar', tarFromEntries([{ name: 'inner.zip', data: cut }, { name: 'after.txt', data: 'after' }])),
  ]);
  assert.is(notesFor(e, 'garbage.zip')[0]!.status, 'unreadable');
  assert.is(notesFor(e, 'nested-cut.tar!inner.zip')[0]!.status, 'unreadable');
  assert.ok(e.entries.some((g) => g.entry.displayPath === 'nested-cut.tar!after.txt'));
});

test('corrupt gzip: a damaged .gz member is noted, the archive goes on', async () => {
  const good = gzip(logText(2000));
  const damaged = Buffer.from(good);
  damaged.fill(0xff, 200, 400);
  const t = s.file(
    'in/gzbad.tar',
    tarFromEntries([
      { name: 'a.log.gz', data: damaged },
      { name: 'b.log.gz', data: good.subarray(0, good.length - 100) },
      { name: 'c.log.gz', data: Buffer.from([0x1f, 0x8b, 0x08, 0xff, 0xff]) },
      { name: 'ok.txt', data: 'ok' },
    ]),
  );
  const c = await collect([t]);
  assert.ok(c.entries.some((g) => g.entry.path === 'ok.txt'));
  for (const n of ['a.log.gz', 'b.log.gz', 'c.log.gz']) {
    const notes = notesFor(c, `gzbad.tar!${n}`);
    assert.is(notes.length, 1, n);
    assert.is(notes[0]!.status, 'unreadable', n);
  }
  assert.is(notesFor(c, 'gzbad.tar')[0]!.status, 'parsed');
});

test('entry count limit stops everything, later inputs are noted', async () => {
  const t = s.file('in/many.tar', tarFromEntries(Array.from({ length: 50 }, (_, i) => ({ name: `f${i}`, data: `${i}` }))));
  const other = s.file('in/other.txt', 'other');
  const c = await collect([t, other], { maxEntries: 10 });
  assert.is(c.entries.length, 9); // the input archive counts as one entry
  assert.equal(notesFor(c, 'many.tar'), [
    { displayPath: 'many.tar', status: 'skipped', recognisedAs: 'archive (tar)', reason: 'entry limit of 10 entries reached; the rest of this archive was not read (10 entries seen)' },
  ]);
  assert.equal(notesFor(c, 'other.txt'), [
    { displayPath: 'other.txt', status: 'skipped', recognisedAs: null, reason: 'entry limit of 10 entries reached; input not read' },
  ]);
});

test('total byte limit: the entry reaching it is cut, the rest is skipped', async () => {
  const t = s.file('in/total.tar', tarFromEntries([{ name: 'a', data: 'a'.repeat(60) }, { name: 'b', data: 'b'.repeat(60) }, { name: 'c', data: 'c' }]));
  const z = s.file('in/total.zip', zipFromEntries([{ name: 'z', data: 'z' }]));
  const c = await collect([t, z], { maxTotalBytes: 100 });
  assert.equal(c.entries.map((g) => [g.entry.path, g.data.length]), [['a', 60], ['b', 40]]);
  assert.equal(
    c.notes.map((n) => [n.displayPath, n.status, n.reason]),
    [
      ['total.tar!b', 'skipped', 'total limit of 100 bytes reached, first 40 bytes of this entry analysed'],
      ['total.tar', 'skipped', 'total limit of 100 bytes reached; the rest of this archive was not read (2 entries seen)'],
      ['total.zip', 'skipped', 'total limit of 100 bytes reached; input not read'],
    ],
  );
});

test('a nested zip larger than maxNestedZipBytes is not opened', async () => {
  const inner = zipFromEntries([{ name: 'x.bin', data: noise(5000), method: 'store' }]);
  const t = s.file('in/nz.tgz', gzip(tarFromEntries([{ name: 'big.zip', data: inner }, { name: 'after.txt', data: 'after' }])));
  const c = await collect([t], { maxNestedZipBytes: 1000 });
  assert.equal(c.entries.map((g) => g.entry.displayPath), ['nz.tgz!after.txt']);
  const n = notesFor(c, 'nz.tgz!big.zip')[0]!;
  assert.is(n.status, 'skipped');
  assert.is(n.recognisedAs, 'archive (zip)');
  assert.match(n.reason, 'larger than 1000 bytes');
  // and a gzip-compressed zip (size unknown until read) is cut while buffering
  const t2 = s.file('in/nz2.tar', tarFromEntries([{ name: 'big.zip.gz', data: gzip(inner) }, { name: 'after.txt', data: 'after' }]));
  const d = await collect([t2], { maxNestedZipBytes: 1000 });
  assert.equal(d.entries.map((g) => g.entry.displayPath), ['nz2.tar!after.txt']);
  assert.is(notesFor(d, 'nz2.tar!big.zip.gz')[0]!.recognisedAs, 'archive (zip, gzip-compressed)');
});

test('hostile tar headers: lying size, garbage after a valid header, no name', async () => {
  const lying = tarFromEntries([{ name: 'ok.txt', data: 'ok' }, { name: 'liar', data: 'short', size: 10_000_000 }]);
  const c = await collect([s.file('in/liar.tar', lying)]);
  assert.equal(c.entries[0]!.data.toString(), 'ok');
  assert.is(notesFor(c, 'liar.tar')[0]!.status, 'unreadable');

  const garbage = Buffer.concat([tarFromEntries([{ name: 'ok.txt', data: 'ok' }], { end: false }), noise(2048, 9)]);
  const d = await collect([s.file('in/garbage.tar', garbage)]);
  assert.equal(d.entries.map((g) => g.entry.path), ['ok.txt']);
  assert.is(notesFor(d, 'garbage.tar')[0]!.status, 'unreadable');

  const noName = tarFromEntries([{ name: '../', data: 'x' }, { name: '.', data: 'y' }]);
  const e = await collect([s.file('in/noname.tar', noName)]);
  assert.equal(e.entries, []);
  assert.equal(
    e.notes.map((n) => [n.status, n.reason]),
    [
      ['skipped', "entry named '../' has no usable name; not read"],
      ['skipped', "entry named '.' has no usable name; not read"],
      ['parsed', 'opened, 2 entries'],
    ],
  );
});

test('no unhandled rejections or error events over all of the above', async () => {
  // give any stray promise or timer a chance to fail the run
  await new Promise((r) => setTimeout(r, 50));
});

test.run();
