import { JsonPath } from '../util/json-path';
import { AppHealthCheck, MarathonApp } from '../marathon/model/app';
import { Probe } from './kube';
import { Handler, Probes, guardedExec, probePath, probesFrom } from './probes';
import { DefinitionScope } from './scope';
import { rewriteServiceNames } from './service-names';

/**
 * Marathon's health checks and readiness checks of an app. The first health check is the liveness probe (unless
 * it never kills: maxConsecutiveFailures 0); its grace period becomes a startup probe window; readiness comes from
 * the readiness check, or else from that first health check, because Marathon only routes to healthy tasks.
 */
export function appProbes(scope: DefinitionScope, app: MarathonApp, container: string): Probes {
  const { notes } = scope;
  const probes: Probes = {};
  app.healthChecks.forEach((check, i) => {
    const at = ['healthChecks', i];
    const handler = appHandler(scope, check, at, container);
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
    const mesosSide = check.protocol.startsWith('MESOS_');
    Object.assign(probes, probesFrom(scope, handler, { timing: check, at, mesosSide }));
    const how = mesosSide || check.protocol === 'COMMAND' ? 'translated' : 'approximated';
    const where =
      how === 'approximated' ? ' (Marathon probed from its own host; the kubelet probes from the node)' : '';
    notes[how]([...at, 'protocol'], `${check.protocol} → ${Object.keys(handler)[0]} probe${where}`);
  });
  if (app.readinessChecks.length > 0) {
    const readiness = readinessProbe(scope, app);
    if (readiness) {
      probes.readinessProbe = readiness;
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

/** The first readiness check, on the port it names. */
function readinessProbe(scope: DefinitionScope, app: MarathonApp): Probe | undefined {
  const { notes } = scope;
  const check = app.readinessChecks[0];
  const at = ['readinessChecks', 0];
  const port = scope.ports.find((candidate) => candidate.marathonName === check.portName);
  if (!port) {
    notes.unsupported(at, `no port is named ${check.portName}`);
    return undefined;
  }
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
  return {
    httpGet: { path: check.path, port: port.containerPort, scheme: check.protocol },
    periodSeconds: Math.max(1, check.intervalSeconds),
    timeoutSeconds: Math.max(1, check.timeoutSeconds),
    successThreshold: 1,
    failureThreshold: 1,
  };
}

function appHandler(
  scope: DefinitionScope,
  check: AppHealthCheck,
  at: JsonPath,
  container: string,
): Handler | undefined {
  const { notes } = scope;
  if (check.protocol === 'COMMAND') {
    notes.ignored([...at, 'ignoreHttp1xx'], 'only HTTP checks read it');
    const rewrite = rewriteServiceNames(scope, check.command ?? 'true');
    const found = [
      ...rewrite.rewritten,
      ...rewrite.onDcos.map((h) => `kept ${h}`),
      ...rewrite.unreachable.map((h) => `kept ${h}`),
      ...rewrite.unresolved.map((h) => `unresolved ${h}`),
    ];
    if (rewrite.unreachable.length > 0) {
      notes.unsupported([...at, 'command'], `exec; ${found.join('; ')}`);
    } else if (found.length > 0) {
      notes.approximated([...at, 'command'], `exec; ${found.join('; ')}`);
    } else {
      notes.translated([...at, 'command'], 'exec ["/bin/sh", "-c", command]');
    }
    const command = guardedExec(scope, container, {
      command: ['/bin/sh', '-c', rewrite.text],
      shellLine: true,
      path: [...at, 'command'],
      variable: `MARATHON_TO_EKS_HEALTH_CHECK_${at[at.length - 1]}`,
    });
    return { exec: { command } };
  }
  notes.translated(
    [...at, 'ignoreHttp1xx'],
    check.ignoreHttp1xx ? 'Kubernetes counts 200-399 as healthy and anything else as a failure' : 'no effect',
  );
  const port = check.port ?? scope.ports[check.portIndex ?? 0]?.containerPort;
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
  if (!check.protocol.includes('HTTP')) {
    return { tcpSocket: { port } };
  }
  notes.translated([...at, 'path'], `httpGet path ${check.path ?? '/'}`);
  if (check.ignoreHttp1xx) {
    notes.approximated(
      [...at, 'ignoreHttp1xx'],
      'Kubernetes counts 200-399 as healthy and anything else (1xx too) as a failure',
    );
  }
  return {
    httpGet: {
      path: probePath(scope, check.path ?? '/', [...at, 'path']),
      port,
      scheme: check.protocol.endsWith('HTTPS') ? 'HTTPS' : 'HTTP',
    },
  };
}
