import { compareStrings } from '../util/compare';
import { Definition, GroupDefinition } from '../marathon/load/definition';
import { KubeIdentity, assignIdentities, idSegments, dnsLabel, withSuffix } from './naming';
import { ResolvedTranslateOptions } from './options';
import { PortInfo, appPorts, podPorts, protocolPortName } from './ports';
import { Notes } from './notes';
import { VipLabel, dcosVipHost, vipLabels, vipServiceName } from './vips';
import { appIsStateful, podIsStateful } from './storage';

/** What the translation of one definition knows about the rest of the estate. */
export interface EstateContext {
  readonly options: ResolvedTranslateOptions;
  identityOf(definition: Definition): KubeIdentity;
  /** Ports of an app or pod, as translated (the same numbers everywhere). */
  portsOf(definition: Definition): readonly PortInfo[];
  /** The VIP Services, by `namespace/name`. */
  readonly vipServices: ReadonlyMap<string, VipService>;
  /** Which VIP Service each VIP label of an app or pod landed in. */
  vipServiceFor(definition: Definition, vip: VipLabel): VipService | undefined;
  /** Service-discovery names of DC/OS and their Kubernetes equivalents. */
  readonly discovery: ReadonlyMap<string, DiscoveryTarget>;
  /** Apps and pods by Marathon id. */
  readonly services: ReadonlyMap<string, Definition>;
  readonly groups: ReadonlyMap<string, GroupDefinition>;
}

/** A Service that stands for a DC/OS VIP. */
export interface VipService {
  readonly namespace: string;
  readonly name: string;
  readonly vipName: string;
  /** Keys of the definitions whose pods it selects. */
  readonly members: readonly string[];
  /** When the VIP is the app's own name, its ports join the app's Service instead of a Service of their own. */
  readonly mergedInto?: string;
  /** Label every member's pods carry when several apps share the VIP. */
  readonly sharedLabel?: { readonly key: string; readonly value: string };
  readonly ports: readonly {
    readonly port: number;
    readonly targetPort: number;
    readonly protocol: 'TCP' | 'UDP';
    readonly name: string;
  }[];
}

export interface DiscoveryTarget {
  /** `<service>.<namespace>.svc.cluster.local` */
  readonly host: string;
  /** The named port SRV lookups use on Kubernetes (`_<port>._tcp.<host>`). */
  readonly srvPortName?: string;
  /** What the DC/OS name pointed at, for the report. */
  readonly what: string;
}

export function definitionKey(definition: Definition): string {
  return `${definition.kind}:${definition.id}@${definition.source}#${definition.pointer.join('/')}`;
}

/** Decides names, ports, VIP Services and the discovery map for a whole estate, before any definition is translated. */
export function buildEstateContext(
  definitions: readonly Definition[],
  groups: readonly GroupDefinition[],
  options: ResolvedTranslateOptions,
): EstateContext {
  // CronJob and StatefulSet names stay within 52 characters: their controllers append suffixes to them
  // (a Job's scheduled time; the controller-revision-hash label, kubernetes/kubernetes#64023).
  const limit = (definition: Definition) => (definition.kind === 'job' || isStateful(definition) ? 52 : 63);
  const services = assignIdentities(
    definitions
      .filter((d) => d.kind !== 'job')
      .map((definition) => ({
        key: definitionKey(definition),
        id: definition.id,
        segments: idSegments(definition.id, definition.kind),
        maxName: limit(definition),
      })),
    options,
  );
  const jobs = assignIdentities(
    definitions
      .filter((d) => d.kind === 'job')
      .map((definition) => ({
        key: definitionKey(definition),
        id: definition.id,
        segments: idSegments(definition.id, 'job'),
        maxName: limit(definition),
      })),
    options,
  );
  const identityOf = (definition: Definition): KubeIdentity => {
    const key = definitionKey(definition);
    const identity = definition.kind === 'job' ? jobs.get(key) : services.get(key);
    if (!identity) {
      throw new Error(`no identity for ${definition.id}`);
    }
    return identity;
  };

  const ports = new Map<string, readonly PortInfo[]>();
  for (const definition of definitions) {
    if (definition.kind === 'app') {
      ports.set(definitionKey(definition), appPorts(definition.spec, new Notes()));
    }
    if (definition.kind === 'pod') {
      ports.set(definitionKey(definition), podPorts(definition.spec, new Notes()));
    }
  }
  const portsOf = (definition: Definition) => ports.get(definitionKey(definition)) ?? [];

  const { vipServices, byLabel } = planVipServices(
    definitions,
    identityOf,
    portsOf,
    options.namespaceStrategy === 'top-level-group',
  );
  const byId = new Map<string, Definition>();
  for (const definition of definitions) {
    if (definition.kind !== 'job' && !byId.has(definition.id)) {
      byId.set(definition.id, definition);
    }
  }

  return {
    options,
    identityOf,
    portsOf,
    vipServices,
    vipServiceFor: (definition, vip) => byLabel.get(`${definitionKey(definition)}|${vip.path.join('/')}`),
    discovery: discoveryMap(definitions, identityOf, portsOf, vipServices),
    services: byId,
    groups: new Map(groups.map((group) => [group.id, group])),
  };
}

