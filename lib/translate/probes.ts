import { JsonPath } from '../util/json-path';
import { AppHealthCheck, MarathonApp } from '../marathon/model/app';
import { MesosCommand } from '../marathon/model/common';
import { PodHealthCheck } from '../marathon/model/pod';
import { CommandCredentials } from './container';
import { isCredential, protectProbeCommand } from './credentials';
import { rewriteServiceNames } from './discovery';
import { DiscoveryTarget } from './estate';
import { Probe } from './kube';
import { PortInfo } from './ports';
import { Notes } from './notes';

/** The probes of one container. */
export interface Probes {
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
}

type Handler = Pick<Probe, 'httpGet' | 'tcpSocket' | 'exec'>;

interface Timing {
  readonly gracePeriodSeconds: number;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly maxConsecutiveFailures: number;
  readonly delaySeconds: number;
}

/**
 * Marathon's health checks and readiness checks of an app. The first health check is the liveness probe (unless
 * it never kills: maxConsecutiveFailures 0); its grace period becomes a startup probe window; readiness comes from
 * the readiness check, or else from that first health check, because Marathon only routes to healthy tasks.
 */
export function appProbes(
  app: MarathonApp,
  ports: readonly PortInfo[],
  discovery: ReadonlyMap<string, DiscoveryTarget>,
  notes: Notes,
  credentials: CommandCredentials,
): Probes {
  const probes: Probes = {};
  app.healthChecks.forEach((check, i) => {
    const at = ['healthChecks', i];
    const handler = appHandler(check, ports, at, discovery, notes, credentials);
    if (!handler) {
      return;
    }
    if (i > 0) {
      notes.approximated(
        at,
        'Kubernetes has one liveness probe per container: only the first health check is probed; combine this check into it',
      );
      return;
    }
    Object.assign(probes, probesFrom(handler, check, check.protocol.startsWith('MESOS_'), at, notes));
    const how = check.protocol.startsWith('MESOS_') || check.protocol === 'COMMAND' ? 'translated' : 'approximated';
    const where =
      how === 'approximated' ? ' (Marathon probed from its own host; the kubelet probes from the node)' : '';
    notes[how]([...at, 'protocol'], `${check.protocol} → ${Object.keys(handler)[0]} probe${where}`);
  });
  if (app.readinessChecks.length > 0) {
    const check = app.readinessChecks[0];
    const at = ['readinessChecks', 0];
    const port = ports.find((candidate) => candidate.marathonName === check.portName);
    if (!port) {
      notes.unsupported(at, `no port is named ${check.portName}`);
    } else {
      probes.readinessProbe = {
        httpGet: { path: check.path, port: port.containerPort, scheme: check.protocol },
        periodSeconds: Math.max(1, check.intervalSeconds),
        timeoutSeconds: Math.max(1, check.timeoutSeconds),
        successThreshold: 1,
        failureThreshold: 1,
      };
      notes.translated(at, `readinessProbe httpGet ${check.path} on port ${port.containerPort}`);
      const codes = check.httpStatusCodesForReady;
      if (codes.some((code) => code < 200 || code >= 400)) {
        notes.approximated(
          [...at, 'httpStatusCodesForReady'],
          `Kubernetes counts any 200-399 as ready; ${codes.join(', ')} cannot be told apart`,
        );
      } else if (codes.length !== 1 || codes[0] !== 200) {
        notes.approximated(
          [...at, 'httpStatusCodesForReady'],
          `Kubernetes counts any 200-399 as ready, not only ${codes.join(', ')}`,
        );
      }
      notes.ignored([...at, 'preserveLastResponse'], 'Marathon API bookkeeping');
      notes.translated([...at, 'name'], 'probe name (informational)');
    }
    app.readinessChecks
      .slice(1)
      .forEach((_, j) =>
        notes.unsupported(['readinessChecks', j + 1], 'Kubernetes has one readiness probe per container'),
      );
  }
  if (app.check) {
    notes.ignored(['check'], 'Mesos checks only report a status and never affect the task; nothing to translate');
  }
  return probes;
}

