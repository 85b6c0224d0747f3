/**
 * `openstack resource provider inventory list <rp>` → ProviderInventory (osc-placement).
 *
 * Columns: `resource_class, allocation_ratio, min_unit, max_unit, reserved, step_size, total`;
 * newer plugin releases add `used`. What the scheduler can place on the provider is
 * `(total - reserved) * allocation_ratio`. The output does not name its provider: it comes from the
 * file name (`openstack_resource_provider_inventory_list_<uuid>`) or a pasted command line.
 */
import { ProviderInventory, type InventoryRow } from '../../facts/model';
import type { CommandParser } from '../types';
import { field, num, readMany, str, type ValueSpec } from '../cli';
import { headerLine, listHasKeys, mapRows } from './_common';
import { pastedArg } from './_placement';
import { ok } from '../cli';

const COLS = ['resource_class', 'allocation_ratio', 'min_unit', 'max_unit', 'reserved', 'step_size', 'total'];
const VALUE: ValueSpec = { variants: [COLS, [...COLS, 'used']] };

export const resourceProviderInventoryList: CommandParser<ProviderInventory> = {
  id: 'resource-provider-inventory-list',
  command: 'openstack resource provider inventory list <rp> -f json',
  scope: 'mgmt',
  files: [/^openstack_resource_provider_inventory_list_(?<arg>.+)$/],
  looseNames: [/inventory[-_ ]?list/i, /^rp[-_ ]?inventory/i],
  sniff: (text) => headerLine(text, 'resource_class', 'allocation_ratio', 'total') || listHasKeys(text, 'resource_class', 'allocation_ratio'),
  parse(text, arg) {
    const rows = mapRows(readMany(text, VALUE), (r): InventoryRow | string => {
      const rc = str(field(r, 'resource_class'));
      if (!rc || field(r, 'total') === undefined) return 'no resource_class/total';
      return {
        resourceClass: rc,
        total: num(field(r, 'total')),
        reserved: num(field(r, 'reserved')),
        allocationRatio: num(field(r, 'allocation_ratio')),
        minUnit: num(field(r, 'min_unit')),
        maxUnit: num(field(r, 'max_unit')),
        stepSize: num(field(r, 'step_size')),
        used: num(field(r, 'used')),
      };
    }, 'an inventory row');
    if (!rows.ok) return rows;
    const provider = arg?.toLowerCase() ?? pastedArg(text, /resource provider inventory list/);
    return ok({ provider, rows: rows.value }, rows.format, provider ? rows.warnings : [...rows.warnings, 'the provider is not named (file name or command line)']);
  },
  schema: ProviderInventory,
};