function isStateful(definition: Definition): boolean {
  return definition.kind === 'app'
    ? appIsStateful(definition.spec)
    : definition.kind === 'pod'
      ? podIsStateful(definition.spec)
      : false;
}

function planVipServices(
  definitions: readonly Definition[],
  identityOf: (d: Definition) => KubeIdentity,
  portsOf: (d: Definition) => readonly PortInfo[],
  groupsAreNamespaces: boolean,
) {
  interface Draft {
    namespace: string;
    name: string;
    vipName: string;
    members: Set<string>;
    ports: Map<string, { port: number; targetPort: number; protocol: 'TCP' | 'UDP'; name: string }>;
  }
  const drafts = new Map<string, Draft>();
  const byLabel = new Map<string, string>();
  const sorted = [...definitions].filter((d) => d.kind !== 'job').sort((a, b) => compareStrings(a.id, b.id));
  for (const definition of sorted) {
    const identity = identityOf(definition);
    for (const vip of vipLabels(portsOf(definition)).vips) {
      if (vip.isIp) {
        continue;
      }
      const name = vipServiceName(vip.vipName, identity.namespace, groupsAreNamespaces);
      const key = `${identity.namespace}/${name}`;
      const draft = drafts.get(key) ?? {
        namespace: identity.namespace,
        name,
        vipName: vip.vipName,
        members: new Set<string>(),
        ports: new Map(),
      };
      drafts.set(key, draft);
      draft.members.add(definitionKey(definition));
      for (const protocol of vip.port.protocols) {
        const portKey = `${vip.vipPort}/${protocol}`;
        if (!draft.ports.has(portKey)) {
          // The app's own port name (`http`) reads best; apps sharing a VIP may disagree, then the number decides.
          const own = protocolPortName(vip.port, protocol);
          const name = [...draft.ports.values()].some((taken) => taken.name === own)
            ? `${protocol.toLowerCase()}-${vip.vipPort}`
            : own;
          draft.ports.set(portKey, { port: vip.vipPort, targetPort: vip.port.containerPort, protocol, name });
        }
      }
      byLabel.set(`${definitionKey(definition)}|${vip.path.join('/')}`, key);
    }
  }
  const ownServices = new Map(
    sorted.map((d) => [`${identityOf(d).namespace}/${identityOf(d).name}`, definitionKey(d)]),
  );
  const vipServices = new Map<string, VipService>();
  const lbNames = new Set(sorted.map((d) => `${identityOf(d).namespace}/${identityOf(d).name}-lb`));
  for (const [key, draft] of drafts) {
    const owner = ownServices.get(key);
    const members = [...draft.members];
    const merged = owner !== undefined && members.length === 1 && members[0] === owner;
    // A VIP shared by several apps, or named like another app, cannot take over that app's Service name.
    const clash = !merged && (owner !== undefined || lbNames.has(key));
    vipServices.set(key, {
      namespace: draft.namespace,
      name: clash ? withSuffix(draft.name, 'vip', 63) : draft.name,
      vipName: draft.vipName,
      members,
      ...(merged ? { mergedInto: owner } : {}),
      ...(members.length > 1
        ? { sharedLabel: { key: `vip.marathon-to-eks/${dnsLabel(draft.name, 63)}`, value: 'true' } }
        : {}),
      ports: [...draft.ports.values()].sort((a, b) => a.port - b.port || compareStrings(a.protocol, b.protocol)),
    });
  }
  const resolved = new Map<string, VipService>();
  for (const [label, key] of byLabel) {
    resolved.set(label, vipServices.get(key) as VipService);
  }
  return { vipServices, byLabel: resolved };
}

/** Mesos-DNS reverses the id into a task name: `/shop/api` is `api-shop`. */
export function mesosTaskName(id: string): string {
  return id
    .split('/')
    .filter((s) => s !== '')
    .reverse()
    .join('-');
}

const MESOS_DNS_DOMAINS = [
  'marathon.mesos',
  'marathon.slave.mesos',
  'marathon.agentip.dcos.thisdcos.directory',
  'marathon.autoip.dcos.thisdcos.directory',
  'marathon.containerip.dcos.thisdcos.directory',
  'marathon.mesos.thisdcos.directory',
];

function discoveryMap(
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
    for (const domain of MESOS_DNS_DOMAINS) {
      const host = `${task}.${domain}`;
      if (!map.has(host)) {
        map.set(host, {
          host: `${name}.${namespace}.svc.cluster.local`,
          srvPortName: portsOf(definition)[0].name,
          what: `${definition.kind} ${definition.id}`,
        });
      }
    }
  }
  for (const service of vipServices.values()) {
    const host = dcosVipHost(service.vipName);
    if (!map.has(host)) {
      map.set(host, { host: `${service.name}.${service.namespace}.svc.cluster.local`, what: `VIP ${service.vipName}` });
    }
  }
  return map;
}
