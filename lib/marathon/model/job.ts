import { Artifact, EnvValue, Network, SecretDef, StringMap } from './common';

export type JobConstraintOperator = 'IS' | 'LIKE' | 'UNLIKE';

/** A Metronome placement constraint (`EQ` is normalized to `IS`, as Metronome itself does). */
export interface JobConstraint {
  readonly attribute: string;
  readonly operator: JobConstraintOperator;
  readonly value?: string;
}

export type JobVolume =
  | { readonly kind: 'host'; readonly containerPath: string; readonly hostPath: string; readonly mode: 'RO' | 'RW' }
  | { readonly kind: 'secret'; readonly containerPath: string; readonly secret: string };

export interface JobSchedule {
  readonly id: string;
  /** Five fields (minute hour day-of-month month day-of-week), optionally a sixth (year). */
  readonly cron: string;
  /** IANA zone. @default "UTC" */
  readonly timezone: string;
  /** @default 900 */
  readonly startingDeadlineSeconds: number;
  /** @default "ALLOW" */
  readonly concurrencyPolicy: 'ALLOW' | 'FORBID' | 'REPLACE';
  /** @default true */
  readonly enabled: boolean;
}

export interface JobRun {
  /** Run through `/bin/sh -c`. */
  readonly cmd?: string;
  readonly args?: readonly string[];
  /** @default 1 */
  readonly cpus: number;
  /** MiB. @default 128 */
  readonly mem: number;
  /** MiB. @default 0 */
  readonly disk: number;
  /** @default 0 */
  readonly gpus: number;
  readonly docker?: {
    readonly image: string;
    /** @default false */
    readonly forcePullImage: boolean;
    /** @default false */
    readonly privileged: boolean;
    readonly parameters: readonly { readonly key: string; readonly value: string }[];
  };
  readonly ucr?: {
    readonly image: {
      readonly id: string;
      readonly kind: 'docker' | 'appc';
      readonly forcePull: boolean;
      readonly pullConfig?: { readonly secret: string };
    };
    /** @default false */
    readonly privileged: boolean;
  };
  readonly env: Readonly<Record<string, EnvValue>>;
  readonly secrets: Readonly<Record<string, SecretDef>>;
  readonly artifacts: readonly Artifact[];
  readonly placement: { readonly constraints: readonly JobConstraint[] };
  readonly user?: string;
  readonly taskKillGracePeriodSeconds?: number;
  readonly restart: {
    /** @default "NEVER" */
    readonly policy: 'NEVER' | 'ON_FAILURE';
    readonly activeDeadlineSeconds?: number;
  };
  readonly volumes: readonly JobVolume[];
  readonly networks: readonly Network[];
  /** Seconds a run may wait to be launched. @default 3600 */
  readonly maxLaunchDelay: number;
}

/** A Metronome job, normalized, with its schedules. */
export interface MetronomeJob {
  /** Dot-separated Metronome id, e.g. `backup.nightly`. */
  readonly id: string;
  readonly description?: string;
  readonly labels: StringMap;
  /** Ids of the jobs this one runs after. */
  readonly dependencies: readonly string[];
  readonly schedules: readonly JobSchedule[];
  readonly run: JobRun;
}
