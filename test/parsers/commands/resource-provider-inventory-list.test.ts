/** resource-provider-inventory-list: openstack resource provider inventory list (osc-placement). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resourceProviderInventoryList } from '../../../src/parsers/commands/resource-provider-inventory-list';
import { COMMAND_PARSERS } from '../../../src/parsers/commands';
import { fileArg, parseFail, parseOk } from './_helpers';

const RP = '52d0182d-d466-4210-8f0d-29466bb54feb';
// columns in the plugin's order (osc_placement/resources/inventory.py: resource_class + FIELDS)
const TABLE = `$ openstack resource provider inventory list ${RP}
+----------------+------------------+----------+----------+----------+-----------+-------+
| resource_class | allocation_ratio | min_unit | max_unit | reserved | step_size | total |
+----------------+------------------+----------+----------+----------+-----------+-------+
| VCPU           |              4.0 |        1 |       16 |        0 |         1 |    16 |
| MEMORY_MB      |              1.0 |        1 |    64000 |     4096 |         1 | 64000 |
| DISK_GB        |              1.0 |        1 |      900 |        0 |         1 |   900 |
+----------------+------------------+----------+----------+----------+-----------+-------+
`;

test('table, provider from the pasted command line', () => {
  assert.ok(resourceProviderInventoryList.sniff(TABLE));
  assert.is(COMMAND_PARSERS.find((p) => p.sniff(TABLE))?.id, 'resource-provider-inventory-list');
  const { value, warnings } = parseOk(resourceProviderInventoryList, TABLE, undefined, 'table');
  assert.is(value.provider, RP);
  assert.equal(warnings.filter((w) => /not named/.test(w)), []);
  const mem = value.rows.find((r) => r.resourceClass === 'MEMORY_MB')!;
  assert.equal([mem.total, mem.reserved, mem.allocationRatio, mem.used], [64000, 4096, 1, null]);
});

test('-f json with `used`, provider from the file name', () => {
  const json = JSON.stringify([
    { resource_class: 'VCPU', allocation_ratio: 16.0, min_unit: 1, max_unit: 8, reserved: 0, step_size: 1, total: 8, used: 6 },
    { resource_class: 'MEMORY_MB', allocation_ratio: 1.5, min_unit: 1, max_unit: 15990, reserved: 512, step_size: 1, total: 15990, used: 8704 },
  ]);
  assert.is(fileArg(resourceProviderInventoryList, `openstack_resource_provider_inventory_list_${RP}`), RP);
  const { value } = parseOk(resourceProviderInventoryList, json, RP, 'json');
  assert.equal(value.rows.map((r) => [r.resourceClass, r.allocationRatio, r.used]), [['VCPU', 16, 6], ['MEMORY_MB', 1.5, 8704]]);
});

test('-f value; unnamed provider is a warning, not a failure', () => {
  const { value, warnings } = parseOk(resourceProviderInventoryList, 'VCPU 16.0 1 8 0 1 8\nMEMORY_MB 1.5 1 15990 512 1 15990\n', undefined, 'value');
  assert.is(value.provider, null);
  assert.ok(warnings.some((w) => /not named/.test(w)));
  parseFail(resourceProviderInventoryList, '', 'empty');
  parseFail(resourceProviderInventoryList, 'Expecting to find domain in project. (HTTP 400)', 'error-output');
});

test.run();
