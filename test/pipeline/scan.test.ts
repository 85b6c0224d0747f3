/**
 * The log scan reads most lines as bytes, in a worker thread for large bundles, with a compact
 * request index: none of that may change what it finds. Each test compares with the plain way
 * (the prefilter regex, `quickTime` on a string, a line-by-line scan on decoded strings into the
 * base EventStore, the scan in the main thread). No timing here: speed is `npm run bench`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { forEachLine } from '../../src/parsers/logs/lines';
import { parserForComponent } from '../../src/parsers/logs';
import type { LogRecord } from '../../src/parsers/types';
import { EventStore, MAX_LINE_CHARS, MAX_REQUESTS, type LogEvent } from '../../src/facts/events';
import { LiteralSet, MatcherRegistry, escapeRegExp, testMatcher } from '../../src/rules/matchers';
import type { Component } from '../../src/rules/schema';
import { loadRules } from '../../src/rules/load';
import { analyze, buildRegistry } from '../../src/pipeline/analyze';
import { lineTimeAnyShape, quickTime, quickTimeBytes, scanLog } from '../../src/pipeline/scan';
import { ScanStore } from '../../src/pipeline/store';
import { ScanThread } from '../../src/pipeline/scan-thread';

let seed = 20261120;
const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const hex8 = (): string => Math.floor(rnd() * 0x100000000).toString(16).padStart(8, '0');
const uuid = (): string => {
  const a = hex8();
  const b = hex8();
  const c = hex8();
  return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-8${c.slice(1, 4)}-${c.slice(4)}${hex8()}`;
};

test('LiteralSet says what the prefilter regex says, and finds every literal', () => {
  const alpha = 'abcde fgh.-:/[]';
  const word = (n: number): string => Array.from({ length: n }, () => pick([...alpha])).join('');
  for (let round = 0; round < 400; round++) {
    const lits = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 25) }, () => word(1 + Math.floor(rnd() * (rnd() < 0.5 ? 4 : 14)))))];
    // half of the sets have no literal shorter than 4 bytes (Wu-Manber), the others some (automaton)
    if (round % 2) for (let i = 0; i < lits.length; i++) if (lits[i]!.length < 4) lits[i] = `${lits[i]}wxyz`;
    const set = new LiteralSet(lits);
    const re = new RegExp(lits.map(escapeRegExp).join('|'));
    for (let k = 0; k < 20; k++) {
      let text = word(Math.floor(rnd() * 90));
      if (rnd() < 0.5) {
        const l = pick(lits);
        const at = Math.floor(rnd() * (text.length + 1));
        text = text.slice(0, at) + l.slice(0, rnd() < 0.3 ? -1 : undefined) + text.slice(at);
      }
      const buf = Buffer.from(`QQ${text}QQ`);
      assert.is(set.test(buf, 2, 2 + text.length), re.test(text), `${JSON.stringify(lits)} in ${JSON.stringify(text)}`);
      const flags = new Uint8Array(lits.length);
      set.present(buf, 2, 2 + text.length, flags);
      assert.equal([...flags].map(Boolean), lits.map((l) => text.includes(l)), `present: ${JSON.stringify(text)}`);
    }
  }
});

test('quickTimeBytes reads a line start as quickTime reads the string', () => {
  const base = ['2026-11-20 09:14:42.751 x', '2026-11-20T09:14:42,751Z', '0099-01-01 00:00:00.000', '2026-13-40 99:99:99.999', '2026-11-20 09:14:42', '2026-11-20 09:14:4', '2026-11-20 09:14:42.7a9 ', 'x'];
  const chars = '0123456789-: .,TZa';
  for (let i = 0; i < 20000; i++) {
    let l = pick(base);
    if (rnd() < 0.5) {
      const a = [...l];
      a[Math.floor(rnd() * a.length)] = pick([...chars]);
      l = a.join('');
    }
    if (rnd() < 0.2) l = l.slice(0, Math.floor(rnd() * l.length));
    const b = Buffer.from(`##${l}##`);
    assert.is(quickTimeBytes(b, 2, 2 + l.length), quickTime(l), JSON.stringify(l));
  }
});

/**
 * The scan as it was written first, on decoded lines: the reference for the byte-level scan (same
 * request index, continuation and prefilter rules).
 */
