import { compareStrings } from '../util/compare';
import { EstateTranslation, TranslatedWorkload } from '../translate/estate-translation';
import { workloadKey } from '../translate/estate-objects';
import { KubeObject, PodSpec } from '../translate/kube';
import { idSegments } from '../translate/naming';
import type { DependencyEdge, EdgeKind } from '../waves/graph';
import { WorkloadDemand, demandOf } from './demand';
import { DEFAULT_DAEMONSET_OVERHEAD } from './node-shape';
import { CapacityPlan, PlanError, PlanOptions, planCapacity } from './plan';

/** What one cluster may hold. */
export interface ClusterLimits {
  readonly nodes: number;
  readonly pods: number;
  readonly containers: number;
}

/**
 * The largest cluster Kubernetes is designed for: "No more than 5,000 nodes, no more than 150,000 total pods, no more
 * than 300,000 total containers" (Kubernetes, "Considerations for large clusters",
 * https://kubernetes.io/docs/setup/best-practices/cluster-large/, as of v1.35). Caps given by the user only lower them.
 */
export const KUBERNETES_CLUSTER_LIMITS: ClusterLimits = { nodes: 5_000, pods: 150_000, containers: 300_000 };

/** What a cluster (or the estate as one) runs: counted as the limits count. */
export interface ClusterSize {
  /** Nodes of its plan (desired sizes; the Cluster Autoscaler's ceilings may go higher). */
  readonly nodes: number;
  /**
   * Replicas of its Deployments, StatefulSets and CronJobs (one run each), and on every planned node one pod of each
   * DaemonSet that node group runs, and the platform's per-node pods (`daemonSets.pods` of the plan options).
   */
  readonly pods: number;
  /**
   * Per pod, its containers and its sidecar init containers (`restartPolicy: Always`: they run as long as the pod,
   * https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/); ordinary init containers have exited
   * before the pod runs and do not count. A pod known only by its requests (the platform's, the add-ons') counts one.
   */
  readonly containers: number;
}

export interface ClusterSplitOptions {
  /** Lower caps per cluster; each must be a whole number from 1 to the Kubernetes limit. @default KUBERNETES_CLUSTER_LIMITS */
  readonly limits?: Partial<ClusterLimits>;
  /** How each cluster's nodes are planned (the same for every cluster). @default {} (planCapacity's defaults) */
  readonly plan?: PlanOptions;
  /** Demand every cluster runs on top of its workloads: the add-ons' own pods. @default none */
  readonly perCluster?: readonly WorkloadDemand[];
  /** Proposed clusters are named `<prefix>-<first namespace>`. @default 'cluster' */
  readonly namePrefix?: string;
}

/** One proposed cluster: whole top-level groups and namespaces, with its own node plan. */
export interface ProposedCluster {
  /** `<prefix>-<its alphabetically first namespace>`: stable while that namespace stays in it. */
  readonly name: string;
  /** Marathon top-level groups (`/shop`), Metronome first id segments (`shop`), `/` for ids at the top level. */
  readonly topLevelGroups: readonly string[];
  readonly namespaces: readonly string[];
  /** The Marathon and Metronome ids it runs, sorted. */
  readonly ids: readonly string[];
  /** `WorkloadSelection.only` patterns that select exactly `ids` from the estate. */
  readonly patterns: readonly string[];
  readonly size: ClusterSize;
  readonly plan: CapacityPlan;
  readonly usdPerMonth: number;
}

/** A dependency edge of the estate (lib/waves `estateGraph`) between workloads that land in different clusters. */
export interface CrossEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** The field of `from`'s definition the edge was found in. */
  readonly via: string;
  readonly fromCluster: string;
  readonly toCluster: string;
}

export interface ClusterSplit {
  /** Whether the estate is past a limit as one cluster. */
  readonly needed: boolean;
  readonly limits: ClusterLimits;
  /** The estate as one cluster. */
  readonly whole: ClusterSize;
  /** The proposed clusters, by name; none when one cluster is enough. */
  readonly clusters: readonly ProposedCluster[];
  /** Sorted by (fromCluster, toCluster, from, to, via). */
  readonly crossEdges: readonly CrossEdge[];
  /** What the split cannot honour: a unit that alone is past a limit (it cannot be split by group). */
  readonly problems: readonly string[];
}

