/**
 * Terminal sessions pasted whole: split at each prompt (or bare `openstack …` line) into one
 * segment per command. Shapes from published pastes: a bracketed bash prompt with the exit status
 * (beskar-cloud knowledgebase, test/real/beskar-kb-cold-migration-orphaned-allocation-novalidhost),
 * `root@host:~#`, a bare `$`, and a command pasted without its prompt.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commandFileName, splitSession } from '../../../src/parsers/cli/session';

test('a session splits at each prompt, the output staying with its command', () => {
  const text = [
    'openstack server migrate --host cmp-16 f160ed61-2256-4401-aece-789cb1a3c359',
    'No valid host was found. No valid host found for cold migrate',
    '',
    '[jdoe@laptop ~ 0]$ openstack server show f160ed61-2256-4401-aece-789cb1a3c359 -fjson | grep -E \'status|state\'',
    '  "OS-EXT-STS:vm_state": "stopped",',
    '  "status": "SHUTOFF",',
    'root@cmp-16:~# virsh list --all',
    ' Id   Name   State',
    '$ openstack hypervisor show cmp-16 -f json',
    '{ "state": "up" }',
  ].join('\n');
  const segs = splitSession(text);
  assert.equal(segs.map((s) => s.line), [1, 4, 7, 9]);
  assert.is(segs[0]!.command, 'openstack server migrate --host cmp-16 f160ed61-2256-4401-aece-789cb1a3c359');
  assert.match(segs[0]!.text, /No valid host was found/);
  assert.is(segs[1]!.command.startsWith('openstack server show f160ed61'), true);
  assert.match(segs[1]!.text, /"status": "SHUTOFF"/);
  assert.not.match(segs[1]!.text, /virsh/);
  assert.is(segs[2]!.command, 'virsh list --all');
});

test('one command, or prose that mentions commands, is not a session', () => {
  assert.equal(splitSession('$ openstack server show x\n| status | ACTIVE |\n'), []);
  assert.equal(splitSession('We ran the openstack client yesterday.\nThen nova was restarted.\n'), []);
});

test("a command's file name as collect.sh writes it", () => {
  assert.is(commandFileName('openstack server show f160ed61-2256-4401-aece-789cb1a3c359 -fjson | grep -E x'), 'openstack_server_show_f160ed61-2256-4401-aece-789cb1a3c359');
  assert.is(commandFileName('openstack hypervisor show cmp-16 -f json'), 'openstack_hypervisor_show_cmp-16');
  assert.is(commandFileName('ss -tlnp'), 'ss_-tlnp');
  assert.is(commandFileName('openstack compute service list --long -c Host -c State'), 'openstack_compute_service_list');
});

test.run();
