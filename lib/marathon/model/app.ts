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
  PortProtocol,
  ResourceLimits,
  SecretDef,
  StringMap,
  UnreachableStrategy,
  UpgradeStrategy,
} from './common';

/** A host port of an app in host networking (from `portDefinitions`, or the legacy `ports`). */
export interface PortDefinition {
  /** 0 asks Marathon to pick a host port (and a service port). @default 0 */
  readonly port: number;
  readonly name?: string;
  /** @default "tcp" */
  readonly protocol: PortProtocol;
  readonly labels: StringMap;
}

/** A container port of an app in bridge or container networking. */
export interface PortMapping {
  /** 0 in bridge mode means "same as the assigned host port". @default 0 */
  readonly containerPort: number;
  /** Absent in container mode when no host port is wanted. @default 0 in bridge mode */
  readonly hostPort?: number;
  /** The well-known port load balancers (marathon-lb) expose. @default 0 */
  readonly servicePort: number;
  readonly name?: string;
  /** @default "tcp" */
  readonly protocol: PortProtocol;
  readonly labels: StringMap;
  readonly networkNames: readonly string[];
}

export interface DockerSettings {
  readonly image: string;
  /** @default false */
  readonly forcePullImage: boolean;
  /** @default false */
  readonly privileged: boolean;
  readonly parameters: readonly { readonly key: string; readonly value: string }[];
  /** Name of a secret holding a `~/.docker/config.json`. */
  readonly pullConfig?: { readonly secret: string };
  /** Deprecated registry credential (Marathon < 1.5). */
  readonly credential?: { readonly principal: string; readonly secret?: string };
}

export type AppVolume = HostVolume | PersistentVolume | ExternalVolume | SecretVolume;

/** A directory of the agent mounted into the task (absolute path), or a sandbox-relative path. */
export interface HostVolume {
  readonly kind: 'host';
  readonly containerPath: string;
  readonly hostPath: string;
  readonly mode: 'RO' | 'RW';
}

/** A Mesos local persistent volume: pins the app to the agent that holds it. */
export interface PersistentVolume {
  readonly kind: 'persistent';
  readonly containerPath: string;
  readonly persistent: PersistentVolumeInfo;
  readonly mode: 'RO' | 'RW';
}

/** A volume from a Docker volume driver (DVDI, e.g. REX-Ray) or a CSI plugin. */
export interface ExternalVolume {
  readonly kind: 'external';
  readonly containerPath: string;
  readonly external: {
    readonly name?: string;
    readonly provider?: string;
    /** GiB (DVDI only). */
    readonly size?: number;
    readonly options: Readonly<Record<string, unknown>>;
    readonly shared?: boolean;
  };
  readonly mode: 'RO' | 'RW';
}

/** A secret written to a file in the container. */
export interface SecretVolume {
  readonly kind: 'secret';
  readonly containerPath: string;
  /** Name of a secret declared in the app's `secrets`. */
  readonly secret: string;
}

export interface AppContainer {
  /** @default "DOCKER" when a container is given */
  readonly type: 'DOCKER' | 'MESOS';
  readonly docker?: DockerSettings;
  /** Marathon 1.3's AppC image (unsupported on Kubernetes; kept for the report). */
  readonly appc?: {
    readonly image: string;
    readonly id?: string;
    readonly labels: StringMap;
    readonly forcePullImage: boolean;
  };
  readonly volumes: readonly AppVolume[];
  /** Port mappings for bridge/container networking; empty in host networking. */
  readonly portMappings: readonly PortMapping[];
  readonly linuxInfo?: LinuxInfo;
}

export type AppHealthCheckProtocol = 'HTTP' | 'HTTPS' | 'TCP' | 'COMMAND' | 'MESOS_TCP' | 'MESOS_HTTP' | 'MESOS_HTTPS';

export interface AppHealthCheck {
  /** @default "HTTP" */
  readonly protocol: AppHealthCheckProtocol;
  /** Shell command of a COMMAND check. */
  readonly command?: string;
  /** HTTP path. @default "/" for HTTP protocols */
  readonly path?: string;
  /** A fixed port to probe. */
  readonly port?: number;
  /** Index into the app's ports. @default 0 when neither `port` nor `portIndex` is given */
  readonly portIndex?: number;
  /** @default "IPv4" */
  readonly ipProtocol: 'IPv4' | 'IPv6';
  /** @default false */
  readonly ignoreHttp1xx: boolean;
  /** @default 300 */
  readonly gracePeriodSeconds: number;
  /** @default 60 */
  readonly intervalSeconds: number;
  /** @default 20 */
  readonly timeoutSeconds: number;
  /** 0 means "never kill". @default 3 */
  readonly maxConsecutiveFailures: number;
  /** @default 15 */
  readonly delaySeconds: number;
}

