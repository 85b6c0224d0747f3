/** resource-provider-show: openstack resource provider show --allocations (osc-placement). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resourceProviderShow } from '../../../src/parsers/commands/resource-provider-show';
import { COMMAND_PARSERS } from '../../../src/parsers/commands';
import { fileArg, parseFail, parseOk, sample } from './_helpers';

test('REAL table with Python 2 repr allocations (nova orphaned-allocations guide)', () => {
  const text = sample('resource-provider-show.real-allocations.table.txt');
  assert.ok(resourceProviderShow.sniff(text));
  assert.is(COMMAND_PARSERS.find((p) => p.sniff(text))?.id, 'resource-provider-show');
  const { value } = parseOk(resourceProviderShow, text, undefined, 'table');
  assert.is(value.uuid, '9546fce4-9fb5-4b35-b277-72ff125ad787');
  assert.is(value.name, 'devstack1');
  assert.is(value.generation, 6);
  assert.equal(value.allocations, { 'a1e6e0b2-9028-4166-b79b-c177ff70fbb7': { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 } });
});

test('-f json; without --allocations the allocations are unknown, not empty', () => {
  const json = JSON.stringify({
    uuid: '52d0182d-d466-4210-8f0d-29466bb54feb', name: 'devstack2', generation: 3, root_provider_uuid: '52d0182d-d466-4210-8f0d-29466bb54feb', parent_provider_uuid: null,
    allocations: { 'a1e6e0b2-9028-4166-b79b-c177ff70fbb7': { resources: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 } }, '8a823ba3-e2e9-4f17-bac5-88ceea496b99': { resources: { MEMORY_MB: 2048 } } },
  }, null, 2);
  assert.ok(resourceProviderShow.sniff(json));
  const { value } = parseOk(resourceProviderShow, json, '52d0182d-d466-4210-8f0d-29466bb54feb', 'json');
  assert.equal(Object.keys(value.allocations ?? {}), ['a1e6e0b2-9028-4166-b79b-c177ff70fbb7', '8a823ba3-e2e9-4f17-bac5-88ceea496b99']);
  const bare = parseOk(resourceProviderShow, JSON.stringify({ uuid: '52d0182d-d466-4210-8f0d-29466bb54feb', name: 'devstack2', generation: 3 })).value;
  assert.is(bare.allocations, null);
  const empty = parseOk(resourceProviderShow, JSON.stringify({ uuid: '52d0182d-d466-4210-8f0d-29466bb54feb', name: 'devstack2', generation: 3, allocations: {} })).value;
  assert.equal(empty.allocations, {});
});

test('file name and errors', () => {
  assert.is(fileArg(resourceProviderShow, 'openstack_resource_provider_show_52d0182d-d466-4210-8f0d-29466bb54feb'), '52d0182d-d466-4210-8f0d-29466bb54feb');
  parseFail(resourceProviderShow, 'No resource provider with uuid 52d0182d-d466-4210-8f0d-29466bb54feb found : NotFound (HTTP 404)', 'error-output');
  parseFail(resourceProviderShow, JSON.stringify({ id: 'x', name: 'y' }), 'unrecognised');
});

test.run();
