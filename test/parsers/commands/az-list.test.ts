/** az-list: openstack availability zone list --long (cli-formats.md §8). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { azList } from '../../../src/parsers/commands/az-list';
import { parseFail, parseOk, sample } from './_helpers';

test('ASSEMBLED --long table: compute rows and a volume zone with empty columns', () => {
  const text = sample('az-list.assembled-long.table.txt');
  assert.ok(azList.sniff(text));
  const { value } = parseOk(azList, text, undefined, 'table');
  assert.is(value.length, 6);
  assert.equal(value[3], { zone: 'az1', status: 'available', resource: null, host: 'hv-02', service: 'nova-compute', serviceStatus: 'disabled XXX 2025-06-02T17:41:12.000000' });
  assert.equal(value[5], { zone: 'nova', status: 'available', resource: null, host: null, service: null, serviceStatus: null });
});

test('-f json (keys always present, "" for the missing)', () => {
  const { value } = parseOk(azList, '[{"Zone Name": "az1", "Zone Status": "available", "Zone Resource": "", "Host Name": "hv-02", "Service Name": "nova-compute", "Service Status": "disabled XXX 2025-06-02T17:41:12.000000"}]', undefined, 'json');
  assert.equal(value[0], { zone: 'az1', status: 'available', resource: null, host: 'hv-02', service: 'nova-compute', serviceStatus: 'disabled XXX 2025-06-02T17:41:12.000000' });
});

test('short form (no --long)', () => {
  const text = '+-----------+---------------+\n| Zone Name | Zone Status   |\n+-----------+---------------+\n| az1       | available     |\n| az2       | not available |\n+-----------+---------------+\n';
  const { value } = parseOk(azList, text);
  assert.equal(value.map((z) => [z.zone, z.status, z.host]), [['az1', 'available', null], ['az2', 'not available', null]]);
});

test('errors and empty', () => {
  parseFail(azList, '', 'empty');
  parseFail(azList, 'Missing value auth-url required for auth plugin password\n', 'error-output');
});

test.run();
