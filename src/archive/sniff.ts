/**
 * Content detection by magic bytes (never by name).
 */

/** gzip member: 1f 8b, compression method 8 (deflate) */
export function isGzip(head: Buffer): boolean {
  return head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08;
}

/** zip local file header PK\x03\x04, or the end record of an empty zip PK\x05\x06 */
export function isZip(head: Buffer): boolean {
  return (
    head.length >= 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06))
  );
}

function parseOctal(buf: Buffer, start: number, len: number): number | null {
  let i = start;
  const end = start + len;
  while (i < end && (buf[i] === 0x20 || buf[i] === 0)) i++;
  let v = 0;
  let digits = 0;
  while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x37) {
    v = v * 8 + (buf[i]! - 0x30);
    i++;
    digits++;
  }
  if (digits === 0) return null;
  // what follows the digits must be a terminator
  while (i < end) {
    if (buf[i] !== 0x20 && buf[i] !== 0) return null;
    i++;
  }
  return v;
}

/** a 512-byte block whose header checksum is right (old v7 tars have no 'ustar' magic) */
export function hasValidTarChecksum(head: Buffer): boolean {
  if (head.length < 512 || head[0] === 0) return false;
  const stored = parseOctal(head, 148, 8);
  if (stored === null) return false;
  let unsigned = 8 * 0x20;
  let signed = 8 * 0x20;
  for (let i = 0; i < 512; i++) {
    if (i >= 148 && i < 156) continue;
    const b = head[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

export function isTar(head: Buffer): boolean {
  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return true;
  return hasValidTarChecksum(head);
}

export type ArchiveKind = 'tar' | 'zip';

export function sniffArchive(head: Buffer): ArchiveKind | null {
  if (isZip(head)) return 'zip';
  if (isTar(head)) return 'tar';
  return null;
}
