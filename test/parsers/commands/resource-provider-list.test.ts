/** resource-provider-list: openstack resource provider list (osc-placement). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resourceProviderList } from '../../../src/parsers/commands/resource-provider-list';
import { COMMAND_PARSERS } from '../../../src/parsers/commands';
import { fileArg, parseFail, parseOk } from './_helpers';

const TABLE = `+--------------------------------------+-----------+------------+--------------------------------------+----------------------+
| uuid                                 | name      | generation | root_provider_uuid                   | parent_provider_uuid |
+--------------------------------------+-----------+------------+--------------------------------------+----------------------+
| 9546fce4-9fb5-4b35-b277-72ff125ad787 | devstack1 |          6 | 9546fce4-9fb5-4b35-b277-72ff125ad787 | None                 |
| 52d0182d-d466-4210-8f0d-29466bb54feb | devstack2 |          3 | 52d0182d-d466-4210-8f0d-29466bb54feb | None                 |
+--------------------------------------+-----------+------------+--------------------------------------+----------------------+
`;

test('table with the 1.14 tree columns', () => {
  assert.ok(resourceProviderList.sniff(TABLE));
  assert.is(COMMAND_PARSERS.find((p) => p.sniff(TABLE))?.id, 'resource-provider-list');
  const { value } = parseOk(resourceProviderList, TABLE, undefined, 'table');
  assert.equal(value.map((p) => [p.uuid, p.name, p.generation, p.parentUuid]), [
    ['9546fce4-9fb5-4b35-b277-72ff125ad787', 'devstack1', 6, null],
    ['52d0182d-d466-4210-8f0d-29466bb54feb', 'devstack2', 3, null],
  ]);
  assert.is(value[0]!.allocations, null);
});

test('-f json and -f value (three columns, placement 1.0)', () => {
  const json = JSON.stringify([{ uuid: '9546fce4-9fb5-4b35-b277-72ff125ad787', name: 'devstack1', generation: 6 }]);
  assert.ok(resourceProviderList.sniff(json));
  assert.is(parseOk(resourceProviderList, json, undefined, 'json').value[0]!.name, 'devstack1');
  const { value } = parseOk(resourceProviderList, '9546fce4-9fb5-4b35-b277-72ff125ad787 devstack1 6\n', undefined, 'value');
  assert.is(value[0]!.generation, 6);
});

test('file name, errors and empty', () => {
  assert.is(fileArg(resourceProviderList, 'openstack_resource_provider_list'), undefined);
  parseFail(resourceProviderList, '', 'empty');
  parseFail(resourceProviderList, 'openstack: \'resource provider list\' is not an openstack command. See \'openstack --help\'.\n', 'unrecognised');
  parseFail(resourceProviderList, 'Forbidden (HTTP 403)', 'error-output');
});

test.run();
