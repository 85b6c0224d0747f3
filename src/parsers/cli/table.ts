/**
 * PrettyTable output of the openstack client (cliff `-f table`, the default):
 *
 *   +-------+-----------+        ShowOne: two columns `| Field | Value |` (legacy nova/cinder
 *   | Field | Value     |        clients: `| Property | Value |`); a value with newlines
 *   +-------+-----------+        (format_list_of_dicts, tracebacks, wrapped text) continues on
 *   | id    | 0b8e…     |        rows whose Field cell is empty.
 *   |       | more…     |
 *   +-------+-----------+        Lister: one header row, then one row per item; a multi-line
 *                                cell continues on rows whose first cell is empty.
 *
 * Cells are cut at the `+` positions of the border when the row lines up with it, so a `|`
 * inside a value survives; pasted tables whose spacing was squeezed are split on `|` instead.
 */

export interface Table {
  header: string[];
  /** rows with continuation rows already merged (multi-line cells joined with '\n') */
  rows: string[][];
  /** index of the line after the table */
  end: number;
}

const BORDER = /^\s*\+(?:[-=]+\+)+\s*$/;
const ROW = /^\s*\|.*\|\s*$/;

function splitRow(line: string, cuts: number[] | null): string[] {
  if (cuts && cuts.length >= 2) {
    const last = cuts[cuts.length - 1]!;
    if (line.trimEnd().length === last + 1 && cuts.every((c) => line[c] === '|')) {
      const cells: string[] = [];
      for (let i = 0; i + 1 < cuts.length; i++) cells.push(line.slice(cuts[i]! + 1, cuts[i + 1]).trim());
      return cells;
    }
  }
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split('|').map((c) => c.trim());
}

function borderCuts(line: string): number[] {
  const cuts: number[] = [];
  for (let i = 0; i < line.length; i++) if (line[i] === '+') cuts.push(i);
  return cuts;
}

/** Append the non-empty cells of a continuation row to the row above. */
function mergeInto(prev: string[], cont: string[]): void {
  cont.forEach((cell, i) => {
    if (cell === '') return;
    prev[i] = prev[i] ? `${prev[i]}\n${cell}` : cell;
  });
}

/**
 * Find and read the first PrettyTable in `lines` from `from`. A table needs a header row; the
 * borders are optional (people paste the rows only). Returns null when there is none.
 */
export function readPrettyTable(lines: string[], from = 0): Table | null {
  let i = from;
  while (i < lines.length && !BORDER.test(lines[i]!) && !ROW.test(lines[i]!)) i++;
  if (i >= lines.length) return null;

  let cuts: number[] | null = null;
  if (BORDER.test(lines[i]!)) { cuts = borderCuts(lines[i]!); i++; }

  // header: the rows before the next border (several when a narrow terminal wrapped the headers)
  const headerRows: string[][] = [];
  while (i < lines.length && ROW.test(lines[i]!)) {
    headerRows.push(splitRow(lines[i]!, cuts));
    i++;
    if (cuts === null) break; // no borders: the first row is the header
  }
  if (headerRows.length === 0) return null;
  const header = headerRows[0]!.slice();
  for (const extra of headerRows.slice(1)) extra.forEach((c, k) => { if (c) header[k] = header[k] ? `${header[k]} ${c}` : c; });
  // grid tables (rendered from a web page or reST) repeat the border and put one between rows: a
  // border with the table's own column cuts, followed by a row, does not end the table
  const sameCuts = (line: string) => cuts !== null && borderCuts(line).join() === cuts.join();
  if (i < lines.length && BORDER.test(lines[i]!)) i++;
  while (i + 1 < lines.length && BORDER.test(lines[i]!) && sameCuts(lines[i]!)) i++;

  const rows: string[][] = [];
  const isShow = header.length === 2 && /^(Field|Property)$/.test(header[0]!) && header[1] === 'Value';
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (BORDER.test(line)) {
      if (sameCuts(line) && i + 1 < lines.length && (ROW.test(lines[i + 1]!) || (BORDER.test(lines[i + 1]!) && sameCuts(lines[i + 1]!) && ROW.test(lines[i + 2] ?? '')))) continue;
      i++;
      break;
    }
    if (!ROW.test(line)) break;
    let cells = splitRow(line, cuts);
    // a `|` inside a value of a row that does not line up with the border: it belongs to the last cell
    if (cells.length > header.length) cells = [...cells.slice(0, header.length - 1), cells.slice(header.length - 1).join(' | ')];
    while (cells.length < header.length) cells.push('');
    const prev = rows[rows.length - 1];
    // continuation: empty first cell (the Field of a ShowOne, the id/name column of a Lister)
    if (prev && cells[0] === '' && (isShow || header.length > 1)) mergeInto(prev, cells);
    else rows.push(cells);
  }
  return { header, rows, end: i };
}

/** A ShowOne table as a record Field → Value (text). Null when the table is not Field/Value. */
export function showTableToRecord(t: Table): Record<string, string> | null {
  if (!(t.header.length === 2 && /^(Field|Property)$/.test(t.header[0]!) && t.header[1] === 'Value')) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of t.rows) if (k) out[k] = v ?? '';
  return out;
}

/** A Lister table as records keyed by the column headers. */
export function listTableToRecords(t: Table): Record<string, string>[] {
  return t.rows.map((r) => Object.fromEntries(t.header.map((h, k) => [h, r[k] ?? ''])));
}
