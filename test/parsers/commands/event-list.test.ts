/** event-list: openstack server event list (cli-formats.md §10). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventList } from '../../../src/parsers/commands/event-list';
import { fileArg, parseFail, parseOk, sample } from './_helpers';

test('REAL table (nova api-guide faults.rst)', () => {
  const text = sample('event-list.real.table.txt');
  assert.ok(eventList.sniff(text));
  const { value } = parseOk(eventList, text, undefined, 'table');
  assert.equal(value, [
    { requestId: 'req-ea1b0dfc-3186-42a9-84ff-c4f4fb130fae', instance: '344174b8-34fd-4017-ae29-b9084dcf3861', action: 'resize', startTime: '2019-12-02T19:15:35.000Z', message: null },
    { requestId: 'req-4cdc4c93-0668-4ae6-98c8-a0a5fcc63d39', instance: '344174b8-34fd-4017-ae29-b9084dcf3861', action: 'create', startTime: '2019-12-02T19:14:42.000Z', message: null },
  ]);
});

test('ASSEMBLED --long -f json: Message Error', () => {
  const { value } = parseOk(eventList, sample('event-list.assembled-long.json'), undefined, 'json');
  assert.is(value.length, 2);
  assert.equal(value[0], { requestId: 'req-3b77c1d2-…', instance: '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60', action: 'live-migration', startTime: '2025-06-02T14:02:40.000Z', message: 'Error' });
  assert.is(value[1]!.message, null);
});

test('legacy `nova instance-action-list` headers; the VM comes from the file name', () => {
  const text = [
    '+----------------+------------------------------------------+---------+----------------------------+',
    '| Action         | Request_ID                               | Message | Start_Time                 |',
    '+----------------+------------------------------------------+---------+----------------------------+',
    '| create         | req-4cdc4c93-0668-4ae6-98c8-a0a5fcc63d39 | -       | 2019-12-02T19:14:42.000000 |',
    '| live-migration | req-ea1b0dfc-3186-42a9-84ff-c4f4fb130fae | Error   | 2019-12-02T19:15:35.000000 |',
    '+----------------+------------------------------------------+---------+----------------------------+',
  ].join('\n');
  assert.ok(eventList.sniff(text));
  const vm = fileArg(eventList, 'openstack_server_event_list_344174b8-34fd-4017-ae29-b9084dcf3861')!;
  const { value } = parseOk(eventList, text, vm);
  assert.is(value[1]!.instance, '344174b8-34fd-4017-ae29-b9084dcf3861');
  assert.is(value[1]!.action, 'live-migration');
  assert.is(value[1]!.message, 'Error');
});

test('-f value rows', () => {
  const { value } = parseOk(eventList, 'req-1 344174b8-34fd-4017-ae29-b9084dcf3861 migrate 2019-12-02T19:15:35.000000\n', undefined, 'value');
  assert.equal(value[0], { requestId: 'req-1', instance: '344174b8-34fd-4017-ae29-b9084dcf3861', action: 'migrate', startTime: '2019-12-02T19:15:35.000Z', message: null });
});

test('errors and empty', () => {
  parseFail(eventList, '\n', 'empty');
  parseFail(eventList, "No server with a name or ID of 'vm-x' exists.", 'error-output');
});

test.run();
