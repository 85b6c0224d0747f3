/**
 * `openstack server event list <VM>` → InstanceAction[].
 *
 * Headers (cli-formats.md §10): `Request ID, Server ID, Action, Start Time`; `--long` adds
 * `Message, Project ID, User ID`. Legacy `nova instance-action-list` prints
 * `Action | Request_ID | Message | Start_Time` (and older OSC `Instance UUID`).
 * `Message` is `Error` for a failed action.
 */
import { z } from 'zod';
import { InstanceAction } from '../../facts/model';
import type { CommandParser } from '../types';
import { field, ident, isoTime, isUuid, readMany, str, type ValueSpec } from '../cli';
import { headerLine, listHasKeys, mapRows } from './_common';

const VALUE: ValueSpec = {
  variants: [
    ['Request ID', 'Server ID', 'Action', 'Start Time'],
    ['Request ID', 'Server ID', 'Action', 'Start Time', 'Message', 'Project ID', 'User ID'],
  ],
};

export const eventList: CommandParser<InstanceAction[]> = {
  id: 'event-list',
  command: 'openstack server event list <VM> -f json',
  scope: 'mgmt',
  files: [/^openstack_server_event_list(?:_(?<arg>.+))?$/],
  looseNames: [/(server[-_ ]?)?event[-_ ]?list/i, /instance[-_ ]action[-_ ]list/i],
  sniff: (text) =>
    headerLine(text, 'Request ID', 'Action', 'Start Time') ||
    headerLine(text, 'Request_ID', 'Action', 'Start_Time') ||
    listHasKeys(text, 'Request ID', 'Action'),
  parse(text, arg) {
    return mapRows(readMany(text, VALUE), (r) => {
      const requestId = ident(field(r, 'Request ID', 'request_id'));
      const action = str(field(r, 'Action'));
      if (!requestId || !action) return 'no Request ID / Action';
      return {
        requestId,
        // legacy listings have no server column; the file name carries the VM
        instance: ident(field(r, 'Server ID', 'Instance UUID', 'instance_uuid', 'server_id')) ?? (isUuid(arg) ? arg! : null),
        action,
        startTime: isoTime(field(r, 'Start Time', 'start_time')),
        message: str(field(r, 'Message')),
      };
    }, 'a server action');
  },
  schema: z.array(InstanceAction),
};
