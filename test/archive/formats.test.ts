import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gzip, listFolder, packTar, packTarGz, packZip, tarFromEntries, zipFromEntries } from '../helpers/pack';
import { Scratch, collect, logText, noise, notesFor, readAll } from './_util';

let s: Scratch;
let folder: string;

test.before(() => {
  s = new Scratch();
  folder = s.path('bundle');
  s.file('bundle/manifest.json', '{"format":1}\n');
  s.file('bundle/commands/server-show.json', '{"OS-EXT-SRV-ATTR:host":"cmp-01"}\n');
  s.file('bundle/commands/empty.txt', '');
  s.file('bundle/logs/nova-conductor.log', logText(3000));
  s.file('bundle/hosts/cmp-01/var/log/pf9/ostackhost.log', logText(200, 'hostagent'));
  s.file('bundle/hosts/cmp-01/var/log/nova/nova-compute.log.1.gz', gzip(logText(500, 'rotated')));
  s.file('bundle/hosts/cmp-01/core.bin', noise(1_500_000)); // spans several read chunks
  s.file('bundle/hosts/cmp-01/migration list.txt', '| Source Compute | Dest Compute |\n');
  s.file('bundle/hosts/cmp-01/ünïcode名.txt', 'unicode name\n');
});

test.after(() => s.cleanup());

/** the (path, content, gunzipped) set the reader must give for the sample folder */
function expected(): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of listFolder(folder).files) {
    const data = f.path.endsWith('.gz') ? zlib.gunzipSync(f.data) : f.data;
    m.set(f.path, data.toString('latin1'));
  }
  return m;
}

function asMap(c: Awaited<ReturnType<typeof collect>>): Map<string, string> {
  const m = new Map<string, string>();
  for (const g of c.entries) {
    assert.not.ok(m.has(g.entry.path), `duplicate ${g.entry.path}`);
    m.set(g.entry.path, g.data.toString('latin1'));
  }
  return m;
}

test('folder, tar, tar.gz and zip of the same folder give the same entries', async () => {
  const tar = s.file('in/b.tar', await packTar(folder));
  const tgz = s.file('in/b.tgz', await packTarGz(folder));
  const zip = s.file('in/b.zip', packZip(folder));
  const want = expected();
  for (const input of [folder, tar, tgz, zip]) {
    const c = await collect([input]);
    const got = asMap(c);
    assert.equal([...got.keys()].sort(), [...want.keys()].sort(), input);
    for (const [p, data] of want) assert.ok(got.get(p) === data, `${input}: content of ${p}`);
    for (const g of c.entries) {
      assert.is(g.entry.input, input);
      assert.is(g.entry.gunzipped, g.entry.path.endsWith('.gz'));
      if (g.entry.gunzipped) assert.is(g.entry.size, null);
      else assert.is(g.entry.size, g.data.length, `${input}: size of ${g.entry.path}`);
    }
    const problems = c.notes.filter((n) => n.status !== 'parsed');
    assert.equal(problems, [], `${input}: no skipped/unreadable notes`);
  }
});

test('display paths: the input base name then the path; a folder shows the path alone', async () => {
  const tgz = s.file('in/display.tgz', await packTarGz(folder));
  const a = await collect([tgz]);
  const one = a.entries.find((g) => g.entry.path === 'manifest.json')!;
  assert.is(one.entry.displayPath, 'display.tgz!manifest.json');
  const { dirs, files } = listFolder(folder);
  assert.equal(notesFor(a, 'display.tgz'), [
    { displayPath: 'display.tgz', status: 'parsed', recognisedAs: 'archive (tar.gz)', reason: `opened, ${dirs.length + files.length} entries` },
  ]);
  const b = await collect([folder]);
  assert.ok(b.entries.some((g) => g.entry.displayPath === 'manifest.json'));
});

