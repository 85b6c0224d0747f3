/**
 * A terminal session pasted whole: several commands, each after its shell prompt, each followed by
 * its output (`[user@host ~ 0]$ openstack server show … -fjson | grep …`, `root@cmp-01 $ virsh …`,
 * `$ openstack hypervisor show …`, or a bare `openstack server migrate …` line). Split into one
 * segment per command, so that each output is read by its own parser, as if it had been saved to a
 * file of its own.
 */

export interface SessionSegment {
  /** the command as typed (prompt removed) */
  command: string;
  /** the command's line and its output, as pasted */
  text: string;
  /** 1-based line of the command in the paste */
  line: number;
}

/** Programs whose output the analyzer reads. */
const PROGRAMS = '(?:openstack|nova|cinder|neutron|virsh|systemctl|ss|nc|openssl|iscsiadm|multipath|kubectl|lscpu|free|df|journalctl|grep|cat|tail)';
/** A shell prompt (user@host, a bracketed prompt, a bare $ or #), then a command of PROGRAMS. */
const PROMPT = new RegExp(`^\\s{0,4}(?:\\[[^\\]\\n]{1,80}\\]\\s?[$#]|[\\w.@:~/()-]{1,80}\\s?[$#]|[$#]|>)\\s+(${PROGRAMS}\\b.{0,2000})$`);
/** A command line pasted without its prompt: `openstack <object> <verb> …` / `nova <verb> …`. */
const BARE = /^\s{0,4}((?:openstack|nova)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?\b.{0,2000})$/;

/** The segments of a session paste; fewer than two commands: not a session (empty list). */
export function splitSession(text: string): SessionSegment[] {
  const lines = text.split('\n');
  const starts: { i: number; command: string }[] = [];
  for (let i = 0; i < lines.length && i < 20_000; i++) {
    const l = lines[i]!.replace(/\r$/, '');
    if (l.length > 2100) continue;
    const m = PROMPT.exec(l) ?? BARE.exec(l);
    if (m) starts.push({ i, command: m[1]!.trim() });
  }
  if (starts.length < 2) return [];
  return starts.map((s, k) => ({
    command: s.command,
    text: lines.slice(s.i, k + 1 < starts.length ? starts[k + 1]!.i : lines.length).join('\n'),
    line: s.i + 1,
  }));
}

/**
 * The file name collect.sh would have saved the command's output under (`openstack_server_show_<id>`):
 * the words before the first pipe or redirection, options and their values left out.
 */
export function commandFileName(command: string): string {
  const words = command.split(/\s*[|>;]/)[0]!.trim().split(/\s+/);
  const out: string[] = [];
  // the OpenStack clients' options are left out of collect.sh's names; other tools keep theirs (`ss_-tlnp`)
  const client = /^(openstack|nova|cinder|neutron)$/.test(words[0] ?? '');
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (client && /^-f$|^--format$|^-c$|^--column$|^--os-[\w-]+$/.test(w)) {
      i++; // the option's value
      continue;
    }
    if (client && w.startsWith('-')) continue;
    out.push(w.replace(/[^\w.:@-]/g, ''));
  }
  return out.filter(Boolean).join('_');
}
