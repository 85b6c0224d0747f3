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
import { buildHtmlModel, collectPlan, humanTime, lineWindow, TYPE_LABEL, visible } from './model-html';

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
  /** evidence shown in the open for the top cause; more folds into a <details> block */
  evidenceTop: 6,
  evidenceOther: 2,
  /** evidence lines kept at all per cause (after collapsing repeats) */
  evidenceMax: 8,
  /** nodes given their own collect.sh command; the others are named in one line */
  collectNodes: 4,
  remediationTop: 24,
  remediationOther: 12,
  warnings: 3,
  missingOpen: 6,
  missingMax: 14,
  collectorErrors: 4,
  others: 4,
  /** the timeline of key events */
  timeline: 10,
  /** characters of an evidence line shown in a code block */
  line: 600,
  /** lines that followed (traceback) shown under the first evidence line of a cause */
  contextLines: 3,
  contextLine: 200,
};

/** Cut at a space at or before `n` characters, so an id or a host name is never cut in the middle. */
function cutAtWord(t: string, n: number): { text: string; cut: boolean } {
  if (t.length <= n) return { text: t, cut: false };
  const sp = t.lastIndexOf(' ', n);
  return { text: t.slice(0, sp > n / 2 ? sp : n), cut: true };
}

/** An evidence line for a code block: the start of the line and a window around the match when long. */
function evidenceLine(text: string, match: string | null, max: number = MD_LIMITS.line): string {
  const t = visible(text).replace(/\r?\n|\r/g, ' ');
  if (t.length <= max) return t;
  const w = lineWindow(t, match ? visible(match) : null, max);
  // widen to whole words so no id is cut in the middle
  let from = w.from;
  let to = w.to;
  while (from > 0 && !/\s/.test(t[from - 1]!)) from--;
  while (to < t.length && !/\s/.test(t[to]!)) to++;
  const head = w.head ? `${cutAtWord(w.head, w.head.length).text} … ` : from > 0 ? '… ' : '';
  return `${head}${t.slice(from, to)}${to < t.length ? ` … [${t.length - to} more chars]` : ''}`;
}

type EvidenceJsonItem = MigrationJson['causes'][number]['evidence'][number];

/** A log line without its leading time stamp, to see that two lines say the same. */
function sameKey(e: EvidenceJsonItem): string {
  return `${e.file}|${e.text.replace(/^\S+[ T]\S+\s+/, '').replace(/\b(req|pid)[-=]?[0-9a-f-]{6,}\b/g, '')}`;
}

/** Evidence with lines that repeat (the same message at other times) collapsed into one, with a count. */
function collapseEvidence(list: EvidenceJsonItem[]): { e: EvidenceJsonItem; lines: number[] }[] {
  const out = new Map<string, { e: EvidenceJsonItem; lines: number[] }>();
  for (const e of list) {
    const k = sameKey(e);
    const g = out.get(k);
    if (g) g.lines.push(e.line ?? 0);
    else out.set(k, { e, lines: [e.line ?? 0] });
  }
  return [...out.values()];
}

function evidenceMd(g: { e: EvidenceJsonItem; lines: number[] }, withContext: boolean) {
  const e = g.e;
  const where = e.file ? `${e.file}${e.line ? `:${e.line}` : ''}` : 'command output';
  const bits = [mdCodeSpan(where)];
  if (g.lines.length > 1) bits.push(`×${g.lines.length} (lines ${g.lines.filter(Boolean).join(', ')})`);
  if (e.time) bits.push(humanTime(e.time)!);
  if (e.host) bits.push(`host ${mdCodeSpan(e.host)}`);
  if (e.says) bits.push(prose(e.says, 300));
  const lines = [evidenceLine(e.text, e.match)];
  if (withContext && e.context.length) {
    const n = MD_LIMITS.contextLines;
    lines.push(...e.context.slice(0, n).map((c) => evidenceLine(c, null, MD_LIMITS.contextLine)));
    if (e.context.length > n) lines.push(`… [${e.context.length - n} more line(s)]`);
  }
  return { head: bits.join(' · '), block: mdFence(lines.join('\n'), 'text') };
}

