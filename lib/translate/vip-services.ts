import { compareStrings } from '../util/compare';
import { Definition } from '../marathon/load/definition';
import { definitionKey } from './definition-key';
import { KubeIdentity, dnsLabel, lbName, withSuffix } from './naming';
import { PortInfo, protocolPortName } from './ports';
import { VipLabel, vipLabels, vipServiceName } from './vip-labels';

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

/** The VIP Services of an estate, and which one each VIP label landed in. */
export interface VipPlan {
  /** By `namespace/name`. */
  readonly services: ReadonlyMap<string, VipService>;
  serviceFor(definition: Definition, vip: VipLabel): VipService | undefined;
}

interface Draft {
  namespace: string;
  name: string;
  vipName: string;
  members: Set<string>;
  ports: Map<string, { port: number; targetPort: number; protocol: 'TCP' | 'UDP'; name: string }>;
}

const labelKey = (definition: Definition, vip: VipLabel) => `${definitionKey(definition)}|${vip.path.join('/')}`;

/**
 * Every VIP of the estate becomes one Service in its members' namespace, whichever apps and pods name it: the ports
 * they offer on it are merged, in the order of the members' ids, so each app finds the same Service.
 */
export function planVipServices(
  definitions: readonly Definition[],
  identityOf: (d: Definition) => KubeIdentity,
  portsOf: (d: Definition) => readonly PortInfo[],
  groupsAreNamespaces: boolean,
): VipPlan {
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
      addPorts(draft, vip);
      byLabel.set(labelKey(definition, vip), key);
    }
  }
  const services = vipServices(drafts, sorted, identityOf);
  const resolved = new Map<string, VipService>();
  for (const [label, key] of byLabel) {
    resolved.set(label, services.get(key) as VipService);
  }
  return { services, serviceFor: (definition, vip) => resolved.get(labelKey(definition, vip)) };
}

function addPorts(draft: Draft, vip: VipLabel): void {
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
}

function vipServices(
  drafts: ReadonlyMap<string, Draft>,
  sorted: readonly Definition[],
  identityOf: (d: Definition) => KubeIdentity,
): Map<string, VipService> {
  const ownServices = new Map(
    sorted.map((d) => [`${identityOf(d).namespace}/${identityOf(d).name}`, definitionKey(d)]),
  );
  const services = new Map<string, VipService>();
  const lbNames = new Set(sorted.map((d) => `${identityOf(d).namespace}/${lbName(identityOf(d).name)}`));
  for (const [key, draft] of drafts) {
    const owner = ownServices.get(key);
    const members = [...draft.members];
    const merged = owner !== undefined && members.length === 1 && members[0] === owner;
    // A VIP shared by several apps, or named like another app, cannot take over that app's Service name.
    const clash = !merged && (owner !== undefined || lbNames.has(key));
    services.set(key, {
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
  return services;
}
