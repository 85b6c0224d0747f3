/**
 * A bundle built on the fly whose logs carry hostile text: HTML, Handlebars, code-block breakers,
 * Markdown fences, terminal escapes and a 100 kB line. It is the sample bundle
 * `libvirt-tls-expired-cert` copied to a temp dir (bundle contract layout), with the source host's
 * failure line and the lines after it rewritten, so the hostile text lands in the evidence, its
 * following lines and the timeline.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const BASE = path.resolve(__dirname, '..', '..', 'bundles', 'libvirt-tls-expired-cert');
const LOG = 'hosts/pcd-cmp-11.dc1.example.net/var/log/pf9/ostackhost.log';

export const HOSTILE = {
  script: '<script>alert(1)</script>',
  handlebars: "{{constructor.constructor('alert(1)')()}}",
  breakout: '</pre></code>',
  fence: '```',
  img: '<img src=x onerror=alert(1)>',
  link: '[click](javascript:alert(1))',
  escapes: '\u001b[31mRED\u001b[0m \u001b]0;title\u0007',
  marker: 'HOSTILE-TAIL-MARKER',
};

/** Builds the bundle in a fresh temp dir and returns its path; remove it with fs.rmSync. */
export function buildHostileBundle(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-hostile-report-'));
  fs.cpSync(BASE, dir, { recursive: true });
  const file = path.join(dir, LOG);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes("Live Migration failure: authentication failed: Failed to verify peer's certificate"));
  if (i < 0) throw new Error('the failure line of the base bundle moved');
  const h = HOSTILE;
  // the evidence line: hostile text around the match, then a 100 kB tail
  lines[i] =
    `${lines[i]!} ${h.script} ${h.handlebars} ${h.breakout} ${h.fence} ${h.img} ${h.link} ${h.escapes} ` +
    `${'A'.repeat(100 * 1024)} ${h.marker}`;
  // lines without a timestamp after it are its continuation (the "following lines")
  lines.splice(
    i + 1,
    0,
    `Traceback (most recent call last): ${h.script} ${h.img}`,
    `${h.fence}`,
    `  ${h.breakout}<b>bold?</b> ${h.handlebars}`,
    `  ${h.escapes} ${h.fence}html`,
    `${h.link} <i>italic?</i>`,
  );
  fs.writeFileSync(file, lines.join('\n'));
  return dir;
}
