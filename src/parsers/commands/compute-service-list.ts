/**
 * `openstack compute service list` → Service[] (kind 'compute').
 *
 * Headers (cli-formats.md §3): `ID, Binary, Host, Zone, Status, State, Updated At`; `--long` adds
 * `Disabled Reason` and (≥ 2.11) `Forced Down`. ID is an integer before 2.53, a UUID from 2.53.
 * Host may be a Platform9 UUID-like host id; it is kept as written.
 */
import { z } from 'zod';
import { Service } from '../../facts/model';
import type { CommandParser } from '../types';
import { bool, field, ident, readMany, type ValueSpec } from '../cli';
import { hasAll, headerLine, listHasKeys, mapRows } from './_common';
import { serviceRow } from './_service';

const COLS = ['ID', 'Binary', 'Host', 'Zone', 'Status', 'State', 'Updated At'];
const VALUE: ValueSpec = {
  variants: [COLS, [...COLS, 'Disabled Reason', 'Forced Down'], [...COLS, 'Disabled Reason']],
  freeText: 'Disabled Reason', // 'AUTO: Connection to libvirt lost: 1'
};

export const computeServiceList: CommandParser<Service[]> = {
  id: 'compute-service-list',
  command: 'openstack compute service list -f json',
  scope: 'mgmt',
  files: [/^openstack_compute_service_list$/],
  looseNames: [/compute[-_ ]?service[-_ ]?list/i, /^(nova[-_ ])?service[-_ ]list$/i],
  sniff: (text) =>
    (headerLine(text, 'Binary', 'Host', 'Zone', 'Status', 'State') || listHasKeys(text, 'Binary', 'Host', 'Zone')) &&
    hasAll(text, /nova-(compute|conductor|scheduler)/),
  parse(text) {
    return mapRows(readMany(text, VALUE), (r) => serviceRow(r, 'compute', { id: ident(field(r, 'ID', 'Id')), forcedDown: bool(field(r, 'Forced Down', 'forced_down')) }),
      'a compute service');
  },
  schema: z.array(Service),
};
