/**
 * Multi-line log records: nova's ProcessExecutionError puts `Stderr: '…'` on a line of its own. A rule
 * quoting that line fires, credited to the record it continues (its request id, time and host).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../src/pipeline/analyze';

const VM = 'cac36134-8e75-43e3-8b04-a73b1345b082';
const REQ = 'req-6edfcd56-0173-4625-b617-30879b985939';
const ctx = `[None ${REQ} c2b9546e0f0220f3edb7f1d5cbf15150 f1d5effedcda26f2a5d8a1f1c4e3b2a1 - - default default] [instance: ${VM}]`;

test('a rule matches the Stderr continuation line of a multi-line exception message', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-cont-'));
  const w = (p: string, body: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), body);
  };
  w(`commands/openstack_server_migration_list_${VM}.json`, JSON.stringify([{ Id: 9, 'Source Compute': 'pcd-cmp-01', 'Dest Compute': 'pcd-cmp-03', Status: 'error', 'Server UUID': VM, Type: 'migration', 'Created At': '2026-11-03T13:18:27.000000', 'Updated At': '2026-11-03T13:18:30.000000' }]));
  w(`commands/openstack_server_event_list_${VM}.json`, JSON.stringify([{ 'Request ID': REQ, 'Server ID': VM, Action: 'migrate', 'Start Time': '2026-11-03T13:18:27.000000' }]));
  w('hosts/pcd-cmp-01/var/log/pf9/ostackhost.log', [
    `2026-11-03 13:18:29.804 2244 INFO nova.compute.manager ${ctx} Setting instance back to active after: Instance rollback performed due to: Resize error: not able to execute ssh command: Unexpected error while running command.`,
    'Command: ssh -o BatchMode=yes 10.20.0.13 mkdir -p /var/lib/nova/instances/' + VM,
    'Exit code: 255',
    "Stdout: ''",
    "Stderr: 'Host key verification failed.\\r\\n'",
    `2026-11-03 13:18:30.100 2244 INFO nova.compute.manager [None req-11111111-2222-4333-8444-555555555555 - - - - - -] Running periodic task`,
  ].join('\n'));
  const { lead } = await analyze({ inputs: [dir] });
  fs.rmSync(dir, { recursive: true, force: true });
  const ssh = lead!.causes.find((c) => c.id === 'cold-migration-ssh');
  assert.ok(ssh, `ranked: ${lead!.causes.map((c) => c.id).join(', ')}`);
  assert.ok(ssh!.rules.some((r) => r.id === 'ssh-client-error'), `rules: ${ssh!.rules.map((r) => r.id).join(', ')}`);
  assert.match(ssh!.rules.find((r) => r.id === 'ssh-client-error')!.message, /Host key verification failed/);
  const ev = ssh!.evidence.find((e) => e.context.some((l) => l.includes('Host key verification failed')));
  assert.ok(ev, 'the Stderr line is shown with the record it belongs to');
});

test.run();
