import { MarathonApp } from '../marathon/model/app';
import { appProbes } from './app-probes';
import { appStorage } from './app-volumes';
import { commandOf } from './command';
import { containerPorts } from './container-ports';
import { DockerParameterEffects } from './docker-effects';
import { dockerParameters } from './docker-parameters';
import { marathonEnvironment, mergeEnvironment, userEnvironment } from './env';
import { appImage, workingDirOf } from './images';
import { Container, PersistentVolumeClaim, PodSpec, SecurityContext, Volume } from './kube';
import { linuxInfoEffects } from './linux-info';
import { SecretRequirement } from './requirements';
import { resourcesOf } from './resources';
import { SANDBOX_MOUNT } from './sandbox';
import { ttyOf } from './tty';
import { DefinitionScope } from './scope';
import { secretDeclarations } from './secrets';
import { runAsUser } from './user';
import { containerUse } from './volumes';

/** An app's one container, and what its pod needs for it. */
export interface AppContainerParts {
  readonly container: Container;
  readonly volumes: Volume[];
  readonly claimTemplates: PersistentVolumeClaim[];
  /** Pod labels and annotations from docker parameters (`--label`). */
  readonly podLabels: Record<string, string>;
  readonly podAnnotations: Record<string, string>;
  /** Pod-level settings from docker parameters (hostname, host aliases, DNS, sysctls, shared PID namespace). */
  readonly podSettings: Partial<PodSpec>;
  /** The Secrets it reads (environment, secret volumes) and pulls its image with, in that order. */
  readonly secrets: SecretRequirement[];
}

/**
 * The app's container: image, command, volumes, docker parameters, environment, user, probes and resources. The
 * container is named after the app, so the credentials its command, labels and probes moved are read by that name.
 */
export function appContainer(scope: DefinitionScope, app: MarathonApp, hostNetwork: boolean): AppContainerParts {
  const { notes, name } = scope;
  const image = appImage(scope, app);
  const command = commandOf(scope, { cmd: app.cmd, args: app.args, at: { cmd: ['cmd'], args: ['args'] } }, name);
  const linux = linuxInfoEffects(scope, app.container?.linuxInfo, ['container', 'linuxInfo']);
  const storage = appStorage(scope, app, {
    mountPaths: new Set(linux.mounts.map((mount) => mount.mountPath)),
    volumeNames: new Set(linux.volumes.map((volume) => volume.name)),
  });
  const docker = dockerParameters(
    scope,
    { parameters: app.container?.docker?.parameters ?? [], at: ['container', 'docker', 'parameters'] },
    containerUse(storage, name, { volumes: linux.volumes, mounts: linux.mounts }),
  );
  const userEnv = userEnvironment(scope, { env: app.env, at: ['env'], secrets: app.secrets });
  secretDeclarations(scope, app.secrets, ['secrets']);
  const injected = marathonEnvironment(scope, {
    ...(app.version !== undefined ? { version: app.version } : {}),
    ...(app.container?.docker ? { image: app.container.docker.image } : {}),
    resources: { cpus: app.cpus, mem: app.mem, disk: app.disk, gpus: app.gpus },
    labels: { values: app.labels, at: ['labels'] },
    hostNetwork,
    endpoints: false,
  });
  if (app.version !== undefined) {
    notes.translated(['version'], 'MARATHON_APP_VERSION');
  }
  const securityContext: SecurityContext = {
    ...docker.securityContext,
    ...linux.securityContext,
    ...runAsUser(scope, app.user, ['user']),
    ...privileged(scope, app),
  };
  // Before the container is assembled: probes may move credentials into its environment.
  const probes = appProbes(scope, app, name);
  const ports = containerPorts(scope)();
  const container: Container = {
    name,
    image: image.image,
    imagePullPolicy: image.imagePullPolicy,
    ...(docker.command ? { command: docker.command } : {}),
    ...command,
    ...workingDirOf(image, docker.workingDir),
    ...(ports.length > 0 ? { ports } : {}),
    env: mergeEnvironment([...injected, ...docker.env, ...scope.credentials.envFor(name)], userEnv.env),
    resources: resourcesOf(
      scope,
      {
        cpus: app.cpus,
        mem: app.mem,
        disk: app.disk,
        gpus: app.gpus,
        ...(app.resourceLimits ? { limits: app.resourceLimits } : {}),
      },
      { cpus: ['cpus'], mem: ['mem'], disk: ['disk'], gpus: ['gpus'], limits: ['resourceLimits'] },
    ),
    ...probes,
    volumeMounts: [SANDBOX_MOUNT, ...(storage.mounts.get(name) ?? []), ...docker.mounts, ...linux.mounts],
    ...(Object.keys(securityContext).length > 0 ? { securityContext } : {}),
    ...ttyOf(scope, app.tty, ['tty']),
  };
  return {
    container,
    volumes: [...storage.volumes, ...docker.volumes, ...linux.volumes],
    claimTemplates: storage.claimTemplates,
    podLabels: docker.podLabels,
    podAnnotations: docker.podAnnotations,
    podSettings: podSettings(docker.pod),
    secrets: [...userEnv.secrets, ...storage.secrets, ...(image.pullSecret ? [image.pullSecret] : [])],
  };
}

/** `container.docker.privileged`: full access to the node. */
function privileged(scope: DefinitionScope, app: MarathonApp): SecurityContext {
  if (!app.container?.docker) {
    return {};
  }
  if (!app.container.docker.privileged) {
    scope.notes.translated(['container', 'docker', 'privileged'], 'not privileged');
    return {};
  }
  scope.notes.translated(
    ['container', 'docker', 'privileged'],
    'securityContext.privileged: true — full access to the node; review whether it is still needed',
  );
  return { privileged: true };
}

/** Pod-level settings from docker parameters (hostname, host aliases, DNS, sysctls, shared PID namespace). */
function podSettings(pod: DockerParameterEffects['pod']): Partial<PodSpec> {
  const { sysctls, ...rest } = pod;
  return { ...rest, ...(sysctls ? { securityContext: { sysctls } } : {}) };
}
