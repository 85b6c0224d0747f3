/**
 * `openssl x509 -noout -subject -issuer -dates -ext subjectAltName -in <cert>` (host)
 * → Certificate. File: hosts/<host>/commands/openssl_x509_<basename>.txt
 *
 * Printed forms by OpenSSL version:
 *   1.0.x    subject= /C=US/O=Acme/CN=hv-02
 *   1.1.1/3  subject=C = US, O = Acme, CN = hv-02
 *   3.2+     subject=C=US, O=Acme, CN=hv-02
 *   dates    notBefore=Jun  2 14:02:40 2025 GMT  (or ISO with -dateopt iso_8601)
 *   SANs     `X509v3 Subject Alternative Name: [critical]` then an indented line
 *            `DNS:hv-02, DNS:hv-02.example.net, IP Address:10.0.0.2`
 * A certificate without extensions makes `-ext` print `No extensions in certificate` (to
 * stderr, so it may come first); one with extensions but no SAN prints
 * `No extensions matched with subjectAltName` (apps/x509.c print_x509v3_exts). Both mean
 * "no SANs", a real answer.
 */
import { Certificate } from '../../facts/model';
import type { CommandParser } from '../types';
import { detectError, fail, isoTime, ok } from '../cli';
import { zonedTime } from './_text';

/** The CN of a DN in any of the three forms; the last CN when there are several. */
export function commonName(dn: string | null): string | null {
  if (!dn) return null;
  const found = [...dn.matchAll(/(?:^|[/,+]\s*)CN\s*=\s*("(?:[^"\\]|\\.)*"|[^,/+]+)/g)].map((m) => m[1]!.trim().replace(/^"|"$/g, ''));
  return found.length ? found[found.length - 1]! : null;
}

const NO_SAN = /^(?:No extensions in certificate|No extensions matched with \S+|No subject alternative names?)\s*$/gim;

function certTime(s: string): string | null {
  return zonedTime(s) ?? isoTime(s);
}

export const opensslX509: CommandParser<Certificate> = {
  id: 'openssl-x509',
  command: 'openssl x509 -noout -subject -issuer -dates -ext subjectAltName -in <cert>',
  scope: 'host',
  files: [/^openssl_x509_(?<arg>.+)$/],
  looseNames: [/openssl[-_ ]x509[-_ ](?<arg>.+)$/i, /^(?:server|client|ca)cert$/i],
  sniff: (text) =>
    /^(?:notAfter|notBefore)=/m.test(text.slice(0, 8192)) || (/^subject=/m.test(text.slice(0, 8192)) && /^issuer=/m.test(text.slice(0, 8192))),
  parse(text, arg) {
    // the no-extension message goes to stderr and may lead the file: it is not an error
    const err = detectError(text.replace(NO_SAN, ''));
    if (err && err.kind === 'error-output') return fail(err.kind, err.reason);
    const lines = text.split(/\r?\n/);
    const get = (k: string) => {
      const l = lines.find((x) => x.trim().startsWith(`${k}=`));
      return l === undefined ? null : l.trim().slice(k.length + 1).trim();
    };
    const subject = get('subject');
    const issuer = get('issuer');
    const notBefore = get('notBefore');
    const notAfter = get('notAfter');
    if (subject === null && issuer === null && notAfter === null) {
      return fail(err ? err.kind : 'unrecognised', err ? err.reason : 'no subject= / issuer= / notAfter= lines');
    }
    const warnings: string[] = [];
    let sans: string[] = [];
    const sanAt = lines.findIndex((l) => /X509v3 Subject Alternative Name:/.test(l));
    if (sanAt >= 0) {
      const values: string[] = [];
      for (const l of lines.slice(sanAt + 1)) {
        if (!/^\s+\S/.test(l)) break; // the value lines are indented
        values.push(l.trim());
      }
      // 'DNS:hv-02', 'IP Address:10.0.0.2', 'URI:…', 'email:…' → the value after the type
      sans = values.join(', ').split(/\s*,\s*/).filter((v) => v !== '').map((v) => v.replace(/^(?:DNS|IP Address|IP|URI|email|RID|DirName|othername):\s*/i, ''));
    } else if (!new RegExp(NO_SAN.source, 'im').test(text)) {
      warnings.push('no subjectAltName section in the output; SANs unknown');
    }
    const nb = notBefore === null ? null : certTime(notBefore);
    const na = notAfter === null ? null : certTime(notAfter);
    if (notBefore !== null && nb === null) warnings.push(`notBefore "${notBefore}" not understood`);
    if (notAfter !== null && na === null) warnings.push(`notAfter "${notAfter}" not understood`);
    return ok(
      { file: arg ?? '', subject, subjectCN: commonName(subject), issuer, issuerCN: commonName(issuer), notBefore: nb, notAfter: na, sans },
      'text',
      arg === undefined ? [...warnings, 'no certificate name in the file name'] : warnings,
    );
  },
  schema: Certificate,
};
