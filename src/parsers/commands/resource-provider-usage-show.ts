/**
 * `openstack resource provider usage show <rp>` → ProviderUsage (osc-placement).
 *
 * A Lister with columns `resource_class, usage`: the sum of every consumer's allocation on the
 * provider. With the inventory it tells what is free: `(total - reserved) * ratio - usage`. The
 * provider comes from the file name or a pasted command line.
 */
import { ProviderUsage } from '../../facts/model';
import type { CommandParser } from '../types';
import { field, num, ok, readMany, str, type ValueSpec } from '../cli';
import { headerLine, listHasKeys, mapRows } from './_common';
import { pastedArg } from './_placement';

const VALUE: ValueSpec = { variants: [['resource_class', 'usage']] };

export const resourceProviderUsageShow: CommandParser<ProviderUsage> = {
  id: 'resource-provider-usage-show',
  command: 'openstack resource provider usage show <rp> -f json',
  scope: 'mgmt',
  files: [/^openstack_resource_provider_usage_show_(?<arg>.+)$/],
  looseNames: [/usage[-_ ]?show/i, /^rp[-_ ]?usage/i],
  sniff: (text) => headerLine(text, 'resource_class', 'usage') || listHasKeys(text, 'resource_class', 'usage'),
  parse(text, arg) {
    const rows = mapRows(readMany(text, VALUE), (r) => {
      const rc = str(field(r, 'resource_class'));
      const n = num(field(r, 'usage'));
      return rc && n !== null ? ([rc, n] as const) : 'no resource_class/usage';
    }, 'a usage row');
    if (!rows.ok) return rows;
    const provider = arg?.toLowerCase() ?? pastedArg(text, /resource provider usage show/);
    const warnings = provider ? rows.warnings : [...rows.warnings, 'the provider is not named (file name or command line)'];
    return ok({ provider, usages: Object.fromEntries(rows.value) }, rows.format, warnings);
  },
  schema: ProviderUsage,
};
