/**
 * What happens to one content (a file of a folder, an input file, a member of an archive):
 * sniffed, decompressed on the fly when it is gzip, xz, bzip2 or zstd (decompress.ts), opened as a
 * nested archive when it is a tar or zip, named and left when it is a format this reader does not
 * open (7-zip, rar…), otherwise handed to the caller's onEntry with the limits applied.
 */
import { Readable } from 'node:stream';
import type { BundleEntry } from './types';
import {
  CHUNK,
  type Container,
  type ContainerResult,
  type Ctx,
  HandlerFailure,
  type Member,
  SNIFF_BYTES,
  entries as countEntries,
  joinDisplay,
  noop,
  oneLine,
  printable,
} from './context';
import { BufferSource } from './files';
import { normaliseEntryPath } from './names';
import { type Compression, compressionLabel, openDecoder, sniffCompression, sniffUnsupported, tarSuffix } from './decompress';
import type { DecodeLayer, Pull } from './pull';
import { type ArchiveKind, sniffArchive } from './sniff';
import { readTar } from './tar';
import { readZip } from './zip';

export interface ContentInfo {
  input: string;
  path: string;
  displayPath: string;
  /** declared size from the container, if any */
  size: number | null;
  /** archives enclosing this content (0 for an input file or a file of a folder input) */
  depth: number;
  /** decompression already applied by the container to this content (a zip member's deflate) */
  layers: DecodeLayer[];
  /** decompression layers under the container (see Container.layers) */
  outer: DecodeLayer[];
}

function archiveLabel(kind: ArchiveKind, compression: Compression | null): string {
  if (kind === 'tar') return compression ? `archive (${tarSuffix(compression)})` : 'archive (tar)';
  return compression ? `archive (zip, ${compression}-compressed)` : 'archive (zip)';
}

function firstCut(layers: DecodeLayer[]): string | null {
  for (const l of layers) if (l.cut) return l.cut;
  return null;
}

/** Members of containers (tar, zip) come here; injected as ctx.member. */
export async function handleMember(
  ctx: Ctx,
  container: Container,
  member: Member,
  content: Pull | null,
  layers: DecodeLayer[],
): Promise<void> {
  if (member.kind === 'directory') return;
  const { path, unsafe } = normaliseEntryPath(member.rawName);
  const displayPath = joinDisplay(container.displayPath, path || '(no name)');
  if (member.kind === 'skip' || member.kind === 'unreadable') {
    ctx.note({
      displayPath,
      status: member.kind === 'skip' ? 'skipped' : 'unreadable',
      recognisedAs: member.recognisedAs ?? null,
      reason: member.reason,
    });
    return;
  }
  if (!path) {
    ctx.note({ displayPath, status: 'skipped', recognisedAs: null, reason: `entry named '${printable(member.rawName)}' has no usable name; not read` });
    return;
  }
  if (unsafe) {
    ctx.note({
      displayPath,
      status: 'parsed',
      recognisedAs: null,
      reason: `unsafe entry name '${printable(member.rawName)}' (${unsafe}); read as '${path}'`,
    });
  }
  if (!content || member.kind !== 'file') return;
  const seen = (container.seen ??= new Map());
  const copies = (seen.get(path) ?? 0) + 1;
  seen.set(path, copies);
  if (copies > 1) {
    ctx.note({
      displayPath,
      status: 'parsed',
      recognisedAs: null,
      reason: `duplicate path: this archive holds '${printable(path)}' more than once; every copy is read (this is copy ${copies})`,
    });
  }
  await processContent(
    ctx,
    { input: container.input, path, displayPath, size: member.size, depth: container.depth + 1, layers, outer: container.layers },
    content,
  );
}

/**
 * Sniff `raw` and hand it over, decompress it, or open it as an archive. The caller owns `raw` and
 * discards it afterwards.
 */
