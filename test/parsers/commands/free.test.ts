/** free: free -m. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { free } from '../../../src/parsers/commands/free';
import { fileArg, parseFail, parseOk } from './_helpers';

test('procps-ng layout (REAL free -m of a public note)', () => {
  const text = '              total        used        free      shared  buff/cache   available\nMem:           1837         346          96           0        1394        1299\nSwap:             0           0           0\n';
  assert.ok(free.sniff(text));
  assert.is(fileArg(free, 'free_-m'), undefined);
  assert.equal(parseOk(free, text, undefined, 'text').value, { totalMb: 1837, usedMb: 346, freeMb: 96, availableMb: 1299 });
});

test('old procps layout: no available column', () => {
  const text = '             total       used       free     shared    buffers     cached\nMem:          7872       7520        351          0        222       5285\n-/+ buffers/cache:       2012       5859\nSwap:         2047          0       2047\n';
  assert.equal(parseOk(free, text).value, { totalMb: 7872, usedMb: 7520, freeMb: 351, availableMb: null });
});

test('free -h values with units are converted to MiB', () => {
  const text = '               total        used        free      shared  buff/cache   available\nMem:           188Gi        45Gi        70Gi       4.4Gi        78Gi       143Gi\n';
  assert.equal(parseOk(free, text).value, { totalMb: 192512, usedMb: 46080, freeMb: 71680, availableMb: 146432 });
});

test('errors and empty', () => {
  parseFail(free, '', 'empty');
  parseFail(free, 'bash: free: command not found', 'error-output');
});

test.run();
