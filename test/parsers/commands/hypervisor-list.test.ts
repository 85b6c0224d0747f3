/** hypervisor-list: openstack hypervisor list [--long] (cli-formats.md §5). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hypervisorList } from '../../../src/parsers/commands/hypervisor-list';
import { parseFail, parseOk, sample } from './_helpers';

test('REAL table (nova docs aggregates.rst)', () => {
  const text = sample('hypervisor-list.real.table.txt');
  assert.ok(hypervisorList.sniff(text));
  const { value } = parseOk(hypervisorList, text, undefined, 'table');
  assert.is(value.length, 1);
  const h = value[0]!;
  assert.is(h.id, '815a5634-86fb-4e1e-8824-8a631fee3e06');
  assert.is(h.hostname, 'node1');
  assert.is(h.type, 'QEMU');
  assert.is(h.hostIp, '192.168.1.123');
  assert.is(h.state, 'up');
  assert.is(h.serviceHost, null);
  assert.is(h.vcpus, null);
  assert.is(h.cpuInfo, null);
});

test('--long below 2.88 (-f json): usage columns', () => {
  const text = JSON.stringify([
    { ID: 1, 'Hypervisor Hostname': 'hv-01.example.net', 'Hypervisor Type': 'QEMU', 'Host IP': '10.20.0.11', State: 'up', 'vCPUs Used': 10, vCPUs: 64, 'Memory MB Used': 20480, 'Memory MB': 257024 },
    { ID: 2, 'Hypervisor Hostname': 'hv-02.example.net', 'Hypervisor Type': 'QEMU', 'Host IP': '10.20.0.12', State: 'down', 'vCPUs Used': 58, vCPUs: 64, 'Memory MB Used': 236544, 'Memory MB': 257024 },
  ]);
  assert.ok(hypervisorList.sniff(text));
  const { value } = parseOk(hypervisorList, text, undefined, 'json');
  assert.equal(value.map((h) => [h.id, h.hostname, h.state, h.vcpus, h.vcpusUsed, h.memoryMb, h.memoryMbUsed]), [
    ['1', 'hv-01.example.net', 'up', 64, 10, 257024, 20480],
    ['2', 'hv-02.example.net', 'down', 64, 58, 257024, 236544],
  ]);
});

test('-f value', () => {
  const { value } = parseOk(hypervisorList, '815a5634-86fb-4e1e-8824-8a631fee3e06 node1 QEMU 192.168.1.123 up\n', undefined, 'value');
  assert.is(value[0]!.hostname, 'node1');
});

test('errors and empty', () => {
  parseFail(hypervisorList, '', 'empty');
  parseFail(hypervisorList, "Policy doesn't allow os_compute_api:os-hypervisors:list-detail to be performed. (HTTP 403) (Request-ID: req-5)", 'error-output');
});

test.run();
