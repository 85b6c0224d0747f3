/** port-check: reachability of a peer's TCP 16514 (nc, ncat, bash /dev/tcp wrappers). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { portCheck } from '../../../src/parsers/commands/port-check';
import { fileArg, parseFail, parseOk } from './_helpers';

const check = (text: string, peer = 'hv-02') => parseOk(portCheck, text, peer).value;

test('file name captures the peer (DNS name or Platform9 host id kept as written)', () => {
  assert.is(fileArg(portCheck, 'port_16514_hv-02.example.net'), 'hv-02.example.net');
  assert.is(fileArg(portCheck, 'port_16514_xyzxyzxy-abd5-48d3-990b-399cae5ae911'), 'xyzxyzxy-abd5-48d3-990b-399cae5ae911');
});

test('OpenBSD nc: succeeded / refused / timed out / name not known', () => {
  const open = 'Connection to hv-02 16514 port [tcp/*] succeeded!\n';
  assert.ok(portCheck.sniff(open));
  assert.equal(check(open), { peer: 'hv-02', port: 16514, open: true, detail: null });
  assert.equal(check('Connection to hv-02 (10.0.0.2) 16514 port [tcp/*] succeeded!'), { peer: 'hv-02', port: 16514, open: true, detail: null });
  assert.equal(check('nc: connect to hv-02 port 16514 (tcp) failed: Connection refused\n'), { peer: 'hv-02', port: 16514, open: false, detail: 'Connection refused' });
  assert.equal(check('nc: connect to hv-02 port 16514 (tcp) timed out: Operation now in progress\n'), { peer: 'hv-02', port: 16514, open: false, detail: 'timed out' });
  assert.equal(check('nc: getaddrinfo for host "hv-02" port 16514: Name or service not known\n'), { peer: 'hv-02', port: 16514, open: false, detail: 'Name or service not known' });
});

test('nmap ncat: connected / refused / TIMEOUT', () => {
  assert.equal(check('Ncat: Version 7.92 ( https://nmap.org/ncat )\nNcat: Connected to 10.0.0.2:16514.\nNcat: 0 bytes sent, 0 bytes received in 0.01 seconds.\n'), { peer: 'hv-02', port: 16514, open: true, detail: null });
  assert.equal(check('Ncat: Version 7.92 ( https://nmap.org/ncat )\nNcat: Connection refused.\n'), { peer: 'hv-02', port: 16514, open: false, detail: 'Connection refused' });
  assert.equal(check('Ncat: Version 7.92 ( https://nmap.org/ncat )\nNcat: TIMEOUT.\n'), { peer: 'hv-02', port: 16514, open: false, detail: 'timed out' });
});

test('bash /dev/tcp wrappers', () => {
  assert.equal(check('open\n'), { peer: 'hv-02', port: 16514, open: true, detail: null });
  assert.equal(check('timeout\n'), { peer: 'hv-02', port: 16514, open: false, detail: 'timed out' });
  assert.equal(check('bash: connect: Connection refused\nbash: /dev/tcp/hv-02/16514: Connection refused\nclosed\n'), { peer: 'hv-02', port: 16514, open: false, detail: 'Connection refused' });
  assert.equal(check('closed\n'), { peer: 'hv-02', port: 16514, open: false, detail: 'closed' });
  assert.equal(check('timeout: no answer from hv-02:16514 within 5s\n'), { peer: 'hv-02', port: 16514, open: false, detail: 'timed out' });
});

test('not understood: open unknown with a warning; no peer anywhere: malformed', () => {
  const { value, warnings } = parseOk(portCheck, 'something else\n', 'hv-02');
  assert.equal(value, { peer: 'hv-02', port: 16514, open: null, detail: null });
  assert.ok(warnings.length === 1);
  parseFail(portCheck, 'open\n', 'malformed');
  assert.is(parseOk(portCheck, 'Connection to hv-03 16514 port [tcp/*] succeeded!').value.peer, 'hv-03');
});

test('the test could not run: error-output; empty', () => {
  parseFail(portCheck, "timeout: failed to run command 'nc': No such file or directory\n", 'error-output', 'hv-02');
  parseFail(portCheck, 'bash: nc: command not found\n', 'error-output', 'hv-02');
  parseFail(portCheck, '', 'empty', 'hv-02');
});

test.run();
