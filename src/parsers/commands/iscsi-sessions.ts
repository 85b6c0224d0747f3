/**
 * `iscsiadm -m session` (host) → IscsiSession[].
 *
 * One line per session: `tcp: [1] 10.0.0.5:3260,1 iqn.2010-10.org.openstack:volume-… (non-flash)`
 * (transport, session id, portal with its target portal group tag, target IQN, flash marker).
 * `iscsiadm: No active sessions.` (exit 21) is a real answer: no sessions. Other `iscsiadm:`
 * messages (cannot connect to iscsid …) mean the fact is missing.
 */
import { z } from 'zod';
import { IscsiSession } from '../../facts/model';
import type { CommandParser } from '../types';
import { detectError, fail, ok } from '../cli';

type Session = z.infer<typeof IscsiSession>;

const LINE = /^(\w+):\s+\[\d+\]\s+(\S+?)(?:,\d+)?\s+(\S+)(?:\s+\(([^)]*)\))?\s*$/;

export const iscsiSessions: CommandParser<Session[]> = {
  id: 'iscsi-sessions',
  command: 'iscsiadm -m session',
  scope: 'host',
  files: [/^iscsiadm_-m_session$/],
  looseNames: [/iscsiadm/i, /iscsi[-_ ]?sessions?/i],
  sniff: (text) => /^\w+: \[\d+\] \S+ iqn\./m.test(text.slice(0, 4096)) || /^iscsiadm: No active sessions\.?$/m.test(text.slice(0, 4096)),
  parse(text) {
    if (/^iscsiadm: No active sessions\.?\s*$/m.test(text)) return ok([], 'text');
    const err = detectError(text);
    if (err) return fail(err.kind, err.reason);
    const out: Session[] = [];
    const warnings: string[] = [];
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '') continue;
      if (/^iscsiadm: /.test(line)) return fail('error-output', line);
      const m = LINE.exec(line);
      if (!m) { warnings.push(`line not understood: ${line.slice(0, 80)}`); continue; }
      out.push({ transport: m[1]!, portal: m[2]!, target: m[3]! });
    }
    if (out.length === 0) return fail('unrecognised', 'no session lines');
    return ok(out, 'text', warnings);
  },
  schema: z.array(IscsiSession),
};
