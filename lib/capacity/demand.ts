import { Definition } from '../marathon/load/definition';
import { workloadKey } from '../translate/estate-objects';
import { EstateTranslation } from '../translate/estate-translation';
import { Container, KubeObject, PodSpec, Toleration } from '../translate/kube';
import { quantityValue } from '../util/quantity';

/** What one workload asks of the nodes: identical pods, and where they may go. */
export interface WorkloadDemand {
  /** The workload's key (`workloadKey`), e.g. `shop/app-api`. */
  readonly name: string;
  readonly replicas: number;
  /** Per pod: what the scheduler reserves (the larger of all containers together and the largest init container). */
  readonly cpuMillis: number;
  readonly memoryMib: number;
  readonly gpus: number;
  /** At most this many pods of the workload on one node (Marathon `hostname UNIQUE` → 1, `MAX_PER n` → n). */
  readonly maxPerNode?: number;
  /** Node labels the pods require (nodeSelector, and the first value of a required node affinity). */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Taints the pods tolerate. */
  readonly tolerations: readonly Toleration[];
  /** Extra pods during a rolling update (maxSurge). */
  readonly surge: number;
  /**
   * A DaemonSet: one pod on every node whose labels it selects and whose taints it tolerates. It adds to what each of
   * those nodes keeps for DaemonSets instead of being packed; `replicas` is 1.
   */
  readonly perNode?: boolean;
  /**
   * Its pods mount zonal (EBS) volumes: PersistentVolumeClaims, which bind each pod to the AZ its volume is in. The
   * planner gives such a group one node group per AZ, so the Cluster Autoscaler can add a node in the right AZ.
   */
  readonly zonalVolumes?: boolean;
}

/** The demand of a translated estate: one entry per Deployment, StatefulSet, DaemonSet or CronJob (one run at a time). */
export function demandOf(translation: EstateTranslation): WorkloadDemand[] {
  return translation.workloads.flatMap((workload): WorkloadDemand[] => {
    const main = workload.translation.objects[0];
    // An autoscaler app is not emitted: it has no objects, and no demand.
    const pod = main ? podSpecOf(main) : undefined;
    if (!pod) {
      return [];
    }
    const requests = podRequests(pod);
    const name = workloadKey(workload);
    if (main.kind === 'DaemonSet') {
      return [
        {
          name,
          replicas: 1,
          ...requests,
          nodeSelector: requiredLabels(pod),
          tolerations: pod.tolerations ?? [],
          surge: 0,
          perNode: true,
        },
      ];
    }
    const replicas = replicasOf(main, workload.translation.objects);
    const cap = hostnameCap(workload.translation.definition);
    return [
      {
        name,
        replicas,
        ...requests,
        ...(cap !== undefined ? { maxPerNode: cap } : {}),
        nodeSelector: requiredLabels(pod),
        tolerations: pod.tolerations ?? [],
        surge: surgeOf(main, replicas),
        ...(mountsClaims(main, pod) ? { zonalVolumes: true } : {}),
      },
    ];
  });
}

function podSpecOf(object: KubeObject): PodSpec | undefined {
  const spec = (
    object as { spec?: { template?: { spec?: PodSpec }; jobTemplate?: { spec?: { template?: { spec?: PodSpec } } } } }
  ).spec;
  return spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec;
}

/** A StatefulSet's volumeClaimTemplates, or a persistentVolumeClaim volume in the pod spec. */
function mountsClaims(object: KubeObject, pod: PodSpec): boolean {
  const templates =
    object.kind === 'StatefulSet'
      ? ((object as { spec?: { volumeClaimTemplates?: readonly unknown[] } }).spec?.volumeClaimTemplates ?? [])
      : [];
  return templates.length > 0 || (pod.volumes ?? []).some((volume) => volume.persistentVolumeClaim !== undefined);
}

