/**
 * `openstack server show <VM>` → Instance.
 *
 * Shapes read (cli-formats.md §1):
 * - modern OSC (openstacksdk, microversion ≥ 2.47): `flavor` is a dict (JSON) or osc-lib
 *   format_dict text (table) with `extra_specs.*` keys; `OS-EXT-STS:power_state` is an integer in
 *   JSON and a name in the table; `volumes_attached` a list of dicts / `id='…'` lines;
 *   `addresses` `{"net": ["ip"]}` / `net=ip, ip; net2=ip`.
 * - older OSC (novaclient, < 2.47): `flavor` is `m1.tiny (1)`; same OS-EXT-* keys.
 * - legacy `nova show`: `| Property | Value |`, `os-extended-volumes:volumes_attached` as JSON text.
 * `fault` only exists for ERROR/DELETED servers: a dict (JSON) or its Python repr (table).
 */
import { Flavor, Instance, type Fault } from '../../facts/model';
import type { CommandParser } from '../types';
import { asDict, asList, bool, fail, field, ident, isoTime, isRec, num, ok, parseFormatDict, rawText, readFragment, readOne, str, stringRecord, subRecord, tryPyRepr, uuidsIn, type Rec } from '../cli';
import { hasAll, mapOne } from './_common';
import { pastedArg } from './_placement';

const POWER_STATES: Record<number, string> = { 0: 'NOSTATE', 1: 'Running', 3: 'Paused', 4: 'Shutdown', 6: 'Crashed', 7: 'Suspended' };

/** JSON gives the integer, the table gives the name (older novaclient tables the integer too). */
export function powerStateName(v: unknown): string | null {
  const n = typeof v === 'number' ? v : /^\d+$/.test(str(v) ?? '') ? Number(str(v)) : null;
  if (n !== null) return POWER_STATES[n] ?? String(n);
  return str(v);
}

function flavorFromRecord(d: Record<string, unknown>, extraSpecs: Record<string, string>): Flavor {
  return {
    id: ident(field(d, 'id')),
    // ≥ 2.47 nova embeds the flavor without its id; original_name is the flavor's name
    name: str(field(d, 'original_name')) ?? str(field(d, 'name')),
    ram: num(field(d, 'ram')),
    vcpus: num(field(d, 'vcpus')),
    disk: num(field(d, 'disk')),
    ephemeral: num(field(d, 'ephemeral', 'OS-FLV-EXT-DATA:ephemeral')),
    swap: num(field(d, 'swap')),
    extraSpecs,
  };
}

/** The embedded flavor in any of its printed forms; null when absent. */
export function embeddedFlavor(v: unknown): Flavor | null {
  if (v === undefined || v === null) return null;
  if (isRec(v)) return flavorFromRecord(v, stringRecord(field(v, 'extra_specs')) ?? {});
  const s = str(v);
  if (s === null) return null;
  // older OSC: `m1.tiny (1)` = name (id)
  const named = /^(.*\S)\s+\(([^()]+)\)$/.exec(s);
  if (named && !s.includes("='")) {
    return { id: named[2]!, name: named[1]!, ram: null, vcpus: null, disk: null, ephemeral: null, swap: null, extraSpecs: {} };
  }
  // modern OSC table: format_dict text, nested extra_specs flattened as extra_specs.<key>
  if (/^[\w:.-]+=/.test(s)) {
    const flat = parseFormatDict(s);
    if (flat) return flavorFromRecord(flat, subRecord(flat, 'extra_specs'));
  }
  const d = asDict(s);
  if (d && Object.keys(d).length) return flavorFromRecord(d, stringRecord(field(d, 'extra_specs')) ?? {});
  return { id: null, name: s, ram: null, vcpus: null, disk: null, ephemeral: null, swap: null, extraSpecs: {} };
}

