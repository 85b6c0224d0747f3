/** allocation-candidate-list: openstack allocation candidate list (osc-placement). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allocationCandidateList } from '../../../src/parsers/commands/allocation-candidate-list';
import { COMMAND_PARSERS } from '../../../src/parsers/commands';
import { parseFail, parseOk, sample } from './_helpers';

test('REAL table with a wrapped provider uuid (osc-placement docs)', () => {
  const text = sample('allocation-candidate-list.real-wrapped.table.txt');
  assert.ok(allocationCandidateList.sniff(text));
  assert.is(COMMAND_PARSERS.find((p) => p.sniff(text))?.id, 'allocation-candidate-list');
  const { value } = parseOk(allocationCandidateList, text, undefined, 'table');
  assert.equal(value, [{ index: 1, provider: '66bcaca9-9263-45b1-a569-ea708ff7a968', allocation: { VCPU: 1 }, usedCapacity: { VCPU: { used: 0, capacity: 128 } }, traits: null }]);
});

test('-f json, two providers, traits (placement 1.17)', () => {
  const json = JSON.stringify([
    { '#': 1, allocation: 'VCPU=2,MEMORY_MB=4096,DISK_GB=20', 'resource provider': '52d0182d-d466-4210-8f0d-29466bb54feb', 'inventory used/capacity': 'VCPU=6/128,MEMORY_MB=8704/23217,DISK_GB=12/900', traits: 'COMPUTE_NET_VIF_MODEL_VIRTIO,HW_CPU_X86_AVX2' },
    { '#': 2, allocation: 'VCPU=2,MEMORY_MB=4096,DISK_GB=20', 'resource provider': 'b92afb2e-cd00-4074-803e-fff9aa379c2f', 'inventory used/capacity': 'VCPU=0/128,MEMORY_MB=0/23217,DISK_GB=0/900', traits: '' },
  ]);
  assert.ok(allocationCandidateList.sniff(json));
  const { value } = parseOk(allocationCandidateList, json, undefined, 'json');
  assert.is(value.length, 2);
  assert.equal(value[0]!.usedCapacity.MEMORY_MB, { used: 8704, capacity: 23217 });
  assert.equal(value[0]!.traits, ['COMPUTE_NET_VIF_MODEL_VIRTIO', 'HW_CPU_X86_AVX2']);
  assert.equal(value[1]!.traits, []);
});

test('no candidates, version too old', () => {
  parseFail(allocationCandidateList, '', 'empty');
  parseFail(allocationCandidateList, 'Operation or argument is not supported with version 1.0; requires at least version 1.10', 'unrecognised');
});

test.run();
