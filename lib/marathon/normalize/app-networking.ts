import { AppInput } from '../schema/app';
import { Network } from '../model/common';
import { PortDefinition, PortMapping } from '../model/app';
import { networkOf, stringMap } from './common';
import { NormalizeContext } from './context';

type PortMappingInput = NonNullable<NonNullable<AppInput['container']>['portMappings']>[number];

/** The app's networks, translating Marathon 1.4's `container.docker.network` and `ipAddress` (1.5 migration rules). */
export function networksOf(app: AppInput, ctx: NormalizeContext): Network[] {
  const dockerNetwork = app.container?.docker?.network;
  const ip = app.ipAddress;
  if (app.networks !== undefined) {
    if (ip !== undefined) {
      for (const field of ['networkName', 'labels'] as const) {
        if (ip[field] !== undefined) {
          ctx.ignore(
            ['ipAddress', field],
            'superseded',
            `the legacy ipAddress.${field} agrees with networks, which is used`,
          );
        }
      }
    }
    const networks = app.networks.map(networkOf);
    return networks.length > 0 ? networks : [{ mode: 'host', labels: {} }];
  }
  if (dockerNetwork !== undefined) {
    ctx.converted(
      ['container', 'docker', 'network'],
      ['networks', 0, 'mode'],
      `container.docker.network ${dockerNetwork} is the Marathon 1.4 form of networks`,
    );
    switch (dockerNetwork) {
      case 'HOST':
        return [{ mode: 'host', labels: {} }];
      case 'BRIDGE':
        if (ip?.labels) {
          ctx.recorder.move(['ipAddress', 'labels'], ['networks', 0, 'labels']);
        }
        return [{ mode: 'container/bridge', labels: stringMap(ip?.labels) }];
      default:
        // USER (NONE is rejected by validation before normalization).
        if (ip?.networkName !== undefined) {
          ctx.recorder.move(['ipAddress', 'networkName'], ['networks', 0, 'name']);
        }
        if (ip?.labels) {
          ctx.recorder.move(['ipAddress', 'labels'], ['networks', 0, 'labels']);
        }
        return [
          {
            mode: 'container',
            ...(ip?.networkName !== undefined ? { name: ip.networkName } : {}),
            labels: stringMap(ip?.labels),
          },
        ];
    }
  }
  if (ip !== undefined) {
    ctx.converted(['ipAddress'], ['networks', 0], 'ipAddress is the Marathon 1.4 form of a container network');
    if (ip.networkName === 'mesos-bridge') {
      ctx.recorder.move(['ipAddress', 'networkName'], ['networks', 0, 'mode']);
      return [{ mode: 'container/bridge', labels: stringMap(ip.labels) }];
    }
    if (ip.networkName !== undefined) {
      ctx.recorder.move(['ipAddress', 'networkName'], ['networks', 0, 'name']);
    }
    return [
      {
        mode: 'container',
        ...(ip.networkName !== undefined ? { name: ip.networkName } : {}),
        labels: stringMap(ip.labels),
      },
    ];
  }
  return [{ mode: 'host', labels: {} }];
}

/** Host ports: `portDefinitions`, or the legacy `ports`, or Marathon's single default port — host networking only. */
export function portDefinitionsOf(app: AppInput, hostNetworking: boolean, ctx: NormalizeContext): PortDefinition[] {
  // With container networking the host ports are accounted for by portMappingsOf.
  if (!hostNetworking) {
    return [];
  }
  const explicit = app.portDefinitions;
  if (app.ports !== undefined) {
    if (explicit !== undefined) {
      ctx.ignore(['ports'], 'superseded', 'ports repeats portDefinitions (legacy form); portDefinitions is used');
    } else {
      app.ports.forEach((_, i) => ctx.recorder.move(['ports', i], ['portDefinitions', i, 'port']));
      ctx.findings.push({
        severity: 'info',
        path: ['ports'],
        code: 'legacy-converted',
        message: 'ports is the Marathon 1.4 form of portDefinitions',
      });
    }
  }
  const given = explicit ?? app.ports?.map((port) => ({ port }));
  if (given === undefined) {
    return [{ port: 0, name: 'default', protocol: 'tcp', labels: {} }];
  }
  return given.map((definition) => ({
    port: definition.port ?? 0,
    ...('name' in definition && definition.name !== undefined ? { name: definition.name } : {}),
    protocol: ('protocol' in definition ? definition.protocol : undefined) ?? 'tcp',
    labels: stringMap('labels' in definition ? definition.labels : undefined),
  }));
}

/**
 * Container ports for bridge and container networking: `container.portMappings`, the legacy
 * `container.docker.portMappings` or `ipAddress.discovery.ports`, else Marathon's single default mapping.
 */
