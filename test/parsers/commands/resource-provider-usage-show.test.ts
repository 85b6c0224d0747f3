/** resource-provider-usage-show: openstack resource provider usage show (osc-placement). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resourceProviderUsageShow } from '../../../src/parsers/commands/resource-provider-usage-show';
import { COMMAND_PARSERS } from '../../../src/parsers/commands';
import { fileArg, parseFail, parseOk } from './_helpers';

const RP = '52d0182d-d466-4210-8f0d-29466bb54feb';
const TABLE = `[stack@ctl-01 ~]$ openstack resource provider usage show ${RP}
+----------------+-------+
| resource_class | usage |
+----------------+-------+
| VCPU           |    15 |
| MEMORY_MB      | 58880 |
| DISK_GB        |   850 |
+----------------+-------+
`;

test('table, provider from the pasted command line', () => {
  assert.ok(resourceProviderUsageShow.sniff(TABLE));
  assert.is(COMMAND_PARSERS.find((p) => p.sniff(TABLE))?.id, 'resource-provider-usage-show');
  const { value } = parseOk(resourceProviderUsageShow, TABLE, undefined, 'table');
  assert.equal(value, { provider: RP, usages: { VCPU: 15, MEMORY_MB: 58880, DISK_GB: 850 } });
});

test('-f json and -f value; file name', () => {
  const json = JSON.stringify([{ resource_class: 'VCPU', usage: 2 }, { resource_class: 'MEMORY_MB', usage: 1024 }]);
  assert.ok(resourceProviderUsageShow.sniff(json));
  assert.equal(parseOk(resourceProviderUsageShow, json, RP, 'json').value.usages, { VCPU: 2, MEMORY_MB: 1024 });
  assert.equal(parseOk(resourceProviderUsageShow, 'VCPU 2\nMEMORY_MB 1024\n', RP, 'value').value.usages, { VCPU: 2, MEMORY_MB: 1024 });
  assert.is(fileArg(resourceProviderUsageShow, `openstack_resource_provider_usage_show_${RP}`), RP);
  parseFail(resourceProviderUsageShow, `No resource provider with uuid ${RP} found : NotFound (HTTP 404)`, 'error-output');
});

test.run();
