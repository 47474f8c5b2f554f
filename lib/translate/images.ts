import { MarathonApp } from '../marathon/model/app';
import { JobRun } from '../marathon/model/job';
import { MarathonPod } from '../marathon/model/pod';
import { JsonPath } from '../util/json-path';
import { SANDBOX } from './sandbox';
import { SecretRequirement } from './requirements';
import { DefinitionScope } from './scope';
import { pullSecretOf } from './secrets';

/** What a container runs: its image, how the kubelet pulls it, the Secret it pulls it with. */
export interface ContainerImage {
  readonly image: string;
  readonly imagePullPolicy: PullPolicy;
  readonly pullSecret?: SecretRequirement;
  /** A command without an image ran in its sandbox directory; it still does. */
  readonly workingDir?: string;
}

type PullPolicy = 'Always' | 'IfNotPresent';

/** Marathon's `forcePullImage` / `forcePull`: pull at every start, or when the node lacks the image. */
function pullPolicy(forcePull: boolean): PullPolicy {
  return forcePull ? 'Always' : 'IfNotPresent';
}

/** A command that ran on the agent's filesystem runs in the `commandImage` option, in the sandbox as on Mesos. */
function commandImage(scope: DefinitionScope, workingDir?: string): ContainerImage {
  return {
    image: scope.options.commandImage,
    imagePullPolicy: 'IfNotPresent',
    ...(workingDir !== undefined ? { workingDir } : {}),
  };
}

/** The working directory: a docker `--workdir` wins over the sandbox a command without an image ran in. */
export function workingDirOf(image: ContainerImage, dockerWorkingDir: string | undefined): { workingDir?: string } {
  const workingDir = dockerWorkingDir ?? image.workingDir;
  return workingDir ? { workingDir } : {};
}

/** Image, pull policy and pull secret of an app's container. */
export function appImage(scope: DefinitionScope, app: MarathonApp): ContainerImage {
  const { notes } = scope;
  const container = app.container;
  const docker = container?.docker;
  if (docker) {
    notes.translated(['container', 'docker', 'image'], `image ${docker.image}`);
    notes.translated(['container', 'docker', 'forcePullImage'], `imagePullPolicy ${pullPolicy(docker.forcePullImage)}`);
    notes.translated(
      ['container', 'type'],
      container?.type === 'MESOS'
        ? 'the Mesos containerizer ran the Docker image; Kubernetes runs it the same'
        : 'Docker image',
    );
    const pullSecret = pullSecretOf(scope, docker.pullConfig, app.secrets);
    if (pullSecret) {
      notes.translated(
        ['container', 'docker', 'pullConfig'],
        `imagePullSecrets ${pullSecret.name} (a dockerconfigjson Secret from DC/OS secret ${pullSecret.source})`,
      );
    }
    if (docker.credential) {
      notes.unsupported(
        ['container', 'docker', 'credential'],
        'registry credentials of the Mesos fetcher; create a dockerconfigjson Secret and reference it in imagePullSecrets',
      );
    }
    return {
      image: docker.image,
      imagePullPolicy: pullPolicy(docker.forcePullImage),
      ...(pullSecret ? { pullSecret } : {}),
    };
  }
  if (container?.appc) {
    notes.unsupported(
      ['container', 'appc'],
      `AppC images do not run on Kubernetes; ${scope.options.commandImage} is used instead: convert ${container.appc.image} to an OCI image`,
    );
  }
  if (container) {
    notes.translated(['container', 'type'], 'Mesos containerizer without an image');
  }
  notes.remark(
    `no image: the command ran on the agent's filesystem; it runs in ${scope.options.commandImage} (everything it calls must be in that image), in the sandbox directory as on Mesos`,
  );
  return commandImage(scope, SANDBOX);
}

/** Image, pull policy and pull secret of the pod container at `at` (`containers[c]`). */
export function podContainerImage(scope: DefinitionScope, pod: MarathonPod, c: number): ContainerImage {
  const spec = pod.containers[c];
  const at: JsonPath = ['containers', c, 'image'];
  if (!spec.image) {
    scope.notes.remark(`container ${spec.name} has no image: it runs in ${scope.options.commandImage}`);
    return commandImage(scope);
  }
  const imagePullPolicy = pullPolicy(spec.image.forcePull);
  scope.notes.translated(at, `image ${spec.image.id}, imagePullPolicy ${imagePullPolicy}`);
  const pullSecret = pullSecretOf(scope, spec.image.pullConfig, pod.secrets);
  for (const key of Object.keys(spec.image.labels)) {
    scope.notes.ignored([...at, 'labels', key], 'image discovery labels of the Mesos containerizer');
  }
  return { image: spec.image.id, imagePullPolicy, ...(pullSecret ? { pullSecret } : {}) };
}

/** Image, pull policy and pull secret of a job's run (Docker or the Mesos containerizer, or none). */
export function jobImage(scope: DefinitionScope, run: JobRun): ContainerImage {
  const { notes } = scope;
  if (run.docker) {
    const imagePullPolicy = pullPolicy(run.docker.forcePullImage);
    notes.translated(['run', 'docker', 'image'], `image ${run.docker.image}`);
    notes.translated(['run', 'docker', 'forcePullImage'], `imagePullPolicy ${imagePullPolicy}`);
    return { image: run.docker.image, imagePullPolicy };
  }
  if (run.ucr) {
    const { image } = run.ucr;
    const imagePullPolicy = pullPolicy(image.forcePull);
    notes.translated(
      ['run', 'ucr', 'image', 'id'],
      `image ${image.id} (the Mesos containerizer ran it; Kubernetes runs it the same)`,
    );
    notes.translated(['run', 'ucr', 'image', 'forcePull'], `imagePullPolicy ${imagePullPolicy}`);
    notes[image.kind === 'docker' ? 'translated' : 'unsupported'](
      ['run', 'ucr', 'image', 'kind'],
      image.kind === 'docker' ? 'Docker image' : 'AppC images do not run on Kubernetes; convert it to an OCI image',
    );
    const pullSecret = pullSecretOf(scope, image.pullConfig, run.secrets);
    if (pullSecret) {
      notes.translated(['run', 'ucr', 'image', 'pullConfig'], 'imagePullSecrets');
    }
    return { image: image.id, imagePullPolicy, ...(pullSecret ? { pullSecret } : {}) };
  }
  notes.remark(`no image: the command ran on the agent's filesystem; it runs in ${scope.options.commandImage}`);
  return commandImage(scope, SANDBOX);
}
