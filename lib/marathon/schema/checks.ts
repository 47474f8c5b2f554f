import { z } from 'zod';
import { anyPort, httpScheme, int32 } from './primitives';
import { mesosCommand } from './commands';

/** Timing fields shared by health checks and checks (`healthCheck.raml`, `check.raml`). */
const timing = {
  intervalSeconds: int32().min(0).optional(),
  timeoutSeconds: int32().min(0).optional(),
  delaySeconds: int32().min(0).optional(),
};

export const HEALTH_CHECK_PROTOCOLS = [
  'HTTP',
  'HTTPS',
  'TCP',
  'COMMAND',
  'MESOS_TCP',
  'MESOS_HTTP',
  'MESOS_HTTPS',
] as const;

/** `health.AppHealthCheck`. */
export const appHealthCheck = () =>
  z.strictObject({
    protocol: z.enum(HEALTH_CHECK_PROTOCOLS).optional(),
    command: z.strictObject({ value: z.string().min(1) }).optional(),
    path: z.string().optional(),
    port: anyPort().optional(),
    portIndex: anyPort().optional(),
    ipProtocol: z.enum(['IPv4', 'IPv6']).optional(),
    ignoreHttp1xx: z.boolean().optional(),
    gracePeriodSeconds: int32().min(0).optional(),
    maxConsecutiveFailures: int32().min(0).optional(),
    ...timing,
  });

/** `readiness.ReadinessCheck`. */
export const readinessCheck = () =>
  z.strictObject({
    name: z.string().min(1).optional(),
    protocol: httpScheme().optional(),
    path: z.string().min(1).max(1024).optional(),
    portName: z.string().min(1).optional(),
    intervalSeconds: int32().min(0).optional(),
    timeoutSeconds: int32().min(1).optional(),
    httpStatusCodesForReady: z.array(int32().min(100).max(999)).min(1).optional(),
    preserveLastResponse: z.boolean().optional(),
  });

/** `check.AppCheck`: a Mesos check whose result is reported but never kills the task. */
export const appCheck = () =>
  z.strictObject({
    http: z
      .strictObject({
        portIndex: anyPort().optional(),
        port: anyPort().optional(),
        path: z.string().min(1).max(1024).optional(),
        scheme: httpScheme().optional(),
      })
      .optional(),
    tcp: z.strictObject({ portIndex: anyPort().optional(), port: anyPort().optional() }).optional(),
    exec: z.strictObject({ command: mesosCommand() }).optional(),
    ...timing,
  });

/** What a pod health check or check probes: a container endpoint by name, or a command. */
const podProbe = () => ({
  http: z
    .strictObject({
      endpoint: z.string().min(1),
      path: z.string().min(1).max(1024).optional(),
      scheme: httpScheme().optional(),
    })
    .optional(),
  tcp: z.strictObject({ endpoint: z.string().min(1) }).optional(),
  exec: z.strictObject({ command: mesosCommand() }).optional(),
});

/** `health.HealthCheck` (pods). */
export const podHealthCheck = () =>
  z.strictObject({
    ...podProbe(),
    gracePeriodSeconds: int32().min(0).optional(),
    maxConsecutiveFailures: int32().min(0).optional(),
    ...timing,
  });

/** `check.Check` (pods). */
export const podCheck = () => z.strictObject({ ...podProbe(), ...timing });