/** `{"net": ["ip", …]}`, raw-API `{"net": [{"addr": "ip"}]}`, or text `net=ip, ip; net2=ip`. */
export function addressesOf(v: unknown): { network: string; ip: string }[] {
  const out: { network: string; ip: string }[] = [];
  const d = isRec(v) ? v : typeof v === 'string' && v.trim().startsWith('{') ? asDict(v) : null;
  if (d) {
    for (const [network, ips] of Object.entries(d)) {
      for (const ip of asList(ips) ?? []) {
        const addr = isRec(ip) ? str(ip.addr) : str(ip);
        if (addr) out.push({ network, ip: addr });
      }
    }
    return out;
  }
  const s = str(v);
  if (!s) return out;
  for (const part of s.split(/\s*[;\n]\s*/)) {
    const m = /^([^=]+)=(.*)$/.exec(part);
    if (!m) continue;
    for (const ip of m[2]!.split(/\s*,\s*/)) if (ip.trim()) out.push({ network: m[1]!.trim(), ip: ip.trim() });
  }
  return out;
}

/** Volume ids from a list of dicts, a JSON/repr string, or `id='…'` lines (one dict per line). */
export function volumeIdsOf(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) {
    return v.map((x) => (isRec(x) ? ident(field(x, 'id', 'volumeId', 'volume_id')) : ident(x))).filter((x): x is string => !!x);
  }
  const s = str(v);
  if (!s) return [];
  if (s.startsWith('[')) {
    const l = asList(s);
    if (l && l.some(isRec)) return volumeIdsOf(l);
  }
  const ids: string[] = [];
  for (const line of s.split('\n')) {
    const flat = parseFormatDict(line);
    const id = flat ? flat['id'] : null;
    if (id) ids.push(id);
  }
  return ids.length ? ids : uuidsIn(s);
}

/** The fault dict (JSON) or its Python repr (table); a text that is neither is kept as the message. */
export function faultOf(v: unknown): Fault | null {
  if (v === undefined) return null;
  let d: Rec | null = isRec(v) ? v : null;
  if (!d && typeof v === 'string') {
    const s = v.trim();
    if (s === '' || s === 'None') return null;
    const r = s.startsWith('{') ? (tryPyRepr(s) ?? asDict(s)) : null;
    d = isRec(r) ? r : null;
    if (!d) return { code: null, message: s, details: null, created: null };
  }
  if (!d) return null;
  return { code: num(d.code), message: str(d.message), details: rawText(d.details), created: isoTime(d.created) };
}

/**
 * The record of a whole output, or of a fragment (`fragment` true): a fragment may lack the id (then
 * taken from the file name or the pasted command line) and the status; what it lacks stays unknown.
 */
function instanceOf(r: Rec, arg: string | undefined, warnings: string[], fragment: boolean): Instance | string {
  const id = ident(field(r, 'id')) ?? arg ?? null;
  if (!id) return 'no server id: not a server show output';
  if (!fragment && !(field(r, 'status') !== undefined || field(r, 'OS-EXT-STS:vm_state') !== undefined)) {
    return 'no server status fields: not a server show output';
  }
  if (!ident(field(r, 'id'))) warnings.push(`no id field; the id was taken from the ${fragment ? 'file name or the pasted command line' : 'file name'}`);

  // image: 'name (id)' as printed; boot-from-volume prints 'N/A (booted from volume)' (OSC)
  // or '' (raw API / older clients)
  const rawImage = field(r, 'image');
  let image: string | null = null;
  let bootedFromVolume: boolean | null = null;
  if (typeof rawImage === 'string' && (rawImage.trim() === '' || /^N\/A \(booted from volume\)$/i.test(rawImage.trim()))) {
    bootedFromVolume = true;
  } else if (isRec(rawImage)) {
    image = ident(rawImage.id);
    bootedFromVolume = image === null;
  } else if (str(rawImage) !== null) {
    image = str(rawImage);
    bootedFromVolume = false;
  }

  return {
    id,
    name: str(field(r, 'name')),
    status: str(field(r, 'status')),
    vmState: str(field(r, 'OS-EXT-STS:vm_state')),
    taskState: str(field(r, 'OS-EXT-STS:task_state')),
    powerState: powerStateName(field(r, 'OS-EXT-STS:power_state')),
    host: str(field(r, 'OS-EXT-SRV-ATTR:host')),
    hypervisorHostname: str(field(r, 'OS-EXT-SRV-ATTR:hypervisor_hostname')),
    instanceName: str(field(r, 'OS-EXT-SRV-ATTR:instance_name')),
    availabilityZone: str(field(r, 'OS-EXT-AZ:availability_zone')),
    flavor: embeddedFlavor(field(r, 'flavor')),
    image,
    bootedFromVolume,
    volumeIds: volumeIdsOf(field(r, 'volumes_attached', 'os-extended-volumes:volumes_attached')),
    addresses: addressesOf(field(r, 'addresses')),
    fault: faultOf(field(r, 'fault')),
    hostStatus: str(field(r, 'host_status')),
    locked: bool(field(r, 'locked')),
    created: isoTime(field(r, 'created', 'created_at')),
    updated: isoTime(field(r, 'updated', 'updated_at')),
    launchedAt: isoTime(field(r, 'OS-SRV-USG:launched_at', 'launched_at')),
  };
}

