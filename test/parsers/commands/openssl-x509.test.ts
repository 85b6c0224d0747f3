/** openssl-x509: openssl x509 -noout -subject -issuer -dates -ext subjectAltName. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commonName, opensslX509 } from '../../../src/parsers/commands/openssl-x509';
import { fileArg, parseFail, parseOk } from './_helpers';

test('OpenSSL 1.1.1/3.0 style with SANs', () => {
  const text = [
    'subject=C = US, O = Acme, CN = hv-02',
    'issuer=C = US, O = Acme, CN = libvirt-ca',
    'notBefore=Jun  2 14:02:40 2025 GMT',
    'notAfter=Jun  2 14:02:40 2026 GMT',
    'X509v3 Subject Alternative Name: ',
    '    DNS:hv-02, DNS:hv-02.example.net, IP Address:10.0.0.2',
  ].join('\n');
  assert.ok(opensslX509.sniff(text));
  assert.is(fileArg(opensslX509, 'openssl_x509_servercert'), 'servercert');
  assert.equal(parseOk(opensslX509, text, 'servercert', 'text').value, {
    file: 'servercert',
    subject: 'C = US, O = Acme, CN = hv-02',
    subjectCN: 'hv-02',
    issuer: 'C = US, O = Acme, CN = libvirt-ca',
    issuerCN: 'libvirt-ca',
    notBefore: '2025-06-02T14:02:40.000Z',
    notAfter: '2026-06-02T14:02:40.000Z',
    sans: ['hv-02', 'hv-02.example.net', '10.0.0.2'],
  });
});

test('OpenSSL 1.0 slash style, SAN marked critical', () => {
  const text = 'subject= /C=US/O=Acme/CN=hv-01.example.net\nissuer= /CN=libvirt-ca\nnotBefore=Jan  5 00:00:00 2024 GMT\nnotAfter=Jan  4 23:59:59 2025 GMT\nX509v3 Subject Alternative Name: critical\n    DNS:hv-01.example.net\n';
  const { value } = parseOk(opensslX509, text, 'clientcert');
  assert.is(value.subject, '/C=US/O=Acme/CN=hv-01.example.net');
  assert.is(value.subjectCN, 'hv-01.example.net');
  assert.is(value.issuerCN, 'libvirt-ca');
  assert.is(value.notAfter, '2025-01-04T23:59:59.000Z');
  assert.equal(value.sans, ['hv-01.example.net']);
});

test('REAL no-SAN output (OpenSSL 3.x: message first, compact subject)', () => {
  const text = 'No extensions in certificate\nsubject=CN=HCI-Client\nissuer=CN=HCI-Root-CA\nnotBefore=Aug 14 20:55:31 2026 GMT\nnotAfter=Aug 14 20:55:31 2036 GMT\n';
  const { value, warnings } = parseOk(opensslX509, text, 'clientcert');
  assert.equal(value.sans, [], 'no SAN is a real answer');
  assert.equal(warnings, []);
  assert.is(value.subjectCN, 'HCI-Client');
  assert.is(value.notAfter, '2036-08-14T20:55:31.000Z');
});

test('extensions but no SAN (apps/x509.c: No extensions matched with …); ISO dates (-dateopt iso_8601)', () => {
  const text = 'subject=CN=libvirt-ca\nissuer=CN=libvirt-ca\nnotBefore=2025-06-02 14:02:40Z\nnotAfter=2035-05-31 14:02:40Z\nNo extensions matched with subjectAltName\n';
  const { value } = parseOk(opensslX509, text, 'cacert');
  assert.equal(value.sans, []);
  assert.is(value.notBefore, '2025-06-02T14:02:40.000Z');
});

test('no SAN section at all: warning, SANs unknown', () => {
  const { value, warnings } = parseOk(opensslX509, 'subject=CN = hv-02\nnotAfter=Jun  2 14:02:40 2026 GMT\n', 'servercert');
  assert.equal(value.sans, []);
  assert.ok(warnings.some((w) => w.includes('SANs unknown')));
});

test('commonName across forms, quoted values', () => {
  assert.is(commonName('C = US, O = "Acme, Inc.", CN = hv-02'), 'hv-02');
  assert.is(commonName('/C=US/CN=hv-03/emailAddress=a@b'), 'hv-03');
  assert.is(commonName('O = Acme'), null);
});

test('errors and empty', () => {
  parseFail(opensslX509, '', 'empty', 'servercert');
  parseFail(opensslX509, "Can't open /etc/pki/libvirt/servercert.pem for reading, No such file or directory\n", 'error-output', 'servercert');
  parseFail(opensslX509, 'Could not open file or uri for loading certificate from /etc/pki/libvirt/servercert.pem\n', 'error-output', 'servercert');
  parseFail(opensslX509, 'unable to load certificate\n140:error:0909006C:PEM routines:get_name:no start line\n', 'error-output', 'servercert');
});

test.run();
