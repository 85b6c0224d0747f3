/**
 * The fleet view as one self-contained HTML page (the report's Content-Security-Policy: nothing is
 * loaded, no script runs; every text is escaped) and as Markdown. Both are made from FleetJson only.
 */
import type { CaseRef, FleetJson, GroupLine } from './aggregate';

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; script-src 'none'; object-src 'none'; media-src 'none'; frame-src 'none'; worker-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'";

export function esc(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A link target we made ourselves (a relative path); anything with a scheme is refused. */
function href(link: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('//')) return null;
  return link.split('/').map(encodeURIComponent).join('/');
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function htmlCases(cases: CaseRef[]): string {
  if (!cases.length) return '';
  const items = cases.map((c) => {
    const h = c.link ? href(c.link) : null;
    return h ? `<a href="${esc(h)}">${esc(c.case)}</a>` : esc(c.case);
  });
  const list = items.join(', ');
  return cases.length > 8 ? `<details><summary>${cases.length} cases</summary>${list}</details>` : list;
}

function htmlCauses(causes: Record<string, number>): string {
  return Object.entries(causes)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([id, n]) => `${esc(id)} (${n})`)
    .join(', ');
}

function htmlGroup(title: string, keyTitle: string, lines: GroupLine[]): string {
  const rows = lines
    .map((g) => `<tr><td>${esc(g.key)}</td><td class="n">${g.failed}</td><td>${htmlCauses(g.causes)}</td><td class="n">${g.noKnownCause}</td><td>${htmlCases(g.cases)}</td></tr>`)
    .join('\n');
  return `<h2>${esc(title)}</h2>
<table><thead><tr><th>${esc(keyTitle)}</th><th>failed</th><th>causes (cases)</th><th>no known cause</th><th>cases</th></tr></thead>
<tbody>${rows || '<tr><td colspan="5">no failed migration</td></tr>'}</tbody></table>`;
}

