/**
 * `openstack flavor show <FLAVOR>` → Flavor.
 *
 * Fields (cli-formats.md §9): OS-FLV-DISABLED:disabled, OS-FLV-EXT-DATA:ephemeral,
 * access_project_ids, description, disk, id, name, os-flavor-access:is_public, properties
 * (the extra specs: dict in JSON, `key='v', …` in a table), ram, rxtx_factor, swap, vcpus.
 * Nova returns `swap` as "" when it is 0 below microversion 2.75, so an empty swap reads as 0.
 */
import { Flavor } from '../../facts/model';
import type { CommandParser } from '../types';
import { field, ident, isNullish, num, readOne, str, stringRecord } from '../cli';
import { mapOne, showHasFields } from './_common';

export const flavorShow: CommandParser<Flavor> = {
  id: 'flavor-show',
  command: 'openstack flavor show <FLAVOR> -f json',
  scope: 'mgmt',
  files: [/^openstack_flavor_show_(?<arg>.+)$/],
  looseNames: [/flavor[-_ ]?show/i],
  sniff: (text) => showHasFields(text, 'OS-FLV-EXT-DATA:ephemeral') || showHasFields(text, 'os-flavor-access:is_public', 'vcpus'),
  parse(text) {
    return mapOne(readOne(text), (r) => {
      if (field(r, 'vcpus') === undefined || field(r, 'ram') === undefined) return 'no vcpus / ram fields: not a flavor show output';
      const swap = field(r, 'swap');
      return {
        id: ident(field(r, 'id')),
        name: str(field(r, 'name')),
        ram: num(field(r, 'ram')),
        vcpus: num(field(r, 'vcpus')),
        disk: num(field(r, 'disk')),
        ephemeral: num(field(r, 'OS-FLV-EXT-DATA:ephemeral', 'ephemeral')),
        swap: swap === '' ? 0 : isNullish(swap) ? null : num(swap),
        extraSpecs: stringRecord(field(r, 'properties', 'extra_specs')) ?? {},
      };
    });
  },
  schema: Flavor,
};
