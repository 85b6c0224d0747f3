/**
 * Recognition of a loosely named text file as log lines, by its first lines: each line is read by
 * the one line reader (wrappers peeled, any known format), and its origin votes for a component.
 * The file is a log when some line is a log record, or when it holds the text of a log message
 * without any time (a pasted exception, a line quoted in a runbook): the scan then reads it line
 * by line with the origin of each line.
 */
import type { Component } from '../../rules/schema';
import { anyFormatParser } from './index';
import { componentOfFileName, lineOrigin } from './origin';

export interface LogSniff {
  /** the component most lines name, else the file name's, else 'other' */
  component: Component;
  /** lines of the head read as log records */
  records: number;
  /** distinct components the head's lines name */
  components: Component[];
  /** distinct hosts the head's lines name */
  hosts: string[];
}

/** Words that only log lines of the services we read carry; enough to call an untimed paste a log. */
const LOG_WORDS =
  /\b(ERROR|WARNING|Traceback \(most recent call last\)|libvirtError|nova\.exception|MigrationPreCheckError|Live Migration failure|Migration operation has aborted|No valid host was found|pre_live_migration|\[instance: [0-9a-f-]{36}\]|req-[0-9a-f]{8}-|Unexpected error while running command|Host key verification failed|guest CPU doesn't match|CPU doesn't have compatibility|virNet[A-Za-z]+:\d+ : |libvirtd(?:\[\d+\])?: |nova-compute(?:\[\d+\])?: |nova_compute(?:\[\d+\])?: )/;

export function sniffLogText(head: string, name: string): LogSniff | null {
  const lines = head.split('\n', 200);
  const votes = new Map<Component, number>();
  const hosts = new Set<string>();
  let records = 0;
  let words = 0;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line) continue;
    if (anyFormatParser.isRecordStart(line)) records++;
    if (LOG_WORDS.test(line)) words++;
    const o = lineOrigin(line);
    if (o.component) votes.set(o.component, (votes.get(o.component) ?? 0) + 1);
    if (o.host) hosts.add(o.host);
  }
  if (records === 0 && words === 0) return null;
  let best: Component | null = null;
  let n = 0;
  for (const [c, v] of votes) if (v > n) [best, n] = [c, v];
  return { component: best ?? componentOfFileName(name) ?? 'other', records, components: [...votes.keys()], hosts: [...hosts] };
}