export async function processContent(ctx: Ctx, info: ContentInfo, raw: Pull): Promise<void> {
  let head: Buffer;
  try {
    head = await raw.peek(SNIFF_BYTES);
  } catch (err) {
    ctx.note({ displayPath: info.displayPath, status: 'unreadable', recognisedAs: null, reason: `cannot be read: ${oneLine(err)}` });
    return;
  }
  let decoder: DecodeLayer | null = null;
  const compression = sniffCompression(head);
  let content = raw;
  const layers = info.layers.slice();
  try {
    if (compression) {
      const opened = openDecoder(compression, raw, ctx.limits.maxCompressionRatio, ctx.budget);
      if ('unavailable' in opened) {
        ctx.note({ displayPath: info.displayPath, status: 'unreadable', recognisedAs: compressionLabel(compression), reason: opened.unavailable });
        return;
      }
      decoder = opened;
      layers.push(decoder);
      content = decoder.pull;
      try {
        head = await content.peek(SNIFF_BYTES);
      } catch (err) {
        ctx.note({
          displayPath: info.displayPath,
          status: 'unreadable',
          recognisedAs: compressionLabel(compression),
          reason: `corrupt ${compression} data: ${oneLine(err)}`,
        });
        return;
      }
    } else {
      const foreign = sniffUnsupported(head);
      if (foreign) {
        ctx.note({ displayPath: info.displayPath, status: 'unreadable', recognisedAs: foreign, reason: `${foreign}: not supported (send it as .tar.gz, .tar.xz, .tar.bz2, .tar.zst or .zip)` });
        return;
      }
    }
    const kind = sniffArchive(head);
    if (kind) {
      await openNested(ctx, info, content, kind, compression, layers);
      return;
    }
    const entry: BundleEntry = {
      input: info.input,
      path: info.path,
      displayPath: info.displayPath,
      size: decoder ? null : info.size,
      gunzipped: compression === 'gzip',
      compression,
    };
    await deliver(ctx, entry, content, layers, info.outer);
  } finally {
    if (decoder) await decoder.close();
  }
}

async function openNested(
  ctx: Ctx,
  info: ContentInfo,
  content: Pull,
  kind: ArchiveKind,
  compression: Compression | null,
  layers: DecodeLayer[],
): Promise<void> {
  const label = archiveLabel(kind, compression);
  const max = ctx.limits.maxNestingDepth;
  if (info.depth > max) {
    ctx.note({
      displayPath: info.displayPath,
      status: 'skipped',
      recognisedAs: label,
      reason: `archive nested more than ${max} levels deep; not opened`,
    });
    return;
  }
  const container: Container = {
    input: info.input,
    displayPath: info.displayPath,
    depth: info.depth,
    layers: [...info.outer, ...layers],
  };
  let result: ContainerResult;
  if (kind === 'tar') {
    result = await readTar(ctx, content, container);
  } else {
    const buf = await bufferNestedZip(ctx, info, content, compression !== null, label);
    if (!buf) return;
    result = await readZip(ctx, new BufferSource(buf), container);
  }
  finishContainer(ctx, info.displayPath, label, result, container.layers);
}

/** The note that closes a container (input archive or nested archive). */
export function finishContainer(
  ctx: Ctx,
  displayPath: string,
  label: string,
  r: ContainerResult,
  layers: DecodeLayer[],
): void {
  const cut = firstCut(layers);
  const count = countEntries(r.entries);
  if (r.interrupted && ctx.stop) {
    ctx.note({ displayPath, status: 'skipped', recognisedAs: label, reason: `${ctx.stop}; the rest of this archive was not read (${count} seen)` });
  } else if (cut) {
    ctx.note({ displayPath, status: 'skipped', recognisedAs: label, reason: `${cut}; the rest of this archive was not read (${count} seen)` });
  } else if (r.damage) {
    ctx.note({ displayPath, status: 'unreadable', recognisedAs: label, reason: r.damage });
  } else {
    ctx.note({ displayPath, status: 'parsed', recognisedAs: label, reason: `opened, ${count}` });
  }
}

/** A zip needs random access: a nested one is held in memory, up to limits.maxNestedZipBytes. */
async function bufferNestedZip(
  ctx: Ctx,
  info: ContentInfo,
  content: Pull,
  gzipped: boolean,
  label: string,
): Promise<Buffer | null> {
  const max = ctx.limits.maxNestedZipBytes;
  const tooBig = (): null => {
    ctx.note({
      displayPath: info.displayPath,
      status: 'skipped',
      recognisedAs: label,
      reason: `zip inside an archive is read in memory, and this one is larger than ${max} bytes; not opened`,
    });
    return null;
  };
  if (!gzipped && info.size !== null && info.size > max) return tooBig();
  if (!gzipped && info.size !== null) {
    // the size is declared: one buffer of that size, filled as the bytes come (no second copy)
    const buf = Buffer.allocUnsafe(info.size);
    let at = 0;
    for (;;) {
      let c: Buffer | null;
      try {
        c = await content.read();
      } catch {
        break;
      }
      if (c === null) break;
      if (at + c.length > buf.length) return tooBig();
      c.copy(buf, at);
      at += c.length;
    }
    return at === buf.length ? buf : buf.subarray(0, at);
  }
  const parts: Buffer[] = [];
  let total = 0;
  for (;;) {
    let c: Buffer | null;
    try {
      c = await content.read();
    } catch {
      // damaged below: read what arrived (the zip reader recovers what it can and says so)
      break;
    }
    if (c === null) break;
    total += c.length;
    if (total > max) return tooBig();
    parts.push(c);
  }
  return Buffer.concat(parts, total);
}

