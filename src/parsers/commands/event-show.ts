/**
 * `openstack server event show <VM> <REQ>` → ActionDetail.
 *
 * Fields (cli-formats.md §11): action, events, message, project_id, request_id, start_time,
 * updated_at (≥ 2.58), user_id; older OSC also `instance_uuid`. `events` is a JSON list of dicts,
 * or in table mode one format_dict line per event
 * (`details=, event='compute_pre_live_migration', finish_time='…', host='hv-02', …, traceback='…'`)
 * whose traceback value may run over several lines.
 */
import { ActionDetail, type ActionEvent } from '../../facts/model';
import type { CommandParser } from '../types';
import { asList, field, rawText, ident, isoTime, isRec, isUuid, parseFormatDict, readOne, str, type Rec } from '../cli';
import { hasAll, mapOne, showHasFields } from './_common';

function eventOf(d: Rec): ActionEvent | null {
  const event = str(field(d, 'event'));
  if (!event) return null;
  return {
    event,
    result: str(field(d, 'result')),
    host: str(field(d, 'host')),
    startTime: isoTime(field(d, 'start_time')),
    finishTime: isoTime(field(d, 'finish_time')),
    traceback: rawText(field(d, 'traceback')),
    details: rawText(field(d, 'details')),
  };
}

/** Events from a JSON list, a Python repr list, or table text (one event per `details=/event=` line). */
export function eventsOf(v: unknown, warnings: string[]): ActionEvent[] {
  if (v === undefined || v === null) return [];
  let dicts: Rec[] = [];
  if (Array.isArray(v)) dicts = v.filter(isRec);
  else if (typeof v === 'string') {
    const s = v.trim();
    if (s === '' || s === '[]' || s === 'None') return [];
    if (s.startsWith('[')) dicts = (asList(s) ?? []).filter(isRec);
    else {
      // a new event starts with the first sorted key (`details=` from 2.84, `event=` before); a
      // multi-line `details='…'` (libvirt's CPU compare text) puts `event=` on a later line
      const groups: string[] = [];
      const withDetails = /^details=/m.test(s);
      for (const line of s.split('\n')) {
        const starts = withDetails ? /^details=/.test(line) : /^event=/.test(line);
        if (starts) groups.push(line);
        else if (groups.length) groups[groups.length - 1] += '\n' + line;
      }
      for (const g of groups) {
        const flat = parseFormatDict(g);
        if (flat) dicts.push(flat);
        else warnings.push(`event line not understood: ${g.slice(0, 80)}`);
      }
    }
  }
  return dicts.map(eventOf).filter((e): e is ActionEvent => e !== null);
}

export const eventShow: CommandParser<ActionDetail> = {
  id: 'event-show',
  command: 'openstack server event show <VM> <REQ> -f json',
  scope: 'mgmt',
  files: [/^openstack_server_event_show_(?<arg>.+)$/],
  looseNames: [/(server[-_ ]?)?event[-_ ]?show/i, /instance[-_ ]action(?![-_ ]list)/i],
  sniff: (text) => showHasFields(text, 'request_id', 'action', 'start_time') && !hasAll(text, /Request ID/),
  parse(text, arg) {
    // the contract names the file openstack_server_event_show_<VM>_<REQ>
    const fromName = arg ? /^(.+?)_(req-[0-9a-f-]+)$/i.exec(arg) : null;
    return mapOne(readOne(text), (r, warnings) => {
      const requestId = ident(field(r, 'request_id')) ?? fromName?.[2] ?? null;
      const action = str(field(r, 'action'));
      if (!requestId || !action) return 'no request_id / action fields: not a server event show output';
      const vm = fromName?.[1];
      return {
        requestId,
        instance: ident(field(r, 'server_id', 'instance_uuid')) ?? (isUuid(vm) ? vm! : null),
        action,
        startTime: isoTime(field(r, 'start_time')),
        message: str(field(r, 'message')),
        events: eventsOf(field(r, 'events'), warnings),
        updatedAt: isoTime(field(r, 'updated_at')),
      };
    });
  },
  schema: ActionDetail,
};
