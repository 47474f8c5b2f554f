import { MarathonApp } from '../model/app';
import { canonicalPath } from '../path-id';
import { APP_STATUS_FIELDS, AppInput } from '../schema/app';
import { appCheckOf, healthChecksOf, readinessChecksOf } from './app-checks';
import { containerOf, hasExternalVolumes, hasPersistentVolumes } from './app-container';
import { networksOf, portDefinitionsOf, portMappingsOf } from './app-networking';
import {
  MARATHON_DEFAULTS,
  artifactOf,
  constraintFromArray,
  definedEntries,
  envMap,
  isExtractableUri,
  killSelectionOf,
  secretMap,
  stringMap,
  unreachableStrategyOf,
  upgradeStrategyOf,
} from './common';
import { NormalizeContext } from './context';

/**
 * Turns a schema-valid app of any Marathon era into the modern normalized shape, following Marathon's own
 * normalization (`AppNormalization.scala`): legacy fields converted, defaults applied, ids resolved against
 * `groupId`. Every move and every field left behind is recorded in `ctx`.
 */
export function normalizeApp(app: AppInput, groupId: string, ctx: NormalizeContext): MarathonApp {
  const networks = networksOf(app, ctx);
  const hostNetworking = networks.some((network) => network.mode === 'host');
  const portDefinitions = portDefinitionsOf(app, hostNetworking, ctx);
  const portMappings = portMappingsOf(app, networks, ctx);
  const resident = hasPersistentVolumes(app) || app.residency !== undefined;
  const container = containerOf(app, portMappings, !hostNetworking, ctx);

  if (!hostNetworking && app.requirePorts === true) {
    ctx.ignore(
      ['requirePorts'],
      'unused',
      'requirePorts only applies to host networking; Marathon forces it to false here',
    );
  }
  if (app.residency !== undefined) {
    ctx.ignore(['residency'], 'deprecated', 'residency has no effect since Marathon 1.5 (persistent volumes imply it)');
  }
  if (app.ipAddress?.groups !== undefined) {
    ctx.ignore(['ipAddress', 'groups'], 'deprecated', 'ipAddress.groups was never used by Marathon');
  }
  if (app.ipAddress?.discovery !== undefined && app.container?.portMappings !== undefined) {
    ctx.ignore(['ipAddress', 'discovery'], 'superseded', 'ipAddress.discovery is superseded by container.portMappings');
  }
  if (app.versionInfo !== undefined) {
    ctx.ignore(['versionInfo'], 'status', 'read-only version information from the Marathon API');
  }
  for (const field of APP_STATUS_FIELDS) {
    if (app[field] !== undefined) {
      const reason =
        field === 'storeUrls'
          ? 'storeUrls was removed in Marathon 1.0 and has no effect'
          : 'read-only status from the Marathon API';
      ctx.ignore([field], field === 'storeUrls' ? 'deprecated' : 'status', reason);
    }
  }

  return definedEntries<MarathonApp>({
    id: canonicalPath(app.id, groupId),
    cmd: app.cmd,
    args: app.args ? [...app.args] : undefined,
    user: app.user,
    instances: app.instances ?? MARATHON_DEFAULTS.instances,
    cpus: app.cpus ?? MARATHON_DEFAULTS.cpus,
    mem: app.mem ?? MARATHON_DEFAULTS.mem,
    disk: app.disk ?? MARATHON_DEFAULTS.disk,
    gpus: app.gpus ?? MARATHON_DEFAULTS.gpus,
    resourceLimits: app.resourceLimits
      ? definedEntries({ cpus: app.resourceLimits.cpus, mem: app.resourceLimits.mem })
      : undefined,
    constraints: (app.constraints ?? []).map((tuple, i) =>
      constraintFromArray(tuple, ['constraints', i], ctx.recorder),
    ),
    acceptedResourceRoles: [...(app.acceptedResourceRoles ?? [])],
    container,
    networks,
    portDefinitions,
    requirePorts: hostNetworking ? (app.requirePorts ?? false) : false,
    env: envMap(app.env),
    secrets: secretMap(app.secrets),
    labels: stringMap(app.labels),
    fetch: fetchOf(app, ctx),
    healthChecks: healthChecksOf(app, portDefinitions.length > 0 || portMappings.length > 0, ctx),
    readinessChecks: readinessChecksOf(app),
    check: appCheckOf(app),
    dependencies: (app.dependencies ?? []).map((dependency) => canonicalPath(dependency, groupId)),
    upgradeStrategy: upgradeStrategyOf(app.upgradeStrategy, resident || hasExternalVolumes(app)),
    unreachableStrategy: unreachableStrategyOf(app.unreachableStrategy, resident),
    killSelection: killSelectionOf(app.killSelection),
    backoffSeconds: app.backoffSeconds ?? MARATHON_DEFAULTS.backoffSeconds,
    backoffFactor: app.backoffFactor ?? MARATHON_DEFAULTS.backoffFactor,
    maxLaunchDelaySeconds: app.maxLaunchDelaySeconds ?? MARATHON_DEFAULTS.maxLaunchDelaySeconds,
    taskKillGracePeriodSeconds: app.taskKillGracePeriodSeconds,
    tty: app.tty,
    role: app.role,
    executor: app.executor,
    executorResources: app.executorResources ? definedEntries({ ...app.executorResources }) : undefined,
    version: app.version,
  });
}

/** `fetch`, or the legacy `uris` converted the way Marathon does (archives are extracted). */
function fetchOf(app: AppInput, ctx: NormalizeContext) {
  if (app.fetch !== undefined && app.fetch.length > 0) {
    if (app.uris !== undefined && app.uris.length > 0) {
      ctx.ignore(['uris'], 'superseded', 'the legacy uris repeat the URIs of fetch, which is used');
    }
    return app.fetch.map(artifactOf);
  }
  if (app.uris !== undefined && app.uris.length > 0) {
    app.uris.forEach((_, i) => ctx.recorder.move(['uris', i], ['fetch', i, 'uri']));
    ctx.findings.push({
      severity: 'info',
      path: ['uris'],
      code: 'legacy-converted',
      message: 'uris is the Marathon 1.4 form of fetch',
    });
    return app.uris.map((uri) => ({ uri, extract: isExtractableUri(uri), executable: false, cache: false }));
  }
  return (app.fetch ?? []).map(artifactOf);
}