async function referenceScan(data: Buffer, component: Component, host: string | null, registry: MatcherRegistry, store: EventStore, max: number) {
  const REQ = /req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
  const parser = parserForComponent(component);
  const cm = registry.forComponent(component);
  const summary = { file: 'f', host, component, lines: 0, bytes: 0, cutLines: 0, binaryLines: 0, unparsedLines: 0, first: null as number | null, last: null as number | null };
  let open: LogEvent | null = null;
  let openRecord: LogRecord | null = null;
  let lastTime: number | null = null;
  let col0 = false;
  const cont = (rec: LogRecord, o: LogRecord) => rec.requestId === null && o.pid !== null && rec.pid === o.pid && rec.time === o.time && rec.level === o.level && rec.message !== o.message;
  const stats = await forEachLine(chunked(data), max, (line, lineNo) => {
    // prefixes are peeled only in a file not stamped at column 0 (the scan's rule)
    const t0 = lineTimeAnyShape(line, !col0);
    if (quickTime(line) !== null) col0 = true;
    if (t0 !== null) {
      lastTime = t0;
      if (summary.first === null) summary.first = t0;
      summary.last = t0;
    }
    if (line.includes('req-')) {
      const ids = line.match(REQ);
      if (ids) {
        const t = lineTimeAnyShape(line, !col0) ?? lastTime;
        const local = ids.length > 1 ? ids[1]! : ids[0]!;
        const global = ids.length > 1 ? ids[0]! : null;
        store.sightRequest(local, global, t, component, host);
        if (global) store.sightRequest(global, null, t, component, host);
      }
    }
    if (open) {
      const rec = parser.parseLine(line, lineNo);
      if (!rec || cont(rec, openRecord!)) {
        if (open.continuation.length < 12) open.continuation.push(line.slice(0, MAX_LINE_CHARS));
        // the continuation's own text may complete the event's hits
        if (cm.prefilter && cm.prefilter.test(line)) {
          for (const m of cm.matchers) {
            if (open.hits.has(m.id)) continue;
            const g = testMatcher(m, line, open.level);
            if (g) open.hits.set(m.id, g);
          }
        }
        return;
      }
      open = null;
      openRecord = null;
    }
    if (!cm.prefilter || !cm.prefilter.test(line)) return;
    const rec = parser.parseLine(line, lineNo);
    let hits: Map<number, Record<string, string>> | null = null;
    for (const m of cm.matchers) {
      const g = testMatcher(m, line, rec?.level ?? null);
      if (g) (hits ??= new Map()).set(m.id, g);
    }
    if (!hits) return;
    const time = rec?.time ?? null;
    if (time !== null) lastTime = time;
    const ev = store.add({
      file: 'f',
      host,
      component,
      line: lineNo,
      time: time ?? lastTime,
      level: rec?.level ?? null,
      logger: rec?.logger ?? null,
      requestId: rec?.requestId ?? null,
      globalRequestId: rec?.globalRequestId ?? null,
      instance: rec?.instance ?? null,
      text: line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line,
      continuation: [],
      hits,
    });
    if (ev && rec) {
      open = ev;
      openRecord = rec;
    }
  });
  return { ...summary, lines: stats.lines, bytes: stats.bytes, cutLines: stats.cutLines, binaryLines: stats.binaryLines };
}

async function* chunked(data: Buffer, small = 0.2): AsyncGenerator<Buffer> {
  let p = 0;
  while (p < data.length) {
    const n = 1 + Math.floor(rnd() * (rnd() < small ? 64 : 50_000));
    yield Buffer.from(data.subarray(p, p + n));
    p += n;
  }
}

function storeJson(s: EventStore): string {
  return JSON.stringify({
    events: s.events.map((e) => ({ ...e, hits: [...e.hits] })),
    requests: [...s.requests.entries()].map(([k, v]) => [k, { ...v, components: [...v.components], hosts: [...v.hosts], related: [...v.related] }]),
    dropped: [s.droppedEvents, s.droppedRequests, s.requests.size],
  });
}

const HOST = 'pcd-cmp-04';
const ts = (i: number): string => new Date(Date.UTC(2026, 10, 20, 9, 0, 0) + i * 37).toISOString().replace('T', ' ').slice(0, 23);