export function renderFleetHtml(f: FleetJson): string {
  const t = f.totals;
  const causeRows = f.causes
    .map((c) => `<tr><td><code>${esc(c.cause)}</code></td><td>${esc(c.title)}</td><td class="n">${c.count}</td><td class="n">${pct(c.share)}</td><td>${htmlCases(c.cases)}</td></tr>`)
    .join('\n');
  const noCause = `<tr class="nocause"><td colspan="2">failed, no known cause</td><td class="n">${f.failedNoKnownCause.count}</td><td class="n">${pct(f.failedNoKnownCause.share)}</td><td>${htmlCases(f.failedNoKnownCause.cases)}</td></tr>`;
  const errors = f.errors.map((e) => `<tr><td>${e.link && href(e.link) ? `<a href="${esc(href(e.link)!)}">${esc(e.case)}</a>` : esc(e.case)}</td><td>${esc(e.reason)}</td></tr>`).join('\n');
  const all = f.rows
    .map((r) => {
      const h = r.link ? href(r.link) : null;
      const name = h ? `<a href="${esc(h)}">${esc(r.case)}</a>` : esc(r.case);
      return `<tr><td>${name}</td><td>${esc(r.status)}</td><td>${esc(r.topCause ?? '')}</td><td class="n">${r.score === null ? '' : r.score.toFixed(2)}</td><td>${esc(r.type ?? '')}</td><td>${esc(r.week ?? '')}</td><td>${esc(r.region ?? '')}</td><td>${esc(r.target ?? '')}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>migration-doctor fleet: ${t.cases} cases</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:1200px;padding:0 1em;color:#1b1f24}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}
th,td{border:1px solid #d0d7de;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f6f8fa}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.nocause td{background:#fff8c5;font-weight:600}
code{font-size:95%}
.totals{color:#57606a}
</style>
</head>
<body>
<h1>What breaks migrations: ${t.cases} case(s)</h1>
<p class="totals">${t.failed} failed migration(s): ${t.withCause} with a ranked cause, ${t.noKnownCause} with no known cause; ${t.notFailed} without a failure; ${t.errors} could not be analysed. Generated ${esc(f.generatedAt)}. Each case counts once, by the first-ranked cause of its report.</p>
<h2>Causes</h2>
<table><thead><tr><th>cause</th><th>title</th><th>cases</th><th>share of failed</th><th>cases</th></tr></thead>
<tbody>${causeRows}
${noCause}</tbody></table>
${htmlGroup('By week of the migration', 'week', f.byWeek)}
${htmlGroup('By migration type', 'type', f.byType)}
${htmlGroup('By region / cluster', 'region / cluster', f.byRegion)}
${htmlGroup('By target host (which targets keep failing)', 'target host', f.byTargetHost)}
<h2>Could not be analysed</h2>
<table><thead><tr><th>case</th><th>reason</th></tr></thead><tbody>${errors || '<tr><td colspan="2">none</td></tr>'}</tbody></table>
<h2>Every case</h2>
<table><thead><tr><th>case</th><th>status</th><th>top cause</th><th>score</th><th>type</th><th>week</th><th>region</th><th>target</th></tr></thead>
<tbody>${all}</tbody></table>
</body>
</html>
`;
}

/** Text in a Markdown table cell: no HTML, no link or emphasis syntax, no line breaks, no pipes. */
export function mdText(s: string): string {
  return s
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/([\\`*_{}[\]()#+!|<>~])/g, '\\$1')
    .replace(/&/g, '&amp;');
}

/** Case links for a Markdown cell; a long list is cut (the HTML page and fleet.json have them all). */
function mdCases(cases: CaseRef[], max = Infinity): string {
  const more = cases.length > max ? `, … and ${cases.length - max} more` : '';
  return cases
    .slice(0, max)
    .map((c) => {
      const h = c.link ? href(c.link) : null;
      return h ? `[${mdText(c.case)}](${h.replace(/[()]/g, (x) => encodeURIComponent(x))})` : mdText(c.case);
    })
    .join(', ') + more;
}

function mdGroup(title: string, keyTitle: string, lines: GroupLine[]): string {
  const out = [`## ${title}`, '', `| ${keyTitle} | failed | causes (cases) | no known cause | cases |`, '|---|---:|---|---:|---|'];
  for (const g of lines) {
    const causes = Object.entries(g.causes).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id, n]) => `${mdText(id)} (${n})`).join(', ');
    out.push(`| ${mdText(g.key)} | ${g.failed} | ${causes} | ${g.noKnownCause} | ${mdCases(g.cases, 10)} |`);
  }
  if (!lines.length) out.push('| no failed migration | | | | |');
  return out.join('\n');
}

export function renderFleetMarkdown(f: FleetJson): string {
  const t = f.totals;
  const lines = [
    `# What breaks migrations: ${t.cases} case(s)`,
    '',
    `${t.failed} failed migration(s): ${t.withCause} with a ranked cause, ${t.noKnownCause} with no known cause; ${t.notFailed} without a failure; ${t.errors} could not be analysed. Generated ${f.generatedAt}. Each case counts once, by the first-ranked cause of its report.`,
    '',
    '## Causes',
    '',
    '| cause | title | cases | share of failed | cases |',
    '|---|---|---:|---:|---|',
    ...f.causes.map((c) => `| \`${c.cause.replace(/`/g, '')}\` | ${mdText(c.title)} | ${c.count} | ${pct(c.share)} | ${mdCases(c.cases)} |`),
    `| **failed, no known cause** | | ${f.failedNoKnownCause.count} | ${pct(f.failedNoKnownCause.share)} | ${mdCases(f.failedNoKnownCause.cases)} |`,
    '',
    mdGroup('By week of the migration', 'week', f.byWeek),
    '',
    mdGroup('By migration type', 'type', f.byType),
    '',
    mdGroup('By region / cluster', 'region / cluster', f.byRegion),
    '',
    mdGroup('By target host (which targets keep failing)', 'target host', f.byTargetHost),
    '',
    '## Could not be analysed',
    '',
    '| case | reason |',
    '|---|---|',
    ...(f.errors.length ? f.errors.map((e) => `| ${mdCases([{ case: e.case, link: e.link }])} | ${mdText(e.reason)} |`) : ['| none | |']),
    '',
  ];
  return `${lines.join('\n')}\n`;
}
