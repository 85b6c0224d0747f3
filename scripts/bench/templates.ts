/**
 * Noise of every log type a bundle holds, in the real formats of shared/reference/log-messages.md §0:
 * oslo.log lines of nova-api (eventlet access lines), nova-scheduler (filter runs), nova-conductor,
 * placement (requestlog), ostackhost.log (periodic tasks, resource tracker, network info cache,
 * lifecycle events, user actions, DEBUG suffixes, tracebacks with the exception prefix); libvirtd.log;
 * QEMU per-instance logs; ovn-controller.log.
 *
 * Each source appends a block of related lines (one request, one periodic run) at a given time and
 * returns the last time it used. The noise is benign: other instances, other requests, routine work;
 * it passes the analyzer's prefilter where real noise would (scheduler filter lines, placement
 * allocations, instance spawns) but never carries a migration failure.
 */
import { Clock, Rng } from './prng';

export interface Instance {
  uuid: string;
  name: string;
  port: string;
  mac: string;
  ip: string;
  project: string;
  user: string;
  vcpus: number;
  ramMb: number;
  diskGb: number;
}

export interface HostInfo {
  name: string;
  ip: string;
  /** resource provider uuid (placement) */
  rp: string;
  instances: Instance[];
  pid: number;
}

export interface World {
  hosts: HostInfo[];
  users: string[];
  projects: string[];
  cell: string;
  serviceUser: string;
  serviceProject: string;
  /** API clients (kube pods, LB) */
  clients: string[];
}

const FLAVORS = [
  { vcpus: 1, ramMb: 2048, diskGb: 20 },
  { vcpus: 2, ramMb: 4096, diskGb: 40 },
  { vcpus: 4, ramMb: 8192, diskGb: 80 },
  { vcpus: 8, ramMb: 16384, diskGb: 160 },
];

export function buildWorld(rng: Rng, hostNames: string[], instancesPerHost: number): World {
  const users = Array.from({ length: 6 }, () => rng.hex32());
  const projects = Array.from({ length: 4 }, () => rng.hex32());
  let seq = 0x100;
  const hosts = hostNames.map((name, i) => {
    const instances: Instance[] = [];
    for (let k = 0; k < instancesPerHost; k++) {
      const f = rng.pick(FLAVORS);
      const pi = rng.int(0, projects.length - 1);
      instances.push({
        uuid: rng.uuid(),
        name: `instance-${(seq++).toString(16).padStart(8, '0')}`,
        port: rng.uuid(),
        mac: rng.mac(),
        ip: `10.${40 + pi}.${rng.int(0, 3)}.${rng.int(10, 250)}`,
        project: projects[pi]!,
        user: users[rng.int(0, users.length - 1)]!,
        ...f,
      });
    }
    return { name, ip: `10.20.0.${11 + i}`, rp: rng.uuid(), instances, pid: 3000 + rng.int(0, 999) };
  });
  return {
    hosts,
    users,
    projects,
    cell: rng.uuid(),
    serviceUser: rng.hex32(),
    serviceProject: rng.hex32(),
    clients: ['10.20.0.250', '10.20.0.251', '10.244.0.17', '10.244.1.23'],
  };
}

export interface NoiseSource {
  /** appends the lines of one block (each ending in '\n') starting at time t; returns the last time used */
  block(t: number, out: string[]): number;
}

const NOVA_PY = '/opt/pf9/pf9-ostackhost/lib/python3.9/site-packages';
const POD_PY = '/var/lib/openstack/lib/python3.10/site-packages';

const PERIODIC_TASKS = [
  '_poll_rebooting_instances',
  '_poll_rescued_instances',
  '_poll_unconfirmed_resizes',
  '_instance_usage_audit',
  '_poll_volume_usage',
  '_check_instance_build_time',
  '_sync_scheduler_instance_info',
  '_reclaim_queued_deletes',
  '_cleanup_running_deleted_instances',
  '_run_image_cache_manager_pass',
  '_cleanup_expired_console_auth_tokens',
  '_poll_shelved_instances',
  '_sync_power_states',
];

const ctxUser = (rng: Rng, inst: Instance): string => `[None ${rng.req()} ${inst.user} ${inst.project} - - default default]`;
const ctxNone = (req: string): string => `[None ${req} - - - - - -]`;

// ---------------------------------------------------------------------------------------------
// ostackhost.log (nova-compute)