/** Prose for the ticket: at most `n` characters, cut between words (bundle text can be one long line). */
function prose(s: string, n = 400): string {
  const t = s.replace(/\s+/g, ' ').trim();
  const c = cutAtWord(t, n - 1);
  return mdProse(c.cut ? `${c.text}…` : c.text);
}

function headline(m: MigrationJson): string {
  const t = TYPE_LABEL[m.type] ?? m.type;
  if (m.status === 'failed') return `${t} failed${m.failedStage && m.failedStage !== 'unknown' ? ` at ${m.failedStage}` : ''}`;
  if (m.status === 'succeeded') return `${t} succeeded`;
  if (m.status === 'in-progress') return `${t} still in progress`;
  return m.type === 'unknown' && !m.timeline.events.length ? 'No migration found' : `${t}: outcome unknown`;
}

const STAGE_MARK: Record<string, string> = { reached: '✓', failed: '✗', 'not-reached': '–', unknown: '?', 'not-seen': '·' };

/** The failed stage in words: "unknown (needs the compute logs)" says what would place it. */
export function failedStageText(m: MigrationJson): string | null {
  if (!m.failedStage) return null;
  if (m.failedStage === 'unknown' && /needs the compute logs/.test(m.failedStageWhy ?? '')) return 'unknown (needs the compute logs)';
  return m.failedStage;
}

/**
 * Five to ten key events for a ticket: the request, the first line of each stage it reached, the
 * failure, the rollback and the end, with hosts and times.
 */
export function keyEvents(m: MigrationJson, max = MD_LIMITS.timeline): MigrationJson['timeline']['events'] {
  const ev = m.timeline.events;
  const picked = new Set<MigrationJson['timeline']['events'][number]>();
  const add = (e: (typeof ev)[number] | undefined) => e && picked.add(e);
  add(ev.find((e) => e.kind === 'record') ?? ev.find((e) => e.stage === 'api'));
  for (const st of m.timeline.stages) if (st.status === 'reached') add(ev.find((e) => e.stage === st.stage && e.kind === 'reached' && e.text === st.text) ?? ev.find((e) => e.stage === st.stage && e.kind === 'reached'));
  const failures = ev.filter((e) => e.kind === 'failed');
  const failedStage = m.timeline.stages.find((s) => s.status === 'failed');
  add(failures.find((e) => failedStage && e.text === failedStage.text) ?? failures[0]);
  for (const e of failures.slice(0, 3)) if (picked.size < max - 2) add(e);
  for (const e of ev.filter((x) => x.kind === 'rollback').slice(0, 2)) add(e);
  add(ev.find((e) => e.kind === 'succeeded'));
  return [...picked].sort((a, b) => (a.time ?? '').localeCompare(b.time ?? '')).slice(0, max);
}

