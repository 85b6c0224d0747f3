/**
 * Recognition by path: the conventions of the bundle contract (shared/bundle-format.md), plus
 * sosreport-style trees and an optional top-level folder. Content-based recognition for loosely named
 * files lives in `sniff.ts`.
 */
import type { Component } from '../rules/schema';

export type PathKind =
  | { kind: 'manifest'; host: string | null }
  | { kind: 'command'; scope: 'mgmt' | 'host'; host: string | null; name: string }
  | { kind: 'log'; host: string | null; component: Component; name: string }
  | { kind: 'unknown'; host: string | null; name: string };

const ANCHORS = new Set(['commands', 'logs', 'hosts', 'var', 'sos_commands']);

/** Strips rotation suffixes: ostackhost.log.2.gz → ostackhost.log, nova.log-20261120.xz → nova.log */
export function baseLogName(name: string): string {
  return name.replace(/\.(?:gz|xz|bz2|zst)$/, '').replace(/(\.log)(?:[.-]\d+)+$/, '$1');
}

/** Host name from a sosreport folder name: sosreport-cmp-01-2026-11-20-abcdef → cmp-01 */
export function hostFromFolder(folder: string): string {
  const m = /^sosreport-(.+?)(?:-\d{4}-\d\d-\d\d.*|-\d{6,}.*)?$/.exec(folder);
  return m ? m[1]! : folder;
}

/** Component of a node log, from its path under var/log/. */
export function componentOfNodeLog(rest: string): Component | null {
  const p = rest.replace(/\\/g, '/');
  const base = baseLogName(p.split('/').pop() ?? '');
  if (/^(pf9\/)?ostackhost\.log$/.test(base) || /nova-compute\.log$/.test(base)) return 'nova-compute';
  if (/(^|\/)libvirt\/qemu\//.test(p) || p.startsWith('qemu/')) return 'qemu';
  if (/^libvirtd\.log$|^virtqemud\.log$/.test(base)) return 'libvirtd';
  if (/^cindervolume-base\.log$|^cinder-volume\.log$|^volume\.log$/.test(base)) return 'cinder-volume';
  if (/^ovn-controller\.log$/.test(base)) return 'ovn-controller';
  if (/^hostagent\.log$/.test(base)) return 'hostagent';
  if (/^nova-api.*\.log$/.test(base)) return 'nova-api';
  if (/^nova-scheduler.*\.log$/.test(base)) return 'nova-scheduler';
  if (/^nova-conductor.*\.log$/.test(base)) return 'nova-conductor';
  if (/^placement.*\.log$/.test(base)) return 'placement-api';
  if (/^neutron-server.*\.log$|^server\.log$/.test(base) && p.includes('neutron')) return 'neutron-server';
  if (/^neutron-server.*\.log$/.test(base)) return 'neutron-server';
  if (/\.log$/.test(base)) return 'other';
  return null;
}

/** Component of a management-plane log under logs/ (kubectl logs of a deployment or a pod). */
export function componentOfMgmtLog(name: string): Component {
  const base = baseLogName(name);
  if (base.startsWith('nova-api')) return 'nova-api';
  if (base.startsWith('nova-scheduler')) return 'nova-scheduler';
  if (base.startsWith('nova-conductor')) return 'nova-conductor';
  if (base.startsWith('placement')) return 'placement-api';
  if (base.startsWith('neutron-server') || base.startsWith('neutron')) return 'neutron-server';
  if (base.startsWith('cinder-volume')) return 'cinder-volume';
  if (base.startsWith('cinder-api')) return 'cinder-api';
  if (base.startsWith('ostackhost') || base.startsWith('nova-compute')) return 'nova-compute';
  if (base.startsWith('libvirtd')) return 'libvirtd';
  if (base.startsWith('ovn-controller')) return 'ovn-controller';
  return 'other';
}

export function classifyPath(path: string): PathKind {
  const segs = path.split('/').filter((s) => s !== '');
  const name = segs[segs.length - 1] ?? '';
  // Skip an optional top-level folder (bundle-2026-11-20T10-00Z/…), or a sosreport host folder.
  let i = segs.findIndex((s, idx) => ANCHORS.has(s) || (idx === segs.length - 1 && s === 'manifest.json'));
  if (i < 0) return { kind: 'unknown', host: null, name };
  const prefix = segs.slice(0, i);
  let host: string | null = null;
  // hosts/<host>/…
  if (segs[i] === 'hosts' && segs.length > i + 2) {
    host = segs[i + 1]!;
    i += 2;
    if (segs[i] === 'manifest.json' && i === segs.length - 1) return { kind: 'manifest', host };
  } else if ((segs[i] === 'var' || segs[i] === 'sos_commands') && prefix.length) {
    host = hostFromFolder(prefix[prefix.length - 1]!);
  }
  const rest = segs.slice(i);
  const head = rest[0];
  if (head === 'manifest.json' && rest.length === 1) return { kind: 'manifest', host };
  if (head === 'commands' && rest.length === 2) {
    return { kind: 'command', scope: host ? 'host' : 'mgmt', host, name };
  }
  if (head === 'sos_commands') return { kind: 'command', scope: 'host', host, name };
  if (head === 'logs' && !host) {
    return { kind: 'log', host: null, component: componentOfMgmtLog(name), name };
  }
  if (head === 'var' && rest[1] === 'log') {
    const component = componentOfNodeLog(rest.slice(2).join('/'));
    if (component) return { kind: 'log', host, component, name };
  }
  return { kind: 'unknown', host, name };
}

/** File name without the extensions a collector or a person adds to command output. */
export function commandStem(name: string): string {
  return name.replace(/\.(json|txt|out|yaml|yml|xml|log)$/i, '');
}
