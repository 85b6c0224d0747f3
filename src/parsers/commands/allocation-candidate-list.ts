/**
 * `openstack allocation candidate list --resource VCPU=2 --resource MEMORY_MB=4096 …` →
 * AllocationCandidate[] (osc-placement, placement ≥ 1.10).
 *
 * Columns: `#, allocation, resource provider, inventory used/capacity` (+ `traits` from 1.17). Each
 * provider of a candidate is one row carrying the candidate's number; `allocation` is
 * `CLASS=n,…`, `inventory used/capacity` is `CLASS=used/capacity,…`. A narrow terminal wraps the
 * uuid and the lists onto continuation rows, which the table reader merges. No row at all means
 * placement found no provider with room: the scheduler's "no allocation candidates".
 */
import { z } from 'zod';
import { AllocationCandidate } from '../../facts/model';
import type { CommandParser } from '../types';
import { field, num, readMany, type ValueSpec } from '../cli';
import { headerLine, listHasKeys, mapRows } from './_common';
import { amountsOf, unwrap } from './_placement';

const COLS = ['#', 'allocation', 'resource provider', 'inventory used/capacity'];
const VALUE: ValueSpec = { variants: [COLS, [...COLS, 'traits']] };

function usedCapacityOf(v: unknown): AllocationCandidate['usedCapacity'] | null {
  const s = unwrap(v).trim();
  if (s === '') return {};
  const out: AllocationCandidate['usedCapacity'] = {};
  for (const part of s.split(',')) {
    const m = /^([A-Z][A-Z0-9_]*)=(\d+)\/(\d+)$/.exec(part.trim());
    if (!m) return null;
    out[m[1]!] = { used: Number(m[2]), capacity: Number(m[3]) };
  }
  return out;
}

export const allocationCandidateList: CommandParser<AllocationCandidate[]> = {
  id: 'allocation-candidate-list',
  command: 'openstack allocation candidate list --resource VCPU=<n> --resource MEMORY_MB=<mb> --resource DISK_GB=<gb> -f json',
  scope: 'mgmt',
  files: [/^openstack_allocation_candidate_list(?:_(?<arg>.+))?$/],
  looseNames: [/allocation[-_ ]?candidate/i],
  sniff: (text) => headerLine(text, 'allocation', 'inventory used/capacity') || listHasKeys(text, 'resource provider', 'inventory used/capacity'),
  parse(text) {
    return mapRows(readMany(text, VALUE), (r): AllocationCandidate | string => {
      const provider = unwrap(field(r, 'resource provider', 'resource_provider')).toLowerCase();
      if (!/^[0-9a-f-]{36}$/.test(provider)) return 'no resource provider uuid';
      const allocation = amountsOf(field(r, 'allocation'));
      const usedCapacity = usedCapacityOf(field(r, 'inventory used/capacity'));
      if (!allocation || !usedCapacity) return 'allocation or used/capacity unreadable';
      const traits = field(r, 'traits');
      return {
        index: num(field(r, '#')) ?? 0,
        provider,
        allocation,
        usedCapacity,
        traits: traits === undefined ? null : unwrap(traits).split(',').filter(Boolean),
      };
    }, 'an allocation candidate');
  },
  schema: z.array(AllocationCandidate),
};
