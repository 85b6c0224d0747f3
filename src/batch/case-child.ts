/**
 * The process one case is analysed in (forked by pool.ts). A crash, an out-of-memory abort or a hang
 * here ends this process only; the pool records the case as an error row and starts a fresh child.
 * It takes one case at a time over IPC and exits when its parent goes away (a killed worker must not
 * leave analyses running).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, RulesInvalidError } from '../pipeline/analyze';
import { loadRules, type LoadedRule } from '../rules/load';
import { renderHtml, renderMarkdown } from '../report/render';
import { createRedactor } from '../report/redact';
import { caseExitCode, CASE_EXIT } from './exit';
import type { ChildReply, ChildRequest } from './pool';

// Rules are loaded once per process, not per case: reading and checking them costs about half a
// second, more than the analysis of a small bundle. One process serves one rules folder.
const rulesByDir = new Map<string, LoadedRule[]>();
function rulesFor(dir: string | undefined): LoadedRule[] {
  const key = dir ?? '';
  let rules = rulesByDir.get(key);
  if (!rules) {
    const set = loadRules(dir);
    if (set.errors.length) throw new RulesInvalidError(`${set.errors.length} rule file problem(s); run \`migration-doctor rules lint\``);
    rules = set.rules;
    rulesByDir.set(key, rules);
  }
  return rules;
}

async function runOne(req: ChildRequest): Promise<ChildReply> {
  const dir = path.join(req.root, req.folder);
  try {
    const { report, lead, origin } = await analyze({ inputs: req.inputs, limits: req.limits, rules: rulesFor(req.rulesDir) });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    fs.writeFileSync(path.join(dir, 'report.md'), renderMarkdown(report));
    fs.writeFileSync(path.join(dir, 'report.html'), renderHtml(report));
    const exitCode = caseExitCode(report, lead);
    const errors: string[] = [];
    const unreadable = report.inventory.filter((i) => i.status === 'unreadable');
    if (exitCode === CASE_EXIT.UNREADABLE) errors.push('nothing in the input could be read as a bundle');
    for (const u of unreadable.slice(0, 3)) errors.push(`unreadable: ${u.path}: ${u.reason}`);
    if (unreadable.length > 3) errors.push(`… and ${unreadable.length - 3} more unreadable entries`);
    const top = lead?.causes[0];
    return {
      id: req.id,
      ok: true,
      fields: {
        outcome: exitCode === CASE_EXIT.UNREADABLE ? 'error' : 'ok',
        instance: lead?.instance ?? null,
        type: lead?.type ?? null,
        status: exitCode === CASE_EXIT.UNREADABLE ? 'unreadable' : (lead?.status ?? 'no-migration'),
        topCause: top?.id ?? null,
        topCauseTitle: top?.title ?? null,
        score: top?.score ?? null,
        source: lead?.source ?? null,
        target: lead?.target ?? null,
        migratedAt: lead?.createdAt ?? null,
        region: origin.region,
        cluster: origin.cluster,
        exitCode,
        errors,
        report: req.folder,
      },
    };
  } catch (e) {
    // the message may quote input text: redact it like a report before it reaches a row or a terminal
    const msg = createRedactor().redact(((e as Error)?.message ?? String(e)).split('\n')[0]!.slice(0, 500));
    const input = /^cannot read input/.test(msg);
    return { id: req.id, ok: false, exitCode: input ? CASE_EXIT.UNREADABLE : CASE_EXIT.INTERNAL, reason: msg };
  }
}

process.on('disconnect', () => process.exit(0));
process.on('message', (req: ChildRequest) => {
  void runOne(req).then((reply) => process.send?.(reply));
});
