/**
 * server-show fragments: what people paste instead of the whole output (cli-formats.md §1 shapes).
 * What the fragment holds is read; the rest stays unknown (null), never a rejected file.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serverShow } from '../../../src/parsers/commands/server-show';
import { COMMAND_PARSERS } from '../../../src/parsers/commands';
import { parseFail, parseOk } from './_helpers';

const VM = '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60';
const bySniff = (text: string) => COMMAND_PARSERS.find((p) => p.sniff(text))?.id ?? null;

test('some rows of the table, no header, no borders', () => {
  const text = [
    `| OS-EXT-SRV-ATTR:host                | pcd-cmp-02                                                  |`,
    `| fault                               | {'code': 500, 'created': '2025-06-02T14:03:10Z', 'message': 'Migration error: Unexpected error while running command.', 'details': 'Traceback (most recent call last): ...'} |`,
    `| id                                  | ${VM}                        |`,
    `| status                              | ERROR                                                       |`,
  ].join('\n');
  assert.is(bySniff(text), 'server-show');
  const { value, warnings } = parseOk(serverShow, text, undefined, 'table');
  assert.equal([value.id, value.host, value.status, value.vmState, value.flavor], [VM, 'pcd-cmp-02', 'ERROR', null, null]);
  assert.equal(value.fault, { code: 500, message: 'Migration error: Unexpected error while running command.', details: 'Traceback (most recent call last): ...', created: '2025-06-02T14:03:10.000Z' });
  assert.ok(warnings.some((w) => /fragment/.test(w)));
});

test('-f json | grep: the id from the pasted command line', () => {
  const text = [
    `$ openstack server show ${VM} -f json | grep -E 'fault|status|host'`,
    `  "OS-EXT-SRV-ATTR:host": "pcd-cmp-01",`,
    `  "OS-EXT-STS:vm_state": "error",`,
    `  "fault": {"code": 500, "created": "2025-06-02T14:03:10Z", "message": "No valid host was found. There are not enough hosts available."},`,
    `  "host_status": "UP",`,
    `  "status": "ERROR",`,
  ].join('\n');
  assert.is(bySniff(text), 'server-show');
  const { value } = parseOk(serverShow, text, undefined, 'json');
  assert.equal([value.id, value.host, value.vmState, value.hostStatus, value.fault?.message], [VM, 'pcd-cmp-01', 'error', 'UP', 'No valid host was found. There are not enough hosts available.']);
});

test('JSON with ... where lines were left out, fault over several lines', () => {
  const text = `{\n  "OS-EXT-STS:vm_state": "active",\n  ...\n  "fault": {\n    "code": 500,\n    "created": "2025-06-02T14:03:10Z",\n    "message": "Resize error: not able to execute ssh command: Unexpected error while running command."\n  },\n  …\n  "id": "${VM}",\n  ...\n}\n`;
  assert.is(bySniff(text), 'server-show');
  const { value } = parseOk(serverShow, text);
  assert.equal([value.id, value.vmState, value.fault?.code], [VM, 'active', 500]);
  assert.match(value.fault!.message!, /not able to execute ssh command/);
});

test('a table cut by the pager before the id: the id from the file name', () => {
  const text = `+-------------------------------------+------------------+\n| Field                               | Value            |\n+-------------------------------------+------------------+\n| OS-EXT-AZ:availability_zone         | az1              |\n| OS-EXT-SRV-ATTR:host                | pcd-cmp-02       |\n| OS-EXT-STS:task_state               | None             |\n| OS-EXT-STS:vm_state                 | active           |\n| accessIPv4                          |                  |\n:`;
  const { value } = parseOk(serverShow, text, VM);
  assert.equal([value.id, value.availabilityZone, value.host, value.taskState, value.status], [VM, 'az1', 'pcd-cmp-02', null, null]);
  // without a name for the server, the fragment cannot be tied to one: said so, not guessed
  assert.match(parseFail(serverShow, text, 'unrecognised'), /names no server/);
});

test('whole outputs are unchanged; unrelated text is not a fragment', () => {
  assert.not.ok(serverShow.sniff('| ID | Binary |\n| 1 | nova-compute |\n'));
  assert.not.ok(serverShow.sniff('{"uuid": "x", "generation": 3}'));
});

test.run();
