/** port-show: openstack port show (python-openstackclient network/v2/port.py). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { portShow } from '../../../src/parsers/commands/port-show';
import { fileArg, parseFail, parseOk, sample } from './_helpers';

test('table (fields of vexxhost/atmosphere#589 and a pastebin port show): binding_failed, two fixed IPs', () => {
  const text = sample('port-show.binding-failed.table.txt');
  assert.ok(portShow.sniff(text));
  assert.is(fileArg(portShow, 'openstack_port_show_1803d9ee-75ab-48e7-9af9-694b45071ed4'), '1803d9ee-75ab-48e7-9af9-694b45071ed4');
  assert.equal(parseOk(portShow, text, undefined, 'table').value, {
    id: '1803d9ee-75ab-48e7-9af9-694b45071ed4',
    name: null,
    status: 'DOWN',
    macAddress: 'fa:16:3e:1f:71:b4',
    deviceId: '00ca9acc-0bb2-4474-a8b4-8253edc6c363',
    bindingHost: 'ctl1',
    vifType: 'binding_failed',
    vnicType: 'normal',
    fixedIps: ['10.0.0.17', 'fd00::f816:3eff:fe1f:71b4'],
  });
});

test('-f json: fixed_ips as a list of dicts', () => {
  const text = JSON.stringify({ admin_state_up: true, binding_host_id: 'hv-02', binding_vif_type: 'ovs', binding_vnic_type: 'normal', device_id: 'vm-1', fixed_ips: [{ ip_address: '192.168.10.14', subnet_id: 's-1' }], id: 'p-1', mac_address: 'fa:16:3e:aa:bb:cc', name: '', status: 'ACTIVE' });
  assert.ok(portShow.sniff(text));
  const { value } = parseOk(portShow, text, undefined, 'json');
  assert.equal([value.bindingHost, value.vifType, value.name, value.fixedIps], ['hv-02', 'ovs', null, ['192.168.10.14']]);
});

test('legacy neutron port-show (F5Networks#127 style): binding:host_id, JSON text fixed_ips', () => {
  const text = [
    '+-----------------------+-----------------------------------------------------------------------------------+',
    '| Field                 | Value                                                                             |',
    '+-----------------------+-----------------------------------------------------------------------------------+',
    '| admin_state_up        | True                                                                              |',
    '| binding:host_id       | helion-cp1-c1-m2-mgmt:9a2f636b-f1f7-5c10-9e46-ef562c68eff3                        |',
    '| binding:vif_type      | unbound                                                                           |',
    '| fixed_ips             | {"subnet_id": "92f09e98-bc25-4229-bfd0-c19dfbce9e3f", "ip_address": "10.1.0.5"}   |',
    '| id                    | 0bab1ab1-2320-4640-ace2-9beff807c945                                              |',
    '| mac_address           | fa:16:3e:2c:7e:d7                                                                 |',
    '| status                | DOWN                                                                              |',
    '+-----------------------+-----------------------------------------------------------------------------------+',
  ].join('\n');
  assert.ok(portShow.sniff(text));
  const { value } = parseOk(portShow, text);
  assert.is(value.bindingHost, 'helion-cp1-c1-m2-mgmt:9a2f636b-f1f7-5c10-9e46-ef562c68eff3');
  assert.is(value.vifType, 'unbound');
  assert.equal(value.fixedIps, ['10.1.0.5']);
  assert.is(value.vnicType, null);
});

test('errors and empty', () => {
  parseFail(portShow, '', 'empty');
  parseFail(portShow, 'No Port found for p-9', 'error-output');
  parseFail(portShow, 'hello\nworld\n', 'unrecognised');
  parseFail(portShow, 'ResourceNotFound: 404: Client Error for url: http://ctl:9696/v2.0/ports/p-9, Port p-9 could not be found.', 'error-output');
});

test.run();
