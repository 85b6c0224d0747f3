/**
 * Every command-output parser, in the order recognition tries them. File-name patterns are
 * specific enough that order does not matter for them; for sniffing by content the order goes
 * from the most to the least specific test (a server show is recognised by one key; a compute
 * service list before an aggregate list because both have Host/Zone-like columns; the host
 * outputs last).
 */
import type { CommandParser } from '../types';
import { aggregateList } from './aggregate-list';
import { cliRefusal } from './cli-refusal';
import { pastedError } from './pasted-error';
import { allocationCandidateList } from './allocation-candidate-list';
import { resourceProviderAllocationShow } from './resource-provider-allocation-show';
import { resourceProviderInventoryList } from './resource-provider-inventory-list';
import { resourceProviderList } from './resource-provider-list';
import { resourceProviderShow } from './resource-provider-show';
import { resourceProviderUsageShow } from './resource-provider-usage-show';
import { aggregateShow } from './aggregate-show';
import { azList } from './az-list';
import { computeServiceList } from './compute-service-list';
import { df } from './df';
import { eventList } from './event-list';
import { eventShow } from './event-show';
import { flavorShow } from './flavor-show';
import { free } from './free';
import { hypervisorList } from './hypervisor-list';
import { hypervisorShow } from './hypervisor-show';
import { hypervisorStats } from './hypervisor-stats';
import { iscsiSessions } from './iscsi-sessions';
import { kubectlPods } from './kubectl-pods';
import { lscpu } from './lscpu';
import { migrationList } from './migration-list';
import { multipath } from './multipath';
import { networkAgentList } from './network-agent-list';
import { opensslX509 } from './openssl-x509';
import { portCheck } from './port-check';
import { portList } from './port-list';
import { portShow } from './port-show';
import { serverShow } from './server-show';
import { ssListening } from './ss-listening';
import { systemctlStatus } from './systemctl-status';
import { virshCapabilities } from './virsh-capabilities';
import { volumeServiceList } from './volume-service-list';
import { volumeShow } from './volume-show';

export { HypervisorStats } from './hypervisor-stats';

export const COMMAND_PARSERS: CommandParser[] = [
  // a migration command pasted with the API's refusal: before any table parser
  cliRefusal,
  // placement (osc-placement): lowercase snake_case headers no nova output has; the provider list
  // before the provider show, whose `| uuid |` / `| generation |` test a list header also passes
  allocationCandidateList,
  resourceProviderAllocationShow,
  resourceProviderInventoryList,
  resourceProviderUsageShow,
  resourceProviderList,
  resourceProviderShow,
  // management plane: show outputs recognised by distinctive keys
  serverShow,
  eventShow,
  hypervisorStats,
  hypervisorShow,
  flavorShow,
  volumeShow,
  portShow,
  aggregateShow,
  // management plane: lists recognised by their header
  migrationList,
  eventList,
  networkAgentList,
  volumeServiceList,
  computeServiceList,
  hypervisorList,
  azList,
  portList,
  aggregateList,
  kubectlPods,
  // node commands
  virshCapabilities,
  systemctlStatus,
  opensslX509,
  iscsiSessions,
  multipath,
  ssListening,
  lscpu,
  free,
  df,
  portCheck,
  // an error pasted without its command (client, Horizon, HTTP trace, bare nova message): last, as
  // the least specific test; it never claims tables, JSON documents or timestamped logs
  pastedError,
] as CommandParser[];

export {
  allocationCandidateList, resourceProviderAllocationShow, resourceProviderInventoryList, resourceProviderList,
  resourceProviderShow, resourceProviderUsageShow, pastedError,
  aggregateList, aggregateShow, azList, computeServiceList, df, eventList, eventShow, flavorShow, free, hypervisorList,
  hypervisorShow, hypervisorStats, iscsiSessions, kubectlPods, lscpu, migrationList, multipath, networkAgentList,
  opensslX509, portCheck, portList, portShow, serverShow, ssListening, systemctlStatus, virshCapabilities,
  volumeServiceList, volumeShow,
};
