/**
 * Recognition by content for files whose path says nothing (a log attached by hand as `nova.txt`):
 * the first lines tell the format, and the oslo logger names tell the service.
 */
import type { Component } from '../rules/schema';
import { componentOfMgmtLog } from './paths';

const OSLO = /^(?:\S+ \S+ \S+ \S+: |\S+ stdout F )?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \d+ [A-Z]+ (\S+) /;
const LIBVIRTD = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+\+\d{4}: \d+: (debug|info|warning|error) : /;
const QEMU = /^\d{4}-\d\d-\d\d(?: \d\d:\d\d:\d\d\.\d+\+\d{4}: |T\d\d:\d\d:\d\d\.\d+Z qemu)/;
const OVN = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z\|\d+\|[a-z_]+\|[A-Z]+\|/;

/** Logger prefixes → component, most specific first. */
const LOGGERS: [RegExp, Component][] = [
  [/^nova\.(osapi_compute|api)\b/, 'nova-api'],
  [/^nova\.(scheduler|filters)\b/, 'nova-scheduler'],
  [/^nova\.conductor\b/, 'nova-conductor'],
  [/^nova\.(compute|virt|network)\b|^os_brick\b/, 'nova-compute'],
  [/^placement\b/, 'placement-api'],
  [/^cinder\.volume\b/, 'cinder-volume'],
  [/^cinder\.api\b/, 'cinder-api'],
  [/^neutron\b/, 'neutron-server'],
];

export function sniffLogComponent(head: string, name: string): Component | null {
  const lines = head.split('\n', 80);
  const votes = new Map<Component, number>();
  let timed = 0;
  for (const line of lines) {
    const o = OSLO.exec(line);
    if (o) {
      timed++;
      const logger = o[1]!;
      const hit = LOGGERS.find(([re]) => re.test(logger));
      if (hit) votes.set(hit[1], (votes.get(hit[1]) ?? 0) + 1);
      continue;
    }
    if (LIBVIRTD.test(line)) {
      votes.set('libvirtd', (votes.get('libvirtd') ?? 0) + 1);
      timed++;
    } else if (OVN.test(line)) {
      votes.set('ovn-controller', (votes.get('ovn-controller') ?? 0) + 1);
      timed++;
    } else if (QEMU.test(line)) {
      votes.set('qemu', (votes.get('qemu') ?? 0) + 1);
      timed++;
    }
  }
  if (timed === 0) return null;
  let best: Component | null = null;
  let n = 0;
  for (const [c, v] of votes) if (v > n) [best, n] = [c, v];
  if (best) return best;
  const byName = componentOfMgmtLog(name);
  return byName;
}
