/** virsh-capabilities: virsh capabilities → host CPU (libvirt formatcaps). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { virshCapabilities } from '../../../src/parsers/commands/virsh-capabilities';
import { fileArg, parseFail, parseOk, sample } from './_helpers';

test('host cpu (fields of a REAL gist dump), not topology <cpu id=…/> nor guest arch', () => {
  const text = sample('virsh-capabilities.xml');
  assert.ok(virshCapabilities.sniff(text));
  assert.is(fileArg(virshCapabilities, 'virsh_capabilities'), undefined);
  assert.equal(parseOk(virshCapabilities, text, undefined, 'xml').value, {
    arch: 'x86_64', vendor: 'Intel', model: 'SandyBridge', features: ['invtsc', 'invpcid', 'erms', 'bmi2', 'smep', 'avx2', 'vmx'],
  });
});

test('newer libvirt: <model fallback=…>, maxphysaddr and counter elements', () => {
  const text = "<capabilities>\n  <host>\n    <cpu>\n      <arch>x86_64</arch>\n      <model fallback='forbid'>Cascadelake-Server-noTSX</model>\n      <vendor>Intel</vendor>\n      <microcode version='83898371'/>\n      <counter name='tsc' frequency='2095078000' scaling='no'/>\n      <topology sockets='1' dies='1' clusters='1' cores='16' threads='2'/>\n      <maxphysaddr mode='emulate' bits='46'/>\n      <feature name='ds'/>\n      <feature name='ss'/>\n    </cpu>\n  </host>\n</capabilities>\n";
  assert.equal(parseOk(virshCapabilities, text).value, { arch: 'x86_64', vendor: 'Intel', model: 'Cascadelake-Server-noTSX', features: ['ds', 'ss'] });
});

test('errors and empty', () => {
  parseFail(virshCapabilities, '', 'empty');
  parseFail(virshCapabilities, "error: failed to connect to the hypervisor\nerror: Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory\n", 'error-output');
  parseFail(virshCapabilities, '<capabilities>\n  <guest/>\n</capabilities>', 'malformed');
});

test.run();
