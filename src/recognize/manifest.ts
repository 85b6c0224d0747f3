/**
 * manifest.json of collect.sh (shared/bundle-format.md). Read leniently: a manifest from a newer or
 * older collector, or edited by hand, still gives what it can; what does not validate is reported.
 */
import { jsonExtent } from '../util/json-extent';
import { z } from 'zod';

export const ManifestCommand = z.looseObject({
  file: z.string().nullish(),
  argv: z.array(z.string()).nullish(),
  exitCode: z.number().nullish(),
  durationMs: z.number().nullish(),
  timedOut: z.boolean().nullish(),
  stderr: z.string().nullish(),
  /** collect.sh ≥ 1.1: whether the exit code counts as success (docs/collect.md) */
  ok: z.boolean().nullish(),
});
export type ManifestCommand = z.infer<typeof ManifestCommand>;

/**
 * What the window cut left of a log (collect.sh ≥ the whole-log history): lines read from the
 * source and kept, and the first and last timestamps of the source file, as written in it (the
 * node's clock, UTC or local time). Older collectors wrote `true`.
 */
export const WindowCut = z.looseObject({
  linesBefore: z.number().nullish(),
  linesAfter: z.number().nullish(),
  sourceFirst: z.string().nullish(),
  sourceLast: z.string().nullish(),
});
export type WindowCut = z.infer<typeof WindowCut>;

export const ManifestFile = z.looseObject({
  path: z.string(),
  source: z.string().nullish(),
  bytes: z.number().nullish(),
  truncated: z.boolean().nullish(),
  // an odd value in these additions never costs the rest of the manifest
  cutToWindow: z.union([z.boolean(), WindowCut]).nullish().catch(null),
  /** lines kept and the period they cover (log files) */
  lines: z.number().nullish().catch(null),
  firstTime: z.string().nullish().catch(null),
  lastTime: z.string().nullish().catch(null),
});
export type ManifestFile = z.infer<typeof ManifestFile>;

export const Manifest = z.looseObject({
  format: z.string().nullish(),
  collector: z.looseObject({ name: z.string().nullish(), version: z.string().nullish() }).nullish(),
  mode: z.string().nullish(),
  createdAt: z.string().nullish(),
  host: z.string().nullish(),
  region: z.string().nullish(),
  vms: z.array(z.string()).nullish(),
  /** `since` is null for host mode without --since (whole logs) */
  window: z.looseObject({ since: z.string().nullish(), until: z.string().nullish() }).nullish(),
  /** host mode: the names of the node (nova's compute host and hypervisor host name among them) */
  hostAliases: z.array(z.string()).nullish().catch(null),
  /** host mode: the other nodes whose libvirt TLS port was tested */
  peers: z.array(z.string()).nullish().catch(null),
  commands: z.array(ManifestCommand).nullish(),
  files: z.array(ManifestFile).nullish(),
  redaction: z.looseObject({ enabled: z.boolean().nullish(), replacements: z.number().nullish() }).nullish(),
});
export type Manifest = z.infer<typeof Manifest>;

export interface LoadedManifest {
  /** display path of the manifest file */
  file: string;
  /** the host folder it sits in (host mode) or null (bundle root) */
  hostFolder: string | null;
  /** prefix that paths in it are relative to (the folder holding it, inside its archive) */
  base: string;
  manifest: Manifest;
}

export function parseManifest(text: string): { ok: true; value: Manifest } | { ok: false; reason: string } {
  let raw: unknown;
  const ext = jsonExtent(text);
  if (!ext.ok) return { ok: false, reason: `not valid JSON: ${ext.reason}` };
  try {
    raw = JSON.parse(text, (k, v) => (k === '__proto__' || k === 'constructor' || k === 'prototype' ? undefined : v));
  } catch (e) {
    return { ok: false, reason: `not valid JSON: ${(e as Error).message}` };
  }
  const r = Manifest.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    return { ok: false, reason: `does not follow the manifest format: ${i.path.join('.')}: ${i.message}` };
  }
  return { ok: true, value: r.data };
}
