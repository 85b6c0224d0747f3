#!/usr/bin/env node
'use strict';
// The `migration-doctor` command (package.json "bin"). It runs the compiled JavaScript in dist/,
// built by `npm ci` / `npm run build` in a checkout and shipped in the packed tarball.
// MIGRATION_DOCTOR_FROM_SOURCE=1 runs the TypeScript sources through tsx instead (the tests do; a
// developer may, to skip `npm run build` after editing src/).
const path = require('node:path');

const root = path.join(__dirname, '..');

if (process.env.MIGRATION_DOCTOR_FROM_SOURCE) {
  try {
    require('tsx/cjs');
  } catch {
    process.stderr.write('migration-doctor: MIGRATION_DOCTOR_FROM_SOURCE needs the dev dependencies (npm ci)\n');
    process.exit(2);
  }
  require(path.join(root, 'src', 'cli', 'main.ts')).main(process.argv.slice(2));
} else {
  let cli;
  try {
    cli = require(path.join(root, 'dist', 'cli', 'main.js'));
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(path.join('dist', 'cli', 'main.js'))) {
      process.stderr.write('migration-doctor: not built yet: run "npm ci" (or "npm run build") in the checkout first\n');
      process.exit(2);
    }
    throw e;
  }
  cli.main(process.argv.slice(2));
}
