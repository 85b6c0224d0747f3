import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ACCESS_LOGGERS, parseApiAccess } from '../../../src/parsers/logs/access';

test('nova eventlet access line (Queens–Train write-up, reference §0.2)', () => {
  assert.equal(parseApiAccess('192.168.112.146 "POST /v2.1/servers HTTP/1.1" status: 202 len: 876 time: 1.6947610'), {
    client: '192.168.112.146',
    method: 'POST',
    path: '/v2.1/servers',
    protocol: 'HTTP/1.1',
    status: 202,
    len: 876,
    microversion: null,
    seconds: 1.694761,
    serverUuid: null,
    consumerUuid: null,
  });
  const nf = parseApiAccess('192.168.112.146 "GET /v2.1/flavors/centos72 HTTP/1.1" status: 404 len: 537 time: 0.0310740')!;
  assert.is(nf.status, 404);
  assert.is(nf.path, '/v2.1/flavors/centos72');
});

test('server action with project in the path → serverUuid', () => {
  // [ASSEMBLED] reference §(l) step 1
  const a = parseApiAccess(
    '10.0.0.5 "POST /v2.1/79132bb79d6d4b5dab88a933d18d2a36/servers/0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60/action HTTP/1.1" status: 202 len: 0 time: 0.2178330',
  )!;
  assert.is(a.serverUuid, '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60');
  assert.is(a.method, 'POST');
  assert.is(a.status, 202);
  assert.is(a.len, 0);
  assert.is(a.seconds, 0.217833);
});

test('old proxy-chain client and query string (tmetsch/occi-os#77)', () => {
  const a = parseApiAccess('134.94.168.82,127.0.0.1 "POST /compute/4e6c9e2f-…?action=start HTTP/1.0" status: 400 len: 292 time: 0.4885800')!;
  assert.is(a.client, '134.94.168.82,127.0.0.1');
  assert.is(a.path, '/compute/4e6c9e2f-…?action=start');
  assert.is(a.protocol, 'HTTP/1.0');
  assert.is(a.status, 400);
  assert.is(a.serverUuid, null);
});

test('nova requestlog with microversion `-` (hotsos Sunbeam fixture)', () => {
  assert.equal(parseApiAccess('10.1.0.42 "GET /" status: 200 len: 447 microversion: - time: 0.003988'), {
    client: '10.1.0.42',
    method: 'GET',
    path: '/',
    protocol: null,
    status: 200,
    len: 447,
    microversion: null,
    seconds: 0.003988,
    serverUuid: null,
    consumerUuid: null,
  });
});

test('placement requestlog lines (hotsos Sunbeam fixture) and an allocation 409 (assembled)', () => {
  assert.equal(
    parseApiAccess('10.1.0.42 "GET /openstack-placement/resource_providers/50043fd9-0e93-49d9-88f7-d776760bef9b/allocations" status: 200 len: 54 microversion: 1.0'),
    {
      client: '10.1.0.42',
      method: 'GET',
      path: '/openstack-placement/resource_providers/50043fd9-0e93-49d9-88f7-d776760bef9b/allocations',
      protocol: null,
      status: 200,
      len: 54,
      microversion: '1.0',
      seconds: null,
      serverUuid: null,
      consumerUuid: null,
    },
  );
  const v6 = parseApiAccess('::1 "GET /" status: 200 len: 136 microversion: 1.0')!;
  assert.is(v6.client, '::1');
  assert.is(v6.microversion, '1.0');
  const q = parseApiAccess('10.1.0.42 "GET /openstack-placement/resource_providers?in_tree=50043fd9-0e93-49d9-88f7-d776760bef9b" status: 200 len: 926 microversion: 1.14')!;
  assert.is(q.path, '/openstack-placement/resource_providers?in_tree=50043fd9-0e93-49d9-88f7-d776760bef9b');
  assert.is(q.microversion, '1.14');
  const put = parseApiAccess('10.1.0.42 "PUT /allocations/0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60" status: 409 len: 412 microversion: 1.36')!;
  assert.is(put.method, 'PUT');
  assert.is(put.status, 409);
  assert.is(put.consumerUuid, '0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60');
  assert.is(put.serverUuid, null);
});

test('not an access line', () => {
  assert.is(parseApiAccess('Took 2.31 seconds for pre_live_migration on destination host hv-02.'), null);
  assert.is(parseApiAccess('HTTP exception thrown: Compute service of hv-01 is still in use.'), null);
  assert.is(parseApiAccess('x" status: abc'), null);
  assert.ok(ACCESS_LOGGERS.has('nova.osapi_compute.wsgi.server'));
  assert.ok(ACCESS_LOGGERS.has('placement.requestlog'));
});

test.run();
