import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRedactor, redactDeep } from '../../src/report/redact';

const cases: [string, string, string][] = [
  ['connection string', 'connection = mysql+pymysql://nova:S3cr3tPass@db.example/nova', 'S3cr3tPass'],
  ['transport url', 'transport_url = rabbit://openstack:Rabb1tPw@10.0.0.5:5672/', 'Rabb1tPw'],
  ['X-Auth-Token header', "REQ: curl -g -i -X GET http://x:8774 -H \"X-Auth-Token: {SHA256}abc0123456789\"", 'abc0123456789'],
  ['dict repr header', "{'X-Auth-Token': 'gAAAAABl0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH'}", 'gAAAAABl0123456789'],
  ['fernet anywhere', 'token gAAAAABlQWERTYUIOPASDFGHJKLZXCVBNM0123456789qwertyuiopasdf used', 'gAAAAABlQWERTY'],
  ['password key', 'password = hunter2hunter2', 'hunter2hunter2'],
  ['OS_PASSWORD', 'export OS_PASSWORD=Sup3rSecret!', 'Sup3rSecret!'],
  ['json password', '{"password": "jsonSecret99", "user": "admin"}', 'jsonSecret99'],
  ['bearer', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig', 'eyJhbGciOiJIUzI1NiJ9'],
  ['private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx\n-----END RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAx'],
];

for (const [name, input, secret] of cases) {
  test(`redacts ${name}`, () => {
    const r = createRedactor();
    const out = r.redact(input);
    assert.not.ok(out.includes(secret), out);
    assert.ok(r.count > 0);
  });
}

test('leaves ordinary log text alone', () => {
  const r = createRedactor();
  const line = "2026-11-20 10:02:51.970 4182 ERROR nova.virt.libvirt.driver [None req-3b77c1d2-5e6f-4a7b-8c9d-0e1f2a3b4c5d u p - - default default] [instance: 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60] Live Migration failure: unable to connect to server at 'cmp-02:16514': Connection refused";
  assert.is(r.redact(line), line);
  assert.is(r.redact('qemu+tls://cmp-02/system'), 'qemu+tls://cmp-02/system');
  assert.is(r.count, 0);
});

test('redactDeep walks objects and arrays', () => {
  const r = createRedactor();
  const out = redactDeep({ a: ['password=abc12345'], b: { c: 'rabbit://u:pw123456@h/' } }, r);
  assert.equal(out, { a: ['password=***'], b: { c: 'rabbit://u:***@h/' } });
});

test.run();
