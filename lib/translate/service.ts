import { compareStrings } from '../util/compare';
import { ObjectMeta, Service, ServicePort } from './kube';
import { sortedRecord } from './metadata';
import { PortInfo, protocolPortName, uniquePortName } from './ports';
import { DefinitionScope } from './scope';
import { dcosVipHost } from './vip-labels';
import { VipService } from './vip-services';
import { WorkloadVips } from './workload-vips';

/**
 * The class of the AWS Load Balancer Controller's NLBs, written on every LoadBalancer Service. The controller's
 * mutating webhook sets it on every new one anyway (aws-load-balancer-controller v3.2.2
 * webhooks/core/service_mutator.go MutateCreate; chart values `enableServiceMutatorWebhook: true`), so it changes
 * nothing where the controller runs; under EKS Auto Mode, whose own NLB class is the cluster's default, it keeps the
 * Service the controller's, as the `service.beta.kubernetes.io/aws-load-balancer-*` annotations are its.
 */
export const LOAD_BALANCER_CONTROLLER_CLASS = 'service.k8s.aws/nlb';

/**
 * The Services of an app or pod: its own (which takes the VIPs named after it), then the VIP Services it owns.
 * Headless for StatefulSets (each replica keeps a stable DNS name, like Mesos-DNS A records).
 */
export function workloadServices(scope: DefinitionScope, vips: WorkloadVips, headless: boolean): Service[] {
  const merged = vips.services.filter((service) => service.mergedInto !== undefined);
  const own = workloadService(scope, merged, headless);
  const shared = vips.services
    .filter((service) => service.mergedInto === undefined && vips.owns(service))
    .map((vip) => vipService(vip, scope.metadata(vip.name), scope.selector));
  return [...(own ? [own] : []), ...shared];
}

/** The workload's own Service: every port, on its well-known service port when Marathon had one, else on the container port. */
export function workloadService(
  scope: DefinitionScope,
  merged: readonly VipService[],
  headless: boolean,
): Service | undefined {
  const { ports, selector } = scope;
  const metadata = scope.metadata(scope.name);
  if (ports.length === 0 && !headless) {
    return undefined;
  }
  const servicePorts: ServicePort[] = [];
  const taken = new Set<string>();
  const add = (port: ServicePort) => {
    const key = `${port.port}/${port.protocol}`;
    if (taken.has(key)) {
      return;
    }
    taken.add(key);
    servicePorts.push(port);
  };
  const ownServicePorts = new Map(
    ports.flatMap((port) =>
      port.protocols.map((protocol) => [protocolPortName(port, protocol), servicePortOf(port)] as const),
    ),
  );
  for (const vip of merged) {
    for (const port of vip.ports) {
      // A VIP port keeps the app's port name (`http`) unless the app offers that name on another port too.
      const own = ownServicePorts.get(port.name);
      add({
        name: own !== undefined && own !== port.port ? `${port.protocol.toLowerCase()}-${port.port}` : port.name,
        port: port.port,
        targetPort: port.targetPort,
        protocol: port.protocol,
      });
    }
  }
  for (const port of ports) {
    for (const protocol of port.protocols) {
      const wanted = servicePortOf(port);
      const number = taken.has(`${wanted}/${protocol}`) ? port.containerPort : wanted;
      add({ name: protocolPortName(port, protocol), port: number, targetPort: port.containerPort, protocol });
    }
  }
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: merged.length > 0 ? withVipAnnotation(metadata, merged) : metadata,
    spec: {
      ...(headless ? { clusterIP: 'None' } : { type: 'ClusterIP' }),
      selector,
      ...(servicePorts.length > 0 ? { ports: uniqueNames(servicePorts) } : {}),
    },
  };
}

/** The port a workload's Service offers for one of its ports: the well-known service port, else the container port. */
export function servicePortOf(port: PortInfo): number {
  return port.servicePort !== 0 ? port.servicePort : port.containerPort;
}

/** A Service named after a DC/OS VIP, so `<vip>.marathon.l4lb.thisdcos.directory` has a Kubernetes twin. */
function vipService(vip: VipService, metadata: ObjectMeta, selector: Record<string, string>): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: withVipAnnotation(metadata, [vip]),
    spec: {
      type: 'ClusterIP',
      selector: vip.sharedLabel ? { [vip.sharedLabel.key]: vip.sharedLabel.value } : selector,
      ports: uniqueNames(
        vip.ports.map((port) => ({
          name: port.name,
          port: port.port,
          targetPort: port.targetPort,
          protocol: port.protocol,
        })),
      ),
    },
  };
}

/** Which DC/OS VIP names the Service stands for, so reviewers (and DNS aliases, if wanted) can find them. */
const DCOS_VIP_ANNOTATION = 'marathon-to-eks/dcos-vip';

function withVipAnnotation(metadata: ObjectMeta, vips: readonly VipService[]): ObjectMeta {
  const hosts = [...new Set(vips.map((vip) => dcosVipHost(vip.vipName)))].sort(compareStrings).join(',');
  return { ...metadata, annotations: sortedRecord({ ...metadata.annotations, [DCOS_VIP_ANNOTATION]: hosts }) };
}

function uniqueNames(ports: ServicePort[]): ServicePort[] {
  const seen = new Set<string>();
  return ports.map((port) => ({ ...port, name: uniquePortName(port.name ?? 'port', seen) }));
}
