/** aggregate-list: openstack aggregate list [--long] (cli-formats.md §7). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aggregateList } from '../../../src/parsers/commands/aggregate-list';
import { networkAgentList } from '../../../src/parsers/commands/network-agent-list';
import { parseFail, parseOk, sample } from './_helpers';

test('REAL short table: no hosts known (warning), right-aligned ids', () => {
  const text = sample('aggregate-list.real.table.txt');
  assert.ok(aggregateList.sniff(text));
  const { value, warnings } = parseOk(aggregateList, text, undefined, 'table');
  assert.equal(value[0], { id: '2', name: 'FiXo-Zone-01', availabilityZone: 'FiXo-Zone-01', properties: {}, hosts: [] });
  assert.is(value.length, 3);
  assert.ok(warnings.some((w) => w.includes('--long')));
});

test('ASSEMBLED --long table: UUID, properties k=v, hosts list', () => {
  const text = sample('aggregate-list.assembled-long.table.txt');
  assert.not.ok(networkAgentList.sniff(text));
  const { value, warnings } = parseOk(aggregateList, text);
  assert.equal(warnings, []);
  assert.equal(value, [
    { id: '1', name: 'az1-hosts', availabilityZone: 'az1', properties: {}, hosts: ['hv-01', 'hv-02'] },
    { id: '2', name: 'az2-hosts', availabilityZone: 'az2', properties: {}, hosts: ['hv-03'] },
    { id: '3', name: 'ssd', availabilityZone: null, properties: { ssd: 'true' }, hosts: ['hv-01', 'hv-03'] },
  ]);
});

test('ASSEMBLED --long -f json', () => {
  const text = '[{"ID": 1, "UUID": "5c2e7a1b-3d4f-4a6b-9c8d-1e2f3a4b5c6d", "Name": "az1-hosts", "Availability Zone": "az1", "Properties": {}, "Hosts": ["hv-01", "hv-02"]}, {"ID": 3, "UUID": "9a0b1c2d-5e6f-4a7b-8c9d-1e2f3a4b5c6e", "Name": "ssd", "Availability Zone": null, "Properties": {"ssd": "true"}, "Hosts": ["hv-01", "hv-03"]}]';
  assert.ok(aggregateList.sniff(text));
  const { value } = parseOk(aggregateList, text, undefined, 'json');
  assert.equal(value[1], { id: '3', name: 'ssd', availabilityZone: null, properties: { ssd: 'true' }, hosts: ['hv-01', 'hv-03'] });
});

test('errors and empty', () => {
  parseFail(aggregateList, '', 'empty');
  parseFail(aggregateList, 'ForbiddenException: 403: Client Error for url: http://ctl:8774/v2.1/os-aggregates, Policy does not allow', 'error-output');
});

test.run();
