/**
 * The normalized Marathon model: one modern (Marathon 1.10+) shape for every input era, with Marathon's defaults
 * applied, so later stages never look at legacy fields or guess defaults.
 */

/** Marathon labels, environment names and secret names are free-form string maps. */
export type StringMap = Record<string, string>;

/** An environment variable value: a literal, or a reference to a secret declared in `secrets`. */
export type EnvValue = string | { readonly secret: string };

/** A declared secret; `source` is its path in the DC/OS secret store. The value itself is never known here. */
export interface SecretDef {
  readonly source: string;
}

export type ConstraintOperator = 'UNIQUE' | 'CLUSTER' | 'GROUP_BY' | 'LIKE' | 'UNLIKE' | 'MAX_PER' | 'IS';

/**
 * A placement constraint in object form. Apps write `[field, OPERATOR, value]`; pods already use this form.
 */
export interface Constraint {
  /** `hostname`, `@zone`, `@region`, or a Mesos agent attribute name. */
  readonly fieldName: string;
  readonly operator: ConstraintOperator;
  /** Absent for `UNIQUE` and an optional `GROUP_BY`. */
  readonly value?: string;
}

/** Where a task's network namespace comes from. */
export type NetworkMode = 'host' | 'container/bridge' | 'container';

export interface Network {
  /** @default "host" mode when an app gives no network at all */
  readonly mode: NetworkMode;
  /** The CNI network name (container mode only). */
  readonly name?: string;
  readonly labels: StringMap;
}

/** Port protocol as Marathon writes it; `udp,tcp` means both. */
export type PortProtocol = 'tcp' | 'udp' | 'udp,tcp';

/** A file the Mesos fetcher downloads into the sandbox before the task starts. */
export interface Artifact {
  readonly uri: string;
  /** @default true */
  readonly extract: boolean;
  /** @default false */
  readonly executable: boolean;
  /** @default false */
  readonly cache: boolean;
  readonly destPath?: string;
}

/** How Marathon replaces instances during a deployment. */
export interface UpgradeStrategy {
  /** Fraction of instances that must stay healthy. @default 1 (0.5 for apps with persistent volumes) */
  readonly minimumHealthCapacity: number;
  /** Fraction of extra instances allowed during the upgrade. @default 1 (0 for apps with persistent volumes) */
  readonly maximumOverCapacity: number;
}

/** What Marathon does when an agent becomes unreachable. */
export type UnreachableStrategy =
  | 'disabled'
  | {
      /** Seconds until a replacement is launched. */
      readonly inactiveAfterSeconds: number;
      /** Seconds until the unreachable instance is given up for good. */
      readonly expungeAfterSeconds: number;
    };

export type KillSelection = 'YOUNGEST_FIRST' | 'OLDEST_FIRST';

/** Resource ceilings above the request; `"unlimited"` lifts the ceiling. */
export interface ResourceLimits {
  readonly cpus?: number | 'unlimited';
  readonly mem?: number | 'unlimited';
}

/** A command run through the shell, or an argv vector run directly. */
export type MesosCommand = { readonly shell: string } | { readonly argv: readonly string[] };

export interface LinuxInfo {
  readonly seccomp?: { readonly profileName?: string; readonly unconfined?: boolean };
  readonly ipcInfo?: { readonly mode: 'PRIVATE' | 'SHARE_PARENT'; readonly shmSize?: number };
}

/** Resources reserved for the Mesos executor (no Kubernetes counterpart; kept for the report). */
export interface ExecutorResources {
  readonly cpus?: number;
  readonly mem?: number;
  readonly disk?: number;
}

/** A Mesos persistent volume's claim (`size` in MiB). */
export interface PersistentVolumeInfo {
  readonly type?: 'root' | 'path' | 'mount';
  readonly size: number;
  readonly maxSize?: number;
  readonly profileName?: string;
  readonly constraints: readonly Constraint[];
}
