/** df: df -h. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { df } from '../../../src/parsers/commands/df';
import { fileArg, parseFail, parseOk } from './_helpers';

const G = 1024 ** 3;

test('df -h (REAL rows of public notes): 1024-based sizes, percent, mount', () => {
  const text = 'Filesystem      Size  Used Avail Use% Mounted on\n/dev/sda1        50G   12G   35G  26% /\ntmpfs           2.0G  150M  1.9G   8% /run\n/dev/md5        9.1T  7.3T  1.8T  81% /srv/Products\n/dev/loop0       18M   18M     0 100% /snap/amazon-ssm-agent/1068\n';
  assert.ok(df.sniff(text));
  assert.is(fileArg(df, 'df_-h'), undefined);
  const { value } = parseOk(df, text, undefined, 'text');
  assert.equal(value[0], { filesystem: '/dev/sda1', sizeBytes: 50 * G, usedBytes: 12 * G, availBytes: 35 * G, usePercent: 26, mount: '/' });
  assert.equal(value[1], { filesystem: 'tmpfs', sizeBytes: Math.round(2 * G), usedBytes: 150 * 1024 ** 2, availBytes: Math.round(1.9 * G), usePercent: 8, mount: '/run' });
  assert.is(value[2]!.sizeBytes, Math.round(9.1 * 1024 ** 4));
  assert.is(value[3]!.availBytes, 0);
  assert.is(value[3]!.usePercent, 100);
});

test('wrapped device name, a mount with a space, -T type column, 1K-blocks', () => {
  const wrapped = 'Filesystem            Size  Used Avail Use% Mounted on\n/dev/mapper/centos-root\n                       50G   45G  5.0G  90% /\n/dev/sdb1              10G  1.0G  9.0G  10% /mnt/my disk\n';
  const { value } = parseOk(df, wrapped);
  assert.equal(value.map((f) => [f.filesystem, f.usePercent, f.mount]), [['/dev/mapper/centos-root', 90, '/'], ['/dev/sdb1', 10, '/mnt/my disk']]);
  const typed = 'Filesystem     Type  Size  Used Avail Use% Mounted on\n/dev/vda1      ext4   40G  5.1G   33G  14% /\n';
  assert.equal(parseOk(df, typed).value[0]!.sizeBytes, 40 * G);
  const blocks = 'Filesystem     1K-blocks   Used Available Use% Mounted on\n/dev/sda3       59659396 847204  55781616   2% /\n';
  assert.equal(parseOk(df, blocks).value[0]!.sizeBytes, 59659396 * 1024);
});

test('errors and empty', () => {
  parseFail(df, '', 'empty');
  parseFail(df, "df: /mnt/nfs: Permission denied\n", 'error-output');
});

test.run();
