/**
 * `openstack hypervisor list [--long]` → Hypervisor[].
 *
 * Headers (cli-formats.md §5): `ID, Hypervisor Hostname, Hypervisor Type, Host IP, State`;
 * `--long` adds `vCPUs Used, vCPUs, Memory MB Used, Memory MB` only below microversion 2.88.
 * What a list does not print (service host, usage, cpu_info) stays null.
 */
import { z } from 'zod';
import { Hypervisor } from '../../facts/model';
import type { CommandParser } from '../types';
import { field, readMany, type ValueSpec } from '../cli';
import { headerLine, listHasKeys, mapRows } from './_common';
import { hypervisorOf } from './hypervisor-show';

const COLS = ['ID', 'Hypervisor Hostname', 'Hypervisor Type', 'Host IP', 'State'];
const VALUE: ValueSpec = { variants: [COLS, [...COLS, 'vCPUs Used', 'vCPUs', 'Memory MB Used', 'Memory MB']] };

export const hypervisorList: CommandParser<Hypervisor[]> = {
  id: 'hypervisor-list',
  command: 'openstack hypervisor list --long -f json',
  scope: 'mgmt',
  files: [/^openstack_hypervisor_list$/],
  looseNames: [/hypervisor[-_ ]?list/i],
  sniff: (text) => headerLine(text, 'Hypervisor Hostname', 'Hypervisor Type') || listHasKeys(text, 'Hypervisor Hostname'),
  parse(text) {
    return mapRows(readMany(text, VALUE), (r) => {
      if (field(r, 'Hypervisor Hostname', 'hypervisor_hostname') === undefined) return 'no Hypervisor Hostname';
      return hypervisorOf(r);
    }, 'a hypervisor');
  },
  schema: z.array(Hypervisor),
};
