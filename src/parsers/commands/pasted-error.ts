/**
 * A migration error as a person pastes it without the command that caused it: what the openstack
 * client, Horizon or an HTTP client showed. Each becomes the same fact as a pasted command with its
 * refusal (`cli-refusal.ts`), so the rules read `refusal.message` the same way, and the text is
 * matched like a log line of the service that wrote it (facts/build.ts).
 *
 * Shapes read (the test samples keep published examples with their sources):
 * - openstack client `--wait` giving up: `Error resizing server: <id>` / `Error migrating server`
 *   (osc compute/v2/server.py logs the first to stderr and prints the second).
 * - a client error line alone: novaclient `ERROR (BadRequest): … (HTTP 400) (Request-ID: req-…)`,
 *   the novaclient-based OSC's `<message> (HTTP 409) (Request-ID: req-…)`, openstacksdk's
 *   `ConflictException: 409: Client Error for url: …/servers/<id>/action, <message>`.
 * - Horizon's error banner: `Error: Failed to live migrate instance to host "X". Details …`,
 *   `Error: Unable to migrate instance …` (horizon admin/instances forms and tables).
 * - Horizon's instance overview fault panel, or a pasted fault: `Message` / `Code` / `Details` /
 *   `Created` labels with the value beside them or on the lines below.
 * - an HTTP trace (`curl -i`/`-v`, the client's `--debug` `RESP:` lines, a Java client's wire log)
 *   with a 4xx/5xx status, `X-Compute-Request-Id` / `x-openstack-request-id` and nova's JSON fault
 *   body `{"conflictingRequest": {"message": "…", "code": 409}}`.
 * - a bare nova API message about a move (`Cannot 'os-migrateLive' instance … while it is in …`,
 *   `No valid host was found. …`, `Migration pre-check error: …`, `Compute service of X is still in
 *   use.`), as copied from anywhere.
 * Logs are not claimed: a text whose lines carry log timestamps is left to the log readers.
 */
import { anyFormatParser } from '../logs';
import type { CommandParser, ParseOutcome } from '../types';
import { ApiRefusal, actionOf, hostOf } from './cli-refusal';
import { isRec, tryPyRepr } from '../cli';

