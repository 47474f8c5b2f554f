import { AppContainer, AppVolume, PortMapping } from '../model/app';
import { AppInput } from '../schema/app';
import { definedEntries, persistentInfoOf, stringMap } from './common';
import { NormalizeContext } from './context';

type VolumeInput = NonNullable<NonNullable<AppInput['container']>['volumes']>[number];

/** True when the app keeps state on Mesos local persistent volumes (Marathon calls these resident apps). */
export function hasPersistentVolumes(app: AppInput): boolean {
  return (app.container?.volumes ?? []).some((volume) => 'persistent' in volume);
}

export function hasExternalVolumes(app: AppInput): boolean {
  return (app.container?.volumes ?? []).some((volume) => 'external' in volume);
}

/**
 * The container, with Marathon's defaults. An app on bridge/container networking without a container gets the
 * Mesos container Marathon would have created for it.
 */
export function containerOf(
  app: AppInput,
  portMappings: PortMapping[],
  needsContainer: boolean,
  ctx: NormalizeContext,
): AppContainer | undefined {
  const input = app.container;
  if (input === undefined) {
    return needsContainer ? { type: 'MESOS', volumes: [], portMappings } : undefined;
  }
  const docker = input.docker;
  if (docker?.network !== undefined && app.networks !== undefined) {
    ctx.ignore(
      ['container', 'docker', 'network'],
      'superseded',
      'the legacy container.docker.network agrees with networks, which is used',
    );
  }
  return definedEntries<AppContainer>({
    type: input.type ?? 'DOCKER',
    docker:
      docker === undefined
        ? undefined
        : definedEntries({
            image: docker.image,
            forcePullImage: docker.forcePullImage ?? false,
            privileged: docker.privileged ?? false,
            parameters: (docker.parameters ?? []).map((parameter) => ({ key: parameter.key, value: parameter.value })),
            pullConfig: docker.pullConfig ? { secret: docker.pullConfig.secret } : undefined,
            credential: docker.credential
              ? definedEntries({ principal: docker.credential.principal, secret: docker.credential.secret })
              : undefined,
          }),
    appc:
      input.appc === undefined
        ? undefined
        : definedEntries({
            image: input.appc.image,
            id: input.appc.id,
            labels: stringMap(input.appc.labels),
            forcePullImage: input.appc.forcePullImage ?? false,
          }),
    volumes: (input.volumes ?? []).map((volume, i) => volumeOf(volume, i, ctx)),
    portMappings,
    linuxInfo: input.linuxInfo,
  });
}

function volumeOf(volume: VolumeInput, index: number, ctx: NormalizeContext): AppVolume {
  const at = ['container', 'volumes', index];
  if ('persistent' in volume) {
    return {
      kind: 'persistent',
      containerPath: volume.containerPath,
      persistent: persistentInfoOf(volume.persistent, [...at, 'persistent'], ctx.recorder),
      mode: volume.mode,
    };
  }
  if ('external' in volume) {
    const external = volume.external as {
      name?: string;
      provider?: string;
      size?: number;
      options?: Record<string, unknown>;
      shared?: boolean;
    };
    return {
      kind: 'external',
      containerPath: volume.containerPath,
      external: definedEntries({
        name: external.name,
        provider: external.provider,
        size: external.size,
        options: { ...(external.options ?? {}) },
        shared: external.shared,
      }),
      mode: volume.mode,
    };
  }
  if ('secret' in volume) {
    return { kind: 'secret', containerPath: volume.containerPath, secret: volume.secret };
  }
  return { kind: 'host', containerPath: volume.containerPath, hostPath: volume.hostPath, mode: volume.mode };
}
