import { JsonPath } from '../util/json-path';
import { KillSelection, UnreachableStrategy, UpgradeStrategy } from '../marathon/model/common';
import {
  DaemonSetUpdateStrategy,
  DeploymentStrategy,
  PodDisruptionBudget,
  StatefulSetUpdateStrategy,
  Toleration,
} from './kube';
import { DefinitionScope } from './scope';

/**
 * `minimumHealthCapacity` / `maximumOverCapacity` as a rolling update: unavailable =
 * floor((1 − min) × 100)%, surge = ceil(max × 100)%; both zero means stop-then-start (Recreate).
 */
export function deploymentStrategy(scope: DefinitionScope, upgrade: UpgradeStrategy, at: JsonPath): DeploymentStrategy {
  const { notes } = scope;
  const maxUnavailable = Math.floor((1 - upgrade.minimumHealthCapacity) * 100 + 1e-9);
  const maxSurge = Math.ceil(upgrade.maximumOverCapacity * 100 - 1e-9);
  if (maxUnavailable === 0 && maxSurge === 0) {
    notes.approximated(
      at,
      'minimumHealthCapacity 1 with maximumOverCapacity 0 cannot roll; Kubernetes rejects 0%/0%, so the strategy is Recreate (Marathon would have waited)',
    );
    return { type: 'Recreate' };
  }
  notes.translated([...at, 'minimumHealthCapacity'], `maxUnavailable ${maxUnavailable}%`);
  notes.translated([...at, 'maximumOverCapacity'], `maxSurge ${maxSurge}%`);
  return { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: `${maxUnavailable}%`, maxSurge: `${maxSurge}%` } };
}

/**
 * A DaemonSet replaces its pod node by node. Marathon's per-host instances could not surge either (one per host), so
 * only `minimumHealthCapacity` carries over: unavailable = floor((1 − min) × 100)%, at least one node at a time.
 */
export function daemonSetStrategy(
  scope: DefinitionScope,
  upgrade: UpgradeStrategy,
  at: JsonPath,
): DaemonSetUpdateStrategy {
  const { notes } = scope;
  const percent = Math.floor((1 - upgrade.minimumHealthCapacity) * 100 + 1e-9);
  if (percent === 0) {
    notes.approximated(
      [...at, 'minimumHealthCapacity'],
      "minimumHealthCapacity 1: a DaemonSet replaces at least one node's pod at a time (maxUnavailable 1)",
    );
  } else {
    notes.translated([...at, 'minimumHealthCapacity'], `maxUnavailable ${percent}% of the nodes`);
  }
  notes.translated(
    [...at, 'maximumOverCapacity'],
    'one pod per node: no surge (as with Marathon, which could not place a second instance on the host)',
  );
  return { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: percent === 0 ? 1 : `${percent}%`, maxSurge: 0 } };
}

/** A StatefulSet updates one pod at a time (its volumes cannot be shared), so only maxUnavailable carries over. */
export function statefulSetStrategy(
  scope: DefinitionScope,
  upgrade: UpgradeStrategy,
  instances: number,
  at: JsonPath,
): StatefulSetUpdateStrategy {
  const maxUnavailable = Math.max(1, Math.floor((1 - upgrade.minimumHealthCapacity) * instances));
  scope.notes.approximated(
    at,
    `StatefulSet rolling update, one ordinal at a time (maxUnavailable ${maxUnavailable} needs the MaxUnavailableStatefulSet feature)`,
  );
  return { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
}

/** Voluntary disruptions (node drains) keep the same share of instances healthy that upgrades did. */
export function disruptionBudget(
  scope: DefinitionScope,
  upgrade: UpgradeStrategy,
  instances: number,
): PodDisruptionBudget | undefined {
  const minAvailable = Math.floor(upgrade.minimumHealthCapacity * 100 + 1e-9);
  if (instances < 2 || minAvailable === 0) {
    return undefined;
  }
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: scope.metadata(scope.name),
    spec: { minAvailable: `${minAvailable}%`, selector: { matchLabels: scope.selector } },
  };
}

/**
 * `unreachableStrategy`: how long an instance on a lost agent is waited for before it is replaced. On
 * Kubernetes that is how long pods tolerate an unreachable / not-ready node.
 */
export function unreachableTolerations(
  scope: DefinitionScope,
  strategy: UnreachableStrategy,
  at: JsonPath,
): Toleration[] {
  const { notes } = scope;
  const keys = ['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready'];
  if (strategy === 'disabled') {
    notes.translated(at, 'tolerate unreachable / not-ready nodes forever (no replacement elsewhere)');
    return keys.map((key) => ({ key, operator: 'Exists', effect: 'NoExecute' }));
  }
  notes.translated(
    [...at, 'inactiveAfterSeconds'],
    `tolerationSeconds ${strategy.inactiveAfterSeconds} for unreachable / not-ready nodes`,
  );
  notes.approximated(
    [...at, 'expungeAfterSeconds'],
    'the replaced pod is deleted with its node; there is no separate expunge timeout',
  );
  return keys.map((key) => ({
    key,
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: strategy.inactiveAfterSeconds,
  }));
}

export function killSelectionNote(scope: DefinitionScope, killSelection: KillSelection, at: JsonPath): void {
  scope.notes.approximated(
    at,
    killSelection === 'YOUNGEST_FIRST'
      ? 'scale-down picks pods by the ReplicaSet controller (newest and not-ready first by default), much like YOUNGEST_FIRST; pods can be ranked with the controller.kubernetes.io/pod-deletion-cost annotation'
      : 'OLDEST_FIRST has no setting: Kubernetes removes the newest pods first; rank pods with the controller.kubernetes.io/pod-deletion-cost annotation',
  );
}

export function backoffNotes(scope: DefinitionScope, paths: readonly JsonPath[]): void {
  for (const path of paths) {
    scope.notes.approximated(
      path,
      'the kubelet restarts failing containers with its own exponential back-off (10 s doubling to 5 min); not configurable per app',
    );
  }
}
