import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { NodePoolPlan } from '../../capacity/node-pools';
import { AutoModeNodePools, autoModeCompute, autoModeNodeRole, resolveBuiltInNodePools } from './auto-mode';
import { AutoModeCapacityOptions, Capacity, KarpenterCapacityOptions } from './capacity';
import { nodePoolProblems } from './capacity-choice';
import { Karpenter } from './karpenter';

/*
 * What a capacity mode adds to the environment beside its node groups: the cluster's compute props, and Karpenter or
 * Auto Mode's planned NodePools, with what is wrong with them.
 */

/** The construct id of the Auto Mode node role, a child of the environment. */
export const AUTO_MODE_NODE_ROLE_ID = 'AutoModeNodeRole';

/** The cluster props of the mode: Auto Mode's compute config, else node groups added after (none by default). */
export function clusterCapacityProps(
  scope: Construct,
  capacity: Capacity,
): Pick<eks.ClusterProps, 'defaultCapacityType' | 'compute' | 'defaultCapacity'> {
  if (capacity.mode !== 'auto-mode') {
    return { defaultCapacityType: eks.DefaultCapacityType.NODEGROUP, defaultCapacity: 0 };
  }
  const options = capacity.options as AutoModeCapacityOptions;
  // The node role AWS recommends (AmazonEKSWorkerNodeMinimalPolicy), not aws-eks-v2's broader one; with no built-in
  // pool the compute config has no node role (AutoModeNodePools makes its NodeClass's own).
  return autoModeCompute(
    options,
    resolveBuiltInNodePools(options).length > 0 ? autoModeNodeRole(scope, AUTO_MODE_NODE_ROLE_ID) : undefined,
  );
}

/** What the NodePools are launched into. */
export interface NodeLauncherContext {
  readonly cluster: eks.Cluster;
  readonly clusterName: string;
  readonly vpc: ec2.IVpc;
  /** The managed node groups already made (Karpenter's controller runs on them). */
  readonly nodeGroups: readonly eks.Nodegroup[];
  readonly pools: readonly NodePoolPlan[];
}

export interface NodeLaunchers {
  readonly karpenter?: Karpenter;
  readonly autoModeNodePools?: AutoModeNodePools;
  /** What is wrong with the options and the pools: synth fails with them. */
  readonly problems: readonly string[];
  /** Node labels a pool cannot carry: the pods that require them would stay Pending. */
  readonly warnings: readonly string[];
}

/**
 * Karpenter (its controller on the node groups just made) or Auto Mode's planned NodePools, made in `scope`: what the
 * add-ons wait for besides the node groups, so their pods have somewhere to run.
 */
export function addNodeLaunchers(scope: Construct, capacity: Capacity, context: NodeLauncherContext): NodeLaunchers {
  const { cluster, pools } = context;
  const problems = nodePoolProblems(capacity, pools);
  const warnings = pools.flatMap((pool) =>
    pool.unmetLabels.map(
      (unmet) => `NodePool ${pool.name} cannot carry ${unmet}; the pods that require it would stay Pending`,
    ),
  );
  if (capacity.mode === 'karpenter') {
    const options = capacity.options as KarpenterCapacityOptions;
    const karpenter = new Karpenter(scope, 'Karpenter', {
      ...options,
      cluster,
      clusterName: context.clusterName,
      vpc: context.vpc,
      pools,
    });
    // The controller needs its node group; the chart makes Services, which the load balancer controller's webhook
    // intercepts (see EksEnvironment's afterNodesAndController).
    karpenter.node.addDependency(...context.nodeGroups);
    if (cluster.albController) {
      karpenter.node.addDependency(cluster.albController);
    }
    return { karpenter, problems: [...Karpenter.problems(options), ...problems], warnings };
  }
  if (capacity.mode === 'auto-mode') {
    const options = capacity.options as AutoModeCapacityOptions;
    const optionProblems = AutoModeNodePools.problems(options);
    if (pools.length === 0) {
      return { problems: [...optionProblems, ...problems], warnings };
    }
    return {
      autoModeNodePools: new AutoModeNodePools(scope, 'AutoModeNodePools', { cluster, pools, options }),
      problems: [...optionProblems, ...problems],
      warnings,
    };
  }
  return { problems, warnings };
}
