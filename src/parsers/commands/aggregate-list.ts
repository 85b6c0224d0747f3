/**
 * `openstack aggregate list [--long]` → Aggregate[].
 *
 * Headers (cli-formats.md §7): `ID` (+ `UUID` ≥ 2.41), `Name`, `Availability Zone`; `--long` adds
 * `Properties` (metadata without the availability_zone key; dict in JSON, `k='v'` in a table)
 * and `Hosts` (list in JSON, `h1, h2` in a table). Without `--long` hosts and properties are not
 * printed: they come back empty with a warning, as the model has no "unknown" for them.
 */
import { z } from 'zod';
import { Aggregate } from '../../facts/model';
import type { CommandParser } from '../types';
import { asList, field, ident, readMany, str, stringRecord, type Rec, type ValueSpec } from '../cli';
import { hasAll, headerLine, listHasKeys, mapRows } from './_common';

const VALUE: ValueSpec = { variants: [['ID', 'Name', 'Availability Zone'], ['ID', 'UUID', 'Name', 'Availability Zone']] };

export function hostsOf(v: unknown): string[] {
  return (asList(v) ?? []).map((h) => str(h)).filter((h): h is string => !!h);
}

export function aggregateOf(r: Rec): Aggregate | null {
  const name = str(field(r, 'Name', 'name'));
  if (!name) return null;
  return {
    id: ident(field(r, 'ID', 'id')),
    name,
    availabilityZone: str(field(r, 'Availability Zone', 'availability_zone')),
    properties: stringRecord(field(r, 'Properties', 'properties', 'metadata')) ?? {},
    hosts: hostsOf(field(r, 'Hosts', 'hosts')),
  };
}

export const aggregateList: CommandParser<Aggregate[]> = {
  id: 'aggregate-list',
  command: 'openstack aggregate list --long -f json',
  scope: 'mgmt',
  files: [/^openstack_aggregate_list$/],
  looseNames: [/aggregate[-_ ]?list/i],
  sniff: (text) =>
    (headerLine(text, 'Name', 'Availability Zone') || listHasKeys(text, 'Name', 'Availability Zone')) && !hasAll(text, /Agent Type|Zone Name/),
  parse(text) {
    const out = mapRows(readMany(text, VALUE), (r) => {
      return aggregateOf(r) ?? 'no Name';
    }, 'an aggregate');
    if (out.ok && out.value.length && !/\bHosts\b/.test(text)) {
      out.warnings.push('no Hosts column (listed without --long): hosts and properties are not known');
    }
    return out;
  },
  schema: z.array(Aggregate),
};
