/**
 * `openstack network agent list` → Service[] (kind 'network').
 *
 * Headers (python-openstackclient network_agent.py): `ID, Agent Type, Host, Availability Zone,
 * Alive, State, Binary`. In table mode `Alive` is `:-)` / `XXX` (AliveColumn) and `State` is
 * `UP` / `DOWN` (AdminStateColumn); `-f json` prints both as booleans. The older neutron client
 * printed `alive` (`:-)` / `xxx`) and `admin_state_up` (True/False).
 * Mapped onto Service: Alive → state up/down, admin State → status enabled/disabled.
 */
import { z } from 'zod';
import { Service } from '../../facts/model';
import type { CommandParser } from '../types';
import { field, ident, isoTime, readMany, str, type ValueSpec } from '../cli';
import { headerLine, listHasKeys, mapRows } from './_common';

const VALUE: ValueSpec = {
  variants: [['ID', 'Agent Type', 'Host', 'Availability Zone', 'Alive', 'State', 'Binary']],
  freeText: 'Agent Type', // 'OVN Controller agent', 'Open vSwitch agent'
};

function aliveState(v: unknown): string | null {
  if (v === true) return 'up';
  if (v === false) return 'down';
  const s = str(v);
  if (s === null) return null;
  if (s === ':-)' || /^(true|up)$/i.test(s)) return 'up';
  if (/^(xxx|false|down)$/i.test(s)) return 'down';
  return s;
}

function adminStatus(v: unknown): string | null {
  if (v === true) return 'enabled';
  if (v === false) return 'disabled';
  const s = str(v);
  if (s === null) return null;
  if (/^(up|true)$/i.test(s)) return 'enabled';
  if (/^(down|false)$/i.test(s)) return 'disabled';
  return s;
}

export const networkAgentList: CommandParser<Service[]> = {
  id: 'network-agent-list',
  command: 'openstack network agent list -f json',
  scope: 'mgmt',
  files: [/^openstack_network_agent_list$/],
  looseNames: [/(network[-_ ]?)?agent[-_ ]?list/i],
  sniff: (text) =>
    headerLine(text, 'Agent Type', 'Alive') || headerLine(text, 'agent_type', 'alive') || listHasKeys(text, 'Agent Type', 'Alive'),
  parse(text) {
    return mapRows(readMany(text, VALUE), (r) => {
      const host = str(field(r, 'Host'));
      const binary = str(field(r, 'Binary')) ?? str(field(r, 'Agent Type', 'agent_type'));
      if (!binary || !host || field(r, 'Alive', 'is_alive') === undefined) return 'no Binary / Host / Alive';
      return {
        kind: 'network' as const,
        id: ident(field(r, 'ID', 'id')),
        binary,
        host,
        zone: str(field(r, 'Availability Zone', 'availability_zone')),
        status: adminStatus(field(r, 'State', 'admin_state_up', 'is_admin_state_up')),
        state: aliveState(field(r, 'Alive', 'is_alive')),
        updatedAt: isoTime(field(r, 'last_heartbeat_at')),
        disabledReason: null,
        forcedDown: null,
      };
    }, 'a network agent');
  },
  schema: z.array(Service),
};
