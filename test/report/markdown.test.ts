import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import { markdownToHtml, mdCodeSpan, mdFence, mdProse, mdRemediation } from '../../src/report/markdown';
import { analyze } from '../../src/pipeline/analyze';
import { loadRules } from '../../src/rules/load';
import { renderMarkdown } from '../../src/report/render';
import { splitMarkdown, withoutCodeSpans } from './_md';
import { buildHostileBundle, HOSTILE } from './_hostile';

test('renders code blocks, lists, inline code and bold', () => {
  const html = markdownToHtml('Check **this**:\n```\nnc -zv host 16514\n```\n- one `two`\n- three\n\n1. first\n2. second');
  assert.match(html, /<p>Check <strong>this<\/strong>:<\/p>/);
  assert.match(html, /<pre class="cmd"><code>nc -zv host 16514<\/code><\/pre>/);
  assert.match(html, /<ul><li>one <code>two<\/code><\/li><li>three<\/li><\/ul>/);
  assert.match(html, /<ol><li>first<\/li><li>second<\/li><\/ol>/);
});

test('escapes HTML from filled-in bundle values', () => {
  const html = markdownToHtml('host <script>alert(1)</script> and `<img src=x onerror=alert(1)>`\n```\n</code></pre><script>x</script>\n```');
  assert.not.match(html, /<script>/);
  assert.not.match(html, /<img/);
  assert.match(html, /&lt;script&gt;/);
});


// ---------------------------------------------------------------------------------------------
// Writing Markdown: bundle text never leaves its code block or code span, never becomes markup.

const NASTY = [
  '```',
  '````',
  '~~~',
  '   ```',
  '</pre></code><script>alert(1)</script>',
  "{{constructor.constructor('alert(1)')()}}",
  '`` ` ``` | pipe',
  '\u001b[31mred\u001b[0m',
].join('\n');

test('mdFence: the block holds the text exactly, whatever fences are inside', () => {
  const md = `before\n${mdFence(NASTY, 'text')}\nafter`;
  const parts = splitMarkdown(md);
  assert.is(parts.blocks.length, 1);
  assert.is(parts.blocks[0], NASTY.replace(/\u001b/g, '^['));
  assert.equal(parts.prose, ['before', 'after']);
});

test('mdCodeSpan: backticks and pipes stay inside the span', () => {
  for (const s of ['a`b', '``x``', '`lead', 'trail`', 'a | b', '<img src=x onerror=alert(1)>']) {
    const span = mdCodeSpan(s);
    assert.is(withoutCodeSpans(span).trim(), '', `${s} → ${span}`);
    assert.ok(mdCodeSpan(s, true).split('\\|').every((p) => !p.includes('|')), 'pipes escaped for tables');
  }
});

