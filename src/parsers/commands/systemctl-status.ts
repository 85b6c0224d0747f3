/**
 * `systemctl status <unit>` (host) → UnitStatus. File: hosts/<host>/commands/systemctl_status_<unit>.txt
 *
 * Shape (cli-formats.md §14): first line `● unit - Description` (`×` failed from systemd 248,
 * `○` inactive, `*` without UTF-8); then `Loaded:`, `Active:` (`active (running) since Mon
 * 2025-06-02 09:00:12 UTC; 9h ago`, `failed (Result: exit-code) since …`, `activating
 * (auto-restart) (Result: exit-code) since …`), other key lines, a blank line and the last
 * journal lines. `Unit x.service could not be found.` is a real answer: loaded 'not-found'.
 * The since time becomes UTC only when its zone is UTC/GMT or a numeric offset: abbreviations
 * such as CET or CST are ambiguous, so the time is then left null with a warning.
 */
import { UnitStatus } from '../../facts/model';
import type { CommandParser } from '../types';
import { detectError, detectErrorAnywhere, fail, ok } from '../cli';
import { zonedTime } from './_text';

const UNIT_LINE = /^\s*(?:[●×○↻*]\s*)?([\w@.:\\-]+\.(?:service|socket|timer|target|mount|path|scope|slice))\s+-\s+/;
const JOURNAL_LINE = /^(?:[A-Z][a-z]{2} [ \d]?\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\S*) \S+ \S+/;

export const systemctlStatus: CommandParser<UnitStatus> = {
  id: 'systemctl-status',
  command: 'systemctl status <unit>',
  scope: 'host',
  files: [/^systemctl_status_(?<arg>.+)$/],
  looseNames: [/systemctl[-_ ]status[-_ ](?<arg>.+)$/i],
  sniff: (text) =>
    (/^\s*Loaded: /m.test(text.slice(0, 8192)) && /^\s*Active: /m.test(text.slice(0, 8192))) ||
    /^Unit \S+ could not be found\.$/m.test(text.slice(0, 4096)),
  parse(text, arg) {
    const notFound = /^Unit (\S+) could not be found\.$/m.exec(text);
    if (notFound) {
      return ok({ unit: notFound[1]!, loaded: 'not-found', active: null, sub: null, since: null, result: null, lastLines: [] }, 'text');
    }
    const err = detectError(text);
    if (err) return fail(err.kind, err.reason);

    const lines = text.split(/\r?\n/);
    const warnings: string[] = [];
    let unit: string | null = null;
    let loaded: string | null = null;
    let active: string | null = null;
    let sub: string | null = null;
    let since: string | null = null;
    let result: string | null = null;
    const journal: string[] = [];

    for (const line of lines) {
      const u = UNIT_LINE.exec(line);
      if (u && unit === null) { unit = u[1]!; continue; }
      const l = /^\s*Loaded:\s+(\S+)/.exec(line);
      if (l) { loaded = l[1]!; continue; }
      const a = /^\s*Active:\s+(\S+)((?:\s+\([^)]*\))*)(?:\s+since\s+([^;]+))?/.exec(line);
      if (a) {
        active = a[1]!;
        for (const p of a[2]!.matchAll(/\(([^)]*)\)/g)) {
          const r = /^Result:\s*(.+)$/.exec(p[1]!.trim());
          if (r) result = r[1]!.trim();
          else if (sub === null) sub = p[1]!.trim();
        }
        if (a[3]) {
          since = zonedTime(a[3]);
          if (since === null) warnings.push(`since time "${a[3].trim()}" has no UTC-convertible zone; left unknown`);
        }
        continue;
      }
      if (JOURNAL_LINE.test(line.trim())) journal.push(line.trim());
    }
    if (active === null && loaded === null) {
      const e = detectErrorAnywhere(text);
      return e ? fail(e.kind, e.reason) : fail('unrecognised', 'no Loaded: / Active: lines');
    }
    const name = unit ?? arg ?? null;
    if (!name) return fail('malformed', 'no unit name in the output or the file name');
    return ok({ unit: name, loaded, active, sub, since, result, lastLines: journal.slice(-50) }, 'text', warnings);
  },
  schema: UnitStatus,
};
