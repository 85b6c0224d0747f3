/** volume-show: openstack volume show (cli-formats.md §12). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { volumeShow } from '../../../src/parsers/commands/volume-show';
import { parseFail, parseOk, sample } from './_helpers';

const EXPECTED = {
  id: '6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  name: 'vm-db01-root',
  status: 'in-use',
  backendHost: 'hv-01@netapp-nfs#pool1',
  type: 'netapp-nfs',
  size: 40,
  bootable: true,
  multiattach: false,
  migrationStatus: null,
  attachments: [{ serverId: '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60', hostName: 'hv-01', device: '/dev/vda', attachmentId: 'b2c3d4e5-…' }],
};

test('ASSEMBLED table: attachments as a Python repr list', () => {
  const text = sample('volume-show.assembled.table.txt');
  assert.ok(volumeShow.sniff(text));
  assert.equal(parseOk(volumeShow, text, undefined, 'table').value, EXPECTED);
});

test('ASSEMBLED -f json', () => {
  const text = JSON.stringify({
    attachments: [{ id: '6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', attachment_id: 'b2c3d4e5-…', volume_id: '6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', server_id: '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60', host_name: 'hv-01', device: '/dev/vda', attached_at: '2025-05-30T08:12:40.000000' }],
    availability_zone: 'nova', bootable: true, id: '6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', migration_status: null, multiattach: false, name: 'vm-db01-root',
    'os-vol-host-attr:host': 'hv-01@netapp-nfs#pool1', properties: {}, size: 40, status: 'in-use', type: 'netapp-nfs',
  }, null, 2);
  assert.ok(volumeShow.sniff(text));
  assert.equal(parseOk(volumeShow, text, undefined, 'json').value, EXPECTED);
});

test('a volume left attaching, with no attachments and a migration status', () => {
  const text = '{"attachments": [], "bootable": "false", "id": "v-1", "os-vol-host-attr:host": "hv-02@lvm#lvm", "os-vol-mig-status-attr:migstat": "migrating", "size": 10, "status": "attaching"}';
  const { value } = parseOk(volumeShow, text);
  assert.equal(value.attachments, []);
  assert.is(value.bootable, false);
  assert.is(value.migrationStatus, 'migrating');
  assert.is(value.multiattach, null);
});

test('errors and empty', () => {
  parseFail(volumeShow, '', 'empty');
  parseFail(volumeShow, "No volume with a name or ID of 'v-9' exists.", 'error-output');
});

test.run();
