import { Service, ServicePort } from './kube';
import { ObjectMeta } from './kube';
import { PortInfo, protocolPortName } from './ports';
import { VipService } from './estate';

/**
 * The workload's own Service: every port, on its well-known service port when Marathon had one, else on the
 * container port. Headless for StatefulSets (each replica keeps a stable DNS name, like Mesos-DNS A records).
 */
export function workloadService(metadata: ObjectMeta, ports: readonly PortInfo[], selector: Record<string, string>, merged: readonly VipService[], headless: boolean): Service | undefined {
  if (ports.length === 0 && !headless) return undefined;
  const servicePorts: ServicePort[] = [];
  const taken = new Set<string>();
  const add = (port: ServicePort) => {
    const key = `${port.port}/${port.protocol}`;
    if (taken.has(key)) return;
    taken.add(key);
    servicePorts.push(port);
  };
  for (const vip of merged) {
    for (const port of vip.ports) add({ name: port.name, port: port.port, targetPort: port.targetPort, protocol: port.protocol });
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
    metadata,
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
export function vipService(vip: VipService, metadata: ObjectMeta, selector: Record<string, string>): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: {
      type: 'ClusterIP',
      selector: vip.sharedLabel ? { [vip.sharedLabel.key]: vip.sharedLabel.value } : selector,
      ports: vip.ports.map((port) => ({ name: port.name, port: port.port, targetPort: port.targetPort, protocol: port.protocol })),
    },
  };
}

function uniqueNames(ports: ServicePort[]): ServicePort[] {
  const seen = new Set<string>();
  return ports.map((port) => {
    let name = port.name ?? 'port';
    for (let i = 2; seen.has(name); i++) name = `${(port.name ?? 'port').slice(0, 12)}-${i}`;
    seen.add(name);
    return { ...port, name };
  });
}
