import { JsonPath } from '../util/json-path';
import { isCredential, protectProbeCommand } from './credentials';
import { Probe } from './kube';
import { DefinitionScope } from './scope';

/** The probes of one container. */
export interface Probes {
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
}

/** How a probe checks the container: an HTTP request, a TCP connection, or a command. */
export type Handler = Pick<Probe, 'httpGet' | 'tcpSocket' | 'exec'>;

/** The timing fields Marathon's health checks share. */
export interface Timing {
  readonly gracePeriodSeconds: number;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly maxConsecutiveFailures: number;
  readonly delaySeconds: number;
}

/** One health check of a container, where it was written, and whether Mesos ran it (next to the task). */
export interface HealthCheck {
  readonly timing: Timing;
  readonly at: JsonPath;
  readonly mesosSide: boolean;
}

/** An exec probe's command, and which credential variable of which container it reads a moved value from. */
export interface ProbeCommand {
  readonly command: string[];
  readonly shellLine: boolean;
  readonly path: JsonPath;
  readonly variable: string;
}

/** An exec probe's command, with any credential read from the credentials Secret through the environment. */
export function guardedExec(scope: DefinitionScope, container: string, probe: ProbeCommand): string[] {
  const { command, shellLine, path, variable } = probe;
  const guarded = protectProbeCommand(scope.credentials, command, shellLine, { container, variable, path });
  if (!guarded) {
    return command;
  }
  scope.notes.approximated(
    path,
    scope.credentials.noteFor(
      shellLine ? path : [...path, command.findIndex((element) => isCredential(element))],
      `a shell in the probe reads it as $${variable}`,
    ),
  );
  return guarded;
}

/** An httpGet probe cannot read a Secret: a credential in the query string is left out, and reported. */
export function probePath(scope: DefinitionScope, path: string, at: JsonPath): string {
  if (!isCredential(path)) {
    return path;
  }
  scope.notes.unsupported(
    at,
    'the path carries a credential in its query string, which an httpGet probe cannot read from a Secret; the probe requests the path without its query — give the check endpoint another way to authenticate (or none)',
  );
  return path.split('?')[0];
}

/**
 * A health check as probes: liveness (unless it never kills: maxConsecutiveFailures 0), a startup probe for its grace
 * period, and readiness, because Marathon takes a task out of load balancing as soon as a check fails.
 */
export function probesFrom(scope: DefinitionScope, handler: Handler, check: HealthCheck): Probes {
  const { notes } = scope;
  const { timing, at, mesosSide } = check;
  const periodSeconds = Math.max(1, timing.intervalSeconds);
  const timeoutSeconds = Math.max(1, timing.timeoutSeconds);
  const initialDelaySeconds = mesosSide ? timing.delaySeconds : 0;
  const probes: Probes = {};
  notes.translated([...at, 'intervalSeconds'], `periodSeconds ${periodSeconds}`);
  notes.translated([...at, 'timeoutSeconds'], `timeoutSeconds ${timeoutSeconds}`);
  notes[mesosSide ? 'translated' : 'ignored'](
    [...at, 'delaySeconds'],
    mesosSide ? `initialDelaySeconds ${initialDelaySeconds}` : 'only Mesos-side checks wait delaySeconds',
  );
  if (timing.maxConsecutiveFailures === 0) {
    notes.approximated(
      [...at, 'maxConsecutiveFailures'],
      '0 means "never kill": no liveness probe; the check still gates readiness',
    );
  } else {
    probes.livenessProbe = {
      ...handler,
      initialDelaySeconds,
      periodSeconds,
      timeoutSeconds,
      failureThreshold: timing.maxConsecutiveFailures,
      successThreshold: 1,
    };
    notes.translated([...at, 'maxConsecutiveFailures'], `failureThreshold ${timing.maxConsecutiveFailures}`);
  }
  if (timing.gracePeriodSeconds > 0) {
    const failureThreshold = Math.max(1, Math.ceil(timing.gracePeriodSeconds / periodSeconds));
    probes.startupProbe = {
      ...handler,
      initialDelaySeconds,
      periodSeconds,
      timeoutSeconds,
      failureThreshold,
      successThreshold: 1,
    };
    notes.translated(
      [...at, 'gracePeriodSeconds'],
      `startupProbe: ${failureThreshold} × ${periodSeconds}s ≥ ${timing.gracePeriodSeconds}s before liveness failures count`,
    );
  } else {
    notes.translated([...at, 'gracePeriodSeconds'], 'no grace period: liveness counts from the start');
  }
  // Marathon takes a task out of load balancing as soon as a check fails.
  probes.readinessProbe = {
    ...handler,
    initialDelaySeconds,
    periodSeconds,
    timeoutSeconds,
    failureThreshold: 1,
    successThreshold: 1,
  };
  return probes;
}
