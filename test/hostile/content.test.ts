/**
 * Hostile and broken content inside an otherwise valid bundle: invalid UTF-8, NUL bytes, a huge
 * line, CRLF, empty files, JSON with __proto__ / constructor keys, HTML and Handlebars syntax and
 * terminal escapes in log lines, secrets everywhere. The analysis goes on, nothing leaks.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../src/pipeline/analyze';
import { loadRules } from '../../src/rules/load';
import { renderHtml, renderMarkdown } from '../../src/report/render';
import { cli } from '../helpers/cli';

const VM = '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60';
const REQ = 'req-3b77c1d2-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const CTX = `[None ${REQ} 5b1f0e9c2a3d4e6f8a7b9c0d1e2f3a4b 9c8b7a6d5e4f4a3b2c1d0e9f8a7b6c5d - - default default] [instance: ${VM}]`;
const SECRETS = ['S3cr3tDbPass', 'gAAAAABnZZZZxT7vK3mQ9sL1rW8yZ4cF6hJ0dN5bX2eG7uI3oP9aS1kV4tM8qC6wE0', 'Rabb1tPassw0rd', 'hunter2secret'];

function build(dir: string): void {
  const w = (p: string, data: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), data);
  };
  w(`commands/openstack_server_show_${VM}.json`, JSON.stringify({
    id: VM, name: '<img src=x onerror=alert(1)>', status: 'ACTIVE', 'OS-EXT-SRV-ATTR:host': 'cmp-01',
    'OS-EXT-STS:vm_state': 'active', 'OS-EXT-AZ:availability_zone': 'az1',
    flavor: { name: 'm1', ram: 2048, vcpus: 1, disk: 10, extra_specs: { __proto__: { polluted: 'yes' }, 'aggregate_instance_extra_specs:ssd': 'true' } },
    fault: { message: 'password=hunter2secret in a fault', code: 500 },
  }).replace('"extra_specs":{', '"extra_specs":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"bad":1}},'));
  w(`commands/openstack_server_migration_list_${VM}.json`, JSON.stringify([{ Id: 7, 'Source Node': 'cmp-01', 'Dest Node': 'cmp-02', 'Source Compute': 'cmp-01', 'Dest Compute': 'cmp-02', Status: 'failed', 'Server UUID': VM, Type: 'live-migration', 'Created At': '2026-11-20T10:02:40.000000', 'Updated At': '2026-11-20T10:02:52.000000' }]));
  w('commands/openstack_compute_service_list.json', '');
  w('commands/openstack_hypervisor_show_cmp-02.json', Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28, 0x0a]));
  w('manifest.json', '{"format":"migration-bundle/1","__proto__":{"polluted":true},"commands":[{"file":"commands/openstack_compute_service_list.json","argv":["openstack","compute","service","list"],"exitCode":1,"stderr":"HttpException: 403: Client Error for url: http://admin:S3cr3tDbPass@keystone:5000/v3"}]}');
  const lines = [
    `2026-11-20 10:02:41.100 4182 DEBUG keystoneauth.session ${CTX} REQ: curl -g -i -X GET http://nova:8774 -H "X-Auth-Token: ${SECRETS[1]}"`,
    `2026-11-20 10:02:41.200 4182 INFO nova.compute.manager ${CTX} connection=mysql+pymysql://nova:${SECRETS[0]}@db/nova transport_url=rabbit://openstack:${SECRETS[2]}@10.0.0.5:5672/`,
    `2026-11-20 10:02:41.300 4182 WARNING nova.compute.manager ${CTX} <script>alert(1)</script> {{constructor.constructor('alert(1)')()}} </pre></code> \`\`\` \u001b[31mRED\u001b[0m \u001b]0;title\u0007`,
    `2026-11-20 10:02:51.970 4182 ERROR nova.virt.libvirt.driver ${CTX} Live Migration failure: operation failed: Failed to connect to remote libvirt URI qemu+tls://cmp-02/system: unable to connect to server at 'cmp-02:16514': Connection refused <script>x()</script> {{constructor.constructor('alert(1)')()}}: libvirt.libvirtError: x`,
    'x'.repeat(3 * 1024 * 1024),
    `2026-11-20 10:02:52.400 4182 ERROR nova.virt.libvirt.driver ${CTX} Migration operation has aborted`,
  ];
  w('hosts/cmp-01/var/log/pf9/ostackhost.log', Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n'), Buffer.from([0, 0, 0, 0xc3, 0x28, 0xe2, 0x82, 0x0a]), Buffer.from('trailing line without newline')]));
  w('hosts/cmp-01/var/log/libvirt/libvirtd.log', '');
  w('hosts/cmp-02/commands/ss_-tlnp.txt', '\u0000\u0001\u0002binary junk\u00ff');
}

test('hostile content is analysed, shown as text, and secrets are masked everywhere', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-hostile-'));
  try {
    build(dir);
    const { report, lead } = await analyze({ inputs: [dir], rules: loadRules().rules, limits: { maxLineBytes: 64 * 1024 } });
    assert.ok(lead);
    assert.is(lead!.status, 'failed');
    assert.is(lead!.causes[0]?.id, 'libvirt-tls', 'the cause is still found');
    assert.is(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
    const log = report.inventory.find((i) => i.path.endsWith('ostackhost.log'));
    assert.match(log!.reason, /cut/, 'the huge line is cut and said so');
    const json = JSON.stringify(report);
    const html = renderHtml(report);
    const md = renderMarkdown(report);
    for (const s of SECRETS) {
      assert.not.ok(json.includes(s), `secret ${s} in JSON`);
      assert.not.ok(html.includes(s), `secret ${s} in HTML`);
      assert.not.ok(md.includes(s), `secret ${s} in Markdown`);
    }
    assert.not.ok(/<script/i.test(html), 'no live <script> in HTML');
    assert.ok(html.includes('&lt;script&gt;'), 'script tags shown as text');
    assert.not.ok(html.includes('<img src=x'), 'no live img tag');
    assert.ok(html.includes('{{constructor.constructor(&#x27;alert(1)&#x27;)()}}'), 'handlebars syntax shown as text');
    assert.ok(md.includes("{{constructor.constructor('alert(1)')()}}"), 'handlebars syntax kept in the Markdown code block');
    assert.not.ok(html.includes('\u001b'), 'no terminal escapes in HTML');
    // the CLI's terminal summary is masked too, and carries no raw escape sequences
    const r = cli(['analyze', dir, '--out', path.join(dir, 'out')]);
    assert.is(r.code, 3, r.stderr);
    for (const s of SECRETS) assert.not.ok(r.stdout.includes(s) || r.stderr.includes(s), `secret ${s} on the terminal`);
    assert.not.ok(r.stdout.includes('\u001b'), 'no escape sequences on the terminal');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
