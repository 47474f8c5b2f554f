import { JobRun, MetronomeJob } from '../marathon/model/job';
import { commandOf } from './command';
import { dockerParameters } from './docker-parameters';
import { marathonEnvironment, mergeEnvironment, userEnvironment } from './env';
import { fetchInitContainer } from './fetch';
import { jobImage, workingDirOf } from './images';
import { JOB_CONTAINER, jobStorage } from './job-volumes';
import { Container, SecurityContext, Volume } from './kube';
import { SecretRequirement } from './requirements';
import { resourcesOf } from './resources';
import { SANDBOX_MOUNT } from './sandbox';
import { DefinitionScope } from './scope';
import { secretDeclarations } from './secrets';
import { runAsUser } from './user';
import { containerUse } from './volumes';

/** A job's one container, and what its pod needs for it. */
export interface JobContainerParts {
  readonly container: Container;
  readonly fetch?: Container;
  readonly volumes: Volume[];
  /** Pod labels and annotations from docker parameters (`--label`). */
  readonly podLabels: Record<string, string>;
  readonly podAnnotations: Record<string, string>;
  /** The Secrets it mounts, pulls its image with and reads in its environment, in that order. */
  readonly secrets: SecretRequirement[];
}

/** The container of a job's run: volumes, image, docker parameters, user, environment, artifacts, command, resources. */
export function jobContainer(scope: DefinitionScope, job: MetronomeJob): JobContainerParts {
  const { run } = job;
  const storage = jobStorage(scope, run);
  const image = jobImage(scope, run);
  const docker = dockerParameters(
    scope,
    { parameters: run.docker?.parameters ?? [], at: ['run', 'docker', 'parameters'] },
    containerUse(storage, JOB_CONTAINER, { volumes: [], mounts: [] }),
  );
  const securityContext: SecurityContext = {
    ...docker.securityContext,
    ...privileged(scope, run),
    ...runAsUser(scope, run.user, ['run', 'user']),
  };
  const env = userEnvironment(scope, { env: run.env, at: ['run', 'env'], secrets: run.secrets });
  secretDeclarations(scope, run.secrets, ['run', 'secrets']);
  const fetch = fetchInitContainer(scope, run.artifacts, ['run', 'artifacts']);
  const command = commandOf(
    scope,
    { cmd: run.cmd, args: run.args, at: { cmd: ['run', 'cmd'], args: ['run', 'args'] } },
    JOB_CONTAINER,
  );
  const container: Container = {
    name: JOB_CONTAINER,
    image: image.image,
    imagePullPolicy: image.imagePullPolicy,
    ...command,
    ...workingDirOf(image, docker.workingDir),
    env: mergeEnvironment(
      [
        ...marathonEnvironment(scope, { hostNetwork: false, endpoints: false }).filter(
          (v) => v.name !== 'MARATHON_APP_ID',
        ),
        { name: 'MESOS_JOB_ID', value: job.id },
        ...docker.env,
        ...scope.credentials.envFor(JOB_CONTAINER),
      ],
      env.env,
    ),
    resources: resourcesOf(scope, run, {
      cpus: ['run', 'cpus'],
      mem: ['run', 'mem'],
      disk: ['run', 'disk'],
      gpus: ['run', 'gpus'],
      limits: ['run'],
    }),
    volumeMounts: [SANDBOX_MOUNT, ...(storage.mounts.get(JOB_CONTAINER) ?? []), ...docker.mounts],
    ...(Object.keys(securityContext).length > 0 ? { securityContext } : {}),
  };
  return {
    container,
    ...(fetch ? { fetch } : {}),
    volumes: [...storage.volumes, ...docker.volumes],
    podLabels: docker.podLabels,
    podAnnotations: docker.podAnnotations,
    secrets: [...storage.secrets, ...(image.pullSecret ? [image.pullSecret] : []), ...env.secrets],
  };
}

/** `run.docker.privileged` / `run.ucr.privileged`: full access to the node. */
function privileged(scope: DefinitionScope, run: JobRun): SecurityContext {
  if (run.docker) {
    scope.notes.translated(
      ['run', 'docker', 'privileged'],
      run.docker.privileged ? 'securityContext.privileged: true — review whether it is still needed' : 'not privileged',
    );
    return run.docker.privileged ? { privileged: true } : {};
  }
  if (run.ucr) {
    scope.notes.translated(
      ['run', 'ucr', 'privileged'],
      run.ucr.privileged ? 'securityContext.privileged: true' : 'not privileged',
    );
    return run.ucr.privileged ? { privileged: true } : {};
  }
  return {};
}
