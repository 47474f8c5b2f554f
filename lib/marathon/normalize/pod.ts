import { Endpoint, MarathonPod, PodContainer, PodVolume } from '../model/pod';
import { canonicalPath } from '../path-id';
import { PodInput } from '../schema/pod';
import { commandOf } from './app-checks';
import {
  MARATHON_DEFAULTS,
  artifactOf,
  constraintFromObject,
  definedEntries,
  envMap,
  killSelectionOf,
  networkOf,
  persistentInfoOf,
  secretMap,
  stringMap,
  unreachableStrategyOf,
  upgradeStrategyOf,
} from './common';
import { NormalizeContext } from './context';

type ContainerInput = PodInput['containers'][number];
type VolumeInput = NonNullable<PodInput['volumes']>[number];

/** Normalizes a schema-valid pod (`PodNormalization.scala` plus the RAML defaults). */
export function normalizePod(pod: PodInput, groupId: string, ctx: NormalizeContext): MarathonPod {
  const networks = (pod.networks ?? []).map(networkOf);
  const containerNetworking = networks.some((network) => network.mode === 'container');
  const resident = (pod.volumes ?? []).some((volume) => 'persistent' in volume);
  const scheduling = pod.scheduling;
  const backoff = scheduling?.backoff;
  return definedEntries<MarathonPod>({
    id: canonicalPath(pod.id, groupId),
    labels: stringMap(pod.labels),
    user: pod.user,
    environment: envMap(pod.environment),
    containers: pod.containers.map((container) => containerOf(container, containerNetworking)),
    secrets: secretMap(pod.secrets),
    volumes: (pod.volumes ?? []).map((volume, i) => volumeOf(volume, i, ctx)),
    networks: networks.length > 0 ? networks : [{ mode: 'host', labels: {} }],
    scaling: definedEntries({
      kind: 'fixed' as const,
      instances: pod.scaling?.instances ?? MARATHON_DEFAULTS.instances,
      maxInstances: pod.scaling?.maxInstances,
    }),
    scheduling: {
      backoff: {
        backoff: backoff?.backoff ?? MARATHON_DEFAULTS.backoffSeconds,
        backoffFactor: backoff?.backoffFactor ?? MARATHON_DEFAULTS.backoffFactor,
        maxLaunchDelay: backoff?.maxLaunchDelay ?? MARATHON_DEFAULTS.maxLaunchDelaySeconds,
      },
      upgrade: upgradeStrategyOf(scheduling?.upgrade, resident),
      placement: {
        constraints: (scheduling?.placement?.constraints ?? []).map(constraintFromObject),
        acceptedResourceRoles: [...(scheduling?.placement?.acceptedResourceRoles ?? [])],
      },
      killSelection: killSelectionOf(scheduling?.killSelection),
      unreachableStrategy: unreachableStrategyOf(scheduling?.unreachableStrategy, resident),
    },
    executorResources: pod.executorResources ? definedEntries({ ...pod.executorResources }) : undefined,
    role: pod.role,
    linuxInfo: pod.linuxInfo,
    legacySharedCgroups: pod.legacySharedCgroups,
    version: pod.version,
  });
}

