import { StringMap } from '../marathon/model/common';
import { JsonPath } from '../util/json-path';
import { HIDDEN_CREDENTIAL } from '../util/credential-rules';
import { boundedCopy } from './annotations';
import { CredentialStore, isCredential } from './credentials';
import { PACKAGE_BLOB_LABELS, PACKAGE_BLOB_NOTE } from './dcos-packages';
import { isLabelValue, isQualifiedName } from './naming';
import { Notes } from './notes';

/** All Marathon labels of a definition, kept verbatim (as JSON) so none is ever lost. */
const LABELS_ANNOTATION = 'marathon-to-eks/marathon-labels';

/** How a definition's labels are read. */
export interface LabelReading {
  readonly at: JsonPath;
  /** Labels another translator reports (HAPROXY_*): they still become labels, but are not reported here. */
  readonly consumed: (key: string) => boolean;
  /** Where an app reads its credential labels as `$MARATHON_APP_LABEL_<NAME>` (apps only). */
  readonly environment?: { readonly store: CredentialStore; readonly container: string };
  /** The definition's DC/OS metrics labels are reported by metrics-monitors.ts (apps and pods). */
  readonly metricsReported?: boolean;
}

/**
 * The task labels dcos-telegraf's prometheus input reads (dcos/telegraf@f83bd5ec97d7 (branch 1.9.4-dcos)
 * plugins/inputs/prometheus/prometheus.go `getEndpointFromTaskLabels`); on ports it reads FORMAT and ENDPOINT.
 */
export const DCOS_METRICS_LABELS: ReadonlySet<string> = new Set([
  'DCOS_METRICS_FORMAT',
  'DCOS_METRICS_ENDPOINT',
  'DCOS_METRICS_PORT_INDEX',
  'DCOS_METRICS_PORT_NAME',
]);

/** What a definition's labels became. */
export interface TranslatedLabels {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  /** Labels whose values are not written (credentials, package blobs). */
  readonly hidden: ReadonlySet<string>;
}

/**
 * Marathon labels that are valid Kubernetes labels become labels; all of them are also kept verbatim in the
 * `marathon-to-eks/marathon-labels` annotation, except values that look like credentials, which are never copied
 * (an app still reads them as `$MARATHON_APP_LABEL_<NAME>`, from its credentials Secret). Labels translation
 * consumes elsewhere (HAPROXY_*, VIP_*) are reported there; the rest are reported here.
 */
export function translateLabels(labels: StringMap, notes: Notes, reading: LabelReading): TranslatedLabels {
  const { at, consumed, environment } = reading;
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
    if (consumed(key) || (reading.metricsReported === true && DCOS_METRICS_LABELS.has(key))) {
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
