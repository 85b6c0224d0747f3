/**
 * The collecting pass: every entry the archive stage hands over is recognised (manifest, path,
 * content), parsed or scanned, and listed in the inventory. One pass, streaming: command outputs are
 * small and read whole (capped); logs are scanned line by line and only matching lines are kept.
 */
import { Readable } from 'node:stream';
import type { ArchiveNote, BundleEntry, Limits } from '../archive/types';
import { COMMAND_PARSERS } from '../parsers/commands';
import type { CommandParser, ParseOutcome } from '../parsers/types';
import { classifyPath, commandStem, hostFromFolder, type PathKind } from '../recognize/paths';
import { parseManifest, type LoadedManifest } from '../recognize/manifest';
import { sniffLogText } from '../parsers/logs/sniff';
import { commandFileName, splitSession } from '../parsers/cli/session';
import { selfNamedHost } from '../facts/signals';
import type { Component } from '../rules/schema';
import type { EventStore } from '../facts/events';
import { ScanStore } from './store';
import type { MatcherRegistry } from '../rules/matchers';
import { peek, readCapped, toText } from '../util/stream';
import { scanLog, type LogFileSummary, type ScanOptions } from './scan';
import { ScanThread } from './scan-thread';
import * as fs from 'node:fs';

export interface InventoryItem {
  path: string;
  recognisedAs: string | null;
  status: 'parsed' | 'skipped' | 'unreadable';
  reason: string;
}

export interface CommandOutput {
  /** display path */
  file: string;
  /** path inside its archive (for matching manifest entries) */
  path: string;
  host: string | null;
  parser: CommandParser | null;
  arg: string | undefined;
  outcome: ParseOutcome<unknown>;
  /** the output's text (up to 1 MiB), so evidence can cite the line that shows a fact */
  text?: string;
}

export interface Collected {
  inventory: InventoryItem[];
  manifests: LoadedManifest[];
  commands: CommandOutput[];
  logs: LogFileSummary[];
  events: EventStore;
}

/**
 * Logs are scanned in a worker thread (overlapping with reading and decompressing) once one of
 * them is this large, or comes from an input file this large; smaller bundles are scanned in the
 * main thread, where a worker would cost more to start than it saves.
 * MIGRATION_DOCTOR_SCAN_WORKER=0 or 1 forces one way.
 */
const WORKER_FROM_BYTES = 8 * 1024 * 1024;

/** Command outputs larger than this are not command outputs we know. */
const MAX_COMMAND_BYTES = 16 * 1024 * 1024;
const SNIFF_BYTES = 64 * 1024;

function matchParser(name: string, scope: 'mgmt' | 'host' | null): { parser: CommandParser; arg?: string } | null {
  const stem = commandStem(name);
  for (const p of COMMAND_PARSERS) {
    if (scope && p.scope !== scope) continue;
    for (const re of p.files) {
      const m = re.exec(stem);
      if (m) return m.groups?.arg !== undefined ? { parser: p, arg: m.groups.arg } : { parser: p };
    }
  }
  // a host bundle given alone has its commands/ at the top, where the layout says management plane
  if (scope) {
    for (const p of COMMAND_PARSERS) {
      if (p.scope === scope) continue;
      for (const re of p.files) {
        const m = re.exec(stem);
        if (m) return m.groups?.arg !== undefined ? { parser: p, arg: m.groups.arg } : { parser: p };
      }
    }
  }
  for (const p of COMMAND_PARSERS) {
    for (const re of p.looseNames ?? []) if (re.test(stem)) return { parser: p };
  }
  return null;
}

function sniffParser(text: string): CommandParser | null {
  for (const p of COMMAND_PARSERS) {
    try {
      if (p.sniff(text)) return p;
    } catch {
      /* a sniffing bug must not stop recognition */
    }
  }
  return null;
}

export class Collector {
  private readonly collected: Collected = { inventory: [], manifests: [], commands: [], logs: [], events: new ScanStore() };
  private thread: ScanThread | null = null;
  private inputSizes = new Map<string, number>();

  constructor(
    private registry: MatcherRegistry,
    private limits: Limits,
  ) {}

  /**
   * What the pass collected. Logs handed to the scan worker may still be being scanned when the
   * last entry has been read: reading this waits for them (it is read once the reading is done),
   * and ends the worker, whose memory is better given back before the analysis starts.
   */
  get out(): Collected {
    this.thread?.stop();
    this.applyRootHosts();
    this.applySelfNamedHosts();
    return this.collected;
  }

  note(n: ArchiveNote): void {
    this.collected.inventory.push({ path: n.displayPath, recognisedAs: n.recognisedAs, status: n.status, reason: n.reason });
  }

