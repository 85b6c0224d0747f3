#!/usr/bin/env node
'use strict';
// `npm run bench`: generates the benchmark bundles once (cached in a temp folder) and measures the
// analyzer (built dist/, as users run it) against `gzip -dc` / `unzip -p` on the same files.
// The harness is TypeScript under scripts/bench/, run through tsx (a devDependency).
// Options: node bin/bench.js --help
require('tsx/cjs');
// `bench.js scale …` (npm run bench:scale): many small cases through batch and the job queue
const scale = process.argv[2] === 'scale';
require(scale ? '../scripts/bench/scale.ts' : '../scripts/bench/main.ts')
  .main(process.argv.slice(scale ? 3 : 2))
  .catch((e) => {
    process.stderr.write(`bench: ${(e && e.stack) || e}\n`);
    process.exitCode = 1;
  });
