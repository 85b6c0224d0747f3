/**
 * Issue "real evidence in": each kind of partial input a support engineer receives, run through the
 * command as a user would, gives a failed migration with its cause (exit 3) and a report that names
 * the missing parts with the command to collect them. A sosreport is also given as sos report
 * writes it by default: a .tar.xz of its folder.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runMain } from '../helpers/main';
import { packTar } from '../helpers/pack';
import { compress } from '../helpers/compress';

const BUNDLES = path.resolve(__dirname, '..', '..', 'bundles');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'md-evidence-'));
const need = (name: string) => {
  const p = path.join(BUNDLES, name);
  assert.ok(fs.existsSync(p), `sample ${name} exists`);
  return p;
};

async function run(input: string, cause: string) {
  const out = path.join(tmp, `out-${path.basename(input)}`);
  const r = await runMain(['analyze', input, '--out', out, '--quiet']);
  assert.is(r.code, 3, `${path.basename(input)}: exit ${r.code} ${r.stderr}`);
  const rep = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
  assert.is(rep.migrations[0].status, 'failed');
  assert.is(rep.migrations[0].causes[0].id, cause);
  return { rep, md: fs.readFileSync(path.join(out, 'report.md'), 'utf8') };
}

test("a compute node's bundle alone", async () => {
  const { md } = await run(need('evidence-lone-host-bundle'), 'libvirt-tls');
  assert.match(md, /collect\.sh mgmt --vm c81f4a6e-2d9b-4e3a-8b5c-7f1d0e9a3b26/);
});

test('a single nova-compute.log', async () => {
  const { md } = await run(path.join(need('evidence-lone-nova-compute-log'), 'nova-compute.log'), 'cpu-incompatible');
  assert.match(md, /collect\.sh (mgmt|host)/);
});

test('a sosreport folder, and the same as a .tar.xz', async () => {
  await run(need('evidence-sosreport'), 'cold-migration-ssh');
  const txz = path.join(tmp, 'sosreport-cmp01-2026-11-03-qwerty.tar.xz');
  fs.writeFileSync(txz, compress('xz', await packTar(need('evidence-sosreport'))));
  const { rep } = await run(txz, 'cold-migration-ssh');
  assert.is(rep.migrations[0].source, 'pcd-cmp-01', 'the node from the sosreport hostname file');
});

test('a folder of pasted fragments', async () => {
  const { md } = await run(need('evidence-pasted-fragments'), 'port-binding');
  assert.match(md, /collect\.sh mgmt --vm b3d5f7a9-c1e3-45b7-89d1-f3a5c7e9b1d5/);
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test.run();