type Action = ApiRefusal['action'];
// not the uuid inside a request id (`req-<uuid>`)
const UUID = /(?<!req-)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;
const REQ = /\b(req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/;

/** OSC `--wait`: `Error migrating server: <id>`, `Error resizing server`, `Error evacuating server: <id>` */
// (the client's `Progress: N` line has no newline of its own, so the error may follow it on one line)
const OSC_WAIT = /^\s*(?:Progress: \d+\s*)?Error (migrating|resizing|evacuating|live migrating|rebuilding) server(?::\s*(\S+))?\s*$/m;
/** novaclient `ERROR (BadRequest): …`, and the message-with-suffix form of the older OSC */
const NOVACLIENT = /^\s*ERROR \((\w+)\): (.*?)(?: \(HTTP (\d{3})\))?(?: \(Request-ID: (req-[0-9a-f-]+)\))?\s*$/m;
const HTTP_SUFFIX = /^\s*(\S.*?) \(HTTP (\d{3})\)(?: \(Request-ID: (req-[0-9a-f-]+)\))?\s*$/m;
const SDK = /^\s*(\w+Exception): (\d{3}): (?:Client|Server) Error for url: (\S+?),\s*(.*)$/m;
/** Horizon's banner (messages framework): `Error: <text>`, `Danger: <text>` */
const HORIZON = /^\s*(?:Error|Danger):\s+((?:Failed to|Unable to) (?:live[ -]migrate|migrate|resize|evacuate|confirm|revert)\b.*)$/im;
/** nova's own wording for a move that failed or was refused, as a bare message */
const NOVA_MESSAGES: RegExp[] = [
  /Cannot '(?:os-migrateLive|migrate|resize|evacuate)'/,
  /No valid host was found\./,
  /Migration pre-check error: /,
  /Compute service of \S+ is (?:still in use|unavailable at this time)/,
  /Unacceptable CPU info: /,
  /is not on (?:shared|local) storage/,
  /Block migration can not be used with shared storage/,
  /Instance \S+ is locked|is locked and cannot be/,
  /Live migration of instance \S+ to host \S+ failed/,
  /Migration error: /,
  /Resize error: /,
];
/** A client error that is about a move at all (a bare `Unauthorized` is not). */
function aboutMove(text: string): boolean {
  return NOVA_MESSAGES.some((re) => re.test(text)) || /\/servers\/[0-9a-f-]{36}\/action|migrat|resiz|evacuat|No valid host|[Cc]ompute service|hypervisor/.test(text);
}

/** an oslo/syslog/ISO timestamp at the start of a line: a log, not a paste of a client error */
const LOG_LINE = /^(?:\S+:)?\s*(?:\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d )/;

/**
 * Log lines (as the one line reader reads them: behind syslog, journald, grep or kubectl prefixes)
 * make the text a log: two of them, or one in a text of few lines (a single journald line pasted).
 */
function looksLikeLog(lines: string[]): boolean {
  const head = lines.slice(0, 80).filter((l) => l.trim() !== '');
  const n = head.filter((l) => LOG_LINE.test(l) || anyFormatParser.isRecordStart(l)).length;
  return n >= 2 || (n === 1 && head.length <= 3);
}

const result = (v: ApiRefusal): ParseOutcome<ApiRefusal> => ({ ok: true, value: v, format: 'text', warnings: [] });
const base = (text: string): Pick<ApiRefusal, 'command' | 'host'> => {
  // a command line may still be there (a paste with the output of --debug): keep what it says
  const cmd = /^(?:\S*[$#]\s*)?((?:openstack|nova)\s+\S.*?\b(?:migrate|migration|evacuate|resize|live-migration)\b.*)$/m.exec(text)?.[1]?.trim() ?? null;
  return { command: cmd, host: hostOf(cmd) };
};

/** The move from the words around the error when no command says it. */
function actionFrom(command: string | null, ...texts: string[]): Action {
  const fromCmd = actionOf(command, texts.join(' '));
  if (fromCmd !== 'unknown') return fromCmd;
  const t = texts.join(' ');
  if (/"os-migrateLive"|live[ -_]?migrat/i.test(t)) return 'live-migration';
  if (/"evacuate"|evacuat/i.test(t)) return 'evacuation';
  if (/"resize"|\bresiz/i.test(t)) return 'resize';
  if (/"migrate"|\bmigrat/i.test(t)) return 'cold-migration';
  return 'unknown';
}

/** Horizon's fault panel / a pasted fault: label lines, values beside them or indented below. */
function faultPanel(lines: string[]): { message: string; code: number | null; details: string | null; created: string | null } | null {
  const LABEL = /^\s*(Message|Code|Details|Created)\s*(?::|\t|\s{2,}|$)\s*(.*)$/;
  const found: Record<string, string[]> = {};
  let current: string | null = null;
  for (const line of lines) {
    const m = LABEL.exec(line);
    if (m && !(m[1]! in found)) {
      current = m[1]!;
      found[current] = m[2]!.trim() ? [m[2]!.trim()] : [];
      continue;
    }
    if (current && line.trim() !== '') found[current]!.push(line.trim());
    else if (current && line.trim() === '' && found[current]!.length) current = current === 'Details' ? current : null;
  }
  const message = found.Message?.join(' ').trim();
  if (!message || !(found.Code || found.Details)) return null;
  const code = /^\d{3}$/.test(found.Code?.[0] ?? '') ? Number(found.Code![0]) : null;
  if (found.Code && code === null) return null; // `Code` must be an HTTP-like number
  return { message, code, details: found.Details?.join('\n') || null, created: found.Created?.join(' ') || null };
}

/** `server show -f value -c fault` (a Python repr) or `-f json -c fault`: the fault dict alone. */
function faultDict(text: string): { message: string; code: number | null; details: string | null; created: string | null } | null {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return null;
  let d: unknown = tryPyRepr(t);
  if (!isRec(d)) {
    try { d = JSON.parse(t); } catch { return null; }
  }
  if (!isRec(d)) return null;
  const f = isRec(d.fault) ? d.fault : d;
  if (typeof f.message !== 'string' || f.code === undefined) return null;
  return { message: f.message, code: typeof f.code === 'number' ? f.code : Number(f.code) || null, details: typeof f.details === 'string' ? f.details : null, created: typeof f.created === 'string' ? f.created : null };
}

/** The JSON fault body nova answers with: `{"<faultName>": {"message": "…", "code": N}}`. */
function novaFaultBody(text: string): { name: string; message: string; code: number } | null {
  const m = /\{\s*"(\w+)"\s*:\s*\{\s*"(?:message|code)"[\s\S]*?\}\s*\}/.exec(text);
  if (!m) return null;
  try {
    const body = JSON.parse(m[0]) as Record<string, { message?: unknown; code?: unknown }>;
    const inner = body[m[1]!];
    if (inner && typeof inner.message === 'string') return { name: m[1]!, message: inner.message, code: Number(inner.code) || 0 };
  } catch {
    /* a wire log splits the body over lines: the regex below reads it */
  }
  const msg = /"message"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
  const code = /"code"\s*:\s*(\d{3})/.exec(text);
  return msg ? { name: m[1]!, message: JSON.parse(`"${msg[1]}"`) as string, code: code ? Number(code[1]) : 0 } : null;
}

function httpTrace(text: string): ApiRefusal | null {
  const status = /(?:^|\s)HTTP\/\d(?:\.\d)?\s+([45]\d\d)\b|RESP: \[([45]\d\d)\]|^\s*\d+ < ([45]\d\d)\s*$/m.exec(text);
  const reqHeader = /(?:X-Compute-Request-Id|x-openstack-request-id)\s*:\s*(req-[0-9a-f-]+)/i.exec(text);
  const body = novaFaultBody(text);
  if (!body || !(status || reqHeader)) return null;
  const code = Number(status?.[1] ?? status?.[2] ?? status?.[3] ?? body.code) || null;
  const url = /\/servers\/([0-9a-f-]{36})\/action/i.exec(text);
  const b = base(text);
  return {
    ...b,
    action: actionFrom(b.command, text.match(/"(?:os-migrateLive|migrate|resize|evacuate)"/)?.[0] ?? '', body.message),
    instance: url?.[1] ?? UUID.exec(body.message)?.[0] ?? null,
    code,
    exception: body.name,
    message: body.message,
    requestId: reqHeader?.[1] ?? null,
    origin: 'http',
    details: null,
  };
}

function parse(text: string): ParseOutcome<ApiRefusal> {
  const clean = text.replace(/\r/g, '').replace(/\x1b\[[0-9;]*m/g, '');
  const lines = clean.split('\n');
  if (looksLikeLog(lines) && !/X-Compute-Request-Id|x-openstack-request-id/i.test(clean)) {
    return { ok: false, kind: 'unrecognised', reason: 'a log, not a pasted client error' };
  }
  const b = base(clean);

  const http = httpTrace(clean);
  if (http) return result(http);

  const fault = faultPanel(lines) ?? faultDict(clean);
  if (fault) {
    return result({
      ...b,
      action: actionFrom(b.command, fault.message, fault.details ?? ''),
      instance: UUID.exec(clean)?.[0] ?? null,
      code: fault.code,
      exception: null,
      message: fault.message,
      requestId: REQ.exec(clean)?.[1] ?? null,
      origin: 'fault',
      details: fault.details,
    });
  }

  const h = HORIZON.exec(clean);
  if (h) {
    // `Failed to live migrate instance to host "X". Details: <nova's message>` (one line or two)
    const after = clean.slice(h.index + h[0].length).trim();
    const [, head, inline] = /^(.*?)(?:\s*Details:?\s+(.*))?$/.exec(h[1]!)!;
    const details = (inline ?? /^Details:?\s*([\s\S]*)$/i.exec(after)?.[1] ?? '').trim() || null;
    const target = /to host "([^"]+)"/.exec(head!)?.[1];
    return result({
      command: b.command,
      host: target && target !== 'AUTO_SCHEDULE' ? target : b.host,
      action: actionFrom(b.command, head!),
      instance: UUID.exec(clean)?.[0] ?? null,
      code: null,
      exception: null,
      message: details ?? head!.trim(),
      requestId: REQ.exec(clean)?.[1] ?? null,
      origin: 'horizon',
      details: details ? head!.trim() : null,
    });
  }

  const w = OSC_WAIT.exec(clean);
  if (w) {
    const verb = w[1]!;
    const action: Action = verb === 'resizing' ? 'resize' : verb === 'evacuating' ? 'evacuation' : verb === 'live migrating' ? 'live-migration' : verb === 'rebuilding' ? 'evacuation' : 'cold-migration';
    const fromCmd = actionOf(b.command, '');
    return result({
      ...b,
      action: fromCmd !== 'unknown' ? fromCmd : action,
      instance: UUID.exec(w[2] ?? '')?.[0] ?? UUID.exec(b.command ?? '')?.[0] ?? null,
      code: null,
      exception: null,
      message: `Error ${verb} server`,
      requestId: null,
      origin: 'client-wait',
      details: null,
    });
  }

  const sdk = SDK.exec(clean);
  if (sdk && aboutMove(sdk[0])) {
    const [, exception, code, url, message] = sdk as unknown as [string, string, string, string, string];
    return result({ ...b, action: actionFrom(b.command, message), instance: /\/servers\/([0-9a-f-]{36})\//.exec(url)?.[1] ?? UUID.exec(message)?.[0] ?? null, code: Number(code), exception, message: message.trim(), requestId: REQ.exec(clean)?.[1] ?? null, origin: 'client', details: null });
  }
  const ncAny = NOVACLIENT.exec(clean);
  const nc = ncAny && aboutMove(ncAny[0] + ' ' + (b.command ?? '')) ? ncAny : null;
  const suffix = nc ? null : HTTP_SUFFIX.exec(clean);
  if (nc || (suffix && NOVA_MESSAGES.some((re) => re.test(suffix[1]!)))) {
    const message = (nc ? nc[2] : suffix![1])!.trim();
    const code = nc ? nc[3] : suffix![2];
    return result({
      ...b,
      action: actionFrom(b.command, message),
      instance: UUID.exec(message)?.[0] ?? UUID.exec(b.command ?? '')?.[0] ?? null,
      code: code ? Number(code) : null,
      exception: nc?.[1] ?? null,
      message,
      requestId: (nc ? nc[4] : suffix![3]) ?? REQ.exec(clean)?.[1] ?? null,
      origin: 'client',
      details: null,
    });
  }

  // a bare nova message: the first meaningful line is one of nova's move messages
  const first = lines.map((l) => l.replace(/^\s*(?:>\s*)+/, '').trim()).filter((l) => l !== '' && !/^\S*[$#]\s/.test(l));
  const msg = first.find((l) => NOVA_MESSAGES.some((re) => re.test(l)));
  // a pasted traceback is a log fragment without times: the log readers take it
  const traceback = first.some((l) => /^Traceback \(most recent call last\)|^File "[^"]+", line \d+/.test(l));
  if (msg && first.length <= 12 && !traceback) {
    return result({ ...b, action: actionFrom(b.command, msg), instance: UUID.exec(msg)?.[0] ?? null, code: null, exception: null, message: msg, requestId: REQ.exec(clean)?.[1] ?? null, origin: 'api-message', details: null });
  }
  return { ok: false, kind: 'unrecognised', reason: 'no client, Horizon, HTTP or nova error message about a move' };
}

export const pastedError: CommandParser<ApiRefusal> = {
  id: 'pasted-error',
  command: 'the error a client, Horizon or an HTTP trace showed (pasted)',
  scope: 'mgmt',
  // recognised by content only: a name like `error.txt` says nothing about what was pasted
  files: [],
  sniff(text: string): boolean {
    const head = text.slice(0, 16384);
    // tables and JSON documents are command outputs of their own
    if (/^\s*\+[-+]+\+\s*$/m.test(head) || (/^\s*(?:\{|\[\s*(?:[{"\]]|$))/.test(head) && !/HTTP\/\d|RESP:/.test(head) && !faultDict(head))) return false;
    return parse(head).ok;
  },
  parse,
  schema: ApiRefusal,
};
