import { z } from 'zod';
import { appCheck, appHealthCheck, readinessCheck } from './checks';
import { containerPortMapping, ipAddress, network, portDefinition } from './networking';
import {
  anyPort,
  appConstraint,
  artifact,
  double,
  executorResources,
  int32,
  int64,
  killSelection,
  kvLabels,
  legacyEnvVars,
  linuxInfo,
  pathId,
  pullConfig,
  resourceLimits,
  secrets,
  statusValue,
  unreachableStrategy,
  versionInfo,
} from './primitives';
import { appVolume } from './volumes';

/** `appContainer.DockerContainer`, including the fields Marathon 1.5 deprecated (`network`, `portMappings`). */
const dockerContainer = () =>
  z.strictObject({
    image: z.string().min(1),
    forcePullImage: z.boolean().optional(),
    privileged: z.boolean().optional(),
    parameters: z.array(z.strictObject({ key: z.string().min(1), value: z.string() })).optional(),
    pullConfig: pullConfig().optional(),
    credential: z.strictObject({ principal: z.string(), secret: z.string().optional() }).optional(),
    network: z.enum(['BRIDGE', 'HOST', 'NONE', 'USER']).optional(),
    portMappings: z.array(containerPortMapping()).optional(),
  });

/** Marathon 1.3's AppC image support (removed later; still found in old exports). */
const appcContainer = () =>
  z.strictObject({
    image: z.string().min(1),
    id: z.string().min(7).optional(),
    labels: kvLabels().optional(),
    forcePullImage: z.boolean().optional(),
  });

/** `appContainer.Container`. */
export const appContainer = () =>
  z.strictObject({
    type: z.enum(['DOCKER', 'MESOS']).optional(),
    docker: dockerContainer().optional(),
    appc: appcContainer().optional(),
    linuxInfo: linuxInfo().optional(),
    volumes: z.array(appVolume()).optional(),
    portMappings: z.array(containerPortMapping()).optional(),
  });

/** Fields only found in API responses (`AppInfo`); reported as ignored, never translated. */
export const APP_STATUS_FIELDS = [
  'tasksStaged',
  'tasksRunning',
  'tasksHealthy',
  'tasksUnhealthy',
  'deployments',
  'readinessCheckResults',
  'tasks',
  'lastTaskFailure',
  'tasksStats',
  'taskStats',
  'storeUrls',
] as const;

const statusFields = Object.fromEntries(APP_STATUS_FIELDS.map((field) => [field, statusValue().optional()])) as {
  [K in (typeof APP_STATUS_FIELDS)[number]]: z.ZodOptional<z.ZodUnknown>;
};

/**
 * `app.App` (Marathon 1.11 RAML) plus the legacy fields older exports still carry
 * (`ports`, `uris`, `ipAddress`, `container.docker.network`, `container.docker.portMappings`, `residency`)
 * and the read-only `AppInfo` status fields of API responses.
 */
export const appSchema = z.strictObject({
  id: pathId(),
  cmd: z.string().min(1).optional(),
  args: z.array(z.string()).optional(),
  user: z.string().optional(),
  instances: int32().min(0).optional(),
  cpus: double().min(0.001).optional(),
  mem: double().min(0).optional(),
  disk: double().min(0).optional(),
  gpus: int32().min(0).optional(),
  resourceLimits: resourceLimits().optional(),
  executor: z.string().optional(),
  executorResources: executorResources().optional(),
  constraints: z.array(appConstraint()).optional(),
  acceptedResourceRoles: z.array(z.string()).optional(),
  container: appContainer().optional(),
  networks: z.array(network()).optional(),
  portDefinitions: z.array(portDefinition()).optional(),
  ports: z.array(anyPort()).optional(),
  requirePorts: z.boolean().optional(),
  ipAddress: ipAddress().optional(),
  env: legacyEnvVars().optional(),
  secrets: secrets().optional(),
  labels: kvLabels().optional(),
  fetch: z.array(artifact()).optional(),
  uris: z.array(z.string().min(1).max(1024)).optional(),
  healthChecks: z.array(appHealthCheck()).optional(),
  readinessChecks: z.array(readinessCheck()).optional(),
  check: appCheck().optional(),
  dependencies: z.array(pathId()).optional(),
  upgradeStrategy: z
    .strictObject({
      minimumHealthCapacity: double().min(0).max(1).optional(),
      maximumOverCapacity: double().min(0).max(1).optional(),
    })
    .optional(),
  unreachableStrategy: unreachableStrategy().optional(),
  killSelection: killSelection().optional(),
  backoffSeconds: int32().min(0).optional(),
  backoffFactor: double().min(1).optional(),
  maxLaunchDelaySeconds: int32().min(0).optional(),
  taskKillGracePeriodSeconds: int32().min(0).optional(),
  residency: z
    .strictObject({
      relaunchEscalationTimeoutSeconds: int64().min(0).optional(),
      taskLostBehavior: z.enum(['WAIT_FOREVER', 'RELAUNCH_AFTER_TIMEOUT']).optional(),
    })
    .optional(),
  tty: z.boolean().optional(),
  role: z.string().min(1).optional(),
  version: z.string().optional(),
  versionInfo: versionInfo().optional(),
  ...statusFields,
});

/** An app as written, after schema validation: legacy fields included, no defaults applied. */
export type AppInput = z.input<typeof appSchema>;