/** Rounds of tightening the packing caps when a cluster's real plan is past a limit its estimate was not. */
const MAX_ROUNDS = 16;
/** Passes of moves and swaps that lower the cross-cluster edges. */
const MAX_PASSES = 32;

/**
 * Proposes clusters for an estate past the per-cluster limits (or lower caps). The units are atomic: workloads
 * sharing a namespace or a top-level group are one unit (with namespace strategy `top-level-group`, a unit is one
 * top-level group; with `single`, the whole estate, which cannot be split).
 *
 * Heuristic, deterministic (units sorted by size then first namespace; ties broken by names, never input order):
 * 1. Each unit is planned alone for its size (nodes, pods, containers).
 * 2. First-fit decreasing by dominant share (largest of size ÷ cap over the three) into the fewest clusters.
 * 3. Moves, then swaps, of units between clusters while one lowers the count of dependency edges across clusters and
 *    the estimated sizes stay within the caps.
 * 4. Each cluster is planned for real (with `perCluster` demand). Sizes do not add exactly (a DaemonSet runs on every
 *    node of its cluster, packing together differs): when a cluster of several units is past a limit, the caps used
 *    for packing shrink by the overshoot and steps 2–4 run again, up to {@link MAX_ROUNDS} times.
 */
export function proposeClusters(
  translation: EstateTranslation,
  edges: readonly DependencyEdge[],
  options: ClusterSplitOptions = {},
): ClusterSplit {
  const limits = resolveLimits(options.limits);
  const planOptions = options.plan ?? {};
  const perCluster = options.perCluster ?? [];
  const prefix = options.namePrefix ?? 'cluster';
  const demands = demandOf(translation);
  const containers = containersPerPod(translation.workloads);
  const measure = (ds: readonly WorkloadDemand[]) => {
    const plan = planCapacity([...ds, ...perCluster], planOptions);
    return { plan, size: sizeOf(plan, [...ds, ...perCluster], containers, planOptions) };
  };
  const whole = measure(demands);
  if (fits(whole.size, limits)) {
    return { needed: false, limits, whole: whole.size, clusters: [], crossEdges: [], problems: [] };
  }
  const units = unitsOf(translation, demands);
  const problems: string[] = [];
  if (units.length === 1 && translation.options.namespaceStrategy === 'single') {
    problems.push(
      `with namespace strategy single every workload is in namespace ${units[0].namespaces[0]}, and a namespace is not split between clusters: use the top-level-group strategy`,
    );
  }
  // Each unit alone: its size, the weight it is packed by.
  const sizes = units.map((unit) => measure(unit.demands).size);
  const weights = unitWeights(units, edges);
  let caps = limits;
  let clusters: { units: number[]; plan: CapacityPlan; size: ClusterSize }[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const bins = improveEdges(firstFitDecreasing(sizes, caps, units), sizes, caps, weights);
    clusters = bins.map((bin) => ({ units: bin, ...measure(bin.flatMap((u) => units[u].demands)) }));
    const overshoot = { nodes: 1, pods: 1, containers: 1 };
    for (const cluster of clusters.filter((c) => c.units.length > 1)) {
      for (const key of ['nodes', 'pods', 'containers'] as const) {
        overshoot[key] = Math.max(overshoot[key], cluster.size[key] / limits[key]);
      }
    }
    if (overshoot.nodes === 1 && overshoot.pods === 1 && overshoot.containers === 1) {
      break;
    }
    // Shrink by the overshoot, and a little more, so every round packs tighter.
    const shrink = (key: keyof ClusterLimits) =>
      overshoot[key] > 1 ? Math.max(1, Math.floor((caps[key] / overshoot[key]) * 0.99)) : caps[key];
    caps = { nodes: shrink('nodes'), pods: shrink('pods'), containers: shrink('containers') };
  }
  const named = clusters.map((cluster) => {
    const result = proposed(cluster, units, prefix);
    const over = overLimits(cluster.size, limits);
    if (over.length > 0) {
      problems.push(
        cluster.units.length === 1
          ? `${unitText(units[cluster.units[0]])} alone is past the limits (${over.join(', ')}): a top-level group is not split between clusters`
          : `${result.name} is still past the limits (${over.join(', ')}) after ${MAX_ROUNDS} rounds of packing`,
      );
    }
    return result;
  });
  named.sort((a, b) => compareStrings(a.name, b.name));
  return {
    needed: true,
    limits,
    whole: whole.size,
    clusters: named,
    crossEdges: crossEdges(named, edges),
    problems,
  };
}

