/**
 * What placement says about the migration's hosts: the provider of each host (a nova compute
 * node's provider is named after its hypervisor_hostname), allocations left behind there, and
 * whether the flavor still fits by placement's own arithmetic. Placement, not `hypervisor show`,
 * is what the scheduler asks, so a provider full of allocations nobody uses (a consumer whose
 * server is gone, the instance's own allocation kept after a failed or reverted move, a finished
 * migration's allocation) refuses a target that `hypervisor show` calls half empty.
 */
import type { Facts } from './build';
import type { Migration } from './migration';
import { mapStatus } from './migration';
import type { Flavor, Instance, ResourceProvider } from './model';

export interface PlacementDerived {
  /** the target's provider uuid, when a provider list/show names it */
  targetProvider: string | null;
  /** consumers on the target's provider that should hold nothing there, as sentences; null: allocations unknown */
  targetOrphanAllocations: string[] | null;
  /** providers other than its host's holding the instance's own allocation; null: unknown */
  instanceAllocationsElsewhere: string[] | null;
  /** per class, what the flavor needs beyond the target's free placement capacity; [] fits; null unknown */
  targetPlacementShort: string[] | null;
  /** the flavor would fit on the target once the left-behind allocations are removed */
  targetFitsWithoutOrphans: boolean | null;
  /** an `allocation candidate list` was read: is the target's provider among its candidates? */
  targetIsCandidate: boolean | null;
}

export function providerOfHost(facts: Facts, host: string | null): ResourceProvider | null {
  if (!host) return null;
  const all = facts.placement.providers.filter((p) => p.name && facts.directory.isSame(p.name, host));
  // a nested tree (vGPU, bandwidth) has child providers named after the node too: prefer the root
  return all.find((p) => p.parentUuid === null || p.parentUuid === p.uuid) ?? all[0] ?? null;
}

const fmt = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k}=${v}`).join(', ');

/** What a move of this instance asks placement for, by class. */
export function flavorRequest(flavor: Flavor | null, inst: Instance | null): Record<string, number> | null {
  if (!flavor || flavor.ram === null || flavor.vcpus === null) return null;
  const req: Record<string, number> = { VCPU: flavor.vcpus, MEMORY_MB: flavor.ram };
  // a volume-backed server asks for no local root disk
  const disk = (inst?.bootedFromVolume ? 0 : (flavor.disk ?? 0)) + (flavor.ephemeral ?? 0) + Math.ceil((flavor.swap ?? 0) / 1024);
  if (disk > 0) req.DISK_GB = disk;
  return req;
}

/** Allocations on the provider that nothing running there should hold, with what they hold. */
function orphansOn(facts: Facts, mig: Migration, provider: ResourceProvider, host: string): { text: string; resources: Record<string, number> }[] | null {
  if (provider.allocations === null) return null;
  const out: { text: string; resources: Record<string, number> }[] = [];
  for (const [consumer, resources] of Object.entries(provider.allocations)) {
    const inst = facts.instances.get(consumer);
    if (inst) {
      // where it runs: its compute host, or (a `server show` fragment without that row) its hypervisor
      const runsOn = inst.host ?? inst.hypervisorHostname ?? null;
      if (runsOn && !facts.directory.isSame(runsOn, host)) {
        const who = consumer === mig.instance ? 'the instance itself' : `instance ${consumer}`;
        out.push({ text: `${who} holds ${fmt(resources)} on ${host} but runs on ${runsOn}`, resources });
      }
      continue;
    }
    if (facts.serversNotFound?.has(consumer)) {
      out.push({ text: `consumer ${consumer} holds ${fmt(resources)} on ${host} but has no server (server show: not found)`, resources });
      continue;
    }
    const rec = facts.migrations.find((m) => m.uuid?.toLowerCase() === consumer);
    // the running migration's own claim is expected; a finished or failed one should hold nothing
    if (rec && rec !== mig.record && mapStatus(rec.status) !== 'in-progress') {
      out.push({ text: `migration ${consumer} (${rec.status ?? 'status unknown'}) of instance ${rec.instance ?? '?'} still holds ${fmt(resources)} on ${host}`, resources });
    }
  }
  return out;
}

/** Free capacity per class: (total - reserved) * allocation_ratio - used. Null when unknown. */
function freeOf(facts: Facts, provider: ResourceProvider): Record<string, { free: number; capacity: number; maxUnit: number | null }> | null {
  const inv = facts.placement.inventories.find((i) => i.provider === provider.uuid);
  if (!inv) return null;
  const usage = facts.placement.usages.find((u) => u.provider === provider.uuid)?.usages ?? null;
  const out: Record<string, { free: number; capacity: number; maxUnit: number | null }> = {};
  for (const r of inv.rows) {
    const used = r.used ?? usage?.[r.resourceClass] ?? null;
    if (r.total === null || used === null) continue;
    const capacity = Math.floor((r.total - (r.reserved ?? 0)) * (r.allocationRatio ?? 1));
    out[r.resourceClass] = { free: capacity - used, capacity, maxUnit: r.maxUnit };
  }
  return Object.keys(out).length ? out : null;
}

export function derivePlacement(facts: Facts, mig: Migration, inst: Instance | null, flavor: Flavor | null): PlacementDerived {
  const target = providerOfHost(facts, mig.target);
  const orphans = target && mig.target ? orphansOn(facts, mig, target, mig.target) : null;

  // The instance's own allocation anywhere but on its host's provider
  let elsewhere: string[] | null = null;
  const hostProvider = providerOfHost(facts, inst?.host ?? null);
  if (inst?.host && hostProvider) {
    const holders = new Set<string>();
    for (const a of facts.placement.consumerAllocations) if (a.consumer === mig.instance) holders.add(a.provider);
    for (const p of facts.placement.providers) if (p.allocations && p.allocations[mig.instance]) holders.add(p.uuid);
    const known = facts.placement.consumerAllocations.some((a) => a.consumer === mig.instance) || facts.placement.providers.some((p) => p.allocations !== null);
    if (known) {
      elsewhere = [...holders].filter((u) => u !== hostProvider.uuid).map((u) => {
        const p = facts.placement.providers.find((x) => x.uuid === u);
        return p?.name ? `${p.name} (${u})` : u;
      });
    }
  }

  let short: string[] | null = null;
  let fitsWithout: boolean | null = null;
  const req = flavorRequest(flavor, inst);
  const free = target ? freeOf(facts, target) : null;
  if (req && free) {
    short = [];
    const back: Record<string, number> = {};
    for (const o of orphans ?? []) for (const [k, v] of Object.entries(o.resources)) back[k] = (back[k] ?? 0) + v;
    let fitsAfter = true;
    for (const [rc, need] of Object.entries(req)) {
      const f = free[rc];
      if (!f) continue;
      if (need > f.free || (f.maxUnit !== null && need > f.maxUnit)) {
        short.push(`${rc}: needs ${need}, ${Math.max(0, f.free)} free of ${f.capacity}`);
        if (need > f.free + (back[rc] ?? 0) || (f.maxUnit !== null && need > f.maxUnit)) fitsAfter = false;
      }
    }
    fitsWithout = short.length && orphans?.length ? fitsAfter : null;
  }
  return {
    targetProvider: target?.uuid ?? null,
    targetOrphanAllocations: orphans?.map((o) => o.text) ?? null,
    instanceAllocationsElsewhere: elsewhere,
    targetPlacementShort: short,
    targetFitsWithoutOrphans: fitsWithout,
    targetIsCandidate: facts.placement.candidatesRead && target ? facts.placement.candidates.some((c) => c.provider === target.uuid) : null,
  };
}
