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
 * - `forEachLineBytes` is the same splitter without the decoding: it hands over each line's bytes,
 *   and the decoded text only for the lines it had to decode to judge them (a NUL or a non-ASCII
 *   byte; one native `isAscii` pass per chunk tells which chunks can hold such lines). The log scan
 *   uses it to read nearly all lines in place and decode only the few it keeps.
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

/**
 * Byte-level line handler: the line is `buf[start, end)` (CR, cut and limits already applied).
 * `decoded` is the line as `forEachLine` delivers it when it had to be decoded to be judged (it held
 * a NUL or a non-ASCII byte), else null: then the bytes are plain ASCII and decode to themselves.
 * `binary` says whether the line looks binary (counted in `binaryLines`). `buf` is only valid during
 * the call (it may be the splitter's carry buffer).
 */
export type LineBytesHandler = (buf: Buffer, start: number, end: number, lineNo: number, decoded: string | null, binary: boolean) => void;

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

const isAsciiNative: ((b: Uint8Array) => boolean) | undefined = (require('node:buffer') as { isAscii?: (b: Uint8Array) => boolean }).isAscii;

/** true when every byte of buf[start, end) is below 0x80 */
function isAsciiRange(buf: Buffer, start: number, end: number): boolean {
  if (isAsciiNative) return isAsciiNative(buf.subarray(start, end));
  for (let i = start; i < end; i++) if (buf[i]! >= 0x80) return false;
  return true;
}

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
  const skipBinary = opts.skipBinary === true;
  return forEachLineBytes(stream, maxLineBytes, (buf, start, end, lineNo, decoded, binary) => {
    if (binary && skipBinary) return;
    onLine(decoded ?? buf.toString('utf8', start, end), lineNo);
  });
}

/**
 * The splitter under `forEachLine`, without decoding: `onLine` gets each line's bytes, and the
 * decoded text only for the lines that had to be decoded to be judged (NUL or non-ASCII bytes).
 * Same lines, numbers, cuts and statistics as `forEachLine` (binary lines are delivered and counted;
 * skipping them is up to the handler).
 */
export async function forEachLineBytes(
  stream: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>,
  maxLineBytes: number,
  onLine: LineBytesHandler,
): Promise<LineStats> {
  const max = Math.max(1, Math.floor(maxLineBytes));
  const cap = max + 1; // room for the CR of a line of exactly max bytes
  const stats: LineStats = { lines: 0, bytes: 0, cutLines: 0, binaryLines: 0, nulLines: 0 };
  let carry = Buffer.allocUnsafe(Math.min(cap, 64 * 1024));
  let carryLen = 0;
  let carryAscii = true;
  let skipping = false; // inside the skipped tail of a cut line
  let lineNo = 0;

  /**
   * Delivers bytes [start, end) of buf as one line (end excludes the LF). `ascii`: the bytes are
   * known to be ASCII (the chunk was); otherwise the line is checked.
   */
  const emit = (buf: Buffer, start: number, end: number, hasNul: boolean, forceCut: boolean, ascii: boolean): void => {
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
    if (!hasNul && (ascii || isAsciiRange(buf, start, e))) {
      onLine(buf, start, e, lineNo, null, false);
      return;
    }
    let line = buf.toString('utf8', start, e);
    let binary = false;
    if (hasNul) {
      stats.nulLines++;
      line = line.replace(NULS, '');
      binary = looksBinary(line, true);
    } else if (line.length !== e - start) {
      binary = looksBinary(line, false);
    }
    if (binary) stats.binaryLines++;
    onLine(buf, start, e, lineNo, line, binary);
  };

  const appendCarry = (src: Buffer, start: number, end: number, ascii: boolean): void => {
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
    if (!ascii) carryAscii = false;
  };

  const carryHasNul = (): boolean => carry.subarray(0, carryLen).indexOf(0) >= 0;
  const emitCarry = (forceCut: boolean): void => {
    emit(carry, 0, carryLen, carryHasNul(), forceCut, carryAscii);
    carryLen = 0;
    carryAscii = true;
  };

  for await (const piece of stream) {
    const chunk: Buffer =
      typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    const n = chunk.length;
    stats.bytes += n;
    let pos = 0;
    // one native pass tells whether any line of this chunk needs a closer look
    const ascii = isAsciiNative ? isAsciiNative(chunk) : false;

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
        appendCarry(chunk, pos, pos + room, ascii);
        emitCarry(true);
        if (nl < 0) {
          skipping = true;
          continue;
        }
        pos = nl + 1;
      } else {
        appendCarry(chunk, pos, stop, ascii);
        if (nl < 0) continue;
        emitCarry(false);
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
      emit(chunk, pos, nl, hasNul, false, ascii);
      pos = nl + 1;
    }

    if (pos < n) {
      const rest = n - pos;
      if (rest > cap) {
        emit(chunk, pos, pos + cap, nextNul < pos + cap, true, ascii);
        skipping = true;
      } else {
        appendCarry(chunk, pos, n, ascii);
      }
    }
  }
  if (carryLen > 0) emitCarry(false);
  stats.lines = lineNo;
  return stats;
}
