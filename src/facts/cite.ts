/**
 * The line of a command output that shows a fact. A rule's fact condition says what it found in
 * words ("nova-compute on pcd-cmp-04 is down"); a support engineer wants the line itself, like a log
 * line: `commands/openstack_compute_service_list.json:41  "State": "down"`. The outputs a fact came
 * from are searched for the line that shares the most distinctive words with that sentence: a word
 * that occurs on few lines of the file (the host, the state) counts more than one on every line, and
 * a word on the lines around (the other fields of the same JSON object or table row) counts half.
 */
import type { Provenance } from './build';

export interface CitedLine {
  file: string;
  /** 1-based */
  line: number;
  text: string;
  /** the lines of the same record around it (a JSON object's other fields), for context */
  around: string[];
}

const STOP = new Set(
  'the is are was on of in a an and to has have with from not no by for at as its it this that be or than more which while what when who whose nothing only'.split(' '),
);

/**
 * The words of a finding worth looking for: without the name of the command it came from (a
 * leading "server show:", a trailing "(compute service list)"), which is on every line or none;
 * times also as hh:mm:ss, the way `openssl` and `systemctl` print them.
 */
function words(says: string): string[] {
  const s = says.toLowerCase().replace(/^[a-z ]{3,30}:\s/, '').replace(/\([^()]*\)/g, ' ');
  const out = s.split(/[^a-z0-9_.:@/-]+/).map((w) => w.replace(/^[.:/-]+|[.:/-]+$/g, '')).filter((w) => w.length > 1 && !STOP.has(w));
  for (const t of s.match(/\d\d:\d\d:\d\d/g) ?? []) out.push(t);
  for (const y of s.match(/\b20\d\d(?=-\d\d-\d\d)/g) ?? []) out.push(y);
  return [...new Set(out)];
}

/** A word at the start of a token of the line: "vcpu" finds "vcpus_used", "active" not "inactive". */
function finder(w: string): RegExp {
  return new RegExp(`(^|[^a-z0-9])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

/** How far a record's other fields are looked for (a `server show` object has ~60 fields). */
const AROUND = 8;

export function citeLine(sources: Provenance[], says: string): CitedLine | null {
  const wanted = words(says);
  let best: { score: number; file: string; i: number; lines: string[] } | null = null;
  const seen = new Set<string>();
  for (const p of sources) {
    if (p.line && p.text !== undefined) return { file: p.file, line: p.line, text: p.text, around: [] };
    if (!p.lines || seen.has(p.file)) continue;
    seen.add(p.file);
    const low = p.lines.map((l) => l.toLowerCase());
    const re = new Map(wanted.map((w) => [w, finder(w)]));
    // a JSON field that is false or empty says its key is *not* so ("Forced Down": false): its key
    // does not count as holding the word
    const shown = low.map((l) => l.replace(/^(\s*)"[^"]*":\s*(false|null|""|\[\]|\{\}),?\s*$/, '$1$2'));
    const has = (l: string, w: string) => re.get(w)!.test(l);
    // the file that holds more of the finding's words (in its lines or its name) is the one to cite
    const path = p.file.toLowerCase();
    const coverage = wanted.filter((w) => has(path, w) || low.some((l) => has(l, w))).length;
    // weight of a word: 1 / the number of lines holding it (0 when no line does)
    const weight = new Map<string, number>();
    for (const w of wanted) {
      const n = shown.reduce((k, l) => k + (has(l, w) ? 1 : 0), 0);
      // a plain word ("down", "disabled") breaks a tie with a name or an id: it is the finding
      if (n) weight.set(w, (1 / n) * (/^[a-z]+$/.test(w) ? 1.05 : 1));
    }
    if (!weight.size) continue;
    for (let i = 0; i < low.length; i++) {
      if (!shown[i]!.trim()) continue;
      let score = 0;
      for (const [w, wt] of weight) {
        if (has(shown[i]!, w)) score += wt;
        else if (shown.slice(Math.max(0, i - AROUND), i + AROUND + 1).some((l) => has(l, w))) score += wt / 2;
      }
      // a line of its own words beats a line that only borrows from its neighbours
      if (![...weight.keys()].some((w) => has(shown[i]!, w))) continue;
      score += coverage;
      if (!best || score > best.score + 1e-9) best = { score, file: p.file, i, lines: p.lines };
    }
  }
  if (!best) {
    // nothing in common (an absence: "nothing listens on 16514"): the output's first line
    const p = sources.find((s) => s.lines?.some((l) => l.trim()));
    if (!p) return null;
    const i = p.lines!.findIndex((l) => l.trim());
    return { file: p.file, line: i + 1, text: p.lines![i]!, around: [] };
  }
  return { file: best.file, line: best.i + 1, text: best.lines[best.i]!, around: [] };
}
