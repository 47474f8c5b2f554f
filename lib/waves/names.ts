import { compareStrings } from '../util/compare';
import { Definition } from '../marathon/load/definition';
import { MESOS_DNS_DOMAINS, mesosTaskName } from '../translate/discovery';
import { Notes } from '../translate/notes';
import { PortInfo, appPorts, podPorts } from '../translate/ports';
import { vipLabels } from '../translate/vip-labels';

/** A workload reached through a named VIP, on one of the VIP's ports. */
interface VipMember {
  readonly id: string;
  readonly vipPort: number;
}

/**
 * The DC/OS names of an estate's apps and pods, decided the way the translation decides them so the graph and the
 * converted manifests agree: Mesos-DNS task names (`/shop/api` → `api-shop.marathon.mesos`), VIP names
 * (`/shop/api:8000` → `shopapi.marathon.l4lb.thisdcos.directory`) and the ports marathon-lb binds for each app.
 */
export interface NameIndex {
  /** Mesos-DNS host (lowercase) → the workload it names. */
  readonly mesos: ReadonlyMap<string, string>;
  /** VIP host (lowercase) → every workload behind it, with the VIP port each offers. */
  readonly vips: ReadonlyMap<string, readonly VipMember[]>;
  /** `ip:port` of an IP VIP (`VIP_0: 10.0.0.5:80`) → the workloads behind it. */
  readonly ipVips: ReadonlyMap<string, readonly string[]>;
  /** Port marathon-lb binds (`HAPROXY_n_PORT`, else the service port) → the apps it forwards to. */
  readonly lbPorts: ReadonlyMap<number, readonly string[]>;
  /** Ids of the apps and pods, sorted: Marathon dependencies name these, or a group above them. */
  readonly workloadIds: readonly string[];
  /** Ids of the Metronome jobs: job dependencies name these. */
  readonly jobIds: ReadonlySet<string>;
}

/** Builds the index; `definitions` must be sorted by id (the first id in order wins a shared task name). */
export function nameIndex(definitions: readonly Definition[]): NameIndex {
  const services = definitions.filter((d) => d.kind !== 'job');
  const ports = new Map<Definition, readonly PortInfo[]>();
  for (const definition of services) {
    const notes = new Notes();
    ports.set(
      definition,
      definition.kind === 'app' ? appPorts(definition.spec, notes) : podPorts(definition.spec, notes),
    );
  }
  const portsOf = (definition: Definition) => ports.get(definition) ?? [];
  return {
    mesos: mesosNames(services, portsOf),
    ...vipNames(services, portsOf),
    lbPorts: marathonLbPorts(services, portsOf),
    workloadIds: [...new Set(services.map((d) => d.id))].sort(compareStrings),
    jobIds: new Set(definitions.filter((d) => d.kind === 'job').map((d) => d.id)),
  };
}

/**
 * Mesos-DNS names. The translation's discovery map holds the apps and pods with ports (a Service needs one); the
 * ones without ports answer too (a Mesos-DNS A record needs no port), so they fill in the names left.
 */
function mesosNames(
  services: readonly Definition[],
  portsOf: (definition: Definition) => readonly PortInfo[],
): Map<string, string> {
  const names = new Map<string, string>();
  const withPorts = services.filter((d) => portsOf(d).length > 0);
  const without = services.filter((d) => portsOf(d).length === 0);
  for (const definition of [...withPorts, ...without]) {
    const task = mesosTaskName(definition.id).toLowerCase();
    for (const domain of MESOS_DNS_DOMAINS) {
      const host = `${task}.${domain}`;
      if (!names.has(host)) {
        names.set(host, definition.id);
      }
    }
  }
  return names;
}

function vipNames(
  services: readonly Definition[],
  portsOf: (definition: Definition) => readonly PortInfo[],
): Pick<NameIndex, 'vips' | 'ipVips'> {
  const vips = new Map<string, VipMember[]>();
  const ipVips = new Map<string, string[]>();
  for (const definition of services) {
    for (const vip of vipLabels(portsOf(definition)).vips) {
      if (vip.isIp) {
        const key = `${vip.vipName}:${vip.vipPort}`;
        push(ipVips, key, definition.id);
      } else {
        const key = vip.dcosHost.toLowerCase();
        push(vips, key, { id: definition.id, vipPort: vip.vipPort });
      }
    }
  }
  return { vips, ipVips };
}

/**
 * The ports marathon-lb listens on for each app. Checked in mesosphere/marathon-lb v1.9.0: `utils.py`
 * `get_service_ports` takes `portMappings[].servicePort` in container networking, else `portDefinitions[].port`;
 * `config.py` `set_port` lets `HAPROXY_{n}_PORT` override port n; `marathon_lb.py` `config()` skips apps whose
 * `HAPROXY_GROUP` (or `HAPROXY_{n}_GROUP`) names none of its groups. Apps with such a label are preferred for a
 * port; an app without one still answers for the port when no labelled app has it (the estate may be partial).
 */
function marathonLbPorts(
  services: readonly Definition[],
  portsOf: (definition: Definition) => readonly PortInfo[],
): Map<number, string[]> {
  const exposed = new Map<number, string[]>();
  const others = new Map<number, string[]>();
  for (const definition of services) {
    if (definition.kind !== 'app') {
      continue;
    }
    const { labels } = definition.spec;
    for (const port of portsOf(definition)) {
      const bind = labels[`HAPROXY_${port.index}_PORT`]?.trim();
      const lbPort = bind !== undefined && /^\d{1,5}$/.test(bind) ? Number(bind) : port.servicePort;
      if (lbPort < 1 || lbPort > 65535) {
        continue;
      }
      const grouped = labels.HAPROXY_GROUP !== undefined || labels[`HAPROXY_${port.index}_GROUP`] !== undefined;
      push(grouped ? exposed : others, lbPort, definition.id);
    }
  }
  for (const [port, ids] of others) {
    if (!exposed.has(port)) {
      exposed.set(port, ids);
    }
  }
  return exposed;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}
