import { JsonPath } from '../util/json-path';
import { MesosCommand } from '../marathon/model/common';
import { PodHealthCheck } from '../marathon/model/pod';
import { Handler, Probes, guardedExec, probePath, probesFrom } from './probes';
import { DefinitionScope } from './scope';
import { rewriteServiceNames } from './service-names';

/** A pod container as the probes see it: its Marathon name (its endpoints') and its Kubernetes name. */
export interface ProbedContainer {
  readonly marathonName: string;
  readonly name: string;
}

/** Pod container health check → probes, with the endpoint resolved to its port. */
export function podProbes(
  scope: DefinitionScope,
  check: PodHealthCheck,
  at: JsonPath,
  container: ProbedContainer,
): Probes {
  const handler = podHandler(scope, check, at, container);
  return handler ? probesFrom(scope, handler, { timing: check, at, mesosSide: true }) : {};
}

function podHandler(
  scope: DefinitionScope,
  check: PodHealthCheck,
  at: JsonPath,
  container: ProbedContainer,
): Handler | undefined {
  const { notes } = scope;
  if (check.exec) {
    const shellLine = 'shell' in check.exec.command;
    const command = guardedExec(scope, container.name, {
      command: commandLine(scope, check.exec.command),
      shellLine,
      path: [...at, 'exec', 'command', shellLine ? 'shell' : 'argv'],
      variable: 'MARATHON_TO_EKS_HEALTH_CHECK',
    });
    notes.translated([...at, 'exec'], 'exec probe');
    return { exec: { command } };
  }
  const endpoint = check.http?.endpoint ?? check.tcp?.endpoint;
  const port = scope.ports.find(
    (candidate) => candidate.container === container.marathonName && candidate.marathonName === endpoint,
  );
  if (!port) {
    notes.unsupported(at, `endpoint ${endpoint} is not a port of this container`);
    return undefined;
  }
  if (check.http) {
    const path = probePath(scope, check.http.path, [...at, 'http', 'path']);
    notes.translated([...at, 'http'], `httpGet ${check.http.path} on port ${port.containerPort}`);
    return { httpGet: { path, port: port.containerPort, scheme: check.http.scheme } };
  }
  notes.translated([...at, 'tcp'], `tcpSocket on port ${port.containerPort}`);
  return { tcpSocket: { port: port.containerPort } };
}

function commandLine(scope: DefinitionScope, command: MesosCommand): string[] {
  return 'shell' in command ? ['/bin/sh', '-c', rewriteServiceNames(scope, command.shell).text] : [...command.argv];
}
