/** hypervisor-stats: openstack hypervisor stats show (cli-formats.md §6). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hypervisorStats, HypervisorStats } from '../../../src/parsers/commands/hypervisor-stats';
import { fileArg, parseFail, parseOk, sample } from './_helpers';

const EXPECTED: HypervisorStats = {
  count: 3, currentWorkload: 0, diskAvailableLeast: 2410, freeDiskGb: 4950, freeRamMb: 61440, localGb: 5400, localGbUsed: 450,
  memoryMb: 771072, memoryMbUsed: 709632, runningVms: 61, vcpus: 192, vcpusUsed: 170,
};

test('file name', () => {
  assert.is(fileArg(hypervisorStats, 'openstack_hypervisor_stats_show'), undefined);
  assert.is(hypervisorStats.schema, HypervisorStats);
});

test('ASSEMBLED table', () => {
  const text = sample('hypervisor-stats.assembled.table.txt');
  assert.ok(hypervisorStats.sniff(text));
  assert.equal(parseOk(hypervisorStats, text, undefined, 'table').value, EXPECTED);
});

test('ASSEMBLED -f json after the deprecation line OSC logs', () => {
  const text = 'This command is deprecated.\n{"count": 3, "current_workload": 0, "disk_available_least": 2410, "free_disk_gb": 4950, "free_ram_mb": 61440, "local_gb": 5400, "local_gb_used": 450, "memory_mb": 771072, "memory_mb_used": 709632, "running_vms": 61, "vcpus": 192, "vcpus_used": 170}\n';
  assert.ok(hypervisorStats.sniff(text));
  const { value, warnings } = parseOk(hypervisorStats, text, undefined, 'json');
  assert.equal(value, EXPECTED);
  assert.ok(warnings[0]!.includes('This command is deprecated.'));
});

test('negative free RAM (over-commit) is kept', () => {
  const { value } = parseOk(hypervisorStats, '{"count": 1, "vcpus": 8, "free_ram_mb": -2048}');
  assert.is(value.freeRamMb, -2048);
  assert.is(value.memoryMb, null);
});

test('nova ≥ 2.88 removed the API: the error is the answer; empty', () => {
  parseFail(hypervisorStats, 'This command is deprecated.\nNotFoundException: 404: Client Error for url: http://ctl:8774/v2.1/os-hypervisors/statistics, The resource could not be found.', 'error-output');
  parseFail(hypervisorStats, 'This command is deprecated.\n', 'empty');
  parseFail(hypervisorStats, '', 'empty');
});

test.run();
