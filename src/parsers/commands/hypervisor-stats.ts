/**
 * `openstack hypervisor stats show` (deprecated) → HypervisorStats.
 *
 * OSC logs `This command is deprecated.` (to stderr, so it may lead the file) and calls
 * GET /os-hypervisors/statistics at microversion 2.1. Fields (cli-formats.md §6): count,
 * current_workload, disk_available_least, free_disk_gb, free_ram_mb (negative when RAM is
 * over-committed), local_gb, local_gb_used, memory_mb, memory_mb_used, running_vms, vcpus,
 * vcpus_used. Nova removed the API in 2.88: newer clouds answer an error instead.
 */
import { z } from 'zod';
import type { CommandParser } from '../types';
import { field, num, readOne } from '../cli';
import { mapOne, showHasFields } from './_common';

export const HypervisorStats = z.object({
  count: z.number().nullable(),
  currentWorkload: z.number().nullable(),
  diskAvailableLeast: z.number().nullable(),
  freeDiskGb: z.number().nullable(),
  freeRamMb: z.number().nullable(),
  localGb: z.number().nullable(),
  localGbUsed: z.number().nullable(),
  memoryMb: z.number().nullable(),
  memoryMbUsed: z.number().nullable(),
  runningVms: z.number().nullable(),
  vcpus: z.number().nullable(),
  vcpusUsed: z.number().nullable(),
});
export type HypervisorStats = z.infer<typeof HypervisorStats>;

export const hypervisorStats: CommandParser<HypervisorStats> = {
  id: 'hypervisor-stats',
  command: 'openstack hypervisor stats show -f json',
  scope: 'mgmt',
  files: [/^openstack_hypervisor_stats(?:_show)?$/],
  looseNames: [/hypervisor[-_ ]?stats/i],
  sniff: (text) => showHasFields(text, 'count', 'vcpus_used', 'memory_mb_used') && !showHasFields(text, 'hypervisor_hostname'),
  parse(text) {
    return mapOne(readOne(text), (r) => {
      if (field(r, 'count') === undefined || field(r, 'vcpus') === undefined) return 'no count / vcpus fields: not hypervisor stats';
      return {
        count: num(field(r, 'count')),
        currentWorkload: num(field(r, 'current_workload')),
        diskAvailableLeast: num(field(r, 'disk_available_least')),
        freeDiskGb: num(field(r, 'free_disk_gb')),
        freeRamMb: num(field(r, 'free_ram_mb')),
        localGb: num(field(r, 'local_gb')),
        localGbUsed: num(field(r, 'local_gb_used')),
        memoryMb: num(field(r, 'memory_mb')),
        memoryMbUsed: num(field(r, 'memory_mb_used')),
        runningVms: num(field(r, 'running_vms')),
        vcpus: num(field(r, 'vcpus')),
        vcpusUsed: num(field(r, 'vcpus_used')),
      };
    });
  },
  schema: HypervisorStats,
};
