/**
 * Rule regexes run on RE2JS, a pure-JavaScript port of RE2: matching time is linear in the text,
 * whatever the pattern. V8's own engine backtracks, and rule patterns such as `(?<path>\S+) is not
 * on shared storage` or a lazy `certificate[^:]*? (?:has expired|…)` cost time quadratic in the
 * length of a line (minutes for one crafted 1 MiB line). RE2 has no lookaround and no
 * backreferences; `rules lint` rejects a pattern that RE2 cannot compile, so every loaded rule runs
 * here.
 *
 * Linear is still proportional to the text: on top of it a regex sees at most `REGEX_WINDOW`
 * characters of a line, a window around the first literal hint of the matcher (the only lines a
 * matcher tests hold one), so one hostile line costs milliseconds per rule, not a second.
 */
import { RE2JS } from 're2js';

/** at most this many characters of one line are given to a rule regex */
export const REGEX_WINDOW = 8192;

export interface LinearMatch {
  /** offsets in the text given to `exec` */
  index: number;
  end: number;
  /** the named groups that took part in the match */
  groups: Record<string, string>;
}

export class LinearRegex {
  readonly source: string;
  private readonly re: RE2JS;
  private readonly names: [string, number][];

  /** throws (with RE2's message) when the pattern is not RE2 syntax */
  constructor(source: string) {
    this.source = source;
    this.re = RE2JS.compile(source);
    this.names = Object.entries(this.re.namedGroups());
  }

  /**
   * The first match in `text`, looking only at a window of it when it is long: `REGEX_WINDOW`
   * characters starting a quarter window before `anchor` (an offset where the matcher's literal
   * hint was found; 0 when there is none).
   */
  exec(text: string, anchor = 0): LinearMatch | null {
    let from = 0;
    let sub = text;
    if (text.length > REGEX_WINDOW) {
      from = Math.max(0, Math.min(anchor - (REGEX_WINDOW >> 2), text.length - REGEX_WINDOW));
      sub = text.slice(from, from + REGEX_WINDOW);
    }
    const m = this.re.matcher(sub);
    if (!m.find()) return null;
    const groups: Record<string, string> = {};
    for (const [name, i] of this.names) {
      const v = m.group(i);
      if (v !== null && v !== undefined) groups[name] = v;
    }
    return { index: from + m.start(), end: from + m.end(), groups };
  }
}

/** Why a pattern cannot be a rule regex, or null when it can. */
export function linearRegexProblem(source: string): string | null {
  try {
    new LinearRegex(source);
    return null;
  } catch (e) {
    return `not a linear-time (RE2) pattern: ${(e as Error).message}; lookaround and backreferences are not allowed`;
  }
}
