/**
 * `openstack port show <PORT>` → Port.
 *
 * Fields (python-openstackclient network/v2/port.py `_get_columns`): binding_host_id,
 * binding_vif_type (`ovs`, `binding_failed`, `unbound` …), binding_vnic_type, device_id,
 * fixed_ips (a list of dicts in JSON; `ip_address='10.0.0.17', subnet_id='…'` lines in a table),
 * id, mac_address, name, status … The neutron client spelled them `binding:host_id`,
 * `binding:vif_type` and printed fixed_ips as JSON text per line.
 */
import { Port } from '../../facts/model';
import type { CommandParser } from '../types';
import { field, ident, isRec, readOne, str, type Rec } from '../cli';
import { mapOne, showHasFields } from './_common';

/** The IP addresses of a fixed_ips value in any printed form. */
export function fixedIpsOf(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) {
    return v.map((x) => (isRec(x) ? str(field(x, 'ip_address')) : str(x))).filter((x): x is string => !!x);
  }
  const s = str(v);
  if (!s) return [];
  // ip_address='10.0.0.5' (format_dict), 'ip_address': '10.0.0.5' (repr), "ip_address": "…" (JSON)
  const out = [...s.matchAll(/ip_address['"]?\s*[=:]\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return out;
}

export function portOf(r: Rec, id: string): Port {
  return {
    id,
    name: str(field(r, 'name', 'Name')),
    status: str(field(r, 'status', 'Status')),
    macAddress: str(field(r, 'mac_address', 'MAC Address')),
    deviceId: ident(field(r, 'device_id')),
    bindingHost: str(field(r, 'binding_host_id', 'binding:host_id')),
    vifType: str(field(r, 'binding_vif_type', 'binding:vif_type')),
    vnicType: str(field(r, 'binding_vnic_type', 'binding:vnic_type')),
    fixedIps: fixedIpsOf(field(r, 'fixed_ips', 'Fixed IP Addresses')),
  };
}

export const portShow: CommandParser<Port> = {
  id: 'port-show',
  command: 'openstack port show <PORT> -f json',
  scope: 'mgmt',
  files: [/^openstack_port_show_(?<arg>.+)$/],
  looseNames: [/port[-_ ]?show/i],
  sniff: (text) =>
    showHasFields(text, 'binding_vif_type') || showHasFields(text, 'binding:vif_type') || showHasFields(text, 'mac_address', 'fixed_ips', 'device_id'),
  parse(text, arg) {
    return mapOne(readOne(text), (r) => {
      if (field(r, 'mac_address') === undefined && field(r, 'fixed_ips') === undefined) return 'no mac_address / fixed_ips fields: not a port show output';
      const id = ident(field(r, 'id')) ?? arg ?? null;
      return id ? portOf(r, id) : 'no id field: not a port show output';
    });
  },
  schema: Port,
};
