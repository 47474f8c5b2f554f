import { StringMap } from '../marathon/model/common';
import { JsonPath } from '../marathon/json-path';
import { ObjectMeta } from './kube';
import { KubeIdentity, isLabelValue, isQualifiedName } from './naming';
import { Notes } from './report';

/** The annotation that names the Marathon (or Metronome) definition an object came from. */
export function idAnnotation(kind: 'app' | 'pod' | 'job'): string {
  return `marathon-to-eks/${kind}-id`;
}

/** All Marathon labels of a definition, kept verbatim (as JSON) so none is ever lost. */
export const LABELS_ANNOTATION = 'marathon-to-eks/marathon-labels';

/** The standard labels, also the selector of the workload's pods. */
export function selectorLabels(identity: KubeIdentity): Record<string, string> {
  return { 'app.kubernetes.io/name': identity.name };
}

/** Labels of every object of a workload: the standard ones, the options' extra labels, valid Marathon labels. */
export function commonLabels(identity: KubeIdentity, extra: Readonly<Record<string, string>>, marathonLabels: Record<string, string>): Record<string, string> {
  return {
    ...marathonLabels,
    ...extra,
    ...selectorLabels(identity),
    'app.kubernetes.io/managed-by': 'marathon-to-eks',
    ...(identity.partOf ? { 'app.kubernetes.io/part-of': identity.partOf } : {}),
  };
}

/**
 * Marathon labels that are valid Kubernetes labels become labels; all of them are also kept verbatim in the
 * `marathon-to-eks/marathon-labels` annotation. Labels translation consumes elsewhere (HAPROXY_*, VIP_*) are
 * reported there; the rest are reported here.
 */
export function translateLabels(labels: StringMap, at: JsonPath, consumed: (key: string) => boolean, notes: Notes): { labels: Record<string, string>; annotations: Record<string, string> } {
  const kubeLabels: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) {
    const value = labels[key];
    const valid = isQualifiedName(key) && isLabelValue(value) && !key.startsWith('app.kubernetes.io/');
    if (valid) kubeLabels[key] = value;
    if (consumed(key)) continue;
    if (valid) notes.translated([...at, key], `label ${key}=${value}`);
    else notes.approximated([...at, key], `not a valid Kubernetes label; kept in the ${LABELS_ANNOTATION} annotation`);
  }
  const annotations: Record<string, string> = Object.keys(labels).length > 0 ? { [LABELS_ANNOTATION]: stableJson(labels) } : {};
  return { labels: kubeLabels, annotations };
}

export function metadataOf(name: string, namespace: string | undefined, labels: Record<string, string>, annotations: Record<string, string>): ObjectMeta {
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    labels: sortedRecord(labels),
    ...(Object.keys(annotations).length > 0 ? { annotations: sortedRecord(annotations) } : {}),
  };
}

/** JSON with keys in order: the same input always gives the same bytes. */
export function stableJson(record: Readonly<Record<string, string>>): string {
  return JSON.stringify(sortedRecord(record));
}

export function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const sorted: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) sorted[key] = record[key];
  return sorted;
}
