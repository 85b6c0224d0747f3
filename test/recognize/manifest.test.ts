/** manifest.json reading: collect.sh's window notes and host aliases, old and odd values. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseManifest } from '../../src/recognize/manifest';

const base = { format: 'migration-bundle/1', mode: 'host', host: 'hv-02.example.net' };

test('a log cut to the window: lines before and after the cut, the source file\'s first and last time', () => {
  const r = parseManifest(JSON.stringify({
    ...base,
    window: { since: '2025-06-09T00:00:00Z', until: '2025-06-10T00:00:00Z' },
    hostAliases: ['hv-02.example.net', 'hv-02', 'HV-02'],
    files: [{ path: 'hosts/hv-02.example.net/var/log/pf9/ostackhost.log', source: '/var/log/pf9/ostackhost.log', bytes: 0, truncated: false, cutToWindow: { linesBefore: 3, linesAfter: 0, sourceFirst: '2025-06-02 14:00:00', sourceLast: '2025-06-02 14:02:41' }, lines: 0, firstTime: null, lastTime: null }],
  }));
  assert.ok(r.ok);
  if (!r.ok) return;
  const f = r.value.files![0]!;
  assert.equal(f.cutToWindow, { linesBefore: 3, linesAfter: 0, sourceFirst: '2025-06-02 14:00:00', sourceLast: '2025-06-02 14:02:41' });
  assert.is(f.lines, 0);
  assert.equal(r.value.hostAliases, ['hv-02.example.net', 'hv-02', 'HV-02']);
});

test('host mode without --since: window.since is null; older collectors wrote cutToWindow true', () => {
  const r = parseManifest(JSON.stringify({ ...base, window: { since: null, until: '2025-06-09T00:00:00Z' }, files: [{ path: 'a.log', cutToWindow: true }] }));
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.is(r.value.window?.since, null);
  assert.is(r.value.files![0]!.cutToWindow, true);
});

test('odd values in the new fields cost only those fields, never the manifest', () => {
  const r = parseManifest(JSON.stringify({ ...base, hostAliases: 'hv-02', peers: [1, 2], files: [{ path: 'a.log', cutToWindow: 'yes', lines: 'many', firstTime: 5 }] }));
  assert.ok(r.ok, r.ok ? '' : r.reason);
  if (!r.ok) return;
  assert.is(r.value.hostAliases, null);
  assert.is(r.value.peers, null);
  assert.is(r.value.files![0]!.cutToWindow, null);
  assert.is(r.value.files![0]!.lines, null);
  assert.is(r.value.host, 'hv-02.example.net');
});

test.run();
