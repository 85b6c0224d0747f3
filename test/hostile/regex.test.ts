/**
 * Class 1 of the hostile-upload list: rule regexes never backtrack. Every matcher of every shipped
 * rule is given crafted 1 MiB lines built from its own literal hints (the lines a matcher really
 * tests), shaped to make a backtracking engine go quadratic; each must answer within a budget.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildRegistry } from '../../src/pipeline/analyze';
import { loadRules } from '../../src/rules/load';
import { testMatcher } from '../../src/rules/matchers';
import { LinearRegex, REGEX_WINDOW } from '../../src/rules/linear-regex';

const rules = loadRules().rules;
const MIB = 1 << 20;
/** per matcher and line: generous against a slow CI machine, far below a backtracking engine's minutes */
const BUDGET_MS = 1500;

function hostileLines(hints: string[]): string[] {
  const h = hints.join(' ');
  const fill = (unit: string) => unit.repeat(Math.ceil(MIB / unit.length)).slice(0, MIB);
  return [
    h + ' ' + fill('a'), // one long run of non-space after the hints
    fill('a') + ' ' + h, // the hints at the very end
    h + fill(' '), // spaces
    h + ' ' + fill(h.split(' ')[0]! + ' '), // the first word of the hint repeated
    fill(h + ' '), // the whole hint repeated
    h + ' ' + fill("a.b:c'd(e)f\"g\\"), // punctuation the patterns stop on
  ];
}

test('every rule regex answers a 1 MiB crafted line within the budget', () => {
  const reg = buildRegistry(rules);
  let tried = 0;
  for (const m of reg.matchers) {
    if (!m.regex) continue;
    const hints = [...m.contains, ...(m.anyOf ? [m.anyOf[0]!] : [])];
    for (const line of hostileLines(hints)) {
      const t0 = process.hrtime.bigint();
      testMatcher(m, line, 'ERROR');
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      assert.ok(ms < BUDGET_MS, `${m.regex.source.slice(0, 80)} took ${ms.toFixed(0)} ms on a 1 MiB line`);
      tried++;
    }
  }
  assert.ok(tried > 100, `${tried} matcher/line pairs tried`);
});

test('a long line is matched in a window around the hint, groups and offsets kept', () => {
  const re = new LinearRegex('(?<path>\\S+) is not on shared storage');
  const pad = 'x'.repeat(3 * REGEX_WINDOW);
  const line = `${pad} /var/lib/nova/instances is not on shared storage ${pad}`;
  const m = re.exec(line, line.indexOf(' is not on shared storage'));
  assert.ok(m);
  // the window cuts the run of x before the path: the group starts inside the window
  assert.ok(m!.groups.path!.endsWith('/var/lib/nova/instances'));
  assert.is(line.slice(m!.index, m!.end).endsWith('is not on shared storage'), true);
});

test('rules lint refuses patterns a linear-time engine cannot run', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-rules-'));
  try {
    const rule = (id: string, regex: string) => `id: ${id}
cause: libvirt-tls
title: A rule title
strength: 0.5
when: {log: {contains: "storage", regex: ${JSON.stringify(regex)}}}
message: a message here
remediation: do the right thing
`;
    fs.writeFileSync(path.join(dir, 'a.yaml'), rule('look-ahead', 'host (?<h>\\S+?)(?=\\s|$)'));
    fs.writeFileSync(path.join(dir, 'b.yaml'), rule('back-ref', "(['\"])x\\1"));
    fs.writeFileSync(path.join(dir, 'c.yaml'), rule('fine', '(?<path>\\S+) is not on shared storage'));
    const set = loadRules(dir);
    assert.equal(set.rules.map((r) => r.id), ["fine"], JSON.stringify(set.errors));
    assert.is(set.errors.length, 2);
    for (const e of set.errors) assert.match(e.message, /linear-time/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
