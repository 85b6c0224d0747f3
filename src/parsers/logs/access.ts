/**
 * HTTP access lines inside oslo messages (reference §0.2, §0.3).
 *
 * - nova eventlet server, logger `nova.osapi_compute.wsgi.server` (nova ≤ 31.x), option `wsgi_log_format`:
 *   `%(client_ip)s "%(request_line)s" status: %(status_code)s len: %(body_length)s time: %(wall_seconds).7f`
 *   → `192.168.112.146 "POST /v2.1/servers HTTP/1.1" status: 202 len: 876 time: 1.6947610`
 * - nova uwsgi/mod_wsgi, logger `nova.api.openstack.requestlog`:
 *   `%(REMOTE_ADDR)s "%(REQUEST_METHOD)s %(REQUEST_URI)s" status: %(status)s len: %(len)s microversion: %(microversion)s time: %(time).6f`
 *   → `10.1.0.42 "GET /" status: 200 len: 447 microversion: - time: 0.003988`
 * - placement, logger `placement.requestlog`:
 *   `%(REMOTE_ADDR)s "%(REQUEST_METHOD)s %(REQUEST_URI)s" status: %(status)s len: %(bytes)s microversion: %(microversion)s`
 *
 * Give it `LogRecord.message` (the part after the context block).
 */

export interface ApiAccess {
  /** as written: one address, or a proxy chain `134.94.168.82,127.0.0.1` */
  client: string;
  method: string;
  /** the request URI as written, query string included */
  path: string;
  /** `HTTP/1.1` when the request line carries it (eventlet form), else null */
  protocol: string | null;
  status: number;
  /** body length in bytes; null when written as `-` */
  len: number | null;
  /** `2.95`, `1.36` …; null when absent or `-` */
  microversion: string | null;
  /** wall seconds; null when absent (placement) */
  seconds: number | null;
  /** instance uuid from `/servers/<uuid>` in the path */
  serverUuid: string | null;
  /** placement consumer uuid from `/allocations/<uuid>` (an instance or, during a move, a migration uuid) */
  consumerUuid: string | null;
}

/** Loggers that write access lines. */
export const ACCESS_LOGGERS: ReadonlySet<string> = new Set([
  'nova.osapi_compute.wsgi.server',
  'nova.api.openstack.requestlog',
  'placement.requestlog',
  'nova.metadata.wsgi.server',
]);

const ACCESS =
  /^(\S+) "([A-Z]+) (\S*)(?: (HTTP\/[\d.]+))?" status: (\d{3}) len: (\d+|-)(?: microversion: (\S+))?(?: time: (\d+(?:\.\d+)?))?/;
const SERVER = /\/servers\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?=[/?#]|$)/;
const CONSUMER = /\/allocations\/([0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})(?=[/?#]|$)/;

/** Parses an access line message; null when the message is not one. */
export function parseApiAccess(message: string): ApiAccess | null {
  // cheap refusal before the regex: every access line has `" status: `
  if (message.indexOf('" status: ') < 0) return null;
  const m = ACCESS.exec(message);
  if (!m) return null;
  const path = m[3]!;
  const mv = m[7];
  return {
    client: m[1]!,
    method: m[2]!,
    path,
    protocol: m[4] ?? null,
    status: Number(m[5]),
    len: m[6] === '-' ? null : Number(m[6]),
    microversion: mv === undefined || mv === '-' ? null : mv,
    seconds: m[8] === undefined ? null : Number(m[8]),
    serverUuid: SERVER.exec(path)?.[1] ?? null,
    consumerUuid: CONSUMER.exec(path)?.[1] ?? null,
  };
}
