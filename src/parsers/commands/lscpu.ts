/**
 * `lscpu` (host) → CpuInfo from `Architecture:`, `Vendor ID:`, `Model name:` and `Flags:`
 * (util-linux ≥ 2.38 indents sub-items; older versions do not; both read the same).
 * Vendor IDs are given libvirt's names (GenuineIntel → Intel, AuthenticAMD → AMD) so a host
 * described by lscpu compares with one described by `virsh capabilities`.
 */
import { CpuInfo } from '../../facts/model';
import type { CommandParser } from '../types';
import { detectError, fail, ok } from '../cli';

const VENDORS: Record<string, string> = { GenuineIntel: 'Intel', AuthenticAMD: 'AMD', HygonGenuine: 'Hygon' };

export const lscpu: CommandParser<CpuInfo> = {
  id: 'lscpu',
  command: 'lscpu',
  scope: 'host',
  files: [/^lscpu$/],
  looseNames: [/lscpu/i],
  sniff: (text) => /^Architecture:\s+\S+/m.test(text.slice(0, 4096)) && /^\s*(?:CPU\(s\)|Model name):/m.test(text.slice(0, 8192)),
  parse(text) {
    const err = detectError(text);
    if (err) return fail(err.kind, err.reason);
    const kv: Record<string, string> = {};
    for (const line of text.split(/\r?\n/)) {
      const m = /^\s*([^:\s][^:]*?):\s+(.*)$/.exec(line);
      if (m && !(m[1]! in kv)) kv[m[1]!] = m[2]!.trim();
    }
    if (!kv['Architecture']) return fail('unrecognised', 'no Architecture: line');
    const vendor = kv['Vendor ID'] ?? null;
    return ok(
      {
        arch: kv['Architecture'],
        vendor: vendor === null ? null : (VENDORS[vendor] ?? vendor),
        model: kv['Model name'] ?? null,
        features: (kv['Flags'] ?? '').split(/\s+/).filter((f) => f !== ''),
      },
      'text',
      kv['Flags'] === undefined ? ['no Flags: line; features unknown'] : [],
    );
  },
  schema: CpuInfo,
};
