/**
 * `virsh capabilities` (host) → CpuInfo: the host CPU of /capabilities/host/cpu
 * (libvirt formatcaps: `<arch>`, `<model>`, `<vendor>`, `<feature name='…'/>`).
 * The features listed are those beyond the named model, as libvirt reports them; the guest
 * CPU models of `<guest>` elements are not read.
 */
import { CpuInfo } from '../../facts/model';
import type { CommandParser } from '../types';
import { detectError, detectErrorAnywhere, fail, ok } from '../cli';

function decode(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&').trim();
}

function element(xml: string, name: string): string | null {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`).exec(xml);
  return m ? decode(m[1]!) : null;
}

export const virshCapabilities: CommandParser<CpuInfo> = {
  id: 'virsh-capabilities',
  command: 'virsh capabilities',
  scope: 'host',
  files: [/^virsh_capabilities$/],
  looseNames: [/virsh[-_ ]?capabilities/i, /^capabilities$/i],
  sniff: (text) => /<capabilities>/.test(text.slice(0, 4096)),
  parse(text) {
    const err = detectError(text);
    if (err) return fail(err.kind, err.reason);
    const host = /<host>([\s\S]*?)<\/host>/.exec(text);
    if (!host) {
      const e = detectErrorAnywhere(text);
      return e ? fail(e.kind, e.reason) : fail(/<capabilities/.test(text) ? 'malformed' : 'unrecognised', 'no <host> element');
    }
    // the host CPU is the attribute-less <cpu> element; topology's <cpu id='0' …/> are not it
    const cpu = /<cpu>([\s\S]*?)<\/cpu>/.exec(host[1]!);
    if (!cpu) return fail('malformed', 'no <cpu> element under <host>');
    const features = [...cpu[1]!.matchAll(/<feature\s+(?:[^>]*\s)?name=['"]([^'"]+)['"][^>]*\/?>/g)].map((m) => decode(m[1]!));
    return ok({ arch: element(cpu[1]!, 'arch'), vendor: element(cpu[1]!, 'vendor'), model: element(cpu[1]!, 'model'), features }, 'xml');
  },
  schema: CpuInfo,
};
