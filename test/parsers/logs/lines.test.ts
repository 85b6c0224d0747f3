import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { forEachLine } from '../../../src/parsers/logs/lines';
import type { LineOptions, LineStats } from '../../../src/parsers/logs/lines';

async function* chunksOf(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let o = 0; o < buf.length; o += size) yield buf.subarray(o, Math.min(buf.length, o + size));
}

async function collect(
  input: Buffer | AsyncIterable<Buffer>,
  max = 1024 * 1024,
  chunk = 65536,
  opts?: LineOptions,
): Promise<{ lines: string[]; nos: number[]; stats: LineStats }> {
  const lines: string[] = [];
  const nos: number[] = [];
  const src = Buffer.isBuffer(input) ? chunksOf(input, chunk) : input;
  const stats = await forEachLine(src, max, (l, n) => {
    lines.push(l);
    nos.push(n);
  }, opts);
  return { lines, nos, stats };
}

test('LF, CRLF, lone CR kept, empty lines, line numbers', async () => {
  const r = await collect(Buffer.from('a\r\nb\n\nc\rd\r\n'));
  assert.equal(r.lines, ['a', 'b', '', 'c\rd']);
  assert.equal(r.nos, [1, 2, 3, 4]);
  assert.equal(r.stats.lines, 4);
  assert.equal(r.stats.bytes, 11);
  assert.equal(r.stats.cutLines, 0);
});

test('last line without newline; empty input; lone newline', async () => {
  assert.equal((await collect(Buffer.from('a\nb'))).lines, ['a', 'b']);
  assert.equal((await collect(Buffer.from('a\nb\r'))).lines, ['a', 'b']);
  assert.equal((await collect(Buffer.from(''))).lines, []);
  assert.equal((await collect(Buffer.from('a\n'))).lines, ['a']);
  assert.equal((await collect(Buffer.from('\n'))).lines, ['']);
});

test('invalid UTF-8 becomes U+FFFD and never throws', async () => {
  const buf = Buffer.from([0x61, 0xff, 0x62, 0x0a, 0xe4, 0xb8, 0x0a, 0xc3, 0xa9, 0x0a]);
  const r = await collect(buf);
  assert.equal(r.lines, ['a\ufffdb', '\ufffd', 'é']);
  assert.equal(r.stats.binaryLines, 1); // the lone broken sequence: 1 of 1 chars is U+FFFD
});

test('NUL bytes are stripped; a NUL-only run counts as binary; skipBinary drops it', async () => {
  const nuls = Buffer.alloc(4096);
  const line = Buffer.from('2017-10-20 01:34:43.508 29680 ERROR cinder.volume.manager [-] x\n');
  const buf = Buffer.concat([Buffer.from('ab\0\0cd\n'), nuls, Buffer.from('\n'), nuls, line]);
  const r = await collect(buf, 1024 * 1024, 1000);
  assert.equal(r.lines, ['abcd', '', line.toString().trimEnd()]);
  assert.equal(r.stats.nulLines, 3);
  assert.equal(r.stats.binaryLines, 1);
  const s = await collect(buf, 1024 * 1024, 1000, { skipBinary: true });
  assert.equal(s.lines, ['abcd', line.toString().trimEnd()]);
  assert.equal(s.nos, [1, 3]);
  assert.equal(s.stats.lines, 3);
});

test('binary-looking lines are counted (random high bytes)', async () => {
  const junk = Buffer.alloc(300);
  for (let i = 0; i < junk.length; i++) junk[i] = i % 7 === 0 ? 0x0a + 1 : 0x80 + ((i * 37) % 120);
  const r = await collect(Buffer.concat([Buffer.from('ok line\n'), junk, Buffer.from('\nok again\n')]));
  assert.equal(r.stats.binaryLines, 1);
  assert.equal(r.lines[0], 'ok line');
  assert.equal(r.lines[2], 'ok again');
  // UTF-8 text (Chinese, from a localised nova-api message) is not binary
  const zh = await collect(Buffer.from('HTTP exception thrown: 云主机类型 centos72 没有找到。\n'));
  assert.equal(zh.stats.binaryLines, 0);
  assert.equal(zh.lines, ['HTTP exception thrown: 云主机类型 centos72 没有找到。']);
});

