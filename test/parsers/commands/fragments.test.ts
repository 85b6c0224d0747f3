/** Fragments of any output: JSON with `...` elisions read by every JSON parser; the fragment reader. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { migrationList } from '../../../src/parsers/commands/migration-list';
import { parseElidedJson, readFragment } from '../../../src/parsers/cli';
import { parseOk } from './_helpers';

test('a list in -f json with items and fields left out (`...`)', () => {
  const text = `[\n  {\n    "Id": 57,\n    "UUID": "1f7e9c3a-5b2d-4e8f-9a1c-3d5e7f9b1c2d",\n    ...\n    "Status": "failed",\n    "Server UUID": "0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60",\n    "Type": "live-migration",\n    "Created At": "2025-06-02T14:02:40.000000",\n  },\n  ...\n]\n`;
  const { value, warnings } = parseOk(migrationList, text, undefined, 'json');
  assert.is(value.length, 1);
  assert.equal([value[0]!.status, value[0]!.rawType, value[0]!.sourceCompute], ['failed', 'live-migration', null]);
  assert.ok(warnings.some((w) => /left out/.test(w)));
});

test('elisions: lines, trailing items, unicode ellipsis; not JSON stays null', () => {
  assert.equal(parseElidedJson('{\n "a": 1,\n …\n "b": [1, 2, ...]\n}'), { a: 1, b: [1, 2] });
  assert.equal(parseElidedJson('[{"a": 1}, ...]'), [{ a: 1 }]);
  assert.is(parseElidedJson('not json ...'), null);
});

test('the fragment reader: blockquoted rows, grep -H prefixes, continuation rows', () => {
  const rows = readFragment('> | status | ERROR |\n> | fault  | {\'code\': 500, |\n> |        | \'message\': \'x\'} |\n');
  assert.equal(rows, { rec: { status: 'ERROR', fault: "{'code': 500,\n'message': 'x'}" }, format: 'table' });
  const grepped = readFragment('server.json:  "status": "ERROR",\nserver.json:  "locked": false,\n');
  assert.equal(grepped, { rec: { status: 'ERROR', locked: false }, format: 'json' });
  assert.is(readFragment('nothing here'), null);
});

test.run();
