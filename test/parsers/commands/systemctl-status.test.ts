/** systemctl-status: systemctl status <unit> (cli-formats.md §14). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { systemctlStatus } from '../../../src/parsers/commands/systemctl-status';
import { fileArg, parseFail, parseOk, sample } from './_helpers';

test('file name captures the unit', () => {
  assert.is(fileArg(systemctlStatus, 'systemctl_status_pf9-ostackhost'), 'pf9-ostackhost');
});

test('REAL active libvirtd (CET since time is not converted; the journal line is kept)', () => {
  const text = sample('systemctl-status.real-libvirtd-active.txt');
  assert.ok(systemctlStatus.sniff(text));
  const { value, warnings } = parseOk(systemctlStatus, text, 'libvirtd', 'text');
  assert.equal(value, {
    unit: 'libvirtd.service', loaded: 'loaded', active: 'active', sub: 'running', since: null, result: null,
    lastLines: ['Feb 15 22:38:26 akham.alien.local libvirtd[33440]: EVENT_POLL_DISPATCH_HANDLE: watch=10 events=1'],
  });
  assert.ok(warnings.some((w) => w.includes('Mon 2021-02-15 22:29:19 CET')));
});

test('REAL Platform9 unit, pasted with its command line: UTC since converted', () => {
  const { value } = parseOk(systemctlStatus, sample('systemctl-status.real-pf9-nodeletd.txt'), 'pf9-nodeletd');
  assert.equal(value, { unit: 'pf9-nodeletd.service', loaded: 'loaded', active: 'active', sub: 'running', since: '2022-02-14T22:49:07.000Z', result: null, lastLines: [] });
});

test('REAL failed, systemd 257 (× and Result: exit-code)', () => {
  const { value } = parseOk(systemctlStatus, sample('systemctl-status.real-failed-257.txt'), 'libvirtd');
  assert.is(value.unit, 'libvirtd.service');
  assert.is(value.active, 'failed');
  assert.is(value.sub, null);
  assert.is(value.result, 'exit-code');
  assert.is(value.since, null, 'EST is not converted');
});

test('REAL failed, systemd 250 with the start-job lines first and indentation lost', () => {
  const { value } = parseOk(systemctlStatus, sample('systemctl-status.real-failed-250.txt'), 'libvirtd');
  assert.is(value.active, 'failed');
  assert.is(value.result, 'exit-code');
  assert.equal(value.lastLines, ['Feb 26 14:14:00 z3r0ut-ms7a38 systemd[1]: libvirtd.service: Scheduled restart job, restart counter is at 5.']);
});

test('ASSEMBLED pf9-ostackhost active and failed (UTC)', () => {
  const up = parseOk(systemctlStatus, sample('systemctl-status.assembled-ostackhost-active.txt'), 'pf9-ostackhost').value;
  assert.equal([up.unit, up.active, up.sub, up.since], ['pf9-ostackhost.service', 'active', 'running', '2025-06-02T09:00:12.000Z']);
  const down = parseOk(systemctlStatus, sample('systemctl-status.assembled-ostackhost-failed.txt'), 'pf9-ostackhost').value;
  assert.equal([down.active, down.result, down.since], ['failed', 'exit-code', '2025-06-02T17:41:05.000Z']);
  assert.equal(down.lastLines, [
    'Jun 02 17:41:05 hv-01 systemd[1]: pf9-ostackhost.service: Main process exited, code=exited, status=1/FAILURE',
    "Jun 02 17:41:05 hv-01 systemd[1]: pf9-ostackhost.service: Failed with result 'exit-code'.",
  ]);
});

test('activating (auto-restart) with a result; inactive (dead) without since; numeric offset', () => {
  const a = parseOk(systemctlStatus, '● ovn-controller.service - OVN controller daemon\n     Loaded: loaded (/lib/systemd/system/ovn-controller.service; enabled; vendor preset: enabled)\n     Active: activating (auto-restart) (Result: exit-code) since Mon 2025-06-02 17:41:05 +0200; 3s ago\n').value;
  assert.equal([a.active, a.sub, a.result, a.since], ['activating', 'auto-restart', 'exit-code', '2025-06-02T15:41:05.000Z']);
  const i = parseOk(systemctlStatus, '○ pf9-hostagent.service - Platform9 Host Agent Service\n     Loaded: loaded (/usr/lib/systemd/system/pf9-hostagent.service; disabled; vendor preset: disabled)\n     Active: inactive (dead)\n').value;
  assert.equal([i.unit, i.active, i.sub, i.since], ['pf9-hostagent.service', 'inactive', 'dead', null]);
});

test('a unit that does not exist is a real answer', () => {
  const { value } = parseOk(systemctlStatus, 'Unit pf9-cindervolume-base.service could not be found.\n', 'pf9-cindervolume-base');
  assert.equal(value, { unit: 'pf9-cindervolume-base.service', loaded: 'not-found', active: null, sub: null, since: null, result: null, lastLines: [] });
});

test('errors and empty', () => {
  parseFail(systemctlStatus, '', 'empty', 'libvirtd');
  parseFail(systemctlStatus, 'System has not been booted with systemd as init system (PID 1). Can\'t operate.\nFailed to connect to bus: Host is down\n', 'error-output', 'libvirtd');
  parseFail(systemctlStatus, 'bash: systemctl: command not found', 'error-output', 'libvirtd');
});

test.run();