test('mdProse: no markup, no HTML, no line-start syntax', () => {
  const out = mdProse('**b** _i_ [l](javascript:x) <script>x</script> # h ~~s~~ `c` a|b {{x}}');
  assert.not.match(out, /(^|[^\\])[*_[\]`~|#{}]/);
  assert.not.ok(out.includes('<'));
  assert.is(mdProse('- item'), '\\- item');
  assert.is(mdProse('1. item'), '1\\. item');
  assert.is(mdProse('line\nbreak'), 'line break');
});

test('mdProse: URLs, e-mail addresses, mentions and issue references are not linked', () => {
  const out = mdProse('see https://evil.example/x|<img src=x> or www.example.com, mail ops@example.com, ping @octocat about #12');
  for (const s of ['`https://evil.example/x`', '`www.example.com`,', '`ops@example.com`', '`@octocat`', '`#12`']) assert.ok(out.includes(s), `${s} in ${out}`);
  assert.ok(out.includes('\\|&lt;img'), out);
});

test('mdRemediation: code blocks stay code, HTML outside code is escaped, author formatting stays', () => {
  const md = [
    'Restart **libvirtd** on `cmp-1<img src=x>` and check <b>logs</b>.',
    'Stray `backtick then <img src=x onerror=alert(1)> and `` pair',
    '```',
    'ssh cmp-1 ```',
    '</pre><script>alert(1)</script>',
    '```',
    'then <script>alert(2)</script>',
  ].join('\n');
  const out = mdRemediation(md).join('\n');
  const parts = splitMarkdown(out);
  assert.is(parts.blocks.length, 1, out);
  assert.is(parts.blocks[0], 'ssh cmp-1 ```\n</pre><script>alert(1)</script>');
  for (const line of parts.prose) assert.not.ok(withoutCodeSpans(line).includes('<'), `raw < outside code: ${line}`);
  assert.match(out, /\*\*libvirtd\*\*/);
  assert.match(out, /`cmp-1<img src=x>`/);
});

test('mdRemediation: a cut inside a code block closes the block', () => {
  const md = ['Run:', '```', ...Array.from({ length: 50 }, (_, i) => `cmd ${i}`), '```'].join('\n');
  const out = mdRemediation(md, 10);
  assert.ok(out.length <= 12, String(out.length));
  const parts = splitMarkdown(out.join('\n'));
  assert.is(parts.blocks.length, 1);
  assert.match(out.join('\n'), /shortened/);
});

test('a bundle with hostile logs: the Markdown keeps all of it inside code blocks', async () => {
  const dir = buildHostileBundle();
  try {
    const { report } = await analyze({ inputs: [dir], rules: loadRules().rules, now: new Date('2026-12-01T00:00:00Z') });
    assert.is(report.migrations[0]?.causes[0]?.id, 'libvirt-tls', 'the cause is still found');
    const md = renderMarkdown(report);
    const { blocks, prose } = splitMarkdown(md);
    const code = blocks.join('\n');
    for (const s of [HOSTILE.script, HOSTILE.handlebars, HOSTILE.breakout, HOSTILE.img]) {
      assert.ok(code.includes(s), `${s} shown, inside a code block`);
    }
    assert.ok(code.includes('^[[31mRED^[[0m'), 'terminal escapes shown in caret notation');
    assert.not.ok(md.includes('\u001b') || md.includes('\u0007'), 'no raw control characters');
    // the only HTML is the report's own folding of long lists (<details>, <summary>)
    const outside = prose.map(withoutCodeSpans).join('\n').replace(/<\/?details>|<summary>|<\/summary>/g, '');
    assert.not.ok(outside.includes('<'), 'no raw < outside code');
    assert.not.ok(outside.includes('{{'), 'no raw {{ outside code');
    assert.ok(md.split('\n').length < 200);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});



// ---------------------------------------------------------------------------------------------
// Ticket Markdown: repeated lines collapsed with a count, ids never cut, the timeline of key events.

test('the same message at other times is one evidence item with a count and its lines', async () => {
  const { report } = await analyze({ inputs: ['bundles/libvirt-tls-expired-cert'], rules: loadRules().rules, now: new Date('2026-12-01T00:00:00Z') });
  const lead = report.migrations[0]!;
  const first = lead.causes[0]!.evidence[0]!;
  const again = [11, 12].map((n) => ({ ...first, line: n, text: first.text.replace(/^\S+ \S+/, `2026-11-19 22:08:${n}.000`) }));
  lead.causes[0]!.evidence = [first, ...again, ...lead.causes[0]!.evidence.slice(1)];
  const md = renderMarkdown(report);
  assert.match(md, new RegExp(`×3 \\(lines ${first.line}, 11, 12\\)`), 'three lines of the same message become one, with a count');
  assert.is(md.split(first.text.slice(30, 90)).length - 1, 1, 'the message is quoted once');
  // a long line is cut between words: every UUID of the line that is shown is whole
  const whole = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
  const long = { ...first, text: `${'x '.repeat(270)}${first.text}`, match: null };
  lead.causes[0]!.evidence = [long];
  for (const line of renderMarkdown(report).split('\n')) {
    for (const m of line.matchAll(/(?<![0-9a-f-])[0-9a-f]{8}-[0-9a-f-]+/g)) assert.match(m[0], whole, `an id cut in the middle: ${m[0]}`);
  }
  // five to ten key events, with times and where they were logged
  const tl = md.split('**Timeline**')[1]!.split('###')[0]!.split('\n').filter((l) => l.startsWith('- '));
  assert.ok(tl.length >= 5 && tl.length <= 10, `${tl.length} timeline lines`);
  assert.ok(tl.some((l) => /\*\*failed\*\*/.test(l)), 'the failure is in the timeline');
});

test.run();
