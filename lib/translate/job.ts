import { JobDefinition } from '../marathon/load/definition';
import { JobSchedule, MetronomeJob } from '../marathon/model/job';
import { applyUser, commandOf } from './container';
import { dockerParameters } from './docker-parameters';
import { EstateContext } from './estate';
import { CredentialStore } from './credentials';
import { marathonEnvironment, mergeEnvironment, secretFor, userEnvironment } from './env';
import { SANDBOX_MOUNT, fetchInitContainer } from './fetch';
import { Container, CronJob, KubeObject, SecurityContext, Volume, VolumeMount } from './kube';
import type { IJobSpec as JobSpec } from 'kubernetes-models/batch/v1/JobSpec';
import { commonLabels, idAnnotation, metadataOf, selectorLabels, translateLabels } from './metadata';
import { noteIdentity } from './app-notes';
import { placementOf } from './placement';
import { podTemplate } from './pod-template';
import { Notes } from './notes';
import { SecretRequirement } from './requirements';
import { boundedText } from './annotations';
import { resourcesOf } from './resources';
import { Translation } from './translation';
import { Constraint } from '../marathon/model/common';

const DESCRIPTION = 'marathon-to-eks/description';

/** A schedule that never fires (31 February): on-demand jobs are suspended CronJob templates. */
export const NEVER = '0 0 31 2 *';

/**
 * A Metronome job → a CronJob per schedule. A job without a schedule ran on demand: it becomes a suspended
 * CronJob that never fires, started with `kubectl create job --from=cronjob/<name> <run>` (a Job would run once,
 * at deploy time).
 */
