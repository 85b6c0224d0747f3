/**
 * Reachability of a peer's libvirt TLS port (host) → PortCheck.
 * File: hosts/<host>/commands/port_16514_<peer>.txt
 *
 * Accepted outputs:
 *   OpenBSD nc -zv:  `Connection to hv-02 16514 port [tcp/*] succeeded!`
 *                    `nc: connect to hv-02 port 16514 (tcp) failed: Connection refused`
 *                    `nc: connect to hv-02 port 16514 (tcp) timed out: Operation now in progress`
 *   nmap ncat -zv:   `Ncat: Connected to 10.0.0.2:16514.` / `Ncat: Connection refused.` /
 *                    `Ncat: TIMEOUT.` / `Ncat: No route to host.`
 *   bash /dev/tcp wrappers printing `open` / `closed` / `timeout` (and bash's own
 *                    `bash: connect: Connection refused`)
 *   `timeout: …`     a wrapper saying the connection timed out → closed ('timed out'); GNU
 *                    timeout's own errors (`timeout: failed to run command …`) mean the test did
 *                    not run: the fact is missing (error-output).
 * Anything else gives open = null (not understood), never a guess.
 */
import { PortCheck } from '../../facts/model';
import type { CommandParser } from '../types';
import { fail, ok } from '../cli';

const DEFAULT_PORT = 16514;

interface Verdict { open: boolean | null; detail: string | null; port?: number }

function judge(text: string): Verdict | null {
  let m = /Connection to \S+(?: \([^)]*\))? (\d+) port \[[^\]]*\] succeeded!/.exec(text);
  if (m) return { open: true, detail: null, port: Number(m[1]) };
  m = /^nc: connect to \S+(?: \([^)]*\))? port (\d+) \([a-z]+\) (?:failed|timed out): (.+)$/m.exec(text);
  if (m) return { open: false, detail: /timed out/.test(m[0]) ? 'timed out' : m[2]!.trim(), port: Number(m[1]) };
  m = /^nc: getaddrinfo.*?: (.+)$/m.exec(text);
  if (m) return { open: false, detail: m[1]!.trim() };
  m = /^Ncat: Connected to \S+?:(\d+)\.?$/m.exec(text);
  if (m) return { open: true, detail: null, port: Number(m[1]) };
  m = /^Ncat: (TIMEOUT|Connection refused|Connection timed out|No route to host|Network is unreachable|Could not resolve hostname[^\n]*?)\.?$/m.exec(text);
  if (m) return { open: false, detail: m[1] === 'TIMEOUT' ? 'timed out' : m[1]! };
  // bash /dev/tcp: `bash: connect: Connection refused`, `bash: hv-02: Name or service not known`
  m = /^-?(?:bash|sh): \S+: (Connection refused|Connection timed out|No route to host|Network is unreachable|Name or service not known|Temporary failure in name resolution)\s*$/m.exec(text);
  if (m) return { open: false, detail: m[1]! };
  // a wrapper reporting the time-out itself (`timeout: no answer from hv-02:16514 after 5s`);
  // GNU timeout's own complaints (failed to run command, invalid interval …) are not answers
  m = /^timeout: (?!failed to run command|invalid|unrecognized|missing operand|Try )(.*)$/m.exec(text);
  if (m) return { open: false, detail: 'timed out' };
  // the wrappers of collect.sh and of people: one word
  const words = text.split(/\r?\n/).map((l) => l.trim().toLowerCase()).filter((l) => l !== '');
  const last = words[words.length - 1];
  if (last === 'open' || last === 'succeeded' || last === 'ok') return { open: true, detail: null };
  if (last === 'closed' || last === 'refused' || last === 'failed') return { open: false, detail: words.find((w) => /refused|unreachable|no route/.test(w)) ?? 'closed' };
  if (last === 'timeout' || last === 'timed out') return { open: false, detail: 'timed out' };
  return null;
}

export const portCheck: CommandParser<PortCheck> = {
  id: 'port-check',
  command: 'nc -zv -w 5 <peer> 16514',
  scope: 'host',
  files: [/^port_(?:16514|tcp_16514)_(?<arg>.+)$/],
  looseNames: [/^(?:nc|ncat|port)[-_ ](?:-zv[-_ ])?.*16514/i],
  sniff: (text) =>
    /Connection to \S+(?: \([^)]*\))? \d+ port \[[^\]]*\] succeeded!|^nc: connect to \S+ .*port \d+ \(tcp\)|^Ncat: (?:Connected to|Connection refused|TIMEOUT)/m.test(text.slice(0, 4096)),
  parse(text, arg) {
    if (text.trim() === '') return fail('empty', 'the output file is empty');
    const v = judge(text);
    if (v === null) {
      // GNU timeout (or a shell) could not run the test: the reachability is not known
      const first = text.split(/\r?\n/).find((l) => l.trim() !== '')!.trim();
      if (/^timeout: |command not found|No such file or directory|Permission denied/.test(first)) return fail('error-output', first);
    }
    const peer = arg ?? /(?:Connection to|connect to|Connected to) (\S+?)(?::\d+)?[ .]/.exec(text)?.[1] ?? null;
    if (!peer) return fail('malformed', 'no peer name in the file name or the output');
    const warnings = v === null ? ['output not understood; reachability unknown'] : [];
    return ok({ peer, port: v?.port ?? DEFAULT_PORT, open: v?.open ?? null, detail: v?.detail ?? null }, 'text', warnings);
  },
  schema: PortCheck,
};
