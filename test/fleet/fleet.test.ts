import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aggregate, dedupe, isoWeek } from '../../src/fleet/aggregate';
import { renderFleetHtml, renderFleetMarkdown } from '../../src/fleet/render';
import type { CaseRow } from '../../src/batch/row';

let n = 0;
function row(over: Partial<CaseRow>): CaseRow {
  n++;
  return {
    case: `case-${n}`,
    inputs: [{ name: `case-${n}.tar.gz`, location: `/uploads/case-${n}.tar.gz`, sha256: `${n}`.padStart(64, '0'), bytes: 10 }],
    sha256: `${n}`.padStart(64, '0'),
    analyzer: { version: '0.1.0', rules: 'r' },
    outcome: 'ok',
    instance: 'i',
    type: 'live-migration',
    status: 'failed',
    topCause: null,
    topCauseTitle: null,
    score: null,
    source: 'cmp-01',
    target: 'cmp-02',
    migratedAt: '2026-11-19T10:00:00Z',
    region: 'region-one',
    cluster: null,
    exitCode: 4,
    durationMs: 100,
    errors: [],
    report: `cases/case-${n}`,
    root: '/srv/batches/monday',
    by: 'batch',
    attempts: 1,
    finishedAt: '2026-11-20T00:00:00Z',
    ...over,
  };
}

test('ISO weeks: Monday starts the week; the Thursday decides the year', () => {
  assert.is(isoWeek('2026-01-01T12:00:00Z'), '2026-W01'); // a Thursday
  assert.is(isoWeek('2027-01-01T00:00:00Z'), '2026-W53'); // a Friday: still the last week of 2026
  assert.is(isoWeek('2024-12-30T00:00:00Z'), '2025-W01'); // a Monday in the first week of 2025
  assert.is(isoWeek('2026-11-22T23:59:59Z'), '2026-W47'); // Sunday ends the week
  assert.is(isoWeek('2026-11-23T00:00:00Z'), '2026-W48');
  assert.is(isoWeek(null), null);
  assert.is(isoWeek('not a date'), null);
});

test('fleet: counts and shares of failed cases, no known cause on its own line, groups by week/type/region/target', () => {
  const rows = [
    row({ topCause: 'libvirt-tls', topCauseTitle: 'TLS', exitCode: 3, target: 'cmp-09' }),
    row({ topCause: 'libvirt-tls', topCauseTitle: 'TLS', exitCode: 3, target: 'cmp-09', migratedAt: '2026-11-24T08:00:00Z', region: 'region-two', cluster: 'blue' }),
    row({ topCause: 'port-binding', topCauseTitle: 'Port', exitCode: 3, type: 'cold-migration', migratedAt: null }),
    row({ topCause: null, exitCode: 4 }),
    row({ status: 'succeeded', exitCode: 0 }),
    row({ outcome: 'error', status: 'error', exitCode: 1, errors: ['timed out after 600 s'], report: null }),
  ];
  const f = aggregate(rows, '/srv/fleet', ['monday']);
  assert.equal(f.totals, { cases: 6, analysed: 5, failed: 4, withCause: 3, noKnownCause: 1, notFailed: 1, errors: 1 });
  assert.equal(f.causes.map((c) => [c.cause, c.count, c.share]), [
    ['libvirt-tls', 2, 0.5],
    ['port-binding', 1, 0.25],
  ]);
  assert.is(f.failedNoKnownCause.count, 1);
  assert.is(f.failedNoKnownCause.share, 0.25);
  assert.is(f.causes[0]!.cases[0]!.link, '../batches/monday/cases/case-1/report.html');
  assert.equal(f.byWeek.map((g) => [g.key, g.failed]), [['2026-W47', 2], ['2026-W48', 1], ['date unknown', 1]]);
  assert.equal(f.byType.map((g) => [g.key, g.failed]), [['live-migration', 3], ['cold-migration', 1]]);
  assert.equal(f.byRegion.map((g) => [g.key, g.failed]), [['region-one', 3], ['region-two / blue', 1]]);
  assert.equal(f.byTargetHost.map((g) => [g.key, g.failed, g.causes, g.noKnownCause]), [
    ['cmp-02', 2, { 'port-binding': 1 }, 1],
    ['cmp-09', 2, { 'libvirt-tls': 2 }, 0],
  ]);
  assert.equal(f.errors, [{ case: 'case-6', reason: 'timed out after 600 s', link: null }]);
  // the sum over causes and the no-cause line is the number of failed cases
  assert.is(f.causes.reduce((s, c) => s + c.count, 0) + f.failedNoKnownCause.count, f.totals.failed);
});

test('fleet: the same inputs in two batches count once, the newer row wins', () => {
  const a = row({ topCause: 'libvirt-tls', finishedAt: '2026-11-20T00:00:00Z' });
  const b = { ...a, topCause: 'port-binding', finishedAt: '2026-11-21T00:00:00Z', root: '/srv/batches/tuesday' };
  const d = dedupe([a, b]);
  assert.is(d.length, 1);
  assert.is(d[0]!.topCause, 'port-binding');
});

test('fleet HTML: the report CSP, nothing loaded, every text escaped, only relative links', () => {
  const evil = '<img src=x onerror=alert(1)>';
  const rows = [
    row({ case: evil, topCause: 'libvirt-tls', topCauseTitle: `TLS ${evil}`, target: `"><script>x</script>`, region: evil }),
    row({ case: 'odd link', topCause: null, report: 'cases/a b#c' }),
  ];
  const f = aggregate(rows, '/srv/fleet', []);
  const html = renderFleetHtml(f);
  assert.ok(html.includes(`http-equiv="Content-Security-Policy" content="default-src 'none';`));
  assert.not.ok(html.includes('<img'), 'no raw tag from the data');
  assert.not.ok(html.includes('<script'), 'no script');
  assert.not.ok(/\b(src|href)=["']?(https?:|\/\/)/.test(html), 'nothing loaded or linked outside');
  assert.ok(html.includes('&#60;img src=x onerror=alert(1)&#62;'));
  assert.ok(html.includes('href="../batches/monday/cases/a%20b%23c/report.html"'));
  assert.ok(html.includes('failed, no known cause'));
  const md = renderFleetMarkdown(f);
  assert.not.ok(/(^|[^\\])<img/m.test(md), 'Markdown carries no unescaped HTML from the data');
  assert.ok(md.includes('\\<img src=x onerror=alert\\(1\\)\\>'));
  assert.ok(md.includes('**failed, no known cause**'));
});

test.run();
