/** flavor-show: openstack flavor show (cli-formats.md §9). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { flavorShow } from '../../../src/parsers/commands/flavor-show';
import { parseFail, parseOk, sample } from './_helpers';

test('REAL table (nova docs aggregates.rst): extra specs from properties, empty swap = 0', () => {
  const text = sample('flavor-show.real.table.txt');
  assert.ok(flavorShow.sniff(text));
  const { value } = parseOk(flavorShow, text, undefined, 'table');
  assert.equal(value, { id: '6', name: 'ssd.large', ram: 8192, vcpus: 4, disk: 80, ephemeral: 0, swap: 0, extraSpecs: { 'aggregate_instance_extra_specs:ssd': 'true' } });
});

test('ASSEMBLED -f json', () => {
  const text = '{"OS-FLV-DISABLED:disabled": false, "OS-FLV-EXT-DATA:ephemeral": 0, "access_project_ids": null, "description": null, "disk": 80, "id": "6", "name": "ssd.large", "os-flavor-access:is_public": true, "properties": {"aggregate_instance_extra_specs:ssd": "true", "hw:cpu_policy": "dedicated"}, "ram": 8192, "rxtx_factor": 1.0, "swap": 0, "vcpus": 4}';
  assert.ok(flavorShow.sniff(text));
  const { value } = parseOk(flavorShow, text, undefined, 'json');
  assert.equal(value.extraSpecs, { 'aggregate_instance_extra_specs:ssd': 'true', 'hw:cpu_policy': 'dedicated' });
  assert.is(value.swap, 0);
});

test('several extra specs in one format_dict cell', () => {
  const text = "+----------------------------+-----------------------------------------------+\n| Field                      | Value                                         |\n+----------------------------+-----------------------------------------------+\n| OS-FLV-EXT-DATA:ephemeral  | 0                                             |\n| id                         | a1                                            |\n| properties                 | hw:cpu_policy='dedicated', hw:numa_nodes='2'  |\n| ram                        | 2048                                          |\n| swap                       | None                                          |\n| vcpus                      | 2                                             |\n+----------------------------+-----------------------------------------------+\n";
  const { value } = parseOk(flavorShow, text);
  assert.equal(value.extraSpecs, { 'hw:cpu_policy': 'dedicated', 'hw:numa_nodes': '2' });
  assert.is(value.swap, null, 'None is not known; only "" means 0');
});

test('errors and empty', () => {
  parseFail(flavorShow, '', 'empty');
  parseFail(flavorShow, "No flavor with a name or ID of 'm9.huge' exists.", 'error-output');
});

test.run();
