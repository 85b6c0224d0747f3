/** Small stream helpers shared by the stages. */
import { Readable } from 'node:stream';

/** Reads a stream up to `cap` bytes; the rest is drained and counted, never buffered. */
export async function readCapped(
  stream: Readable,
  cap: number,
): Promise<{ buf: Buffer; truncated: boolean; bytes: number }> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (kept < cap) {
      const part = kept + chunk.length > cap ? chunk.subarray(0, cap - kept) : chunk;
      chunks.push(part);
      kept += part.length;
    }
  }
  return { buf: Buffer.concat(chunks, kept), truncated: bytes > cap, bytes };
}

/**
 * Reads the first `n` bytes of a stream and returns them with a stream that yields the whole
 * content again (head first, then the rest), so content can be sniffed without losing it.
 */
export async function peek(stream: Readable, n: number): Promise<{ head: Buffer; rest: Readable }> {
  const it = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let got = 0;
  let done = false;
  while (got < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    chunks.push(r.value);
    got += r.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* replay(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head: head.subarray(0, Math.min(n, head.length)), rest: Readable.from(replay(), { objectMode: false }) };
}

/** Decodes bytes as UTF-8 text, dropping a BOM and NUL bytes (never throws). */
export function toText(buf: Buffer): string {
  let s = buf.toString('utf8');
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  return s.includes('\u0000') ? s.replace(/\u0000/g, '') : s;
}
