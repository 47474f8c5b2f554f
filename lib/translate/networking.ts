import { MarathonApp } from '../marathon/model/app';
import { Network } from '../marathon/model/common';
import { JobRun } from '../marathon/model/job';
import { MarathonPod } from '../marathon/model/pod';
import { DefinitionScope } from './scope';

/*
 * Networking: every pod gets its own IP on EKS (VPC CNI), whatever the Marathon network mode was. Host networking is
 * kept only with the hostNetworking option.
 */

/** True when the workload runs on the node's network: it used host networking and the option keeps it. */
function keepsHostNetwork(scope: DefinitionScope, networks: readonly Network[]): boolean {
  return scope.options.hostNetworking && networks.some((network) => network.mode === 'host');
}

/** An app's `networks` and `requirePorts`; true when it keeps the node's network. */
export function appNetworking(scope: DefinitionScope, app: MarathonApp): boolean {
  const { notes } = scope;
  const hostNetwork = keepsHostNetwork(scope, app.networks);
  app.networks.forEach((network, i) => {
    const at = ['networks', i];
    if (network.mode === 'host') {
      if (hostNetwork) {
        notes.translated([...at, 'mode'], 'hostNetwork: true (option hostNetworking)');
      } else {
        notes.approximated(
          [...at, 'mode'],
          'host networking → the pod network: the app listens on its own pod IP, on the ports $PORTn names (option hostNetworking keeps the node network)',
        );
      }
    } else if (network.mode === 'container/bridge') {
      notes.translated([...at, 'mode'], 'bridge → the pod network; container ports are kept');
    } else {
      notes.approximated(
        [...at, 'mode'],
        `container network${network.name ? ` ${network.name}` : ''} → the pod network (one flat network on EKS)`,
      );
    }
    if (network.name !== undefined) {
      notes.approximated([...at, 'name'], `CNI network ${network.name} → the cluster's pod network`);
    }
    for (const key of Object.keys(network.labels)) {
      notes.unsupported([...at, 'labels', key], 'labels for the Mesos CNI plugin have no Kubernetes counterpart');
    }
  });
  if (app.requirePorts && !hostNetwork) {
    notes.approximated(
      ['requirePorts'],
      'fixed host ports are only used with option hostPorts; pods have their own IPs, so ports never clash',
    );
  } else {
    notes.translated(['requirePorts'], app.requirePorts ? 'hostPort' : 'dynamic ports');
  }
  return hostNetwork;
}

/** A pod's `networks`; true when it keeps the node's network. */
export function podNetworking(scope: DefinitionScope, pod: MarathonPod): boolean {
  const hostNetwork = keepsHostNetwork(scope, pod.networks);
  pod.networks.forEach((network, i) => {
    const text =
      network.mode === 'host'
        ? hostNetwork
          ? 'hostNetwork: true'
          : 'host networking → the pod network (its own IP)'
        : 'the pod network';
    scope.notes[network.mode === 'container/bridge' || hostNetwork ? 'translated' : 'approximated'](
      ['networks', i],
      text,
    );
  });
  return hostNetwork;
}

/** A job's `run.networks`: a job's pod always has its own IP. */
export function jobNetworking(scope: DefinitionScope, run: JobRun): void {
  run.networks.forEach((network, i) =>
    scope.notes[network.mode === 'host' ? 'approximated' : 'translated'](
      ['run', 'networks', i],
      network.mode === 'host' ? 'host networking → the pod network' : 'the pod network',
    ),
  );
}
