/** Red herrings must not tie to the migration: other instances, old errors, other requests. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tieOf } from '../../src/facts/relevance';
import { EventStore, type LogEvent } from '../../src/facts/events';
import { HostDirectory } from '../../src/facts/hosts';
import type { Facts } from '../../src/facts/build';
import type { Migration } from '../../src/facts/migration';

const INST = '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60';
const OTHER = '11111111-2222-4333-8444-555555555555';
const REQ = 'req-3b77c1d2-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const T0 = Date.parse('2026-11-20T10:02:40Z');

const facts = { events: new EventStore(), directory: new HostDirectory() } as unknown as Facts;
const mig: Migration = {
  key: 'k', instance: INST, record: null, type: 'live-migration', source: 'cmp-01', target: 'cmp-02',
  status: 'failed', rawStatus: 'failed', requestId: REQ, requestIdFrom: 'test', action: null,
  actionDetail: null, start: T0, end: T0 + 12_000, synthesizedFrom: null, refusal: null,
};

function ev(p: Partial<LogEvent>): LogEvent {
  return {
    seq: 0, file: 'f', host: 'cmp-01', component: 'nova-compute', line: 1, time: T0 + 5000, level: 'ERROR',
    logger: null, requestId: null, globalRequestId: null, instance: null, text: 'x', continuation: [], hits: new Map(), ...p,
  };
}

test('same request id ties fully, whatever the scope', () => {
  assert.equal(tieOf(facts, ev({ requestId: REQ }), mig, 'request'), { weight: 1, how: 'request' });
  assert.equal(tieOf(facts, ev({ globalRequestId: REQ, requestId: 'req-aaaaaaaa-0000-4000-8000-000000000000' }), mig, 'request')?.how, 'request');
});

test('another instance never ties at request or instance scope', () => {
  const e = ev({ requestId: 'req-99999999-0000-4000-8000-000000000000', instance: OTHER, text: `[instance: ${OTHER}] Live Migration failure` });
  assert.is(tieOf(facts, e, mig, 'request'), null);
  assert.is(tieOf(facts, e, mig, 'instance'), null);
  assert.is(tieOf(facts, e, mig, 'window'), null);
});

test('the instance named inside the window ties; two days earlier does not', () => {
  assert.is(tieOf(facts, ev({ instance: INST }), mig, 'instance')?.how, 'instance');
  assert.is(tieOf(facts, ev({ instance: INST, time: T0 - 2 * 86400_000 }), mig, 'instance'), null);
});

test('an earlier attempt of the same instance the same day ties weakly', () => {
  const t = tieOf(facts, ev({ instance: INST, time: T0 - 3600_000 }), mig, 'instance');
  assert.is(t?.how, 'earlier');
  assert.ok(t!.weight < 0.5, "weaker than a line in the window");
});

test('host lines tie at window scope only inside the window', () => {
  assert.is(tieOf(facts, ev({}), mig, 'window')?.how, 'window');
  assert.is(tieOf(facts, ev({ time: T0 - 3600_000 }), mig, 'window'), null);
  assert.is(tieOf(facts, ev({}), mig, 'instance'), null);
});

test.run();
