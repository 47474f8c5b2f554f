import { z } from 'zod';
import { podCheck, podHealthCheck } from './checks';
import { mesosCommand } from './commands';
import { endpoint, network } from './networking';
import {
  artifact,
  double,
  envVars,
  executorResources,
  int32,
  killSelection,
  kvLabels,
  linuxInfo,
  name,
  objectConstraint,
  pathId,
  pullConfig,
  resourceLimits,
  secrets,
  statusValue,
  unreachableStrategy,
} from './primitives';
import { podVolume, volumeMount } from './volumes';

/** `podContainer.PodContainer`. */
export const podContainer = () =>
  z.strictObject({
    name: name(),
    exec: z
      .strictObject({
        command: mesosCommand(),
        overrideEntrypoint: z.boolean().optional(),
      })
      .optional(),
    resources: z.strictObject({
      cpus: double().min(0.001).optional(),
      mem: double().min(0.001).optional(),
      disk: double().min(0).optional(),
      gpus: int32().min(0).optional(),
    }),
    resourceLimits: resourceLimits().optional(),
    endpoints: z.array(endpoint()).optional(),
    image: z
      .strictObject({
        kind: z.enum(['DOCKER']),
        id: z.string().min(1).max(1024),
        pullConfig: pullConfig().optional(),
        forcePull: z.boolean().optional(),
        labels: kvLabels().optional(),
      })
      .optional(),
    environment: envVars().optional(),
    user: z.string().optional(),
    healthCheck: podHealthCheck().optional(),
    check: podCheck().optional(),
    volumeMounts: z.array(volumeMount()).optional(),
    artifacts: z.array(artifact()).optional(),
    labels: kvLabels().optional(),
    lifecycle: z.strictObject({ killGracePeriodSeconds: double().min(0).optional() }).optional(),
    linuxInfo: linuxInfo().optional(),
    tty: z.boolean().optional(),
  });

/** `pod.Pod` (Marathon 1.11 RAML). */
export const podSchema = z.strictObject({
  id: pathId(),
  labels: kvLabels().optional(),
  version: z.string().optional(),
  user: z.string().optional(),
  environment: envVars().optional(),
  containers: z.array(podContainer()).min(1),
  secrets: secrets().optional(),
  volumes: z.array(podVolume()).optional(),
  networks: z.array(network()).optional(),
  scaling: z
    .strictObject({
      kind: z.enum(['fixed']),
      instances: int32().min(0).optional(),
      maxInstances: int32().min(0).optional(),
    })
    .optional(),
  scheduling: z
    .strictObject({
      backoff: z
        .strictObject({
          backoff: double().min(0).optional(),
          backoffFactor: double().min(0).optional(),
          maxLaunchDelay: double().min(0).optional(),
        })
        .optional(),
      upgrade: z
        .strictObject({
          minimumHealthCapacity: double().min(0).max(1).optional(),
          maximumOverCapacity: double().min(0).max(1).optional(),
        })
        .optional(),
      placement: z
        .strictObject({
          constraints: z.array(objectConstraint()).optional(),
          acceptedResourceRoles: z.array(z.string()).optional(),
        })
        .optional(),
      killSelection: killSelection().optional(),
      unreachableStrategy: unreachableStrategy().optional(),
    })
    .optional(),
  executorResources: executorResources().optional(),
  role: z.string().min(1).optional(),
  linuxInfo: linuxInfo().optional(),
  legacySharedCgroups: z.boolean().optional(),
});

/** A pod as written, after schema validation, before defaults. */
export type PodInput = z.input<typeof podSchema>;

/** Keys of a `PodStatus` (`GET /v2/pods/::status`, pods in `/v2/groups`) around its `spec`; all read-only. */
export const POD_STATUS_FIELDS = [
  'id',
  'spec',
  'status',
  'statusSince',
  'message',
  'instances',
  'terminationHistory',
  'lastUpdated',
  'lastChanged',
] as const;

export const podStatusWrapperSchema = z.strictObject(
  Object.fromEntries(POD_STATUS_FIELDS.map((field) => [field, statusValue().optional()])),
);
