/** compute-service-list: openstack compute service list (cli-formats.md §3). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { computeServiceList } from '../../../src/parsers/commands/compute-service-list';
import { fileArg, parseFail, parseOk, sample } from './_helpers';

test('file name', () => {
  assert.is(fileArg(computeServiceList, 'openstack_compute_service_list'), undefined);
  assert.is(fileArg(computeServiceList, 'openstack_volume_service_list'), null);
});

test('REAL table (nova live-migration-usage.rst): integer ids, right-aligned', () => {
  const text = sample('compute-service-list.real.table.txt');
  assert.ok(computeServiceList.sniff(text));
  const { value } = parseOk(computeServiceList, text, undefined, 'table');
  assert.is(value.length, 4);
  assert.equal(value[0], {
    kind: 'compute', id: '3', binary: 'nova-conductor', host: 'HostA', zone: 'internal', status: 'enabled', state: 'up',
    updatedAt: '2017-02-18T09:42:29.000Z', disabledReason: null, forcedDown: null,
  });
  assert.equal(value.map((s) => `${s.binary}@${s.host}`), ['nova-conductor@HostA', 'nova-scheduler@HostA', 'nova-compute@HostB', 'nova-compute@HostC']);
});

test('REAL table with UUID ids (2.53) and a down host', () => {
  const { value } = parseOk(computeServiceList, sample('compute-service-list.real-uuid.table.txt'));
  assert.is(value[0]!.id, 'e3c18c2d-9488-4863-b728-f3f292ec5da8');
  assert.is(value[0]!.host, 'devstack1');
  assert.is(value[0]!.state, 'down');
  assert.is(value[0]!.updatedAt, '2019-10-25T20:13:51.000Z');
});

test('ASSEMBLED --long: Disabled Reason and Forced Down', () => {
  const { value } = parseOk(computeServiceList, sample('compute-service-list.assembled-long.table.txt'));
  assert.is(value.length, 3);
  assert.equal(value[1], {
    kind: 'compute', id: '8e1a…', binary: 'nova-compute', host: 'hv-02', zone: 'az1', status: 'disabled', state: 'down',
    updatedAt: '2025-06-02T17:41:12.000Z', disabledReason: 'AUTO: Connection to libvirt lost: 1', forcedDown: false,
  });
  assert.is(value[0]!.disabledReason, null);
  assert.is(value[2]!.disabledReason, 'maintenance');
});

test('ASSEMBLED -f json', () => {
  const text = sample('compute-service-list.assembled.json');
  assert.ok(computeServiceList.sniff(text));
  const { value } = parseOk(computeServiceList, text, undefined, 'json');
  assert.is(value[1]!.disabledReason, 'AUTO: Connection to libvirt lost: 1');
  assert.is(value[1]!.forcedDown, false);
  assert.is(value[0]!.disabledReason, null);
});

test('-f value (--long): the disabled reason keeps its spaces', () => {
  const text = [
    '2b7c5e1a-0000-4000-8000-000000000001 nova-compute hv-01 az1 enabled up 2025-06-02T18:10:01.000000 None False',
    '8e1a9d3c-0000-4000-8000-000000000002 nova-compute hv-02 az1 disabled down 2025-06-02T17:41:12.000000 AUTO: Connection to libvirt lost: 1 False',
  ].join('\n');
  const { value } = parseOk(computeServiceList, text, undefined, 'value');
  assert.is(value[0]!.disabledReason, null);
  assert.is(value[1]!.disabledReason, 'AUTO: Connection to libvirt lost: 1');
  assert.is(value[1]!.forcedDown, false);
});

test('errors, empty, and another list', () => {
  parseFail(computeServiceList, '', 'empty');
  const reason = parseFail(computeServiceList, "Failed to delete compute service with ID 'c993b57e': HttpException: 500: Server Error for url: https://acme:8774/v2.1/os-services/c993b57e, Unexpected API Error.", 'error-output');
  assert.ok(reason.includes('HttpException: 500'));
  parseFail(computeServiceList, sample('hypervisor-list.real.table.txt'), 'unrecognised');
});

test.run();
