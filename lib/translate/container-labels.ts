import { MarathonPod } from '../marathon/model/pod';
import { LABELS_COPY_BYTES, boundedCopy } from './annotations';
import { isCredential } from './credentials';
import { HIDDEN_CREDENTIAL } from '../util/credential-rules';
import { DefinitionScope } from './scope';

const CONTAINER_LABELS = 'marathon-to-eks/container-labels';

/**
 * Container labels have no Kubernetes place: they are kept, per container, in one pod annotation, each container's
 * share of it bounded so the whole fits Kubernetes' annotation limit.
 */
export function containerLabelsAnnotation(scope: DefinitionScope, pod: MarathonPod): Record<string, string> {
  const labelled = pod.containers
    .map((container, c) => ({ container, c }))
    .filter(({ container }) => Object.keys(container.labels).length > 0);
  if (labelled.length === 0) {
    return {};
  }
  const parts = labelled.map(({ container, c }) => {
    const shown = Object.fromEntries(
      Object.entries(container.labels).map(([key, value]) => [
        key,
        isCredential(value, key) ? HIDDEN_CREDENTIAL : value,
      ]),
    );
    const copy = boundedCopy(CONTAINER_LABELS, shown, LABELS_COPY_BYTES / labelled.length);
    const shortened = new Set(copy.shortened);
    for (const key of Object.keys(container.labels)) {
      const note = isCredential(container.labels[key], key)
        ? 'container label that looks like a credential: its value is not copied'
        : shortened.has(key)
          ? 'container label too large to keep in a pod annotation (Kubernetes allows 256 KiB of annotations per object): not copied'
          : `container label; kept in the pod annotation ${CONTAINER_LABELS}`;
      scope.notes.approximated(['containers', c, 'labels', key], note);
    }
    return `${JSON.stringify(container.name)}:${copy.json}`;
  });
  return { [CONTAINER_LABELS]: `{${parts.join(',')}}` };
}
