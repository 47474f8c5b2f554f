import { JobConstraint, JobSchedule, JobVolume, MetronomeJob } from '../model/job';
import { JOB_STATUS_FIELDS, JobInput, ScheduleInput } from '../schema/job';
import { artifactOf, definedEntries, envMap, networkOf, secretMap, stringMap } from './common';
import { NormalizeContext } from './context';

/** Metronome's model defaults (`JobRunSpec.scala`, `ScheduleSpec.scala`, newest). */
export const METRONOME_DEFAULTS = {
  cpus: 1,
  mem: 128,
  disk: 0,
  gpus: 0,
  maxLaunchDelay: 3600,
  restartPolicy: 'NEVER',
  timezone: 'UTC',
  startingDeadlineSeconds: 900,
  concurrencyPolicy: 'ALLOW',
  enabled: true,
} as const;

type RunInput = JobInput['run'];

/** Normalizes a schema-valid Metronome job, converting the spellings of older Metronome versions. */
export function normalizeJob(job: JobInput, ctx: NormalizeContext): MetronomeJob {
  for (const field of JOB_STATUS_FIELDS) {
    if (job[field] !== undefined) {
      ctx.ignore([field], 'status', 'read-only run status from the Metronome API');
    }
  }
  return definedEntries<MetronomeJob>({
    id: job.id,
    description: job.description,
    labels: stringMap(job.labels),
    dependencies: (job.dependencies ?? []).map((dependency) => dependency.id),
    schedules: (job.schedules ?? []).map((schedule, i) => scheduleOf(schedule, i, ctx)),
    run: runOf(job.run, ctx),
  });
}

function runOf(run: RunInput, ctx: NormalizeContext) {
  if (run.maxLaunchDelaySeconds !== undefined) {
    if (run.maxLaunchDelay !== undefined) {
      ctx.ignore(
        ['run', 'maxLaunchDelaySeconds'],
        'superseded',
        'maxLaunchDelaySeconds is not a Metronome field; maxLaunchDelay is used',
      );
    } else {
      ctx.converted(
        ['run', 'maxLaunchDelaySeconds'],
        ['run', 'maxLaunchDelay'],
        'maxLaunchDelaySeconds (as printed by `dcos job show`) is read as maxLaunchDelay',
      );
    }
  }
  return definedEntries({
    cmd: run.cmd,
    args: run.args ? [...run.args] : undefined,
    cpus: run.cpus ?? METRONOME_DEFAULTS.cpus,
    mem: run.mem ?? METRONOME_DEFAULTS.mem,
    disk: run.disk ?? METRONOME_DEFAULTS.disk,
    gpus: run.gpus ?? METRONOME_DEFAULTS.gpus,
    docker: run.docker
      ? {
          image: run.docker.image,
          forcePullImage: run.docker.forcePullImage ?? false,
          privileged: run.docker.privileged ?? false,
          parameters: (run.docker.parameters ?? []).map((parameter) => ({
            key: parameter.key,
            value: parameter.value,
          })),
        }
      : undefined,
    ucr: run.ucr
      ? {
          image: definedEntries({
            id: run.ucr.image.id,
            kind: run.ucr.image.kind ?? ('docker' as const),
            forcePull: run.ucr.image.forcePull ?? false,
            pullConfig: run.ucr.image.pullConfig ? { secret: run.ucr.image.pullConfig.secret } : undefined,
          }),
          privileged: run.ucr.privileged ?? false,
        }
      : undefined,
    env: envMap(run.env),
    secrets: secretMap(run.secrets),
    artifacts: (run.artifacts ?? []).map((artifact, i) => {
      if (artifact.uri === undefined && artifact.url !== undefined) {
        ctx.converted(
          ['run', 'artifacts', i, 'url'],
          ['run', 'artifacts', i, 'uri'],
          'url is the Metronome 0.1 spelling of uri',
        );
      }
      return artifactOf({ ...artifact, uri: artifact.uri ?? artifact.url ?? '' });
    }),
    placement: {
      constraints: (run.placement?.constraints ?? []).map((constraint, i) => constraintOf(constraint, i, ctx)),
    },
    user: run.user,
    taskKillGracePeriodSeconds: run.taskKillGracePeriodSeconds,
    restart: definedEntries({
      policy: run.restart?.policy ?? METRONOME_DEFAULTS.restartPolicy,
      activeDeadlineSeconds: run.restart?.activeDeadlineSeconds,
    }),
    volumes: (run.volumes ?? []).map((input): JobVolume => {
      const volume = input as { containerPath: string; hostPath?: string; mode?: 'RO' | 'RW'; secret?: string };
      return volume.secret !== undefined
        ? { kind: 'secret', containerPath: volume.containerPath, secret: volume.secret }
        : {
            kind: 'host',
            containerPath: volume.containerPath,
            hostPath: volume.hostPath ?? '',
            mode: volume.mode ?? 'RW',
          };
    }),
    networks: (run.networks ?? []).map(networkOf),
    maxLaunchDelay: run.maxLaunchDelay ?? run.maxLaunchDelaySeconds ?? METRONOME_DEFAULTS.maxLaunchDelay,
  });
}

type ConstraintInput = NonNullable<NonNullable<RunInput['placement']>['constraints']>[number];

function constraintOf(constraint: ConstraintInput, index: number, ctx: NormalizeContext): JobConstraint {
  const at = ['run', 'placement', 'constraints', index];
  if (constraint.attribute === undefined && constraint.attr !== undefined) {
    ctx.converted([...at, 'attr'], [...at, 'attribute'], 'attr is the Metronome 0.1 spelling of attribute');
  }
  if (constraint.operator === undefined && constraint.op !== undefined) {
    ctx.converted([...at, 'op'], [...at, 'operator'], 'op is the Metronome 0.1 spelling of operator');
  }
  const operator = constraint.operator ?? constraint.op ?? 'IS';
  if (operator === 'EQ') {
    ctx.findings.push({
      severity: 'info',
      path: [...at, constraint.operator ? 'operator' : 'op'],
      code: 'legacy-converted',
      message: 'EQ is read as IS, as Metronome does',
    });
  }
  return definedEntries<JobConstraint>({
    attribute: constraint.attribute ?? constraint.attr ?? '',
    operator: operator === 'EQ' ? 'IS' : operator,
    value: constraint.value,
  });
}

function scheduleOf(schedule: ScheduleInput, index: number, ctx: NormalizeContext): JobSchedule {
  const at = ['schedules', index];
  if (schedule.nextRunAt !== undefined) {
    ctx.ignore([...at, 'nextRunAt'], 'status', 'read-only next run time from the Metronome API');
  }
  if (schedule.timeZone !== undefined) {
    ctx.ignore(
      [...at, 'timeZone'],
      'unused',
      `Metronome reads "timezone", not "timeZone", so this schedule ran in ${schedule.timezone ?? 'UTC'}; rename the field to "timezone" if ${JSON.stringify(schedule.timeZone)} was intended`,
    );
  }
  return {
    id: schedule.id,
    cron: schedule.cron,
    timezone: schedule.timezone ?? METRONOME_DEFAULTS.timezone,
    startingDeadlineSeconds: schedule.startingDeadlineSeconds ?? METRONOME_DEFAULTS.startingDeadlineSeconds,
    concurrencyPolicy: schedule.concurrencyPolicy ?? METRONOME_DEFAULTS.concurrencyPolicy,
    enabled: schedule.enabled ?? METRONOME_DEFAULTS.enabled,
  };
}
