/*
 * What the cluster must provide for the translated workloads: Secrets to create, node labels and taints the node
 * groups must carry. The translation collects them per definition; the estate merges them; lib/eks provides them.
 */

/** A Kubernetes Secret the migrated workloads expect, and the DC/OS secret its value comes from. */
export interface SecretRequirement {
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
  /**
   * `dcos-secret-store`: a DC/OS secret, `source` is its secret-store path. `marathon-definition`: a plain value
   * that looked like a credential, `source` says where it is in the definition (`app /shop/db: env.DB_PASSWORD`).
   */
  readonly origin: 'dcos-secret-store' | 'marathon-definition';
  readonly source: string;
  readonly type: 'Opaque' | 'kubernetes.io/dockerconfigjson';
}

/** A node label the workloads' placement needs; the EKS node groups must carry it. */
export interface NodeLabelRequirement {
  readonly key: string;
  /** Values the workloads select or spread by; empty when only the key matters (spread, anti-affinity). */
  readonly values: readonly string[];
  readonly reason: string;
}

/** A taint the workloads tolerate (e.g. the public node group). */
export interface NodeTaintRequirement {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule';
  readonly reason: string;
}
