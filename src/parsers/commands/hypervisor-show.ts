/**
 * `openstack hypervisor show <HOST>` → Hypervisor.
 *
 * Fields (cli-formats.md §5): with microversion ≥ 2.88 (nova ≥ Xena, what a modern OSC
 * negotiates) only `aggregates, cpu_info, host_ip, host_time, hypervisor_hostname,
 * hypervisor_type, hypervisor_version, id, load_average, service_host, service_id, state, status,
 * uptime, users`; below 2.88 also the usage fields (vcpus, memory_mb, free_ram_mb, local_gb,
 * disk_available_least, running_vms …), which stay null when absent.
 * `cpu_info` is a dict (JSON), osc-lib format_dict text (table: `arch='x86_64', features=[…]`),
 * or a JSON string (API < 2.28 returned it as a string). `aggregates` is a list (JSON) or its
 * Python repr (table).
 */
import { CpuInfo, Hypervisor } from '../../facts/model';
import type { CommandParser } from '../types';
import { asDict, asList, field, ident, num, readOne, str, type Rec } from '../cli';
import { mapOne, showHasFields } from './_common';

/** cpu_info in any printed form → CpuInfo; null when absent. */
export function cpuInfoOf(v: unknown): CpuInfo | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' && v.trim() === '') return null;
  const d = asDict(v);
  if (!d) return null;
  const features = (asList(field(d, 'features')) ?? []).map((f) => str(f)).filter((f): f is string => !!f);
  return { arch: str(field(d, 'arch')), vendor: str(field(d, 'vendor')), model: str(field(d, 'model')), features };
}

/** Raw API / older clients nest the compute service: `service: {host: 'hv-02', id: 8}`. */
function serviceHostOf(v: unknown): string | null {
  const d = v === undefined ? null : asDict(v);
  return d ? str(field(d, 'host')) : null;
}

/** Shared with hypervisor list: the fields both print under the same names. */
export function hypervisorOf(r: Rec): Hypervisor {
  return {
    id: ident(field(r, 'id', 'ID')),
    hostname: str(field(r, 'hypervisor_hostname', 'Hypervisor Hostname')),
    serviceHost: str(field(r, 'service_host')) ?? serviceHostOf(field(r, 'service')),
    hostIp: str(field(r, 'host_ip', 'Host IP')),
    type: str(field(r, 'hypervisor_type', 'Hypervisor Type')),
    version: num(field(r, 'hypervisor_version')),
    state: str(field(r, 'state', 'State')),
    status: str(field(r, 'status', 'Status')),
    vcpus: num(field(r, 'vcpus', 'vCPUs')),
    vcpusUsed: num(field(r, 'vcpus_used', 'vCPUs Used')),
    memoryMb: num(field(r, 'memory_mb', 'Memory MB')),
    memoryMbUsed: num(field(r, 'memory_mb_used', 'Memory MB Used')),
    freeRamMb: num(field(r, 'free_ram_mb')),
    localGb: num(field(r, 'local_gb')),
    localGbUsed: num(field(r, 'local_gb_used')),
    freeDiskGb: num(field(r, 'free_disk_gb')),
    diskAvailableLeast: num(field(r, 'disk_available_least')),
    runningVms: num(field(r, 'running_vms')),
    aggregates: (asList(field(r, 'aggregates')) ?? []).map((a) => str(a)).filter((a): a is string => !!a),
    cpuInfo: cpuInfoOf(field(r, 'cpu_info')),
  };
}

export const hypervisorShow: CommandParser<Hypervisor> = {
  id: 'hypervisor-show',
  command: 'openstack hypervisor show <HOST> -f json',
  scope: 'mgmt',
  files: [/^openstack_hypervisor_show_(?<arg>.+)$/],
  looseNames: [/hypervisor[-_ ]?show/i],
  sniff: (text) => showHasFields(text, 'hypervisor_hostname', 'hypervisor_type'),
  parse(text) {
    return mapOne(readOne(text), (r) => {
      if (field(r, 'hypervisor_hostname') === undefined) return 'no hypervisor_hostname field: not a hypervisor show output';
      return hypervisorOf(r);
    });
  },
  schema: Hypervisor,
};