export function buildMarkdownModel(report: ReportJson) {
  const lead: MigrationJson | null = report.migrations[0] ?? null;
  const L = MD_LIMITS;
  const causes = (lead?.causes ?? []).slice(0, L.causes).map((c, i) => {
    const groups = collapseEvidence(c.evidence).slice(0, i === 0 ? L.evidenceMax : L.evidenceOther);
    const open = i === 0 ? L.evidenceTop : L.evidenceOther;
    const ev = groups.map((g, k) => evidenceMd(g, i === 0 && k === 0));
    return {
      rank: i + 1,
      id: c.id,
      pct: Math.round(c.score * 100),
      score: c.score.toFixed(2),
      title: prose(c.title, 160),
      why: prose(c.why, 500),
      whyNotFirst: c.whyNotFirst ? prose(c.whyNotFirst, 300) : null,
      explainedBy: c.explainedBy,
      evidence: ev.slice(0, open),
      folded: ev.slice(open),
      remediation: mdRemediation(c.remediation, i === 0 ? L.remediationTop : L.remediationOther).join('\n'),
    };
  });
  const top = causes[0] ?? null;
  const solved = !!lead?.causes[0] && lead.causes[0].score >= 0.9;
  // one line per missing input, with every check that needs it
  const byInput = new Map<string, string[]>();
  for (const n of report.notChecked) {
    const causes = byInput.get(n.missing) ?? [];
    const id = n.check.replace(/:.*$/, '');
    if (!causes.includes(id)) causes.push(id);
    byInput.set(n.missing, causes);
  }
  const missingAll = [...byInput].slice(0, L.missingMax).map(([missing, ids]) => ({ missing: prose(missing, 200), check: ids.map((i) => mdCodeSpan(i)).join(', ') }));
  const plan = collectPlan(report.notChecked);
  const stages = (lead?.timeline.stages ?? []).map((s) => {
    const mark = STAGE_MARK[s.status] ?? '·';
    return s.status === 'failed' ? `**${s.stage} ${mark}**` : `${s.stage} ${mark}`;
  });
  const inv = report.inventory;
  const timeline = lead
    ? keyEvents(lead).map((e) => ({
        time: e.time ? humanTime(e.time)!.replace(/^\d{4}-\d\d-\d\d /, '') : 'no time',
        label: prose(e.label, 120),
        where: prose(e.lane, 120),
        kind: e.kind === 'failed' ? '**failed**' : e.kind === 'rollback' ? 'rollback' : e.kind === 'succeeded' ? 'finished' : e.stage,
      }))
    : [];
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
          source: lead.source ? `${lead.sourceName ? `${mdCodeSpan(lead.sourceName, true)} ` : ''}${mdCodeSpan(lead.source, true)}` : 'unknown',
          target: lead.target ? `${lead.targetName ? `${mdCodeSpan(lead.targetName, true)} ` : ''}${mdCodeSpan(lead.target, true)}` : 'none chosen',
          rawStatus: lead.rawStatus ? prose(lead.rawStatus, 40) : null,
          failedStage: failedStageText(lead),
          failedStageWhy: lead.failedStageWhy ? prose(lead.failedStageWhy.replace(/^needs the compute logs: /, ''), 240) : null,
          requestId: lead.requestId ? mdCodeSpan(lead.requestId, true) : null,
          started: humanTime(lead.createdAt),
          day: lead.timeline.events.find((e) => e.time)?.time?.slice(0, 10) ?? null,
          fault: lead.fault ? prose(lead.fault, 300) : null,
          note: lead.note ? prose(lead.note, 300) : null,
          stages: stages.join(' → '),
          warnings: lead.warnings.slice(0, L.warnings).map((w) => ({ id: mdCodeSpan(w.id), title: prose(w.title, 160), why: prose(w.why, 300) })),
          moreWarnings: Math.max(0, lead.warnings.length - L.warnings),
          logGaps: (lead.logGaps ?? []).slice(0, 4).map((g) => ({ host: mdCodeSpan(g.host, true), message: prose(g.message, 500), command: mdFence(g.command.replace(/\r?\n/g, ' '), 'sh') })),
        }
      : null,
    top,
    causes,
    timeline,
    solved,
    missingCount: byInput.size,
    missingOpen: solved ? [] : missingAll.slice(0, L.missingOpen),
    missingFolded: solved ? missingAll : missingAll.slice(L.missingOpen),
    moreMissing: Math.max(0, byInput.size - L.missingMax),
    moreNodes: plan.nodes.slice(L.collectNodes).map((n) => mdCodeSpan(n.host)).join(', '),
    collectNodes: plan.nodes.slice(0, L.collectNodes).map((n) => ({ host: mdCodeSpan(n.host), what: prose(n.what.join('; '), 400), block: mdFence(n.command, 'sh') })),
    collectMgmt: plan.mgmt.commands.length ? { what: prose(plan.mgmt.what.join('; '), 500), block: mdFence(plan.mgmt.commands.join('\n'), 'sh') } : null,
    collectManual: plan.manual.slice(0, 4).map((m) => prose(m, 200)),
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
