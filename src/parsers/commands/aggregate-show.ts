/**
 * `openstack aggregate show <AGG>` → Aggregate.
 *
 * Fields: availability_zone, created_at, deleted_at, hosts, id, is_deleted, name, properties,
 * updated_at, uuid. `hosts` is a list (JSON), `hv-01, hv-02` (ListColumn) or the Python 2 repr
 * `[u'node1', u'node2']` of older clients (nova docs aggregates.rst); `properties` a dict or
 * `ssd='true'` text.
 */
import { Aggregate } from '../../facts/model';
import type { CommandParser } from '../types';
import { field, readOne } from '../cli';
import { hasAll, mapOne, showHasFields } from './_common';
import { aggregateOf } from './aggregate-list';

export const aggregateShow: CommandParser<Aggregate> = {
  id: 'aggregate-show',
  command: 'openstack aggregate show <AGG> -f json',
  scope: 'mgmt',
  files: [/^openstack_aggregate_show_(?<arg>.+)$/],
  looseNames: [/aggregate[-_ ]?show/i],
  sniff: (text) => showHasFields(text, 'hosts', 'availability_zone', 'name') && !hasAll(text, /hypervisor|OS-EXT/),
  parse(text) {
    return mapOne(readOne(text), (r) => {
      if (field(r, 'hosts') === undefined) return 'no hosts field: not an aggregate show output';
      return aggregateOf(r) ?? 'no name field: not an aggregate show output';
    });
  },
  schema: Aggregate,
};
