import { z } from 'zod';
import { dispatchByKey } from './dispatch';
import { double, int64, kvLabels, legacyEnvVars, network, readMode, secrets, statusValue } from './job-primitives';

/**
 * Metronome's job spec (`jobspec.schema.json`, newest model classes) plus the shapes older Metronome versions and
 * DC/OS tools wrote: `timeZone`, constraint `attr`/`op`, artifact `url`, `maxLaunchDelaySeconds`, `EQ`.
 */

const artifact = z.strictObject({
  uri: z.string().min(1).optional(),
  /** Pre-0.2 Metronome spelling of `uri`. */
  url: z.string().min(1).optional(),
  executable: z.boolean().optional(),
  extract: z.boolean().optional(),
  cache: z.boolean().optional(),
  destPath: z.string().min(1).optional(),
});

const constraint = z.strictObject({
  attribute: z.string().min(1).optional(),
  operator: z.enum(['IS', 'EQ', 'LIKE', 'UNLIKE']).optional(),
  value: z.string().optional(),
  /** Pre-0.2 Metronome spellings of `attribute` and `operator`. */
  attr: z.string().min(1).optional(),
  op: z.enum(['IS', 'EQ', 'LIKE', 'UNLIKE']).optional(),
});

const hostVolume = z.strictObject({
  containerPath: z.string().min(1),
  hostPath: z.string().min(1),
  mode: readMode(),
});
const secretVolume = z.strictObject({
  containerPath: z.string().min(1),
  secret: z.string().min(1),
});
const jobVolume = dispatchByKey({ secret: secretVolume }, hostVolume, 'a volume object');

export const jobRunSchema = z.strictObject({
  cmd: z.string().min(1).optional(),
  args: z.array(z.string()).optional(),
  cpus: double().min(0.01).optional(),
  mem: double().min(32).optional(),
  disk: double().min(0).optional(),
  gpus: z.number().int().min(0).optional(),
  docker: z
    .strictObject({
      image: z.string().min(1),
      forcePullImage: z.boolean().optional(),
      privileged: z.boolean().optional(),
      parameters: z.array(z.strictObject({ key: z.string(), value: z.string() })).optional(),
    })
    .optional(),
  ucr: z
    .strictObject({
      image: z.strictObject({
        id: z.string().min(1),
        kind: z.enum(['docker', 'appc']).optional(),
        forcePull: z.boolean().optional(),
        pullConfig: z.strictObject({ secret: z.string().min(1) }).optional(),
      }),
      privileged: z.boolean().optional(),
    })
    .optional(),
  env: legacyEnvVars().optional(),
  secrets: secrets().optional(),
  artifacts: z.array(artifact).optional(),
  placement: z.strictObject({ constraints: z.array(constraint).optional() }).optional(),
  user: z.string().optional(),
  taskKillGracePeriodSeconds: double().min(0).optional(),
  restart: z
    .strictObject({
      policy: z.enum(['NEVER', 'ON_FAILURE']),
      activeDeadlineSeconds: int64().min(0).optional(),
    })
    .optional(),
  volumes: z.array(jobVolume).optional(),
  networks: z.array(network()).optional(),
  maxLaunchDelay: int64().min(1).optional(),
  /** Shown by `dcos job show` in DC/OS 1.13; read as `maxLaunchDelay`. */
  maxLaunchDelaySeconds: int64().min(1).optional(),
});

export const JOB_ID_PATTERN = /^([a-z0-9]+(-+[a-z0-9]+)*)(\.([a-z0-9]+(-+[a-z0-9]+)*))*$/;

export const scheduleSchema = z.strictObject({
  id: z.string().min(1),
  cron: z.string().min(1),
  timezone: z.string().min(1).optional(),
  /** Early schema spelling; Metronome's reader never used it (see normalization). */
  timeZone: z.string().min(1).optional(),
  startingDeadlineSeconds: int64().min(1).optional(),
  concurrencyPolicy: z.enum(['ALLOW', 'FORBID', 'REPLACE']).optional(),
  enabled: z.boolean().optional(),
  nextRunAt: statusValue().optional(),
});

/** Fields only found in Metronome API responses; reported as ignored. */
export const JOB_STATUS_FIELDS = ['activeRuns', 'history', 'historySummary', 'status'] as const;

export const jobSchema = z.strictObject({
  id: z.string().min(1),
  description: z.string().optional(),
  labels: kvLabels().optional(),
  dependencies: z.array(z.strictObject({ id: z.string().min(1) })).optional(),
  schedules: z.array(scheduleSchema).optional(),
  run: jobRunSchema,
  activeRuns: statusValue().optional(),
  history: statusValue().optional(),
  historySummary: statusValue().optional(),
  status: statusValue().optional(),
});

export type JobInput = z.input<typeof jobSchema>;
export type ScheduleInput = z.input<typeof scheduleSchema>;