test('1-byte chunks: multi-byte characters and CRLF split across chunks', async () => {
  const text = 'é中😀 line one\r\nsecond – ünïcode\r\n\r\nlast😀';
  const whole = await collect(Buffer.from(text));
  const bytewise = await collect(Buffer.from(text), 1024, 1);
  assert.equal(whole.lines, ['é中😀 line one', 'second – ünïcode', '', 'last😀']);
  assert.equal(bytewise.lines, whole.lines);
  assert.equal(bytewise.nos, [1, 2, 3, 4]);
  for (const size of [2, 3, 5, 7, 11]) assert.equal((await collect(Buffer.from(text), 1024, size)).lines, whole.lines);
});

test('a 5 MB line with maxLineBytes 64 KiB is cut, counted, and the next line survives', async () => {
  const max = 64 * 1024;
  async function* gen(): AsyncGenerator<Buffer> {
    yield Buffer.from('first\n');
    const x = Buffer.alloc(65536, 0x78);
    for (let i = 0; i < 80; i++) yield x; // 5 MiB without newline
    yield Buffer.from('yyy\r\nnext line\n');
  }
  const r = await collect(gen(), max);
  assert.equal(r.lines.length, 3);
  assert.is(r.lines[0], 'first');
  assert.is(r.lines[1]!.length, max);
  assert.ok(/^x+$/.test(r.lines[1]!));
  assert.is(r.lines[2], 'next line');
  assert.equal(r.nos, [1, 2, 3]);
  assert.is(r.stats.cutLines, 1);
  assert.is(r.stats.bytes, 6 + 80 * 65536 + 15);
});

test('a long line inside one big chunk, and a line of exactly maxLineBytes with CRLF, are handled', async () => {
  const max = 100;
  const big = Buffer.concat([Buffer.from('a'.repeat(1000) + '\n'), Buffer.from('b'.repeat(100) + '\r\n'), Buffer.from('c\n')]);
  for (const chunk of [1, 7, 99, 100, 101, 102, 65536]) {
    const r = await collect(big, max, chunk);
    assert.equal(r.lines, ['a'.repeat(100), 'b'.repeat(100), 'c'], `chunk ${chunk}`);
    assert.is(r.stats.cutLines, 1, `chunk ${chunk}`);
  }
});

test('a cut never splits a UTF-8 character', async () => {
  const line = 'é'.repeat(100); // 200 bytes
  for (const chunk of [1, 3, 64, 4096]) {
    const r = await collect(Buffer.from(line + '\nz\n'), 51, chunk);
    assert.is(r.lines[0], 'é'.repeat(25), `chunk ${chunk}`);
    assert.is(r.lines[1], 'z');
    assert.is(r.stats.cutLines, 1);
  }
});

test('memory stays bounded on a 256 MB line', async () => {
  const x = Buffer.alloc(1024 * 1024, 0x41);
  let peak = 0;
  async function* gen(): AsyncGenerator<Buffer> {
    for (let i = 0; i < 256; i++) {
      if ((i & 15) === 0) peak = Math.max(peak, process.memoryUsage().arrayBuffers);
      yield x; // the same buffer again and again: nothing to retain but the carry
    }
    yield Buffer.from('\nafter\n');
  }
  const before = process.memoryUsage().arrayBuffers;
  const r = await collect(gen(), 64 * 1024);
  assert.is(r.lines[0]!.length, 64 * 1024);
  assert.is(r.lines[1], 'after');
  assert.is(r.stats.cutLines, 1);
  assert.ok(peak - before < 16 * 1024 * 1024, `arrayBuffers grew by ${peak - before}`);
});

test('string chunks and Uint8Array chunks are accepted', async () => {
  async function* gen(): AsyncGenerator<string | Uint8Array> {
    yield 'ab';
    yield new Uint8Array([0x63, 0x0a, 0x64]);
  }
  const lines: string[] = [];
  await forEachLine(gen(), 100, (l) => lines.push(l));
  assert.equal(lines, ['abc', 'd']);
});

test('stream errors reject', async () => {
  async function* gen(): AsyncGenerator<Buffer> {
    yield Buffer.from('a\n');
    throw new Error('boom');
  }
  let err: unknown = null;
  try {
    await forEachLine(gen(), 100, () => {});
  } catch (e) {
    err = e;
  }
  assert.instance(err, Error);
});

test.run();
