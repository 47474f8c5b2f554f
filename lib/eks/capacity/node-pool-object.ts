import { NodePoolPlan } from '../../capacity/node-pools';
import { ResolvedNodePoolOptions } from './node-pool-options';

/** What differs between a Karpenter NodePool and an EKS Auto Mode one: the label domain and the node class. */
export interface NodePoolFlavor {
  /** The domain of the instance labels: `karpenter.k8s.aws` (Karpenter on AWS) or `eks.amazonaws.com` (Auto Mode). */
  readonly instanceLabelDomain: string;
  /** The node class the pool's nodes are launched with. */
  readonly nodeClassRef: { readonly group: string; readonly kind: string; readonly name: string };
}

/**
 * A planned pool as a `karpenter.sh/v1` NodePool: the plan's labels and taints, the families, sizes and architecture
 * it weighed, the capacity types asked for, its limits and weight, and the disruption settings.
 */
export function nodePoolObject(
  pool: NodePoolPlan,
  flavor: NodePoolFlavor,
  options: ResolvedNodePoolOptions,
): Record<string, unknown> {
  const domain = flavor.instanceLabelDomain;
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: pool.name },
    spec: {
      template: {
        metadata: { labels: { ...pool.labels } },
        spec: {
          nodeClassRef: { ...flavor.nodeClassRef },
          requirements: [
            { key: 'kubernetes.io/arch', operator: 'In', values: [pool.arch] },
            { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: [...options.capacityTypes] },
            { key: `${domain}/instance-family`, operator: 'In', values: [...pool.instanceFamilies] },
            { key: `${domain}/instance-size`, operator: 'In', values: [...pool.instanceSizes] },
            ...pool.requirements
              .filter((requirement) => requirement.key !== 'kubernetes.io/arch')
              .map((requirement) => ({ key: requirement.key, operator: 'In', values: [...requirement.values] })),
          ],
          ...(pool.taints.length > 0 ? { taints: pool.taints.map((taint) => ({ ...taint })) } : {}),
          expireAfter: options.expireAfter,
        },
      },
      disruption: {
        consolidationPolicy: options.consolidationPolicy,
        consolidateAfter: options.consolidateAfter,
        budgets: [{ nodes: options.disruptionBudget }],
      },
      limits: { cpu: String(pool.limits.cpu), memory: `${pool.limits.memoryMib}Mi` },
      weight: pool.weight,
    },
  };
}