/** The limits with the user's caps, which may only lower them. */
export function resolveLimits(caps: Partial<ClusterLimits> = {}): ClusterLimits {
  const resolved = { ...KUBERNETES_CLUSTER_LIMITS };
  for (const key of ['nodes', 'pods', 'containers'] as const) {
    const cap = caps[key];
    if (cap === undefined) {
      continue;
    }
    if (!Number.isInteger(cap) || cap < 1 || cap > KUBERNETES_CLUSTER_LIMITS[key]) {
      throw new PlanError(
        `the cap on ${key} per cluster must be a whole number from 1 to ${KUBERNETES_CLUSTER_LIMITS[key].toLocaleString('en-US')} (the Kubernetes limit), got ${cap}`,
      );
    }
    resolved[key] = cap;
  }
  return resolved;
}

/** The limits a size is past, as text (`160,000 of 150,000 pods`). */
export function overLimits(size: ClusterSize, limits: ClusterLimits): string[] {
  return (['nodes', 'pods', 'containers'] as const)
    .filter((key) => size[key] > limits[key])
    .map((key) => `${size[key].toLocaleString('en-US')} of ${limits[key].toLocaleString('en-US')} ${key}`);
}

function fits(size: ClusterSize, limits: ClusterLimits): boolean {
  return size.nodes <= limits.nodes && size.pods <= limits.pods && size.containers <= limits.containers;
}

/** A cluster's size from its plan: see {@link ClusterSize}. */
function sizeOf(
  plan: CapacityPlan,
  demands: readonly WorkloadDemand[],
  containers: ReadonlyMap<string, number>,
  options: PlanOptions,
): ClusterSize {
  const unplaced = new Set(plan.unplaced.map((u) => u.workload));
  const basePods = (options.daemonSets ?? DEFAULT_DAEMONSET_OVERHEAD).pods;
  const per = (name: string) => containers.get(name) ?? 1;
  let pods = 0;
  let count = 0;
  for (const demand of demands) {
    if (!demand.perNode && !unplaced.has(demand.name)) {
      pods += demand.replicas;
      count += demand.replicas * per(demand.name);
    }
  }
  for (const group of plan.groups) {
    pods += group.desiredSize * (basePods + group.perNode.length);
    count += group.desiredSize * (basePods + group.perNode.reduce((sum, name) => sum + per(name), 0));
  }
  return { nodes: plan.total.nodes, pods, containers: count };
}

/** Containers per pod of each workload (by its demand name), as {@link ClusterSize} counts them. */
function containersPerPod(workloads: readonly TranslatedWorkload[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const workload of workloads) {
    const main = workload.translation.objects[0];
    const pod = main ? podSpecOf(main) : undefined;
    if (pod) {
      const sidecars = (pod.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').length;
      counts.set(workloadKey(workload), pod.containers.length + sidecars);
    }
  }
  return counts;
}

function podSpecOf(object: KubeObject): PodSpec | undefined {
  const spec = (
    object as { spec?: { template?: { spec?: PodSpec }; jobTemplate?: { spec?: { template?: { spec?: PodSpec } } } } }
  ).spec;
  return spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec;
}

/** Workloads that share a namespace or a top-level group: they go to one cluster together. */
interface Unit {
  readonly namespaces: readonly string[];
  readonly topLevelGroups: readonly string[];
  readonly ids: readonly string[];
  readonly kinds: ReadonlyMap<string, 'app' | 'pod' | 'job'>;
  readonly demands: readonly WorkloadDemand[];
}

/**
 * The top-level group of an id, as the translation annotates namespaces with it (`marathon-to-eks/group-id`):
 * `/shop` for apps and pods, `shop` for jobs, `/` for ids at the top level.
 */
function topLevelGroup(id: string, kind: 'app' | 'pod' | 'job'): string {
  const segments = idSegments(id, kind);
  return segments.length < 2 ? '/' : kind === 'job' ? segments[0] : `/${segments[0]}`;
}

/** The units, sorted by first namespace (each namespace is in one unit, so the order is total). */
function unitsOf(translation: EstateTranslation, demands: readonly WorkloadDemand[]): Unit[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    for (let up = parent.get(root); up !== undefined && up !== root; up = parent.get(root)) {
      root = up;
    }
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)].sort(compareStrings);
    parent.set(rb, ra);
  };
  const demandByName = new Map(demands.map((d) => [d.name, d]));
  const members = translation.workloads.map((workload) => {
    const { id, kind } = workload.translation.definition;
    const main = workload.translation.objects[0];
    const namespace = main?.metadata?.namespace ?? 'default';
    const group = topLevelGroup(id, kind);
    union(`n:${namespace}`, `g:${group}`);
    return { id, kind, namespace, group, demand: main ? demandByName.get(workloadKey(workload)) : undefined };
  });
  const byRoot = new Map<string, typeof members>();
  for (const member of members) {
    const root = find(`n:${member.namespace}`);
    byRoot.set(root, [...(byRoot.get(root) ?? []), member]);
  }
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort(compareStrings);
  return [...byRoot.values()]
    .map((list) => ({
      namespaces: sorted(list.map((m) => m.namespace)),
      topLevelGroups: sorted(list.map((m) => m.group)),
      ids: sorted(list.map((m) => m.id)),
      kinds: new Map(list.map((m) => [m.id, m.kind])),
      demands: list.flatMap((m) => (m.demand ? [m.demand] : [])).sort((a, b) => compareStrings(a.name, b.name)),
    }))
    .sort((a, b) => compareStrings(a.namespaces[0], b.namespaces[0]));
}

