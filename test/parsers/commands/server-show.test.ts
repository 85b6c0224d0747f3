/** server-show: openstack server show <VM> (cli-formats.md §1). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { serverShow } from '../../../src/parsers/commands/server-show';
import { fileArg, parseFail, parseOk, sample } from './_helpers';

test('file name pattern captures the VM uuid', () => {
  assert.is(fileArg(serverShow, 'openstack_server_show_0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60'), '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60');
  assert.ok(serverShow.looseNames!.some((re) => re.test('server-show')));
  assert.not.ok(serverShow.looseNames!.some((re) => re.test('server event show')));
});

test('REAL older table (nova docs 2021): flavor `m1.tiny (1)`, image name (id), id=… volume', () => {
  const text = sample('server-show.real-older.table.txt');
  assert.ok(serverShow.sniff(text));
  const { value: v } = parseOk(serverShow, text, undefined, 'table');
  assert.is(v.id, '446d1b00-b729-49b3-9dab-40a3fbe190cf');
  assert.is(v.name, 'test-server');
  assert.is(v.status, 'ACTIVE');
  assert.is(v.vmState, 'active');
  assert.is(v.taskState, null);
  assert.is(v.powerState, 'Running');
  assert.is(v.host, 'devstack-ubuntu2004');
  assert.is(v.hypervisorHostname, 'devstack-ubuntu2004');
  assert.is(v.instanceName, 'instance-00000008');
  assert.is(v.availabilityZone, 'nova');
  assert.equal(v.flavor, { id: '1', name: 'm1.tiny', ram: null, vcpus: null, disk: null, ephemeral: null, swap: null, extraSpecs: {} });
  assert.is(v.image, 'cirros-0.5.1-x86_64-disk (44d317a3-6183-4063-868b-aa0728576f5f)');
  assert.is(v.bootedFromVolume, false);
  assert.equal(v.volumeIds, ['006efd7a-48a8-4c75-bafb-6b483199d284']);
  assert.equal(v.addresses, [
    { network: 'private', ip: '10.0.0.55' },
    { network: 'private', ip: 'fde3:4790:906b:0:f816:3eff:fed5:ebd9' },
  ]);
  assert.is(v.fault, null);
  assert.is(v.hostStatus, null);
  assert.is(v.locked, null);
  assert.is(v.created, '2021-06-01T15:13:37.000Z');
  assert.is(v.updated, '2021-06-01T15:13:49.000Z');
  assert.is(v.launchedAt, '2021-06-01T15:13:48.000Z');
});

test('ASSEMBLED modern table: format_dict flavor, repr fault, boot from volume, Shutdown', () => {
  const { value: v } = parseOk(serverShow, sample('server-show.assembled-modern.table.txt'), undefined, 'table');
  assert.is(v.id, '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60');
  assert.is(v.status, 'ERROR');
  assert.is(v.vmState, 'error');
  assert.is(v.powerState, 'Shutdown');
  assert.is(v.host, 'hv-01');
  assert.is(v.hypervisorHostname, 'hv-01.example.net');
  assert.is(v.instanceName, 'instance-0000002a');
  assert.is(v.availabilityZone, 'az1');
  assert.equal(v.flavor, { id: 'm1.large', name: 'm1.large', ram: 8192, vcpus: 4, disk: 40, ephemeral: 0, swap: 0, extraSpecs: {} });
  assert.is(v.image, null);
  assert.is(v.bootedFromVolume, true);
  assert.equal(v.volumeIds, ['6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f']);
  assert.equal(v.addresses, [{ network: 'tenant-net', ip: '192.168.10.14' }]);
  assert.equal(v.fault, { code: 500, message: 'Migration error: Unexpected error …', details: 'Traceback …', created: '2025-06-02T14:03:10.000Z' });
  assert.is(v.hostStatus, 'UP');
  assert.is(v.locked, false);
  assert.is(v.launchedAt, '2025-05-30T08:12:44.000Z');
});

test('ASSEMBLED -f json: integer power state, flavor dict, addresses dict, volumes list', () => {
  const text = sample('server-show.assembled.json');
  assert.ok(serverShow.sniff(text));
  const { value: v } = parseOk(serverShow, text, undefined, 'json');
  assert.is(v.powerState, 'Shutdown');
  assert.is(v.taskState, null);
  assert.equal(v.flavor, { id: 'm1.large', name: 'm1.large', ram: 8192, vcpus: 4, disk: 40, ephemeral: 0, swap: 0, extraSpecs: {} });
  assert.equal(v.addresses, [{ network: 'tenant-net', ip: '192.168.10.14' }]);
  assert.equal(v.volumeIds, ['6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f']);
  assert.is(v.fault!.code, 500);
  assert.is(v.fault!.details, 'Traceback (most recent call last): …');
  assert.is(v.bootedFromVolume, true);
  assert.is(v.locked, false);
  assert.is(v.created, '2025-05-30T08:12:31.000Z');
});

test('-f yaml of the same server reads the same', () => {
  const json = JSON.parse(sample('server-show.assembled.json')) as Record<string, unknown>;
  const { value: fromJson } = parseOk(serverShow, sample('server-show.assembled.json'));
  const { value: fromYaml } = parseOk(serverShow, stringify(json), undefined, 'yaml');
  assert.equal(fromYaml, fromJson);
});

test('REAL modern flavor row (nixpkgs#532596): extra specs from dotted format_dict keys, … truncation', () => {
  const text = [
    '+-------------------------------------+------------+',
    '| Field                               | Value      |',
    '+-------------------------------------+------------+',
    "| OS-EXT-SRV-ATTR:host                | hv-01      |",
    "| flavor                              | description=, disk='20', ephemeral='0', extra_specs.hw:cpu_sockets='1', extra_specs.quota:disk_read_bytes_sec='209715200', … id='a1-ram2-disk20-perf1', is_disabled=, is_public='True', location=, name='a1-ram2-disk20-perf1', original_name='a1-ram2-disk20-perf1', ram='2048', rxtx_factor=, swap='0', vcpus='1' |",
    '| hostId                              | None       |',
    '| id                                  | 6a0c2e4f-8b1d-4f3a-9c5e-7d9f1b3c5e7a |',
    '| status                              | ACTIVE     |',
    '+-------------------------------------+------------+',
  ].join('\n');
  const { value: v } = parseOk(serverShow, text);
  assert.equal(v.flavor, {
    id: 'a1-ram2-disk20-perf1',
    name: 'a1-ram2-disk20-perf1',
    ram: 2048,
    vcpus: 1,
    disk: 20,
    ephemeral: 0,
    swap: 0,
    extraSpecs: { 'hw:cpu_sockets': '1', 'quota:disk_read_bytes_sec': '209715200' },
  });
  assert.is(v.image, null);
  assert.is(v.bootedFromVolume, null, 'no image row: not known');
});

test('legacy nova show: Property/Value, integer power state, volumes as JSON text', () => {
  const text = [
    '+--------------------------------------+----------------------------------------------------------+',
    '| Property                             | Value                                                    |',
    '+--------------------------------------+----------------------------------------------------------+',
    '| OS-EXT-SRV-ATTR:host                 | cmp-01                                                   |',
    '| OS-EXT-STS:power_state               | 1                                                        |',
    '| OS-EXT-STS:vm_state                  | active                                                   |',
    '| id                                   | 0f5e1c2d-3b4a-4c5d-9e8f-7a6b5c4d3e2f                     |',
    '| image                                |                                                          |',
    '| os-extended-volumes:volumes_attached | [{"id": "11111111-2222-4333-8444-555555555555"}]         |',
    '| status                               | ACTIVE                                                   |',
    '+--------------------------------------+----------------------------------------------------------+',
  ].join('\n');
  const { value: v } = parseOk(serverShow, text);
  assert.is(v.powerState, 'Running');
  assert.is(v.bootedFromVolume, true, "empty image = booted from volume");
  assert.equal(v.volumeIds, ['11111111-2222-4333-8444-555555555555']);
});

test('several volumes, one dict per line; several networks separated by ;', () => {
  const text = JSON.stringify({
    id: 'vm-1',
    status: 'ACTIVE',
    'OS-EXT-SRV-ATTR:host': 'xyzxyzxy-abd5-48d3-990b-399cae5ae911',
    addresses: "net1=10.0.0.5, 172.24.4.2; net2=192.168.0.9",
    volumes_attached: "delete_on_termination='False', id='aaaaaaaa-0000-4000-8000-000000000001'\ndelete_on_termination='True', id='aaaaaaaa-0000-4000-8000-000000000002'",
    fault: "{'code': 400, 'created': '2025-06-02T14:03:10Z', 'message': 'No valid host was found. There are not enough hosts available.'}",
  });
  const { value: v } = parseOk(serverShow, text);
  assert.is(v.host, 'xyzxyzxy-abd5-48d3-990b-399cae5ae911', 'a Platform9 host id is kept as written');
  assert.equal(v.volumeIds, ['aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000002']);
  assert.equal(v.addresses.map((a) => `${a.network}:${a.ip}`), ['net1:10.0.0.5', 'net1:172.24.4.2', 'net2:192.168.0.9']);
  assert.equal(v.fault, { code: 400, message: 'No valid host was found. There are not enough hosts available.', details: null, created: '2025-06-02T14:03:10.000Z' });
});

test('error outputs and an empty file are failures, not empty instances', () => {
  assert.ok(parseFail(serverShow, "No server with a name or ID of '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60' exists.\n", 'error-output').startsWith('No server'));
  assert.ok(
    parseFail(serverShow, 'NotFoundException: 404: Client Error for url: http://172.16.232.100:8774/v2.1/servers/d9d3, The resource could not be found.', 'error-output')
      .includes('404'),
  );
  parseFail(serverShow, '', 'empty');
  parseFail(serverShow, '[{"ID": 1, "Binary": "nova-compute"}]', 'unrecognised');
});

test.run();
