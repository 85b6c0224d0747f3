/** resource-provider-allocation-show: openstack resource provider allocation show <consumer> (osc-placement). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resourceProviderAllocationShow } from '../../../src/parsers/commands/resource-provider-allocation-show';
import { COMMAND_PARSERS } from '../../../src/parsers/commands';
import { fileArg, parseOk, sample } from './_helpers';

test('REAL table, placement 1.12 columns (nova orphaned-allocations guide)', () => {
  const text = sample('resource-provider-allocation-show.real.table.txt');
  assert.ok(resourceProviderAllocationShow.sniff(text));
  assert.is(COMMAND_PARSERS.find((p) => p.sniff(text))?.id, 'resource-provider-allocation-show');
  // the guide's command line names the consumer by a shell variable: the file name must tell
  const { value, warnings } = parseOk(resourceProviderAllocationShow, text, undefined, 'table');
  assert.ok(warnings.some((w) => /consumer is not named/.test(w)));
  assert.equal(value.map((a) => [a.provider, a.generation, a.resources.MEMORY_MB, a.projectId]), [
    ['9546fce4-9fb5-4b35-b277-72ff125ad787', 6, 512, '2f3bffc5db2b47deb40808a4ed2d7c7a'],
    ['52d0182d-d466-4210-8f0d-29466bb54feb', 3, 512, '2f3bffc5db2b47deb40808a4ed2d7c7a'],
  ]);
  const named = parseOk(resourceProviderAllocationShow, text, 'a1e6e0b2-9028-4166-b79b-c177ff70fbb7').value;
  assert.is(named[0]!.consumer, 'a1e6e0b2-9028-4166-b79b-c177ff70fbb7');
});

test('REAL squeezed paste with the command line run into the border (pastebin)', () => {
  const text = sample('resource-provider-allocation-show.real-pastebin.table.txt');
  assert.ok(resourceProviderAllocationShow.sniff(text));
  const { value } = parseOk(resourceProviderAllocationShow, text);
  assert.is(value.length, 2);
  assert.is(value[0]!.consumer, '2aa3a324-bf22-4e0c-912a-d7c52f59f1fd');
  assert.equal(value[1]!.resources, { MEMORY_MB: 8192, VCPU: 4, DISK_GB: 80 });
});

test('-f json and the file name', () => {
  const json = JSON.stringify([{ resource_provider: '52d0182d-d466-4210-8f0d-29466bb54feb', generation: 5, resources: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 } }]);
  assert.is(fileArg(resourceProviderAllocationShow, 'openstack_resource_provider_allocation_show_a1e6e0b2-9028-4166-b79b-c177ff70fbb7'), 'a1e6e0b2-9028-4166-b79b-c177ff70fbb7');
  assert.equal(parseOk(resourceProviderAllocationShow, json, 'a1e6e0b2-9028-4166-b79b-c177ff70fbb7', 'json').value[0]!.resources, { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 });
});

test.run();
