import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { baseLogName, classifyPath, hostFromFolder } from '../../src/recognize/paths';

test('contract paths', () => {
  assert.equal(classifyPath('manifest.json'), { kind: 'manifest', host: null });
  assert.equal(classifyPath('hosts/cmp-02/manifest.json'), { kind: 'manifest', host: 'cmp-02' });
  assert.equal(classifyPath('commands/openstack_server_show_abc.json'), { kind: 'command', scope: 'mgmt', host: null, name: 'openstack_server_show_abc.json' });
  assert.equal(classifyPath('hosts/cmp-02/commands/ss_-tlnp.txt'), { kind: 'command', scope: 'host', host: 'cmp-02', name: 'ss_-tlnp.txt' });
  assert.equal(classifyPath('logs/nova-scheduler-7d9f8c-x2x4q.log'), { kind: 'log', host: null, component: 'nova-scheduler', name: 'nova-scheduler-7d9f8c-x2x4q.log' });
  assert.equal(classifyPath('hosts/cmp-02/var/log/pf9/ostackhost.log.2.gz'), { kind: 'log', host: 'cmp-02', component: 'nova-compute', name: 'ostackhost.log.2.gz' });
  assert.equal(classifyPath('hosts/cmp-02/var/log/libvirt/qemu/instance-0000002a.log').kind, 'log');
  assert.is((classifyPath('hosts/cmp-02/var/log/libvirt/qemu/instance-0000002a.log') as { component: string }).component, 'qemu');
  assert.is((classifyPath('hosts/st-01/var/log/pf9/cindervolume-base.log') as { component: string }).component, 'cinder-volume');
  assert.is((classifyPath('hosts/cmp-01/var/log/ovn/ovn-controller.log') as { component: string }).component, 'ovn-controller');
});

test('an optional top-level folder is ignored', () => {
  assert.equal(classifyPath('bundle-2026-11-20T10-00Z/commands/x.json'), { kind: 'command', scope: 'mgmt', host: null, name: 'x.json' });
  assert.equal(classifyPath('bundle-2026-11-20T10-00Z/manifest.json'), { kind: 'manifest', host: null });
});

test('sosreport-style trees give the host from the folder', () => {
  const k = classifyPath('sosreport-cmp-03-2026-11-20-abcdef/var/log/nova/nova-compute.log');
  assert.equal(k, { kind: 'log', host: 'cmp-03', component: 'nova-compute', name: 'nova-compute.log' });
  assert.is(hostFromFolder('sosreport-pcd-cmp-01-20261120'), 'pcd-cmp-01');
});

test('rotated names', () => {
  assert.is(baseLogName('ostackhost.log.2.gz'), 'ostackhost.log');
  assert.is(baseLogName('nova-compute.log-20261120'), 'nova-compute.log');
  assert.is(baseLogName('libvirtd.log'), 'libvirtd.log');
});

test('loose files are unknown (recognised later by content)', () => {
  assert.is(classifyPath('server-show.txt').kind, 'unknown');
  assert.is(classifyPath('notes/readme.md').kind, 'unknown');
});

test.run();
