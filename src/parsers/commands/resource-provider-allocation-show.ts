/**
 * `openstack resource provider allocation show <consumer>` → ConsumerAllocation[] (osc-placement).
 *
 * One row per provider the consumer (an instance or a migration record) holds resources on:
 * `resource_provider, generation, resources` (+ `project_id, user_id` from placement 1.12;
 * `consumer_type` in newer releases). An instance should hold resources on the provider of its
 * own host only; a second provider after a failed or reverted move is an allocation left behind.
 * The consumer comes from the file name or the pasted command line.
 */
import { z } from 'zod';
import { ConsumerAllocation } from '../../facts/model';
import type { CommandParser } from '../types';
import { field, ident, num, ok, readMany, str, type ValueSpec } from '../cli';
import { headerLine, listHasKeys, mapRows } from './_common';
import { amountsOf, pastedArg, unwrap } from './_placement';

const BASE = ['resource_provider', 'generation', 'resources'];
const VALUE: ValueSpec = { variants: [BASE, [...BASE, 'project_id', 'user_id'], [...BASE, 'project_id', 'user_id', 'consumer_type']] };

export const resourceProviderAllocationShow: CommandParser<ConsumerAllocation[]> = {
  id: 'resource-provider-allocation-show',
  command: 'openstack resource provider allocation show <VM> -f json',
  scope: 'mgmt',
  files: [/^openstack_resource_provider_allocation_show_(?<arg>.+)$/],
  looseNames: [/allocation[-_ ]?show/i],
  sniff: (text) => headerLine(text, 'resource_provider', 'generation', 'resources') || listHasKeys(text, 'resource_provider', 'resources'),
  parse(text, arg) {
    const consumer = arg?.toLowerCase() ?? pastedArg(text, /resource provider allocation (?:show|unset|set)/);
    const rows = mapRows(readMany(text, VALUE), (r): ConsumerAllocation | string => {
      const provider = unwrap(field(r, 'resource_provider')).toLowerCase();
      const resources = amountsOf(field(r, 'resources'));
      if (!/^[0-9a-f-]{36}$/.test(provider) || !resources) return 'no resource_provider/resources';
      return { consumer, provider, generation: num(field(r, 'generation')), resources, projectId: ident(field(r, 'project_id')), userId: str(field(r, 'user_id')) };
    }, 'an allocation');
    if (!rows.ok) return rows;
    return ok(rows.value, rows.format, consumer ? rows.warnings : [...rows.warnings, 'the consumer is not named (file name or command line)']);
  },
  schema: z.array(ConsumerAllocation),
};
