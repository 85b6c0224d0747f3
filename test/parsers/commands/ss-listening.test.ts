/** ss-listening: ss -tlnp. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ssListening } from '../../../src/parsers/commands/ss-listening';
import { fileArg, parseFail, parseOk } from './_helpers';

test('iproute2 with the Process header (REAL rows of public notes, libvirtd row added)', () => {
  const text = [
    'State   Recv-Q  Send-Q  Local Address:Port  Peer Address:Port Process',
    'LISTEN  0       511     0.0.0.0:443         0.0.0.0:*         users:(("nginx",pid=1200,fd=7))',
    'LISTEN  0       4096    127.0.0.53%lo:53    0.0.0.0:*         users:(("systemd-resolve",pid=842,fd=14))',
    'LISTEN  0       4096    0.0.0.0:16514       0.0.0.0:*         users:(("libvirtd",pid=2201,fd=15))',
    'LISTEN  0       128     [::]:22             [::]:*            users:(("sshd",pid=892,fd=4))',
  ].join('\n');
  assert.ok(ssListening.sniff(text));
  assert.is(fileArg(ssListening, 'ss_-tlnp'), undefined);
  assert.equal(parseOk(ssListening, text, undefined, 'text').value, [
    { local: '0.0.0.0:443', port: 443, process: 'nginx' },
    { local: '127.0.0.53%lo:53', port: 53, process: 'systemd-resolve' },
    { local: '0.0.0.0:16514', port: 16514, process: 'libvirtd' },
    { local: '[::]:22', port: 22, process: 'sshd' },
  ]);
});

test('older ss: no Process header, `*:16514`, users without pid=; -tulpn Netid column', () => {
  const old = 'State      Recv-Q Send-Q Local Address:Port               Peer Address:Port\nLISTEN     0      128          *:16514                    *:*                   users:(("libvirtd",1234,12))\nLISTEN     0      128         :::22                      :::*                  users:(("sshd",900,4))\n';
  assert.equal(parseOk(ssListening, old).value, [
    { local: '*:16514', port: 16514, process: 'libvirtd' },
    { local: ':::22', port: 22, process: 'sshd' },
  ]);
  const netid = 'Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\ntcp   LISTEN 0      128    0.0.0.0:22         0.0.0.0:*     users:(("sshd",pid=892,fd=3))\n';
  assert.equal(parseOk(ssListening, netid).value, [{ local: '0.0.0.0:22', port: 22, process: 'sshd' }]);
});

test('no listener at all is an empty list (header only); without -p no process', () => {
  assert.equal(parseOk(ssListening, 'State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n').value, []);
  assert.equal(parseOk(ssListening, 'State  Recv-Q Send-Q Local Address:Port Peer Address:Port\nLISTEN 0      128    0.0.0.0:22  0.0.0.0:*\n').value, [{ local: '0.0.0.0:22', port: 22, process: null }]);
});

test('errors and empty', () => {
  parseFail(ssListening, '', 'empty');
  parseFail(ssListening, 'State Recv-Q Send-Q Local Address:Port Peer Address:Port\ngarbage here\n', 'malformed');
  parseFail(ssListening, 'bash: ss: command not found\n', 'error-output');
});

test.run();
