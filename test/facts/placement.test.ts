/** Placement derivations: allocations left on the target, the instance's own allocation elsewhere, room by placement's count. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derivePlacement, flavorRequest } from '../../src/facts/placement';
import { HostDirectory } from '../../src/facts/hosts';
import type { Facts, PlacementFacts } from '../../src/facts/build';
import type { Migration } from '../../src/facts/migration';
import type { Flavor, Instance, MigrationRecord } from '../../src/facts/model';

const VM = '3e5a7c9e-1b3d-45f7-a9c1-e3b5d7f9a1c8';
const OTHER = '6c8e0a2c-4e6a-48c0-b2e4-a6c8e0a2c4e7';
const OLD_MIG = '5e7a9c1e-3b5d-47f9-a1c3-e5b7d9f1a3c5';
const SRC_RP = 'a0c2e4a6-c8e0-42a4-86c8-e0a2c4e6a8c3';
const DST_RP = 'c2e4a6c8-e0a2-44c6-a8e0-a2c4e6a8c0e5';
const FLAVOR: Flavor = { id: '23', name: 'm2.xlarge', ram: 16384, vcpus: 8, disk: 200, ephemeral: 0, swap: 0, extraSpecs: {} };

function instance(id: string, host: string): Instance {
  return {
    id, name: null, status: 'ACTIVE', vmState: 'active', taskState: null, powerState: 'Running', host, hypervisorHostname: `${host}.example.net`,
    instanceName: null, availabilityZone: null, flavor: FLAVOR, image: null, bootedFromVolume: false, volumeIds: [], addresses: [], fault: null,
    hostStatus: null, locked: null, created: null, updated: null, launchedAt: null,
  };
}

function setup(allocations: Record<string, Record<string, number>> | null, opts: { used?: number; migrations?: Partial<MigrationRecord>[]; gone?: string[] } = {}) {
  const directory = new HostDirectory();
  directory.same('pcd-cmp-21', 'pcd-cmp-21.example.net');
  directory.same('pcd-cmp-24', 'pcd-cmp-24.example.net');
  const placement: PlacementFacts = {
    providers: [
      { uuid: SRC_RP, name: 'pcd-cmp-21.example.net', generation: 1, rootUuid: SRC_RP, parentUuid: null, allocations: null },
      { uuid: DST_RP, name: 'pcd-cmp-24.example.net', generation: 9, rootUuid: DST_RP, parentUuid: null, allocations },
    ],
    inventories: [{ provider: DST_RP, rows: [
      { resourceClass: 'VCPU', total: 64, reserved: 0, allocationRatio: 4, minUnit: 1, maxUnit: 64, stepSize: 1, used: null },
      { resourceClass: 'MEMORY_MB', total: 515704, reserved: 16384, allocationRatio: 1, minUnit: 1, maxUnit: 515704, stepSize: 1, used: null },
      { resourceClass: 'DISK_GB', total: 1787, reserved: 0, allocationRatio: 1, minUnit: 1, maxUnit: 1787, stepSize: 1, used: null },
    ] }],
    usages: [{ provider: DST_RP, usages: { VCPU: 46, MEMORY_MB: 311296, DISK_GB: opts.used ?? 1700 } }],
    candidates: [], consumerAllocations: [], candidatesRead: false,
  };
  const facts = {
    directory, placement,
    instances: new Map([[VM, instance(VM, 'pcd-cmp-21')], [OTHER, instance(OTHER, 'pcd-cmp-24')]]),
    migrations: (opts.migrations ?? []) as MigrationRecord[],
    serversNotFound: new Set(opts.gone ?? []),
  } as unknown as Facts;
  const mig = { instance: VM, source: 'pcd-cmp-21', target: 'pcd-cmp-24', record: null } as unknown as Migration;
  return derivePlacement(facts, mig, facts.instances.get(VM)!, FLAVOR);
}

test('the instance itself left on the target, which it does not run on, is an orphan; its room comes back without it', () => {
  const d = setup({ [VM]: { DISK_GB: 200, MEMORY_MB: 16384, VCPU: 8 }, [OTHER]: { DISK_GB: 400, MEMORY_MB: 65536, VCPU: 16 } });
  assert.is(d.targetProvider, DST_RP);
  assert.equal(d.targetOrphanAllocations, ['the instance itself holds DISK_GB=200, MEMORY_MB=16384, VCPU=8 on pcd-cmp-24 but runs on pcd-cmp-21']);
  assert.equal(d.targetPlacementShort, ['DISK_GB: needs 200, 87 free of 1787']);
  assert.is(d.targetFitsWithoutOrphans, true);
  assert.is(d.targetIsCandidate, null); // no allocation candidate list was read
});

test('servers that run on the target and unknown consumers are not orphans', () => {
  const d = setup({ [OTHER]: { DISK_GB: 400 }, 'f1a3c5e7-9b1d-43f5-a7c9-e1b3d5f7a9c2': { DISK_GB: 1300 } });
  assert.equal(d.targetOrphanAllocations, []);
  assert.is(d.targetFitsWithoutOrphans, null);
});

test('a finished migration record still holding resources is an orphan; a running one is not', () => {
  const done = setup({ [OLD_MIG]: { DISK_GB: 200 } }, { migrations: [{ uuid: OLD_MIG, status: 'reverted', instance: VM }] });
  assert.match(done.targetOrphanAllocations![0]!, /migration 5e7a9c1e.* \(reverted\) .* still holds DISK_GB=200/);
  const running = setup({ [OLD_MIG]: { DISK_GB: 200 } }, { migrations: [{ uuid: OLD_MIG, status: 'running', instance: OTHER }] });
  assert.equal(running.targetOrphanAllocations, []);
});

test('a consumer whose server show says it does not exist is an orphan', () => {
  const GONE = 'f1a3c5e7-9b1d-43f5-a7c9-e1b3d5f7a9c2';
  const d = setup({ [GONE]: { DISK_GB: 1300 } }, { gone: [GONE] });
  assert.equal(d.targetOrphanAllocations, [`consumer ${GONE} holds DISK_GB=1300 on pcd-cmp-24 but has no server (server show: not found)`]);
});

test('unknown stays unknown: no --allocations, no inventory', () => {
  const d = setup(null, { used: 100 });
  assert.is(d.targetOrphanAllocations, null);
  assert.equal(d.targetPlacementShort, []); // fits: 1687 free
});

test('what a move asks placement for', () => {
  assert.equal(flavorRequest(FLAVOR, null), { VCPU: 8, MEMORY_MB: 16384, DISK_GB: 200 });
  assert.equal(flavorRequest(FLAVOR, { bootedFromVolume: true } as Instance), { VCPU: 8, MEMORY_MB: 16384 });
  assert.is(flavorRequest(null, null), null);
});

test.run();
