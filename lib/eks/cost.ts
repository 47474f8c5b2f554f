import { instanceTypes } from '../capacity/instance-types';
import { NodePoolPlan } from '../capacity/node-pools';
import { ResolvedNodeGroup } from './node-groups';

/** EKS control plane, standard support (data/capacity/SOURCES.md). */
export const CONTROL_PLANE_USD_PER_HOUR = 0.1;
/** A NAT gateway in us-east-1, before data processing ($0.045/GB). */
export const NAT_GATEWAY_USD_PER_HOUR = 0.045;

export interface CostEstimate {
  readonly controlPlane: number;
  /**
   * Per node group: desired nodes × the first instance type's on-demand price; per NodePool (Karpenter, Auto Mode),
   * its planned nodes × the planned type's (Karpenter may pick other types of the pool, at their prices).
   */
  readonly nodeGroups: readonly {
    readonly name: string;
    readonly nodes: number;
    readonly instanceType: string;
    readonly usdPerHour: number;
  }[];
  readonly natGateways: number;
  readonly usdPerHour: number;
  readonly usdPerMonth: number;
  /** What the estimate leaves out. */
  readonly excludes: string;
}

/** What {@link estimateHourlyCost} prices. */
export interface CostInput {
  /** The node groups, each priced at its desired size and its first instance type. */
  readonly nodeGroups: readonly ResolvedNodeGroup[];
  /** The planned NodePools (Karpenter, Auto Mode), each priced at its planned nodes of its planned type. @default none */
  readonly nodePools?: readonly NodePoolPlan[];
  /** The nodes are EKS Auto Mode's: its management fee, priced per instance type, is not in the estimate. @default false */
  readonly autoMode?: boolean;
  /** How many NAT gateways the VPC has. */
  readonly natGateways: number;
}

/**
 * What an environment costs per hour in us-east-1, at on-demand prices from the capacity data: the control plane,
 * the node groups at their desired size, and NAT gateways. Spot groups are priced on demand (an upper bound).
 */
export function estimateHourlyCost(input: CostInput): CostEstimate {
  const nodeGroups = input.nodeGroups.map((group) => {
    const instanceType = group.instanceTypes[0];
    const price = instanceTypes().get(instanceType)?.usdPerHour ?? 0;
    return { name: group.name, nodes: group.desiredSize, instanceType, usdPerHour: round(group.desiredSize * price) };
  });
  for (const pool of input.nodePools ?? []) {
    const price = instanceTypes().get(pool.plannedType)?.usdPerHour ?? 0;
    nodeGroups.push({
      name: pool.name,
      nodes: pool.plannedNodes,
      instanceType: pool.plannedType,
      usdPerHour: round(pool.plannedNodes * price),
    });
  }
  const natGateways = round(input.natGateways * NAT_GATEWAY_USD_PER_HOUR);
  const usdPerHour = round(
    CONTROL_PLANE_USD_PER_HOUR + natGateways + nodeGroups.reduce((sum, group) => sum + group.usdPerHour, 0),
  );
  return {
    controlPlane: CONTROL_PLANE_USD_PER_HOUR,
    nodeGroups,
    natGateways,
    usdPerHour,
    usdPerMonth: round(usdPerHour * 730),
    excludes: `EBS volumes, load balancers, data transfer and NAT data processing, CloudWatch logs, KMS requests${input.autoMode ? ", EKS Auto Mode's management fee per instance (aws.amazon.com/eks/pricing)" : ''}`,
  };
}

function round(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}
