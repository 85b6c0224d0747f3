/**
 * The shared rule tester (ESLint's RuleTester, Semgrep's annotated tests): every rule names sample
 * bundles where it must fire (`tests.positive`) and where it must stay silent (`tests.negative`).
 * Each bundle is analysed once with the whole rule set, so a rule is tested in real company.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../pipeline/analyze';
import type { LoadedRule } from './load';

export interface RuleTestResult {
  rule: string;
  bundle: string;
  kind: 'positive' | 'negative';
  pass: boolean;
  detail: string;
}

export async function runRuleTests(rules: LoadedRule[], bundlesDir: string): Promise<RuleTestResult[]> {
  const hitsByBundle = new Map<string, string[] | Error>();
  const hits = async (bundle: string): Promise<string[] | Error> => {
    let h = hitsByBundle.get(bundle);
    if (h) return h;
    const dir = path.join(bundlesDir, bundle);
    if (!fs.existsSync(dir)) h = new Error(`no sample bundle bundles/${bundle}`);
    else {
      try {
        const expect = readInstance(path.join(bundlesDir, `${bundle}.expect.yaml`));
        const r = await analyze({ inputs: [dir], rules, instance: expect ?? undefined });
        h = r.leadRuleHits;
      } catch (e) {
        h = e as Error;
      }
    }
    hitsByBundle.set(bundle, h);
    return h;
  };
  const out: RuleTestResult[] = [];
  for (const rule of rules) {
    for (const kind of ['positive', 'negative'] as const) {
      for (const bundle of rule.tests[kind]) {
        const h = await hits(bundle);
        if (h instanceof Error) {
          out.push({ rule: rule.id, bundle, kind, pass: false, detail: h.message });
          continue;
        }
        const fired = h.includes(rule.id);
        const pass = kind === 'positive' ? fired : !fired;
        out.push({ rule: rule.id, bundle, kind, pass, detail: pass ? '' : kind === 'positive' ? 'the rule did not fire' : 'the rule fired' });
      }
    }
  }
  return out;
}

function readInstance(file: string): string | null {
  if (!fs.existsSync(file)) return null;
  const m = /^instance:\s*["']?([0-9a-f-]{8,})/m.exec(fs.readFileSync(file, 'utf8'));
  return m ? m[1]! : null;
}
