/**
 * `openstack resource provider list [--name X]` → ResourceProvider[] (osc-placement).
 *
 * Columns: `uuid, name, generation`; from placement microversion 1.14 also
 * `root_provider_uuid, parent_provider_uuid`. A nova compute node's provider is named after its
 * hypervisor_hostname, which is how a provider is tied to a host. `-f value` prints the columns in
 * that order.
 */
import { z } from 'zod';
import { ResourceProvider } from '../../facts/model';
import type { CommandParser } from '../types';
import { field, ident, num, readMany, str, type Rec, type ValueSpec } from '../cli';
import { headerLine, listHasKeys, mapRows } from './_common';

const BASE = ['uuid', 'name', 'generation'];
const VALUE: ValueSpec = { variants: [BASE, [...BASE, 'root_provider_uuid', 'parent_provider_uuid']] };

/** The provider fields shared by list and show. */
export function providerOf(r: Rec): ResourceProvider | string {
  const uuid = ident(field(r, 'uuid', 'id'));
  if (!uuid || !/^[0-9a-f-]{36}$/i.test(uuid)) return 'no provider uuid';
  return {
    uuid: uuid.toLowerCase(),
    name: str(field(r, 'name')),
    generation: num(field(r, 'generation')),
    rootUuid: ident(field(r, 'root_provider_uuid')),
    parentUuid: ident(field(r, 'parent_provider_uuid')),
    allocations: null,
  };
}

export const resourceProviderList: CommandParser<ResourceProvider[]> = {
  id: 'resource-provider-list',
  command: 'openstack resource provider list -f json',
  scope: 'mgmt',
  files: [/^openstack_resource_provider_list$/],
  looseNames: [/resource[-_ ]?provider[-_ ]?list/i, /^rp[-_ ]?list$/i],
  sniff: (text) => headerLine(text, 'uuid', 'name', 'generation') || (listHasKeys(text, 'uuid', 'generation') && !/"resource_class"/.test(text.slice(0, 4096))),
  parse(text) {
    return mapRows(readMany(text, VALUE), providerOf, 'a resource provider');
  },
  schema: z.array(ResourceProvider),
};