test('folder order is sorted and deterministic; tar order is the stored order', async () => {
  const a = await collect([folder]);
  const paths = a.entries.map((g) => g.entry.path);
  const sortedByWalk = listFolder(folder).files.map((f) => f.path);
  assert.equal(paths, sortedByWalk);
  const t = s.file('in/order.tar', tarFromEntries([{ name: 'z', data: '1' }, { name: 'a', data: '2' }, { name: 'm', data: '3' }]));
  const b = await collect([t]);
  assert.equal(b.entries.map((g) => g.entry.path), ['z', 'a', 'm']);
});

test('nested: a tgz inside a tar inside a zip, and a zip inside a tgz', async () => {
  const deep = gzip(tarFromEntries([{ name: 'a/b.txt', data: 'deep' }]));
  const mid = tarFromEntries([{ name: 'x/deep.tgz', data: deep }, { name: 'mid.txt', data: 'mid' }]);
  const outer = s.file('in/outer.zip', zipFromEntries([{ name: 'inner.tar', data: mid, method: 'store' }, { name: 'top.txt', data: 'top' }]));
  const c = await collect([outer]);
  assert.equal(
    c.entries.map((g) => [g.entry.displayPath, g.entry.path, g.data.toString()]),
    [
      ['outer.zip!inner.tar!x/deep.tgz!a/b.txt', 'a/b.txt', 'deep'],
      ['outer.zip!inner.tar!mid.txt', 'mid.txt', 'mid'],
      ['outer.zip!top.txt', 'top.txt', 'top'],
    ],
  );
  assert.equal(
    c.notes.map((n) => [n.displayPath, n.status, n.recognisedAs]),
    [
      ['outer.zip!inner.tar!x/deep.tgz', 'parsed', 'archive (tar.gz)'],
      ['outer.zip!inner.tar', 'parsed', 'archive (tar)'],
      ['outer.zip', 'parsed', 'archive (zip)'],
    ],
  );

  const zipInTgz = s.file(
    'in/zip-in.tgz',
    gzip(tarFromEntries([{ name: 'hosts/cmp-02.zip', data: zipFromEntries([{ name: 'var/log/x.log', data: 'x\n' }]) }])),
  );
  const d = await collect([zipInTgz]);
  assert.equal(d.entries.map((g) => g.entry.displayPath), ['zip-in.tgz!hosts/cmp-02.zip!var/log/x.log']);
  assert.equal(notesFor(d, 'zip-in.tgz!hosts/cmp-02.zip')[0]!.recognisedAs, 'archive (zip)');

  // archives inside a folder input: the display path starts with the file's path
  s.file('withtgz/hosts/cmp-03.tgz', gzip(tarFromEntries([{ name: 'var/log/y.log', data: 'y\n' }])));
  s.file('withtgz/manifest.json', '{}');
  const e = await collect([s.path('withtgz')]);
  assert.equal(e.entries.map((g) => [g.entry.displayPath, g.entry.path]), [
    ['hosts/cmp-03.tgz!var/log/y.log', 'var/log/y.log'],
    ['manifest.json', 'manifest.json'],
  ]);
  assert.equal(e.notes, [{ displayPath: 'hosts/cmp-03.tgz', status: 'parsed', recognisedAs: 'archive (tar.gz)', reason: 'opened, 1 entry' }]);
});

test('kind is decided by content, never by name', async () => {
  const tarNamedTxt = s.file('in/really-a-tar.txt', tarFromEntries([{ name: 'inside.txt', data: 'in' }]));
  const tgzNamedZip = s.file('in/really-a-tgz.zip', gzip(tarFromEntries([{ name: 'inside.txt', data: 'in' }])));
  const textNamedTgz = s.file('in/just-text.tgz', 'plain text\n');
  const c = await collect([tarNamedTxt, tgzNamedZip, textNamedTgz]);
  assert.equal(
    c.entries.map((g) => g.entry.displayPath),
    ['really-a-tar.txt!inside.txt', 'really-a-tgz.zip!inside.txt', 'just-text.tgz'],
  );
});

