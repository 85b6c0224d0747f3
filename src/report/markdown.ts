/**
 * A small Markdown-to-HTML converter for remediation text: paragraphs, bullet and numbered lists,
 * fenced code blocks, inline code and bold. It escapes everything first, so text that came from a
 * bundle (host names, ids) can never become markup.
 */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/`/g, '&#96;')
    .replace(/=/g, '&#61;');
}

function inline(s: string): string {
  // split on inline code first so ** inside code stays literal
  return s
    .split(/(`[^`]+`)/g)
    .map((part) => {
      if (/^`[^`]+`$/.test(part)) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return escapeHtml(part).replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
    })
    .join('');
}

export function markdownToHtml(md: string): string {
  const lines = md.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (/^```/.test(line)) {
      const code: string[] = [];
      i++;
      while (i < lines.length && !/^```/.test(lines[i]!)) code.push(lines[i++]!);
      i++;
      out.push(`<pre class="cmd"><code>${escapeHtml(code.join('\n'))}</code></pre>`);
      continue;
    }
    if (/^\s*[-*] /.test(line)) {
      const items: string[] = [];
      while (i < lines.length && /^\s*[-*] /.test(lines[i]!)) items.push(lines[i++]!.replace(/^\s*[-*] /, ''));
      out.push(`<ul>${items.map((x) => `<li>${inline(x)}</li>`).join('')}</ul>`);
      continue;
    }
    if (/^\s*\d+\. /.test(line)) {
      const items: string[] = [];
      while (i < lines.length && /^\s*\d+\. /.test(lines[i]!)) items.push(lines[i++]!.replace(/^\s*\d+\. /, ''));
      out.push(`<ol>${items.map((x) => `<li>${inline(x)}</li>`).join('')}</ol>`);
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && !/^```|^\s*[-*] |^\s*\d+\. /.test(lines[i]!)) para.push(lines[i++]!);
    out.push(`<p>${inline(para.join(' '))}</p>`);
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Writing GitHub-flavoured Markdown from bundle text: every helper below returns text that renders
// as exactly the characters it was given, with no markup, no HTML and no way out of its code span or
// fenced block, whatever those characters are.

/**
 * Bundle text made safe to look at: C0/C1 control characters (terminal escapes, NUL, BEL …) are
 * shown in caret notation (ESC → `^[`, as `cat -v` does), C1 controls and bidirectional overrides by
 * code point, so a log line can neither hide text, drive a terminal nor reorder what is shown.
 * TAB and LF stay.
 */
export function visibleText(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return `^${String.fromCharCode(0x40 + code)}`;
    if (code === 0x7f) return '^?';
    return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}

/**
 * What GitHub would turn into a link or a notification on its own: URLs, `www.` names, e-mail
 * addresses, @mentions and #references. In prose they are put in code spans, which are never linked
 * (a span never holds `|`, so it is safe in a table cell too).
 */
const AUTOLINKED = /(?:https?|ftp):\/\/[^\s|<>`]+|\bwww\.[^\s|<>`]+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w@])@[A-Za-z0-9][\w-]*|(?<![\w&])#\d+\b/g;

