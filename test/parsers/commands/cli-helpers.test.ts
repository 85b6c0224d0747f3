/** The shared openstack-client readers and value helpers (src/parsers/cli). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  asDict, asList, detectError, isoTime, parseFormatDict, parsePyRepr, readMany, readOne, readPrettyTable, subRecord,
} from '../../../src/parsers/cli';

test('isoTime: nova naive microseconds are UTC; Z and offsets are converted', () => {
  assert.is(isoTime('2019-10-25T20:13:51.000000'), '2019-10-25T20:13:51.000Z');
  assert.is(isoTime('2021-06-01T15:13:37Z'), '2021-06-01T15:13:37.000Z');
  assert.is(isoTime('2025-06-02 14:02:40.123456+02:00'), '2025-06-02T12:02:40.123Z');
  assert.is(isoTime('None'), null);
  assert.is(isoTime(''), null);
  assert.is(isoTime(null), null);
  assert.is(isoTime('yesterday'), null);
});

test('parsePyRepr: dicts, lists, u-prefixes, None/True/False, escapes; no evaluation', () => {
  assert.equal(parsePyRepr("{'code': 500, 'message': 'It\\'s gone', 'details': None, 'ok': True}"), { code: 500, message: "It's gone", details: null, ok: true });
  assert.equal(parsePyRepr("[u'node1', u'node2']"), ['node1', 'node2']);
  assert.equal(parsePyRepr("[{'id': 'a', 'n': -1.5}, ('x', 2)]"), [{ id: 'a', n: -1.5 }, ['x', 2]]);
  assert.equal(parsePyRepr("['avx2', 'ssbd', 'vmx', …]"), ['avx2', 'ssbd', 'vmx'], 'a human … truncation is dropped');
  assert.equal(parsePyRepr('"line\\nnext"'), 'line\nnext');
  assert.throws(() => parsePyRepr("__import__('os')"));
  assert.throws(() => parsePyRepr("{'a': 1"));
});

test('parseFormatDict: osc-lib format_dict with None, dotted keys, quotes and bracketed values', () => {
  const flat = parseFormatDict("description=, disk='20', extra_specs.hw:cpu_sockets='1', id='a1', is_public='True', name='it''s', swap='0'")!;
  assert.is(flat['description'], null);
  assert.is(flat['disk'], '20');
  assert.is(flat['extra_specs.hw:cpu_sockets'], '1');
  assert.is(flat['name'], "it''s");
  assert.equal(subRecord(flat, 'extra_specs'), { 'hw:cpu_sockets': '1' });
  // osc-lib quotes str(list): features='['a', 'b']'; the reference also shows it unquoted
  assert.equal(parseFormatDict("arch='x86_64', features='['avx2', 'vmx']', model='X'"), { arch: 'x86_64', features: "['avx2', 'vmx']", model: 'X' });
  assert.equal(parseFormatDict("arch='x86_64', features=['avx2', 'vmx', …], vendor='Intel'"), { arch: 'x86_64', features: "['avx2', 'vmx', …]", vendor: 'Intel' });
  assert.equal(parseFormatDict(''), {});
  assert.is(parseFormatDict('not a dict'), null);
});

test('asDict / asList accept every printed form', () => {
  assert.equal(asDict('{"a": 1}'), { a: 1 });
  assert.equal(asDict("{'a': 1}"), { a: 1 });
  assert.equal(asDict("ssd='true'"), { ssd: 'true' });
  assert.equal(asList("['a', 'b']"), ['a', 'b']);
  assert.equal(asList('hv-01, hv-02'), ['hv-01', 'hv-02']);
  assert.equal(asList(''), []);
  assert.is(asList('None'), null);
});

test('readPrettyTable: ShowOne continuation rows and a | inside a cell', () => {
  const t = readPrettyTable([
    '+-------+---------+',
    '| Field | Value   |',
    '+-------+---------+',
    '| a     | x | y   |',
    '| b     | line1   |',
    '|       | line2   |',
    '+-------+---------+',
  ])!;
  assert.equal(t.header, ['Field', 'Value']);
  assert.equal(t.rows, [['a', 'x | y'], ['b', 'line1\nline2']]);
});

test('readPrettyTable: a squeezed row with a | in its value keeps it in the last cell', () => {
  const t = readPrettyTable(['+---+---+', '| Field | Value |', '+---+---+', '| a | x | y |', '+---+---+'])!;
  assert.equal(t.rows, [['a', 'x | y']]);
});

test('readOne: JSON after a deprecation warning; trailing prompt ignored', () => {
  const r = readOne('This command is deprecated.\n{\n  "count": 3\n}\nroot@ctl:~# ');
  assert.ok(r.ok);
  if (r.ok) {
    assert.equal(r.value, { count: 3 });
    assert.is(r.format, 'json');
  }
});

test('readOne / readMany: yaml, and value rows with a free-text column', () => {
  const y = readOne('count: 3\nvcpus: 192\n');
  assert.ok(y.ok && y.format === 'yaml' && y.value['vcpus'] === 192);
  const ym = readMany('- Binary: nova-compute\n  Host: hv-01\n- Binary: nova-compute\n  Host: hv-02\n');
  assert.ok(ym.ok && ym.format === 'yaml' && ym.value.length === 2);
  const v = readMany('8e1a nova-compute hv-02 az1 disabled down 2025-06-02T17:41:12.000000 AUTO: Connection to libvirt lost: 1 False\n', {
    variants: [['ID', 'Binary', 'Host', 'Zone', 'Status', 'State', 'Updated At', 'Disabled Reason', 'Forced Down']],
    freeText: 'Disabled Reason',
  });
  assert.ok(v.ok);
  if (v.ok) {
    assert.is(v.format, 'value');
    assert.is(v.value[0]!['Disabled Reason'], 'AUTO: Connection to libvirt lost: 1');
    assert.is(v.value[0]!['Forced Down'], 'False');
  }
});

test('detectError: empty, OSC exceptions, auth, tracebacks, not-found; real output is not an error', () => {
  assert.equal(detectError('  \n\n'), { kind: 'empty', reason: 'the output file is empty' });
  const cases: [string, string][] = [
    ['ConflictException: 409: Client Error for url: http://10.0.0.58/compute/v2.1/servers/0ad7/action, Instance 0ad7 is not ready', 'ConflictException: 409'],
    ['HttpException: 500: Server Error for url: http://10.20.0.11:9696/v2.0/agents, Request Failed: internal server error while processing your request.', 'HttpException: 500'],
    ["No server with a name or ID of 'vm-x' exists.", 'No server with a name or ID'],
    ['Missing value auth-url required for auth plugin password', 'Missing value auth-url'],
    ['The request you have made requires authentication. (HTTP 401) (Request-ID: req-1)', 'requires authentication'],
    ['Policy doesn\'t allow os_compute_api:os-hypervisors:list-detail to be performed. (HTTP 403) (Request-ID: req-2)', 'HTTP 403'],
    ['bash: openstack: command not found', 'command not found'],
    ['Unauthorized (HTTP 401) (Request-ID: req-0a1b)', 'Unauthorized'],
    ['Forbidden (HTTP 403) (Request-ID: req-0a1c)', 'Forbidden'],
    ['ERROR (BadRequest): Compute service of node-1.domain.tld is still in use. (HTTP 400) (Request-ID: req-76152b04)', 'ERROR (BadRequest)'],
    ['Error: unable to connect', 'Error: unable'],
    ['Traceback (most recent call last):\n  File "/usr/bin/openstack", line 10, in <module>\n    sys.exit(main())\nkeystoneauth1.exceptions.http.Unauthorized: The request you have made requires authentication.', 'keystoneauth1.exceptions.http.Unauthorized'],
  ];
  for (const [text, reason] of cases) {
    const e = detectError(text);
    assert.ok(e && e.kind === 'error-output', `error-output for: ${text}`);
    assert.ok(e!.reason.includes(reason), `reason of ${text}: ${e!.reason}`);
  }
  assert.is(detectError('{\n "id": "x"\n}'), null);
  assert.is(detectError('+----+\n| ID |\n+----+'), null);
});

test.run();