export function translateJob(definition: JobDefinition, context: EstateContext): Translation {
  const job: MetronomeJob = definition.spec;
  const run = job.run;
  const { options } = context;
  const notes = new Notes();
  const identity = context.identityOf(definition);
  const { namespace, name } = identity;
  noteIdentity(definition, identity, notes);

  const credentials = new CredentialStore(namespace, name, `job ${job.id}`);
  const labelInfo = translateLabels(job.labels, ['labels'], () => false, notes);
  const labels = commonLabels(identity, options.extraLabels, labelInfo.labels);
  const description = job.description !== undefined ? boundedText(DESCRIPTION, job.description) : undefined;
  const annotations: Record<string, string> = {
    [idAnnotation('job')]: job.id,
    ...labelInfo.annotations,
    ...(description !== undefined ? { [DESCRIPTION]: description.text } : {}),
  };
  if (description?.cut) {
    notes.approximated(
      ['description'],
      `annotation ${DESCRIPTION}, shortened: Kubernetes allows 256 KiB of annotations per object`,
    );
  } else if (description !== undefined) {
    notes.translated(['description'], `annotation ${DESCRIPTION}`);
  }

  const secrets: SecretRequirement[] = [];
  let image = options.commandImage;
  let imagePullPolicy: 'Always' | 'IfNotPresent' = 'IfNotPresent';
  const securityContext: SecurityContext = {};
  const { volumes, mounts } = jobVolumes(job, namespace, secrets, notes);
  const use = {
    mountPaths: new Set([SANDBOX_MOUNT.mountPath, ...mounts.map((mount) => mount.mountPath)]),
    volumeNames: new Set(['mesos-sandbox', ...volumes.map((volume) => volume.name)]),
  };
  let docker = dockerParameters([], ['run', 'docker', 'parameters'], notes, credentials, use);
  if (run.docker) {
    image = run.docker.image;
    imagePullPolicy = run.docker.forcePullImage ? 'Always' : 'IfNotPresent';
    notes.translated(['run', 'docker', 'image'], `image ${image}`);
    notes.translated(['run', 'docker', 'forcePullImage'], `imagePullPolicy ${imagePullPolicy}`);
    docker = dockerParameters(run.docker.parameters, ['run', 'docker', 'parameters'], notes, credentials, use);
    Object.assign(securityContext, docker.securityContext);
    if (run.docker.privileged) {
      securityContext.privileged = true;
    }
    notes.translated(
      ['run', 'docker', 'privileged'],
      run.docker.privileged ? 'securityContext.privileged: true — review whether it is still needed' : 'not privileged',
    );
  } else if (run.ucr) {
    image = run.ucr.image.id;
    imagePullPolicy = run.ucr.image.forcePull ? 'Always' : 'IfNotPresent';
    notes.translated(
      ['run', 'ucr', 'image', 'id'],
      `image ${image} (the Mesos containerizer ran it; Kubernetes runs it the same)`,
    );
    notes.translated(['run', 'ucr', 'image', 'forcePull'], `imagePullPolicy ${imagePullPolicy}`);
    notes[run.ucr.image.kind === 'docker' ? 'translated' : 'unsupported'](
      ['run', 'ucr', 'image', 'kind'],
      run.ucr.image.kind === 'docker'
        ? 'Docker image'
        : 'AppC images do not run on Kubernetes; convert it to an OCI image',
    );
    if (run.ucr.image.pullConfig) {
      const declared = run.secrets[run.ucr.image.pullConfig.secret];
      if (declared) {
        secrets.push(secretFor(declared.source, namespace, 'kubernetes.io/dockerconfigjson'));
        notes.translated(['run', 'ucr', 'image', 'pullConfig'], 'imagePullSecrets');
      }
    }
    if (run.ucr.privileged) {
      securityContext.privileged = true;
    }
    notes.translated(
      ['run', 'ucr', 'privileged'],
      run.ucr.privileged ? 'securityContext.privileged: true' : 'not privileged',
    );
  } else {
    notes.remark(`no image: the command ran on the agent's filesystem; it runs in ${options.commandImage}`);
  }
  applyUser(run.user, ['run', 'user'], securityContext, notes);

  const env = userEnvironment(
    run.env,
    run.secrets,
    ['run', 'env'],
    ['run', 'secrets'],
    namespace,
    context.discovery,
    notes,
    credentials,
  );
  secrets.push(...env.secrets);
  const fetch = fetchInitContainer(run.artifacts, ['run', 'artifacts'], options.fetchImage, notes, credentials);
  const command = commandOf(
    run.cmd,
    run.args,
    { cmd: ['run', 'cmd'], args: ['run', 'args'] },
    context.discovery,
    notes,
    { store: credentials, container: 'job' },
  );
  const placement = placementOf(
    run.placement.constraints.map((constraint): Constraint => ({
      fieldName: constraint.attribute,
      operator: constraint.operator,
      ...(constraint.value !== undefined ? { value: constraint.value } : {}),
    })),
    ['run', 'placement', 'constraints'],
    { accepted: [], acceptedAt: ['run'] },
    selectorLabels(identity),
    notes,
  );
  run.networks.forEach((network, i) =>
    notes[network.mode === 'host' ? 'approximated' : 'translated'](
      ['run', 'networks', i],
      network.mode === 'host' ? 'host networking → the pod network' : 'the pod network',
    ),
  );
  if (run.taskKillGracePeriodSeconds !== undefined) {
    notes.translated(
      ['run', 'taskKillGracePeriodSeconds'],
      `terminationGracePeriodSeconds ${run.taskKillGracePeriodSeconds}`,
    );
  }
  notes.approximated(
    ['run', 'maxLaunchDelay'],
    'how long a run may wait for resources: Kubernetes keeps a pending pod waiting; a schedule’s startingDeadlineSeconds bounds late starts',
  );

  const restartPolicy = run.restart.policy === 'NEVER' ? 'Never' : 'OnFailure';
  notes.translated(
    ['run', 'restart', 'policy'],
    run.restart.policy === 'NEVER'
      ? 'restartPolicy Never, backoffLimit 0'
      : `restartPolicy OnFailure, backoffLimit ${options.jobBackoffLimit} (option jobBackoffLimit; Metronome retried until activeDeadlineSeconds)`,
  );
  if (run.restart.activeDeadlineSeconds !== undefined) {
    notes.translated(
      ['run', 'restart', 'activeDeadlineSeconds'],
      `activeDeadlineSeconds ${run.restart.activeDeadlineSeconds}`,
    );
  }

  const container: Container = {
    name: 'job',
    image,
    imagePullPolicy,
    ...command,
    ...(docker.workingDir
      ? { workingDir: docker.workingDir }
      : !run.docker && !run.ucr
        ? { workingDir: '/mnt/mesos/sandbox' }
        : {}),
    env: mergeEnvironment(
      [
        ...marathonEnvironment({ id: job.id, ports: [], hostNetwork: false, endpoints: false }).filter(
          (v) => v.name !== 'MARATHON_APP_ID',
        ),
        { name: 'MESOS_JOB_ID', value: job.id },
        ...docker.env,
        ...credentials.envFor('job'),
      ],
      env.env,
    ),
    resources: resourcesOf(
      run,
      { cpus: ['run', 'cpus'], mem: ['run', 'mem'], disk: ['run', 'disk'], gpus: ['run', 'gpus'], limits: ['run'] },
      options.dropCpuLimits,
      notes,
    ),
    volumeMounts: [SANDBOX_MOUNT, ...mounts, ...docker.mounts],
    ...(Object.keys(securityContext).length > 0 ? { securityContext } : {}),
  };
  const template = podTemplate({
    metadata: {
      labels: { ...labels, ...docker.podLabels },
      annotations: { [idAnnotation('job')]: job.id, ...docker.podAnnotations },
    },
    containers: [container],
    initContainers: fetch ? [fetch] : [],
    volumes: [...volumes, ...docker.volumes],
    placement,
    tolerations: [],
    ...(run.taskKillGracePeriodSeconds !== undefined
      ? { terminationGracePeriodSeconds: Math.ceil(run.taskKillGracePeriodSeconds) }
      : {}),
    hostNetwork: false,
    imagePullSecrets: secrets.filter((s) => s.type === 'kubernetes.io/dockerconfigjson').map((s) => s.name),
    restartPolicy,
  });
  const jobSpec: JobSpec = {
    backoffLimit: run.restart.policy === 'NEVER' ? 0 : options.jobBackoffLimit,
    ...(run.restart.activeDeadlineSeconds !== undefined
      ? { activeDeadlineSeconds: run.restart.activeDeadlineSeconds }
      : {}),
    template,
  };
  job.dependencies.forEach((dependency, i) =>
    notes.unsupported(
      ['dependencies', i],
      `runs after job ${dependency}: Kubernetes CronJobs have no dependencies; chain them in a workflow engine (e.g. Argo Workflows) or one job's script`,
    ),
  );

  // Metronome allows one schedule per job (validation rejects more).
  const objects: KubeObject[] = [cronJob(name, namespace, labels, annotations, job.schedules[0], jobSpec, notes)];
  return {
    definition,
    objects,
    notes,
    secrets: [...secrets, ...credentials.requirements()],
    nodeLabels: placement.nodeLabels,
    nodeTaints: placement.nodeTaints,
  };
}

