/** hypervisor-show: openstack hypervisor show (cli-formats.md §5). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpuInfoOf, hypervisorShow } from '../../../src/parsers/commands/hypervisor-show';
import { fileArg, parseFail, parseOk, sample } from './_helpers';

test('file name captures the host', () => {
  assert.is(fileArg(hypervisorShow, 'openstack_hypervisor_show_hv-02.example.net'), 'hv-02.example.net');
});

test('ASSEMBLED ≥ 2.88 table: no usage fields, cpu_info format_dict, aggregates repr', () => {
  const text = sample('hypervisor-show.assembled-288.table.txt');
  assert.ok(hypervisorShow.sniff(text));
  const { value: h } = parseOk(hypervisorShow, text, undefined, 'table');
  assert.is(h.id, '3f6b1c2d-7e8f-4a9b-8c1d-2e3f4a5b6c7d');
  assert.is(h.hostname, 'hv-02.example.net');
  assert.is(h.serviceHost, 'hv-02');
  assert.is(h.hostIp, '10.20.0.12');
  assert.is(h.type, 'QEMU');
  assert.is(h.version, 8002000);
  assert.is(h.state, 'up');
  assert.is(h.status, 'enabled');
  assert.equal(h.aggregates, ['az1-hosts', 'ssd']);
  assert.equal(h.cpuInfo, { arch: 'x86_64', vendor: 'Intel', model: 'Cascadelake-Server-noTSX', features: ['avx2', 'ssbd', 'vmx'] });
  for (const k of ['vcpus', 'vcpusUsed', 'memoryMb', 'memoryMbUsed', 'freeRamMb', 'localGb', 'localGbUsed', 'freeDiskGb', 'diskAvailableLeast', 'runningVms'] as const) {
    assert.is(h[k], null, `${k} is not printed at ≥ 2.88`);
  }
});

test('ASSEMBLED < 2.88 -f json: usage fields, cpu_info dict, integer id', () => {
  const { value: h } = parseOk(hypervisorShow, sample('hypervisor-show.assembled-287.json'), undefined, 'json');
  assert.equal(h, {
    id: '2', hostname: 'hv-02.example.net', serviceHost: 'hv-02', hostIp: '10.20.0.12', type: 'QEMU', version: 8002000,
    state: 'up', status: 'enabled', vcpus: 64, vcpusUsed: 58, memoryMb: 257024, memoryMbUsed: 236544, freeRamMb: 20480,
    localGb: 1800, localGbUsed: 150, freeDiskGb: 1650, diskAvailableLeast: 812, runningVms: 23, aggregates: ['az1-hosts'],
    cpuInfo: { arch: 'x86_64', vendor: 'Intel', model: 'Cascadelake-Server-noTSX', features: ['avx2', 'ssbd', 'vmx'] },
  });
});

test('cpu_info as osc-lib really quotes a list, and as the JSON string of API < 2.28', () => {
  assert.equal(cpuInfoOf("arch='x86_64', features='['pge', 'avx']', model='Skylake-Server-IBRS', topology.cells='1', vendor='Intel'"), {
    arch: 'x86_64', vendor: 'Intel', model: 'Skylake-Server-IBRS', features: ['pge', 'avx'],
  });
  assert.equal(cpuInfoOf('{"vendor": "AMD", "model": "EPYC-Rome", "arch": "x86_64", "features": ["svm", "npt"], "topology": {"cells": 1}}'), {
    arch: 'x86_64', vendor: 'AMD', model: 'EPYC-Rome', features: ['svm', 'npt'],
  });
  assert.is(cpuInfoOf(undefined), null);
});

test('raw API form with a nested service dict (gophercloud#3112 keys)', () => {
  const text = JSON.stringify({ id: 1, hypervisor_hostname: 'devstack', hypervisor_type: 'QEMU', free_ram_mb: 12406, local_gb_used: 12, memory_mb: 15990, memory_mb_used: 3584, running_vms: 2, vcpus: 8, vcpus_used: 3, state: 'up', status: 'enabled', service: { host: 'devstack', id: 3 } });
  const { value: h } = parseOk(hypervisorShow, text);
  assert.is(h.serviceHost, 'devstack');
  assert.is(h.freeRamMb, 12406);
  assert.is(h.cpuInfo, null);
  assert.equal(h.aggregates, []);
});

test('errors and empty', () => {
  parseFail(hypervisorShow, '', 'empty');
  parseFail(hypervisorShow, "No hypervisor with a name or ID of 'hv-09' exists.", 'error-output');
  parseFail(hypervisorShow, sample('hypervisor-stats.assembled.table.txt'), 'unrecognised');
});

test.run();