/** Prose: one line, every Markdown and HTML special character escaped, links and mentions defused. */
export function mdProse(s: string): string {
  const one = visibleText(s).replace(/\r?\n|\r/g, ' ');
  let out = '';
  let last = 0;
  for (const m of one.matchAll(AUTOLINKED)) {
    const token = m[0].replace(/[.,:;!?'")\]]+$/, '');
    if (!token) continue;
    out += escapeProse(one.slice(last, m.index)) + mdCodeSpan(token);
    last = m.index! + token.length;
  }
  out += escapeProse(one.slice(last));
  // a line starting with these would become a list, a quote or a heading underline
  return out.replace(/^(\s*)([-+=])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

function escapeProse(t: string): string {
  return t
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#{}~!])/g, '\\$1');
}

/** A code span that holds `s` literally (one line); `table` escapes `|` as GFM tables require. */
export function mdCodeSpan(s: string, table = false): string {
  let t = visibleText(s).replace(/\r?\n|\r/g, ' ');
  if (t === '') return '';
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(t) ? ' ' : '';
  if (table) t = t.replace(/\|/g, '\\|');
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** A fenced code block that holds `s` literally: the fence is longer than any backtick run inside. */
export function mdFence(s: string, info = ''): string {
  const t = visibleText(s).replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${t}\n${fence}`;
}

/**
 * Remediation text (Markdown written by rule authors, with this bundle's host names and ids filled
 * in) made safe for a ticket: fenced blocks are re-fenced so nothing inside can close them, HTML
 * outside code is escaped, inline code and bold stay. At most `maxLines` lines; a cut inside a
 * code block closes it and says so.
 */
export function mdRemediation(md: string, maxLines = Infinity): string[] {
  const lines = visibleText(md).replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  let cut = false;
  while (i < lines.length) {
    const line = lines[i]!;
    if (/^\s*```/.test(line)) {
      const info = line.trim().replace(/^`+/, '').replace(/[^A-Za-z0-9_+-]/g, '');
      const code: string[] = [];
      i++;
      while (i < lines.length && !/^\s*```/.test(lines[i]!)) code.push(lines[i++]!);
      i++;
      const room = maxLines - out.length - 2;
      if (room < 1) {
        cut = true;
        break;
      }
      if (code.length > room) cut = true;
      out.push(...mdFence(code.slice(0, room).join('\n'), info).split('\n'));
      if (cut) break;
      continue;
    }
    if (out.length >= maxLines) {
      cut = true;
      break;
    }
    out.push(safeInline(line));
    i++;
  }
  while (out.length && out[out.length - 1]!.trim() === '') out.pop();
  if (cut) out.push('', '_…shortened; the HTML report has every step._');
  return out;
}

/**
 * One line of remediation prose: code spans (a backtick run closed by a run of the same length on
 * the same line) are re-emitted by `mdCodeSpan`; everything else has HTML, link brackets and stray
 * backticks escaped, so no delimiter can pair with one on another line and nothing becomes markup.
 * Bold (`**`) and emphasis written by rule authors stay.
 */
function safeInline(line: string): string {
  const escape = (t: string) =>
    t
      .replace(/&(?![a-zA-Z]+;|#\d+;)/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/(\\*)([`[\]|])/g, (_m, bs: string, ch: string) => `${bs.replace(/\\/g, '\\\\')}\\${ch}`);
  // values filled in from the bundle can hold URLs, addresses and @mentions: code spans, never links
  const prose = (t: string) => {
    let r = '';
    let last = 0;
    for (const m of t.matchAll(AUTOLINKED)) {
      const token = m[0].replace(/[.,:;!?'")\]]+$/, '');
      if (!token) continue;
      r += escape(t.slice(last, m.index)) + mdCodeSpan(token);
      last = m.index! + token.length;
    }
    return r + escape(t.slice(last));
  };
  let out = '';
  let i = 0;
  let text = '';
  while (i < line.length) {
    if (line[i] !== '`') {
      text += line[i++];
      continue;
    }
    let n = 0;
    while (line[i + n] === '`') n++;
    // find the next run of exactly n backticks
    let j = i + n;
    let close = -1;
    while (j < line.length) {
      if (line[j] !== '`') {
        j++;
        continue;
      }
      let m = 0;
      while (line[j + m] === '`') m++;
      if (m === n) {
        close = j;
        break;
      }
      j += m;
    }
    if (close < 0) {
      text += line.slice(i, i + n);
      i += n;
      continue;
    }
    let inner = line.slice(i + n, close);
    if (/^ .*[^ ].* $/.test(inner)) inner = inner.slice(1, -1);
    out += prose(text) + mdCodeSpan(inner);
    text = '';
    i = close + n;
  }
  // a line starting with '#' would be a heading
  return (out + prose(text)).replace(/^(\s*)#/, '$1\\#');
}
