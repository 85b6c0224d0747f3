/**
 * Class 2 of the hostile-upload list: every command-output parser and every sniffer is linear in
 * its input. Each is given outputs built to make a careless reader quadratic or recursive (a
 * never-closed JSON array of 200,000 lines, JSON and YAML nested 100,000 levels, a YAML alias bomb,
 * a table that never closes, a 1 MiB line, huge numbers, __proto__ keys); each must answer, within
 * a budget, a result or a failure, never a stack trace.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { COMMAND_PARSERS } from '../../src/parsers/commands';
import { sniffLogComponent } from '../../src/recognize/sniff';
import { parseManifest } from '../../src/recognize/manifest';
import { readMany, readOne } from '../../src/parsers/cli/read';
import { jsonExtent } from '../../src/util/json-extent';

/** per parser and input: a linear reader takes milliseconds; a quadratic one minutes */
const BUDGET_MS = 3000;

const LINES = Number(process.env.HOSTILE_LINES ?? 200_000);
const DEPTH = 100_000;

const INPUTS: Record<string, () => string> = {
  'never-closed JSON array': () => '[\n' + '  {"ID": "a", "Host": "h", "Status": "enabled"},\n'.repeat(LINES),
  'never-closed pretty JSON': () => '[\n' + '  {\n    "ID": 1\n  },\n'.repeat(LINES / 3),
  'JSON then a long tail': () => '{"id": "x"}\n' + 'WARNING: tail line }\n'.repeat(LINES),
  'JSON nested 100k deep': () => '['.repeat(DEPTH) + ']'.repeat(DEPTH),
  'JSON object nested 100k deep': () => '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH),
  'YAML flow nested 100k deep': () => 'id: ' + '['.repeat(DEPTH) + ']'.repeat(DEPTH),
  'YAML billion laughs': () => {
    const l = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const p = String.fromCharCode(96 + i);
      const c = String.fromCharCode(97 + i);
      l.push(`${c}: &${c} [*${p},*${p},*${p},*${p},*${p},*${p},*${p},*${p},*${p}]`);
    }
    return l.join('\n');
  },
  'YAML block nested deep': () => Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x',
  'table never closed': () => '+----+------+\n| ID | Host |\n+----+------+\n' + '| 1  | h    |\n'.repeat(LINES),
  'table row of 1 MiB': () => '+----+------+\n| ID | Host |\n+----+------+\n| 1  | ' + 'h'.repeat(1 << 20) + ' |\n+----+------+',
  'one 1 MiB line': () => 'x'.repeat(1 << 20),
  'one 1 MiB line of brackets': () => '[{'.repeat(1 << 19),
  'huge numbers': () => `{"id": ${'9'.repeat(1 << 20)}, "ram": 1e999999, "vcpus": -1e-999999}`,
  '__proto__ keys': () => '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "id": "x", "name": "n"}',
  'python repr nested deep': () => `| fault | ${'{'.repeat(DEPTH)} |`,
};

function timed<T>(what: string, f: () => T): T {
  const t0 = process.hrtime.bigint();
  const r = f();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  assert.ok(ms < BUDGET_MS, `${what} took ${ms.toFixed(0)} ms`);
  return r;
}

for (const [name, make] of Object.entries(INPUTS)) {
  test(`every command parser and sniffer reads: ${name}`, () => {
    const text = make();
    timed(`readOne(${name})`, () => readOne(text));
    timed(`readMany(${name})`, () => readMany(text));
    timed(`manifest(${name})`, () => parseManifest(text));
    timed(`log sniff(${name})`, () => sniffLogComponent(text.slice(0, 64 * 1024), 'x.log'));
    for (const p of COMMAND_PARSERS) {
      const sniffed = timed(`${p.id}.sniff(${name})`, () => p.sniff(text));
      assert.type(sniffed, 'boolean');
      const out = timed(`${p.id}.parse(${name})`, () => p.parse(text, 'arg'));
      assert.ok(out && typeof out === 'object', `${p.id} answers`);
    }
    assert.is(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
  });
}

test('jsonExtent: end of the first value, strings respected, depth bounded', () => {
  assert.equal(jsonExtent('{"a": "}]"} tail'), { ok: true, end: 11 });
  assert.equal(jsonExtent('[1, [2, "\\"]"]] x'), { ok: true, end: 15 });
  assert.is(jsonExtent('['.repeat(65) + ']'.repeat(65)).ok, false);
  assert.is(jsonExtent('[1, 2').ok, false);
});

test.run();
