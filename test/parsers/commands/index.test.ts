/** COMMAND_PARSERS: ids, contract file names, and sniffing order over every sample. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { COMMAND_PARSERS } from '../../../src/parsers/commands';
import { sample } from './_helpers';

const byName = (stem: string) => {
  for (const p of COMMAND_PARSERS) for (const re of p.files) { const m = re.exec(stem); if (m) return { id: p.id, arg: m.groups?.arg }; }
  return null;
};
const bySniff = (text: string) => COMMAND_PARSERS.find((p) => p.sniff(text))?.id ?? null;

test('ids are unique and every parser has a schema', () => {
  const ids = COMMAND_PARSERS.map((p) => p.id);
  assert.is(new Set(ids).size, ids.length);
  assert.is(ids.length, 36);
  // cli-refusal is recognised by content only: a pasted terminal transcript has no contract name
  for (const p of COMMAND_PARSERS) assert.ok(p.schema && (p.files.length > 0 || p.id === 'cli-refusal' || p.id === 'pasted-error'), p.id);
});

test('contract file names (bundle-format.md) route to one parser each', () => {
  const VM = '0f5e1c2d-3b4a-4c5d-9e8f-7a6b5c4d3e2f';
  const cases: [string, string, string | undefined][] = [
    [`openstack_server_show_${VM}`, 'server-show', VM],
    [`openstack_server_migration_list_${VM}`, 'migration-list', VM],
    [`openstack_server_event_list_${VM}`, 'event-list', VM],
    [`openstack_server_event_show_${VM}_req-3b77c1d2-5e6f-4a7b-8c9d-0e1f2a3b4c5d`, 'event-show', `${VM}_req-3b77c1d2-5e6f-4a7b-8c9d-0e1f2a3b4c5d`],
    ['openstack_compute_service_list', 'compute-service-list', undefined],
    ['openstack_volume_service_list', 'volume-service-list', undefined],
    ['openstack_network_agent_list', 'network-agent-list', undefined],
    ['openstack_hypervisor_stats_show', 'hypervisor-stats', undefined],
    ['openstack_hypervisor_list', 'hypervisor-list', undefined],
    ['openstack_hypervisor_show_hv-02.example.net', 'hypervisor-show', 'hv-02.example.net'],
    ['openstack_availability_zone_list', 'az-list', undefined],
    ['openstack_aggregate_list', 'aggregate-list', undefined],
    ['openstack_aggregate_show_ssd', 'aggregate-show', 'ssd'],
    ['openstack_flavor_show_m1.large', 'flavor-show', 'm1.large'],
    ['openstack_volume_show_6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', 'volume-show', '6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f'],
    [`openstack_port_list_${VM}`, 'port-list', VM],
    ['openstack_port_show_p-1', 'port-show', 'p-1'],
    ['kubectl_get_pods', 'kubectl-pods', undefined],
    ['systemctl_status_pf9-ostackhost', 'systemctl-status', 'pf9-ostackhost'],
    ['virsh_capabilities', 'virsh-capabilities', undefined],
    ['lscpu', 'lscpu', undefined],
    ['openssl_x509_servercert', 'openssl-x509', 'servercert'],
    ['ss_-tlnp', 'ss-listening', undefined],
    ['port_16514_hv-02', 'port-check', 'hv-02'],
    ['free_-m', 'free', undefined],
    ['df_-h', 'df', undefined],
    ['iscsiadm_-m_session', 'iscsi-sessions', undefined],
    ['multipath_-ll', 'multipath', undefined],
    ['openstack_resource_provider_list', 'resource-provider-list', undefined],
    ['openstack_resource_provider_show_9546fce4-9fb5-4b35-b277-72ff125ad787', 'resource-provider-show', '9546fce4-9fb5-4b35-b277-72ff125ad787'],
    ['openstack_resource_provider_inventory_list_9546fce4-9fb5-4b35-b277-72ff125ad787', 'resource-provider-inventory-list', '9546fce4-9fb5-4b35-b277-72ff125ad787'],
    ['openstack_resource_provider_usage_show_9546fce4-9fb5-4b35-b277-72ff125ad787', 'resource-provider-usage-show', '9546fce4-9fb5-4b35-b277-72ff125ad787'],
    [`openstack_resource_provider_allocation_show_${VM}`, 'resource-provider-allocation-show', VM],
    ['openstack_allocation_candidate_list', 'allocation-candidate-list', undefined],
  ];
  for (const [stem, id, arg] of cases) assert.equal(byName(stem), { id, arg }, stem);
});

test('loose names people type', () => {
  const loose = (stem: string) => COMMAND_PARSERS.find((p) => (p.looseNames ?? []).some((re) => re.test(stem)))?.id ?? null;
  assert.is(loose('server-show'), 'server-show');
  assert.is(loose('migration list'), 'migration-list');
  assert.is(loose('server event show'), 'event-show');
  assert.is(loose('nova-service-list'), 'compute-service-list');
  assert.is(loose('agent list'), 'network-agent-list');
});

test('sniffing picks the right parser for every sample (order: most specific first)', () => {
  const dir = join(__dirname, 'samples');
  // `-c events` alone is not a whole event show: nothing claims it (and event-show refuses it)
  const notClaimed = new Set(['event-show.real-events.json']);
  for (const f of readdirSync(dir).filter((n) => !n.endsWith('.md'))) {
    const expected = notClaimed.has(f) ? null : f.split('.')[0]!;
    assert.is(bySniff(sample(f)), expected, f);
  }
});

test('sniffing does not claim errors or empty text', () => {
  for (const t of ['', 'HttpException: 500: Server Error for url: http://x, boom', "No server with a name or ID of 'x' exists."]) {
    assert.is(bySniff(t), null, t);
  }
});

test.run();
