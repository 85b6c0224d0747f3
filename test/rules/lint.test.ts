import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildFacts } from '../../src/facts/build';
import { EventStore } from '../../src/facts/events';
import type { Migration } from '../../src/facts/migration';
import type { Timeline } from '../../src/facts/timeline';
import { buildView } from '../../src/facts/view';
import { DerivedShape, RuleViewShape } from '../../src/facts/view-shape';
import { lookupViewPath, viewPaths } from '../../src/facts/view-paths';
import { analyze } from '../../src/pipeline/analyze';
import { lintRuleMeaning } from '../../src/rules/lint';
import { loadRules, type RuleError } from '../../src/rules/load';
import { BASE_PLACEHOLDERS } from '../../src/rules/placeholders';

function rulesIn(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-lint-'));
  try {
    for (const [f, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), body);
    return loadRules(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A valid rule with one field replaced: `when`, `message`, `remediation` or `requires` (YAML flow). */
function rule(over: { when?: string; message?: string; remediation?: string; requires?: string } = {}): string {
  return [
    'id: probe',
    'cause: libvirt-tls',
    'title: A rule built by the test',
    'strength: 0.5',
    `when: ${over.when ?? '{log: {contains: "Live Migration failure", component: nova-compute}}'}`,
    `message: ${JSON.stringify(over.message ?? 'Live migration of {{instance}} failed on {{source}}')}`,
    `remediation: ${JSON.stringify(over.remediation ?? 'Look at {{target}} for request {{requestId}}')}`,
    `requires: ${over.requires ?? '["log:nova-compute@source"]'}`,
    '',
  ].join('\n');
}

/** The one error of a rule file, checked for the file, rule and field it names. */
function onlyError(body: string, field: string, message: RegExp): RuleError {
  const r = rulesIn({ 'probe.yaml': body });
  assert.is(r.rules.length, 0, 'a rule with an error is not loaded');
  assert.is(r.errors.length, 1, JSON.stringify(r.errors, null, 1));
  const e = r.errors[0]!;
  assert.equal([e.file, e.rule, e.field], ['probe.yaml', 'probe', field]);
  assert.match(e.message, message);
  return e;
}

test('the probe rule itself is valid', () => {
  const r = rulesIn({ 'probe.yaml': rule() });
  assert.equal(r.errors, []);
  assert.is(r.rules.length, 1);
});

test('an unknown fact path is an error that suggests the near one', () => {
  const e = onlyError(rule({ when: '{all: [{log: {contains: "Live Migration failure"}}, {fact: {path: derived.targetRamShortMB, gt: 0}}]}' }), 'when.all[1].fact.path', /unknown fact path 'derived\.targetRamShortMB'/);
  assert.match(e.message, /did you mean 'derived\.targetRamShortMb'/);
  onlyError(rule({ when: '{fact: {path: target.servic.state, equals: down}}' }), 'when.fact.path', /unknown fact path 'target\.servic\.state'/);
  // a path into a list (the engine reads lists whole) and past a leaf
  onlyError(rule({ when: '{fact: {path: source.certificates.0.notAfter, known: true}}' }), 'when.fact.path', /unknown fact path/);
  onlyError(rule({ when: '{fact: {path: migration.type.name, known: true}}' }), 'when.fact.path', /unknown fact path/);
  // under `not` too
  onlyError(rule({ when: '{all: [{log: {contains: "Live Migration failure"}}, {not: {fact: {path: derived.nope, equals: true}}}]}' }), 'when.all[1].not.fact.path', /unknown fact path/);
});

test('paths compared with lt/gt exist and are numbers; a test that cannot hold for the kind of value is an error', () => {
  onlyError(rule({ when: '{fact: {path: derived.flavorRamMb, gt: derived.targetFreeRam}}' }), 'when.fact.gt', /unknown fact path 'derived\.targetFreeRam'/);
  onlyError(rule({ when: '{fact: {path: derived.flavorRamMb, gt: derived.targetAz}}' }), 'when.fact.gt', /not a number/);
  onlyError(rule({ when: '{fact: {path: migration.failedStage, lt: 3}}' }), 'when.fact.lt', /is text or null, not a number/);
  onlyError(rule({ when: '{fact: {path: target.units.libvirtd.active, equals: true}}' }), 'when.fact.equals', /'target\.units\.libvirtd\.active' is text or null: `equals` the boolean true/);
  onlyError(rule({ when: '{fact: {path: derived.targetAzDiffers, in: [true, "yes"]}}' }), 'when.fact.in[1]', /boolean or null/);
  onlyError(rule({ when: '{fact: {path: derived.targetRamShortMb, contains: "4"}}' }), 'when.fact.contains', /`contains` reads text or a list/);
  onlyError(rule({ when: '{fact: {path: migration.hasRecord, equals: null}}' }), 'when.fact.equals', /`equals` null would never hold/);
});

test('paths of the view that rules use are accepted, map keys included', () => {
  const r = rulesIn({
    'probe.yaml': rule({
      when: `{all: [
        {fact: {path: target.units.pf9-ostackhost.active, in: [failed, inactive]}},
        {fact: {path: target.aggregateProperties.ssd, equals: "true"}},
        {fact: {path: flavor.extraSpecs.hw:cpu_policy, known: true}},
        {fact: {path: derived.flavorRamMb, gt: derived.targetFreeRamMb}},
        {fact: {path: target.node.iscsiSessions, nonEmpty: false}},
        {fact: {path: derived.cpuFeaturesMissingOnTarget, contains: avx2}},
        {fact: {path: refusal.code, equals: 409}}]}`,
    }),
  });
  assert.equal(r.errors, []);
});

test('an unknown placeholder in the message, the remediation or a says is an error', () => {
  const e = onlyError(rule({ message: 'Migration to {{tagret}} failed' }), 'message', /unknown placeholder \{\{tagret\}\}/);
  assert.match(e.message, /did you mean \{\{target\}\}/);
  onlyError(rule({ remediation: 'Run it on {{ hostname }} please' }), 'remediation', /unknown placeholder \{\{hostname\}\}/);
  onlyError(rule({ message: 'Migration of {{instance the VM}} failed' }), 'message', /is not a placeholder/);
  // `{{name|words}}` names a placeholder with the stand-in to show when the bundle does not know it
  assert.equal(rulesIn({ 'probe.yaml': rule({ message: 'Migration of {{instance|the VM}} failed' }) }).errors, []);
  onlyError(rule({ message: 'Migration of {{instanse|the VM}} failed' }), 'message', /unknown placeholder/);
  onlyError(
    rule({ when: '{fact: {path: derived.targetRamShortMb, gt: 0, says: "short by {{vaule}} MB"}}' }),
    'when.fact.says',
    /unknown placeholder \{\{vaule\}\}.*did you mean \{\{value\}\}/,
  );
  // `count` exists only with a count condition, `raw` only with a fact that says something
  onlyError(rule({ message: 'seen {{count}} times on {{source}}' }), 'message', /unknown placeholder \{\{count\}\}/);
  onlyError(rule({ when: '{fact: {path: derived.targetRamShortMb, gt: 0}}', message: 'short by {{raw}} MB' }), 'message', /unknown placeholder \{\{raw\}\}/);
});

test('regex groups fill only from where their values reach the message', () => {
  const regex = 'regex: "failure: (?<why>[^;]+)"';
  // a group under `not` or `absent` never fills anything
  onlyError(
    rule({ when: `{all: [{log: {contains: "Live Migration failure"}}, {not: {log: {contains: "Live Migration failure", ${regex}}}}]}`, message: 'failed: {{why}}' }),
    'message',
    /unknown placeholder \{\{why\}\}/,
  );
  // a group only one branch of an `any` gives
  onlyError(
    rule({ when: `{any: [{log: {contains: "Live Migration failure", ${regex}}}, {log: {contains: "Migration error"}}]}`, message: 'failed: {{why}}' }),
    'message',
    /only by some branches of an `any`/,
  );
  // given by every branch, by an `all`, or by a count: fine
  const r = rulesIn({
    'a.yaml': rule({ when: `{any: [{log: {contains: "Live Migration failure", ${regex}}}, {log: {contains: "Migration error", ${regex}}}]}`, message: 'failed: {{why}}' }),
    'b.yaml': rule({ when: `{all: [{count: {log: {contains: "Live Migration failure", ${regex}}, atLeast: 2}}, {fact: {path: migration.type, known: true, says: "a {{value}}"}}]}`, message: '{{count}} times: {{why}}, {{value}} ({{raw}})' }).replace('id: probe', 'id: probe-b'),
  });
  assert.equal(r.errors, []);
});

test('a literal hint too short for the prefilter is an error', () => {
  const e = onlyError(rule({ when: '{log: {contains: ["ssh", "Host key verification failed"]}}' }), 'when.log.contains[0]', /hint "ssh" is too short.*at least 4 bytes/);
  assert.match(e.message, /put "Host key verification failed" first/);
  onlyError(rule({ when: '{log: {contains: "abc", regex: "abc(?<x>\\\\d+)"}}' }), 'when.log.contains', /too short/);
  onlyError(rule({ when: '{all: [{log: {contains: "Live Migration failure"}}, {absent: {log: {anyOf: ["Live Migration", "EOF"]}}}]}' }), 'when.all[1].absent.log.anyOf[1]', /hint "EOF" is too short/);
  // only the first `contains` is a prefilter hint: later ones may be short
  assert.equal(rulesIn({ 'probe.yaml': rule({ when: '{log: {contains: ["Live Migration failure", "EOF"]}}' }) }).errors, []);
  // bytes, not characters: a 2-character literal of 4 UTF-8 bytes is long enough for the byte scan
  assert.equal(rulesIn({ 'probe.yaml': rule({ when: '{log: {contains: ["éé1", "x y z"]}}' }) }).errors, []);
});

test('a requirement no parser, log component or role can satisfy is an error', () => {
  const e = onlyError(rule({ requires: '["cmd:server-shwo"]' }), 'requires[0]', /no command parser 'server-shwo'/);
  assert.match(e.message, /did you mean 'server-show'/);
  onlyError(rule({ requires: '["log:nova-compute@source", "log:nova-computer"]' }), 'requires[1]', /no log component 'nova-computer'.*did you mean 'nova-compute'/);
  onlyError(rule({ requires: '["log:nova-compute@sauce"]' }), 'requires[0]', /'@sauce' is not a role for a log/);
  onlyError(rule({ requires: '["cmd:systemctl-status@control"]' }), 'requires[0]', /'@control' is not a role for a command/);
  onlyError(rule({ requires: '["cmd:Server Show"]' }), 'requires[0]', /a requirement is log:<component>/);
  assert.equal(rulesIn({ 'probe.yaml': rule({ requires: '["migration", "cmd:hypervisor-show@target", "cmd:openssl-x509@any", "log:nova-api@control"]' }) }).errors, []);
});

test('every error of one rule is reported, each with its field', () => {
  const r = rulesIn({
    'probe.yaml': rule({ when: '{all: [{log: {contains: "ssh"}}, {fact: {path: derived.nope, equals: 1}}]}', message: '{{nope}} on {{source}}', requires: '["cmd:nope"]' }),
  });
  assert.equal(r.errors.map((e) => e.field).sort(), ['message', 'requires[0]', 'when.all[0].log.contains', 'when.all[1].fact.path']);
});

test('the whole rule set passes the lint', () => {
  const set = loadRules();
  assert.equal(set.errors, []);
  assert.ok(set.rules.length > 50, `only ${set.rules.length} rules loaded`);
  for (const r of set.rules) assert.equal(lintRuleMeaning(r), [], r.file);
  // and the paths they read are real ones (the lint is not vacuous on them)
  const paths = set.rules.flatMap((r) => JSON.stringify(r.when).match(/"path":"[^"]+"/g) ?? []).map((p) => p.slice(8, -1));
  assert.ok(paths.length > 30);
  for (const p of paths) assert.ok(lookupViewPath(p), p);
});

test('the view the builder makes has exactly the shape the lint checks against', () => {
  const facts = buildFacts({ inventory: [], commands: [], logs: [], events: new EventStore(), manifests: [] });
  const mig = {
    key: 'm', instance: '5f2c4c0e-8a7e-4a53-9d1f-3f1b2b7c9a10', record: null, type: 'live-migration', source: 'cmp-01', target: 'cmp-02',
    status: 'failed', rawStatus: 'error', requestId: null, requestIdFrom: null, action: null, actionDetail: null,
    start: Date.parse('2025-06-02T14:02:40Z'), end: null, synthesizedFrom: null, refusal: null,
  } as Migration;
  const { view } = buildView(facts, mig, { failedStage: 'transfer', stages: [] } as unknown as Timeline);
  // every derived value is set (null when unknown), none that the shape does not declare
  assert.equal(Object.keys(view.derived).sort(), Object.keys(DerivedShape.shape).sort());
  RuleViewShape.strict().parse(view);
  DerivedShape.strict().parse(view.derived);
  const paths = viewPaths().map((p) => p.path);
  for (const k of Object.keys(view.derived)) assert.ok(paths.includes(`derived.${k}`), k);
  for (const k of Object.keys(view.target)) assert.ok(paths.includes(`target.${k}`), k);
});

test('the engine fills every placeholder the lint accepts', async () => {
  // every base placeholder, with the stand-in form for the values a bundle may not know
  const placeholders = Object.keys(BASE_PLACEHOLDERS).map((k) => `{{${k}|no ${k}}}`).join(' ');
  const body = rule({
    when: `{all: [
      {count: {log: {component: nova-compute, contains: "unable to connect to server at", regex: "unable to connect to server at '(?<peer>[^':]+):(?<port>\\\\d+)'"}, atLeast: 1}},
      {fact: {path: migration.type, known: true, says: "a {{type}} of {{instance}}, {{value}}"}}]}`,
    message: `count={{count}} peer={{peer}} port={{port}} value={{value}} raw={{raw}} ${placeholders}`,
  }).replace('strength: 0.5', 'strength: 1');
  const set = rulesIn({ 'probe.yaml': body });
  assert.equal(set.errors, []);
  const r = await analyze({ inputs: [path.join(__dirname, '..', '..', 'bundles', 'libvirt-tls-port-refused')], rules: set.rules });
  const hit = r.lead?.causes.flatMap((c) => c.rules).find((x) => x.id === 'probe');
  assert.ok(hit, 'the probe rule fired');
  assert.not.match(hit!.message, /\{\{/);
  assert.match(hit!.message, /count=\d+ peer=\S+ port=16514 value=a live-migration of \S+, live-migration raw=live-migration /);
});

test.run();
