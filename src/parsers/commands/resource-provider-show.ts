/**
 * `openstack resource provider show <rp> [--allocations]` → ResourceProvider (osc-placement).
 *
 * ShowOne fields `uuid, name, generation` (+ `root_provider_uuid, parent_provider_uuid` from
 * placement 1.14); `--allocations` adds `allocations`: consumer uuid → `{'resources': {class: n}}`,
 * printed as the Python repr of the dict in table mode (older releases with `u'…'` prefixes) and as
 * an object by `-f json`. The consumers are instances and migration records (nova moves the
 * source's allocation to the migration's uuid while a move runs).
 */
import { ResourceProvider } from '../../facts/model';
import type { CommandParser } from '../types';
import { asDict, field, isRec, readOne } from '../cli';
import { mapOne, showHasFields } from './_common';
import { amountsOf } from './_placement';
import { providerOf } from './resource-provider-list';

/** `{consumer: {resources: {…}}}` in any printed form; null when absent or unreadable. */
export function allocationsOf(v: unknown, warnings: string[]): Record<string, Record<string, number>> | null {
  if (v === undefined) return null;
  const d = asDict(v);
  if (!d) {
    warnings.push('the allocations field could not be read');
    return null;
  }
  const out: Record<string, Record<string, number>> = {};
  for (const [consumer, a] of Object.entries(d)) {
    const res = isRec(a) ? amountsOf(field(a, 'resources') ?? a) : null;
    if (res) out[consumer.toLowerCase()] = res;
  }
  return out;
}

export const resourceProviderShow: CommandParser<ResourceProvider> = {
  id: 'resource-provider-show',
  command: 'openstack resource provider show --allocations <rp> -f json',
  scope: 'mgmt',
  files: [/^openstack_resource_provider_show_(?<arg>.+)$/],
  looseNames: [/resource[-_ ]?provider[-_ ]?show/i, /^rp[-_ ]?show/i],
  sniff: (text) => !/^\s*\[/.test(text) && showHasFields(text, 'uuid', 'generation') && !/OS-EXT|resource_class/.test(text.slice(0, 8192)),
  parse(text, arg) {
    return mapOne(readOne(text), (r, warnings) => {
      if (field(r, 'generation') === undefined) return 'no generation field: not a resource provider';
      const p = providerOf(r);
      if (typeof p === 'string') return p;
      if (arg && arg.toLowerCase() !== p.uuid && arg !== p.name) warnings.push(`the file names ${arg} but the output is provider ${p.uuid}`);
      p.allocations = allocationsOf(field(r, 'allocations'), warnings);
      return p;
    });
  },
  schema: ResourceProvider,
};
