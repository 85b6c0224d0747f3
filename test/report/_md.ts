/**
 * A small reader of the Markdown the report writes, enough to check that bundle text stays inside
 * code: it splits a document into fenced code blocks and the rest (CommonMark rules for backtick
 * fences: an opening run of n ≥ 3 backticks, indented up to 3 spaces, is closed only by a line of
 * at least n backticks and nothing else), and removes code spans from the rest (a run of n
 * backticks closed by the next run of exactly n on the same paragraph line).
 */
export interface MdParts {
  /** text of every fenced code block */
  blocks: string[];
  /** every line outside fenced blocks */
  prose: string[];
}

export function splitMarkdown(md: string): MdParts {
  const blocks: string[] = [];
  const prose: string[] = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,})([^`]*)$/.exec(lines[i]!);
    if (!open) {
      prose.push(lines[i]!);
      continue;
    }
    const n = open[1]!.length;
    const body: string[] = [];
    i++;
    while (i < lines.length && !new RegExp(`^ {0,3}\`{${n},}\\s*$`).test(lines[i]!)) body.push(lines[i++]!);
    blocks.push(body.join('\n'));
  }
  return { blocks, prose };
}

/** A prose line with its code spans taken out (they are literal text in Markdown). */
export function withoutCodeSpans(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] === '\\' && i + 1 < line.length) {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (line[i] !== '`') {
      out += line[i++];
      continue;
    }
    let n = 0;
    while (line[i + n] === '`') n++;
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
      out += line.slice(i, i + n);
      i += n;
    } else {
      out += ' ';
      i = close + n;
    }
  }
  return out;
}
