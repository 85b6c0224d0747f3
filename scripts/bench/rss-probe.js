'use strict';
// Preloaded by the benchmark (`node --require scripts/bench/rss-probe.js bin/migration-doctor.js …`):
// when MIGRATION_DOCTOR_BENCH_RSS names a file, the process writes its own peak resident set size
// (process.resourceUsage().maxRSS, KiB; worker threads included) and CPU times there on exit.
const fs = require('node:fs');
const out = process.env.MIGRATION_DOCTOR_BENCH_RSS;
if (out) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    fs.writeFileSync(out, JSON.stringify({ maxRssKb: u.maxRSS, userUs: u.userCPUTime, systemUs: u.systemCPUTime }));
  });
}