export function novaCompute(world: World, host: HostInfo, rng: Rng): NoiseSource {
  const clock = new Clock();
  const P = host.pid;
  let msgId = 0;
  const line = (t: number, level: string, logger: string, rest: string): string => `${clock.oslo(t)} ${P} ${level} ${logger} ${rest}\n`;

  const periodic = (t: number, out: string[]): number => {
    const req = rng.req();
    const ctx = ctxNone(req);
    const n = rng.int(2, 5);
    for (let i = 0; i < n; i++) {
      out.push(line(t, 'DEBUG', 'oslo_service.periodic_task', `${ctx} Running periodic task ComputeManager.${rng.pick(PERIODIC_TASKS)} run_periodic_tasks ${NOVA_PY}/oslo_service/periodic_task.py:210`));
      t += rng.int(0, 6);
    }
    if (rng.chance(0.3)) {
      out.push(line(t, 'DEBUG', 'nova.compute.manager', `${ctx} CONF.reclaim_instance_interval <= 0, skipping... _reclaim_queued_deletes ${NOVA_PY}/nova/compute/manager.py:10627`));
    }
    return t;
  };

  const resourceTracker = (t: number, out: string[]): number => {
    const req = rng.req();
    const ctx = ctxNone(req);
    const H = host.name;
    out.push(line(t, 'DEBUG', 'oslo_service.periodic_task', `${ctx} Running periodic task ComputeManager.update_available_resource run_periodic_tasks ${NOVA_PY}/oslo_service/periodic_task.py:210`));
    t += rng.int(1, 5);
    out.push(line(t, 'DEBUG', 'nova.compute.resource_tracker', `${ctx} Auditing locally available compute resources for ${H} (node: ${H}) update_available_resource ${NOVA_PY}/nova/compute/resource_tracker.py:907`));
    t += rng.int(100, 260);
    const freeRam = 385024 - rng.int(60000, 120000);
    out.push(
      line(
        t,
        'DEBUG',
        'nova.compute.resource_tracker',
        `${ctx} Hypervisor/Node resource view: name=${H} free_ram=${freeRam}MB free_disk=${rng.int(1200, 1600)}GB free_vcpus=${rng.int(20, 50)} pci_devices=[{"dev_id": "pci_0000_00_00_0", "address": "0000:00:00.0", "product_id": "2020", "vendor_id": "8086", "numa_node": 0, "label": "label_8086_2020", "dev_type": "type-PCI"}, {"dev_id": "pci_0000_3b_00_0", "address": "0000:3b:00.0", "product_id": "1017", "vendor_id": "15b3", "numa_node": 0, "label": "label_15b3_1017", "dev_type": "type-PCI"}] _report_hypervisor_resource_view ${NOVA_PY}/nova/compute/resource_tracker.py:1106`,
      ),
    );
    t += 1;
    out.push(line(t, 'DEBUG', 'oslo_concurrency.lockutils', `${ctx} Acquiring lock "compute_resources" by "nova.compute.resource_tracker.ResourceTracker._update_available_resource" inner ${NOVA_PY}/oslo_concurrency/lockutils.py:402`));
    t += 1;
    out.push(line(t, 'DEBUG', 'oslo_concurrency.lockutils', `${ctx} Lock "compute_resources" acquired by "nova.compute.resource_tracker.ResourceTracker._update_available_resource" :: waited 0.000s inner ${NOVA_PY}/oslo_concurrency/lockutils.py:407`));
    let vcpus = 0;
    for (const inst of host.instances) {
      vcpus += inst.vcpus;
      t += rng.int(0, 3);
      out.push(
        line(
          t,
          'DEBUG',
          'nova.compute.resource_tracker',
          `${ctx} Instance ${inst.uuid} actively managed on this compute host and has allocations in placement: {'resources': {'VCPU': ${inst.vcpus}, 'MEMORY_MB': ${inst.ramMb}, 'DISK_GB': ${inst.diskGb}}}. _remove_deleted_instances_allocations ${NOVA_PY}/nova/compute/resource_tracker.py:1744`,
        ),
      );
    }
    t += rng.int(5, 40);
    out.push(line(t, 'DEBUG', 'nova.compute.resource_tracker', `${ctx} Total usable vcpus: 64, total allocated vcpus: ${vcpus} _report_final_resource_view ${NOVA_PY}/nova/compute/resource_tracker.py:1129`));
    t += 1;
    out.push(
      line(
        t,
        'INFO',
        'nova.compute.resource_tracker',
        `${ctx} Final resource view: name=${H} phys_ram=385024MB used_ram=${385024 - freeRam}MB phys_disk=1800GB used_disk=${rng.int(200, 600)}GB total_vcpus=64 used_vcpus=${vcpus} pci_stats=[] stats={'failed_builds': '0', 'num_instances': '${host.instances.length}', 'num_vm_active': '${host.instances.length}', 'num_task_None': '${host.instances.length}', 'num_os_type_None': '${host.instances.length}', 'io_workload': '0'}`,
      ),
    );
    t += rng.int(20, 90);
    out.push(line(t, 'DEBUG', 'nova.compute.resource_tracker', `${ctx} Compute_service record updated for ${H}:${H} _update_available_resource ${NOVA_PY}/nova/compute/resource_tracker.py:1067`));
    t += 1;
    out.push(line(t, 'DEBUG', 'oslo_concurrency.lockutils', `${ctx} Lock "compute_resources" "released" by "nova.compute.resource_tracker.ResourceTracker._update_available_resource" :: held 0.${rng.int(200, 499)}s inner ${NOVA_PY}/oslo_concurrency/lockutils.py:421`));
    return t;
  };

  const healCache = (t: number, out: string[]): number => {
    const req = rng.req();
    const ctx = ctxNone(req);
    const inst = rng.pick(host.instances);
    out.push(line(t, 'DEBUG', 'oslo_service.periodic_task', `${ctx} Running periodic task ComputeManager._heal_instance_info_cache run_periodic_tasks ${NOVA_PY}/oslo_service/periodic_task.py:210`));
    t += rng.int(1, 4);
    out.push(line(t, 'DEBUG', 'nova.compute.manager', `${ctx} Starting heal instance info cache _heal_instance_info_cache ${NOVA_PY}/nova/compute/manager.py:9916`));
    t += rng.int(5, 30);
    out.push(line(t, 'DEBUG', 'oslo_concurrency.lockutils', `${ctx} Acquiring lock "refresh_cache-${inst.uuid}" lock ${NOVA_PY}/oslo_concurrency/lockutils.py:312`));
    t += rng.int(0, 2);
    out.push(line(t, 'DEBUG', 'nova.network.neutron', `${ctx} [instance: ${inst.uuid}] Forcefully refreshing network info cache for instance _get_instance_nw_info ${NOVA_PY}/nova/network/neutron.py:2062`));
    t += rng.int(100, 400);
    out.push(
      line(
        t,
        'DEBUG',
        'nova.network.neutron',
        `${ctx} [instance: ${inst.uuid}] Updating instance_info_cache with network_info: [{"id": "${inst.port}", "address": "${inst.mac}", "network": {"id": "${world.cell}", "bridge": "br-int", "label": "tenant-net", "subnets": [{"cidr": "${inst.ip.replace(/\.\d+$/, '.0')}/24", "dns": [], "gateway": {"address": "${inst.ip.replace(/\.\d+$/, '.1')}", "type": "gateway", "version": 4, "meta": {}}, "ips": [{"address": "${inst.ip}", "type": "fixed", "version": 4, "meta": {}, "floating_ips": []}], "routes": [], "version": 4, "meta": {"enable_dhcp": true, "dhcp_server": "${inst.ip.replace(/\.\d+$/, '.2')}"}}], "meta": {"injected": false, "tenant_id": "${inst.project}", "mtu": 1442, "physical_network": null, "tunneled": true}}, "type": "ovs", "details": {"port_filter": true, "connectivity": "l2", "bound_drivers": {"0": "ovn"}}, "devname": "tap${inst.port.slice(0, 11)}", "ovs_interfaceid": "${inst.port}", "qbh_params": null, "qbg_params": null, "active": true, "vnic_type": "normal", "profile": {}, "preserve_on_delete": false, "delegate_create": true, "meta": {}}] update_instance_cache_with_nw_info ${NOVA_PY}/nova/network/neutron.py:117`,
      ),
    );
    t += rng.int(2, 10);
    out.push(line(t, 'DEBUG', 'oslo_concurrency.lockutils', `${ctx} Releasing lock "refresh_cache-${inst.uuid}" lock ${NOVA_PY}/oslo_concurrency/lockutils.py:333`));
    t += 1;
    out.push(line(t, 'DEBUG', 'nova.compute.manager', `${ctx} [instance: ${inst.uuid}] Updated the network info_cache for instance _heal_instance_info_cache ${NOVA_PY}/nova/compute/manager.py:9987`));
    return t;
  };

  const powerSync = (t: number, out: string[]): number => {
    const req = rng.req();
    const ctx = ctxNone(req);
    const n = host.instances.length;
    out.push(line(t, 'DEBUG', 'oslo_service.periodic_task', `${ctx} Running periodic task ComputeManager._sync_power_states run_periodic_tasks ${NOVA_PY}/oslo_service/periodic_task.py:210`));
    if (rng.chance(0.1)) {
      t += rng.int(10, 50);
      out.push(line(t, 'WARNING', 'nova.compute.manager', `${ctx} While synchronizing instance power states, found ${n} instances in the database and ${n + 1} instances on the hypervisor.`));
    }
    for (const inst of host.instances) {
      if (!rng.chance(0.25)) continue;
      t += rng.int(1, 8);
      out.push(line(t, 'DEBUG', 'oslo_concurrency.lockutils', `${ctx} Acquiring lock "${inst.uuid}" by "nova.compute.manager.ComputeManager._sync_power_states.<locals>._sync.<locals>.query_driver_power_state_and_sync" inner ${NOVA_PY}/oslo_concurrency/lockutils.py:402`));
      t += 1;
      out.push(line(t, 'DEBUG', 'oslo_concurrency.lockutils', `${ctx} Lock "${inst.uuid}" "released" by "nova.compute.manager.ComputeManager._sync_power_states.<locals>._sync.<locals>.query_driver_power_state_and_sync" :: held 0.0${rng.int(10, 99)}s inner ${NOVA_PY}/oslo_concurrency/lockutils.py:421`));
    }
    return t;
  };

  const qemuImg = (t: number, out: string[]): number => {
    const ctx = ctxNone(rng.req());
    const inst = rng.pick(host.instances);
    const cmd = `/usr/bin/python3 -m oslo_concurrency.prlimit --as=1073741824 --cpu=30 -- env LC_ALL=C LANG=C qemu-img info /opt/pf9/data/instances/${inst.uuid}/disk --force-share --output=json`;
    out.push(line(t, 'DEBUG', 'oslo_concurrency.processutils', `${ctx} Running cmd (subprocess): ${cmd} execute ${NOVA_PY}/oslo_concurrency/processutils.py:384`));
    t += rng.int(20, 80);
    out.push(line(t, 'DEBUG', 'oslo_concurrency.processutils', `${ctx} CMD "${cmd}" returned: 0 in 0.0${rng.int(20, 99)}s execute ${NOVA_PY}/oslo_concurrency/processutils.py:422`));
    return t;
  };

  const userAction = (t: number, out: string[]): number => {
    const inst = rng.pick(host.instances);
    const ctx = ctxUser(rng, inst);
    const I = `[instance: ${inst.uuid}]`;
    switch (rng.int(0, 5)) {
      case 0:
        out.push(line(t, 'INFO', 'nova.compute.manager', `${ctx} ${I} Rebooting instance`));
        t += rng.int(2000, 9000);
        out.push(line(t, 'INFO', 'nova.virt.libvirt.driver', `${ctx} ${I} Instance soft rebooted successfully.`));
        t += rng.int(100, 900);
        out.push(line(t, 'INFO', 'nova.compute.manager', `[-] ${I} VM Started (Lifecycle Event)`));
        break;
      case 1:
        out.push(line(t, 'INFO', 'nova.compute.manager', `${ctx} ${I} Get console output`));
        break;
      case 2: {
        const g = rng.req();
        out.push(line(t, 'DEBUG', 'nova.compute.manager', `[${g} ${rng.req()} ${world.serviceUser} ${world.serviceProject} - default default] ${I} Received event network-changed-${inst.port} external_instance_event ${NOVA_PY}/nova/compute/manager.py:11091`));
        t += rng.int(1, 5);
        out.push(line(t, 'DEBUG', 'nova.network.neutron', `[${g} ${rng.req()} ${world.serviceUser} ${world.serviceProject} - default default] ${I} Refreshing network info cache for port ${inst.port} _get_instance_nw_info ${NOVA_PY}/nova/network/neutron.py:2059`));
        break;
      }
      case 3:
        out.push(line(t, 'INFO', 'nova.compute.manager', `${ctx} ${I} Attaching volume ${rng.uuid()} to /dev/vdb`));
        t += rng.int(800, 3000);
        out.push(line(t, 'DEBUG', 'nova.virt.libvirt.guest', `${ctx} attach device xml: <disk type="block" device="disk">\n  <driver name="qemu" type="raw" cache="none" io="native"/>\n  <source dev="/dev/sdc"/>\n  <target dev="vdb" bus="virtio"/>\n  <serial>${rng.uuid()}</serial>\n</disk>\n attach_device ${NOVA_PY}/nova/virt/libvirt/guest.py:339`));
        break;
      case 4: {
        // a new instance spawned here (its scheduling is in the scheduler noise, under another request)
        const req = rng.req();
        const c = `[None ${req} ${inst.user} ${inst.project} - - default default]`;
        const fresh = rng.uuid();
        const F = `[instance: ${fresh}]`;
        out.push(line(t, 'INFO', 'nova.compute.claims', `${c} ${F} Claim successful on node ${host.name}`));
        t += rng.int(200, 900);
        out.push(line(t, 'INFO', 'nova.virt.libvirt.driver', `${c} ${F} Creating image(s)`));
        t += rng.int(2000, 8000);
        out.push(line(t, 'INFO', 'nova.compute.manager', `[-] ${F} VM Started (Lifecycle Event)`));
        t += rng.int(10, 200);
        out.push(line(t, 'INFO', 'nova.compute.manager', `[None ${rng.req()} - - - - - -] ${F} During sync_power_state the instance has a pending task (spawning). Skip.`));
        t += rng.int(100, 900);
        out.push(line(t, 'INFO', 'nova.compute.manager', `${c} ${F} Took ${rng.int(8, 40)}.${rng.int(10, 99)} seconds to spawn the instance on the hypervisor.`));
        t += rng.int(50, 300);
        out.push(line(t, 'INFO', 'nova.compute.manager', `${c} ${F} Took ${rng.int(9, 45)}.${rng.int(10, 99)} seconds to build instance.`));
        break;
      }
      default:
        out.push(line(t, 'WARNING', 'nova.compute.manager', `[${rng.req()} ${rng.req()} ${world.serviceUser} ${world.serviceProject} - default default] ${I} Received unexpected event network-vif-plugged-${inst.port} for instance with vm_state active and task_state None.`));
    }
    return t;
  };

  const traceback = (t: number, out: string[]): number => {
    const ctx = ctxNone(rng.req());
    const id = (msgId++ * 2654435761) >>> 0;
    const mid = `${id.toString(16).padStart(8, '0')}${rng.hex8()}${rng.hex8()}${rng.hex8()}`;
    out.push(line(t, 'ERROR', 'nova.compute.manager', `${ctx} Error updating resources for node ${host.name}.: oslo_messaging.exceptions.MessagingTimeout: Timed out waiting for a reply to message ID ${mid}`));
    const p = `${clock.oslo(t)} ${P} ERROR nova.compute.manager `;
    out.push(
      `${p}Traceback (most recent call last):\n` +
        `${p}  File "${NOVA_PY}/oslo_messaging/_drivers/amqpdriver.py", line 441, in get\n` +
        `${p}    return self._queues[msg_id].get(block=True, timeout=timeout)\n` +
        `${p}  File "${NOVA_PY}/eventlet/queue.py", line 322, in get\n` +
        `${p}    return waiter.wait()\n` +
        `${p}_queue.Empty\n` +
        `${p}\n` +
        `${p}During handling of the above exception, another exception occurred:\n` +
        `${p}\n` +
        `${p}Traceback (most recent call last):\n` +
        `${p}  File "${NOVA_PY}/nova/compute/manager.py", line 10566, in _update_available_resource_for_node\n` +
        `${p}    self.rt.update_available_resource(context, nodename,\n` +
        `${p}  File "${NOVA_PY}/nova/compute/resource_tracker.py", line 889, in update_available_resource\n` +
        `${p}    self._update_available_resource(context, resources, startup=startup)\n` +
        `${p}  File "${NOVA_PY}/oslo_messaging/rpc/client.py", line 190, in call\n` +
        `${p}    result = self.transport._send(\n` +
        `${p}oslo_messaging.exceptions.MessagingTimeout: Timed out waiting for a reply to message ID ${mid}\n` +
        `${p}\n`,
    );
    return t;
  };

  const rabbit = (t: number, out: string[]): number => {
    out.push(line(t, 'ERROR', 'oslo.messaging._drivers.impl_rabbit', `[-] [${rng.uuid()}] AMQP server on 10.20.0.5:5672 is unreachable: timed out. Trying again in 1 seconds.: socket.timeout: timed out`));
    t += rng.int(1000, 1100);
    out.push(line(t, 'INFO', 'oslo.messaging._drivers.impl_rabbit', `[-] [${rng.uuid()}] Reconnected to AMQP server on 10.20.0.5:5672 via [amqp] client with port ${rng.int(30000, 60000)}.`));
    return t;
  };

  return {
    block(t, out) {
      const r = rng.next();
      if (r < 0.3) return periodic(t, out);
      if (r < 0.42) return resourceTracker(t, out);
      if (r < 0.6) return healCache(t, out);
      if (r < 0.7) return powerSync(t, out);
      if (r < 0.85) return qemuImg(t, out);
      if (r < 0.985) return userAction(t, out);
      if (r < 0.995) return traceback(t, out);
      return rabbit(t, out);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// management plane: nova-api, scheduler, conductor, placement

const API_PATHS = ['servers/detail?all_tenants=True&limit=21', 'flavors/detail', 'os-hypervisors/detail', 'os-services', 'os-availability-zone/detail', 'os-aggregates', 'limits'];

export function novaApi(world: World, rng: Rng): NoiseSource {
  const clock = new Clock();
  const pids = [23, 24];
  const all = world.hosts.flatMap((h) => h.instances);
  return {
    block(t, out) {
      const pid = rng.pick(pids);
      const client = rng.pick(world.clients);
      const r = rng.next();
      const head = `${clock.oslo(t)} ${pid} INFO nova.osapi_compute.wsgi.server`;
      if (r < 0.12) {
        out.push(`${head} ${ctxNone(rng.req())} 10.244.0.1 "GET / HTTP/1.1" status: 200 len: 397 time: 0.00${rng.int(1000, 9999)}\n`);
        return t;
      }
      const inst = rng.pick(all);
      const ctx = `[None ${rng.req()} ${inst.user} ${inst.project} - - default default]`;
      if (r < 0.55) {
        out.push(`${head} ${ctx} ${client} "GET /v2.1/${inst.project}/servers/${inst.uuid} HTTP/1.1" status: 200 len: ${rng.int(1900, 2700)} time: 0.${rng.int(1000000, 9999999)}\n`);
      } else if (r < 0.6) {
        out.push(`${head} ${ctx} ${client} "GET /v2.1/${inst.project}/servers/${inst.uuid}/os-instance-actions HTTP/1.1" status: 200 len: ${rng.int(300, 1800)} time: 0.${rng.int(1000000, 9999999)}\n`);
      } else if (r < 0.62) {
        const gone = rng.uuid();
        const c2 = `${clock.oslo(t)} ${pid} INFO nova.api.openstack.wsgi ${ctx} HTTP exception thrown: Instance ${gone} could not be found.\n`;
        out.push(c2, `${head} ${ctx} ${client} "GET /v2.1/${inst.project}/servers/${gone} HTTP/1.1" status: 404 len: 524 time: 0.0${rng.int(100000, 999999)}\n`);
      } else if (r < 0.64) {
        const req = ctx;
        out.push(`${clock.oslo(t)} ${pid} DEBUG nova.api.openstack.wsgi ${req} Action: 'create', calling method: <bound method ServersController.create of <nova.api.openstack.compute.servers.ServersController object at 0x7f3c2d9e4a90>>, body: {"server": {"name": "worker-${rng.int(1, 999)}", "imageRef": "${world.cell}", "flavorRef": "${rng.int(1, 9)}", "networks": [{"uuid": "${world.cell}"}]}} _process_stack ${POD_PY}/nova/api/openstack/wsgi.py:511\n`);
        t += rng.int(300, 900);
        out.push(`${clock.oslo(t)} ${pid} INFO nova.osapi_compute.wsgi.server ${req} ${client} "POST /v2.1/${inst.project}/servers HTTP/1.1" status: 202 len: 434 time: 0.${rng.int(1000000, 9999999)}\n`);
      } else {
        out.push(`${head} ${ctx} ${client} "GET /v2.1/${inst.project}/${rng.pick(API_PATHS)} HTTP/1.1" status: 200 len: ${rng.int(1500, 45000)} time: 0.${rng.int(1000000, 9999999)}\n`);
      }
      return t;
    },
  };
}

const FILTERS = ['ComputeFilter', 'ComputeCapabilitiesFilter', 'ImagePropertiesFilter', 'ServerGroupAntiAffinityFilter', 'ServerGroupAffinityFilter', 'PciPassthroughFilter'];

export function novaScheduler(world: World, rng: Rng): NoiseSource {
  const clock = new Clock();
  const pid = 17;
  const sfx = (fn: string, file: string, ln: number) => ` ${fn} ${POD_PY}/nova/${file}:${ln}\n`;
  return {
    block(t, out) {
      const L = (lvl: string, logger: string) => `${clock.oslo(t)} ${pid} ${lvl} ${logger}`;
      if (rng.chance(0.2)) {
        const ctx = ctxNone(rng.req());
        out.push(`${L('DEBUG', 'oslo_service.periodic_task')} ${ctx} Running periodic task SchedulerManager._discover_hosts_in_cells run_periodic_tasks ${POD_PY}/oslo_service/periodic_task.py:210\n`);
        if (rng.chance(0.3)) {
          const h = rng.pick(world.hosts);
          out.push(`${L('INFO', 'nova.scheduler.host_manager')} ${ctx} The instance sync for host '${h.name}' did not match. Re-created its InstanceList.\n`);
        }
        return t;
      }
      const inst = rng.pick(world.hosts).instances[0]!;
      const fresh = rng.uuid();
      const ctx = `[None ${rng.req()} ${inst.user} ${inst.project} - - default default]`;
      const n = world.hosts.length;
      out.push(`${L('DEBUG', 'nova.scheduler.manager')} ${ctx} Starting to schedule for instances: ['${fresh}']${sfx('select_destinations', 'scheduler/manager.py', 175)}`);
      t += rng.int(1, 4);
      out.push(`${L('DEBUG', 'nova.scheduler.request_filter')} ${ctx} compute_status_filter request filter added forbidden trait COMPUTE_STATUS_DISABLED${sfx('compute_status_filter', 'scheduler/request_filter.py', 253)}`);
      out.push(`${L('DEBUG', 'nova.scheduler.request_filter')} ${ctx} Request filter 'compute_status_filter' took 0.0 seconds${sfx('wrapper', 'scheduler/request_filter.py', 46)}`);
      t += rng.int(20, 120);
      out.push(`${L('DEBUG', 'oslo_concurrency.lockutils')} ${ctx} Acquiring lock "${world.cell}" by "nova.context.set_target_cell.<locals>.get_or_set_cached_cell_and_set_connections" inner ${POD_PY}/oslo_concurrency/lockutils.py:402\n`);
      out.push(`${L('DEBUG', 'nova.scheduler.host_manager')} ${ctx} Getting compute nodes and services for cell ${world.cell}(cell1)${sfx('_get_computes_for_cells', 'scheduler/host_manager.py', 637)}`);
      for (const h of world.hosts) {
        t += rng.int(0, 3);
        out.push(`${L('DEBUG', 'nova.scheduler.host_manager')} ${ctx} Update host state from compute node (id=${h.rp}): ComputeNode(cpu_allocation_ratio=4.0,cpu_info='{"arch": "x86_64", "model": "Cascadelake-Server-noTSX", "vendor": "Intel", "topology": {"cells": 2, "sockets": 2, "cores": 16, "threads": 2}}',created_at=2026-10-12T07:03:20Z,current_workload=0,disk_allocation_ratio=1.0,disk_available_least=${rng.int(1200, 1600)},free_disk_gb=${rng.int(1200, 1600)},free_ram_mb=${rng.int(200000, 320000)},host='${h.name}',host_ip=${h.ip},hypervisor_hostname='${h.name}',hypervisor_type='QEMU',hypervisor_version=4002001,id=${h.pid},local_gb=1800,local_gb_used=${rng.int(200, 600)},memory_mb=385024,memory_mb_used=${rng.int(60000, 180000)},running_vms=${h.instances.length},service_id=None,stats=Stats,uuid=${h.rp},vcpus=64,vcpus_used=${rng.int(10, 60)})${sfx('_locked_update', 'scheduler/host_manager.py', 167)}`);
      }
      t += rng.int(5, 40);
      out.push(`${L('DEBUG', 'nova.filters')} ${ctx} Starting with ${n} host(s)${sfx('get_filtered_objects', 'filters.py', 70)}`);
      for (const f of FILTERS) {
        t += rng.int(0, 2);
        out.push(`${L('DEBUG', 'nova.filters')} ${ctx} Filter ${f} returned ${n} host(s)${sfx('get_filtered_objects', 'filters.py', 102)}`);
      }
      const pickH = rng.pick(world.hosts);
      t += rng.int(1, 10);
      out.push(`${L('DEBUG', 'nova.scheduler.manager')} ${ctx} Weighed [WeighedHost [host: (${pickH.name}, ${pickH.name}) ram: ${rng.int(200000, 320000)}MB disk: ${rng.int(1200000, 1600000)}MB io_ops: 0 instances: ${pickH.instances.length}, weight: 1.${rng.int(100, 999)}]]${sfx('_get_sorted_hosts', 'scheduler/manager.py', 668)}`);
      out.push(`${L('DEBUG', 'nova.scheduler.utils')} ${ctx} Attempting to claim resources in the placement API for instance ${fresh}${sfx('claim_resources', 'scheduler/utils.py', 1312)}`);
      t += rng.int(30, 120);
      out.push(`${L('DEBUG', 'nova.scheduler.manager')} ${ctx} [instance: ${fresh}] Selected host: (${pickH.name}, ${pickH.name}) ram: ${rng.int(200000, 320000)}MB disk: ${rng.int(1200000, 1600000)}MB io_ops: 0 instances: ${pickH.instances.length}, allocation_candidates: ${n}${sfx('_consume_selected_host', 'scheduler/manager.py', 591)}`);
      return t;
    },
  };
}

export function novaConductor(world: World, rng: Rng): NoiseSource {
  const clock = new Clock();
  const pid = 19;
  return {
    block(t, out) {
      const inst = rng.pick(world.hosts).instances[0]!;
      const ctx = `[None ${rng.req()} ${inst.user} ${inst.project} - - default default]`;
      const L = (lvl: string, logger: string) => `${clock.oslo(t)} ${pid} ${lvl} ${logger}`;
      if (rng.chance(0.5)) {
        out.push(`${L('DEBUG', 'nova.conductor.manager')} ${ctx} Took 0.${rng.int(10, 99)} seconds to select destinations for 1 instance(s). _schedule_instances ${POD_PY}/nova/conductor/manager.py:945\n`);
        t += rng.int(5, 40);
        out.push(`${L('DEBUG', 'nova.conductor.manager')} ${ctx} [instance: ${rng.uuid()}] block_device_mapping [BlockDeviceMapping(attachment_id=None,boot_index=0,connection_info=None,created_at=<?>,delete_on_termination=True,deleted=<?>,deleted_at=<?>,destination_type='local',device_name=None,device_type='disk',disk_bus=None,encrypted=False,encryption_format=None,encryption_options=None,encryption_secret_uuid=None,guest_format=None,id=<?>,image_id='${world.cell}',instance=<?>,instance_uuid=<?>,no_device=False,snapshot_id=None,source_type='image',tag=None,updated_at=<?>,uuid=<?>,volume_id=None,volume_size=None,volume_type=None)] _create_block_device_mapping ${POD_PY}/nova/conductor/manager.py:1553\n`);
      } else {
        out.push(`${L('DEBUG', 'oslo_concurrency.lockutils')} ${ctx} Acquiring lock "${world.cell}" by "nova.context.set_target_cell.<locals>.get_or_set_cached_cell_and_set_connections" inner ${POD_PY}/oslo_concurrency/lockutils.py:402\n`);
        t += 1;
        out.push(`${L('DEBUG', 'oslo_concurrency.lockutils')} ${ctx} Lock "${world.cell}" "released" by "nova.context.set_target_cell.<locals>.get_or_set_cached_cell_and_set_connections" :: held 0.000s inner ${POD_PY}/oslo_concurrency/lockutils.py:421\n`);
      }
      return t;
    },
  };
}

export function placementApi(world: World, rng: Rng): NoiseSource {
  const clock = new Clock();
  const pids = [36, 38];
  return {
    block(t, out) {
      const pid = rng.pick(pids);
      const h = rng.pick(world.hosts);
      const global = rng.req();
      const ctx = `[${global} ${rng.req()} ${world.serviceUser} ${world.serviceProject} - - default default]`;
      const L = (lvl: string) => `${clock.oslo(t)} ${pid} ${lvl} placement.requestlog ${ctx}`;
      const r = rng.next();
      let uri: string;
      let status = 200;
      let method = 'GET';
      let mv = '1.14';
      if (r < 0.3) uri = `/resource_providers?in_tree=${h.rp}`;
      else if (r < 0.55) uri = `/resource_providers/${h.rp}/allocations`;
      else if (r < 0.7) uri = `/resource_providers/${h.rp}/inventories`;
      else if (r < 0.8) uri = `/resource_providers/${h.rp}/aggregates`;
      else if (r < 0.88) uri = `/resource_providers/${h.rp}/traits`;
      else if (r < 0.94) {
        uri = `/allocation_candidates?limit=1000&resources=DISK_GB%3A20%2CMEMORY_MB%3A2048%2CVCPU%3A1&root_required=%21COMPUTE_STATUS_DISABLED`;
        mv = '1.36';
      } else {
        uri = `/allocations/${rng.uuid()}`;
        method = 'PUT';
        status = 204;
        mv = '1.36';
      }
      out.push(`${L('DEBUG')} Starting request: 10.20.0.16 "${method} ${uri}" __call__ ${POD_PY}/placement/requestlog.py:55\n`);
      t += rng.int(3, 60);
      out.push(`${L('INFO')} 10.20.0.16 "${method} ${uri}" status: ${status} len: ${status === 204 ? 0 : rng.int(50, 4000)} microversion: ${mv}\n`);
      return t;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// libvirtd.log, QEMU logs, ovn-controller.log

const JOBS = ['remoteDispatchConnectGetLibVersion', 'remoteDispatchDomainGetInfo', 'remoteDispatchDomainMemoryStats', 'remoteDispatchDomainGetBlockInfo', 'remoteDispatchDomainGetXMLDesc', 'remoteDispatchConnectListAllDomains'];

export function libvirtd(host: HostInfo, rng: Rng): NoiseSource {
  const clock = new Clock();
  let cmd = 1000;
  return {
    block(t, out) {
      const tid = 1700 + rng.int(0, 80);
      const inst = rng.pick(host.instances);
      const T = clock.libvirt(t);
      const mon = `0x7f3b4c${rng.hex8().slice(0, 6)}`;
      switch (rng.int(0, 4)) {
        case 0: {
          const job = rng.pick(JOBS);
          out.push(
            `${T}: ${tid}: debug : virThreadJobSet:93 : Thread ${tid} (rpc-worker) is now running job ${job}\n` +
              `${T}: ${tid}: debug : virDomainLookupByUUID:313 : conn=0x7f3b30003ae0, uuid=${inst.uuid}\n` +
              `${T}: ${tid}: debug : qemuDomainObjBeginJobInternal:9784 : Starting job: job=query agentJob=none asyncJob=none (vm=0x7f3b3c0e1f60 name=${inst.name}, current job=none agentJob=none async=none)\n` +
              `${T}: ${tid}: debug : qemuDomainObjEndJob:9941 : Stopping job: query (async=none vm=0x7f3b3c0e1f60 name=${inst.name})\n` +
              `${T}: ${tid}: debug : virThreadJobClear:118 : Thread ${tid} (rpc-worker) finished job ${job} with ret=0\n`,
          );
          break;
        }
        case 1: {
          const id = cmd++;
          out.push(`${T}: ${tid}: info : qemuMonitorIOWrite:431 : QEMU_MONITOR_IO_WRITE: mon=${mon} buf={"execute":"query-balloon","id":"libvirt-${id}"}\r\n len=49 ret=49 errno=0\n`);
          t += rng.int(0, 3);
          out.push(`${clock.libvirt(t)}: ${tid}: info : qemuMonitorJSONIOProcessLine:240 : QEMU_MONITOR_RECV_REPLY: mon=${mon} reply={"return": {"actual": ${inst.ramMb * 1048576}}, "id": "libvirt-${id}"}\n`);
          break;
        }
        case 2:
          out.push(`${T}: ${tid}: debug : qemuMonitorJSONCommandWithFd:264 : Send command '{"execute":"query-blockstats","id":"libvirt-${cmd++}"}' for write with FD -1\n`);
          break;
        case 3:
          out.push(`${T}: ${tid}: info : virObjectRef:402 : OBJECT_REF: obj=0x7f3b3c0e1f60\n${T}: ${tid}: info : virObjectUnref:378 : OBJECT_UNREF: obj=0x7f3b3c0e1f60\n`);
          break;
        default:
          out.push(`${T}: ${tid}: warning : qemuDomainObjTaint:6075 : Domain id=${rng.int(1, 40)} name='${inst.name}' uuid=${inst.uuid} is tainted: high-privileges\n`);
      }
      return t;
    },
  };
}

/** A whole QEMU log of one instance: starts, warnings, shutdowns, each `count` times. */
export function qemuLog(host: HostInfo, inst: Instance, rng: Rng, t0: number, t1: number, boots: number): string {
  const clock = new Clock();
  const parts: string[] = [];
  const step = (t1 - t0) / Math.max(1, boots);
  for (let b = 0; b < boots; b++) {
    let t = Math.floor(t0 + b * step + rng.int(0, 1000));
    parts.push(
      `${clock.libvirt(t)}: starting up libvirt version: 6.0.0, package: 0ubuntu8.18 (Christian Ehrhardt <christian.ehrhardt@canonical.com> Mon, 11 Mar 2024 09:12:40 +0100), qemu version: 4.2.1Debian 1:4.2-3ubuntu6.29, kernel: 5.4.0-200-generic, hostname: ${host.name}\n` +
        `LC_ALL=C \\\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\\nHOME=/var/lib/libvirt/qemu/domain-${b + 1}-${inst.name} \\\n` +
        `/usr/bin/qemu-system-x86_64 \\\n-name guest=${inst.name},debug-threads=on \\\n-S \\\n-machine pc-q35-6.2,usb=off,dump-guest-core=off,memory-backend=pc.ram \\\n-accel kvm \\\n` +
        `-cpu Cascadelake-Server-noTSX,ss=on,vmx=on,pdcm=on,hypervisor=on,tsc-adjust=on,umip=on,pku=on,md-clear=on,stibp=on,arch-capabilities=on,ssbd=on,xsaves=on \\\n-m ${inst.ramMb} \\\n` +
        `-smp ${inst.vcpus},sockets=${inst.vcpus},dies=1,cores=1,threads=1 \\\n-uuid ${inst.uuid} \\\n` +
        `-smbios 'type=1,manufacturer=OpenStack Foundation,product=OpenStack Nova,version=29.2.1,serial=${inst.uuid},uuid=${inst.uuid},family=Virtual Machine' \\\n` +
        `-blockdev '{"driver":"file","filename":"/opt/pf9/data/instances/${inst.uuid}/disk","node-name":"libvirt-1-storage","auto-read-only":true,"discard":"unmap"}' \\\n` +
        `-netdev tap,fd=35,id=hostnet0,vhost=on,vhostfd=37 \\\n-device virtio-net-pci,host_mtu=1442,netdev=hostnet0,id=net0,mac=${inst.mac},bus=pci.1,addr=0x0 \\\n-msg timestamp=on\n` +
        `char device redirected to /dev/pts/${rng.int(1, 40)} (label charserial0)\n`,
    );
    t += rng.int(200, 900);
    parts.push(`${clock.qemu(t, rng.int(0, 999))} qemu-system-x86_64: warning: host doesn't support requested feature: MSR(48FH).vmx-exit-load-perf-global-ctrl [bit 12]\n`);
    if (b < boots - 1) {
      t = Math.floor(t0 + (b + 1) * step - rng.int(5000, 20000));
      parts.push(`${clock.qemu(t, rng.int(0, 999))} qemu-system-x86_64: terminating on signal 15 from pid 1702 (/usr/sbin/libvirtd)\n${clock.libvirt(t + 30)}: shutting down, reason=shutdown\n`);
    }
  }
  return parts.join('');
}

export function ovnController(host: HostInfo, rng: Rng): NoiseSource {
  const clock = new Clock();
  let seq = 1;
  const n = (): string => String(seq++ % 100000).padStart(5, '0');
  return {
    block(t, out) {
      const T = clock.ovs(t);
      const inst = rng.pick(host.instances);
      switch (rng.int(0, 4)) {
        case 0:
          out.push(
            `${T}|${n()}|binding|INFO|Claiming lport ${inst.port} for this chassis.\n` +
              `${T}|${n()}|binding|INFO|${inst.port}: Claiming ${inst.mac} ${inst.ip}\n` +
              `${T}|${n()}|binding|INFO|Setting lport ${inst.port} ovn-installed in OVS\n` +
              `${T}|${n()}|binding|INFO|Setting lport ${inst.port} up in Southbound\n`,
          );
          break;
        case 1:
          out.push(`${T}|${n()}|inc_proc_eng|INFO|node: logical_flow_output, recompute (forced) took ${rng.int(50, 900)}ms\n`);
          break;
        case 2:
          out.push(`${T}|${n()}|timeval|WARN|Unreasonably long ${rng.int(1000, 3000)}ms poll interval (${rng.int(900, 2900)}ms user, ${rng.int(5, 90)}ms system)\n${T}|${n()}|timeval|WARN|faults: ${rng.int(100, 9000)} minor, 0 major\n`);
          break;
        case 3:
          out.push(`${T}|${n()}|poll_loop|INFO|wakeup due to [POLLIN] on fd ${rng.int(15, 40)} (${host.ip}:${rng.int(30000, 60000)}<->10.20.0.7:6642) at lib/stream-ssl.c:842 (${rng.int(50, 99)}% CPU usage)\n`);
          break;
        default:
          out.push(`${T}|${n()}|main|INFO|OVNSB commit failed, force recompute next time.\n`);
      }
      return t;
    },
  };
}