/** Log lines of several formats, with the odd ones: NUL, non-ASCII, CRLF, cut, ids in the text, tracebacks. */
function logLines(n: number, component: Component, kinds = [0, 1, 2, 3, 4, 5, 6, 7, 8]): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const req = `req-${uuid()}`;
    const inst = uuid();
    let l: string;
    switch (pick(kinds)) {
      case 0:
        l = `${ts(i)} 4121 DEBUG oslo_service.periodic_task [None ${req} - - - - - -] Running periodic task ComputeManager._poll_volume_usage run_periodic_tasks /opt/pf9/pf9-ostackhost/lib/python3.9/site-packages/oslo_service/periodic_task.py:210`;
        break;
      case 1:
        l = `${ts(i)} 38 INFO placement.requestlog [req-${uuid()} ${req} 5c4b 1e0d - - default default] 10.20.0.16 "PUT /allocations/${inst}" status: ${rnd() < 0.5 ? 204 : 409} len: 0 microversion: 1.36`;
        break;
      case 2:
        l = `${ts(i)} 4121 ERROR nova.virt.libvirt.driver [None ${req} u p - - default default] [instance: ${inst}] Live Migration failure: operation failed: Failed to connect to remote libvirt URI qemu+tls://pcd-cmp-05/system: unable to connect to server at 'pcd-cmp-05:16514': Connection refused: libvirt.libvirtError: unable to connect`;
        out.push(l);
        l = `${ts(i)} 4121 ERROR nova.virt.libvirt.driver Traceback (most recent call last):\n${ts(i)} 4121 ERROR nova.virt.libvirt.driver   File "x.py", line 1, in f\n${ts(i)} 4121 ERROR nova.virt.libvirt.driver libvirt.libvirtError: unable to connect`;
        break;
      case 3:
        l = `${ts(i)} 17 DEBUG nova.filters [None ${req} u p - - default default] Filter ComputeFilter returned ${Math.floor(rnd() * 3)} hosts get_filtered_objects /x/nova/filters.py:102`;
        break;
      case 4:
        l = `${ts(i)}+0000: 1759: error : virNetSocketNewConnectTCP:1152 : unable to connect to server at 'pcd-cmp-05:16514': Connection refused`;
        break;
      case 5:
        l = `${ts(i)} 23 INFO nova.osapi_compute.wsgi.server [None ${req} u p - - default default] 10.0.0.1 "POST /v2.1/p/servers/${inst}/action HTTP/1.1" status: 202 len: 0 time: 0.4 Request-ID: req-${uuid()} ${rnd() < 0.5 ? `req-${uuid()}` : ''}`;
        break;
      case 6:
        l = `${ts(i)} 4121 INFO nova.compute.manager [-] [instance: ${inst}] Took 2.31 seconds for pre_live_migration on destination host hv-02.`;
        break;
      case 7:
        l = `   continued text ${rnd() < 0.5 ? req : ''}`;
        break;
      default:
        l = `${ts(i)} 4121 WARNING nova.compute.manager [${req} ${req} u p - default default] [instance: ${inst}] Received unexpected event network-vif-plugged for instance`;
    }
    const r = rnd();
    if (r < 0.03) l = l.replace(' ', '\0\0');
    else if (r < 0.06) l += ' é ü — ☃';
    else if (r < 0.08) l += '\r';
    else if (r < 0.1) l += ` ${'x'.repeat(3000)}`;
    else if (r < 0.11) l = String.fromCharCode(...Array.from({ length: 30 }, () => Math.floor(rnd() * 256)));
    else if (r < 0.12) l = l.replace(/req-[0-9a-f]{8}/, 'req-zzzzzzzz');
    else if (r < 0.13) l = '';
    out.push(component === 'libvirtd' ? l.replace(/^\S+ \S+ \d+ /, '') : l);
  }
  return out;
}

test('the byte-level scan finds what a scan of decoded lines finds (both stores)', async () => {
  const rules = loadRules().rules;
  for (const component of ['nova-compute', 'placement-api', 'nova-scheduler', 'nova-api', 'libvirtd'] as Component[]) {
    for (const max of [1024 * 1024, 900]) {
      const data = Buffer.from(logLines(2500, component).join('\n'));
      const ref = new EventStore();
      const a = await referenceScan(data, component, HOST, buildRegistry(rules), ref, max);
      for (const store of [new EventStore(), new ScanStore()]) {
        const b = await scanLog(chunked(data), { file: 'f', host: HOST, component, registry: buildRegistry(rules), store, maxLineBytes: max });
        assert.equal(b, a, `${component} summary`);
        assert.is(storeJson(store), storeJson(ref), `${component} ${store.constructor.name}`);
        for (let id = 0; id < 40; id++) assert.equal(store.byMatcher(id).map((e) => e.seq), ref.byMatcher(id).map((e) => e.seq));
      }
      if (max === 900) {
        // in the worker: with the prefilter's answers found by this thread (cut lines included),
        // and without
        for (const hintBacklog of [0, Infinity]) {
          const store = new ScanStore();
          const registry = buildRegistry(rules);
          const thread = new ScanThread(registry, store, { hintBacklog });
          let b: unknown = null;
          await thread.send(chunked(data), { file: 'f', host: HOST, component, registry, store, maxLineBytes: max }, (o) => (b = o.summary));
          thread.stop();
          assert.equal(b, a, `${component} summary (worker, hints from ${hintBacklog})`);
          assert.is(storeJson(store), storeJson(ref), `${component} worker, hints from ${hintBacklog}`);
        }
      }
    }
  }
});