function unitText(unit: Unit): string {
  const groups = unit.topLevelGroups.join(', ');
  const namespaces = unit.namespaces.join(', ');
  return `top-level group${unit.topLevelGroups.length > 1 ? 's' : ''} ${groups} (namespace${unit.namespaces.length > 1 ? 's' : ''} ${namespaces})`;
}

/** Edges between two units, either way, keyed `a,b` with a < b. */
function unitWeights(units: readonly Unit[], edges: readonly DependencyEdge[]): Map<number, Map<number, number>> {
  const unitOf = new Map(units.flatMap((unit, i) => unit.ids.map((id) => [id, i] as const)));
  const weights = new Map<number, Map<number, number>>();
  const add = (a: number, b: number) => {
    const row = weights.get(a) ?? new Map<number, number>();
    row.set(b, (row.get(b) ?? 0) + 1);
    weights.set(a, row);
  };
  for (const edge of edges) {
    const [a, b] = [unitOf.get(edge.from), unitOf.get(edge.to)];
    if (a !== undefined && b !== undefined && a !== b) {
      add(a, b);
      add(b, a);
    }
  }
  return weights;
}

type Sizes = readonly ClusterSize[];

function dominantShare(size: ClusterSize, caps: ClusterLimits): number {
  return Math.max(size.nodes / caps.nodes, size.pods / caps.pods, size.containers / caps.containers);
}

function total(bin: readonly number[], sizes: Sizes): ClusterSize {
  return bin.reduce(
    (sum, u) => ({
      nodes: sum.nodes + sizes[u].nodes,
      pods: sum.pods + sizes[u].pods,
      containers: sum.containers + sizes[u].containers,
    }),
    { nodes: 0, pods: 0, containers: 0 },
  );
}

/** Largest unit first (ties by first namespace) into the first cluster whose estimate stays within the caps. */
function firstFitDecreasing(sizes: Sizes, caps: ClusterLimits, units: readonly Unit[]): number[][] {
  const order = units
    .map((_, i) => i)
    .sort(
      (a, b) =>
        dominantShare(sizes[b], caps) - dominantShare(sizes[a], caps) ||
        compareStrings(units[a].namespaces[0], units[b].namespaces[0]),
    );
  const bins: number[][] = [];
  for (const u of order) {
    const bin = bins.find((candidate) => fits(total([...candidate, u], sizes), caps));
    if (bin) {
      bin.push(u);
    } else {
      bins.push([u]);
    }
  }
  return bins;
}

/**
 * Moves and swaps of units that lower the edges across clusters, the estimates staying within the caps (a cluster
 * already past them, a unit too big alone, is left as it is). Units in index order, clusters in bin order: the
 * same units give the same result. Emptied clusters are dropped.
 */
