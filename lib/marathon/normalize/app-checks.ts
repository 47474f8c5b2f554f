import { AppCheck, AppHealthCheck, ReadinessCheck } from '../model/app';
import { MesosCommand } from '../model/common';
import { AppInput } from '../schema/app';
import { MARATHON_DEFAULTS, definedEntries } from './common';
import { NormalizeContext } from './context';

type HealthCheckInput = NonNullable<AppInput['healthChecks']>[number];

/**
 * Health checks with Marathon's defaults. A port-based check with neither `port` nor `portIndex` probes the
 * first port (Marathon sets `portIndex: 0` when the app has ports).
 */
export function healthChecksOf(app: AppInput, hasPorts: boolean, ctx: NormalizeContext): AppHealthCheck[] {
  const defaults = MARATHON_DEFAULTS.healthCheck;
  return (app.healthChecks ?? []).map((check: HealthCheckInput, i) => {
    const protocol = check.protocol ?? (check.command !== undefined ? 'COMMAND' : defaults.protocol);
    const usesPort = protocol !== 'COMMAND';
    const isHttp =
      protocol === 'HTTP' || protocol === 'HTTPS' || protocol === 'MESOS_HTTP' || protocol === 'MESOS_HTTPS';
    if (check.command !== undefined) {
      ctx.recorder.move(['healthChecks', i, 'command', 'value'], ['healthChecks', i, 'command']);
    }
    return definedEntries<AppHealthCheck>({
      protocol,
      command: check.command?.value,
      path: isHttp ? (check.path ?? '/') : check.path,
      port: check.port,
      portIndex: check.portIndex ?? (usesPort && check.port === undefined && hasPorts ? 0 : undefined),
      ipProtocol: check.ipProtocol ?? defaults.ipProtocol,
      ignoreHttp1xx: check.ignoreHttp1xx ?? false,
      gracePeriodSeconds: check.gracePeriodSeconds ?? defaults.gracePeriodSeconds,
      intervalSeconds: check.intervalSeconds ?? defaults.intervalSeconds,
      timeoutSeconds: check.timeoutSeconds ?? defaults.timeoutSeconds,
      maxConsecutiveFailures: check.maxConsecutiveFailures ?? defaults.maxConsecutiveFailures,
      delaySeconds: check.delaySeconds ?? defaults.delaySeconds,
    });
  });
}

export function readinessChecksOf(app: AppInput): ReadinessCheck[] {
  const defaults = MARATHON_DEFAULTS.readinessCheck;
  return (app.readinessChecks ?? []).map((check) => ({
    name: check.name ?? defaults.name,
    protocol: check.protocol ?? defaults.protocol,
    path: check.path ?? defaults.path,
    portName: check.portName ?? defaults.portName,
    intervalSeconds: check.intervalSeconds ?? defaults.intervalSeconds,
    timeoutSeconds: check.timeoutSeconds ?? defaults.timeoutSeconds,
    httpStatusCodesForReady: [...(check.httpStatusCodesForReady ?? defaults.httpStatusCodesForReady)],
    preserveLastResponse: check.preserveLastResponse ?? defaults.preserveLastResponse,
  }));
}

export function commandOf(command: { shell?: string; argv?: string[] }): MesosCommand {
  return command.argv !== undefined ? { argv: [...command.argv] } : { shell: command.shell ?? '' };
}

export function appCheckOf(app: AppInput): AppCheck | undefined {
  const check = app.check;
  if (check === undefined) {
    return undefined;
  }
  const defaults = MARATHON_DEFAULTS.check;
  return definedEntries<AppCheck>({
    http: check.http
      ? definedEntries({
          portIndex: check.http.portIndex,
          port: check.http.port,
          path: check.http.path,
          scheme: check.http.scheme ?? 'HTTP',
        })
      : undefined,
    tcp: check.tcp ? definedEntries({ portIndex: check.tcp.portIndex, port: check.tcp.port }) : undefined,
    exec: check.exec ? { command: commandOf(check.exec.command) } : undefined,
    intervalSeconds: check.intervalSeconds ?? defaults.intervalSeconds,
    timeoutSeconds: check.timeoutSeconds ?? defaults.timeoutSeconds,
    delaySeconds: check.delaySeconds ?? defaults.delaySeconds,
  });
}