function cronJob(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  annotations: Record<string, string>,
  schedule: JobSchedule | undefined,
  jobSpec: JobSpec,
  notes: Notes,
): CronJob {
  const at = ['schedules', 0];
  const metadata = metadataOf(name, namespace, labels, annotations);
  if (!schedule) {
    notes.remark(
      `no schedule: the job ran on demand; it is a suspended CronJob that never fires — run it with: kubectl create job --from=cronjob/${name} -n ${namespace} ${name}-run-1`,
    );
    return {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata,
      spec: {
        schedule: NEVER,
        suspend: true,
        concurrencyPolicy: 'Allow',
        jobTemplate: { metadata: { labels, annotations }, spec: jobSpec },
      },
    };
  }
  const cron = kubernetesCron(schedule.cron, [...at, 'cron'], notes);
  notes.translated([...at, 'id'], `CronJob ${name}`);
  if (cron === undefined) {
    notes.remark(
      `schedule ${schedule.cron} has no Kubernetes form: the CronJob is suspended with a schedule that never fires until the schedule is rewritten`,
    );
    return {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: {
        ...metadata,
        annotations: { ...metadata.annotations, 'marathon-to-eks/metronome-cron': schedule.cron },
      },
      spec: {
        schedule: NEVER,
        timeZone: schedule.timezone,
        concurrencyPolicy: policy(schedule.concurrencyPolicy),
        startingDeadlineSeconds: schedule.startingDeadlineSeconds,
        suspend: true,
        jobTemplate: { metadata: { labels, annotations }, spec: jobSpec },
      },
    };
  }
  notes.translated([...at, 'timezone'], `timeZone ${schedule.timezone}`);
  notes.translated([...at, 'concurrencyPolicy'], `concurrencyPolicy ${policy(schedule.concurrencyPolicy)}`);
  notes.translated([...at, 'startingDeadlineSeconds'], `startingDeadlineSeconds ${schedule.startingDeadlineSeconds}`);
  notes.translated([...at, 'enabled'], schedule.enabled ? 'suspend: false' : 'suspend: true');
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata,
    spec: {
      schedule: cron,
      timeZone: schedule.timezone,
      concurrencyPolicy: policy(schedule.concurrencyPolicy),
      startingDeadlineSeconds: schedule.startingDeadlineSeconds,
      suspend: !schedule.enabled,
      jobTemplate: { metadata: { labels, annotations }, spec: jobSpec },
    },
  };
}

