import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HostDirectory } from '../../src/facts/hosts';

test('joins names the data pairs, case-insensitively', () => {
  const d = new HostDirectory();
  d.same('9a1c3f5e-0b2d-4e6f-8a7c-1d3e5f7a9b0c', 'cmp-02.example.net', '10.0.0.12');
  d.same('cmp-02');
  d.joinShortNames();
  assert.ok(d.isSame('CMP-02.example.net', '9a1c3f5e-0b2d-4e6f-8a7c-1d3e5f7a9b0c'));
  assert.ok(d.isSame('cmp-02', '10.0.0.12'));
  assert.not.ok(d.isSame('cmp-01', 'cmp-02'));
  assert.equal(d.aliases('cmp-02').sort(), ['10.0.0.12', '9a1c3f5e-0b2d-4e6f-8a7c-1d3e5f7a9b0c', 'cmp-02', 'cmp-02.example.net'].sort());
});

test('ignores None and empty names', () => {
  const d = new HostDirectory();
  d.same('cmp-01', 'None', null, '');
  assert.equal(d.aliases('cmp-01'), ['cmp-01']);
});

test.run();
