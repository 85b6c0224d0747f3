/**
 * Class 8 of the hostile-upload list: bundle text reaches a person escaped and bounded. On the
 * terminal (summary, --json, error lines) no control character, escape sequence or bidi override
 * arrives raw; in report.md nothing from the bundle opens a heading, a table row, a link, a mention
 * or an HTML block, also when filled into remediation text; a megabyte-long name is shortened.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fill } from '../../src/rules/placeholders';
import { mdRemediation } from '../../src/report/markdown';
import { safeJson, shortenDeep, terminalText, MAX_NAME_CHARS } from '../../src/report/safe-text';
import { buildHostileBundle } from '../report/_hostile';
import { cli } from '../helpers/cli';

/** raw characters that must never reach a terminal from the bundle */
const RAW_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
const NAME = `kafka\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007\u202eevil\u0085\u009b31m @everyone ![i](https://evil.example/i.png) <img src=x> ${'N'.repeat(1 << 20)}`;

/** report.md without its fenced code blocks (whose content is shown as it is, inert) */
function outsideFences(md: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of md.split('\n')) {
    const f = /^(`{3,})/.exec(line)?.[1];
    if (fence) {
      if (f && f.length >= fence.length && line.trim() === f) fence = null;
      continue;
    }
    if (f) fence = f;
    else out.push(line);
  }
  return out.join('\n');
}

test('terminalText shows controls, bidi overrides and newlines escaped, on one bounded line', () => {
  const t = terminalText('a\nb\r\u001b[2J\u009b\u202e\u2066c' + 'x'.repeat(5000), 100);
  assert.not.match(t, RAW_UNSAFE);
  assert.ok(t.startsWith('a\\nb\\r\\x1b[2J\\x9b\\u202e\\u2066c'));
  assert.ok(t.length < 200);
});

test('safeJson escapes C1 and bidi characters and parses back to the same value', () => {
  const v = { s: 'x\u0085\u009b\u202e\u2028y\u001b' };
  const j = safeJson(JSON.stringify(v));
  assert.not.match(j, RAW_UNSAFE);
  assert.equal(JSON.parse(j), v);
});

test('a value filled into remediation Markdown opens no heading, table, link, mention or HTML', () => {
  const host = 'cmp-02\n# Heading\n| a | b |\n|---|---|\n<div>x</div> @everyone https://evil.example/x ![i](http://e/i.png) [l](http://e) `code';
  const md = mdRemediation(fill('Check the host {{host}} now.\n\n```sh\nopenstack compute service list --host {{host}}\n```', { host })).join('\n');
  const prose = md.split('```')[0]!;
  assert.not.match(md, /^\s{0,3}#/m, 'no heading');
  assert.not.match(md, /^\|/m, 'no table row');
  assert.not.match(prose, /<div>/, 'no HTML');
  assert.not.match(prose, /(?<!`)https:\/\/evil/, 'URL only inside a code span');
  assert.not.match(prose, /(?<![`\w])@everyone/, 'mention only inside a code span');
  assert.not.match(prose, /!\[i\]\(/, 'no image');
  assert.ok(md.includes('openstack compute service list --host cmp-02 # Heading'), md);
});

test('shortenDeep bounds names and texts, after masking', () => {
  const out = shortenDeep({ host: 'h'.repeat(1 << 20), text: 't'.repeat(1 << 20), list: ['n'.repeat(5000)] });
  assert.ok(out.host.length < MAX_NAME_CHARS + 64);
  assert.ok(out.text.length < 17 * 1024);
  assert.ok(out.list[0]!.length < MAX_NAME_CHARS + 64);
  assert.match(out.host, /more characters\]$/);
});

test('a hostile bundle: terminal summary, --json and report.md stay inert and bounded', () => {
  const dir = buildHostileBundle();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'md-display-out-'));
  try {
    const show = path.join(dir, 'commands', 'openstack_server_show_5d7f9b1e-3c5a-4e7b-9d1f-2a4c6e8b0d13.txt');
    // the libvirt instance name is the name the report shows for the instance
    const text = fs.readFileSync(show, 'utf8').replace(/^\| OS-EXT-SRV-ATTR:instance_name +\| instance-00000117 +\|$/m, `| OS-EXT-SRV-ATTR:instance_name | ${NAME} |`);
    assert.ok(text.includes('@everyone'), 'the hostile name is planted');
    fs.writeFileSync(show, text);
    const t0 = Date.now();
    const sum = cli(['analyze', dir, '--out', out]);
    assert.ok(Date.now() - t0 < 20_000, 'within the budget');
    assert.is(sum.code, 3, sum.stderr);
    assert.not.match(sum.stdout + sum.stderr, RAW_UNSAFE);
    assert.match(sum.stdout, /Most likely cause: libvirt-tls/);
    for (const line of sum.stdout.split('\n')) assert.ok(line.length < 2500, `a terminal line of ${line.length} chars`);

    const js = cli(['analyze', dir, '--out', out, '--json']);
    assert.not.match(js.stdout, RAW_UNSAFE);
    const report = JSON.parse(js.stdout);
    assert.is(report.migrations[0].causes[0].id, 'libvirt-tls');
    const name: string = report.migrations[0].instanceName;
    assert.ok(name.startsWith('kafka'), name.slice(0, 40));
    assert.ok(name.length < MAX_NAME_CHARS + 64, 'the megabyte name is shortened');

    const md = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
    assert.not.match(md, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    assert.ok(md.includes('kafka'), 'the planted name is in report.md');
    const prose = outsideFences(md);
    assert.not.match(prose, /(?<![`\w])@everyone/);
    assert.not.match(prose, /(?<![\\`])!\[i\]/);
    assert.not.match(prose, /<img/);
    assert.is(fs.readdirSync(out).sort().join(','), 'report.html,report.json,report.md', 'nothing else written');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test.run();