test('gz rotated logs are decompressed on the fly and keep their name', async () => {
  const text = logText(2000, 'rotated');
  const t = s.file('in/rot.tar', tarFromEntries([{ name: 'var/log/nova/nova-compute.log.2.gz', data: gzip(text) }]));
  const single = s.file('in/nova-api.log.1.gz', gzip(text));
  const plain = s.file('in/server-show.txt', 'plain\n');
  const c = await collect([t, single, plain]);
  assert.equal(
    c.entries.map((g) => [g.entry.displayPath, g.entry.path, g.entry.gunzipped, g.entry.size]),
    [
      ['rot.tar!var/log/nova/nova-compute.log.2.gz', 'var/log/nova/nova-compute.log.2.gz', true, null],
      ['nova-api.log.1.gz', 'nova-api.log.1.gz', true, null],
      ['server-show.txt', 'server-show.txt', false, 6],
    ],
  );
  assert.is(c.entries[0]!.data.toString(), text);
  assert.is(c.entries[1]!.data.toString(), text);
  // concatenated gzip members (logrotate with delaycompress + cat) are read whole
  const multi = s.file('in/multi.log.gz', Buffer.concat([gzip('one\n'), gzip('two\n')]));
  const d = await collect([multi]);
  assert.is(d.entries[0]!.data.toString(), 'one\ntwo\n');
});

test('old v7 tar (no ustar magic) is recognised by its header checksum', async () => {
  const t = s.file('in/old.tar', tarFromEntries([{ name: 'a.txt', data: 'v7' }, { name: 'd/b.txt', data: 'bee' }], { format: 'v7' }));
  const c = await collect([t]);
  assert.equal(c.entries.map((g) => [g.entry.displayPath, g.data.toString()]), [['old.tar!a.txt', 'v7'], ['old.tar!d/b.txt', 'bee']]);
  assert.is(notesFor(c, 'old.tar')[0]!.recognisedAs, 'archive (tar)');
});

test('long names (PAX) are read', async () => {
  const long = `${'d'.repeat(120)}/${'f'.repeat(150)}.log`;
  const t = s.file('in/long.tar', tarFromEntries([{ name: long, data: 'long' }]));
  const c = await collect([t]);
  assert.is(c.entries[0]!.entry.path, long);
});

test('empty files, empty input file, empty zip', async () => {
  const t = s.file('in/empties.tar', tarFromEntries([{ name: 'e1', data: '' }, { name: 'e2', data: 'x' }, { name: 'e3' }]));
  const z = s.file('in/empties.zip', zipFromEntries([{ name: 'z1', data: '' }, { name: 'z2', data: '', method: 'store' }]));
  const emptyInput = s.file('in/empty.log', '');
  const emptyZip = s.file('in/nothing.zip', zipFromEntries([]));
  const c = await collect([t, z, emptyInput, emptyZip]);
  assert.equal(
    c.entries.map((g) => [g.entry.displayPath, g.data.length, g.entry.size]),
    [
      ['empties.tar!e1', 0, 0],
      ['empties.tar!e2', 1, 1],
      ['empties.tar!e3', 0, 0],
      ['empties.zip!z1', 0, 0],
      ['empties.zip!z2', 0, 0],
      ['empty.log', 0, 0],
    ],
  );
  assert.equal(notesFor(c, 'nothing.zip'), [
    { displayPath: 'nothing.zip', status: 'parsed', recognisedAs: 'archive (zip)', reason: 'opened, 0 entries' },
  ]);
});

test('duplicate names are kept and both handed over, in order', async () => {
  const t = s.file('in/dup.tar', tarFromEntries([{ name: 'a.txt', data: 'first' }, { name: './a.txt', data: 'second' }]));
  const z = s.file('in/dup.zip', zipFromEntries([{ name: 'a.txt', data: 'first' }, { name: 'a.txt', data: 'second' }]));
  for (const input of [t, z]) {
    const c = await collect([input]);
    assert.equal(c.entries.map((g) => [g.entry.path, g.data.toString()]), [['a.txt', 'first'], ['a.txt', 'second']]);
  }
});

