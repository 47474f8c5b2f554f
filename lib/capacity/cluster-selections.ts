import { WorkloadSelection } from '../workload/selection';
import { ClusterSplit } from './cluster-split';

/** What an app needs to build one EksEnvironment and its MarathonWorkload per proposed cluster. */
export interface ClusterEnvironment {
  /** The cluster's name (`ProposedCluster.name`), stable while its first namespace stays in it: a construct id. */
  readonly name: string;
  /**
   * The workloads this cluster runs, for `MarathonWorkloadProps.select`. Absent: one cluster is enough, it runs the
   * whole estate.
   */
  readonly select?: WorkloadSelection;
}

/**
 * One entry per proposed cluster, by name; one entry without a selection (named `<prefix>`) when no split is
 * needed. Each cluster's selection takes exactly its own ids: the selections of a split are disjoint and cover the
 * estate, and each workload still sees the whole estate (what the others run stays resolvable, as in waves).
 */
export function clusterEnvironments(split: ClusterSplit, prefix = 'cluster'): ClusterEnvironment[] {
  if (!split.needed || split.clusters.length === 0) {
    return [{ name: prefix }];
  }
  return split.clusters.map((cluster) => ({
    name: cluster.name,
    select: WorkloadSelection.only(...cluster.patterns),
  }));
}
