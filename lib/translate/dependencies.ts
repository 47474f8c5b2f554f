import { JsonPath } from '../util/json-path';
import { Container } from './kube';
import { DefinitionScope } from './scope';
import { shellQuote } from './shell';

/**
 * Marathon started dependencies first. Kubernetes has no start order; with the `waitForDependencies` option an
 * init container per dependency waits until its Service accepts connections.
 */
export function dependencyInitContainers(
  scope: DefinitionScope,
  dependencies: readonly string[],
  at: JsonPath,
): Container[] {
  const { notes, estate } = scope;
  const containers: Container[] = [];
  dependencies.forEach((dependency, i) => {
    const path = [...at, i];
    const target = estate.services.get(dependency);
    if (!target) {
      const group = estate.groups.get(dependency);
      notes.approximated(
        path,
        group
          ? `depends on group ${dependency}: Kubernetes starts everything at once; readiness probes and retries take the place of ordering`
          : `${dependency} is not in this estate: nothing to wait for`,
      );
      return;
    }
    if (!estate.isSelected(target)) {
      notes.approximated(
        path,
        `${dependency} stays on DC/OS in this run (a migration in waves): nothing on EKS to wait for; it moves in a later wave`,
      );
      return;
    }
    const ports = estate.portsOf(target);
    const identity = estate.identityOf(target);
    if (!estate.options.waitForDependencies || ports.length === 0) {
      notes.approximated(
        path,
        `Kubernetes starts everything at once; ${dependency} (${identity.name}.${identity.namespace}) is not waited for${ports.length === 0 ? ' (it has no port to wait on)' : ' (option waitForDependencies adds an init container that waits)'}`,
      );
      return;
    }
    const host = `${identity.name}.${identity.namespace}.svc.cluster.local`;
    const port = ports[0].servicePort || ports[0].containerPort;
    containers.push({
      name: `wait-${identity.name}`.slice(0, 63).replace(/-+$/, ''),
      image: estate.options.fetchImage,
      imagePullPolicy: 'IfNotPresent',
      command: [
        '/bin/sh',
        '-c',
        `until nc -z -w 2 ${shellQuote(host)} ${port}; do echo waiting for ${host}:${port}; sleep 2; done`,
      ],
    });
    notes.approximated(path, `init container waits for ${host}:${port} (Kubernetes has no start order)`);
  });
  return containers;
}
