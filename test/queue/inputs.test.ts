import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeInput, shownLocation } from '../../src/batch/cases';
import { InputChangedError, localInputs } from '../../src/queue/inputs';
import { queueName, redisOptions, shownUrl } from '../../src/queue/connection';

test('locations: a URL loses its credentials and query before it is shown or kept', () => {
  assert.is(shownLocation('https://u:secret@files.example/b/case.tgz?X-Amz-Signature=abc'), 'https://files.example/b/case.tgz (credentials and query hidden)');
  assert.is(shownLocation('https://files.example/b/case.tgz'), 'https://files.example/b/case.tgz');
  assert.is(shownLocation('/shared/uploads/a.tgz'), '/shared/uploads/a.tgz');
  assert.is(shownUrl('redis://:hunter2@queue.example:6380/1'), 'redis://:***@queue.example:6380/1');
});

test('redis URL: host, port, db, password, TLS; anything else is a usage error', () => {
  const o = redisOptions('rediss://worker:p%40ss@queue.example:6380/2', false) as Record<string, unknown>;
  assert.equal([o.host, o.port, o.db, o.username, o.password, Boolean(o.tls)], ['queue.example', 6380, 2, 'worker', 'p@ss', true]);
  assert.is((redisOptions('redis://127.0.0.1', true) as Record<string, unknown>).maxRetriesPerRequest, null);
  assert.throws(() => redisOptions('http://queue.example', false), /redis:\/\//);
  assert.throws(() => redisOptions('redis://h/abc', false), /database number/);
  assert.throws(() => queueName('a queue'), /letters/);
});

test('worker inputs: a URL is downloaded into the output folder, checked against its hash, then removed', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'md-inputs-'));
  let body = Buffer.from('bundle bytes v1');
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/case.tgz')) res.end(body);
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}/case.tgz?token=secret`;
  try {
    const inp = await describeInput(url);
    assert.is(inp.bytes, body.length);
    const local = await localInputs('a'.repeat(64), [inp], out, 1024 * 1024);
    assert.is(local.paths.length, 1);
    assert.ok(local.paths[0]!.startsWith(path.join(out, '.incoming')), 'downloaded under the output folder');
    assert.equal(fs.readFileSync(local.paths[0]!), body);
    local.cleanup();
    assert.not.ok(fs.existsSync(path.join(out, '.incoming', 'a'.repeat(64))), 'removed after the case');
    // the upload changed since it was submitted: no row for the old key
    body = Buffer.from('bundle bytes v2');
    try {
      await localInputs('b'.repeat(64), [inp], out, 1024 * 1024);
      assert.unreachable('a changed input must fail');
    } catch (e) {
      assert.instance(e, InputChangedError);
      assert.match((e as Error).message, 'changed since it was submitted');
      assert.not.match((e as Error).message, 'secret');
    }
    // too large for the cap
    try {
      await localInputs('c'.repeat(64), [{ ...inp, sha256: 'x' }], out, 4);
      assert.unreachable('over the cap');
    } catch (e) {
      assert.match((e as Error).message, 'larger than 4 bytes');
    }
    assert.not.ok(fs.existsSync(path.join(out, '.incoming', 'c'.repeat(64))), 'nothing left behind on failure');
    // a path outside the folders the worker reads from (a job is data from Redis)
    const uploads = path.join(out, 'uploads');
    fs.mkdirSync(uploads);
    fs.writeFileSync(path.join(uploads, 'ok.tgz'), 'x');
    fs.symlinkSync(__filename, path.join(uploads, 'link.tgz'));
    const ok = await describeInput(path.join(uploads, 'ok.tgz'));
    const allowed = await localInputs('e'.repeat(64), [ok], out, 1024, [uploads]);
    assert.equal(allowed.paths, [path.join(uploads, 'ok.tgz')]);
    for (const p of [__filename, path.join(uploads, 'link.tgz')]) {
      const inp = await describeInput(p);
      try {
        await localInputs('f'.repeat(64), [inp], out, 1024 * 1024, [uploads]);
        assert.unreachable('outside --inputs-under');
      } catch (e) {
        assert.match((e as Error).message, 'outside the folders this worker reads from');
      }
    }
    // a path that vanished on this worker
    try {
      await localInputs('d'.repeat(64), [{ name: 'gone.tgz', location: path.join(out, 'gone.tgz'), sha256: 'x', bytes: 1 }], out, 1024);
      assert.unreachable('a vanished input must fail');
    } catch (e) {
      assert.match((e as Error).message, 'no such file or folder on this worker');
    }
  } finally {
    server.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test.run();
