/** event-show: openstack server event show (cli-formats.md §11). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventShow, eventsOf } from '../../../src/parsers/commands/event-show';
import { fileArg, parseFail, parseOk, sample } from './_helpers';

test('REAL older table (instance_uuid, no events)', () => {
  const text = sample('event-show.real-older.table.txt');
  assert.ok(eventShow.sniff(text));
  const { value } = parseOk(eventShow, text, undefined, 'table');
  assert.equal(value, {
    requestId: 'req-ea1b0dfc-3186-42a9-84ff-c4f4fb130fae',
    instance: '344174b8-34fd-4017-ae29-b9084dcf3861',
    action: 'resize',
    startTime: '2019-12-02T19:15:35.000Z',
    message: 'Error',
    events: [],
    updatedAt: null,
  });
});

test('REAL events JSON (api-guide, -c events; tracebacks on one line as real JSON has them)', () => {
  const text = sample('event-show.real-events.json');
  // only the events column was asked for: no request/action, so it is not a whole event show
  parseFail(eventShow, text, 'unrecognised');
  const json = JSON.parse(text.slice(text.indexOf('{'))) as { events: unknown };
  const events = eventsOf(json.events, []);
  assert.is(events.length, 2);
  assert.is(events[0]!.event, 'cold_migrate');
  assert.is(events[0]!.result, 'Error');
  assert.is(events[0]!.host, null);
  assert.is(events[0]!.startTime, '2019-12-02T19:15:35.000Z');
  assert.is(events[0]!.finishTime, '2019-12-02T19:15:36.000Z');
  assert.ok(events[1]!.traceback!.endsWith('raise exception.NoValidHost(reason=msg)\n'));
});

test('ASSEMBLED modern table: one format_dict line per event', () => {
  const arg = fileArg(eventShow, 'openstack_server_event_show_0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60_req-3b77c1d2-5e6f-4a7b-8c9d-0e1f2a3b4c5d')!;
  const { value } = parseOk(eventShow, sample('event-show.assembled-modern.table.txt'), arg, 'table');
  assert.is(value.requestId, 'req-3b77c1d2-5e6f-4a7b-8c9d-0e1f2a3b4c5d');
  assert.is(value.instance, '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60', 'from the file name: modern OSC hides server_id');
  assert.is(value.action, 'live-migration');
  assert.is(value.message, 'Error');
  assert.is(value.updatedAt, '2025-06-02T14:02:54.000Z');
  assert.is(value.events.length, 5);
  assert.equal(value.events[0], {
    event: 'compute_pre_live_migration',
    result: 'Error',
    host: 'hv-02',
    startTime: '2025-06-02T14:02:41.000Z',
    finishTime: '2025-06-02T14:02:52.000Z',
    traceback: '  File "…/nova/compute/utils.py", line …',
    details: null,
  });
  assert.equal(value.events.map((e) => `${e.event}:${e.result}:${e.host}`), [
    'compute_pre_live_migration:Error:hv-02',
    'compute_live_migration:Success:hv-01',
    'compute_check_can_live_migrate_destination:Success:hv-02',
    'conductor_live_migrate_instance:Success:pcd-ctrl-0',
    'compute_rollback_live_migration_at_destination:Success:hv-02',
  ]);
  assert.is(value.events[1]!.traceback, null);
});

test('ASSEMBLED modern -f json', () => {
  const text = sample('event-show.assembled-modern.json');
  assert.ok(eventShow.sniff(text));
  const { value } = parseOk(eventShow, text, undefined, 'json');
  assert.is(value.instance, null, 'no server id in the output or the file name');
  assert.is(value.events.length, 3);
  assert.ok(value.events[0]!.traceback!.startsWith('  File "/usr/lib/python3/dist-packages/nova/compute/utils.py"'));
  assert.ok(value.events[0]!.traceback!.includes('\n'));
  assert.is(value.events[2]!.host, 'pcd-ctrl-0');
});

test('a multi-line traceback inside a table event line stays with its event', () => {
  const text = [
    '+------------+--------------------------------------------------------------------+',
    '| Field      | Value                                                              |',
    '+------------+--------------------------------------------------------------------+',
    '| action     | migrate                                                            |',
    "| events     | details=, event='compute_prep_resize', finish_time='2025-06-02T14:02:52.000000', host='hv-02', result='Error', start_time='2025-06-02T14:02:41.000000', traceback='  File \"x.py\", line 1, in f |",
    "|            |     raise exception.MigrationPreCheckError(reason=msg)                  |",
    "|            | '                                                                  |",
    "|            | details=, event='conductor_migrate_server', finish_time='2025-06-02T14:02:41.000000', host='ctl', result='Success', start_time='2025-06-02T14:02:40.000000', traceback= |",
    '| request_id | req-3b77c1d2-5e6f-4a7b-8c9d-0e1f2a3b4c5d                           |',
    '| start_time | 2025-06-02T14:02:40.000000                                         |',
    '+------------+--------------------------------------------------------------------+',
  ].join('\n');
  const { value } = parseOk(eventShow, text);
  assert.is(value.events.length, 2);
  // a table trims its cells: continuation lines of a traceback lose their indentation
  assert.is(value.events[0]!.traceback, '  File "x.py", line 1, in f\nraise exception.MigrationPreCheckError(reason=msg)\n');
  assert.is(value.events[1]!.event, 'conductor_migrate_server');
});

test('errors and empty', () => {
  parseFail(eventShow, '', 'empty');
  parseFail(eventShow, 'NotFoundException: 404: Client Error for url: http://ctl:8774/v2.1/servers/x/os-instance-actions/req-1, Action req-1 not found', 'error-output');
});

test.run();
