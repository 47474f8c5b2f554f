import { compareStrings } from '../util/compare';
import { Definition } from '../marathon/load/definition';
import { KubeIdentity } from './naming';
import { PortInfo } from './ports';
import { dcosVipHost } from './vip-labels';
import { VipService } from './vip-services';

/** The Kubernetes name a DC/OS service-discovery name (Mesos-DNS, VIP) stands for. */
export interface DiscoveryTarget {
  /** `<service>.<namespace>.svc.cluster.local` */
  readonly host: string;
  /** The named port SRV lookups use on Kubernetes (`_<port>._tcp.<host>`). */
  readonly srvPortName?: string;
  /** What the DC/OS name pointed at, for the report. */
  readonly what: string;
  /** The Marathon id (Mesos-DNS name) or the definition keys (VIP members) that answer to the name. */
  readonly answeredBy: readonly string[];
}

/** Mesos-DNS reverses the id into a task name: `/shop/api` is `api-shop`. */
export function mesosTaskName(id: string): string {
  return id
    .split('/')
    .filter((s) => s !== '')
    .reverse()
    .join('-');
}

export const MESOS_DNS_DOMAINS = [
  'marathon.mesos',
  'marathon.slave.mesos',
  'marathon.agentip.dcos.thisdcos.directory',
  'marathon.autoip.dcos.thisdcos.directory',
  'marathon.containerip.dcos.thisdcos.directory',
  'marathon.mesos.thisdcos.directory',
];

/**
 * Every DC/OS name an app of the estate could be reached by, and its Service: the Mesos-DNS names of apps and pods
 * with ports (the first id in order wins a shared task name), then the VIP names.
 */
export function discoveryMap(
  definitions: readonly Definition[],
  identityOf: (d: Definition) => KubeIdentity,
  portsOf: (d: Definition) => readonly PortInfo[],
  vipServices: ReadonlyMap<string, VipService>,
): Map<string, DiscoveryTarget> {
  const map = new Map<string, DiscoveryTarget>();
  const sorted = [...definitions]
    .filter((d) => d.kind !== 'job' && portsOf(d).length > 0)
    .sort((a, b) => compareStrings(a.id, b.id));
  for (const definition of sorted) {
    const { namespace, name } = identityOf(definition);
    const task = mesosTaskName(definition.id);
    // One target for all of the definition's Mesos-DNS names: at 10,000 apps the map holds 60,000 of them.
    let target: DiscoveryTarget | undefined;
    for (const domain of MESOS_DNS_DOMAINS) {
      const host = `${task}.${domain}`;
      if (!map.has(host)) {
        target ??= {
          host: `${name}.${namespace}.svc.cluster.local`,
          srvPortName: portsOf(definition)[0].name,
          what: `${definition.kind} ${definition.id}`,
          answeredBy: [definition.id],
        };
        map.set(host, target);
      }
    }
  }
  for (const service of vipServices.values()) {
    const host = dcosVipHost(service.vipName);
    if (!map.has(host)) {
      map.set(host, {
        host: `${service.name}.${service.namespace}.svc.cluster.local`,
        what: `VIP ${service.vipName}`,
        answeredBy: service.members,
      });
    }
  }
  return map;
}
