import { StringMap } from '../marathon/model/common';
import { JsonPath } from '../util/json-path';
import { ObjectMeta } from './kube';
import { KubeIdentity, isLabelValue, isQualifiedName } from './naming';
import { CredentialStore, isCredential } from './credentials';
import { HIDDEN_CREDENTIAL } from '../util/credential-rules';
import { PACKAGE_BLOB_LABELS, PACKAGE_BLOB_NOTE } from './dcos-packages';
import { Notes } from './notes';
import { boundedCopy } from './annotations';

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
export { HIDDEN_CREDENTIAL };

/** Where an app reads its credential labels as `$MARATHON_APP_LABEL_<NAME>` (apps only). */
export interface LabelEnvironment {
  readonly store: CredentialStore;
  readonly container: string;
}

/**
 * Marathon labels that are valid Kubernetes labels become labels; all of them are also kept verbatim in the
 * `marathon-to-eks/marathon-labels` annotation, except values that look like credentials, which are never copied
 * (an app still reads them as `$MARATHON_APP_LABEL_<NAME>`, from its credentials Secret). Labels translation
 * consumes elsewhere (HAPROXY_*, VIP_*) are reported there; the rest are reported here.
 */
export function translateLabels(
  labels: StringMap,
  at: JsonPath,
  consumed: (key: string) => boolean,
  notes: Notes,
  environment?: LabelEnvironment,
): { labels: Record<string, string>; annotations: Record<string, string>; hidden: ReadonlySet<string> } {
  const kubeLabels: Record<string, string> = {};
  const kept: Record<string, string> = {};
  const hidden = new Set<string>();
  const onlyInAnnotation = new Set<string>();
  for (const key of Object.keys(labels).sort()) {
    const value = labels[key];
    const path = [...at, key];
    if (PACKAGE_BLOB_LABELS.has(key)) {
      hidden.add(key);
      kept[key] = '(not copied: DC/OS package metadata)';
      notes.ignored(path, PACKAGE_BLOB_NOTE);
      continue;
    }
    if (isCredential(value, key)) {
      hidden.add(key);
      kept[key] = HIDDEN_CREDENTIAL;
      const variable = labelVariable(key);
      if (environment && variable) {
        environment.store.addEnv(environment.container, variable, path);
        notes.approximated(
          path,
          environment.store.noteFor(path, `not copied into labels or annotations; $${variable} reads it`),
        );
      } else {
        notes.approximated(path, 'looks like a credential, so its value is not copied into labels or annotations');
      }
      continue;
    }
    kept[key] = value;
    const valid = isQualifiedName(key) && isLabelValue(value) && !key.startsWith('app.kubernetes.io/');
    if (valid) {
      kubeLabels[key] = value;
    }
    if (consumed(key)) {
      continue;
    }
    if (valid) {
      notes.translated(path, `label ${key}=${value}`);
    } else {
      onlyInAnnotation.add(key);
    }
  }
  if (Object.keys(labels).length === 0) {
    return { labels: kubeLabels, annotations: {}, hidden };
  }
  const copy = boundedCopy(LABELS_ANNOTATION, kept);
  const shortened = new Set(copy.shortened);
  for (const key of onlyInAnnotation) {
    notes.approximated(
      [...at, key],
      shortened.has(key)
        ? `not a valid Kubernetes label, and too large for the ${LABELS_ANNOTATION} annotation (Kubernetes allows 256 KiB of annotations per object): its value is not copied`
        : `not a valid Kubernetes label; kept in the ${LABELS_ANNOTATION} annotation`,
    );
  }
  return { labels: kubeLabels, annotations: { [LABELS_ANNOTATION]: copy.json }, hidden };
}

/** `MARATHON_APP_LABEL_<NAME>`, for label names Marathon exports (shell identifiers). */
export function labelVariable(key: string): string | undefined {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `MARATHON_APP_LABEL_${key.toUpperCase()}` : undefined;
}

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

/** JSON with keys in order: the same input always gives the same bytes. */
export function stableJson(record: Readonly<Record<string, string>>): string {
  return JSON.stringify(sortedRecord(record));
}

export function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const sorted: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) {
    sorted[key] = record[key];
  }
  return sorted;
}
