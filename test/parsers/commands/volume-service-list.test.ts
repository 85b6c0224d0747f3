/** volume-service-list: openstack volume service list (cli-formats.md §4). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { volumeServiceList } from '../../../src/parsers/commands/volume-service-list';
import { computeServiceList } from '../../../src/parsers/commands/compute-service-list';
import { parseFail, parseOk, sample } from './_helpers';

test('ASSEMBLED table: host@backend kept, no id, Cluster / Backend State ignored', () => {
  const text = sample('volume-service-list.assembled.table.txt');
  assert.ok(volumeServiceList.sniff(text));
  assert.not.ok(computeServiceList.sniff(text), 'not taken for a compute service list');
  const { value } = parseOk(volumeServiceList, text, undefined, 'table');
  assert.is(value.length, 3);
  assert.equal(value[2], {
    kind: 'volume', id: null, binary: 'cinder-volume', host: 'hv-02@netapp-nfs', zone: 'nova', status: 'enabled', state: 'down',
    updatedAt: '2025-06-02T17:39:55.000Z', disabledReason: null, forcedDown: null,
  });
  assert.is(value[0]!.binary, 'cinder-scheduler');
});

test('ASSEMBLED -f json', () => {
  const { value } = parseOk(volumeServiceList, sample('volume-service-list.assembled.json'), undefined, 'json');
  assert.equal(value.map((s) => [s.host, s.state]), [['hv-02@netapp-nfs', 'down']]);
});

test('-f value with Cluster and Backend State (3.49)', () => {
  const { value } = parseOk(volumeServiceList, 'cinder-volume hv-01@lvm nova enabled up 2025-06-02T18:10:02.000000 None up\n', undefined, 'value');
  assert.is(value[0]!.host, 'hv-01@lvm');
  assert.is(value[0]!.state, 'up');
});

test('errors and empty', () => {
  parseFail(volumeServiceList, '   ', 'empty');
  parseFail(volumeServiceList, 'The request you have made requires authentication. (HTTP 401) (Request-ID: req-9)', 'error-output');
});

test.run();
