/**
 * Entry-name normalisation.
 *
 * Policy for hostile names (documented choice): an entry is never skipped for its name alone.
 * The name is normalised — backslashes become '/', a drive letter ('C:') and leading '/' are
 * removed, '.' and empty segments are dropped, '..' removes the previous segment — and a '..' that
 * would climb above the archive root is dropped. Nothing is ever written to disk, so the only risk
 * of such a name is to mislead the analysis; the entry is therefore read under the sanitised name
 * and the reader emits a note (status 'parsed', recognisedAs null) that gives the original name.
 * Control characters are replaced by '_' (same note).
 */

export interface NormalisedName {
  /** '/'-separated, no leading '/', no '.' or '..' segments; '' when nothing is left */
  path: string;
  /** why the name had to be changed beyond plain tidying, or null when it was safe */
  unsafe: string | null;
}

export function normaliseEntryPath(raw: string): NormalisedName {
  const why: string[] = [];
  let s = raw.replace(/\\/g, '/');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(s)) {
    // eslint-disable-next-line no-control-regex
    s = s.replace(/[\u0000-\u001f\u007f]/g, '_');
    why.push('control characters replaced');
  }
  const drive = /^[A-Za-z]:/.exec(s);
  if (drive) {
    s = s.slice(2);
    why.push('drive letter removed');
  }
  if (s.startsWith('/')) {
    if (!drive) why.push('absolute path made relative');
  }
  const parts: string[] = [];
  let climbed = false;
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length > 0) parts.pop();
      else climbed = true;
      continue;
    }
    parts.push(seg);
  }
  if (climbed) why.push("'..' climbing above the archive root dropped");
  return { path: parts.join('/'), unsafe: why.length > 0 ? why.join(', ') : null };
}
