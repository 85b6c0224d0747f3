/**
 * `openstack server migration list --server <VM>` → MigrationRecord[].
 *
 * Column sets (cli-formats.md §2, python-openstackclient server_migration.py):
 *   base        Source Node, Dest Node, Source Compute, Dest Compute, Dest Host, Status,
 *               Server UUID, Old Flavor, New Flavor, Created At, Updated At
 *   ≥ 2.23      `Id` first and `Type` before Created At;  ≥ 2.59 `UUID` after Id;
 *   ≥ 2.80      `Project`/`User` before Created At (with --project/--user)
 *   legacy `nova migration-list`: `Instance UUID` instead of Server UUID, `Type` last.
 * Raw API keys (source_compute, instance_uuid, migration_type …) are accepted too.
 */
import { z } from 'zod';
import { MigrationRecord } from '../../facts/model';
import type { CommandParser } from '../types';
import { field, ident, isoTime, readMany, str, type ValueSpec } from '../cli';
import { headerLine, listHasKeys, mapRows } from './_common';

const BASE = ['Source Node', 'Dest Node', 'Source Compute', 'Dest Compute', 'Dest Host', 'Status', 'Server UUID', 'Old Flavor', 'New Flavor'];
// `-f value` prints no headers: these are the orders each microversion prints (none has spaces)
const VALUE: ValueSpec = {
  variants: [
    ['Id', 'UUID', ...BASE, 'Type', 'Created At', 'Updated At'],
    ['Id', ...BASE, 'Type', 'Created At', 'Updated At'],
    [...BASE, 'Created At', 'Updated At'],
    ['Id', 'UUID', ...BASE, 'Type', 'Project', 'User', 'Created At', 'Updated At'],
  ],
};

export const migrationList: CommandParser<MigrationRecord[]> = {
  id: 'migration-list',
  command: 'openstack server migration list --server <VM> -f json',
  scope: 'mgmt',
  files: [/^openstack_server_migration_list(?:_(?<arg>.+))?$/],
  looseNames: [/migrations?[-_ ]?list/i],
  sniff: (text) => headerLine(text, 'Source Compute', 'Dest Compute') || listHasKeys(text, 'Source Compute', 'Dest Compute'),
  parse(text) {
    return mapRows(readMany(text, VALUE), (r) => {
      const src = field(r, 'Source Compute', 'source_compute');
      const status = field(r, 'Status');
      // a fragment (`...` where fields were cut) still reads when it keeps the status, the server and the type
      const fragment = status !== undefined && field(r, 'Server UUID', 'Instance UUID', 'instance_uuid', 'server_id') !== undefined && field(r, 'Type', 'migration_type', 'Dest Compute', 'Source Node') !== undefined;
      if (src === undefined && !fragment) return 'no Source Compute column';
      return {
        id: ident(field(r, 'Id', 'ID')),
        uuid: ident(field(r, 'UUID')),
        instance: ident(field(r, 'Server UUID', 'Instance UUID', 'instance_uuid', 'server_id')),
        sourceCompute: str(src),
        sourceNode: str(field(r, 'Source Node', 'source_node')),
        destCompute: str(field(r, 'Dest Compute', 'dest_compute')),
        destNode: str(field(r, 'Dest Node', 'dest_node')),
        destHost: str(field(r, 'Dest Host', 'dest_host')),
        status: str(status),
        rawType: str(field(r, 'Type', 'migration_type')),
        oldFlavor: ident(field(r, 'Old Flavor', 'old_instance_type_id')),
        newFlavor: ident(field(r, 'New Flavor', 'new_instance_type_id')),
        createdAt: isoTime(field(r, 'Created At', 'created_at')),
        updatedAt: isoTime(field(r, 'Updated At', 'updated_at')),
      };
    }, 'a migration record');
  },
  schema: z.array(MigrationRecord),
};
