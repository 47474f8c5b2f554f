import { ObjectMeta } from './kube';
import { KubeIdentity } from './naming';

/** The annotation that names the Marathon (or Metronome) definition an object came from. */
export function idAnnotation(kind: 'app' | 'pod' | 'job'): string {
  return `marathon-to-eks/${kind}-id`;
}

/** The standard labels, also the selector of the workload's pods. */
export function selectorLabels(identity: KubeIdentity): Record<string, string> {
  return { 'app.kubernetes.io/name': identity.name };
}

/** Labels of every object of a workload: the standard ones, the options' extra labels, valid Marathon labels. */
export function commonLabels(
  identity: KubeIdentity,
  extra: Readonly<Record<string, string>>,
  marathonLabels: Record<string, string>,
): Record<string, string> {
  return {
    ...marathonLabels,
    ...extra,
    ...selectorLabels(identity),
    'app.kubernetes.io/managed-by': 'marathon-to-eks',
    ...(identity.partOf ? { 'app.kubernetes.io/part-of': identity.partOf } : {}),
  };
}

// The placeholder lives with the rules, which must not take it for a value when they read the annotation back.

export function metadataOf(
  name: string,
  namespace: string | undefined,
  labels: Record<string, string>,
  annotations: Record<string, string>,
): ObjectMeta {
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    labels: sortedRecord(labels),
    ...(Object.keys(annotations).length > 0 ? { annotations: sortedRecord(annotations) } : {}),
  };
}

export function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const sorted: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) {
    sorted[key] = record[key];
  }
  return sorted;
}
