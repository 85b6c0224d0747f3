#!/usr/bin/env node
'use strict';
// Entry point installed as `migration-doctor`. `npm ci` builds dist/ through the `prepare` script.
// In a checkout whose sources are newer than that build (someone is editing src/), or with
// MIGRATION_DOCTOR_FROM_SOURCE=1 (the tests), the TypeScript sources run through tsx instead, so a
// stale build never answers for the code in front of you.
const path = require('node:path');
const fs = require('node:fs');

const root = path.join(__dirname, '..');
const built = path.join(root, 'dist', 'cli', 'main.js');

function newestSource(dir) {
  let newest = 0;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function useBuild() {
  if (process.env.MIGRATION_DOCTOR_FROM_SOURCE) return false;
  let builtAt;
  try {
    builtAt = fs.statSync(built).mtimeMs;
  } catch {
    return false;
  }
  return newestSource(path.join(root, 'src')) <= builtAt;
}

if (useBuild()) {
  require(built).main(process.argv.slice(2));
} else {
  try {
    require.resolve('tsx/cjs');
  } catch {
    process.stderr.write('migration-doctor: no build found; run "npm ci" (or "npm run build") first\n');
    process.exit(2);
  }
  require('tsx/cjs');
  require(path.join(root, 'src', 'cli', 'main.ts')).main(process.argv.slice(2));
}
