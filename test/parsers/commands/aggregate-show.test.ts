/** aggregate-show: openstack aggregate show (nova docs aggregates.rst; cli-formats.md §7). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aggregateShow } from '../../../src/parsers/commands/aggregate-show';
import { fileArg, parseFail, parseOk } from './_helpers';

test('table with the REAL older rows: [u\'node1\', u\'node2\'] hosts, ssd=\'true\' properties', () => {
  const text = [
    '+-------------------+--------------------------------------+',
    '| Field             | Value                                |',
    '+-------------------+--------------------------------------+',
    '| availability_zone | nova                                 |',
    '| created_at        | 2016-12-22T07:31:13.000000           |',
    '| deleted           | False                                |',
    '| deleted_at        | None                                 |',
    "| hosts             | [u'node1', u'node2']                 |",
    '| id                | 1                                    |',
    '| name              | agg1                                 |',
    "| properties        | ssd='true'                           |",
    '| updated_at        | None                                 |',
    '| uuid              | 019e2189-31b3-49e1-aff2-b220ebd91c24 |',
    '+-------------------+--------------------------------------+',
  ].join('\n');
  assert.ok(aggregateShow.sniff(text));
  assert.is(fileArg(aggregateShow, 'openstack_aggregate_show_agg1'), 'agg1');
  const { value } = parseOk(aggregateShow, text, 'agg1', 'table');
  assert.equal(value, { id: '1', name: 'agg1', availabilityZone: 'nova', properties: { ssd: 'true' }, hosts: ['node1', 'node2'] });
});

test('modern table (ListColumn hosts) and -f json', () => {
  const table = '+-------------------+--------------+\n| Field             | Value        |\n+-------------------+--------------+\n| availability_zone | az1          |\n| hosts             | hv-01, hv-02 |\n| id                | 1            |\n| name              | az1-hosts    |\n| properties        |              |\n+-------------------+--------------+\n';
  assert.equal(parseOk(aggregateShow, table).value.hosts, ['hv-01', 'hv-02']);
  const json = '{"availability_zone": "az1", "hosts": ["hv-01"], "id": 1, "name": "az1-hosts", "properties": {"pinned": "true"}, "uuid": "5c2e7a1b-3d4f-4a6b-9c8d-1e2f3a4b5c6d"}';
  assert.equal(parseOk(aggregateShow, json, undefined, 'json').value, { id: '1', name: 'az1-hosts', availabilityZone: 'az1', properties: { pinned: 'true' }, hosts: ['hv-01'] });
});

test('errors and empty', () => {
  parseFail(aggregateShow, '', 'empty');
  parseFail(aggregateShow, "No aggregate with a name or ID of 'agg9' exists.", 'error-output');
});

test.run();
