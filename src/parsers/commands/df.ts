/**
 * `df -h` (host) → Filesystem[].
 *
 * coreutils: `Filesystem Size Used Avail Use% Mounted on` (-h, powers of 1024: 50G, 1.2T),
 * `1K-blocks Used Available Use% Mounted on` without -h, `Type` after Filesystem with -T.
 * Older df wraps a long device name onto its own line, the numbers following on the next; both
 * are joined. Mount points may hold spaces (the rest of the line).
 */
import { z } from 'zod';
import { Filesystem } from '../../facts/model';
import type { CommandParser } from '../types';
import { detectError, fail, ok } from '../cli';
import { humanBytes } from './_text';

type Fs = z.infer<typeof Filesystem>;

export const df: CommandParser<Fs[]> = {
  id: 'df',
  command: 'df -h',
  scope: 'host',
  files: [/^df_-h$/, /^df(?:_-[a-zA-Z]+)?$/],
  looseNames: [/^df\b/i],
  sniff: (text) => /^Filesystem\s+(?:Type\s+)?(?:Size|\d*[KMG]-blocks)\s+Used\s+Avail/m.test(text.slice(0, 2048)),
  parse(text) {
    const err = detectError(text);
    if (err) return fail(err.kind, err.reason);
    const lines = text.split(/\r?\n/);
    const h = lines.findIndex((l) => /^Filesystem\s+/.test(l) && /\bUsed\b/.test(l));
    if (h < 0) return fail('unrecognised', 'no Filesystem … Used header');
    const header = lines[h]!;
    const hasType = /^Filesystem\s+Type\s/.test(header);
    const blocks = /(\d+)([KMG])-blocks/.exec(header);
    // a bare number means bytes with -h (only small values), else blocks of the header's size
    const unit = blocks ? Number(blocks[1]) * { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[blocks[2] as 'K' | 'M' | 'G'] : 1;
    const out: Fs[] = [];
    const warnings: string[] = [];
    let pending: string | null = null;
    for (const raw of lines.slice(h + 1)) {
      if (raw.trim() === '') continue;
      const t = raw.trim().split(/\s+/);
      if (t.length === 1 && pending === null) { pending = t[0]!; continue; } // wrapped device name
      if (pending !== null) { t.unshift(pending); pending = null; }
      const fsName = t[0]!;
      const n = hasType ? 2 : 1;
      if (t.length < n + 5) { warnings.push(`line not understood: ${raw.trim().slice(0, 80)}`); continue; }
      const [size, used, avail, pct] = t.slice(n, n + 4) as [string, string, string, string];
      out.push({
        filesystem: fsName,
        sizeBytes: humanBytes(size, unit),
        usedBytes: humanBytes(used, unit),
        availBytes: humanBytes(avail, unit),
        usePercent: /^\d+%$/.test(pct) ? Number(pct.slice(0, -1)) : null,
        mount: t.slice(n + 4).join(' '),
      });
    }
    if (out.length === 0 && (warnings.length || pending !== null)) return fail('malformed', warnings[0] ?? `line not understood: ${pending}`);
    return ok(out, 'text', warnings);
  },
  schema: z.array(Filesystem),
};
