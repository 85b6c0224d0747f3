/**
 * Line splitter for byte streams of any size, with bounded memory.
 *
 * - Bytes are scanned with `Buffer.indexOf(10)`; each line is decoded once with
 *   `buf.toString('utf8', start, end)` (invalid UTF-8 becomes U+FFFD; it never throws). Lines inside
 *   one chunk are decoded straight from the chunk; only a line crossing a chunk boundary is copied
 *   into a carry buffer, so a multi-byte character or a CR/LF pair split between chunks is decoded
 *   whole.
 * - LF and CRLF endings (one CR before the LF is removed; a lone CR elsewhere stays). A last line
 *   without a newline is delivered; an empty input gives no line.
 * - NUL bytes are stripped (files preallocated or cut by a crash hold runs of NULs, often followed
 *   by a normal log line on the same "line").
 * - A line longer than `maxLineBytes` keeps its first `maxLineBytes` bytes (cut back to a UTF-8
 *   character boundary), the rest up to the next newline is skipped without being buffered; it is
 *   counted in `cutLines`. The carry buffer never exceeds maxLineBytes + 1 bytes.
 * - `binaryLines` counts lines that look binary: after NULs are stripped, more than one character in
 *   eight is a control character (other than TAB, ESC, CR, FF) or U+FFFD, or the line was only
 *   NULs. Only lines with a NUL or a non-ASCII byte are examined (a pure-ASCII line whose decoded
 *   length equals its byte length is never binary-looking enough to matter), so plain text costs
 *   nothing extra. With `skipBinary` those lines are not delivered (line numbers still count them).
 */

export interface LineStats {
  /** physical lines seen (delivered or not) */
  lines: number;
  /** bytes read from the stream */
  bytes: number;
  /** lines longer than maxLineBytes, delivered cut */
  cutLines: number;
  /** lines that look binary */
  binaryLines: number;
  /** lines that contained NUL bytes (stripped) */
  nulLines: number;
}

export interface LineOptions {
  /** do not deliver binary-looking lines (still counted) */
  skipBinary?: boolean;
}

export type LineHandler = (line: string, lineNo: number) => void;

/** Index ≤ cut where a UTF-8 character starts (so `[start, result)` holds whole characters). */
function utf8Boundary(buf: Buffer, start: number, cut: number): number {
  let c = cut;
  for (let k = 0; k < 3 && c > start && (buf[c]! & 0xc0) === 0x80; k++) c--;
  return c;
}

function looksBinary(line: string, hadNul: boolean): boolean {
  const n = line.length;
  if (n === 0) return hadNul;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c < 32) {
      if (c !== 9 && c !== 27 && c !== 13 && c !== 12) bad++;
    } else if (c === 0xfffd || c === 127) {
      bad++;
    }
  }
  return bad * 8 > n;
}

const NULS = /\0/g;

/**
 * Calls `onLine(line, lineNo)` for every line of `stream` (1-based numbers), in order, and resolves
 * with the statistics once the stream has ended. Errors of the stream reject the promise.
 */
export async function forEachLine(
  stream: AsyncIterable<Buffer | Uint8Array | string>,
  maxLineBytes: number,
  onLine: LineHandler,
  opts: LineOptions = {},
): Promise<LineStats> {
  const max = Math.max(1, Math.floor(maxLineBytes));
  const cap = max + 1; // room for the CR of a line of exactly max bytes
  const skipBinary = opts.skipBinary === true;
  const stats: LineStats = { lines: 0, bytes: 0, cutLines: 0, binaryLines: 0, nulLines: 0 };
  let carry = Buffer.allocUnsafe(Math.min(cap, 64 * 1024));
  let carryLen = 0;
  let skipping = false; // inside the skipped tail of a cut line
  let lineNo = 0;

  /** Delivers bytes [start, end) of buf as one line (end excludes the LF). */
  const emit = (buf: Buffer, start: number, end: number, hasNul: boolean, forceCut: boolean): void => {
    let e = end;
    if (e > start && buf[e - 1] === 13) e--;
    let cut = forceCut;
    if (e - start > max) {
      e = utf8Boundary(buf, start, start + max);
      cut = true;
    } else if (cut) {
      e = utf8Boundary(buf, start, e);
    }
    lineNo++;
    if (cut) stats.cutLines++;
    let line = buf.toString('utf8', start, e);
    let binary = false;
    if (hasNul) {
      stats.nulLines++;
      line = line.replace(NULS, '');
      binary = looksBinary(line, true);
    } else if (line.length !== e - start) {
      binary = looksBinary(line, false);
    }
    if (binary) {
      stats.binaryLines++;
      if (skipBinary) return;
    }
    onLine(line, lineNo);
  };

  const appendCarry = (src: Buffer, start: number, end: number): void => {
    const need = carryLen + (end - start);
    if (need > carry.length) {
      let size = carry.length * 2;
      while (size < need) size *= 2;
      const next = Buffer.allocUnsafe(Math.min(size, cap));
      carry.copy(next, 0, 0, carryLen);
      carry = next;
    }
    src.copy(carry, carryLen, start, end);
    carryLen += end - start;
  };

  const carryHasNul = (): boolean => carry.subarray(0, carryLen).indexOf(0) >= 0;

  for await (const piece of stream) {
    const chunk: Buffer =
      typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    const n = chunk.length;
    stats.bytes += n;
    let pos = 0;

    if (skipping) {
      const nl = chunk.indexOf(10);
      if (nl < 0) continue;
      skipping = false;
      pos = nl + 1;
    }

    if (carryLen > 0) {
      const nl = chunk.indexOf(10, pos);
      const stop = nl < 0 ? n : nl;
      const room = cap - carryLen;
      if (stop - pos > room) {
        // the line outgrows the limit: deliver its head now, skip the rest
        appendCarry(chunk, pos, pos + room);
        emit(carry, 0, carryLen, carryHasNul(), true);
        carryLen = 0;
        if (nl < 0) {
          skipping = true;
          continue;
        }
        pos = nl + 1;
      } else {
        appendCarry(chunk, pos, stop);
        if (nl < 0) continue;
        emit(carry, 0, carryLen, carryHasNul(), false);
        carryLen = 0;
        pos = nl + 1;
      }
    }

    let nextNul = pos < n ? chunk.indexOf(0, pos) : -1;
    if (nextNul < 0) nextNul = n;
    while (pos < n) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) break;
      let hasNul = false;
      if (nextNul < nl) {
        hasNul = true;
        nextNul = chunk.indexOf(0, nl + 1);
        if (nextNul < 0) nextNul = n;
      }
      emit(chunk, pos, nl, hasNul, false);
      pos = nl + 1;
    }

    if (pos < n) {
      const rest = n - pos;
      if (rest > cap) {
        emit(chunk, pos, pos + cap, nextNul < pos + cap, true);
        skipping = true;
      } else {
        appendCarry(chunk, pos, n);
      }
    }
  }
  if (carryLen > 0) {
    emit(carry, 0, carryLen, carryHasNul(), false);
    carryLen = 0;
  }
  stats.lines = lineNo;
  return stats;
}