test('past MAX_REQUESTS, in this thread or in the worker (restarted midway), the store is the same', async () => {
  const rules = loadRules().rules;
  const files: { component: Component; data: Buffer }[] = [];
  // placement lines carry two new ids, periodic tasks one: about 1.5 per line
  const perFile = Math.ceil((MAX_REQUESTS * 1.1) / 3 / 1.5);
  for (let f = 0; f < 3; f++) {
    const component = (['placement-api', 'nova-compute', 'nova-api'] as Component[])[f]!;
    files.push({ component, data: Buffer.from(logLines(perFile, component, [0, 1, 1, 5]).join('\n')) });
  }
  const ref = new EventStore();
  const inThread = new ScanStore();
  const viaWorker = new ScanStore();
  const thread = new ScanThread(buildRegistry(rules), viaWorker, { hintBacklog: 0 });
  const sums: [string[], string[], string[]] = [[], [], []];
  let k = 0;
  for (const f of files) {
    const opts = { file: `f${k}`, host: k % 2 ? HOST : null, component: f.component, maxLineBytes: 1024 * 1024 };
    sums[0].push(JSON.stringify(await scanLog(chunked(f.data, 0), { ...opts, registry: buildRegistry(rules), store: ref })));
    sums[1].push(JSON.stringify(await scanLog(chunked(f.data, 0), { ...opts, registry: buildRegistry(rules), store: inThread })));
    if (k === 1) {
      // the worker ends (as when idle) and a new one starts from the main thread's store
      thread.stop();
    }
    await thread.send(chunked(f.data, 0), { ...opts, registry: buildRegistry(rules), store: viaWorker }, (o) => sums[2].push(JSON.stringify(o.summary)));
    k++;
  }
  thread.stop();
  assert.ok(ref.droppedRequests > 0, 'the cap was reached');
  // (the whole index as JSON would take long: its keys in order, and every 50th sighting)
  const refKeys = [...ref.requests.keys()];
  const sample = (s: EventStore): string =>
    JSON.stringify(refKeys.filter((_, i) => i % 50 === 0).map((k) => {
      const v = s.requests.get(k)!;
      return { ...v, components: [...v.components], hosts: [...v.hosts], related: [...v.related] };
    }));
  const events = (s: EventStore): string => JSON.stringify(s.events.map((e) => ({ ...e, hits: [...e.hits] })));
  for (const s of [inThread, viaWorker]) {
    assert.equal([s.requests.size, s.droppedRequests, s.droppedEvents], [ref.requests.size, ref.droppedRequests, ref.droppedEvents]);
    assert.ok([...s.requests.keys()].every((k, i) => k === refKeys[i]), 'same requests, same order');
    assert.is(sample(s), sample(ref));
    assert.is(events(s), events(ref));
  }
  assert.equal(sums[1], sums[0]);
  assert.equal(sums[2], sums[0]);
});

test('a bundle gives the same report with its logs scanned in the worker', async () => {
  const rules = loadRules().rules;
  const dir = path.resolve(__dirname, '..', '..', 'bundles', 'libvirt-tls-port-refused');
  const now = new Date('2026-11-27T00:00:00Z');
  const before = process.env.MIGRATION_DOCTOR_SCAN_WORKER;
  try {
    process.env.MIGRATION_DOCTOR_SCAN_WORKER = '0';
    const a = await analyze({ inputs: [dir], rules, now });
    process.env.MIGRATION_DOCTOR_SCAN_WORKER = '1';
    const b = await analyze({ inputs: [dir], rules, now });
    assert.equal(b.report, a.report);
    assert.ok(a.report.stats.requestsSeen > 0);
  } finally {
    if (before === undefined) delete process.env.MIGRATION_DOCTOR_SCAN_WORKER;
    else process.env.MIGRATION_DOCTOR_SCAN_WORKER = before;
  }
});

test.run();