test('several inputs: read in order, progress counts compressed bytes of all inputs', async () => {
  const tgz = s.file('in/p.tgz', await packTarGz(folder));
  const zip = s.file('in/p.zip', packZip(folder));
  const c = await collect([tgz, folder, zip]);
  const folderBytes = listFolder(folder).files.reduce((n, f) => n + f.data.length, 0);
  const total = fs.statSync(tgz).size + fs.statSync(zip).size + folderBytes;
  assert.ok(c.progress.length >= 2);
  for (const [, t] of c.progress) assert.is(t, total);
  for (let i = 1; i < c.progress.length; i++) assert.ok(c.progress[i]![0] >= c.progress[i - 1]![0], 'progress never goes back');
  assert.equal(c.progress.at(-1), [total, total]);
  assert.is(c.entries[0]!.entry.input, tgz);
  assert.is(c.entries.at(-1)!.entry.input, zip);
});

test('a missing or unreadable input throws one clear line, before anything is read', async () => {
  const good = s.file('in/good.txt', 'good\n');
  const missing = s.path('in/nope.tgz');
  let seen = 0;
  try {
    await collect([good, missing], {}, async (_e, st) => {
      seen++;
      return readAll(st);
    });
    assert.unreachable('should have thrown');
  } catch (err) {
    assert.instance(err, Error);
    assert.is((err as Error).message, `cannot read input '${missing}': no such file`);
  }
  assert.is(seen, 0);
  if (process.getuid && process.getuid() !== 0) {
    const locked = s.file('in/locked.tgz', 'x');
    fs.chmodSync(locked, 0o000);
    await collect([locked]).then(
      () => assert.unreachable('should have thrown'),
      (err: Error) => assert.match(err.message, /^cannot read input '.*locked\.tgz': permission denied$/),
    );
  }
});

test('onEntry failure is rethrown as is (after cleaning up)', async () => {
  const tgz = s.file('in/fail.tgz', await packTarGz(folder));
  const boom = new Error('parser bug');
  let calls = 0;
  await collect([tgz], {}, async () => {
    calls++;
    throw boom;
  }).then(
    () => assert.unreachable('should have thrown'),
    (err) => assert.is(err, boom),
  );
  assert.is(calls, 1);
});

test('a handler may destroy the stream or return without reading: the next entries still come', async () => {
  const big = noise(3_000_000, 7);
  const t = s.file('in/h.tgz', gzip(tarFromEntries([{ name: 'a', data: big }, { name: 'b', data: big }, { name: 'c', data: 'end' }])));
  const z = s.file('in/h.zip', zipFromEntries([{ name: 'a', data: big }, { name: 'b', data: big }, { name: 'c', data: 'end' }]));
  for (const input of [t, z]) {
    const c = await collect([input], {}, async (e, st) => {
      if (e.path === 'a') {
        st.destroy();
        return null;
      }
      if (e.path === 'b') return null; // not even looked at
      return readAll(st);
    });
    assert.equal(c.entries.map((g) => [g.entry.path, g.data.toString()]), [['c', 'end']]);
    assert.equal(c.notes.map((n) => n.status), ['parsed']);
  }
});

test('a handler reading slowly with backpressure gets the whole content', async () => {
  const big = noise(5_000_000, 3);
  const t = s.file('in/slow.tgz', gzip(tarFromEntries([{ name: 'big', data: big }, { name: 'after', data: 'ok' }])));
  const c = await collect([t], {}, async (_e, st) => {
    const parts: Buffer[] = [];
    for await (const chunk of st) {
      parts.push(chunk as Buffer);
      await new Promise((r) => setImmediate(r));
    }
    return Buffer.concat(parts);
  });
  assert.ok(c.entries[0]!.data.equals(big));
  assert.is(c.entries[1]!.data.toString(), 'ok');
});

test.run();