  private item(path: string, recognisedAs: string | null, status: InventoryItem['status'], reason: string): void {
    this.collected.inventory.push({ path, recognisedAs, status, reason });
  }

  /**
   * The component a loosely named text is read as, line by line, or null when it is no evidence:
   * log lines (any shape, `sniffLogText`), or — without a log shape — text a rule or a stage marker
   * knows (a line quoted from a runbook, an error copied alone).
   */
  private looseLog(text: string, name: string): Component | null {
    const sniffed = sniffLogText(text, name);
    if (sniffed) return sniffed.component;
    return text.length && this.knownText(text) ? 'other' : null;
  }

  private anyHints: RegExp | null | undefined;
  /** The text holds a literal hint of some matcher (any component). */
  private knownText(text: string): boolean {
    if (this.anyHints === undefined) this.anyHints = this.registry.forComponent('*').prefilter;
    return this.anyHints !== null && this.anyHints.test(text);
  }

  /** display-path root → node name, from a sosreport's `hostname` files or a host bundle's manifest */
  private readonly rootHosts = new Map<string, string>();

  /**
   * A sosreport names its node in `hostname`, `etc/hostname` or `sos_commands/host/hostname`: the
   * logs under the same root that no host folder named belong to that node.
   */
  private async hostnameFile(entry: BundleEntry, stream: Readable): Promise<boolean> {
    const m = /^(.*?)(?:sos_commands\/host\/|etc\/)?hostname$/.exec(entry.displayPath);
    if (!m || (entry.size ?? 0) > 4096) return false;
    const { buf } = await readCapped(stream, 4096);
    const name = toText(buf).split('\n')[0]!.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/.test(name)) {
      this.item(entry.displayPath, 'hostname', 'skipped', 'not a host name');
      return true;
    }
    this.rootHosts.set(m[1]!, name);
    this.item(entry.displayPath, 'hostname', 'parsed', `names the node of the logs beside it: ${name}`);
    return true;
  }

  /**
   * A log with no host (a file attached alone) whose own lines name the node that wrote it
   * (nova-compute's `Final resource view: name=…`, libvirtd's `hostname: …`) is that node's, when
   * they name one node only.
   */
  private applySelfNamedHosts(): void {
    const named = new Map<string, Set<string>>();
    for (const e of this.collected.events.events) {
      if (e.host !== null) continue;
      const h = selfNamedHost(e.text);
      if (!h) continue;
      const set = named.get(e.file) ?? new Set<string>();
      set.add(h);
      named.set(e.file, set);
    }
    for (const [file, hosts] of named) {
      if (hosts.size !== 1) continue;
      const host = [...hosts][0]!;
      const log = this.collected.logs.find((l) => l.file === file);
      if (!log || log.host !== null || (log.hosts ?? []).length) continue;
      log.host = host;
      for (const e of this.collected.events.events) {
        if (e.file === file && e.host === null) {
          e.host = host;
          e.hostFrom = 'the log names its node';
        }
      }
    }
  }

  /** Gives the sosreport's node name to the logs and lines of its root that have no host. */
  private applyRootHosts(): void {
    if (!this.rootHosts.size) return;
    const roots = [...this.rootHosts].sort((a, b) => b[0].length - a[0].length);
    const rootOf = (file: string) => roots.find(([root]) => file.startsWith(root)) ?? null;
    // a host the path gave from the sosreport folder's own name (`upload/var/log/…` → "upload")
    // gives way to the node name the sosreport wrote
    const fromFolder = (root: string, host: string | null) => host === null || host === hostFromFolder(root.split(/[/!]/).filter(Boolean).pop() ?? '');
    for (const l of this.collected.logs) {
      const r = rootOf(l.file);
      if (r && fromFolder(r[0], l.host) && !(l.hosts ?? []).length) l.host = r[1];
    }
    for (const c of this.collected.commands) {
      const r = rootOf(c.file);
      if (r && fromFolder(r[0], c.host)) c.host = r[1];
    }
    for (const e of this.collected.events.events) {
      const r = rootOf(e.file);
      if (r && e.hostFrom == null && fromFolder(r[0], e.host)) {
        e.host = r[1];
        e.hostFrom = 'the sosreport hostname file';
      }
    }
  }

  async onEntry(entry: BundleEntry, stream: Readable): Promise<void> {
    const kind = classifyPath(entry.path);
    try {
      if (/(^|\/)hostname$/.test(entry.path) && (await this.hostnameFile(entry, stream))) return;
      await this.handle(entry, stream, kind);
    } catch (e) {
      stream.destroy();
      this.item(entry.displayPath, null, 'unreadable', `could not be read: ${(e as Error).message.split('\n')[0]}`);
    }
  }

  private async handle(entry: BundleEntry, stream: Readable, kind: PathKind): Promise<void> {
    switch (kind.kind) {
      case 'manifest':
        return this.readManifest(entry, stream, kind.host);
      case 'command': {
        const match = matchParser(kind.name, kind.scope);
        return this.readCommand(entry, stream, kind.host, match?.parser ?? null, match?.arg);
      }
      case 'log':
        return this.readLog(entry, stream, kind.host, kind.component);
      case 'unknown':
        return this.readUnknown(entry, stream, kind.host, kind.name);
    }
  }

  private async readManifest(entry: BundleEntry, stream: Readable, hostFolder: string | null): Promise<void> {
    const { buf, truncated } = await readCapped(stream, MAX_COMMAND_BYTES);
    const r = truncated ? { ok: false as const, reason: 'larger than 16 MiB' } : parseManifest(toText(buf));
    if (!r.ok) {
      this.item(entry.displayPath, 'manifest.json', 'unreadable', `manifest ${r.reason}`);
      return;
    }
    const base = entry.path.slice(0, entry.path.length - 'manifest.json'.length);
    this.collected.manifests.push({ file: entry.displayPath, hostFolder, base, manifest: r.value });
    // a host bundle given alone (not under hosts/<name>/): its files are of the node it names
    if (!hostFolder && r.value.mode === 'host' && typeof r.value.host === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/.test(r.value.host)) {
      this.rootHosts.set(entry.displayPath.slice(0, entry.displayPath.length - 'manifest.json'.length), r.value.host);
    }
    this.item(entry.displayPath, `manifest (${r.value.mode ?? 'unknown mode'})`, 'parsed', '');
  }

  private async readCommand(
    entry: BundleEntry,
    stream: Readable,
    host: string | null,
    parser: CommandParser | null,
    arg: string | undefined,
  ): Promise<void> {
    const { buf, truncated } = await readCapped(stream, MAX_COMMAND_BYTES);
    if (truncated) {
      this.item(entry.displayPath, parser?.command ?? null, 'skipped', 'larger than 16 MiB: not a command output we know');
      return;
    }
    this.parseCommand(entry, host, parser, arg, toText(buf));
  }

  /** A command output's whole text: recognised (when the name did not say), parsed, listed. */
  private parseCommand(entry: BundleEntry, host: string | null, parser: CommandParser | null, arg: string | undefined, text: string): void {
    if (!parser) parser = sniffParser(text);
    if (!parser) {
      this.item(entry.displayPath, null, 'skipped', 'command output not recognised (no parser for this name or content)');
      return;
    }
    let outcome: ParseOutcome<unknown>;
    try {
      outcome = parser.parse(text, arg);
    } catch (e) {
      outcome = { ok: false, kind: 'malformed', reason: `parser failed: ${(e as Error).message.split('\n')[0]}` };
    }
    this.collected.commands.push({ file: entry.displayPath, path: entry.path, host, parser, arg, outcome, text: text.length <= 1 << 20 ? text : undefined });
    if (outcome.ok) {
      const warn = outcome.warnings.length ? `; ${outcome.warnings.join('; ')}` : '';
      this.item(entry.displayPath, `${parser.command} (${outcome.format})`, 'parsed', warn.slice(2));
    } else {
      const status = outcome.kind === 'malformed' || outcome.kind === 'unrecognised' ? 'unreadable' : 'parsed';
      this.item(entry.displayPath, parser.command, status, `${outcome.kind}: ${outcome.reason}`);
    }
  }

  private inputSize(input: string): number {
    let n = this.inputSizes.get(input);
    if (n === undefined) {
      try {
        const st = fs.statSync(input);
        n = st.isFile() ? st.size : 0;
      } catch {
        n = 0;
      }
      this.inputSizes.set(input, n);
    }
    return n;
  }

  /** The worker for this log file, or null to scan it here. */
  private threadFor(entry: BundleEntry): ScanThread | null {
    const mode = process.env.MIGRATION_DOCTOR_SCAN_WORKER;
    if (mode === '0') return null;
    if (this.thread?.running) return this.thread;
    const large = (entry.size ?? 0) >= WORKER_FROM_BYTES || (entry.size === null && this.inputSize(entry.input) >= WORKER_FROM_BYTES);
    if (mode !== '1' && !large) return null;
    this.thread ??= new ScanThread(this.registry, this.collected.events as ScanStore);
    return this.thread;
  }

  private async readLog(entry: BundleEntry, stream: Readable, host: string | null, component: Component, perLine = false): Promise<void> {
    const opts: ScanOptions = {
      file: entry.displayPath,
      host,
      component,
      registry: this.registry,
      store: this.collected.events,
      maxLineBytes: this.limits.maxLineBytes,
      perLine,
    };
    // loose files are read line by line for their origin, in this thread
    const thread = perLine ? null : this.threadFor(entry);
    if (!thread) {
      this.logScanned(entry, component, await scanLog(stream, opts));
      return;
    }
    // The worker scans it while the reading goes on; the inventory item and the summary are put in
    // their place now and filled in when the worker is done.
    const item: InventoryItem = { path: entry.displayPath, recognisedAs: `${component} log`, status: 'parsed', reason: '' };
    const slot = { file: entry.displayPath } as LogFileSummary;
    this.collected.inventory.push(item);
    this.collected.logs.push(slot);
    await thread.send(stream, opts, ({ summary, error }) => {
      if (summary) Object.assign(slot, summary);
      if (error === null && summary) {
        item.reason = this.describe(summary);
        return;
      }
      const at = this.collected.logs.indexOf(slot);
      if (at >= 0) this.collected.logs.splice(at, 1);
      item.recognisedAs = null;
      item.status = 'unreadable';
      item.reason = `could not be read: ${((error as Error)?.message ?? String(error)).split('\n')[0]}`;
    });
  }

  private logScanned(entry: BundleEntry, component: Component, summary: LogFileSummary): void {
    this.collected.logs.push(summary);
    this.item(entry.displayPath, `${component} log`, 'parsed', this.describe(summary));
  }

  private describe(summary: LogFileSummary): string {
    const notes: string[] = [];
    if (summary.cutLines) notes.push(`${summary.cutLines} over-long line(s) cut`);
    if (summary.binaryLines) notes.push(`${summary.binaryLines} binary line(s)`);
    if (summary.unparsedLines && summary.unparsedLines === summary.lines && summary.lines > 0) {
      notes.push('no line in a known log format');
    }
    return [`${summary.lines} lines`, ...notes].join(', ');
  }

  private async readUnknown(entry: BundleEntry, stream: Readable, host: string | null, name: string): Promise<void> {
    // collect.sh also keeps a few configuration files (libvirtd.conf, host_id.conf, /etc/hosts) for
    // the engineer to read; they are listed, not analysed
    if (/(^|\/)etc\//.test(entry.path)) {
      stream.resume();
      await new Promise<void>((resolve) => stream.once('end', resolve).once('error', () => resolve()).once('close', resolve));
      this.item(entry.displayPath, 'configuration file', 'skipped', 'kept in the bundle for the engineer to read; not analysed');
      return;
    }
    const { head, rest } = await peek(stream, SNIFF_BYTES);
    const text = toText(head);
    if (head.length < SNIFF_BYTES) {
      // A terminal session pasted whole: each command's output is read by its own parser, and the
      // paste as a whole for its log lines and errors
      const segments = splitSession(text);
      if (segments.length) {
        rest.destroy();
        let parsed = 0;
        for (const seg of segments) {
          const byName = matchParser(commandFileName(seg.command), null);
          const parser = byName?.parser ?? sniffParser(seg.text);
          if (!parser) continue;
          parsed++;
          this.parseCommand({ ...entry, displayPath: `${entry.displayPath}:${seg.line}` }, host, parser, byName?.arg, seg.text);
        }
        const alsoLog = this.looseLog(text, name);
        if (alsoLog) return this.readLog(entry, Readable.from([head]), host, alsoLog, true);
        if (!parsed) this.item(entry.displayPath, null, 'skipped', `a terminal session of ${segments.length} commands, none of whose output this analyzer reads`);
        return;
      }
      // Small enough to be a command output pasted by a person: recognise it by name, then content.
      const byName = matchParser(name, null);
      const parser = byName?.parser ?? sniffParser(text);
      if (parser) {
        rest.destroy();
        this.parseCommand(entry, host, parser, byName?.arg, text);
        // a paste recognised by its content often holds log lines too (the conductor's error above
        // the client's refusal): those are read as a loose log as well
        const alsoLog = byName ? null : this.looseLog(text, name);
        if (alsoLog) return this.readLog(entry, Readable.from([head]), host, alsoLog, true);
        return;
      }
    }
    const loose = this.looseLog(text, name);
    if (loose) return this.readLog(entry, rest, host, loose, true);
    rest.destroy();
    const reason = head.length === 0 ? 'empty file' : 'not a command output or log format this analyzer knows';
    this.item(entry.displayPath, null, 'skipped', reason);
  }
}
