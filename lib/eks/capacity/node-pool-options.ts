/** What a caller can set of the NodePools planned for the workloads, under Karpenter and under EKS Auto Mode alike. */
export interface NodePoolOptions {
  /**
   * How the pools' nodes may be bought (`karpenter.sh/capacity-type`). With both, Karpenter launches spot when it
   * can: only for stateless, replicated or batch work. Spot needs the account's EC2 Spot service-linked role, once per
   * account (`aws iam create-service-linked-role --aws-service-name spot.amazonaws.com`, as upstream's
   * getting-started guide does; the controller may not create it).
   * @default ['on-demand'], as the workloads ran on DC/OS agents
   */
  readonly capacityTypes?: readonly ('on-demand' | 'spot')[];
  /**
   * When Karpenter may remove or replace a node to save cost: `WhenEmptyOrUnderutilized` (moves pods to fewer or
   * cheaper nodes) or `WhenEmpty` (only nodes without workload pods), the NodePool's `disruption.consolidationPolicy`.
   * @default 'WhenEmptyOrUnderutilized'
   */
  readonly consolidationPolicy?: 'WhenEmptyOrUnderutilized' | 'WhenEmpty';
  /**
   * How long a node must be consolidatable (no pod added or removed) before Karpenter acts on it, a Go duration
   * (`disruption.consolidateAfter`).
   * @default '5m'
   */
  readonly consolidateAfter?: string;
  /**
   * The most of a pool's nodes voluntary disruption (consolidation, drift, expiry) may take down at once: a count or
   * a percentage (`disruption.budgets[0].nodes`).
   * @default '10%'
   */
  readonly disruptionBudget?: string;
  /**
   * A node's lifetime: it is replaced after this long (picking up new AMIs), a Go duration or `Never`
   * (`template.spec.expireAfter`).
   * @default '720h' (30 days)
   */
  readonly expireAfter?: string;
}

/** The options with their defaults. */
export interface ResolvedNodePoolOptions {
  /** As `NodePoolOptions.capacityTypes`, without duplicates, sorted. @default ['on-demand'] */
  readonly capacityTypes: readonly ('on-demand' | 'spot')[];
  /** As `NodePoolOptions.consolidationPolicy`. @default 'WhenEmptyOrUnderutilized' */
  readonly consolidationPolicy: 'WhenEmptyOrUnderutilized' | 'WhenEmpty';
  /** As `NodePoolOptions.consolidateAfter`. @default '5m' */
  readonly consolidateAfter: string;
  /** As `NodePoolOptions.disruptionBudget`. @default '10%' */
  readonly disruptionBudget: string;
  /** As `NodePoolOptions.expireAfter`. @default '720h' (Auto Mode: '336h') */
  readonly expireAfter: string;
}

export function resolveNodePoolOptions(options: NodePoolOptions = {}): ResolvedNodePoolOptions {
  return {
    capacityTypes: options.capacityTypes?.length ? [...new Set(options.capacityTypes)].sort() : ['on-demand'],
    consolidationPolicy: options.consolidationPolicy ?? 'WhenEmptyOrUnderutilized',
    consolidateAfter: options.consolidateAfter ?? '5m',
    disruptionBudget: options.disruptionBudget ?? '10%',
    expireAfter: options.expireAfter ?? '720h',
  };
}

/** Problems of the options, for synth to list. */
export function nodePoolOptionProblems(options: NodePoolOptions, where: string): string[] {
  const problems: string[] = [];
  const duration = /^([0-9]+(s|m|h))+$/;
  if (options.consolidateAfter !== undefined && !duration.test(options.consolidateAfter)) {
    problems.push(
      `${where}.consolidateAfter must be a duration such as 30s, 5m or 1h, got ${JSON.stringify(options.consolidateAfter)}`,
    );
  }
  if (options.expireAfter !== undefined && options.expireAfter !== 'Never' && !duration.test(options.expireAfter)) {
    problems.push(
      `${where}.expireAfter must be a duration such as 720h, or Never, got ${JSON.stringify(options.expireAfter)}`,
    );
  }
  if (options.disruptionBudget !== undefined && !/^((100|[0-9]{1,2})%|[0-9]+)$/.test(options.disruptionBudget)) {
    problems.push(
      `${where}.disruptionBudget must be a node count or a percentage such as 10%, got ${JSON.stringify(options.disruptionBudget)}`,
    );
  }
  for (const type of options.capacityTypes ?? []) {
    if (type !== 'on-demand' && type !== 'spot') {
      problems.push(`${where}.capacityTypes: ${JSON.stringify(type)} is neither on-demand nor spot`);
    }
  }
  return problems;
}
