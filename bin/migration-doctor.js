#!/usr/bin/env node
'use strict';
// Entry point installed as `migration-doctor`. `npm ci` builds dist/ through the `prepare` script;
// without a build (or with MIGRATION_DOCTOR_FROM_SOURCE=1, as the tests do) the TypeScript sources
// run through tsx.
const path = require('node:path');
const fs = require('node:fs');
const built = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (fs.existsSync(built) && !process.env.MIGRATION_DOCTOR_FROM_SOURCE) {
  require(built).main(process.argv.slice(2));
} else {
  require('tsx/cjs');
  require(path.join(__dirname, '..', 'src', 'cli', 'main.ts')).main(process.argv.slice(2));
}
