/** network-agent-list: openstack network agent list (python-openstackclient network_agent.py). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { networkAgentList } from '../../../src/parsers/commands/network-agent-list';
import { parseFail, parseOk, sample } from './_helpers';

test('REAL table (install guide notes on GitHub): :-) / UP, None zone', () => {
  const text = sample('network-agent-list.real.table.txt');
  assert.ok(networkAgentList.sniff(text));
  const { value } = parseOk(networkAgentList, text, undefined, 'table');
  assert.is(value.length, 4);
  assert.equal(value[0], {
    kind: 'network', id: '145d9d73-cb1c-4bbf-ad28-adb1a9f4a826', binary: 'neutron-metadata-agent', host: 'controller.home.local',
    zone: null, status: 'enabled', state: 'up', updatedAt: null, disabledReason: null, forcedDown: null,
  });
  assert.is(value[2]!.zone, 'nova');
});

test('REAL legacy neutron columns, pasted with squeezed spacing: xxx = down, admin_state_up True', () => {
  const text = sample('network-agent-list.real-legacy-squeezed.table.txt');
  assert.ok(networkAgentList.sniff(text));
  const { value } = parseOk(networkAgentList, text);
  assert.is(value.length, 3);
  assert.is(value[0]!.host, 'overcloud-novacompute-0.localdomain');
  assert.is(value[0]!.state, 'down');
  assert.is(value[0]!.status, 'enabled');
  assert.is(value[0]!.zone, null);
  assert.is(value[1]!.state, 'up');
  assert.is(value[2]!.binary, 'neutron-dhcp-agent');
});

test('ASSEMBLED -f json (booleans) for OVN agents', () => {
  const text = sample('network-agent-list.assembled-ovn.json');
  assert.ok(networkAgentList.sniff(text));
  const { value } = parseOk(networkAgentList, text, undefined, 'json');
  assert.equal(value.map((s) => [s.binary, s.host, s.state, s.status, s.zone]), [
    ['ovn-controller', 'hv-01.example.net', 'up', 'enabled', null],
    ['ovn-controller', 'hv-02.example.net', 'down', 'enabled', null],
    ['neutron-ovn-metadata-agent', 'hv-02.example.net', 'up', 'disabled', null],
  ]);
});

test('-f value: a multi-word agent type', () => {
  const { value } = parseOk(networkAgentList, '0c5e8f3a-1b2d-4e6f-8a9b-0c1d2e3f4a5b OVN Controller agent hv-01  False True ovn-controller\n', undefined, 'value');
  assert.equal([value[0]!.binary, value[0]!.host, value[0]!.state, value[0]!.status, value[0]!.zone], ['ovn-controller', 'hv-01', 'down', 'enabled', null]);
});

test('REAL server-side error (root@lab-infra01) and empty', () => {
  const reason = parseFail(
    networkAgentList,
    'root@lab-infra01:~# openstack network agent list\nHttpException: 500: Server Error for url: http://10.20.0.11:9696/v2.0/agents, Request Failed: internal server error while processing your request.\n',
    'error-output',
  );
  assert.ok(reason.startsWith('HttpException: 500'));
  parseFail(networkAgentList, '', 'empty');
});

test.run();
