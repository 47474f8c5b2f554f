import { JsonPath } from '../util/json-path';

/**
 * What the DC/OS autoscaling conventions say, read once for the estate (autoscalers.ts) and turned into a
 * HorizontalPodAutoscaler on the target (autoscaling.ts). Nothing here knows Kubernetes objects.
 */

/** The programs that scaled Marathon apps from the outside, by polling Marathon and Mesos. */
export type AutoscalerTool = 'marathon-autoscale' | 'marathon-lb-autoscale' | 'marathon-autoscaler (tendrilinc)';

/** Where a workload's scaling rule comes from. */
export type ScalingConvention = 'marathon-autoscale' | 'marathon-lb-autoscale' | 'labels' | 'pod';

/**
 * A resource the tool compared with its range, as the tool measured it: CPU in percent of ONE core (Mesos
 * `cpus_*_time_secs` over wall time × 100), memory in percent of the task's memory limit (`mem_rss_bytes /
 * mem_limit_bytes` × 100).
 */
export interface ScalingMetric {
  readonly resource: 'cpu' | 'memory';
  readonly percent: number;
}

/** A rate limit the tool imposed on itself, as an HPA policy would hold it. */
export interface ScalingStep {
  readonly type: 'Percent' | 'Pods';
  readonly value: number;
  readonly periodSeconds: number;
}

/** How the tool waited before and between changes, in one direction. */
export interface ScalingDirection {
  /** How long the signal had to hold before the tool acted. */
  readonly stabilizationSeconds: number;
  readonly steps: readonly ScalingStep[];
}

/** What scales one target, in the tool's own terms. */
export interface TargetScaling {
  readonly convention: ScalingConvention;
  /** The autoscaler app's Marathon id (the label and pod conventions have none). */
  readonly autoscalerId?: string;
  readonly tool?: AutoscalerTool;
  readonly min: number;
  readonly max: number;
  /** Empty: the tool measured something an HPA has no metric for; the HPA gets an explicit CPU target. */
  readonly metrics: readonly ScalingMetric[];
  /** Of several metrics: `or` acts on either, `and` only when both agree. */
  readonly combine?: 'and' | 'or';
  readonly up?: ScalingDirection;
  readonly down?: ScalingDirection;
  /** Where the HPA differs from what the tool did, one sentence each. */
  readonly approximations: readonly string[];
  /** Set when no HPA can do what the tool did: the target keeps its replicas, and this says what to use instead. */
  readonly unsupported?: string;
  /** What to add to get what the tool did, where the HPA only approximates it. */
  readonly recipe?: string;
  /** Label convention: the target's labels that carry the rule, reported by the HPA's translation. */
  readonly labelKeys?: ReadonlySet<string>;
}

/** One app of the estate that scaled others: it is not emitted, and its report says where its rule went. */
export interface AutoscalerApp {
  readonly tool: AutoscalerTool;
  /** The Marathon ids it scaled, as it names them (absolute), with marathon-lb's service port where given. */
  readonly targets: readonly { readonly id: string; readonly servicePort?: number }[];
  /** The leaves that carry its settings (env variables, arguments): they live on in the HPA. */
  readonly settings: readonly JsonPath[];
  /** Where it names its target(s). */
  readonly targetAt: JsonPath;
  /** The rule it applies to each target; absent when its settings are unusable (then `problem` says why). */
  readonly scaling?: TargetScaling;
  /** Why no HPA comes from it: a setting it needs is missing or malformed (the tool itself would exit). */
  readonly problem?: string;
}

/** The seconds of an HPA behavior field, held to the API server's limits (stabilization ≤ 3600, period ≤ 1800). */
export const MAX_STABILIZATION_SECONDS = 3600;
export const MAX_PERIOD_SECONDS = 1800;
