import { MarathonPod, PodContainer } from '../marathon/model/pod';
import { JsonPath } from '../util/json-path';
import { execCommandOf } from './command';
import { EnvVar, Container, ContainerPort } from './kube';
import { mergeEnvironment, userEnvironment } from './env';
import { fetchInitContainer } from './fetch';
import { podContainerImage } from './images';
import { linuxInfoEffects } from './linux-info';
import { dnsLabel } from './naming';
import { podProbes } from './pod-probes';
import { SecretRequirement } from './requirements';
import { resourcesOf } from './resources';
import { SANDBOX_MOUNT } from './sandbox';
import { ttyOf } from './tty';
import { DefinitionScope } from './scope';
import { runAsUser } from './user';
import { Storage } from './volumes';

/** What every container of a pod starts from: the pod's volumes, its environment, Marathon's variables, its ports. */
export interface PodShared {
  readonly storage: Storage;
  /** The pod-level `environment`; a container's own variables win over it. */
  readonly env: readonly EnvVar[];
  readonly injected: readonly EnvVar[];
  readonly ports: (container: string) => ContainerPort[];
}

/** One pod container, what its pod needs for it, and the grace period it asks for. */
export interface PodContainerParts {
  readonly container: Container;
  readonly fetch?: Container;
  /** The Secrets its environment reads and its image is pulled with, in that order. */
  readonly secrets: SecretRequirement[];
  readonly killGracePeriodSeconds?: number;
}

/** The pod container `containers[c]`: a Kubernetes container of its own (the pod's containers already shared a network). */
export function podContainer(
  scope: DefinitionScope,
  pod: MarathonPod,
  c: number,
  shared: PodShared,
): PodContainerParts {
  const { notes } = scope;
  const spec = pod.containers[c];
  const at = ['containers', c];
  const name = dnsLabel(spec.name, 63);
  notes.translated([...at, 'name'], `container ${name}`);
  const env = userEnvironment(scope, { env: spec.environment, at: [...at, 'environment'], secrets: pod.secrets });
  const securityContext = {
    ...linuxInfoEffects(scope, spec.linuxInfo, [...at, 'linuxInfo']).securityContext,
    ...runAsUser(scope, spec.user ?? pod.user, spec.user !== undefined ? [...at, 'user'] : ['user']),
  };
  const image = podContainerImage(scope, pod, c);
  const fetch = fetchInitContainer(scope, spec.artifacts, [...at, 'artifacts'], dnsLabel(`fetch-${name}`, 63));
  const command = spec.exec ? execCommandOf(scope, spec.exec, [...at, 'exec'], name) : {};
  const probes = spec.healthCheck
    ? podProbes(scope, spec.healthCheck, [...at, 'healthCheck'], { marathonName: spec.name, name })
    : {};
  const killGracePeriodSeconds = killGracePeriod(scope, spec, at);
  if (spec.check) {
    notes.ignored([...at, 'check'], 'Mesos checks only report a status; nothing to translate');
  }
  const ports = shared.ports(spec.name);
  const container: Container = {
    name,
    image: image.image,
    imagePullPolicy: image.imagePullPolicy,
    ...command,
    ...(ports.length > 0 ? { ports } : {}),
    env: mergeEnvironment(
      [...shared.injected, ...scope.credentials.envFor(name)],
      [...shared.env.filter((v) => !env.env.some((own) => own.name === v.name)), ...env.env],
    ),
    resources: resourcesOf(
      scope,
      { ...spec.resources, ...(spec.resourceLimits ? { limits: spec.resourceLimits } : {}) },
      {
        cpus: [...at, 'resources', 'cpus'],
        mem: [...at, 'resources', 'mem'],
        disk: [...at, 'resources', 'disk'],
        gpus: [...at, 'resources', 'gpus'],
        limits: [...at, 'resourceLimits'],
      },
    ),
    ...probes,
    volumeMounts: [SANDBOX_MOUNT, ...(shared.storage.mounts.get(spec.name) ?? [])],
    ...(Object.keys(securityContext).length > 0 ? { securityContext } : {}),
    ...ttyOf(scope, spec.tty, [...at, 'tty']),
  };
  return {
    container,
    ...(fetch ? { fetch } : {}),
    secrets: [...env.secrets, ...(image.pullSecret ? [image.pullSecret] : [])],
    ...(killGracePeriodSeconds !== undefined ? { killGracePeriodSeconds } : {}),
  };
}

/** `lifecycle.killGracePeriodSeconds`, in whole seconds: the pod takes the longest of its containers'. */
function killGracePeriod(scope: DefinitionScope, spec: PodContainer, at: JsonPath): number | undefined {
  const seconds = spec.lifecycle?.killGracePeriodSeconds;
  if (seconds === undefined) {
    return undefined;
  }
  scope.notes.approximated(
    [...at, 'lifecycle', 'killGracePeriodSeconds'],
    'terminationGracePeriodSeconds is per pod: the longest container grace period is used',
  );
  return Math.ceil(seconds);
}
