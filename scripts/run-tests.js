#!/usr/bin/env node
'use strict';
// Runs the uvu suite (every test/**/*.test.ts through tsx), shows its output as it comes, and ends
// with one plain summary line, "N passed, N failed", that CI logs and people can read at a glance.
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const uvu = path.join(root, 'node_modules', 'uvu', 'bin.js');
// optional: another folder and file pattern (npm run test:install runs test/install '\.install\.ts$')
const args = [uvu, '-r', 'tsx/cjs', process.argv[2] ?? 'test', process.argv[3] ?? '\\.test\\.ts$'];
const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
child.stdout.on('data', (d) => {
  process.stdout.write(d);
  out += d.toString();
  if (out.length > 1_000_000) out = out.slice(-100_000);
});
child.on('close', (code) => {
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? NaN);
  const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? NaN);
  const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  if (Number.isFinite(total) && Number.isFinite(passed)) {
    const failed = total - passed - skipped;
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
    process.exitCode = code || (failed > 0 ? 1 : 0);
  } else {
    process.stdout.write('\nthe test runner printed no totals\n');
    process.exitCode = code || 1;
  }
});
