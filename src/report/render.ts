/**
 * Renders the JSON report as HTML and Markdown through the Handlebars templates in `templates/`.
 * Templates only ever receive data, never bundle text as template source, so `{{…}}` in a log stays
 * text. HTML: Handlebars escapes every `{{ }}`; the one raw insertion (`md`) goes through
 * `markdownToHtml`, which escapes first. Markdown: the template is compiled without escaping, so
 * every string it prints is prepared here already safe (`mdProse`, `mdCodeSpan`, `mdFence`,
 * `mdRemediation`); the template adds only fixed words, numbers and enum values.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import type { MigrationJson, ReportJson } from './schema';
import { markdownToHtml, mdCodeSpan, mdFence, mdProse, mdRemediation } from './markdown';
import { buildHtmlModel, groupNotChecked, humanTime, lineWindow, TYPE_LABEL, visible } from './model-html';

export function templatesDir(): string {
  return path.resolve(__dirname, '..', '..', 'templates');
}

function instance(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('gt', (a: unknown, b: unknown) => typeof a === 'number' && typeof b === 'number' && a > b);
  hb.registerHelper('lt', (a: unknown, b: unknown) => typeof a === 'number' && typeof b === 'number' && a < b);
  hb.registerHelper('md', (s: string) => new hb.SafeString(markdownToHtml(s ?? '')));
  hb.registerHelper('join', (list: unknown[], sep: string) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : ''));
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).find(Boolean) ?? '');
  return hb;
}

const cache = new Map<string, HandlebarsTemplateDelegate>();
function template(name: string, noEscape: boolean): HandlebarsTemplateDelegate {
  const key = `${name}|${noEscape}`;
  let t = cache.get(key);
  if (!t) {
    const src = fs.readFileSync(path.join(templatesDir(), name), 'utf8');
    t = instance().compile(src, { noEscape, strict: false });
    cache.set(key, t);
  }
  return t;
}

export function renderHtml(report: ReportJson): string {
  return template('report.html.hbs', false)(buildHtmlModel(report), { allowProtoPropertiesByDefault: false });
}

// ---------------------------------------------------------------------------------------------
// Markdown: a ticket-sized summary. Limits keep it well under 200 lines for any bundle.

export const MD_LIMITS = {
  causes: 3,
  evidenceTop: 3,
  evidenceOther: 1,
  remediationTop: 20,
  remediationOther: 8,
  warnings: 3,
  collect: 6,
  missing: 6,
  collectorErrors: 4,
  others: 4,
  /** characters of an evidence line shown in a code block */
  line: 400,
  /** lines that followed (traceback) shown under the first evidence line of a cause */
  contextLines: 4,
  contextLine: 200,
};


/** An evidence line for a code block: the start of the line and a window around the match when long. */
function evidenceLine(text: string, match: string | null, max: number = MD_LIMITS.line): string {
  const t = visible(text).replace(/\r?\n|\r/g, ' ');
  if (t.length <= max) return t;
  const w = lineWindow(t, match ? visible(match) : null, max);
  const head = w.head ? `${w.head} … [${w.from - w.head.length} chars] … ` : w.from > 0 ? `… [${w.from} chars] … ` : '';
  return `${head}${t.slice(w.from, w.to)}${w.to < t.length ? ` … [${t.length - w.to} more chars]` : ''}`;
}

function evidenceMd(e: MigrationJson['causes'][number]['evidence'][number], withContext: boolean) {
  const where = e.file ? `${e.file}${e.line ? `:${e.line}` : ''}` : 'command output';
  const bits = [mdCodeSpan(where)];
  if (e.time) bits.push(humanTime(e.time)!);
  if (e.host) bits.push(`host ${mdCodeSpan(e.host)}`);
  const lines = [evidenceLine(e.text, e.match)];
  if (withContext && e.context.length) {
    const n = MD_LIMITS.contextLines;
    lines.push(...e.context.slice(0, n).map((c) => evidenceLine(c, null, MD_LIMITS.contextLine)));
    if (e.context.length > n) lines.push(`… [${e.context.length - n} more line(s)]`);
  }
  return { head: bits.join(' · '), block: mdFence(lines.join('\n'), 'text') };
}

/** Prose for the ticket: at most `n` characters (bundle text can make a single line of any length). */
function prose(s: string, n = 400): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return mdProse(t.length > n ? `${t.slice(0, n - 1)}…` : t);
}

function headline(m: MigrationJson): string {
  const t = TYPE_LABEL[m.type] ?? m.type;
  if (m.status === 'failed') return `${t} failed${m.failedStage && m.failedStage !== 'unknown' ? ` at ${m.failedStage}` : ''}`;
  if (m.status === 'succeeded') return `${t} succeeded`;
  if (m.status === 'in-progress') return `${t} still in progress`;
  return m.type === 'unknown' && !m.timeline.events.length ? 'No migration found' : `${t}: outcome unknown`;
}