function replicasOf(object: KubeObject, objects: readonly KubeObject[]): number {
  if (object.kind === 'CronJob') {
    return 1;
  }
  const replicas = (object as { spec?: { replicas?: number } }).spec?.replicas;
  if (replicas !== undefined) {
    return replicas;
  }
  // Left to a HorizontalPodAutoscaler: plan for its minimum, the Cluster Autoscaler adds nodes beyond it.
  const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler') as
    { spec?: { minReplicas?: number } } | undefined;
  return hpa?.spec?.minReplicas ?? 1;
}

/** Effective pod requests, as the scheduler computes them. */
function podRequests(pod: PodSpec): Pick<WorkloadDemand, 'cpuMillis' | 'memoryMib' | 'gpus'> {
  const sum = (containers: readonly Container[]) =>
    containers.map(containerRequests).reduce(
      (a, b) => ({
        cpuMillis: a.cpuMillis + b.cpuMillis,
        memoryMib: a.memoryMib + b.memoryMib,
        gpus: a.gpus + b.gpus,
      }),
      { cpuMillis: 0, memoryMib: 0, gpus: 0 },
    );
  const main = sum(pod.containers);
  const init = (pod.initContainers ?? []).map(containerRequests);
  return {
    cpuMillis: Math.max(main.cpuMillis, ...init.map((r) => r.cpuMillis)),
    memoryMib: Math.max(main.memoryMib, ...init.map((r) => r.memoryMib)),
    gpus: Math.max(main.gpus, ...init.map((r) => r.gpus)),
  };
}

function containerRequests(container: Container): { cpuMillis: number; memoryMib: number; gpus: number } {
  // Kubernetes defaults a missing request to the limit (GPUs are only ever given as limits).
  const request = (name: string) =>
    quantityValue(container.resources?.requests?.[name] ?? container.resources?.limits?.[name]) ?? 0;
  return {
    cpuMillis: Math.round(request('cpu') * 1000),
    memoryMib: Math.ceil(request('memory') / 2 ** 20),
    gpus: request('nvidia.com/gpu'),
  };
}

/** Marathon's per-host limits (the translation approximates MAX_PER n > 1 with a spread; planning keeps n). */
function hostnameCap(definition: Definition): number | undefined {
  const constraints =
    definition.kind === 'app'
      ? definition.spec.constraints.map((c) => [c.fieldName, c.operator, c.value] as const)
      : definition.kind === 'pod'
        ? definition.spec.scheduling.placement.constraints.map((c) => [c.fieldName, c.operator, c.value] as const)
        : definition.spec.run.placement.constraints.map((c) => [c.attribute, c.operator, c.value] as const);
  let cap: number | undefined;
  for (const [field, operator, value] of constraints) {
    if (field !== 'hostname') {
      continue;
    }
    const limit = operator === 'UNIQUE' ? 1 : operator === 'MAX_PER' ? Number(value ?? '1') : undefined;
    if (limit !== undefined && Number.isFinite(limit) && limit >= 1) {
      cap = Math.min(cap ?? limit, limit);
    }
  }
  return cap;
}

function requiredLabels(pod: PodSpec): Record<string, string> {
  const labels: Record<string, string> = { ...(pod.nodeSelector ?? {}) };
  for (const term of pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms.slice(
    0,
    1,
  ) ?? []) {
    for (const expression of term.matchExpressions ?? []) {
      if (expression.operator === 'In' && expression.values?.length) {
        labels[expression.key] ??= expression.values[0];
      }
    }
  }
  delete labels['kubernetes.io/hostname'];
  return labels;
}

function surgeOf(object: KubeObject, replicas: number): number {
  if (object.kind !== 'Deployment') {
    return 0;
  }
  const surge = (object as { spec?: { strategy?: { rollingUpdate?: { maxSurge?: number | string } } } }).spec?.strategy
    ?.rollingUpdate?.maxSurge;
  if (surge === undefined) {
    return Math.ceil(replicas * 0.25);
  }
  if (typeof surge === 'number') {
    return surge;
  }
  const percent = /^(\d+)%$/.exec(surge);
  return percent ? Math.ceil((replicas * Number(percent[1])) / 100) : 0;
}