export interface ReadinessCheck {
  /** @default "readinessCheck" */
  readonly name: string;
  /** @default "HTTP" */
  readonly protocol: 'HTTP' | 'HTTPS';
  /** @default "/" */
  readonly path: string;
  /** @default "http-api" */
  readonly portName: string;
  /** @default 30 */
  readonly intervalSeconds: number;
  /** @default 10 */
  readonly timeoutSeconds: number;
  /** @default [200] */
  readonly httpStatusCodesForReady: readonly number[];
  /** @default false */
  readonly preserveLastResponse: boolean;
}

/** A Mesos check: its result is reported, but it never kills a task. */
export interface AppCheck {
  readonly http?: {
    readonly portIndex?: number;
    readonly port?: number;
    readonly path?: string;
    readonly scheme: 'HTTP' | 'HTTPS';
  };
  readonly tcp?: { readonly portIndex?: number; readonly port?: number };
  readonly exec?: { readonly command: MesosCommand };
  /** @default 60 */
  readonly intervalSeconds: number;
  /** @default 20 */
  readonly timeoutSeconds: number;
  /** @default 15 */
  readonly delaySeconds: number;
}

/** A Marathon app, normalized: legacy fields converted, Marathon's defaults applied, ids absolute. */
export interface MarathonApp {
  /** Absolute Marathon id, e.g. `/shop/web`. */
  readonly id: string;
  /** Run through `/bin/sh -c`. Mutually exclusive with `args`. */
  readonly cmd?: string;
  /** Passed to the image entrypoint. Mutually exclusive with `cmd`. */
  readonly args?: readonly string[];
  readonly user?: string;
  /** @default 1 */
  readonly instances: number;
  /** @default 1 */
  readonly cpus: number;
  /** MiB. @default 128 */
  readonly mem: number;
  /** MiB. @default 0 */
  readonly disk: number;
  /** @default 0 */
  readonly gpus: number;
  readonly resourceLimits?: ResourceLimits;
  readonly constraints: readonly Constraint[];
  readonly acceptedResourceRoles: readonly string[];
  /** Absent for a plain command app run by the Mesos containerizer without an image. */
  readonly container?: AppContainer;
  /** @default [{ mode: "host" }] */
  readonly networks: readonly Network[];
  /** Host ports (host networking only; empty otherwise). @default one port 0 in host networking */
  readonly portDefinitions: readonly PortDefinition[];
  /** @default false */
  readonly requirePorts: boolean;
  readonly env: Readonly<Record<string, EnvValue>>;
  readonly secrets: Readonly<Record<string, SecretDef>>;
  readonly labels: StringMap;
  readonly fetch: readonly Artifact[];
  readonly healthChecks: readonly AppHealthCheck[];
  readonly readinessChecks: readonly ReadinessCheck[];
  readonly check?: AppCheck;
  /** Absolute ids of the apps, pods or groups this app waits for. */
  readonly dependencies: readonly string[];
  readonly upgradeStrategy: UpgradeStrategy;
  /** @default inactive after 0 s, expunged after 0 s; "disabled" for apps with persistent volumes */
  readonly unreachableStrategy: UnreachableStrategy;
  /** @default "YOUNGEST_FIRST" */
  readonly killSelection: KillSelection;
  /** @default 1 */
  readonly backoffSeconds: number;
  /** @default 1.15 */
  readonly backoffFactor: number;
  /** @default 300 */
  readonly maxLaunchDelaySeconds: number;
  readonly taskKillGracePeriodSeconds?: number;
  readonly tty?: boolean;
  readonly role?: string;
  /** The Mesos executor; "" and "//cmd" mean the default command executor. */
  readonly executor?: string;
  readonly executorResources?: ExecutorResources;
  /** The app version (a timestamp) when the input came from the API. */
  readonly version?: string;
}