function improveEdges(
  bins: number[][],
  sizes: Sizes,
  caps: ClusterLimits,
  weights: ReadonlyMap<number, ReadonlyMap<number, number>>,
): number[][] {
  const binOf = new Map<number, number>();
  bins.forEach((bin, b) => bin.forEach((u) => binOf.set(u, b)));
  // Edges from unit u into bin b (u itself excluded).
  const linksInto = (u: number, b: number) => {
    let sum = 0;
    for (const [v, w] of weights.get(u) ?? []) {
      if (v !== u && binOf.get(v) === b) {
        sum += w;
      }
    }
    return sum;
  };
  const fitsWith = (b: number, add: number[], remove: number[]) =>
    fits(total([...bins[b].filter((u) => !remove.includes(u)), ...add], sizes), caps);
  const units = [...binOf.keys()].sort((a, b) => a - b);
  for (let pass = 0, improved = true; improved && pass < MAX_PASSES; pass++) {
    improved = false;
    for (const u of units) {
      const from = binOf.get(u) as number;
      const targets = [...new Set([...(weights.get(u)?.keys() ?? [])].map((v) => binOf.get(v) as number))]
        .filter((b) => b !== from)
        .sort((a, b) => a - b);
      let best: { gain: number; to: number; swap?: number } | undefined;
      for (const to of targets) {
        const moveGain = linksInto(u, to) - linksInto(u, from);
        if (moveGain > (best?.gain ?? 0) && fitsWith(to, [u], [])) {
          best = { gain: moveGain, to };
        }
        for (const v of bins[to]) {
          const gain = moveGain + linksInto(v, from) - linksInto(v, to) - 2 * (weights.get(u)?.get(v) ?? 0);
          if (gain > (best?.gain ?? 0) && fitsWith(to, [u], [v]) && fitsWith(from, [v], [u])) {
            best = { gain, to, swap: v };
          }
        }
      }
      if (best) {
        bins[from] = bins[from].filter((x) => x !== u);
        bins[best.to].push(u);
        binOf.set(u, best.to);
        if (best.swap !== undefined) {
          const v = best.swap;
          bins[best.to] = bins[best.to].filter((x) => x !== v);
          bins[from].push(v);
          binOf.set(v, from);
        }
        improved = true;
      }
    }
  }
  return bins.filter((bin) => bin.length > 0).map((bin) => [...bin].sort((a, b) => a - b));
}

function proposed(
  cluster: { units: readonly number[]; plan: CapacityPlan; size: ClusterSize },
  units: readonly Unit[],
  prefix: string,
): ProposedCluster {
  const members = cluster.units.map((u) => units[u]);
  const sorted = (values: string[]) => [...new Set(values)].sort(compareStrings);
  const namespaces = sorted(members.flatMap((m) => m.namespaces));
  return {
    name: `${prefix}-${namespaces[0]}`,
    topLevelGroups: sorted(members.flatMap((m) => m.topLevelGroups)),
    namespaces,
    ids: sorted(members.flatMap((m) => m.ids)),
    patterns: sorted(members.flatMap(patternsOf)),
    size: cluster.size,
    plan: cluster.plan,
    usdPerMonth: cluster.plan.total.usdPerMonth,
  };
}

/**
 * Selection patterns for a unit's ids: a Marathon top-level group by its id (`/shop`: everything in it), a job
 * group by a glob on its first segment (`shop.*`), ids at the top level as themselves (a glob `/*` would also take
 * other units' top-level ids, were there any).
 */
function patternsOf(unit: Unit): string[] {
  return unit.ids.map((id) => {
    const kind = unit.kinds.get(id) as 'app' | 'pod' | 'job';
    const group = topLevelGroup(id, kind);
    return group === '/' ? id : kind === 'job' ? `${group}.*` : group;
  });
}

function crossEdges(clusters: readonly ProposedCluster[], edges: readonly DependencyEdge[]): CrossEdge[] {
  const clusterOf = new Map(clusters.flatMap((c) => c.ids.map((id) => [id, c.name] as const)));
  const cross: CrossEdge[] = [];
  for (const edge of edges) {
    const [fromCluster, toCluster] = [clusterOf.get(edge.from), clusterOf.get(edge.to)];
    if (fromCluster !== undefined && toCluster !== undefined && fromCluster !== toCluster) {
      cross.push({ from: edge.from, to: edge.to, kind: edge.kind, via: edge.via, fromCluster, toCluster });
    }
  }
  return cross.sort(
    (a, b) =>
      compareStrings(a.fromCluster, b.fromCluster) ||
      compareStrings(a.toCluster, b.toCluster) ||
      compareStrings(a.from, b.from) ||
      compareStrings(a.to, b.to) ||
      compareStrings(a.via, b.via),
  );
}