function appHandler(
  check: AppHealthCheck,
  ports: readonly PortInfo[],
  at: JsonPath,
  discovery: ReadonlyMap<string, DiscoveryTarget>,
  notes: Notes,
  credentials: CommandCredentials,
): Handler | undefined {
  if (check.protocol === 'COMMAND') {
    notes.ignored([...at, 'ignoreHttp1xx'], 'only HTTP checks read it');
    const rewrite = rewriteServiceNames(check.command ?? 'true', discovery);
    if (rewrite.rewritten.length > 0 || rewrite.unresolved.length > 0) {
      notes.approximated(
        [...at, 'command'],
        `exec; ${[...rewrite.rewritten, ...rewrite.unresolved.map((h) => `unresolved ${h}`)].join('; ')}`,
      );
    } else {
      notes.translated([...at, 'command'], 'exec ["/bin/sh", "-c", command]');
    }
    return {
      exec: {
        command: guardedExec(
          ['/bin/sh', '-c', rewrite.text],
          true,
          [...at, 'command'],
          `MARATHON_TO_EKS_HEALTH_CHECK_${at[at.length - 1]}`,
          credentials,
          notes,
        ),
      },
    };
  }
  notes.translated(
    [...at, 'ignoreHttp1xx'],
    check.ignoreHttp1xx ? 'Kubernetes counts 200-399 as healthy and anything else as a failure' : 'no effect',
  );
  const port = check.port ?? ports[check.portIndex ?? 0]?.containerPort;
  if (port === undefined) {
    notes.unsupported(at, 'the check has no port to probe');
    return undefined;
  }
  // Nothing listens on port 0: Marathon probed it and killed every task; Kubernetes cannot express the probe at all.
  if (port === 0) {
    notes.unsupported(
      [...at, 'port'],
      'port 0 cannot be probed (Marathon probed port 0, so the check always failed); set the port the app listens on',
    );
    return undefined;
  }
  if (check.port !== undefined) {
    notes.translated([...at, 'port'], `port ${port}`);
  }
  if (check.portIndex !== undefined) {
    notes.translated([...at, 'portIndex'], `port ${port} ($PORT${check.portIndex})`);
  }
  notes.translated(
    [...at, 'ipProtocol'],
    check.ipProtocol === 'IPv6' ? 'the kubelet probes the pod IP, IPv6 on an IPv6 cluster' : 'IPv4',
  );
  const http = check.protocol.includes('HTTP');
  if (http) {
    notes.translated([...at, 'path'], `httpGet path ${check.path ?? '/'}`);
    if (check.ignoreHttp1xx) {
      notes.approximated(
        [...at, 'ignoreHttp1xx'],
        'Kubernetes counts 200-399 as healthy and anything else (1xx too) as a failure',
      );
    }
    return {
      httpGet: {
        path: probePath(check.path ?? '/', [...at, 'path'], notes),
        port,
        scheme: check.protocol.endsWith('HTTPS') ? 'HTTPS' : 'HTTP',
      },
    };
  }
  return { tcpSocket: { port } };
}

/** Pod container health check → probes, with the endpoint resolved to its port. */
export function podProbes(
  check: PodHealthCheck,
  ports: readonly PortInfo[],
  container: string,
  at: JsonPath,
  discovery: ReadonlyMap<string, DiscoveryTarget>,
  notes: Notes,
  credentials: CommandCredentials,
): Probes {
  let handler: Handler | undefined;
  if (check.exec) {
    const shellLine = 'shell' in check.exec.command;
    const path = [...at, 'exec', 'command', shellLine ? 'shell' : 'argv'];
    handler = {
      exec: {
        command: guardedExec(
          commandLine(check.exec.command, discovery),
          shellLine,
          path,
          'MARATHON_TO_EKS_HEALTH_CHECK',
          credentials,
          notes,
        ),
      },
    };
    notes.translated([...at, 'exec'], 'exec probe');
  } else {
    const endpoint = check.http?.endpoint ?? check.tcp?.endpoint;
    const port = ports.find((candidate) => candidate.container === container && candidate.marathonName === endpoint);
    if (!port) {
      notes.unsupported(at, `endpoint ${endpoint} is not a port of this container`);
      return {};
    }
    if (check.http) {
      handler = {
        httpGet: {
          path: probePath(check.http.path, [...at, 'http', 'path'], notes),
          port: port.containerPort,
          scheme: check.http.scheme,
        },
      };
      notes.translated([...at, 'http'], `httpGet ${check.http.path} on port ${port.containerPort}`);
    } else {
      handler = { tcpSocket: { port: port.containerPort } };
      notes.translated([...at, 'tcp'], `tcpSocket on port ${port.containerPort}`);
    }
  }
  return probesFrom(handler, check, true, at, notes);
}

/** An exec probe's command, with any credential read from the credentials Secret through the environment. */
function guardedExec(
  command: string[],
  shellLine: boolean,
  path: JsonPath,
  variable: string,
  credentials: CommandCredentials,
  notes: Notes,
): string[] {
  const guarded = protectProbeCommand(command, shellLine, credentials.container, variable, path, credentials.store);
  if (!guarded) {
    return command;
  }
  notes.approximated(
    path,
    credentials.store.noteFor(
      shellLine ? path : [...path, command.findIndex((element) => isCredential(element))],
      `a shell in the probe reads it as $${variable}`,
    ),
  );
  return guarded;
}

/** An httpGet probe cannot read a Secret: a credential in the query string is left out, and reported. */
function probePath(path: string, at: JsonPath, notes: Notes): string {
  if (!isCredential(path)) {
    return path;
  }
  notes.unsupported(
    at,
    'the path carries a credential in its query string, which an httpGet probe cannot read from a Secret; the probe requests the path without its query — give the check endpoint another way to authenticate (or none)',
  );
  return path.split('?')[0];
}

function commandLine(command: MesosCommand, discovery: ReadonlyMap<string, DiscoveryTarget>): string[] {
  return 'shell' in command ? ['/bin/sh', '-c', rewriteServiceNames(command.shell, discovery).text] : [...command.argv];
}

function probesFrom(handler: Handler, timing: Timing, mesosSide: boolean, at: JsonPath, notes: Notes): Probes {
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
