import type { IJobSpec as JobSpec } from 'kubernetes-models/batch/v1/JobSpec';
import { JsonPath } from '../util/json-path';
import { JobSchedule } from '../marathon/model/job';
import { CronJob } from './kube';
import { metadataOf } from './metadata';
import { DefinitionScope } from './scope';

/** A schedule that never fires (31 February): on-demand jobs are suspended CronJob templates. */
export const NEVER = '0 0 31 2 *';

/**
 * The CronJob of a Metronome job, from its schedule. A job without one ran on demand: a suspended CronJob that never
 * fires, started with `kubectl create job --from=cronjob/…`; a schedule Kubernetes cannot express also leaves it
 * suspended, with the Metronome cron kept in an annotation until it is rewritten.
 */
export function cronJob(
  scope: DefinitionScope,
  schedule: JobSchedule | undefined,
  jobSpec: JobSpec,
  annotations: Record<string, string>,
): CronJob {
  const { notes, name, namespace, labels } = scope;
  const at = ['schedules', 0];
  const metadata = metadataOf(name, namespace, labels, annotations);
  const jobTemplate = { metadata: { labels, annotations }, spec: jobSpec };
  if (!schedule) {
    notes.remark(
      `no schedule: the job ran on demand; it is a suspended CronJob that never fires — run it with: kubectl create job --from=cronjob/${name} -n ${namespace} ${name}-run-1`,
    );
    return {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata,
      spec: { schedule: NEVER, suspend: true, concurrencyPolicy: 'Allow', jobTemplate },
    };
  }
  const cron = kubernetesCron(scope, schedule.cron, [...at, 'cron']);
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
        jobTemplate,
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
      jobTemplate,
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
function kubernetesCron(scope: DefinitionScope, cron: string, at: JsonPath): string | undefined {
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
    scope.notes.unsupported(
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
    scope.notes.approximated([...at], `schedule ${result}: ${problems.join('; ')}`);
  } else {
    scope.notes.translated([...at], `schedule ${result}`);
  }
  return result;
}
