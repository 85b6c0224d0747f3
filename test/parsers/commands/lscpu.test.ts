/** lscpu: host CPU from lscpu. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lscpu } from '../../../src/parsers/commands/lscpu';
import { parseFail, parseOk, sample } from './_helpers';

test('util-linux ≥ 2.38 indented layout (REAL layout from a public note, Flags line added)', () => {
  const text = sample('lscpu.util-linux-2.38.txt');
  assert.ok(lscpu.sniff(text));
  const { value } = parseOk(lscpu, text, undefined, 'text');
  assert.is(value.arch, 'x86_64');
  assert.is(value.vendor, 'Intel', 'GenuineIntel in libvirt terms');
  assert.is(value.model, 'Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz');
  assert.is(value.features.length, 38);
  assert.ok(value.features.includes('vmx') && value.features.includes('avx512f'));
});

test('older flat layout, AMD', () => {
  const { value } = parseOk(lscpu, sample('lscpu.older.txt'));
  assert.equal(value, { arch: 'x86_64', vendor: 'AMD', model: 'AMD EPYC 7302 16-Core Processor', features: ['fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'svm', 'npt', 'avx2'] });
});

test('no Flags line: features unknown is said in a warning', () => {
  const { value, warnings } = parseOk(lscpu, 'Architecture:  aarch64\nCPU(s):  8\n');
  assert.equal(value.features, []);
  assert.ok(warnings[0]!.includes('features unknown'));
});

test('errors and empty', () => {
  parseFail(lscpu, '', 'empty');
  parseFail(lscpu, 'bash: lscpu: command not found\n', 'error-output');
});

test.run();
