import { quote } from '../util/describe';
import { checkLabelMap } from './kube-metadata';
import { checkPortNumber } from './kube-pod';
import { Problems, arrayOf, isRecord, recordOf } from './kube-problem';
import { portNameProblem } from './kube-syntax';

/**
 * Service rules: port names, numbers and uniqueness, and the selector's label syntax. Whether a named targetPort
 * exists in the selected pods needs the other objects, and is not checked here.
 */
export function checkService(object: Record<string, unknown>, problems: Problems): void {
  const spec = recordOf(object.spec);
  if (spec === undefined) {
    return;
  }
  if (spec.selector !== undefined) {
    checkLabelMap(spec.selector, ['spec', 'selector'], problems);
  }
  const ports = arrayOf(spec.ports);
  const names = new Map<string, number>();
  const numbers = new Map<string, number>();
  ports.forEach((port, i) => {
    if (!isRecord(port)) {
      return;
    }
    const at = ['spec', 'ports', i];
    const protocol = typeof port.protocol === 'string' ? port.protocol : 'TCP';
    if (typeof port.name === 'string') {
      // Kubernetes itself only asks for a DNS-1123 label; the IANA form keeps Service and container port names
      // interchangeable (targetPort by name) and valid as SRV record names.
      const problem = portNameProblem(port.name);
      if (problem !== undefined) {
        problems.add([...at, 'name'], problem);
      }
      const first = names.get(port.name);
      if (first !== undefined) {
        problems.add([...at, 'name'], `duplicate port name ${quote(port.name)} (also spec.ports[${first}])`);
      } else {
        names.set(port.name, i);
      }
    } else if (port.name === undefined && ports.length > 1) {
      problems.add([...at, 'name'], 'required when a Service has more than one port');
    }
    if (typeof port.port === 'number') {
      checkPortNumber(port.port, [...at, 'port'], problems);
      const key = `${port.port}/${protocol}`;
      const first = numbers.get(key);
      if (first !== undefined) {
        problems.add([...at, 'port'], `duplicate port ${key} (also spec.ports[${first}])`);
      } else {
        numbers.set(key, i);
      }
    }
    if (typeof port.targetPort === 'number') {
      checkPortNumber(port.targetPort, [...at, 'targetPort'], problems);
    }
    if (typeof port.targetPort === 'string') {
      const problem = portNameProblem(port.targetPort);
      if (problem !== undefined) {
        problems.add([...at, 'targetPort'], `a named targetPort must be a container port name: ${problem}`);
      }
    }
  });
}
