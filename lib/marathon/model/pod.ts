import {
  Artifact,
  Constraint,
  EnvValue,
  ExecutorResources,
  KillSelection,
  LinuxInfo,
  MesosCommand,
  Network,
  PersistentVolumeInfo,
  ResourceLimits,
  SecretDef,
  StringMap,
  UnreachableStrategy,
  UpgradeStrategy,
} from './common';

/** A named port of a pod container. */
export interface Endpoint {
  readonly name: string;
  /** The port the process listens on (container networking). */
  readonly containerPort?: number;
  /** 0 asks Marathon to allocate a host port. */
  readonly hostPort?: number;
  /** @default ["tcp"] */
  readonly protocol: readonly string[];
  readonly labels: StringMap;
  readonly networkNames: readonly string[];
}

export interface PodHealthCheck {
  readonly http?: { readonly endpoint: string; readonly path: string; readonly scheme: 'HTTP' | 'HTTPS' };
  readonly tcp?: { readonly endpoint: string };
  readonly exec?: { readonly command: MesosCommand };
  /** @default 300 */
  readonly gracePeriodSeconds: number;
  /** @default 60 */
  readonly intervalSeconds: number;
  /** @default 3 */
  readonly maxConsecutiveFailures: number;
  /** @default 20 */
  readonly timeoutSeconds: number;
  /** @default 15 */
  readonly delaySeconds: number;
}

export interface PodCheck {
  readonly http?: { readonly endpoint: string; readonly path?: string; readonly scheme: 'HTTP' | 'HTTPS' };
  readonly tcp?: { readonly endpoint: string };
  readonly exec?: { readonly command: MesosCommand };
  /** @default 60 */
  readonly intervalSeconds: number;
  /** @default 20 */
  readonly timeoutSeconds: number;
  /** @default 15 */
  readonly delaySeconds: number;
}

export interface PodContainer {
  readonly name: string;
  readonly exec?: { readonly command: MesosCommand; readonly overrideEntrypoint?: boolean };
  readonly resources: {
    /** @default 1 */
    readonly cpus: number;
    /** MiB. @default 128 */
    readonly mem: number;
    /** MiB. @default 0 */
    readonly disk: number;
    /** @default 0 */
    readonly gpus: number;
  };
  readonly resourceLimits?: ResourceLimits;
  readonly endpoints: readonly Endpoint[];
  readonly image?: {
    readonly kind: 'DOCKER';
    readonly id: string;
    readonly pullConfig?: { readonly secret: string };
    /** @default false */
    readonly forcePull: boolean;
    readonly labels: StringMap;
  };
  readonly environment: Readonly<Record<string, EnvValue>>;
  /** Overrides the pod's `user`. */
  readonly user?: string;
  readonly healthCheck?: PodHealthCheck;
  readonly check?: PodCheck;
  readonly volumeMounts: readonly { readonly name: string; readonly mountPath: string; readonly readOnly: boolean }[];
  readonly artifacts: readonly Artifact[];
  readonly labels: StringMap;
  readonly lifecycle?: { readonly killGracePeriodSeconds?: number };
  readonly linuxInfo?: LinuxInfo;
  readonly tty?: boolean;
}

export type PodVolume =
  | { readonly kind: 'ephemeral'; readonly name: string }
  | { readonly kind: 'host'; readonly name: string; readonly host: string }
  | { readonly kind: 'secret'; readonly name: string; readonly secret: string }
  | { readonly kind: 'persistent'; readonly name: string; readonly persistent: PersistentVolumeInfo };

/** A Marathon pod, normalized: Marathon's defaults applied, ids absolute. */
export interface MarathonPod {
  readonly id: string;
  readonly labels: StringMap;
  /** Default user of every container. */
  readonly user?: string;
  /** Pod-level environment; containers may override it. */
  readonly environment: Readonly<Record<string, EnvValue>>;
  readonly containers: readonly PodContainer[];
  readonly secrets: Readonly<Record<string, SecretDef>>;
  readonly volumes: readonly PodVolume[];
  /** @default [{ mode: "host" }] */
  readonly networks: readonly Network[];
  readonly scaling: {
    readonly kind: 'fixed';
    /** @default 1 */
    readonly instances: number;
    readonly maxInstances?: number;
  };
  readonly scheduling: {
    readonly backoff: {
      /** @default 1 */
      readonly backoff: number;
      /** @default 1.15 */
      readonly backoffFactor: number;
      /** @default 300 */
      readonly maxLaunchDelay: number;
    };
    readonly upgrade: UpgradeStrategy;
    readonly placement: {
      readonly constraints: readonly Constraint[];
      readonly acceptedResourceRoles: readonly string[];
    };
    /** @default "YOUNGEST_FIRST" */
    readonly killSelection: KillSelection;
    readonly unreachableStrategy: UnreachableStrategy;
  };
  readonly executorResources?: ExecutorResources;
  readonly role?: string;
  readonly linuxInfo?: LinuxInfo;
  readonly legacySharedCgroups?: boolean;
  readonly version?: string;
}
