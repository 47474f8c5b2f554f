import { JsonPath } from '../util/json-path';
import { boundedCopy } from './annotations';
import { CONTAINER_HANDLERS } from './docker-container-parameters';
import { DockerParameterEffects, Handler, DockerParsing } from './docker-effects';
import { POD_HANDLERS } from './docker-pod-parameters';
import { DefinitionScope } from './scope';
import { ContainerUse } from './volumes';

/** The pod annotation that keeps the Docker labels Kubernetes labels cannot hold. */
const DOCKER_LABELS_ANNOTATION = 'marathon-to-eks/docker-labels';

const HANDLERS: Readonly<Record<string, Handler>> = { ...CONTAINER_HANDLERS, ...POD_HANDLERS };

/** The pod annotation of the Docker labels Kubernetes labels cannot hold; each label's note says whether it fit. */
function keepDockerLabels(scope: DockerParsing): void {
  if (scope.dockerLabels.size === 0) {
    return;
  }
  const copy = boundedCopy(
    DOCKER_LABELS_ANNOTATION,
    Object.fromEntries([...scope.dockerLabels].map(([key, { value }]) => [key, value])),
  );
  const shortened = new Set(copy.shortened);
  for (const [key, { path }] of scope.dockerLabels) {
    const where = shortened.has(key)
      ? 'too large to keep in a pod annotation (Kubernetes allows 256 KiB of annotations per object)'
      : `kept in the pod annotation ${DOCKER_LABELS_ANNOTATION}`;
    scope.notes.approximated(path, `docker --label ${key}: not a valid Kubernetes label; ${where}`);
  }
  scope.effects.podAnnotations[DOCKER_LABELS_ANNOTATION] = copy.json;
}

/** A container's `docker.parameters`, and where they were written. */
export interface DockerParameters {
  readonly parameters: readonly { readonly key: string; readonly value: string }[];
  readonly at: JsonPath;
}

/**
 * Docker CLI parameters with a Kubernetes equivalent are mapped; the rest are unsupported, named in the report.
 * Values Kubernetes cannot hold (an invalid host alias, a fourth nameserver, a mount over one the container has) are
 * reported as unsupported rather than written.
 */
export function dockerParameters(
  scope: DefinitionScope,
  { parameters, at }: DockerParameters,
  use: ContainerUse,
): DockerParameterEffects {
  const { notes, credentials } = scope;
  const effects: DockerParameterEffects = {
    securityContext: {},
    env: [],
    podLabels: {},
    podAnnotations: {},
    volumes: [],
    mounts: [],
    pod: {},
  };
  const parsing: DockerParsing = {
    effects,
    dockerLabels: new Map(),
    notes,
    credentials,
    mountPaths: new Set(use.mountPaths),
    volumeNames: new Set(use.volumeNames),
  };
  parameters.forEach(({ key, value }, i) => {
    const name = key.replace(/^-+/, '');
    const handler = Object.prototype.hasOwnProperty.call(HANDLERS, name) ? HANDLERS[name] : undefined;
    if (handler) {
      handler(parsing, { key, value, path: [...at, i] });
    } else {
      notes.unsupported([...at, i], `docker --${key} ${value} has no Kubernetes counterpart`);
    }
  });
  keepDockerLabels(parsing);
  return effects;
}
