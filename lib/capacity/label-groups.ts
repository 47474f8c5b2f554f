import { WorkloadDemand } from './demand';

/*
 * How the capacity plan splits the estate into node groups: by the node labels workloads select, GPU workloads apart,
 * and which per-node workloads (DaemonSets) land on each group.
 */

const GPU_KEY = 'gpu';

/** Workloads that need nodes of one kind: the node labels they select (and GPUs), the taints that keep others off. */
export interface Group {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly taints: readonly { key: string; value: string; effect: 'NoSchedule' }[];
  readonly demands: WorkloadDemand[];
}

/** Demands by the node labels they require; a group is tainted with what every one of its pods tolerates of its labels. */
export function partition(demands: readonly WorkloadDemand[]): Group[] {
  const byKey = new Map<string, WorkloadDemand[]>();
  for (const demand of demands) {
    if (demand.replicas === 0) {
      continue;
    }
    // GPU pods get nodes of their own: GPU instances are too dear to fill with anything else.
    const key = [
      ...Object.entries(demand.nodeSelector)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => `${k}=${v}`),
      ...(demand.gpus > 0 ? [GPU_KEY] : []),
    ].join(',');
    const members = byKey.get(key);
    if (members) {
      members.push(demand);
    } else {
      byKey.set(key, [demand]);
    }
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1))
    .map(([key, members]) => {
      const labels = { ...members[0].nodeSelector };
      const taints = Object.entries(labels)
        .filter(([k, v]) =>
          members.every((m) => m.tolerations.some((t) => t.key === k && (t.value === v || t.operator === 'Exists'))),
        )
        .map(([k, v]) => ({ key: k, value: v, effect: 'NoSchedule' as const }));
      const gpu = key.endsWith(GPU_KEY);
      const name =
        Object.keys(labels).length === 0 ? (gpu ? 'gpu' : 'general') : `${groupName(labels)}${gpu ? '-gpu' : ''}`;
      return { name, labels, taints, demands: members };
    });
}

/** A DaemonSet's pods run on a group's nodes when it selects the group's labels and tolerates its taints. */
export function runsOn(daemon: WorkloadDemand, group: Group): boolean {
  return (
    Object.entries(daemon.nodeSelector).every(([key, value]) => group.labels[key] === value) &&
    group.taints.every((taint) =>
      daemon.tolerations.some(
        (t) =>
          (t.key === undefined && t.operator === 'Exists') ||
          (t.key === taint.key && (t.operator === 'Exists' || t.value === taint.value)),
      ),
    )
  );
}

function groupName(labels: Record<string, string>): string {
  const name = Object.entries(labels)
    .map(([key, value]) => `${key.split('/').pop()}-${value}`)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return name.slice(0, 63).replace(/-$/, '') || 'labelled';
}
