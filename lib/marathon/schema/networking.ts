import { z } from 'zod';
import { anyPort, kvLabels, legacyName, name, networkName, networkProtocol } from './primitives';

export const NETWORK_MODES = ['container', 'container/bridge', 'host'] as const;
export type NetworkMode = (typeof NETWORK_MODES)[number];

/** `network.Network`. */
export const network = () =>
  z.strictObject({
    name: networkName().optional(),
    mode: z.enum(NETWORK_MODES).optional(),
    labels: kvLabels().optional(),
  });

/** `network.PortDefinition` (host networking). */
export const portDefinition = () =>
  z.strictObject({
    port: anyPort().optional(),
    name: legacyName().optional(),
    protocol: networkProtocol().optional(),
    labels: kvLabels().optional(),
  });

/** `appContainer.ContainerPortMapping` (bridge and container networking; also the legacy `docker.portMappings`). */
export const containerPortMapping = () =>
  z.strictObject({
    containerPort: anyPort().optional(),
    hostPort: anyPort().optional(),
    servicePort: anyPort().optional(),
    name: legacyName().optional(),
    protocol: networkProtocol().optional(),
    labels: kvLabels().optional(),
    networkNames: z.array(name()).optional(),
  });

/** `network.IpAddress`: Marathon 1.x's deprecated per-task IP request, replaced by `networks` in 1.5. */
export const ipAddress = () =>
  z.strictObject({
    discovery: z
      .strictObject({
        ports: z
          .array(
            z.strictObject({
              number: anyPort().optional(),
              name: legacyName(),
              protocol: networkProtocol().optional(),
              labels: kvLabels().optional(),
            }),
          )
          .optional(),
      })
      .optional(),
    groups: z.array(z.string()).optional(),
    labels: kvLabels().optional(),
    networkName: z.string().min(1).optional(),
  });

/** `network.Endpoint` (pod containers). */
export const endpoint = () =>
  z.strictObject({
    name: name(),
    containerPort: anyPort().optional(),
    hostPort: anyPort().optional(),
    protocol: z.array(z.string().min(1)).min(1).optional(),
    labels: kvLabels().optional(),
    networkNames: z.array(name()).optional(),
  });