/** Fields only a server show has: a fragment with one of them is a piece of one. */
const SERVER_KEYS = /OS-EXT-(?:SRV-ATTR|STS|AZ):|"?\bhostId\b"?|\bvolumes_attached\b/;
const FAULT_ROW = /(?:^|\n)\s*(?:\|?\s*fault\s*\||"fault"\s*:)\s*[{]?[^\n]*\bmessage\b/;

/**
 * The id of a fault-only fragment that names no server (a ticket's copy of the `fault` rows): the
 * placeholder the facts use for an instance no line names (facts/migration.ts UNNAMED_INSTANCE).
 */
const UNNAMED = '(instance not named in the input)';

export const serverShow: CommandParser<Instance> = {
  id: 'server-show',
  command: 'openstack server show <VM> -f json',
  scope: 'mgmt',
  files: [/^openstack_server_show_(?<arg>.+)$/],
  looseNames: [/(^|[-_ ])server[-_ ]?show\b/i, /^nova[-_ ]show\b/i],
  // whole outputs by their keys; fragments (some rows, grep'd JSON lines) by a server-only key or the fault row
  sniff: (text) =>
    hasAll(text, /OS-EXT-SRV-ATTR:host\b/) || (hasAll(text, 'OS-EXT-STS:vm_state') && hasAll(text, /\bflavor\b/)) ||
    ((SERVER_KEYS.test(text.slice(0, 65536)) || FAULT_ROW.test(text.slice(0, 65536))) && readFragment(text.slice(0, 65536)) !== null),
  parse(text, arg) {
    const whole = readOne(text);
    if (whole.ok) {
      const r = mapOne(whole, (rec, warnings) => instanceOf(rec, arg, warnings, false));
      if (r.ok) return r;
    }
    // A piece of the output: some rows, grep'd JSON lines, JSON with `...` elisions
    const frag = readFragment(text);
    if (!frag || !(SERVER_KEYS.test(text) || FAULT_ROW.test(text))) {
      return whole.ok ? fail('unrecognised', 'no server id/status fields: not a server show output') : whole;
    }
    const warnings: string[] = [];
    const faultOnly = field(frag.rec, 'fault') !== undefined && !SERVER_KEYS.test(text);
    const id = ident(field(frag.rec, 'id')) ?? arg ?? pastedArg(text, /server show/) ?? (faultOnly ? UNNAMED : undefined);
    const v = instanceOf(frag.rec, id, warnings, true);
    if (typeof v === 'string') return fail('unrecognised', `a server show fragment that names no server (${v})`);
    warnings.push(`a fragment of the output: ${Object.keys(frag.rec).length} field(s) read (${Object.keys(frag.rec).slice(0, 6).join(', ')}); the others are unknown`);
    return ok(v, frag.format, warnings);
  },
  schema: Instance,
};