/**
 * Hand one regular file to onEntry: a Readable that this function writes into with backpressure,
 * cut at the per-entry and total limits and always ended cleanly (damage below is reported as a
 * note, not as a stream error).
 */
async function deliver(
  ctx: Ctx,
  entry: BundleEntry,
  src: Pull,
  layers: DecodeLayer[],
  outer: DecodeLayer[],
): Promise<void> {
  const limits = ctx.limits;
  let wake: (() => void) | null = null;
  const signal = (): void => {
    const w = wake;
    wake = null;
    if (w) w();
  };
  let demand = true;
  const out = new Readable({
    highWaterMark: CHUNK,
    read(): void {
      demand = true;
      signal();
    },
  });
  out.on('error', noop);
  out.on('close', signal);

  let settled = false;
  let failure: { err: unknown } | null = null;
  let handler: Promise<void>;
  try {
    handler = Promise.resolve(ctx.opts.onEntry(entry, out));
  } catch (err) {
    handler = Promise.reject(err);
  }
  const done = handler.then(
    () => {
      settled = true;
      signal();
    },
    (err: unknown) => {
      settled = true;
      failure = { err };
      signal();
    },
  );

  let sent = 0;
  let outcome: 'end' | 'handler' | 'entry-limit' | 'total-limit' | 'damaged' = 'end';
  let damage = '';
  for (;;) {
    if (settled || out.destroyed) {
      outcome = 'handler';
      break;
    }
    if (!demand) {
      await new Promise<void>((resolve) => (wake = resolve));
      continue;
    }
    let chunk: Buffer | null;
    try {
      chunk = await src.read();
    } catch (err) {
      outcome = 'damaged';
      damage = oneLine(err);
      break;
    }
    if (chunk === null) break;
    if (out.destroyed) {
      outcome = 'handler';
      break;
    }
    const entryRoom = limits.maxEntryBytes - sent;
    const totalRoom = limits.maxTotalBytes - ctx.bytes;
    if (chunk.length > entryRoom || chunk.length > totalRoom) {
      const room = Math.max(0, Math.min(entryRoom, totalRoom));
      if (room > 0) out.push(chunk.subarray(0, room));
      sent += room;
      ctx.bytes += room;
      outcome = totalRoom <= entryRoom ? 'total-limit' : 'entry-limit';
      break;
    }
    sent += chunk.length;
    ctx.bytes += chunk.length;
    if (!out.push(chunk)) demand = false;
  }
  if (outcome !== 'handler' && !out.destroyed) out.push(null);
  await done;
  if (!out.destroyed && !out.readableEnded) out.destroy();
  if (failure) throw new HandlerFailure((failure as { err: unknown }).err);

  const base = { displayPath: entry.displayPath, recognisedAs: null };
  switch (outcome) {
    case 'entry-limit':
      ctx.note({ ...base, status: 'skipped', reason: `entry larger than ${limits.maxEntryBytes} bytes, first ${limits.maxEntryBytes} bytes analysed` });
      break;
    case 'total-limit':
      ctx.stop = `total limit of ${limits.maxTotalBytes} bytes reached`;
      ctx.note({ ...base, status: 'skipped', reason: `${ctx.stop}, first ${sent} bytes of this entry analysed` });
      break;
    case 'damaged': {
      // a bomb cut below the container ends its members abruptly: say that, not 'damaged'
      const cut = firstCut(layers) ?? firstCut(outer);
      if (cut) ctx.note({ ...base, status: 'skipped', reason: `${cut}; first ${sent} bytes analysed` });
      else ctx.note({ ...base, status: 'unreadable', reason: `damaged: ${damage}; first ${sent} bytes analysed` });
      break;
    }
    case 'end': {
      // only this entry's own layers: an outer layer may have been cut after the entry was whole
      const cut = firstCut(layers);
      if (cut) ctx.note({ ...base, status: 'skipped', reason: `${cut}; first ${sent} bytes analysed` });
      break;
    }
    case 'handler':
      break;
  }
}
