#!/usr/bin/env node
'use strict';
// npm's `prepare` step (after `npm ci` / `npm install` in a checkout, and before `npm pack`): builds
// dist/ from src/ with TypeScript. Without TypeScript (`npm ci --omit=dev`, the usual container
// recipe) nothing can be built: a dist/ already there (from the packed tarball, or built in an
// earlier stage) is used as it is, and without one the step fails and says how to get one.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const built = path.join(root, 'dist', 'cli', 'main.js');
const hasSources = fs.existsSync(path.join(root, 'src', 'cli', 'main.ts'));
let tsc = null;
try {
  tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
} catch {
  /* --omit=dev */
}

if (hasSources && tsc) {
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
if (fs.existsSync(built)) process.exit(0);
process.stderr.write(
  'migration-doctor: dist/ is not built and TypeScript is not installed (dev dependencies omitted).\n' +
    'Build first ("npm ci && npm run build", then "npm prune --omit=dev"), or install the packed\n' +
    'tarball ("npm pack" in a full checkout, then "npm install -g migration-doctor-<version>.tgz").\n',
);
process.exit(1);
