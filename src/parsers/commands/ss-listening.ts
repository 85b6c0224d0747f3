/**
 * `ss -tlnp` (host) → ListeningSocket[].
 *
 * iproute2 prints `State Recv-Q Send-Q Local Address:Port Peer Address:Port Process` (older
 * versions lack the `Process` header but still print `users:((…))`; `-u`/`-a` prepend `Netid`).
 * Rows: `LISTEN 0 4096 0.0.0.0:16514 0.0.0.0:* users:(("libvirtd",pid=1234,fd=12))`; local
 * addresses may be `[::]:22`, `*:16514`, `:::22` or `127.0.0.53%lo:53`. `process` is the first
 * process name of the users list (older ss: `users:(("sshd",1234,3))`).
 */
import { z } from 'zod';
import { ListeningSocket } from '../../facts/model';
import type { CommandParser } from '../types';
import { detectError, detectErrorAnywhere, fail, ok } from '../cli';

type Socket = z.infer<typeof ListeningSocket>;

const STATES = /^(LISTEN|UNCONN|ESTAB|SYN-SENT|SYN-RECV|FIN-WAIT-1|FIN-WAIT-2|TIME-WAIT|CLOSE-WAIT|LAST-ACK|CLOSING|CLOSED)$/;

export const ssListening: CommandParser<Socket[]> = {
  id: 'ss-listening',
  command: 'ss -tlnp',
  scope: 'host',
  files: [/^ss_-tlnp$/, /^ss_-[a-z]*l[a-z]*$/],
  looseNames: [/^ss[-_ ]/i, /netstat/i],
  sniff: (text) => /Local Address:Port\s+Peer Address:Port/.test(text.slice(0, 4096)),
  parse(text) {
    const err = detectError(text);
    if (err) return fail(err.kind, err.reason);
    const lines = text.split(/\r?\n/);
    const header = lines.findIndex((l) => /Local Address:Port/.test(l));
    const out: Socket[] = [];
    const warnings: string[] = [];
    for (const line of lines.slice(header + 1)) {
      if (line.trim() === '') continue;
      const t = line.trim().split(/\s+/);
      if (/^(tcp|udp|raw|u_str|u_dgr|u_seq|nl|p_raw|p_dgr|mptcp|sctp)6?$/.test(t[0]!)) t.shift();
      if (!STATES.test(t[0]!) || t.length < 5) {
        if (header >= 0) warnings.push(`line not understood: ${line.trim().slice(0, 80)}`);
        continue;
      }
      const local = t[3]!;
      const port = /:(\d+)$/.exec(local);
      const rest = t.slice(5).join(' ');
      const proc = /users:\(\("([^"]+)"/.exec(rest);
      out.push({ local, port: port ? Number(port[1]) : null, process: proc ? proc[1]! : rest === '' ? null : rest });
    }
    if (header < 0 && out.length === 0) {
      const e = detectErrorAnywhere(text);
      return e ? fail(e.kind, e.reason) : fail('unrecognised', 'no Local Address:Port header or socket rows');
    }
    if (out.length === 0 && warnings.length) return fail('malformed', warnings[0]!);
    return ok(out, 'text', warnings);
  },
  schema: z.array(ListeningSocket),
};
