/** migration-list: openstack server migration list (cli-formats.md §2). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { migrationList } from '../../../src/parsers/commands/migration-list';
import { fileArg, parseFail, parseOk, sample } from './_helpers';

test('file name and loose names', () => {
  assert.is(fileArg(migrationList, 'openstack_server_migration_list_0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60'), '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60');
  assert.ok(migrationList.looseNames!.some((re) => re.test('migration list')));
});

test('REAL legacy `nova migration-list` row: Instance UUID header, Type last, None flavors', () => {
  const text = sample('migration-list.real-legacy.table.txt');
  assert.ok(migrationList.sniff(text));
  const { value } = parseOk(migrationList, text, undefined, 'table');
  assert.is(value.length, 1);
  assert.equal(value[0], {
    id: '1',
    uuid: '8a823ba3-e2e9-4f17-bac5-88ceea496b99',
    instance: 'a1e6e0b2-9028-4166-b79b-c177ff70fbb7',
    sourceCompute: 'devstack1',
    sourceNode: 'devstack1',
    destCompute: 'devstack2',
    destNode: 'devstack2',
    destHost: '192.168.0.1',
    status: 'done',
    rawType: 'evacuation',
    oldFlavor: null,
    newFlavor: null,
    createdAt: '2019-10-25T17:46:35.000Z',
    updatedAt: '2019-10-25T17:46:37.000Z',
  });
});

test('ASSEMBLED modern table: Server UUID, Type before Created At, a row without destination', () => {
  const { value } = parseOk(migrationList, sample('migration-list.assembled-modern.table.txt'), undefined, 'table');
  assert.is(value.length, 3);
  const [first, second, third] = value;
  assert.is(first!.id, '57');
  assert.is(first!.instance, '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60');
  assert.is(first!.sourceCompute, 'hv-01');
  assert.is(first!.destNode, 'hv-02.example.net');
  assert.is(first!.destHost, null);
  assert.is(first!.status, 'failed');
  assert.is(first!.rawType, 'live-migration');
  assert.is(first!.oldFlavor, '5');
  assert.is(first!.createdAt, '2025-06-02T14:02:40.000Z');
  assert.is(second!.destCompute, null);
  assert.is(second!.destNode, null);
  assert.is(second!.status, 'error');
  assert.is(third!.rawType, 'migration');
  assert.is(third!.destHost, '10.20.0.11');
  assert.is(third!.status, 'confirmed');
});

test('ASSEMBLED -f json and the same as yaml', () => {
  const text = sample('migration-list.assembled.json');
  assert.ok(migrationList.sniff(text));
  const { value } = parseOk(migrationList, text, undefined, 'json');
  assert.equal(value[0], {
    id: '57',
    uuid: '1f7e9c3a-5b2d-4e8f-9a1c-3d5e7f9b1c2d',
    instance: '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60',
    sourceCompute: 'hv-01',
    sourceNode: 'hv-01.example.net',
    destCompute: 'hv-02',
    destNode: 'hv-02.example.net',
    destHost: null,
    status: 'failed',
    rawType: 'live-migration',
    oldFlavor: '5',
    newFlavor: '5',
    createdAt: '2025-06-02T14:02:40.000Z',
    updatedAt: '2025-06-02T14:02:52.000Z',
  });
  const { value: y } = parseOk(migrationList, stringify(JSON.parse(text)), undefined, 'yaml');
  assert.equal(y, value);
});

test('-f value with the ≥ 2.59 column order', () => {
  const line = '57 1f7e9c3a-5b2d-4e8f-9a1c-3d5e7f9b1c2d hv-01.example.net hv-02.example.net hv-01 hv-02 None failed 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60 5 5 live-migration 2025-06-02T14:02:40.000000 2025-06-02T14:02:52.000000\n';
  const { value } = parseOk(migrationList, line, undefined, 'value');
  assert.is(value[0]!.status, 'failed');
  assert.is(value[0]!.destHost, null);
  assert.is(value[0]!.rawType, 'live-migration');
  assert.is(value[0]!.updatedAt, '2025-06-02T14:02:52.000Z');
});

test('raw API keys (nova-operator#621 style record) read too', () => {
  const text = JSON.stringify([{ id: 4, source_compute: 'compute-0.ci-rdo.local', dest_compute: 'compute-1.ci-rdo.local', source_node: 'compute-0.ci-rdo.local', dest_node: 'compute-1.ci-rdo.local', dest_host: null, old_instance_type_id: 1, new_instance_type_id: 1, instance_uuid: '88084fdd-0000-4000-8000-000000000000', status: 'failed', migration_type: 'live-migration', created_at: '2023-12-16T11:07:37.000000', updated_at: '2023-12-16T11:07:45.000000' }]);
  const { value } = parseOk(migrationList, text);
  assert.is(value[0]!.instance, '88084fdd-0000-4000-8000-000000000000');
  assert.is(value[0]!.rawType, 'live-migration');
  assert.is(value[0]!.sourceCompute, 'compute-0.ci-rdo.local');
});

test('no migrations is an empty list; errors and empty files are failures', () => {
  assert.equal(parseOk(migrationList, '[]').value, []);
  parseFail(migrationList, '', 'empty');
  parseFail(migrationList, 'Forbidden: Policy doesn\'t allow os_compute_api:os-migrations:index to be performed. (HTTP 403)', 'error-output');
  parseFail(migrationList, sample('compute-service-list.real.table.txt'), 'unrecognised');
});

test.run();
