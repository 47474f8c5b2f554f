import { ContainerPort } from './kube';
import { PortInfo, protocolPortName, uniquePortName } from './ports';
import { DefinitionScope } from './scope';

/**
 * The container ports of each container of the workload's pod (an app's one container, or a pod's containers by
 * Marathon name). The containers share one network namespace, so a number and protocol is offered once in the pod.
 */
export function containerPorts(scope: DefinitionScope): (container?: string) => ContainerPort[] {
  const taken = new Set<string>();
  return (container) =>
    containerPortsOf(
      scope.ports.filter((port) => port.container === container),
      { hostPorts: scope.options.hostPorts, taken },
    );
}

/**
 * The container ports of some of a workload's ports, one per number and protocol: two Marathon port mappings may
 * forward to one container port (Docker allows it), and the Service still offers both, targeting that number.
 */
function containerPortsOf(
  ports: readonly PortInfo[],
  scope: { readonly hostPorts: boolean; readonly taken: Set<string> },
): ContainerPort[] {
  const { taken } = scope;
  const names = new Set<string>();
  const hostPorts = new Set<string>();
  return ports.flatMap((port) =>
    port.protocols.flatMap((protocol): ContainerPort[] => {
      const key = `${port.containerPort}/${protocol}`;
      if (taken.has(key)) {
        return [];
      }
      taken.add(key);
      // A `udp,tcp` port's second name (web-udp) can be another port's own name.
      const name = uniquePortName(protocolPortName(port, protocol), names);
      const hostPort =
        scope.hostPorts && port.fixedHostPort !== undefined && !hostPorts.has(`${port.fixedHostPort}/${protocol}`)
          ? port.fixedHostPort
          : undefined;
      if (hostPort !== undefined) {
        hostPorts.add(`${hostPort}/${protocol}`);
      }
      return [{ name, containerPort: port.containerPort, protocol, ...(hostPort !== undefined ? { hostPort } : {}) }];
    }),
  );
}
