/**
 * `openstack volume service list` → Service[] (kind 'volume').
 *
 * Headers (cli-formats.md §4): `Binary, Host, Zone, Status, State, Updated At`; ≥ 3.7 adds
 * `Cluster`, ≥ 3.49 `Backend State`; `--long` adds `Disabled Reason`. No ID column.
 * cinder-volume hosts are `host@backend` and are kept so.
 */
import { z } from 'zod';
import { Service } from '../../facts/model';
import type { CommandParser } from '../types';
import { field, readMany, str, type ValueSpec } from '../cli';
import { hasAll, headerLine, listHasKeys, mapRows } from './_common';
import { serviceRow } from './_service';

const COLS = ['Binary', 'Host', 'Zone', 'Status', 'State', 'Updated At'];
const VALUE: ValueSpec = { variants: [COLS, [...COLS, 'Cluster', 'Backend State'], [...COLS, 'Cluster']] };

export const volumeServiceList: CommandParser<Service[]> = {
  id: 'volume-service-list',
  command: 'openstack volume service list -f json',
  scope: 'mgmt',
  files: [/^openstack_volume_service_list$/],
  looseNames: [/volume[-_ ]?service[-_ ]?list/i, /^cinder[-_ ]service[-_ ]list$/i],
  sniff: (text) =>
    (headerLine(text, 'Binary', 'Host', 'Zone', 'Status', 'State') || listHasKeys(text, 'Binary', 'Host', 'Zone')) &&
    hasAll(text, /cinder-(volume|scheduler|backup)/),
  parse(text) {
    return mapRows(readMany(text, VALUE), (r) => serviceRow(r, 'volume', { id: str(field(r, 'ID', 'Id')), forcedDown: null }), // cinder has no forced-down column
      'a volume service');
  },
  schema: z.array(Service),
};
