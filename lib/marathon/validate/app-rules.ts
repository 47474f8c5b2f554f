import { MarathonApp } from '../model/app';
import { pathIdProblem } from '../path-id';
import { AppInput } from '../schema/app';
import { quote } from '../../util/describe';
import { Finding, error, warning } from './finding';
import { portFindings } from './port-rules';
import {
  constraintFindings,
  duplicateFindings,
  envFindings,
  roleNameProblem,
  undefinedSecret,
  uriProblem,
} from './shared-rules';

/**
 * Rules about the legacy (Marathon ≤ 1.4) fields, checked on the app as written before it is normalized
 * (`AppValidation.validateOldAppAPI` and the conflicts `AppNormalization` rejects).
 */
export function legacyAppFindings(app: AppInput): Finding[] {
  const findings: Finding[] = [];
  const container = app.container;
  const docker = container?.docker;
  if (app.ports !== undefined && app.portDefinitions !== undefined) {
    const same =
      app.ports.length === app.portDefinitions.length &&
      app.ports.every((port, i) => (app.portDefinitions?.[i].port ?? 0) === port);
    if (!same) {
      findings.push(
        error(
          ['ports'],
          'conflict',
          'cannot specify both ports and portDefinitions (ports is the legacy form of portDefinitions)',
        ),
      );
    }
  }
  if (
    (app.uris?.length ?? 0) > 0 &&
    (app.fetch?.length ?? 0) > 0 &&
    !sameJson(
      app.uris,
      app.fetch?.map((artifact) => artifact.uri),
    )
  ) {
    findings.push(
      error(['uris'], 'conflict', 'the legacy uris disagree with fetch; keep one (fetch is the current form)'),
    );
  }
  // Files written for both Marathon 1.4 and 1.5+ carry both forms; that is fine as long as they agree.
  if (
    container?.portMappings !== undefined &&
    (docker?.portMappings?.length ?? 0) > 0 &&
    !sameJson(container.portMappings, docker?.portMappings)
  ) {
    findings.push(
      error(
        ['container', 'docker', 'portMappings'],
        'conflict',
        'container.portMappings and the legacy container.docker.portMappings disagree; keep one',
      ),
    );
  }
  if (
    docker?.network !== undefined &&
    app.networks !== undefined &&
    !dockerNetworkAgrees(docker.network, app.networks)
  ) {
    findings.push(
      error(
        ['container', 'docker', 'network'],
        'conflict',
        `the legacy container.docker.network ${docker.network} disagrees with networks; keep one`,
      ),
    );
  }
  if (app.ipAddress !== undefined && app.networks !== undefined && !ipAddressAgrees(app.ipAddress, app.networks)) {
    findings.push(error(['ipAddress'], 'conflict', 'the legacy ipAddress disagrees with networks; keep one'));
  }
  if (app.ipAddress !== undefined && ((app.ports?.length ?? 0) > 0 || (app.portDefinitions?.length ?? 0) > 0)) {
    findings.push(error(['ipAddress'], 'conflict', 'cannot specify both ipAddress and ports/portDefinitions'));
  }
  if (docker?.network === 'NONE') {
    findings.push(
      error(
        ['container', 'docker', 'network'],
        'unsupported-network',
        'docker network NONE is not supported by Marathon (since 1.5); use a container network or host networking',
      ),
    );
  }
  if (
    (app.ipAddress?.discovery?.ports?.length ?? 0) > 0 &&
    (container?.type ?? 'DOCKER') === 'DOCKER' &&
    container !== undefined
  ) {
    findings.push(
      error(
        ['ipAddress', 'discovery', 'ports'],
        'conflict',
        'ipAddress.discovery.ports does not apply to Docker containers (use container.portMappings)',
      ),
    );
  }
  if (container?.type === 'MESOS' && docker !== undefined) {
    for (const field of ['network', 'parameters', 'portMappings'] as const) {
      if (docker[field] !== undefined && !(Array.isArray(docker[field]) && (docker[field] as unknown[]).length === 0)) {
        findings.push(
          error(
            ['container', 'docker', field],
            'conflict',
            `container.docker.${field} only applies to the Docker containerizer, not MESOS`,
          ),
        );
      }
    }
  }
  if (container?.type !== 'MESOS' && docker?.credential !== undefined) {
    findings.push(
      error(
        ['container', 'docker', 'credential'],
        'conflict',
        'container.docker.credential only applies to the Mesos containerizer (use pullConfig)',
      ),
    );
  }
  const legacyMappingNames = (docker?.portMappings ?? []).map((mapping) => mapping.name);
  findings.push(
    ...duplicateFindings(legacyMappingNames, (i) => ['container', 'docker', 'portMappings', i, 'name'], 'port name'),
  );
  if (app.id !== undefined) {
    const problem = pathIdProblem(app.id);
    if (problem) {
      findings.push(error(['id'], 'invalid-id', problem));
    }
  }
  (app.dependencies ?? []).forEach((dependency, i) => {
    const problem = pathIdProblem(dependency);
    if (problem) {
      findings.push(error(['dependencies', i], 'invalid-id', problem));
    }
  });
  return findings;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

type NetworksInput = NonNullable<AppInput['networks']>;

function dockerNetworkAgrees(dockerNetwork: string, networks: NetworksInput): boolean {
  const mode = dockerNetwork === 'HOST' ? 'host' : dockerNetwork === 'BRIDGE' ? 'container/bridge' : 'container';
  return networks.length > 0 && networks.every((network) => (network.mode ?? 'container') === mode);
}

function ipAddressAgrees(ip: NonNullable<AppInput['ipAddress']>, networks: NetworksInput): boolean {
  if (networks.length !== 1) {
    return false;
  }
  const [network] = networks;
  if (ip.networkName === 'mesos-bridge') {
    return network.mode === 'container/bridge';
  }
  return (network.mode ?? 'container') === 'container' && network.name === ip.networkName;
}

/** Marathon's rules on the canonical app (`AppValidation.validateCanonicalAppAPI`), checked after normalization. */
export function appFindings(app: MarathonApp): Finding[] {
  const findings: Finding[] = [];
  const container = app.container;
  const docker = container?.docker;
  const hasImage = docker !== undefined || container?.appc !== undefined;

  if (app.cmd !== undefined && app.args !== undefined && app.args.length > 0) {
    findings.push(
      error(
        ['args'],
        'conflict',
        'cmd and args are mutually exclusive: cmd runs through /bin/sh -c, args go to the image entrypoint',
      ),
    );
  } else if (app.cmd === undefined && (app.args ?? []).length === 0 && !hasImage) {
    const hint =
      app.container === undefined
        ? '; a partial update (PATCH /v2/apps) body is not a full app: export the app with GET /v2/apps/<id>'
        : '';
    findings.push(error([], 'missing-command', `an app needs a cmd, args, or a container image to run${hint}`));
  }
  if (container?.type === 'DOCKER' && docker === undefined) {
    findings.push(error(['container'], 'missing-field', 'a DOCKER container needs container.docker.image'));
  }
  if (container?.type === 'DOCKER' && docker?.pullConfig !== undefined) {
    findings.push(
      error(
        ['container', 'docker', 'pullConfig'],
        'unsupported',
        'pullConfig is not supported with the Docker containerizer (use container.type MESOS)',
      ),
    );
  }
  if (container?.type === 'MESOS' && docker !== undefined && container.appc !== undefined) {
    findings.push(error(['container'], 'conflict', 'a MESOS container may use a docker or an appc image, not both'));
  }
  if (docker?.pullConfig !== undefined && app.secrets[docker.pullConfig.secret] === undefined) {
    findings.push(undefinedSecret(['container', 'docker', 'pullConfig', 'secret'], docker.pullConfig.secret));
  }
  if (app.gpus > 0 && container?.type === 'DOCKER') {
    findings.push(
      error(['gpus'], 'unsupported', 'GPU resources only work with the Mesos containerizer (container.type MESOS)'),
    );
  }
  if (app.labels.MARATHON_SINGLE_INSTANCE_APP === 'true' && app.instances > 1) {
    findings.push(error(['instances'], 'invalid', 'a MARATHON_SINGLE_INSTANCE_APP may only have one instance'));
  }
  findings.push(...resourceLimitFindings(app));
  findings.push(...portFindings(app));
  findings.push(...networkFindings(app));
  findings.push(...healthCheckFindings(app));
  findings.push(...readinessFindings(app));
  findings.push(...constraintFindings(app.constraints, ['constraints']));
  findings.push(...volumeFindings(app));
  findings.push(...envFindings(app.env, app.secrets, ['env']));
  findings.push(...residencyFindings(app));
  findings.push(...unreachableFindings(app.unreachableStrategy, ['unreachableStrategy']));
  app.acceptedResourceRoles.forEach((role, i) => {
    const problem = roleNameProblem(role);
    if (problem) {
      findings.push(error(['acceptedResourceRoles', i], 'invalid-role', problem));
    }
  });
  app.fetch.forEach((artifact, i) => {
    const problem = uriProblem(artifact.uri);
    if (problem) {
      findings.push(error(['fetch', i, 'uri'], 'invalid-uri', problem));
    }
  });
  return findings;
}

function resourceLimitFindings(app: MarathonApp): Finding[] {
  const findings: Finding[] = [];
  for (const resource of ['cpus', 'mem'] as const) {
    const limit = app.resourceLimits?.[resource];
    if (typeof limit === 'number' && limit < app[resource]) {
      findings.push(
        error(
          ['resourceLimits', resource],
          'out-of-range',
          `resource limit must be at least the requested ${resource} (${app[resource]}), got ${limit}`,
        ),
      );
    }
  }
  return findings;
}

function networkFindings(app: MarathonApp): Finding[] {
  const findings: Finding[] = [];
  const modes = new Set(app.networks.map((network) => network.mode));
  app.networks.forEach((network, i) => {
    if (network.mode === 'host' && (network.name !== undefined || Object.keys(network.labels).length > 0)) {
      findings.push(error(['networks', i], 'invalid-network', 'host networks may not have a name or labels'));
    }
    if (network.mode === 'container/bridge' && network.name !== undefined) {
      findings.push(error(['networks', i, 'name'], 'invalid-network', 'bridge networks may not have a name'));
    }
  });
  if (modes.size > 1 || ((modes.has('host') || modes.has('container/bridge')) && app.networks.length > 1)) {
    findings.push(
      error(
        ['networks'],
        'invalid-network',
        'specify a single host network, a single bridge network, or one or more container networks',
      ),
    );
  }
  findings.push(
    ...duplicateFindings(
      app.networks.map((network) => network.name),
      (i) => ['networks', i, 'name'],
      'network',
    ),
  );
  if (app.container?.type === 'DOCKER' && app.networks.filter((network) => network.mode === 'container').length > 1) {
    findings.push(
      error(['networks'], 'invalid-network', 'the Docker containerizer supports only one container network'),
    );
  }
  return findings;
}

function healthCheckFindings(app: MarathonApp): Finding[] {
  const findings: Finding[] = [];
  const portCount =
    (app.container?.portMappings.length ?? 0) > 0
      ? (app.container?.portMappings.length ?? 0)
      : app.portDefinitions.length;
  let mesosChecks = 0;
  app.healthChecks.forEach((check, i) => {
    const at = ['healthChecks', i];
    if (check.protocol.startsWith('MESOS_')) {
      mesosChecks++;
    }
    if (check.protocol === 'COMMAND') {
      if (check.command === undefined) {
        findings.push(error([...at, 'command'], 'missing-field', 'a COMMAND health check needs command.value'));
      }
      if (check.port !== undefined) {
        findings.push(error([...at, 'port'], 'invalid', 'a COMMAND health check takes no port'));
      }
      return;
    }
    if (check.command !== undefined) {
      findings.push(
        error([...at, 'protocol'], 'invalid', `command is only allowed with protocol COMMAND, not ${check.protocol}`),
      );
    }
    if (check.port !== undefined && check.portIndex !== undefined) {
      findings.push(
        warning(
          [...at, 'portIndex'],
          'superseded',
          'both port and portIndex are set; Marathon probes port and ignores portIndex',
        ),
      );
    }
    if (check.port === undefined && check.portIndex !== undefined && check.portIndex >= portCount) {
      findings.push(
        error(
          [...at, 'portIndex'],
          'out-of-range',
          `portIndex ${check.portIndex} does not address one of the app's ${portCount} port(s)`,
        ),
      );
    }
    if (check.port === undefined && check.portIndex === undefined) {
      findings.push(
        error(
          at,
          'missing-field',
          `a ${check.protocol} health check needs a port or a portIndex, and the app has no ports`,
        ),
      );
    }
    if (check.ipProtocol === 'IPv6' && !(app.container?.type === 'DOCKER' && check.protocol.startsWith('MESOS_'))) {
      findings.push(
        error(
          [...at, 'ipProtocol'],
          'unsupported',
          'IPv6 only works with Docker containers and MESOS_HTTP/MESOS_HTTPS/MESOS_TCP checks',
        ),
      );
    }
  });
  if (mesosChecks > 1) {
    findings.push(error(['healthChecks'], 'invalid', 'an app may have at most one MESOS_* health check'));
  }
  return findings;
}

function readinessFindings(app: MarathonApp): Finding[] {
  const findings: Finding[] = [];
  if (app.readinessChecks.length > 1) {
    findings.push(error(['readinessChecks'], 'invalid', 'an app may have at most one readiness check'));
  }
  const mappings = app.container?.portMappings ?? [];
  const portNames = (mappings.length > 0 ? mappings : app.portDefinitions).map((port) => port.name);
  app.readinessChecks.forEach((check, i) => {
    if (!portNames.includes(check.portName)) {
      findings.push(
        error(
          ['readinessChecks', i, 'portName'],
          'invalid',
          `no port is named ${quote(check.portName)} (readiness checks refer to ports by name)`,
        ),
      );
    }
    if (check.timeoutSeconds >= check.intervalSeconds) {
      findings.push(
        warning(
          ['readinessChecks', i, 'timeoutSeconds'],
          'out-of-range',
          `timeoutSeconds (${check.timeoutSeconds}) should be less than intervalSeconds (${check.intervalSeconds})`,
        ),
      );
    }
  });
  return findings;
}

function volumeFindings(app: MarathonApp): Finding[] {
  const findings: Finding[] = [];
  const externalNames: (string | undefined)[] = [];
  (app.container?.volumes ?? []).forEach((volume, i) => {
    const at = ['container', 'volumes', i];
    switch (volume.kind) {
      case 'persistent': {
        const path = volume.containerPath;
        if (path.includes('/') || path === '.' || path === '..') {
          findings.push(
            error(
              [...at, 'containerPath'],
              'invalid-volume',
              `a persistent volume's containerPath is a name relative to the sandbox and must not contain "/", got ${quote(path)}`,
            ),
          );
        }
        if (volume.mode !== 'RW') {
          findings.push(error([...at, 'mode'], 'invalid-volume', 'persistent volumes must be mounted RW'));
        }
        if (volume.persistent.size <= 0) {
          findings.push(
            error(
              [...at, 'persistent', 'size'],
              'out-of-range',
              'a persistent volume needs a size greater than 0 (MiB)',
            ),
          );
        }
        if (volume.persistent.maxSize !== undefined) {
          if (volume.persistent.type !== 'mount') {
            findings.push(
              error([...at, 'persistent', 'maxSize'], 'invalid-volume', 'only mount volumes can have maxSize'),
            );
          } else if (volume.persistent.maxSize <= volume.persistent.size) {
            findings.push(
              error([...at, 'persistent', 'maxSize'], 'invalid-volume', 'maxSize must be larger than size'),
            );
          }
        }
        break;
      }
      case 'external':
        externalNames.push(volume.external.name);
        if (
          volume.external.provider !== 'csi' &&
          (volume.external.name === undefined || volume.external.provider === undefined)
        ) {
          findings.push(error([...at, 'external'], 'missing-field', 'an external volume needs a name and a provider'));
        }
        break;
      case 'secret':
        if (app.secrets[volume.secret] === undefined) {
          findings.push(undefinedSecret([...at, 'secret'], volume.secret));
        }
        break;
      default:
        break;
    }
  });
  findings.push(...duplicateFindings(externalNames, () => ['container', 'volumes'], 'external volume name'));
  return findings;
}

function residencyFindings(app: MarathonApp): Finding[] {
  const resident = (app.container?.volumes ?? []).some((volume) => volume.kind === 'persistent');
  if (!resident) {
    return [];
  }
  const findings: Finding[] = [];
  if (app.upgradeStrategy.maximumOverCapacity !== 0) {
    findings.push(
      error(
        ['upgradeStrategy', 'maximumOverCapacity'],
        'invalid',
        'apps with persistent volumes must use maximumOverCapacity 0 (an instance cannot start while its volume is in use)',
      ),
    );
  }
  if (app.unreachableStrategy !== 'disabled') {
    // Marathon 1.4 accepted (and its API returned) timeouts here; 1.5+ rejects them.
    findings.push(
      warning(
        ['unreachableStrategy'],
        'resident-unreachable',
        'apps with persistent volumes cannot be replaced elsewhere; Marathon 1.5+ requires unreachableStrategy "disabled" and treats it so',
      ),
    );
  }
  if (app.role === '*') {
    findings.push(error(['role'], 'invalid-role', 'apps with persistent volumes cannot have the role "*"'));
  }
  return findings;
}

export function unreachableFindings(strategy: MarathonApp['unreachableStrategy'], at: (string | number)[]): Finding[] {
  if (strategy === 'disabled' || strategy.inactiveAfterSeconds <= strategy.expungeAfterSeconds) {
    return [];
  }
  return [
    error(
      [...at, 'inactiveAfterSeconds'],
      'out-of-range',
      `inactiveAfterSeconds (${strategy.inactiveAfterSeconds}) must be at most expungeAfterSeconds (${strategy.expungeAfterSeconds})`,
    ),
  ];
}
