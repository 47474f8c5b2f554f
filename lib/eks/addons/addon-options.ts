import { WorkloadDemand } from '../../capacity/demand';
import { quantityValue } from '../../util/quantity';

/*
 * What every add-on takes, after cdk-eks-blueprints: its own version, values over our defaults, and the resources of
 * its pods, which the capacity plan then counts (an add-on declares its pods once, in `pods()`).
 */

/** Requests and limits of one container, as Kubernetes writes them (`cpu: 100m`, `memory: 300Mi`). */
export interface ContainerResources {
  /**
   * What the scheduler reserves for the container, and what the capacity plan counts.
   * @default none (Kubernetes then takes the limits as the requests)
   */
  readonly requests?: { readonly cpu?: string; readonly memory?: string };
  /** The most the container may use. @default none */
  readonly limits?: { readonly cpu?: string; readonly memory?: string };
}

/** Options every add-on installed from a Helm chart takes. */
export interface HelmAddonOptions {
  /** The chart version. @default the version this library was checked against (README, add-on table) */
  readonly chartVersion?: string;
  /**
   * Chart values merged over the environment's: maps merge key by key, lists and scalars replace (as Helm merges
   * `-f` files). They are written into the template and the release: never put a credential here.
   * @default none
   */
  readonly values?: Readonly<Record<string, unknown>>;
}

/** Options every EKS managed add-on (`AWS::EKS::Addon`) takes. */
export interface EksAddonOptions {
  /** The add-on version. @default pinned per Kubernetes minor in data/eks-addons/versions.json */
  readonly addonVersion?: string;
  /**
   * Configuration values, in the add-on's schema (`aws eks describe-addon-configuration`). They are written into
   * the template: never put a credential here.
   * @default none
   */
  readonly configurationValues?: Readonly<Record<string, unknown>>;
}

/** Helm's merge of values files: `over` wins; maps merge recursively, anything else replaces. */
export function mergeValues(
  base: Readonly<Record<string, unknown>>,
  over: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over ?? {})) {
    const current = merged[key];
    merged[key] = isMap(current) && isMap(value) ? mergeValues(current, value) : value;
  }
  return merged;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A platform Deployment (or StatefulSet) as the capacity planner sees it. */
export interface PlatformPods {
  /** `<namespace>/<name>`, e.g. `kube-system/cluster-autoscaler`. */
  readonly name: string;
  readonly replicas: number;
  /** Every container of one pod (their requests add up). */
  readonly containers: readonly ContainerResources[];
  /** Its pods mount zonal (EBS) volumes. @default false */
  readonly zonalVolumes?: boolean;
}

/** One replica of a pod with one container, as most add-ons run their Deployments. */
export function oneReplica(
  name: string,
  container: ContainerResources,
  options: Pick<PlatformPods, 'zonalVolumes'> = {},
): PlatformPods {
  return { name, replicas: 1, containers: [container], ...options };
}

/** The demand of platform pods: requests as the scheduler counts them (a missing request defaults to the limit). */
export function platformDemand(pods: PlatformPods): WorkloadDemand {
  let cpuMillis = 0;
  let memoryMib = 0;
  for (const container of pods.containers) {
    cpuMillis += Math.round((quantityValue(container.requests?.cpu ?? container.limits?.cpu) ?? 0) * 1000);
    memoryMib += Math.ceil((quantityValue(container.requests?.memory ?? container.limits?.memory) ?? 0) / 2 ** 20);
  }
  return {
    name: pods.name,
    replicas: pods.replicas,
    cpuMillis,
    memoryMib,
    gpus: 0,
    nodeSelector: {},
    tolerations: [],
    surge: 0,
    ...(pods.zonalVolumes ? { zonalVolumes: true } : {}),
  };
}
