#!/usr/bin/env node
'use strict';
// `npx migration-doctor` looks in node_modules/.bin, where npm links the bins of dependencies but
// not the project's own. After `npm ci` (the `prepare` step) this links ours there, so the README's
// `npx migration-doctor analyze …` works in a fresh clone. (package.json deliberately has no `bin`
// field: with one, npm 11's npx tries to install the project into its own cache first and fails.)
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const binDir = path.join(root, 'node_modules', '.bin');
const target = path.join(root, 'bin', 'migration-doctor.js');
const link = path.join(binDir, 'migration-doctor');
try {
  fs.mkdirSync(binDir, { recursive: true });
  try {
    fs.unlinkSync(link);
  } catch {
    /* not there yet */
  }
  fs.symlinkSync(path.relative(binDir, target), link);
  fs.chmodSync(target, 0o755);
} catch (e) {
  // a file system without symlinks: a small shim does the same
  fs.writeFileSync(link, `#!/usr/bin/env node\nrequire(${JSON.stringify(target)});\n`, { mode: 0o755 });
}