function policy(value: JobSchedule['concurrencyPolicy']): 'Allow' | 'Forbid' | 'Replace' {
  return value === 'ALLOW' ? 'Allow' : value === 'FORBID' ? 'Forbid' : 'Replace';
}

/**
 * Metronome's cron (cron-utils) → Kubernetes' (robfig): a year field is dropped when it is `*`; 7 for Sunday and
 * `L`/`W`/`#` have no Kubernetes form; day-of-month and day-of-week together mean AND on Metronome, OR on Kubernetes.
 */
export function kubernetesCron(cron: string, at: readonly (string | number)[], notes: Notes): string | undefined {
  const fields = cron.trim().split(/\s+/);
  const problems: string[] = [];
  if (fields.length === 6) {
    if (fields[5] !== '*') {
      problems.push(`the year field ${fields[5]} is dropped: Kubernetes schedules have no year`);
    }
    fields.length = 5;
  }
  fields[4] = fields[4].replace(/(^|[,-])7(?=$|[,/-])/g, '$10');
  if (fields.some((field) => /[LW#]/.test(field))) {
    notes.unsupported(
      [...at],
      `${cron}: L (last), W (weekday) and # (nth weekday) have no Kubernetes cron form; rewrite the schedule (the CronJob stays suspended until then)`,
    );
    return undefined;
  }
  if (fields[2] !== '*' && fields[4] !== '*') {
    problems.push('Metronome runs only when day-of-month AND day-of-week match; Kubernetes runs when either matches');
  }
  const result = fields.join(' ');
  if (problems.length > 0) {
    notes.approximated([...at], `schedule ${result}: ${problems.join('; ')}`);
  } else {
    notes.translated([...at], `schedule ${result}`);
  }
  return result;
}

function jobVolumes(
  job: MetronomeJob,
  namespace: string,
  secrets: SecretRequirement[],
  notes: Notes,
): { volumes: Volume[]; mounts: VolumeMount[] } {
  const volumes: Volume[] = [];
  const mounts: VolumeMount[] = [];
  // Docker refuses two mounts at one path ("Duplicate mount point"): such a job never ran.
  const taken = new Set([SANDBOX_MOUNT.mountPath]);
  job.run.volumes.forEach((volume, i) => {
    const at = ['run', 'volumes', i];
    const name = `volume-${i}`;
    const mountPath = absolute(volume.containerPath);
    if (taken.has(mountPath)) {
      return notes.unsupported(
        at,
        `${mountPath} is already mounted in this container (the sandbox or another volume); Docker refuses two mounts at one path`,
      );
    }
    taken.add(mountPath);
    if (volume.kind === 'secret') {
      const declared = job.run.secrets[volume.secret];
      if (!declared) {
        return notes.unsupported(at, `secret ${volume.secret} is not declared`);
      }
      const secret = secretFor(declared.source, namespace);
      secrets.push(secret);
      volumes.push({ name, secret: { secretName: secret.name } });
      mounts.push({ name, mountPath, subPath: secret.key, readOnly: true });
      return notes.translated(at, `file ${mountPath} from Secret ${secret.name}`);
    }
    if (!volume.hostPath.startsWith('/')) {
      mounts.push({
        name: 'mesos-sandbox',
        mountPath: absolute(volume.containerPath),
        subPath: volume.hostPath,
        ...(volume.mode === 'RO' ? { readOnly: true } : {}),
      });
      return notes.approximated(at, `sandbox directory ${volume.hostPath} → the sandbox emptyDir`);
    }
    volumes.push({ name, hostPath: { path: volume.hostPath } });
    mounts.push({
      name,
      mountPath: absolute(volume.containerPath),
      ...(volume.mode === 'RO' ? { readOnly: true } : {}),
    });
    notes.approximated(
      at,
      `hostPath ${volume.hostPath} at ${absolute(volume.containerPath)}: ties the pod to what the node has there and is a security risk`,
    );
  });
  return { volumes, mounts };
}

/** Metronome resolved relative container paths against the sandbox. */
function absolute(containerPath: string): string {
  return containerPath.startsWith('/') ? containerPath : `/mnt/mesos/sandbox/${containerPath}`;
}
