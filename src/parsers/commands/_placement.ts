/**
 * Value readers shared by the placement parsers (osc-placement plugin). Resource amounts arrive as
 * a JSON object (`-f json`), a Python repr (`{u'VCPU': 1, u'MEMORY_MB': 512}` in table mode, from
 * dicts osc-placement does not format) or as its own `VCPU=1,MEMORY_MB=512` text (allocation
 * candidate list); a narrow terminal wraps long cells onto continuation rows.
 */
import { isRec, num, tryPyRepr, type Rec } from '../cli';

/** A cell the table wrapped onto several rows, joined back: these cells never hold blanks. */
export function unwrap(v: unknown): string {
  return typeof v === 'string' ? v.replace(/\s*\n\s*/g, '') : v === null || v === undefined ? '' : String(v);
}

/** `{VCPU: 1}` / `{'VCPU': 1}` / `VCPU=1,MEMORY_MB=512` → amounts; null when none of these. */
export function amountsOf(v: unknown): Record<string, number> | null {
  let d: Rec | null = isRec(v) ? v : null;
  if (!d && typeof v === 'string') {
    const s = unwrap(v).trim();
    if (s.startsWith('{')) {
      try {
        const j: unknown = JSON.parse(s);
        if (isRec(j)) d = j;
      } catch {
        const r = tryPyRepr(s);
        if (isRec(r)) d = r;
      }
    } else if (/^[A-Z][A-Z0-9_]*=\d+(?:,[A-Z][A-Z0-9_]*=\d+)*$/.test(s)) {
      d = Object.fromEntries(s.split(',').map((p) => p.split('=') as [string, string]));
    } else if (s === '') {
      return {};
    }
  }
  if (!d) return null;
  const out: Record<string, number> = {};
  for (const [k, val] of Object.entries(d)) {
    const n = num(val);
    if (n !== null) out[k] = n;
  }
  return out;
}

/**
 * The argument of a pasted command line (`$ openstack resource provider usage show 9546fce4-…`):
 * the provider or consumer a loose file is about when its name does not say.
 */
export function pastedArg(text: string, command: RegExp): string | null {
  const head = text.slice(0, 4096);
  const re = new RegExp(`^.*?${command.source}(?:\\s+--?[\\w-]+(?:[ =](?!-)\\S+)?)*\\s+([0-9a-fA-F]{8}-[0-9a-fA-F-]{27})\\b`, 'm');
  return re.exec(head)?.[1]?.toLowerCase() ?? null;
}