function containerOf(container: ContainerInput, containerNetworking: boolean): PodContainer {
  const health = container.healthCheck;
  const check = container.check;
  const defaults = MARATHON_DEFAULTS.healthCheck;
  return definedEntries<PodContainer>({
    name: container.name,
    exec: container.exec
      ? definedEntries({
          command: commandOf(container.exec.command),
          overrideEntrypoint: container.exec.overrideEntrypoint,
        })
      : undefined,
    resources: {
      cpus: container.resources.cpus ?? MARATHON_DEFAULTS.cpus,
      mem: container.resources.mem ?? MARATHON_DEFAULTS.mem,
      disk: container.resources.disk ?? MARATHON_DEFAULTS.disk,
      gpus: container.resources.gpus ?? MARATHON_DEFAULTS.gpus,
    },
    resourceLimits: container.resourceLimits ? definedEntries({ ...container.resourceLimits }) : undefined,
    endpoints: (container.endpoints ?? []).map((endpoint): Endpoint =>
      definedEntries({
        name: endpoint.name,
        containerPort: endpoint.containerPort,
        // Without container networking Marathon allocates a host port for every endpoint.
        hostPort: endpoint.hostPort ?? (containerNetworking ? undefined : 0),
        protocol: [...(endpoint.protocol ?? ['tcp'])],
        labels: stringMap(endpoint.labels),
        networkNames: [...(endpoint.networkNames ?? [])],
      }),
    ),
    image: container.image
      ? definedEntries({
          kind: container.image.kind,
          id: container.image.id,
          pullConfig: container.image.pullConfig ? { secret: container.image.pullConfig.secret } : undefined,
          forcePull: container.image.forcePull ?? false,
          labels: stringMap(container.image.labels),
        })
      : undefined,
    environment: envMap(container.environment),
    user: container.user,
    healthCheck: health
      ? definedEntries({
          http: health.http
            ? { endpoint: health.http.endpoint, path: health.http.path ?? '/', scheme: health.http.scheme ?? 'HTTP' }
            : undefined,
          tcp: health.tcp ? { endpoint: health.tcp.endpoint } : undefined,
          exec: health.exec ? { command: commandOf(health.exec.command) } : undefined,
          gracePeriodSeconds: health.gracePeriodSeconds ?? defaults.gracePeriodSeconds,
          intervalSeconds: health.intervalSeconds ?? defaults.intervalSeconds,
          maxConsecutiveFailures: health.maxConsecutiveFailures ?? defaults.maxConsecutiveFailures,
          timeoutSeconds: health.timeoutSeconds ?? defaults.timeoutSeconds,
          delaySeconds: health.delaySeconds ?? defaults.delaySeconds,
        })
      : undefined,
    check: check
      ? definedEntries({
          http: check.http
            ? definedEntries({
                endpoint: check.http.endpoint,
                path: check.http.path,
                scheme: check.http.scheme ?? 'HTTP',
              })
            : undefined,
          tcp: check.tcp ? { endpoint: check.tcp.endpoint } : undefined,
          exec: check.exec ? { command: commandOf(check.exec.command) } : undefined,
          intervalSeconds: check.intervalSeconds ?? MARATHON_DEFAULTS.check.intervalSeconds,
          timeoutSeconds: check.timeoutSeconds ?? MARATHON_DEFAULTS.check.timeoutSeconds,
          delaySeconds: check.delaySeconds ?? MARATHON_DEFAULTS.check.delaySeconds,
        })
      : undefined,
    volumeMounts: (container.volumeMounts ?? []).map((mount) => ({
      name: mount.name,
      mountPath: mount.mountPath,
      readOnly: mount.readOnly ?? false,
    })),
    artifacts: (container.artifacts ?? []).map(artifactOf),
    labels: stringMap(container.labels),
    lifecycle: container.lifecycle
      ? definedEntries({ killGracePeriodSeconds: container.lifecycle.killGracePeriodSeconds })
      : undefined,
    linuxInfo: container.linuxInfo,
    tty: container.tty,
  });
}

function volumeOf(input: VolumeInput, index: number, ctx: NormalizeContext): PodVolume {
  // The schema's dispatcher already told the variants apart; these are its four shapes.
  const volume = input as {
    name: string;
    persistent?: Parameters<typeof persistentInfoOf>[0];
    secret?: string;
    host?: string;
  };
  if (volume.persistent !== undefined) {
    return {
      kind: 'persistent',
      name: volume.name,
      persistent: persistentInfoOf(volume.persistent, ['volumes', index, 'persistent'], ctx.recorder),
    };
  }
  if (volume.secret !== undefined) {
    return { kind: 'secret', name: volume.name, secret: volume.secret };
  }
  if (volume.host !== undefined) {
    return { kind: 'host', name: volume.name, host: volume.host };
  }
  return { kind: 'ephemeral', name: volume.name };
}