export function buildMarkdownModel(report: ReportJson) {
  const lead: MigrationJson | null = report.migrations[0] ?? null;
  const L = MD_LIMITS;
  const causes = (lead?.causes ?? []).slice(0, L.causes).map((c, i) => ({
    rank: i + 1,
    id: c.id,
    pct: Math.round(c.score * 100),
    score: c.score.toFixed(2),
    title: prose(c.title, 160),
    why: prose(c.why, 500),
    whyNotFirst: c.whyNotFirst ? prose(c.whyNotFirst, 300) : null,
    explainedBy: c.explainedBy,
    evidence: c.evidence.slice(0, i === 0 ? L.evidenceTop : L.evidenceOther).map((e, k) => evidenceMd(e, i === 0 && k === 0)),
    moreEvidence: Math.max(0, c.evidence.length - (i === 0 ? L.evidenceTop : L.evidenceOther)),
    remediation: mdRemediation(c.remediation, i === 0 ? L.remediationTop : L.remediationOther).join('\n'),
  }));
  const groups = groupNotChecked(report.notChecked);
  const missing = report.notChecked.slice(0, L.missing).map((n) => ({ missing: prose(n.missing, 200), check: mdCodeSpan(n.check.replace(/:.*$/, '')) }));
  const stages = (lead?.timeline.stages ?? []).map((s) => {
    const failed = s.status === 'failed' || lead?.failedStage === s.stage;
    const mark = failed ? '✗' : s.status === 'reached' ? '✓' : '·';
    return failed ? `**${s.stage} ${mark}**` : `${s.stage} ${mark}`;
  });
  const inv = report.inventory;
  return {
    report,
    lead: lead
      ? {
          headline: headline(lead),
          status: lead.status,
          instance: mdCodeSpan(lead.instance, true),
          instanceName: lead.instanceName ? prose(lead.instanceName, 120) : null,
          instanceStatus: lead.instanceStatus ? prose(lead.instanceStatus, 40) : null,
          type: TYPE_LABEL[lead.type] ?? lead.type,
          source: lead.source ? mdCodeSpan(lead.source, true) : 'unknown',
          target: lead.target ? mdCodeSpan(lead.target, true) : 'none chosen',
          rawStatus: lead.rawStatus ? prose(lead.rawStatus, 40) : null,
          failedStage: lead.failedStage,
          failedStageWhy: lead.failedStageWhy ? prose(lead.failedStageWhy, 200) : null,
          requestId: lead.requestId ? mdCodeSpan(lead.requestId, true) : null,
          started: humanTime(lead.createdAt),
          fault: lead.fault ? prose(lead.fault, 300) : null,
          note: lead.note ? prose(lead.note, 300) : null,
          stages: stages.join(' → '),
          warnings: lead.warnings.slice(0, L.warnings).map((w) => ({ id: mdCodeSpan(w.id), title: prose(w.title, 160), why: prose(w.why, 300) })),
          moreWarnings: Math.max(0, lead.warnings.length - L.warnings),
          logGaps: (lead.logGaps ?? []).slice(0, 4).map((g) => ({ host: mdCodeSpan(g.host, true), message: prose(g.message, 500), command: mdFence(g.command.replace(/\r?\n/g, ' '), 'sh') })),
        }
      : null,
    top: causes[0] ?? null,
    causes,
    missingCount: report.notChecked.length,
    collect: groups.length ? mdFence(groups.slice(0, L.collect).map((g) => g.collect.replace(/\r?\n/g, ' ')).join('\n'), 'sh') : null,
    moreCollect: Math.max(0, groups.length - L.collect),
    missing,
    moreMissing: Math.max(0, report.notChecked.length - L.missing),
    collectorErrors: report.collectorErrors.slice(0, L.collectorErrors).map((e) => ({
      command: mdCodeSpan(e.command),
      host: e.host ? mdCodeSpan(e.host) : 'management plane',
      reason: prose(e.reason, 300),
    })),
    moreCollectorErrors: Math.max(0, report.collectorErrors.length - L.collectorErrors),
    unreadable: inv.filter((i) => i.status === 'unreadable').slice(0, 4).map((i) => ({ path: mdCodeSpan(i.path), reason: prose(i.reason, 200) })),
    moreUnreadable: Math.max(0, inv.filter((i) => i.status === 'unreadable').length - 4),
    others: report.migrations.slice(1, 1 + L.others).map((m) => ({
      instance: mdCodeSpan(m.instance, true),
      type: TYPE_LABEL[m.type] ?? m.type,
      source: m.source ? mdCodeSpan(m.source, true) : '?',
      target: m.target ? mdCodeSpan(m.target, true) : 'none',
      status: m.status,
      top: m.causes[0] ? `${mdCodeSpan(m.causes[0].id, true)} (${Math.round(m.causes[0].score * 100)}%)` : '—',
    })),
    moreOthers: Math.max(0, report.migrations.length - 1 - L.others),
    inputs: report.inputs.map((i) => mdCodeSpan(i)).join(', '),
    generated: humanTime(report.generatedAt),
    counts: {
      entries: inv.length,
      parsed: inv.filter((i) => i.status === 'parsed').length,
      skipped: inv.filter((i) => i.status === 'skipped').length,
      unreadable: inv.filter((i) => i.status === 'unreadable').length,
    },
  };
}

export function renderMarkdown(report: ReportJson): string {
  return template('report.md.hbs', true)(buildMarkdownModel(report), { allowProtoPropertiesByDefault: false })
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '');
}
