/**
 * `kubectl get pods -o wide -n <NS>` → KubePod[].
 *
 * Columns (cli-formats.md §13, kubernetes printers): `NAME READY STATUS RESTARTS AGE IP NODE
 * NOMINATED NODE READINESS GATES`; `-A` prepends `NAMESPACE`; without `-o wide` the columns stop
 * at AGE. Space-aligned, `<none>` for empty. kubectl ≥ 1.22 prints RESTARTS as `2 (3d ago)`.
 * `No resources found in <ns> namespace.` is a real answer: no pods.
 */
import { z } from 'zod';
import { KubePod } from '../../facts/model';
import type { CommandParser } from '../types';
import { detectError, detectErrorAnywhere, fail, ok, str } from '../cli';
import { headerColumns, sliceAligned } from './_text';

type Pod = z.infer<typeof KubePod>;

const HEADER = /^\s*(?:NAMESPACE\s+)?NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\b/;
const NAMES = ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'];

/** Split a row whose alignment was lost: whitespace tokens, `2 (3d ago)` kept together. */
function tokens(line: string): string[] {
  const raw = line.trim().split(/\s+/);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (/^\d+$/.test(raw[i]!) && raw[i + 1]?.startsWith('(')) {
      let j = i + 1;
      while (j < raw.length && !raw[j]!.endsWith(')')) j++;
      out.push(raw.slice(i, j + 1).join(' '));
      i = j;
    } else out.push(raw[i]!);
  }
  return out;
}

export const kubectlPods: CommandParser<Pod[]> = {
  id: 'kubectl-pods',
  command: 'kubectl get pods -o wide -n <NS>',
  scope: 'mgmt',
  files: [/^kubectl_get_pods(?:_(?<arg>.+))?$/],
  looseNames: [/(kubectl[-_ ])?get[-_ ]pods/i, /^pods$/i],
  sniff: (text) => text.slice(0, 65536).split(/\r?\n/, 50).some((l) => HEADER.test(l)),
  parse(text) {
    const err = detectError(text);
    if (err) return fail(err.kind, err.reason);
    const lines = text.split(/\r?\n/);
    const h = lines.findIndex((l) => HEADER.test(l));
    if (h < 0) {
      if (lines.some((l) => /^No resources found\b/.test(l.trim()))) return ok([], 'text');
      const e = detectErrorAnywhere(text);
      return e ? fail(e.kind, e.reason) : fail('unrecognised', 'no NAME READY STATUS RESTARTS AGE header');
    }
    const header = lines[h]!;
    const cols = headerColumns(header, NAMES);
    const names = cols.map((c) => c.name);
    const pods: Pod[] = [];
    const warnings: string[] = [];
    for (const line of lines.slice(h + 1)) {
      if (line.trim() === '') continue;
      if (HEADER.test(line)) continue; // a second listing pasted below
      let row = sliceAligned(line, cols);
      if (!row) {
        const t = tokens(line);
        if (t.length !== names.length && t.length < names.indexOf('AGE') + 1) {
          warnings.push(`line not understood: ${line.trim().slice(0, 80)}`);
          continue;
        }
        row = Object.fromEntries(names.map((n, i) => [n, t[i] ?? '']));
      }
      const name = str(row['NAME']);
      // every pod row has READY as n/m: anything else is not a row of this listing
      if (!name || !/^\d+\/\d+$/.test(row['READY'] ?? '')) {
        warnings.push(`line not understood: ${line.trim().slice(0, 80)}`);
        continue;
      }
      const restarts = /^(\d+)/.exec(row['RESTARTS'] ?? '');
      pods.push({
        namespace: str(row['NAMESPACE']),
        name,
        ready: str(row['READY']),
        status: str(row['STATUS']),
        restarts: restarts ? Number(restarts[1]) : null,
        age: str(row['AGE']),
        node: str(row['NODE']),
      });
    }
    if (pods.length === 0 && warnings.length) return fail('malformed', warnings[0]!);
    return ok(pods, 'text', warnings);
  },
  schema: z.array(KubePod),
};
