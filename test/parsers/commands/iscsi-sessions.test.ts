/** iscsi-sessions: iscsiadm -m session. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { iscsiSessions } from '../../../src/parsers/commands/iscsi-sessions';
import { fileArg, parseFail, parseOk } from './_helpers';

test('session lines (REAL shapes: zadara / datacore notes), with and without (non-flash)', () => {
  const text = 'tcp: [1] 10.10.12.2:3260,1 iqn.2011-04.com.zadarastorage:vsa-00000016:1 (non-flash)\ntcp: [2] 192.168.231.142:3260,1 iqn.2000-08.com.datacore:sds2-1\ntcp: [3] [fd00::5]:3260,1 iqn.2010-10.org.openstack:volume-6c1d2e3f (non-flash)\n';
  assert.ok(iscsiSessions.sniff(text));
  assert.is(fileArg(iscsiSessions, 'iscsiadm_-m_session'), undefined);
  assert.equal(parseOk(iscsiSessions, text, undefined, 'text').value, [
    { transport: 'tcp', portal: '10.10.12.2:3260', target: 'iqn.2011-04.com.zadarastorage:vsa-00000016:1' },
    { transport: 'tcp', portal: '192.168.231.142:3260', target: 'iqn.2000-08.com.datacore:sds2-1' },
    { transport: 'tcp', portal: '[fd00::5]:3260', target: 'iqn.2010-10.org.openstack:volume-6c1d2e3f' },
  ]);
});

test('`iscsiadm: No active sessions.` is a real answer: no sessions', () => {
  const text = 'iscsiadm: No active sessions.\n';
  assert.ok(iscsiSessions.sniff(text));
  assert.equal(parseOk(iscsiSessions, text).value, []);
});

test('other iscsiadm messages and empty are failures', () => {
  parseFail(iscsiSessions, 'iscsiadm: can not connect to iSCSI daemon (111)!\niscsiadm: Could not get session info.\n', 'error-output');
  parseFail(iscsiSessions, 'sudo: iscsiadm: command not found\n', 'error-output');
  parseFail(iscsiSessions, '', 'empty');
});

test.run();
