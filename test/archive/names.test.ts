import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { normaliseEntryPath } from '../../src/archive/names';
import { hasValidTarChecksum, isGzip, isTar, isZip, sniffArchive } from '../../src/archive/sniff';
import { gzip, tarFromEntries, zipFromEntries } from '../helpers/pack';

test('normaliseEntryPath: plain names are kept, tidied silently', () => {
  assert.equal(normaliseEntryPath('commands/server-show.json'), { path: 'commands/server-show.json', unsafe: null });
  assert.equal(normaliseEntryPath('./bundle//logs/./a.log'), { path: 'bundle/logs/a.log', unsafe: null });
  assert.equal(normaliseEntryPath('a/b/../c'), { path: 'a/c', unsafe: null });
  assert.equal(normaliseEntryPath('hosts\\cmp-01\\var\\log\\x.log'), { path: 'hosts/cmp-01/var/log/x.log', unsafe: null });
  assert.equal(normaliseEntryPath('dir/'), { path: 'dir', unsafe: null });
});

test('normaliseEntryPath: hostile names', () => {
  const cases: [string, string, RegExp][] = [
    ['../x', 'x', /climbing above the archive root/],
    ['../../../../etc/passwd', 'etc/passwd', /climbing/],
    ['/etc/passwd', 'etc/passwd', /absolute path made relative/],
    ['//server/share/x', 'server/share/x', /absolute/],
    ['..\\..\\x', 'x', /climbing/],
    ['C:\\x', 'x', /drive letter removed/],
    ['c:/windows/x', 'windows/x', /drive letter/],
    ['a/../../w', 'w', /climbing/],
    ['evil\u0000name\nx', 'evil_name_x', /control characters/],
  ];
  for (const [raw, path, why] of cases) {
    const n = normaliseEntryPath(raw);
    assert.is(n.path, path, raw);
    assert.ok(n.unsafe, raw);
    assert.match(n.unsafe!, why, raw);
  }
  assert.equal(normaliseEntryPath('..'), { path: '', unsafe: "'..' climbing above the archive root dropped" });
  assert.equal(normaliseEntryPath('/'), { path: '', unsafe: 'absolute path made relative' });
});

test('sniffing by magic bytes', () => {
  assert.ok(isGzip(gzip('x')));
  assert.not.ok(isGzip(Buffer.from([0x1f, 0x8b])));
  assert.ok(isZip(zipFromEntries([{ name: 'a', data: 'b' }])));
  assert.ok(isZip(zipFromEntries([])), 'empty zip: end record only');
  const ustar = tarFromEntries([{ name: 'a.txt', data: 'x' }]);
  const v7 = tarFromEntries([{ name: 'a.txt', data: 'x' }], { format: 'v7' });
  assert.ok(isTar(ustar));
  assert.ok(isTar(v7));
  assert.ok(hasValidTarChecksum(v7));
  const broken = Buffer.from(v7);
  broken[0] = 0x42; // checksum no longer matches
  assert.not.ok(isTar(broken));
  assert.not.ok(isTar(Buffer.alloc(1024)), 'zero blocks are not a tar header');
  assert.not.ok(isTar(Buffer.from('x'.repeat(600))));
  assert.is(sniffArchive(Buffer.from('{"OS-EXT-SRV-ATTR:host": "cmp-01"}')), null);
  assert.is(sniffArchive(ustar), 'tar');
  assert.is(sniffArchive(zipFromEntries([])), 'zip');
});

test.run();
