import { Service, ServicePort } from './kube';
import { sortedRecord } from './metadata';
import { withSuffix } from './naming';
import { DefinitionScope } from './scope';
import { LOAD_BALANCER_CONTROLLER_CLASS, workloadService } from './service';
import { vipLabels } from './vip-labels';
import { VipService } from './vip-services';

/*
 * During a migration in waves, apps still on DC/OS reach a migrated workload through an internal NLB that ExternalDNS
 * names in a Route 53 private zone (`coexistenceDomain`); the Marathon forwarder (dcos-forwarder.ts) relays to it.
 * The DC/OS agents must resolve that zone: it is associated with their VPC, or their resolvers forward to one that is.
 */

/** The AWS Load Balancer Controller's Service annotations (kubernetes-sigs/aws-load-balancer-controller v3.2.2). */
const LBC = 'service.beta.kubernetes.io/';

/**
 * ExternalDNS's hostname annotation on a `LoadBalancer` Service: a record for the name that points at the load
 * balancer (kubernetes-sigs/external-dns external-dns-helm-chart-1.21.1, docs/annotations/annotations.md and
 * source/annotations/annotations.go `HostnameKey`). Not `internal-hostname`: that one points at the ClusterIP,
 * which DC/OS agents cannot reach.
 */
export const EXTERNAL_DNS_HOSTNAME = 'external-dns.alpha.kubernetes.io/hostname';

const MAX_NAME = 63;

/** The zone as DNS names are written: lowercase, without a trailing dot. */
function zone(domain: string): string {
  const name = domain.trim().toLowerCase().replace(/\.+$/, '');
  // The options are checked before translation (translateOptionProblems); a caller of translateEstate who skipped
  // that must not get a `,` or a space into a socat address or an annotation.
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(name) || name.length > 253) {
    throw new Error(`coexistenceDomain ${JSON.stringify(domain)} is not a DNS name`);
  }
  return name;
}

/** `<name>.<namespace>.<domain>`: the DNS name ExternalDNS gives the workload's coexistence NLB. */
export function coexistenceHost(scope: DefinitionScope, domain: string): string {
  return `${scope.name}.${scope.namespace}.${zone(domain)}`;
}

/** The coexistence Service's name, `<name>-dcos`, within 63 characters (as `lbName` keeps `<name>-lb`). */
export function coexistenceServiceName(name: string): string {
  return name.length + 5 <= MAX_NAME ? `${name}-dcos` : withSuffix(name, 'dcos', MAX_NAME);
}

/** `<name>-dcos`, unless an app, pod or VIP of the estate already has that Service name: then `<name>-dcos-nlb`. */
function freeServiceName(scope: DefinitionScope): string {
  const name = coexistenceServiceName(scope.name);
  return scope.estate.serviceNames.has(`${scope.namespace}/${name}`)
    ? withSuffix(scope.name, 'dcos-nlb', MAX_NAME)
    : name;
}

/** The internal NLB Service DC/OS callers reach the workload through; undefined when the workload has no ports. */
export function coexistenceService(scope: DefinitionScope, domain: string): Service | undefined {
  if (scope.ports.length === 0) {
    return undefined;
  }
  // The very ports of the workload's own ClusterIP Service (numbers, names, VIP ports named after the workload).
  const ports = workloadService(scope, mergedVips(scope), false)?.spec?.ports ?? [];
  if (ports.length === 0) {
    return undefined;
  }
  const meta = scope.metadata(freeServiceName(scope));
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      ...meta,
      annotations: sortedRecord({ ...meta.annotations, ...nlbAnnotations(coexistenceHost(scope, domain), ports) }),
    },
    spec: {
      type: 'LoadBalancer',
      loadBalancerClass: LOAD_BALANCER_CONTROLLER_CLASS,
      selector: scope.selector,
      ports,
      // LBC v3.2.2 opens the NLB's managed security group to these, else to 0.0.0.0/0
      // (pkg/service/model_build_managed_sg.go); an internal NLB is still reachable only from networks routed to the VPC.
      ...(scope.options.coexistenceSourceRanges.length > 0
        ? { loadBalancerSourceRanges: [...scope.options.coexistenceSourceRanges] }
        : {}),
    },
  };
}

/**
 * The NLB of the marathon-lb translation (marathon-lb.ts `nlbService`), but internal: DC/OS agents reach it over the
 * VPC, nothing outside does. LBC v3.2.2 docs/guide/service/nlb.md: `aws-load-balancer-type: external` hands the
 * Service to the controller, `nlb-target-type: ip` registers the pods, TCP and UDP listeners are both supported.
 * A port number offered over TCP and UDP needs one TCP_UDP listener: without `enable-tcp-udp-listener` the controller
 * builds one listener per Service port, keyed by its number (pkg/service/model_build_listener.go
 * `buildListenersLegacy`), so the second protocol's listener is dropped (pkg/model/core/stack.go `AddResource`:
 * "resource already exists", an error `NewListener` ignores).
 */
function nlbAnnotations(host: string, ports: readonly ServicePort[]): Record<string, string> {
  const protocolsByNumber = new Map<number, Set<string>>();
  for (const port of ports) {
    const protocols = protocolsByNumber.get(port.port) ?? new Set<string>();
    protocols.add(port.protocol ?? 'TCP');
    protocolsByNumber.set(port.port, protocols);
  }
  const tcpAndUdp = [...protocolsByNumber.values()].some((protocols) => protocols.size > 1);
  return {
    [`${LBC}aws-load-balancer-type`]: 'external',
    [`${LBC}aws-load-balancer-nlb-target-type`]: 'ip',
    [`${LBC}aws-load-balancer-scheme`]: 'internal',
    ...(tcpAndUdp ? { [`${LBC}aws-load-balancer-enable-tcp-udp-listener`]: 'true' } : {}),
    [EXTERNAL_DNS_HOSTNAME]: host,
  };
}

/**
 * The VIP Services whose ports join the workload's own Service (a VIP named after the workload), in the order
 * `workloadVips` finds them, without the report lines it writes: the translation of the workload writes those.
 */
function mergedVips(scope: DefinitionScope): VipService[] {
  const merged: VipService[] = [];
  for (const vip of vipLabels(scope.ports).vips) {
    const service = vip.isIp ? undefined : scope.estate.vipServiceFor(scope.definition, vip);
    if (service?.mergedInto !== undefined && !merged.includes(service)) {
      merged.push(service);
    }
  }
  return merged;
}

/**
 * The port of the coexistence Service that reaches the workload's port `containerPort` over `protocol`: the one the
 * workload's Service names after it (`name`), else any that targets it.
 */
export function coexistencePort(
  service: Service,
  target: { readonly name: string; readonly containerPort: number },
  protocol: 'TCP' | 'UDP',
): number | undefined {
  const ports = (service.spec?.ports ?? []).filter(
    (port) => (port.protocol ?? 'TCP') === protocol && port.targetPort === target.containerPort,
  );
  return (ports.find((port) => port.name === target.name) ?? ports[0])?.port;
}
