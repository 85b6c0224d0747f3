/**
 * tar reading with tar-stream: the (already decompressed) bytes are written into an extractor and
 * its members are taken one at a time; each member is consumed before the next one is asked for.
 */
import * as tarStream from 'tar-stream';
import {
  type Container,
  type ContainerResult,
  type Ctx,
  type Member,
  entries as countEntries,
  noop,
  oneLine,
  printable,
} from './context';
import { Pull } from './pull';

type Extract = tarStream.Extract;

function isDead(x: Extract): boolean {
  const s = x as unknown as { destroyed?: boolean; destroying?: boolean };
  return s.destroyed === true || s.destroying === true;
}

function drained(x: Extract): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      x.removeListener('drain', done);
      x.removeListener('close', done);
      resolve();
    };
    x.on('drain', done);
    x.on('close', done);
  });
}

function describe(h: tarStream.Header): Member {
  const name = h.name;
  const link = h.linkname ? ` (to '${printable(h.linkname)}')` : '';
  const type = h.type as string | null | undefined; // null for types tar-stream does not know
  switch (type) {
    case 'file':
    case 'contiguous-file':
    case undefined:
      return { rawName: name, kind: 'file', size: typeof h.size === 'number' ? h.size : null };
    case 'directory':
      return { rawName: name, kind: 'directory' };
    case 'symlink':
      return { rawName: name, kind: 'skip', reason: `symbolic link${link} not followed` };
    case 'link':
      return { rawName: name, kind: 'skip', reason: `hard link${link} not followed` };
    case 'character-device':
    case 'block-device':
      return { rawName: name, kind: 'skip', reason: `${type} not read` };
    case 'fifo':
      return { rawName: name, kind: 'skip', reason: 'fifo not read' };
    default:
      return { rawName: name, kind: 'skip', reason: 'tar entry of an unsupported type not read' };
  }
}

export async function readTar(ctx: Ctx, src: Pull, container: Container): Promise<ContainerResult> {
  // allowUnknownFormat: old v7 tars have no 'ustar' magic (the sniffer checked their checksum)
  const extract = tarStream.extract({ allowUnknownFormat: true } as Parameters<typeof tarStream.extract>[0]);
  extract.on('error', noop);

  const feed = (async (): Promise<void> => {
    try {
      for (;;) {
        if (isDead(extract)) return;
        const chunk = await src.read();
        if (isDead(extract)) return;
        if (chunk === null) {
          extract.end(undefined);
          return;
        }
        if (!extract.write(chunk)) await drained(extract);
      }
    } catch (err) {
      // damage below the tar (gzip, outer archive, file): the extractor fails with it
      extract.destroy(err instanceof Error ? err : new Error(oneLine(err)));
    }
  })();

  const it = extract[Symbol.asyncIterator]();
  type Source = typeof it extends AsyncIterator<infer T> ? T : never;
  let entries = 0;
  let damage: string | null = null;
  let interrupted = false;
  let finished = false;
  try {
    for (;;) {
      if (ctx.stop) {
        interrupted = true;
        break;
      }
      let r: IteratorResult<Source>;
      try {
        r = await it.next();
      } catch (err) {
        damage = `damaged after ${countEntries(entries)}: ${oneLine(err)}; the entries before the damage were read`;
        break;
      }
      if (r.done) {
        finished = true;
        break;
      }
      entries++;
      if (!ctx.countEntry()) {
        interrupted = true;
        break;
      }
      const entry = r.value;
      const member = describe(entry.header);
      const content = new Pull(entry, 'drain');
      await ctx.member(ctx, container, member, member.kind === 'file' ? content : null, []);
      // tar-stream only goes on once the member is consumed
      if (!ctx.stop) await content.discard();
    }
  } finally {
    if (!finished) extract.destroy(undefined);
    await feed;
  }
  return { entries, damage, interrupted };
}
