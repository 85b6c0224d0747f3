/**
 * `multipath -ll` (host) → MultipathDevice[].
 *
 * Format (RHEL DM Multipath guide, "Multipath Command Output"):
 *   mpatha (3600d0230000000000e13955cc3757800) dm-0 NETAPP,LUN C-Mode     alias (wwid) dm vendor,product
 *   3600d0230000000000e13955cc3757800 dm-1 WINSYS,SF2372                   no alias: the wwid names it
 *   size=269G features='0' hwhandler='0' wp=rw
 *   |-+- policy='round-robin 0' prio=1 status=active
 *   | `- 6:0:0:0 sdb 8:16 active ready running                             host:chan:id:lun dev maj:min states
 *   `-+- policy='round-robin 0' prio=1 status=enabled
 *     `- 7:0:0:0 sdf 8:80 failed faulty running
 * A path is counted failed when its states say failed, faulty, shaky or offline.
 * No output at all means no multipath devices (or a failed run): reported as 'empty'.
 */
import { z } from 'zod';
import { MultipathDevice } from '../../facts/model';
import type { CommandParser } from '../types';
import { detectError, fail, ok } from '../cli';

type Device = z.infer<typeof MultipathDevice>;

const DEVICE = /^(?:(?:create|reload|switchpg|rename|\w+):\s+)?(\S+)\s+(?:\(([^)]+)\)\s+)?dm-\d+\b/;
// starts only where a run of digits starts: unanchored, `\d+` would rescan a long run from each of its digits
const PATH = /(?<![\d:])(\d+:\d+:\d+:\d+)\s+(\S+)\s+(\d+:\d+)\s+(.*)$/;

export const multipath: CommandParser<Device[]> = {
  id: 'multipath',
  command: 'multipath -ll',
  scope: 'host',
  files: [/^multipath_-ll$/],
  looseNames: [/multipath/i],
  sniff: (text) => /^\S+\s+(?:\([^)]+\)\s+)?dm-\d+\s/m.test(text.slice(0, 4096)) && /policy='/.test(text.slice(0, 8192)),
  parse(text) {
    const err = detectError(text);
    if (err) return fail(err.kind, err.reason);
    const out: Device[] = [];
    for (const raw of text.split(/\r?\n/)) {
      if (raw.trim() === '' || /^\w{3} \d\d \d\d:\d\d:\d\d \|/.test(raw)) continue; // multipathd warnings
      const path = PATH.exec(raw);
      if (path && /^[\s|`\\_-]/.test(raw)) {
        const dev = out[out.length - 1];
        if (!dev) continue;
        const state = path[4]!.replace(/[[\]]/g, ' ').trim().replace(/\s+/g, ' ');
        dev.paths.push({ device: path[2]!, state: state || null });
        if (/\b(failed|faulty|shaky|offline)\b/.test(state)) dev.failedPaths++;
        continue;
      }
      const d = DEVICE.exec(raw);
      if (d && !/^\s/.test(raw)) out.push({ name: d[1]!, wwid: d[2] ?? (/^[0-9a-f]{17,}$/i.test(d[1]!) ? d[1]! : null), paths: [], failedPaths: 0 });
    }
    if (out.length === 0) return fail('unrecognised', 'no multipath device lines');
    return ok(out, 'text');
  },
  schema: z.array(MultipathDevice),
};
