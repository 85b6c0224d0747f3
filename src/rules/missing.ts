/**
 * Missing data in words a support engineer can act on: what is missing, and the command that
 * collects it with every value the bundle knows filled in (the VM, the hosts, the region, the
 * migration's time window, the flavor, the volumes). A rule's fact condition that meets an unknown
 * value names the bundle data that value is computed from, never the internal path.
 */
import { collectWindow } from '../facts/coverage';
import { instanceArg } from '../facts/migration';
import type { Facts } from '../facts/build';
import type { Migration } from '../facts/migration';
import type { RuleView } from '../facts/view';

/** Where each derived fact comes from: the requirements (`cmd:<parser>[@role]`) that give it. */
const DERIVED_FROM: [RegExp, string[]][] = [
  [/^(targetAz|instanceAz|targetAzDiffers)/, ['cmd:aggregate-list', 'cmd:server-show']],
  [/^certificates/, ['cmd:openssl-x509@source', 'cmd:openssl-x509@target']],
  [/^targetCert/, ['cmd:openssl-x509@target', 'cmd:openssl-x509@source']],
  [/^targetTlsSocket|^targetUnits|^target.*Unit/, ['cmd:systemctl-status@target']],
  [/^sourceUnits|^source.*Unit/, ['cmd:systemctl-status@source']],
  [/^(target|source)Service/, ['cmd:compute-service-list']],
  [/^target(FreeRam|RamShort|FreeDisk|DiskShort|FreeVcpus|VcpusShort)|^flavor(Ram|Disk)/, ['cmd:hypervisor-show@target', 'cmd:flavor-show']],
  [/^(bestCandidate|noCandidate)/, ['cmd:hypervisor-list', 'cmd:flavor-show']],
  [/^aggregateSpecs/, ['cmd:flavor-show', 'cmd:aggregate-list']],
  [/^cpu/, ['cmd:virsh-capabilities@source', 'cmd:virsh-capabilities@target']],
  [/^port16514/, ['cmd:port-check@source']],
  [/^target16514/, ['cmd:ss-listening@target']],
  [/^targetMultipath/, ['cmd:multipath@target']],
  [/^targetIscsi/, ['cmd:iscsi-sessions@target']],
  [/^instancesPathShared/, ['cmd:df@source', 'cmd:df@target']],
  [/^volumeServices/, ['cmd:volume-service-list']],
  [/^volumesInTransition/, ['cmd:volume-show']],
  [/^instanceHasVolumes/, ['cmd:server-show']],
  [/^portsBindingFailed/, ['cmd:port-list']],
  [/^targetOvnAgent/, ['cmd:network-agent-list']],
];

/**
 * The requirements a fact path needs, or [] when the value is known to be empty: the object that
 * would hold it is in the bundle (a server show without a fault has no fault message; a migration
 * the API accepted has no refusal to paste).
 */
export function requirementsOfFact(path: string, view: RuleView, mig: Migration): string[] | 'unknown-source' {
  const [head, ...rest] = path.split('.');
  if (head === 'derived') {
    const key = rest[0] ?? '';
    return DERIVED_FROM.find(([re]) => re.test(key))?.[1] ?? 'unknown-source';
  }
  if (head === 'refusal') return mig.record ? [] : ['cmd:cli-refusal'];
  if (head === 'migration') return mig.record ? [] : ['migration'];
  if (head === 'instance' || head === 'flavor') return (head === 'instance' ? view.instance : view.flavor) ? [] : [head === 'instance' ? 'cmd:server-show' : 'cmd:flavor-show'];
  if (head === 'source' || head === 'target') {
    const what = rest[0] ?? '';
    const role = head;
    const side = view[role];
    if (what === 'units') return side.node && Object.keys(side.units).length ? [] : [`cmd:systemctl-status@${role}`];
    if (what === 'service') return side.service ? [] : ['cmd:compute-service-list'];
    if (what === 'hypervisor') return side.hypervisor ? [] : [`cmd:hypervisor-show@${role}`];
    if (what === 'cpuFeatures' || what === 'cpuModel') return [`cmd:virsh-capabilities@${role}`];
    if (what === 'listening16514') return [`cmd:ss-listening@${role}`];
    if (what === 'certificates') return [`cmd:openssl-x509@${role}`];
    if (what === 'aggregates' || what === 'aggregateProperties' || what === 'az') return ['cmd:aggregate-list'];
    if (what === 'networkAgents') return ['cmd:network-agent-list'];
  }
  return 'unknown-source';
}

/** Values that fill the collect commands. */
export interface CollectValues {
  vm: string;
  region: string | null;
  since: string | null;
  until: string | null;
  source: string | null;
  target: string | null;
  flavor: string | null;
  volumes: string[];
}


export function collectValues(facts: Facts, mig: Migration, view: RuleView): CollectValues {
  // the migration's window as every collect command of the report asks for it (coverage.ts);
  // without a time of its own (a pasted refusal), the window the bundle was collected for
  const cw = collectWindow(mig);
  const window = facts.manifests.map((m) => m.manifest.window).find((w) => w?.since && w.until);
  return {
    vm: instanceArg(mig),
    region: facts.manifests.map((m) => m.manifest.region).find((r): r is string => !!r) ?? null,
    since: cw.since ?? window?.since ?? null,
    until: cw.until ?? window?.until ?? null,
    source: mig.source,
    target: mig.target,
    flavor: view.flavor?.name ?? view.flavor?.id ?? view.instance?.flavor?.name ?? null,
    volumes: view.instance?.volumeIds ?? [],
  };
}

/** `collect.sh host` for one node, with the window and the peer it migrates to or from. */
export function hostCollect(v: CollectValues, host: string): string {
  const peer = host === v.source ? v.target : host === v.target ? v.source : null;
  return [
    'collect.sh host',
    v.since ? `--since ${v.since}` : '--since <time>',
    v.until ? `--until ${v.until}` : '--until <time>',
    peer ? `--peer ${peer}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export function mgmtCollect(v: CollectValues): string {
  return `collect.sh mgmt --vm ${v.vm} --namespace ${v.region ?? '<region>'}${v.since ? ` --since ${v.since}` : ''}${v.until ? ` --until ${v.until}` : ''}`;
}

/** An `openstack …` command of a parser with the bundle's values in its placeholders. */
export function fillCommand(command: string, v: CollectValues, host: string | null): string[] {
  let c = command.replace('<VM>', v.vm);
  if (host) c = c.replace('<HOST>', host);
  if (v.flavor) c = c.replace('<FLAVOR>', v.flavor);
  if (c.includes('<VOLUME>') && v.volumes.length) return v.volumes.map((id) => c.replace('<VOLUME>', id));
  return [c];
}
