/**
 * Error-output detection shared by every command parser: a command that failed leaves its stderr
 * (or nothing) where the output should be, and that must end as "the fact is missing, and why",
 * never as an empty answer.
 */
import type { ParseFailureKind } from '../types';

export interface DetectedFailure {
  kind: Extract<ParseFailureKind, 'error-output' | 'empty'>;
  reason: string;
}

/**
 * Lines that may precede real output and say nothing about it:
 * - `This command is deprecated.` (OSC hypervisor stats logs it to stderr)
 * - `Defaulted container "x" out of: …` (kubectl on multi-container pods)
 * - Python warnings (`…: UserWarning: …` and the indented `warnings.warn(` line after it)
 * - the command line itself when a person pasted a terminal (`root@ctl:~# openstack …`, `$ lscpu`)
 * - the `Job for x.service failed because …` / `See "systemctl status …"` lines systemctl prints
 */
const NOISE: RegExp[] = [
  /^This command is deprecated\.?$/i,
  /^Defaulted container\b/,
  /\b\w*Warning: /,
  /^(?:WARNING|Warning)\b[: ]/,
  /^\s+warnings\.warn\(/,
  /^\s*(?:\[[^\]]*\]|[\w.-]+@[\w.-]+(?::\S*)?)?\s*[$#>]\s*(?:sudo\s+)?(?:openstack|pcdctl|nova|cinder|neutron|kubectl|systemctl|virsh|lscpu|openssl|ss|nc|ncat|free|df|iscsiadm|multipath|timeout|bash|cat)\b/,
  /^\s*(?:\[[^\]]*\]|[\w.-]+@[\w.-]+(?::\S*)?)\s*[$#]\s*$/, // a bare prompt line left at the end of a paste
  /^Job for \S+ failed because /,
  /^See "systemctl status /,
];

export function isNoiseLine(line: string): boolean {
  return NOISE.some((re) => re.test(line));
}

/** Patterns that, as the first meaningful line, mean the command failed. */
const ERROR_LINE: RegExp[] = [
  /command not found/i,
  /^(?:bash|sh|zsh|sudo|env): .*(?:not found|No such file or directory)/,
  /^\w*(?:Exception|Error): \d{3}: /, // ConflictException: 409: Client Error for url: …
  /^[\w.]+: \d{3}: (?:Client|Server) Error for url: /, // ResourceNotFound: 404: Client Error for url: …
  /^(?:[\w.]+: )?No \w[\w ]* found for \S+/, // openstacksdk / osc-lib: No Port found for p-9
  /^Failed to .*?\b\w+(?:Exception|Error): /, // Failed to delete …: HttpException: 500: …
  /^ERROR \(\w+\): /, // legacy novaclient: ERROR (BadRequest): … (HTTP 400)
  /\(HTTP [45]\d\d\)/,
  /\bHTTP 40[13]\b/,
  /^No \S.*? with a name or ID of '.*' exists\.?$/,
  /^Missing value \S+ required for auth plugin/,
  /^Missing parameter\(s\)/,
  /^The request you have made requires authentication/,
  /^(?:Unable to establish connection to|Failed to discover available identity versions|Could not find requested endpoint)/,
  /\b(?:Unauthorized|Forbidden)\b/,
  /^Policy doesn't allow /,
  /^(?:Error|ERROR|error)\b[:(]/, // Error: …, error: You must be logged in … (kubectl, virsh)
  /^Error from server/,
  /^The connection to the server .* was refused/,
  /^usage: \S+/, // argparse printed its usage: the command line was wrong
  /^\S+: error: /,
  /Permission denied/,
  /^Failed to (?:get properties|connect to bus)/, // systemctl
  /^System has not been booted with systemd/,
  /^(?:Can't open|Could not open|Could not read) /, // openssl, cat
  /unable to load certificate/i,
  /\b(?:Unrecognized flag|unknown option)\b/i,
  /^timeout: /, // GNU timeout could not run the command
  /^(?:Killed|Terminated|Segmentation fault)\b/,
];

export function isErrorLine(line: string): boolean {
  return ERROR_LINE.some((re) => re.test(line.trim()));
}

/** Lines that are neither blank nor noise. */
export function meaningfulLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '' && !isNoiseLine(l));
}

/** The reason to show for a traceback: its last unindented line (the exception), else the first. */
function tracebackReason(lines: string[], from: number): string {
  for (let i = lines.length - 1; i > from; i--) {
    const l = lines[i]!;
    if (l.trim() !== '' && !/^\s/.test(l)) return l.trim();
  }
  return lines[from]!.trim();
}

/**
 * Empty text → 'empty'. A first meaningful line that is an error message (or a Python traceback)
 * → 'error-output' with that line (the exception line for a traceback) as reason. Otherwise null.
 */
export function detectError(text: string): DetectedFailure | null {
  if (text.trim() === '') return { kind: 'empty', reason: 'the output file is empty' };
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '' && !isNoiseLine(l));
  if (first < 0) return { kind: 'empty', reason: 'the output holds only warnings: ' + lines.find((l) => l.trim() !== '')!.trim() };
  const line = lines[first]!;
  if (/^Traceback \(most recent call last\):/.test(line.trim())) {
    return { kind: 'error-output', reason: tracebackReason(lines, first) };
  }
  if (isErrorLine(line)) return { kind: 'error-output', reason: line.trim() };
  return null;
}

/**
 * For text that no reader understood: if any line is an error message, the whole output was one.
 * (An error buried under unrelated lines, e.g. a paste that starts with a banner.)
 */
export function detectErrorAnywhere(text: string): DetectedFailure | null {
  const direct = detectError(text);
  if (direct) return direct;
  const lines = text.split(/\r?\n/);
  const tb = lines.findIndex((l) => /^Traceback \(most recent call last\):/.test(l.trim()));
  if (tb >= 0) return { kind: 'error-output', reason: tracebackReason(lines, tb) };
  const err = lines.find((l) => l.trim() !== '' && isErrorLine(l));
  return err ? { kind: 'error-output', reason: err.trim() } : null;
}
