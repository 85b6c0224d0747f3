/**
 * `openstack volume show <VOLUME>` → Volume.
 *
 * Fields (cli-formats.md §12): attachments (a raw list of dicts: Python repr in a table, keys
 * id, attachment_id, volume_id, server_id, host_name, device, attached_at), bootable, id,
 * migration_status, multiattach, name, os-vol-host-attr:host (`host@backend#pool`),
 * os-vol-mig-status-attr:migstat, size, status, type …
 */
import { Volume } from '../../facts/model';
import type { CommandParser } from '../types';
import { asList, bool, field, ident, isRec, num, readOne, str } from '../cli';
import { mapOne, showHasFields } from './_common';

export const volumeShow: CommandParser<Volume> = {
  id: 'volume-show',
  command: 'openstack volume show <VOLUME> -f json',
  scope: 'mgmt',
  files: [/^openstack_volume_show_(?<arg>.+)$/],
  looseNames: [/volume[-_ ]?show/i, /^cinder[-_ ]show\b/i],
  sniff: (text) => showHasFields(text, 'os-vol-host-attr:host') || showHasFields(text, 'attachments', 'bootable', 'size'),
  parse(text, arg) {
    return mapOne(readOne(text), (r, warnings) => {
      if (field(r, 'size') === undefined && field(r, 'attachments') === undefined) return 'no size / attachments fields: not a volume show output';
      const id = ident(field(r, 'id')) ?? arg ?? null;
      if (!id) return 'no id field: not a volume show output';
      const raw = field(r, 'attachments');
      const list = asList(raw);
      if (raw !== undefined && str(raw) !== null && list !== null && !list.every(isRec)) warnings.push('attachments not understood');
      return {
        id,
        name: str(field(r, 'name')),
        status: str(field(r, 'status')),
        backendHost: str(field(r, 'os-vol-host-attr:host')),
        type: str(field(r, 'type', 'volume_type')),
        size: num(field(r, 'size')),
        bootable: bool(field(r, 'bootable')),
        multiattach: bool(field(r, 'multiattach')),
        migrationStatus: str(field(r, 'migration_status', 'os-vol-mig-status-attr:migstat')),
        attachments: (list ?? []).filter(isRec).map((a) => ({
          serverId: ident(field(a, 'server_id')),
          hostName: str(field(a, 'host_name')),
          device: str(field(a, 'device')),
          attachmentId: ident(field(a, 'attachment_id')),
        })),
      };
    });
  },
  schema: Volume,
};
