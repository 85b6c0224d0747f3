/**
 * `openstack availability zone list [--long]` → AvailabilityZoneRow[].
 *
 * Headers (cli-formats.md §8): `Zone Name, Zone Status`; `--long` adds `Zone Resource, Host Name,
 * Service Name, Service Status` (one row per host and service; Service Status like
 * `enabled :-) 2025-06-02T18:10:01.000000`). Zone Status is `available` / `not available`.
 */
import { z } from 'zod';
import { AvailabilityZoneRow } from '../../facts/model';
import type { CommandParser } from '../types';
import { field, readMany, str } from '../cli';
import { headerLine, listHasKeys, mapRows } from './_common';

export const azList: CommandParser<AvailabilityZoneRow[]> = {
  id: 'az-list',
  command: 'openstack availability zone list --long -f json',
  scope: 'mgmt',
  files: [/^openstack_availability_zone_list$/],
  looseNames: [/(availability[-_ ]?zone|az)[-_ ]?list/i],
  sniff: (text) => headerLine(text, 'Zone Name', 'Zone Status') || listHasKeys(text, 'Zone Name', 'Zone Status'),
  parse(text) {
    // `-f value` is not read: Zone Status ('not available') and Service Status both hold spaces
    return mapRows(readMany(text), (r) => {
      const zone = str(field(r, 'Zone Name', 'zone_name'));
      if (!zone) return 'no Zone Name';
      return {
        zone,
        status: str(field(r, 'Zone Status', 'zone_status')),
        resource: str(field(r, 'Zone Resource')),
        host: str(field(r, 'Host Name')),
        service: str(field(r, 'Service Name')),
        serviceStatus: str(field(r, 'Service Status')),
      };
    }, 'an availability zone row');
  },
  schema: z.array(AvailabilityZoneRow),
};
