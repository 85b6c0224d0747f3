import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gzip, tarFromEntries, zipFromEntries } from '../helpers/pack';
import { Scratch, collect } from './_util';

let s: Scratch;
test.before(() => {
  s = new Scratch();
});
test.after(() => s.cleanup());

const N = 20_000;
const names = Array.from({ length: N }, (_, i) => `hosts/h${i % 50}/commands/c${i}.txt`);

test('20k tiny entries in a tar.gz and in a zip are all handed over, within the limits', async () => {
  const tgz = s.file('many.tgz', gzip(tarFromEntries(names.map((name, i) => ({ name, data: `${i}\n` })))));
  const zip = s.file('many.zip', zipFromEntries(names.map((name, i) => ({ name, data: `${i}\n` }))));
  for (const input of [tgz, zip]) {
    const cpu = process.cpuUsage();
    const c = await collect([input]);
    const used = process.cpuUsage(cpu);
    const ms = (used.user + used.system) / 1000; // CPU time: wall time depends on the machine's load
    assert.is(c.entries.length, N, input);
    assert.is(c.entries[12_345]!.entry.path, names[12_345]);
    assert.is(c.entries[12_345]!.data.toString(), '12345\n');
    assert.equal(c.notes.map((n) => n.status), ['parsed']);
    assert.ok(ms < 5000, `${input}: ${ms} ms of CPU`);
  }
});

test('a folder of 1000 small files', async () => {
  const M = 1000; // creating the files is what costs here
  for (let i = 0; i < M; i++) s.file(`folder/${names[i]}`, `${i}\n`);
  const c = await collect([s.path('folder')]);
  assert.is(c.entries.length, M);
  assert.equal(c.notes, []);
});

test.run();
