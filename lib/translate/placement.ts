import { Constraint } from '../marathon/model/common';
import { Affinity, Toleration, TopologySpreadConstraint } from './kube';
import { nodeLabelKey } from './node-labels';
import { PUBLIC_NODE } from './options';
import { NodeLabelRequirement, NodeTaintRequirement } from './requirements';

/** Where a workload's pods may run, and what the nodes must carry for it. */
export interface Placement {
  nodeSelector: Record<string, string>;
  affinity: Affinity;
  topologySpreadConstraints: TopologySpreadConstraint[];
  tolerations: Toleration[];
  nodeLabels: NodeLabelRequirement[];
  nodeTaints: NodeTaintRequirement[];
}

export const HOSTNAME = 'kubernetes.io/hostname';

export function emptyPlacement(): Placement {
  return {
    nodeSelector: {},
    affinity: {},
    topologySpreadConstraints: [],
    tolerations: [],
    nodeLabels: [],
    nodeTaints: [],
  };
}

/** `[hostname, UNIQUE]` or `[hostname, MAX_PER, 1]`: at most one instance per agent. */
export function limitsOnePerHost(constraints: readonly Constraint[]): boolean {
  return constraints.some(
    (c) =>
      nodeLabelKey(c.fieldName).text === HOSTNAME &&
      (c.operator === 'UNIQUE' || (c.operator === 'MAX_PER' && Number(c.value ?? '1') <= 1)),
  );
}

/** Pods that may run on the public node group tolerate its taint. */
export function toleratePublicNodes(placement: Placement): void {
  placement.tolerations.push({
    key: PUBLIC_NODE.key,
    operator: 'Equal',
    value: PUBLIC_NODE.value,
    effect: 'NoSchedule',
  });
}

/** Pods that ran only on public agents select the public node group, which must carry its label. */
export function onPublicNodes(placement: Placement, reason: string): void {
  placement.nodeSelector[PUBLIC_NODE.key] = PUBLIC_NODE.value;
  toleratePublicNodes(placement);
  placement.nodeLabels.push({ key: PUBLIC_NODE.key, values: [PUBLIC_NODE.value], reason });
}
