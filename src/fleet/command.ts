/** `migration-doctor fleet …`: rows from batch folders and/or the queue into fleet.html, .md, .json. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBatchFile } from '../batch/batch';
import { clean, CommandFailure, CommandUsageError, guard, parse, say } from '../batch/cli-util';
import type { CaseRow } from '../batch/row';
import { queueName, shownUrl } from '../queue/connection';
import { readQueueRows } from '../queue/results';
import { aggregate } from './aggregate';
import { renderFleetHtml, renderFleetMarkdown } from './render';

export const FLEET_HELP = `Usage: migration-doctor fleet <batch-folder>... [--redis URL] --out DIR

Reads the rows of one or more batch folders (their batch.json) and/or of the job queue, and writes
DIR/fleet.html (offline, self-contained), DIR/fleet.md and DIR/fleet.json: causes by count and
share, by week of the migration, by migration type, by region/cluster and by target host, with a
line for failed migrations of no known cause; every case links to its own report.

Options:
  -o, --out DIR          output folder (required); only the three fleet files are written
      --redis URL        also read the results kept in the job queue
      --queue NAME       queue name (default migration-doctor)
  -h, --help             this help
`;

export function fleetCommand(args: string[]): Promise<number> {
  return guard(async () => {
    const { values, positionals } = parse(args, {
      out: { type: 'string', short: 'o' },
      redis: { type: 'string' },
      queue: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      say(FLEET_HELP);
      return 0;
    }
    if (!values.out) throw new CommandUsageError('fleet needs --out DIR');
    if (!positionals.length && !values.redis) throw new CommandUsageError('fleet needs batch folders, or --redis URL, or both');
    const rows: CaseRow[] = [];
    const sources: string[] = [];
    for (const dir of positionals) {
      const r = readBatchFile(dir);
      if (!r) throw new CommandFailure(`'${dir}' has no readable batch.json (run "migration-doctor batch … --out ${dir}" first)`);
      rows.push(...r);
      sources.push(path.basename(path.resolve(dir)));
    }
    let pending = 0;
    if (values.redis) {
      const name = queueName(values.queue);
      const q = await readQueueRows(String(values.redis), name);
      rows.push(...q.rows);
      pending = q.pending;
      sources.push(`queue ${name} on ${shownUrl(String(values.redis))}`);
    }
    const out = path.resolve(String(values.out));
    fs.mkdirSync(out, { recursive: true });
    const fleet = aggregate(rows, out, sources);
    fs.writeFileSync(path.join(out, 'fleet.json'), `${JSON.stringify(fleet, null, 2)}\n`);
    fs.writeFileSync(path.join(out, 'fleet.md'), renderFleetMarkdown(fleet));
    fs.writeFileSync(path.join(out, 'fleet.html'), renderFleetHtml(fleet));
    const t = fleet.totals;
    say(clean(`${t.cases} case(s): ${t.failed} failed (${t.withCause} with a cause, ${t.noKnownCause} no known cause), ${t.errors} not analysed.`));
    for (const c of fleet.causes.slice(0, 5)) say(clean(`  ${String(c.count).padStart(4)}  ${(c.share * 100).toFixed(1).padStart(5)}%  ${c.cause}`));
    if (pending) say(`${pending} job(s) still pending in the queue: run fleet again when they are done.`);
    say(`Wrote ${path.join(out, 'fleet.html')}, fleet.md, fleet.json`);
    return 0;
  });
}
