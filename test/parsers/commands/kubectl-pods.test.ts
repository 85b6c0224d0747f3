/** kubectl-pods: kubectl get pods -o wide (cli-formats.md §13). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kubectlPods } from '../../../src/parsers/commands/kubectl-pods';
import { fileArg, parseFail, parseOk, sample } from './_helpers';

test('file names', () => {
  assert.is(fileArg(kubectlPods, 'kubectl_get_pods'), undefined);
  assert.is(fileArg(kubectlPods, 'kubectl_get_pods_region1'), 'region1');
});

test('REAL -o wide without namespace', () => {
  const text = sample('kubectl-pods.real-wide.txt');
  assert.ok(kubectlPods.sniff(text));
  const { value } = parseOk(kubectlPods, text, undefined, 'text');
  assert.equal(value, [
    { namespace: null, name: 'my-release-redis-cluster-0', ready: '1/1', status: 'Running', restarts: 0, age: '12m', node: 'master02' },
    { namespace: null, name: 'my-release-redis-cluster-1', ready: '1/1', status: 'Running', restarts: 0, age: '12m', node: 'worker02' },
  ]);
});

test('REAL -A with NAMESPACE and RESTARTS `1 (5h2m ago)`', () => {
  const { value } = parseOk(kubectlPods, sample('kubectl-pods.real-namespace.txt'));
  assert.equal(value, [
    { namespace: 'kube-system', name: 'kube-flannel-ds-92knn', ready: '1/1', status: 'Running', restarts: 1, age: '6h54m', node: 'cn-guangzhou.192.168.0.87' },
  ]);
});

test('REAL Terminating pod', () => {
  const { value } = parseOk(kubectlPods, sample('kubectl-pods.real-terminating.txt'));
  assert.is(value[1]!.status, 'Terminating');
  assert.is(value[1]!.age, '98s');
});

test('ASSEMBLED PCD listing behind its pasted command line: CrashLoopBackOff with 14 restarts', () => {
  const { value } = parseOk(kubectlPods, sample('kubectl-pods.assembled-pcd.txt'));
  assert.is(value.length, 4);
  assert.equal(value[2], { namespace: null, name: 'nova-scheduler-5c7b9d8f6-q4wzr', ready: '0/1', status: 'CrashLoopBackOff', restarts: 14, age: '51m', node: 'du-node-3' });
  assert.is(value[1]!.restarts, 2);
});

test('alignment lost in a paste: tokens, `2 (3d ago)` kept together', () => {
  const text = 'NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES\nnova-conductor-6b8d7c9f4-h7lmn 1/1 Running 2 (3d ago) 3d 10.244.1.22 du-node-1 <none> <none>\n';
  const { value } = parseOk(kubectlPods, text);
  assert.equal(value[0], { namespace: null, name: 'nova-conductor-6b8d7c9f4-h7lmn', ready: '1/1', status: 'Running', restarts: 2, age: '3d', node: 'du-node-1' });
});

test('without -o wide: no node', () => {
  const { value } = parseOk(kubectlPods, 'NAME                             READY   STATUS    RESTARTS   AGE\nplacement-api-8f6d5c4b7-9tjkp    1/1     Running   0          3d\n');
  assert.is(value[0]!.node, null);
  assert.is(value[0]!.age, '3d');
});

test('no pods is a real answer; errors and empty are not', () => {
  assert.equal(parseOk(kubectlPods, 'No resources found in region1 namespace.\n').value, []);
  parseFail(kubectlPods, '', 'empty');
  parseFail(kubectlPods, 'NAME READY STATUS RESTARTS AGE\n???\n', 'malformed');
  parseFail(kubectlPods, 'error: You must be logged in to the server (Unauthorized)\n', 'error-output');
  parseFail(kubectlPods, 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n', 'error-output');
});

test.run();
