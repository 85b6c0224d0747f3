/** port-list: openstack port list --server <VM> (python-openstackclient network/v2/port.py ListPort). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { portList } from '../../../src/parsers/commands/port-list';
import { fileArg, parseFail, parseOk, sample } from './_helpers';

const VM = '0651bc4f-9c03-4697-85ac-7b72aa9c4530';

test('table: multi-line Fixed IP Addresses cell; the VM of the file name is the device id', () => {
  const text = sample('port-list.table.txt');
  assert.ok(portList.sniff(text));
  const arg = fileArg(portList, `openstack_port_list_${VM}`)!;
  const { value } = parseOk(portList, text, arg, 'table');
  assert.equal(value, [
    { id: '0ab4edec-7419-4057-816c-a2d4acc37197', name: null, status: 'ACTIVE', macAddress: 'fa:16:3e:e8:53:3d', deviceId: VM, bindingHost: null, vifType: null, vnicType: null, fixedIps: ['192.168.77.4', 'fd00::4'] },
    { id: '16620a58-c48c-4195-b9c1-779a8ba2e6f8', name: 'mgmt', status: 'DOWN', macAddress: 'fa:16:3e:d7:c5:16', deviceId: VM, bindingHost: null, vifType: null, vnicType: null, fixedIps: ['172.16.4.2'] },
  ]);
});

test('--long -f json', () => {
  const text = JSON.stringify([{ ID: 'p-1', Name: '', 'MAC Address': 'fa:16:3e:aa:bb:cc', 'Fixed IP Addresses': [{ subnet_id: 's-1', ip_address: '192.168.10.14' }], Status: 'ACTIVE', 'Security Groups': ['sg-1'], 'Device Owner': 'compute:az1', Tags: [] }]);
  assert.ok(portList.sniff(text));
  const { value } = parseOk(portList, text, undefined, 'json');
  assert.equal(value[0], { id: 'p-1', name: null, status: 'ACTIVE', macAddress: 'fa:16:3e:aa:bb:cc', deviceId: null, bindingHost: null, vifType: null, vnicType: null, fixedIps: ['192.168.10.14'] });
});

test('-f value: the fixed IP column holds spaces; an empty name', () => {
  const line = "p-1  fa:16:3e:aa:bb:cc [{'subnet_id': 's-1', 'ip_address': '192.168.10.14'}] ACTIVE\n";
  const { value } = parseOk(portList, line, undefined, 'value');
  assert.equal([value[0]!.id, value[0]!.name, value[0]!.macAddress, value[0]!.fixedIps, value[0]!.status], ['p-1', null, 'fa:16:3e:aa:bb:cc', ['192.168.10.14'], 'ACTIVE']);
});

test('no ports is an empty list; errors and empty', () => {
  assert.equal(parseOk(portList, '[]').value, []);
  parseFail(portList, '', 'empty');
  parseFail(portList, "No server with a name or ID of 'vm-x' exists.", 'error-output');
});

test.run();
