/** Colour only on a terminal, never with NO_COLOR (non-empty) or TERM=dumb, never in a pipe. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { colourWanted, palette } from '../../src/cli/colour';
import { runMain } from '../helpers/main';

const BUNDLE = path.resolve(__dirname, '..', '..', 'bundles', 'libvirt-tls-port-refused');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'md-colour-'));
const ESC = '\x1b[';

test('the rule: a terminal, NO_COLOR unset or empty, TERM not dumb', () => {
  assert.is(colourWanted({ isTTY: true }, {}), true);
  assert.is(colourWanted({ isTTY: true }, { NO_COLOR: '' }), true, 'an empty NO_COLOR does not count (no-color.org)');
  assert.is(colourWanted({ isTTY: true }, { NO_COLOR: '1' }), false);
  assert.is(colourWanted({ isTTY: true }, { TERM: 'dumb' }), false);
  assert.is(colourWanted({ isTTY: false }, {}), false);
  assert.is(colourWanted({}, {}), false);
  assert.is(palette(false).red('x'), 'x');
  assert.is(palette(true).red('x'), '\x1b[31mx\x1b[39m');
});

async function summaryWith(tty: boolean, env: Record<string, string | undefined>): Promise<string> {
  assert.ok(fs.existsSync(BUNDLE), 'the sample bundle exists');
  const saved = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
  Object.defineProperty(process.stdout, 'isTTY', { value: tty, configurable: true, writable: true });
  try {
    const r = await runMain(['analyze', BUNDLE, '--out', path.join(tmp, 'out')], env);
    assert.is(r.code, 3, r.stderr);
    return r.stdout;
  } finally {
    if (saved) Object.defineProperty(process.stdout, 'isTTY', saved);
    else delete (process.stdout as { isTTY?: boolean }).isTTY;
  }
}

test('the summary is coloured on a terminal only, and not with NO_COLOR', async () => {
  const tty = await summaryWith(true, { NO_COLOR: undefined, TERM: 'xterm-256color' });
  assert.ok(tty.includes(ESC), 'colour on a terminal');
  assert.ok(tty.includes('\x1b[31mfailed\x1b[39m'), 'the failed status in red');
  const plain = tty.replace(/\x1b\[[0-9;]*m/g, '');
  assert.equal(await summaryWith(true, { NO_COLOR: '1', TERM: 'xterm-256color' }), plain, 'NO_COLOR: the same text, no colour');
  assert.equal(await summaryWith(false, { NO_COLOR: undefined, TERM: 'xterm-256color' }), plain, 'a pipe: no colour');
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test.run();
