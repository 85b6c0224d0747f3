/**
 * A command's non-zero exit that is its answer (docs/collect.md, the manifest's `ok`) is not a
 * collector error: `systemctl status` of a dead unit, `iscsiadm -m session` without sessions, a
 * refused port check, an `openssl verify` that says no. Anything else non-zero is.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exitIsAnswer } from '../../src/facts/build';

test('exit codes that are answers, as collect.sh counts them', () => {
  assert.ok(exitIsAnswer(['systemctl', 'status', 'libvirtd-tls.socket', '--no-pager'], 3), 'inactive unit');
  assert.ok(exitIsAnswer(['systemctl', 'status', 'nosuch'], 4), 'unknown unit');
  assert.ok(exitIsAnswer(['iscsiadm', '-m', 'session'], 21), 'no iSCSI session');
  assert.ok(exitIsAnswer(['nc', '-zv', '-w', '5', 'pcd-cmp-05', '16514'], 1), 'port refused');
  assert.ok(exitIsAnswer(['nc', '-z', '-v', '-w', '5', 'hv-02', '16514'], 1), 'port refused, flags apart');
  assert.ok(exitIsAnswer(['bash', '-c', 'exec 3<>"/dev/tcp/$0/$1"', 'hv-02', '16514'], 1), 'bash /dev/tcp check');
  assert.ok(exitIsAnswer(['openssl', 'verify', '-CAfile', 'ca.pem', 'cert.pem'], 2), 'certificate does not verify');
  assert.ok(exitIsAnswer(['sudo', 'systemctl', 'status', 'libvirtd'], 3), 'through sudo');
});

test('exit codes that are failures', () => {
  assert.not.ok(exitIsAnswer(['systemctl', 'status', 'libvirtd'], 1));
  assert.not.ok(exitIsAnswer(['iscsiadm', '-m', 'session'], 1));
  assert.not.ok(exitIsAnswer(['openstack', 'compute', 'service', 'list', '-f', 'json'], 1), 'a 403 of the API');
  assert.not.ok(exitIsAnswer(['nc', '-zv', 'hv-02', '16514'], 2), 'nc usage error');
  assert.not.ok(exitIsAnswer(['virsh', 'capabilities'], 1));
});

test.run();
