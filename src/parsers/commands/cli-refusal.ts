/**
 * A migration command pasted with its error, as a customer sends it from a terminal:
 *
 *   $ openstack server migrate --live-migration 5f70b9e3-…
 *   ConflictException: 409: Client Error for url: https://…/v2.1/servers/5f70b9e3-…/action, Cannot 'os-migrateLive' instance … while it is in vm_state resized
 *
 * or the legacy novaclient shape `ERROR (BadRequest): Compute service of node-1 is still in use. (HTTP 400) (Request-ID: req-…)`.
 * The API refused the request, so nova wrote no migration record and no instance action: this
 * transcript is the only trace of the attempt (shared/reference/cli-formats.md §0, "Errors").
 */
import { z } from 'zod';
import type { CommandParser, ParseOutcome } from '../types';

export const ApiRefusal = z.object({
  /** the command line as pasted, when there was one */
  command: z.string().nullable(),
  /** the destination asked for on the command line (`--host X`, or nova's positional host) */
  host: z.string().nullable(),
  /** which move was asked for */
  action: z.enum(['live-migration', 'block-live-migration', 'cold-migration', 'resize', 'evacuation', 'unknown']),
  instance: z.string().nullable(),
  code: z.number().nullable(),
  exception: z.string().nullable(),
  message: z.string(),
  requestId: z.string().nullable(),
  /**
   * Where the text came from: a command pasted with its error (`cli`), a client error line alone
   * (`client`), the openstack client's `--wait` giving up on a failed move (`client-wait`), a Horizon
   * banner (`horizon`), the instance's fault as Horizon or `server show` prints it (`fault`), an HTTP
   * trace (`http`), or a bare nova API message (`api-message`). Only an HTTP 4xx answer means the
   * API refused the request; the others may be failures after nova accepted it.
   */
  origin: z.enum(['cli', 'client', 'client-wait', 'horizon', 'fault', 'http', 'api-message']),
  /** more of nova's words: the fault's details (a traceback), the banner's "Details" */
  details: z.string().nullable(),
});
export type ApiRefusal = z.infer<typeof ApiRefusal>;

const OSC_ERROR = /^(\w+Exception): (\d{3}): (?:Client|Server) Error for url: (\S+?),\s*(.*)$/m;
const NOVACLIENT_ERROR = /^ERROR(?: \((\w+)\))?: (.*?)(?: \(HTTP (\d{3})\))?(?: \(Request-ID: (req-[0-9a-f-]+)\))?\s*$/m;
// the command line, after an optional shell prompt: `$ `, `[ops@jump-01 ~]$ `, `root@ctl:~# `
const COMMAND = /^(?:\[[^\]\n]*\][$#]\s*|[\w.-]+@[\w.-]+:[^\n$#]*[$#]\s*|[$#]\s*)?((?:openstack|nova|pcdctl)\s+.*?(?:migrate|migration|evacuate|resize|live-migration|host-evacuate)\b.*)$/m;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

export function actionOf(command: string | null, message: string): ApiRefusal['action'] {
  const c = command ?? '';
  if (/--live-migration|live-migrat|live_migrat|\s--live\b/.test(c)) return /--block-migration/.test(c) ? 'block-live-migration' : 'live-migration';
  if (/evacuate/.test(c)) return 'evacuation';
  if (/resize/.test(c)) return 'resize';
  if (/\bmigrate\b/.test(c)) return 'cold-migration';
  if (/Cannot 'os-migrateLive'/.test(message)) return 'live-migration';
  if (/Cannot 'evacuate'|is still in use/.test(message)) return 'evacuation';
  if (/Cannot 'resize'/.test(message)) return 'resize';
  if (/Cannot 'migrate'/.test(message)) return 'cold-migration';
  return 'unknown';
}

/** `openstack server migrate … --host X`, `nova live-migration <vm> <host>`, `nova evacuate <vm> <host>` */
export function hostOf(command: string | null): string | null {
  if (!command) return null;
  const flag = /--(?:host|target-host)[ =](\S+)/.exec(command);
  if (flag) return flag[1]!;
  const nova = /^nova\s+(?:--\S+(?:\s+(?!-)\S+)?\s+)*(?:live-migration|evacuate|migrate)\s+(?:--\S+\s+)*(\S+)\s+([A-Za-z0-9][\w.-]*)\s*$/.exec(command);
  return nova && nova[2] !== nova[1] ? nova[2]! : null;
}

function parse(text: string): ParseOutcome<ApiRefusal> {
  const command = COMMAND.exec(text)?.[1]?.trim() ?? null;
  const osc = OSC_ERROR.exec(text);
  if (osc) {
    const [, exception, code, url, message] = osc as unknown as [string, string, string, string, string];
    const instance = /\/servers\/([0-9a-f-]{36})\//.exec(url)?.[1] ?? UUID.exec(command ?? '')?.[0] ?? null;
    return {
      ok: true,
      format: 'text',
      warnings: [],
      value: { command, host: hostOf(command), action: actionOf(command, message), instance, code: Number(code), exception, message: message.trim(), requestId: null, origin: 'cli', details: null },
    };
  }
  const nc = NOVACLIENT_ERROR.exec(text);
  if (nc && command) {
    const [, exception, message, code, req] = nc;
    return {
      ok: true,
      format: 'text',
      warnings: [],
      value: {
        command,
        host: hostOf(command),
        action: actionOf(command, message ?? ''),
        instance: UUID.exec(command)?.[0] ?? UUID.exec(message ?? '')?.[0] ?? null,
        code: code ? Number(code) : null,
        exception: exception ?? null,
        message: (message ?? '').trim(),
        requestId: req ?? null,
        origin: 'cli',
        details: null,
      },
    };
  }
  return { ok: false, kind: 'unrecognised', reason: 'no openstack client error line' };
}

export const cliRefusal: CommandParser<ApiRefusal> = {
  id: 'cli-refusal',
  command: 'openstack server migrate|evacuate|resize … (pasted with its error)',
  scope: 'mgmt',
  files: [],
  sniff(text: string): boolean {
    const head = text.slice(0, 8192);
    return COMMAND.test(head) && (OSC_ERROR.test(head) || NOVACLIENT_ERROR.test(head)) && !/^\+[-+]+\+$/m.test(head);
  },
  parse,
  schema: ApiRefusal,
};
