/**
 * Where one line came from, as far as the line itself says: the host and the service named by a
 * syslog / journald prefix (`Jul 31 15:17:34 cmp-02 nova_compute[354378]: …`), by a `grep -r` path
 * (`sosreport-cmp-02-2024-07-11-x/var/log/nova/nova-compute.log:…`), by a `kubectl logs --prefix`
 * source (`[pod/nova-conductor-5f…/nova-conductor] …`), or by the oslo logger name
 * (`nova.virt.libvirt.driver` → nova-compute). Loose files (a paste, a `grep` over several nodes'
 * logs, a `kubectl logs | grep ERROR`) mix hosts and services line by line; the scan asks this for
 * the lines it keeps, so each kept line carries its own host and component.
 */
import type { Component } from '../../rules/schema';
import { isOsloExceptionLine, osloParser } from './oslo';
import { libvirtdParser } from './libvirtd';
import { qemuParser } from './qemu';
import { ovnParser } from './ovn';
import { W, WrapKind, unwrap } from './wrappers';

export interface LineOrigin {
  host: string | null;
  /** how the host was learned */
  hostFrom: 'syslog prefix' | 'grep path' | null;
  component: Component | null;
}

/** oslo logger name prefixes → component, most specific first */
const LOGGERS: [RegExp, Component][] = [
  [/^nova\.(osapi_compute|api)\b/, 'nova-api'],
  [/^nova\.(scheduler|filters)\b/, 'nova-scheduler'],
  [/^nova\.conductor\b/, 'nova-conductor'],
  [/^nova\.(compute|virt|network|volume|storage|privsep|image)\b|^os_brick\b|^os_vif\b/, 'nova-compute'],
  [/^placement\b/, 'placement-api'],
  [/^cinder\.volume\b|^cinder\.(brick|backup)\b/, 'cinder-volume'],
  [/^cinder\b/, 'cinder-api'],
  [/^neutron\b|^networking_ovn\b|^ovsdbapp\b/, 'neutron-server'],
];

export function componentOfLogger(logger: string): Component | null {
  for (const [re, c] of LOGGERS) if (re.test(logger)) return c;
  return null;
}

/** syslog / journald program names (`nova_compute`, `nova-compute`, `libvirtd`, `virtqemud` …) → component */
export function componentOfProgram(prog: string): Component | null {
  const p = prog.toLowerCase().replace(/_/g, '-').replace(/^(pf9-|openstack-|devstack@|kolla-)/, '').replace(/\.service$/, '');
  if (/^(nova-compute|ostackhost|nova-compute-ironic)$/.test(p)) return 'nova-compute';
  if (/^nova-(api|api-os-compute|osapi-compute)/.test(p)) return 'nova-api';
  if (p.startsWith('nova-scheduler')) return 'nova-scheduler';
  if (p.startsWith('nova-conductor')) return 'nova-conductor';
  if (p.startsWith('placement')) return 'placement-api';
  if (/^(libvirtd|virtqemud|libvirt|virtproxyd)$/.test(p)) return 'libvirtd';
  if (/^(qemu|qemu-kvm|qemu-system-x86-64|kvm)$/.test(p)) return 'qemu';
  if (p.startsWith('cinder-volume')) return 'cinder-volume';
  if (p.startsWith('cinder-api')) return 'cinder-api';
  if (p.startsWith('neutron-server') || p.startsWith('neutron-api')) return 'neutron-server';
  if (p.startsWith('ovn-controller')) return 'ovn-controller';
  if (p === 'hostagent') return 'hostagent';
  return null;
}

