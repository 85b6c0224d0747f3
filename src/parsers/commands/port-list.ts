/**
 * `openstack port list --server <VM> --long` → Port[].
 *
 * Headers (python-openstackclient network/v2/port.py ListPort): `ID, Name, MAC Address,
 * Fixed IP Addresses, Status`; `--long` adds `Security Groups, Device Owner, Tags,
 * Trunk subports`. The list prints no binding host / VIF type (those need `port show`): they
 * stay null. The contract lists the ports of one VM (`--server <VM>` filters on device_id),
 * so the VM uuid in the file name is each port's device id.
 */
import { z } from 'zod';
import { Port } from '../../facts/model';
import type { CommandParser } from '../types';
import { field, ident, isUuid, readMany, type ValueSpec } from '../cli';
import { headerLine, listHasKeys, mapRows } from './_common';
import { portOf } from './port-show';

const VALUE: ValueSpec = {
  variants: [['ID', 'Name', 'MAC Address', 'Fixed IP Addresses', 'Status']],
  freeText: 'Fixed IP Addresses',
};

export const portList: CommandParser<Port[]> = {
  id: 'port-list',
  command: 'openstack port list --server <VM> --long -f json',
  scope: 'mgmt',
  files: [/^openstack_port_list(?:_(?<arg>.+))?$/],
  looseNames: [/port[-_ ]?list/i],
  sniff: (text) => headerLine(text, 'MAC Address', 'Fixed IP Addresses') || listHasKeys(text, 'MAC Address', 'Fixed IP Addresses'),
  parse(text, arg) {
    const vm = isUuid(arg) ? arg! : null;
    return mapRows(readMany(text, VALUE), (r) => {
      const id = ident(field(r, 'ID', 'id'));
      if (!id || field(r, 'MAC Address', 'mac_address') === undefined) return 'no ID / MAC Address';
      const p = portOf(r, id);
      return { ...p, deviceId: p.deviceId ?? vm };
    }, 'a port');
  },
  schema: z.array(Port),
};
