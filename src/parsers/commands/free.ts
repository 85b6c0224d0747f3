/**
 * `free -m` (host) → Memory (MB).
 *
 * procps-ng ≥ 3.3.10: `total used free shared buff/cache available`; older procps:
 * `total used free shared buffers cached` plus a `-/+ buffers/cache:` row and no `available`
 * (then availableMb stays null). Values carrying a unit (`free -h`: `251Gi`) are converted.
 */
import { z } from 'zod';
import { Memory } from '../../facts/model';
import type { CommandParser } from '../types';
import { detectError, fail, ok } from '../cli';
import { humanBytes } from './_text';

type Mem = z.infer<typeof Memory>;

function mb(s: string | undefined): number | null {
  if (s === undefined) return null;
  if (/^\d+$/.test(s)) return Number(s); // free -m prints MiB
  const b = humanBytes(s, 1024 * 1024);
  return b === null ? null : Math.round(b / (1024 * 1024));
}

export const free: CommandParser<Mem> = {
  id: 'free',
  command: 'free -m',
  scope: 'host',
  files: [/^free_-m$/, /^free(?:_-[a-z]+)?$/],
  looseNames: [/^free\b/i],
  sniff: (text) => /^\s+total\s+used\s+free\b/m.test(text.slice(0, 2048)) && /^Mem:/m.test(text.slice(0, 4096)),
  parse(text) {
    const err = detectError(text);
    if (err) return fail(err.kind, err.reason);
    const lines = text.split(/\r?\n/);
    const h = lines.findIndex((l) => /^\s+total\s+used\s+free\b/.test(l));
    const mem = lines.find((l) => /^Mem:/.test(l.trim()));
    if (h < 0 || !mem) return fail('unrecognised', 'no total/used/free header or Mem: row');
    const names = lines[h]!.trim().split(/\s+/);
    const vals = mem.trim().split(/\s+/).slice(1);
    const get = (n: string) => { const i = names.indexOf(n); return i < 0 ? undefined : vals[i]; };
    return ok({ totalMb: mb(get('total')), usedMb: mb(get('used')), freeMb: mb(get('free')), availableMb: mb(get('available')) }, 'text');
  },
  schema: Memory,
};