/** Component of a log file by its base name (`nova-compute.log`, `libvirtd.log.1`, `messages` → null). */
export function componentOfFileName(path: string): Component | null {
  const seg = path.replace(/\\/g, '/').split('/');
  const base = (seg[seg.length - 1] ?? '').replace(/\.gz$/, '').replace(/(\.log)(?:[.-]\d+)+$/, '$1');
  if (seg.includes('qemu') && seg.includes('libvirt')) return 'qemu';
  if (/^(ostackhost|nova-compute)\.log$/.test(base)) return 'nova-compute';
  if (/^(libvirtd|virtqemud)\.log$/.test(base)) return 'libvirtd';
  if (/^nova-api.*\.log$/.test(base)) return 'nova-api';
  if (/^nova-scheduler.*\.log$/.test(base)) return 'nova-scheduler';
  if (/^nova-conductor.*\.log$/.test(base)) return 'nova-conductor';
  if (/^placement.*\.log$/.test(base)) return 'placement-api';
  if (/^(cinder-volume|cindervolume-base|volume)\.log$/.test(base)) return 'cinder-volume';
  if (/^ovn-controller\.log$/.test(base)) return 'ovn-controller';
  if (/^neutron-server.*\.log$/.test(base)) return 'neutron-server';
  return null;
}

/** Host named by a path: `sosreport-<host>-<date>-<id>/…` or `hosts/<host>/…`. */
export function hostOfPath(path: string): string | null {
  const seg = path.replace(/\\/g, '/').split('/');
  for (let i = 0; i < seg.length; i++) {
    const s = seg[i]!;
    if (s === 'hosts' && i + 2 < seg.length) return seg[i + 1]!;
    const m = /^sosreport-(.+?)(?:-\d{4}-\d\d-\d\d(?:-[a-z0-9]+)?|-\d{6,}(?:-[a-z0-9]+)?)$/.exec(s);
    if (m) return m[1]!;
  }
  return null;
}

/** Syslog host tokens that name no host */
const NOT_HOSTS = new Set(['localhost', 'localhost.localdomain', '-', 'kernel']);

/** Where the line came from (see the head comment). */
export function lineOrigin(line: string): LineOrigin {
  unwrap(line);
  let host: string | null = null;
  let hostFrom: LineOrigin['hostFrom'] = null;
  let component: Component | null = null;
  const syslog = W.kind === WrapKind.Syslog || W.kind === WrapKind.IsoSyslog;
  const pathS = W.pathStart;
  const pathE = W.pathEnd;
  const podS = W.podStart;
  const podE = W.podEnd;
  if (syslog && W.hostStart >= 0) {
    const h = line.slice(W.hostStart, W.hostEnd);
    if (!NOT_HOSTS.has(h.toLowerCase())) {
      host = h;
      hostFrom = 'syslog prefix';
    }
  }
  if (syslog && W.progStart >= 0) component = componentOfProgram(line.slice(W.progStart, W.progEnd));
  if (pathS >= 0) {
    const path = line.slice(pathS, pathE);
    if (!host) {
      host = hostOfPath(path);
      if (host) hostFrom = 'grep path';
    }
    component ??= componentOfFileName(path);
  }
  if (podS >= 0 && !component) {
    // pod/<pod name>/<container>
    const parts = line.slice(podS, podE).split('/');
    component = componentOfProgram(parts[parts.length - 1] ?? '') ?? componentOfProgram((parts[0] ?? '').replace(/-[a-z0-9]{5,10}(-[a-z0-9]{5})?$/, ''));
  }
  if (!component) {
    // a traceback line of an oslo record: its logger is right after the level
    const exc = isOsloExceptionLine(line) ? /\d (?:ERROR|TRACE) ([A-Za-z_][\w.]{0,200}) /.exec(line) : null;
    const rec = exc ? null : osloParser.parseLine(line, 0);
    if (exc) component = componentOfLogger(exc[1]!);
    else if (rec?.logger) component = componentOfLogger(rec.logger);
    else if (libvirtdParser.parseLine(line, 0)) component = 'libvirtd';
    else if (qemuParser.parseLine(line, 0)?.time != null) component = 'qemu';
    else if (ovnParser.parseLine(line, 0)) component = 'ovn-controller';
  }
  return { host, hostFrom, component };
}
