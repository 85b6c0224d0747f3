/** The HTML model: bundle text made visible, long lines shortened around the match, the timeline axis. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildHtmlModel, groupNotChecked, lineWindow, shownLine, visible } from '../../src/report/model-html';
import { renderHtml } from '../../src/report/render';
import type { ReportJson } from '../../src/report/schema';

test('visible: control characters in caret notation, bidi overrides by code point', () => {
  assert.is(visible('a\u001b[31mb\u0007\tc\n'), 'a^[[31mb^G\tc\n');
  assert.is(visible('x\u202ey'), 'x<U+202E>y');
  assert.is(visible('\u007f\u0085'), '^?<U+0085>');
});

test('shownLine: short lines whole, long lines keep their start and the match', () => {
  assert.equal(shownLine('abc MATCH def', 'MATCH').segments, [
    { text: 'abc ', hit: false },
    { text: 'MATCH', hit: true },
    { text: ' def', hit: false },
  ]);
  const long = `2026-11-19 22:07:48.704 ERROR nova ${'x'.repeat(5000)} THE MATCH ${'y'.repeat(5000)}`;
  const s = shownLine(long, 'THE MATCH', 1200);
  assert.ok(s.clipped);
  const text = s.segments.map((x) => x.text).join('');
  assert.ok(text.startsWith('2026-11-19 22:07:48.704 ERROR'), 'the start of the line stays');
  assert.ok(s.segments.some((x) => x.hit && x.text === 'THE MATCH'), 'the match is highlighted');
  assert.ok(text.length < 1400, String(text.length));
  assert.match(text, /more characters\]$/);
  const w = lineWindow(long, 'THE MATCH', 400);
  assert.ok(w.hasMatch && w.to - w.from + w.head.length <= 400);
});

test('groupNotChecked: one group per command, in first-seen order', () => {
  const g = groupNotChecked([
    { check: 'a: A', missing: 'm1', collect: 'cmd 1' },
    { check: 'b: B', missing: 'm2', collect: 'cmd 2' },
    { check: 'c: C', missing: 'm3', collect: 'cmd 1 ' },
  ]);
  assert.equal(g.map((x) => [x.collect, x.items.length]), [['cmd 1', 2], ['cmd 2', 1]]);
});

function report(events: { time: string; kind: string; lane: string }[]): ReportJson {
  return {
    schemaVersion: 1,
    tool: { name: 'migration-doctor', version: '0.0.0' },
    generatedAt: '2026-12-01T00:00:00.000Z',
    inputs: ['b'],
    nothingDiagnosable: null,
    migrations: [
      {
        instance: 'vm-1', type: 'live-migration', source: 'cmp-1', target: 'cmp-2', status: 'failed', requestId: null, failedStage: 'transfer',
        causes: [], warnings: [], instanceName: null, instanceStatus: null, rawStatus: null, migrationId: null, createdAt: '2026-11-19T22:07:45.000Z',
        updatedAt: null, requestIdFrom: null, failedStageWhy: null, note: null, fault: null,
        timeline: { stages: [], events: events.map((e) => ({ ...e, stage: 'transfer', label: `${e.kind} <b>`, file: null, line: null, text: 'x' })), orderNote: null },
        checks: [], capacity: null, cpu: null,
        certificates: [
          { host: 'cmp-2', role: 'target', file: 'servercert', subjectCN: 'cmp-2', issuerCN: 'CA', notBefore: '2025-11-14T00:00:00.000Z', notAfter: '2026-11-14T00:00:00.000Z', sans: [] },
        ],
      },
    ],
    notChecked: [], inventory: [], collectorErrors: [],
    stats: { entries: 0, logLines: 0, logBytes: 0, eventsKept: 0, eventsDropped: 0, requestsSeen: 0, rulesLoaded: 0, redactions: 0 },
  };
}

test('timeline: lanes by host role, round ticks, the failure marked', () => {
  const m = buildHtmlModel(report([
    { time: '2026-11-19T22:07:45.000Z', kind: 'reached', lane: 'nova-api' },
    { time: '2026-11-19T22:07:46.500Z', kind: 'reached', lane: 'nova-compute @ cmp-2' },
    { time: '2026-11-19T22:07:47.000Z', kind: 'reached', lane: 'nova-compute @ cmp-1.example.net' },
    { time: '2026-11-19T22:07:48.704Z', kind: 'failed', lane: 'nova-compute @ cmp-1.example.net' },
  ]));
  const tl = m.lead!.timeline;
  assert.equal(tl.lanes.map((l) => [l.component, l.role]), [['nova-api', null], ['nova-compute', 'source'], ['nova-compute', 'target']]);
  assert.ok(tl.ticks.length >= 3 && tl.ticks.length <= 9, String(tl.ticks.length));
  assert.ok(tl.ticks.every((t) => /^\d\d:\d\d:\d\d/.test(t.label) && t.left >= 0 && t.left <= 100));
  assert.is(tl.failure?.time, '22:07:48.704');
  const certs = m.lead!.certs!;
  assert.is(certs.rows[0]!.cls, 'bad');
  assert.match(certs.rows[0]!.state, /expired 5\.9 days before/);
  const html = renderHtml(report([{ time: '2026-11-19T22:07:45.000Z', kind: 'failed', lane: 'x' }, { time: '2026-11-19T22:07:46.000Z', kind: 'reached', lane: 'y' }]));
  assert.not.ok(html.includes('<b>'), 'labels are escaped');
  assert.ok(html.includes('failed &lt;b&gt;'));
});

test.run();