export function portMappingsOf(app: AppInput, networks: readonly Network[], ctx: NormalizeContext): PortMapping[] {
  const hostNetworking = networks.some((network) => network.mode === 'host');
  const bridge = networks.some((network) => network.mode === 'container/bridge');
  let given: PortMappingInput[] | undefined = app.container?.portMappings;
  const legacyDocker = app.container?.docker?.portMappings;
  if (legacyDocker !== undefined) {
    if (given === undefined) {
      given = legacyDocker;
      ctx.converted(
        ['container', 'docker', 'portMappings'],
        ['container', 'portMappings'],
        'container.docker.portMappings is the Marathon 1.4 form of container.portMappings',
      );
    } else {
      ctx.ignore(
        ['container', 'docker', 'portMappings'],
        'superseded',
        'the legacy container.docker.portMappings repeats container.portMappings, which is used',
      );
    }
  }
  const discovery = app.ipAddress?.discovery?.ports;
  if (given === undefined && discovery !== undefined && discovery.length > 0) {
    discovery.forEach((_, i) => {
      ctx.recorder.move(
        ['ipAddress', 'discovery', 'ports', i, 'number'],
        ['container', 'portMappings', i, 'containerPort'],
      );
      ctx.recorder.move(['ipAddress', 'discovery', 'ports', i], ['container', 'portMappings', i]);
    });
    ctx.findings.push({
      severity: 'info',
      path: ['ipAddress', 'discovery', 'ports'],
      code: 'legacy-converted',
      message: 'ipAddress.discovery.ports is the Marathon 1.4 form of container.portMappings',
    });
    given = discovery.map((port) => ({
      containerPort: port.number ?? 0,
      name: port.name,
      protocol: port.protocol,
      labels: port.labels,
    }));
  }
  if (hostNetworking) {
    if (given !== undefined && given.length > 0) {
      const path =
        app.container?.portMappings !== undefined
          ? ['container', 'portMappings']
          : legacyDocker !== undefined
            ? ['container', 'docker', 'portMappings']
            : ['ipAddress', 'discovery', 'ports'];
      const why =
        app.networks === undefined && app.container?.docker?.network === undefined && app.ipAddress === undefined
          ? 'this app declares no networks, so Marathon runs it with host networking and drops them (add "networks": [{"mode": "container/bridge"}] if bridge networking was intended)'
          : 'this app uses host networking, so Marathon drops them (use portDefinitions)';
      ctx.ignore(path, 'unused', `port mappings only apply to bridge or container networking; ${why}`);
    }
    return [];
  }
  const mappings: PortMapping[] = (
    given ?? [{ containerPort: 0, servicePort: 0, protocol: 'tcp', name: 'default' }]
  ).map((mapping) => ({
    containerPort: mapping.containerPort ?? 0,
    ...(mapping.hostPort !== undefined ? { hostPort: mapping.hostPort } : bridge ? { hostPort: 0 } : {}),
    servicePort: mapping.servicePort ?? 0,
    ...(mapping.name !== undefined ? { name: mapping.name } : {}),
    protocol: mapping.protocol ?? 'tcp',
    labels: stringMap(mapping.labels),
    networkNames: [...(mapping.networkNames ?? [])],
  }));
  reportHostPortsInContainerMode(app, given?.length ?? 0, mappings.length, ctx);
  // Marathon adds a default mapping for each host port the mappings do not cover.
  const hostPorts = app.portDefinitions ?? app.ports ?? [];
  const field = app.portDefinitions !== undefined ? 'portDefinitions' : 'ports';
  for (let i = mappings.length; i < hostPorts.length; i++) {
    ctx.recorder.move([field, i], ['container', 'portMappings', i]);
    mappings.push({
      containerPort: 0,
      ...(bridge ? { hostPort: 0 } : {}),
      servicePort: 0,
      protocol: 'tcp',
      labels: {},
      networkNames: [],
    });
  }
  return mappings;
}

/** In container networking Marathon ignores host port definitions, except to add default mappings for extra ones. */
function reportHostPortsInContainerMode(
  app: AppInput,
  givenMappings: number,
  mappings: number,
  ctx: NormalizeContext,
): void {
  const field = app.portDefinitions !== undefined ? 'portDefinitions' : app.ports !== undefined ? 'ports' : undefined;
  if (field === undefined) {
    return;
  }
  if (app.ports !== undefined && app.portDefinitions !== undefined) {
    ctx.ignore(['ports'], 'superseded', 'ports repeats portDefinitions (legacy form)', false);
  }
  const hostPorts = (app.portDefinitions ?? app.ports ?? []).length;
  if (hostPorts === 0) {
    return;
  }
  const covered = Math.min(hostPorts, mappings);
  const reason = `${field} only apply to host networking; with container networking Marathon uses container.portMappings`;
  if (givenMappings === 0 && mappings > 0) {
    // The default mapping stands in for the first host port.
    ctx.recorder.move([field, 0], ['container', 'portMappings', 0]);
    for (let i = 1; i < covered; i++) {
      ctx.ignore([field, i], 'unused', reason);
    }
  } else {
    for (let i = 0; i < covered; i++) {
      ctx.ignore([field, i], 'unused', reason);
    }
  }
}
