import type { IJobSpec as JobSpec } from 'kubernetes-models/batch/v1/JobSpec';
import { JobDefinition } from '../marathon/load/definition';
import { Constraint } from '../marathon/model/common';
import { JobRun, MetronomeJob } from '../marathon/model/job';
import { boundedText } from './annotations';
import { cronJob } from './cron-job';
import { EstateContext } from './estate';
import { definitionScope } from './definition-scope';
import { jobContainer } from './job-container';
import { idAnnotation } from './metadata';
import { jobNetworking } from './networking';
import { podTemplate } from './pod-template';
import { placementOf } from './scheduling';
import { DefinitionScope } from './scope';
import { pullSecretNames } from './secrets';
import { Translation, translationOf } from './translation';

const DESCRIPTION = 'marathon-to-eks/description';

/**
 * A Metronome job → a CronJob per schedule. A job without a schedule ran on demand: it becomes a suspended
 * CronJob that never fires, started with `kubectl create job --from=cronjob/<name> <run>` (a Job would run once,
 * at deploy time).
 */
export function translateJob(definition: JobDefinition, estate: EstateContext): Translation {
  const job: MetronomeJob = definition.spec;
  const { run } = job;
  const scope = definitionScope(definition, estate);
  const annotations = { ...scope.annotations, ...description(scope, job) };
  const container = jobContainer(scope, job);
  const placement = placementOf(scope, {
    constraints: run.placement.constraints.map((constraint): Constraint => ({
      fieldName: constraint.attribute,
      operator: constraint.operator,
      ...(constraint.value !== undefined ? { value: constraint.value } : {}),
    })),
    at: ['run', 'placement', 'constraints'],
    roles: { accepted: [], acceptedAt: ['run'] },
  });
  jobNetworking(scope, run);
  if (run.taskKillGracePeriodSeconds !== undefined) {
    scope.notes.translated(
      ['run', 'taskKillGracePeriodSeconds'],
      `terminationGracePeriodSeconds ${run.taskKillGracePeriodSeconds}`,
    );
  }
  scope.notes.approximated(
    ['run', 'maxLaunchDelay'],
    'how long a run may wait for resources: Kubernetes keeps a pending pod waiting; a schedule’s startingDeadlineSeconds bounds late starts',
  );
  const template = podTemplate({
    metadata: {
      labels: { ...scope.labels, ...container.podLabels },
      annotations: { [idAnnotation('job')]: job.id, ...container.podAnnotations },
    },
    containers: [container.container],
    initContainers: container.fetch ? [container.fetch] : [],
    volumes: container.volumes,
    placement,
    tolerations: [],
    ...(run.taskKillGracePeriodSeconds !== undefined
      ? { terminationGracePeriodSeconds: Math.ceil(run.taskKillGracePeriodSeconds) }
      : {}),
    hostNetwork: false,
    imagePullSecrets: pullSecretNames(container.secrets),
    restartPolicy: run.restart.policy === 'NEVER' ? 'Never' : 'OnFailure',
  });
  job.dependencies.forEach((dependency, i) =>
    scope.notes.unsupported(
      ['dependencies', i],
      `runs after job ${dependency}: Kubernetes CronJobs have no dependencies; chain them in a workflow engine (e.g. Argo Workflows) or one job's script`,
    ),
  );
  // Metronome allows one schedule per job (validation rejects more).
  const objects = [cronJob(scope, job.schedules[0], jobSpec(scope, run, template), annotations)];
  return translationOf(scope, objects, { secrets: container.secrets, placement });
}

/** The description, kept in an annotation (shortened to its share of Kubernetes' annotation limit). */
function description(scope: DefinitionScope, job: MetronomeJob): Record<string, string> {
  if (job.description === undefined) {
    return {};
  }
  const bounded = boundedText(DESCRIPTION, job.description);
  if (bounded.cut) {
    scope.notes.approximated(
      ['description'],
      `annotation ${DESCRIPTION}, shortened: Kubernetes allows 256 KiB of annotations per object`,
    );
  } else {
    scope.notes.translated(['description'], `annotation ${DESCRIPTION}`);
  }
  return { [DESCRIPTION]: bounded.text };
}

/** Metronome's restart policy: a run that fails is retried (ON_FAILURE) up to the jobBackoffLimit option, or never. */
function jobSpec(scope: DefinitionScope, run: JobRun, template: JobSpec['template']): JobSpec {
  const { restart } = run;
  scope.notes.translated(
    ['run', 'restart', 'policy'],
    restart.policy === 'NEVER'
      ? 'restartPolicy Never, backoffLimit 0'
      : `restartPolicy OnFailure, backoffLimit ${scope.options.jobBackoffLimit} (option jobBackoffLimit; Metronome retried until activeDeadlineSeconds)`,
  );
  if (restart.activeDeadlineSeconds !== undefined) {
    scope.notes.translated(
      ['run', 'restart', 'activeDeadlineSeconds'],
      `activeDeadlineSeconds ${restart.activeDeadlineSeconds}`,
    );
  }
  return {
    backoffLimit: restart.policy === 'NEVER' ? 0 : scope.options.jobBackoffLimit,
    ...(restart.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: restart.activeDeadlineSeconds } : {}),
    template,
  };
}
