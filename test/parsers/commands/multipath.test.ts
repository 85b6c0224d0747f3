/** multipath: multipath -ll (RHEL DM Multipath guide, "Multipath Command Output"). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { multipath } from '../../../src/parsers/commands/multipath';
import { fileArg, parseFail, parseOk } from './_helpers';

test('REAL example of the RHEL 6 guide: no alias, two healthy paths', () => {
  const text = "3600d0230000000000e13955cc3757800 dm-1 WINSYS,SF2372\nsize=269G features='0' hwhandler='0' wp=rw\n|-+- policy='round-robin 0' prio=1 status=active\n| `- 6:0:0:0 sdb 8:16  active ready  running\n`-+- policy='round-robin 0' prio=1 status=enabled\n  `- 7:0:0:0 sdf 8:80  active ready  running\n";
  assert.ok(multipath.sniff(text));
  assert.is(fileArg(multipath, 'multipath_-ll'), undefined);
  assert.equal(parseOk(multipath, text, undefined, 'text').value, [
    {
      name: '3600d0230000000000e13955cc3757800', wwid: '3600d0230000000000e13955cc3757800',
      paths: [{ device: 'sdb', state: 'active ready running' }, { device: 'sdf', state: 'active ready running' }],
      failedPaths: 0,
    },
  ]);
});

test('aliased devices, failed/faulty paths counted, multipathd warning lines skipped', () => {
  const text = [
    'Jun 02 14:02:40 | sdd: couldn\'t get asymmetric access state',
    "mpatha (3600a098038303053453f463045727a6b) dm-0 NETAPP,LUN C-Mode",
    "size=40G features='3 queue_if_no_path pg_init_retries 50' hwhandler='1 alua' wp=rw",
    "|-+- policy='service-time 0' prio=50 status=active",
    '| |- 3:0:0:1 sdc 8:32 active ready running',
    '| `- 4:0:0:1 sdd 8:48 failed faulty running',
    "`-+- policy='service-time 0' prio=10 status=enabled",
    '  `- 5:0:0:1 sde 8:64 failed faulty offline',
    "mpathb (3600a098038303053453f463045727a6c) dm-1 NETAPP,LUN C-Mode",
    "size=10G features='0' hwhandler='0' wp=rw",
    "`-+- policy='service-time 0' prio=50 status=active",
    '  `- 3:0:0:2 sdf 8:80 active ready running',
  ].join('\n');
  const { value } = parseOk(multipath, text);
  assert.equal(value.map((d) => [d.name, d.wwid, d.paths.length, d.failedPaths]), [
    ['mpatha', '3600a098038303053453f463045727a6b', 3, 2],
    ['mpathb', '3600a098038303053453f463045727a6c', 1, 0],
  ]);
  assert.equal(value[0]!.paths[1], { device: 'sdd', state: 'failed faulty running' });
});

test('RHEL 5 bracket style', () => {
  const text = 'mpath1 (3600d0230003228bc000339414edb8101) dm-2 HP,HSV210\n[size=10 GB][features="0"][hwhandler="0"]\n\\_ round-robin 0 [prio=1][active]\n \\_ 2:0:0:6 sdb 8:16 [active][ready]\n\\_ round-robin 0 [prio=1][enabled]\n \\_ 3:0:0:6 sdc 8:64 [failed][faulty]\n';
  const { value } = parseOk(multipath, text);
  assert.equal(value[0]!.paths, [{ device: 'sdb', state: 'active ready' }, { device: 'sdc', state: 'failed faulty' }]);
  assert.is(value[0]!.failedPaths, 1);
});

test('errors and empty', () => {
  parseFail(multipath, '', 'empty');
  parseFail(multipath, 'bash: multipath: command not found\n', 'error-output');
});

test.run();
