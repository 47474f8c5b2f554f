import { AppDefinition } from '../../lib/marathon/load/definition';
import { MARATHON_DEFAULTS } from '../../lib/marathon/normalize/common';
import { codes, errors, loadJson, only, warnings } from '../helpers/load';

const app = (value: object): AppDefinition => only(loadJson(value)) as AppDefinition;

describe('app normalization: Marathon defaults', () => {
  const minimal = app({ id: '/a', cmd: 'sleep 100' });

  test('resources, scale and scheduling defaults come from the RAML', () => {
    expect(minimal.spec).toMatchObject({
      id: '/a',
      instances: 1,
      cpus: 1,
      mem: 128,
      disk: 0,
      gpus: 0,
      requirePorts: false,
      killSelection: 'YOUNGEST_FIRST',
      backoffSeconds: 1,
      backoffFactor: 1.15,
      maxLaunchDelaySeconds: 300,
      upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
      unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 },
    });
  });

  test('host networking with Marathon’s single default port', () => {
    expect(minimal.spec.networks).toEqual([{ mode: 'host', labels: {} }]);
    expect(minimal.spec.portDefinitions).toEqual([{ port: 0, name: 'default', protocol: 'tcp', labels: {} }]);
    expect(minimal.spec.container).toBeUndefined();
  });

  test('defaults are distinguishable from values the user wrote', () => {
    expect(minimal.provenance.isDefaulted(['cpus'])).toBe(true);
    expect(minimal.provenance.originalPathOf(['cmd'])).toEqual(['cmd']);
    expect(minimal.provenance.originalPathOf(['portDefinitions', 0, 'port'])).toBeUndefined();
  });

  test('`portDefinitions: []` means no ports, not the default port', () => {
    expect(app({ id: '/a', cmd: 'x', portDefinitions: [] }).spec.portDefinitions).toEqual([]);
  });

  test('apps with persistent volumes are resident: upgrade 0.5/0 and unreachable disabled', () => {
    const resident = app({
      id: '/db',
      cmd: 'x',
      container: { type: 'MESOS', volumes: [{ containerPath: 'data', mode: 'RW', persistent: { size: 1024 } }] },
    });
    expect(resident.spec.upgradeStrategy).toEqual(MARATHON_DEFAULTS.residentUpgradeStrategy);
    expect(resident.spec.unreachableStrategy).toBe('disabled');
    expect(resident.spec.container?.volumes[0]).toEqual({
      kind: 'persistent',
      containerPath: 'data',
      persistent: { size: 1024, constraints: [] },
      mode: 'RW',
    });
  });

  test('a partial upgradeStrategy keeps the other default', () => {
    expect(app({ id: '/a', cmd: 'x', upgradeStrategy: { minimumHealthCapacity: 0.5 } }).spec.upgradeStrategy).toEqual({
      minimumHealthCapacity: 0.5,
      maximumOverCapacity: 1,
    });
  });

  test('health checks get every default, port checks probe the first port', () => {
    const checked = app({
      id: '/a',
      cmd: 'x',
      healthChecks: [{ protocol: 'HTTP' }, { protocol: 'COMMAND', command: { value: 'true' } }, {}],
    });
    expect(checked.spec.healthChecks[0]).toEqual({
      protocol: 'HTTP',
      path: '/',
      portIndex: 0,
      ipProtocol: 'IPv4',
      ignoreHttp1xx: false,
      gracePeriodSeconds: 300,
      intervalSeconds: 60,
      timeoutSeconds: 20,
      maxConsecutiveFailures: 3,
      delaySeconds: 15,
    });
    expect(checked.spec.healthChecks[1]).toMatchObject({ protocol: 'COMMAND', command: 'true' });
    expect(checked.spec.healthChecks[1].portIndex).toBeUndefined();
    expect(checked.provenance.originalPathOf(['healthChecks', 1, 'command'])).toEqual([
      'healthChecks',
      1,
      'command',
      'value',
    ]);
    expect(checked.spec.healthChecks[2].protocol).toBe('HTTP');
  });

  test('readiness checks get Marathon’s defaults, including [200]', () => {
    const ready = app({ id: '/a', cmd: 'x', portDefinitions: [{ port: 0, name: 'http-api' }], readinessChecks: [{}] });
    expect(ready.spec.readinessChecks).toEqual([
      {
        name: 'readinessCheck',
        protocol: 'HTTP',
        path: '/',
        portName: 'http-api',
        intervalSeconds: 30,
        timeoutSeconds: 10,
        httpStatusCodesForReady: [200],
        preserveLastResponse: false,
      },
    ]);
  });
});

describe('app normalization: legacy forms become their Marathon 1.5+ equivalents', () => {
  test('ports → portDefinitions, value by value', () => {
    const legacy = app({ id: '/a', cmd: 'x', ports: [8080, 0] });
    expect(legacy.spec.portDefinitions).toEqual([
      { port: 8080, protocol: 'tcp', labels: {} },
      { port: 0, protocol: 'tcp', labels: {} },
    ]);
    expect(legacy.provenance.originalPathOf(['portDefinitions', 1, 'port'])).toEqual(['ports', 1]);
    expect(legacy.provenance.normalizedPathOf(['ports', 0])).toEqual(['portDefinitions', 0, 'port']);
  });

  test('ports that repeat portDefinitions are superseded, different ones are a conflict', () => {
    const both = loadJson({ id: '/a', cmd: 'x', ports: [80], portDefinitions: [{ port: 80 }] });
    expect(only(both).spec).toMatchObject({ portDefinitions: [{ port: 80 }] });
    expect(warnings(both)).toEqual(['ports: ports repeats portDefinitions (legacy form); portDefinitions is used']);
    expect(errors(loadJson({ id: '/a', cmd: 'x', ports: [81], portDefinitions: [{ port: 80 }] }))).toEqual([
      'ports: cannot specify both ports and portDefinitions (ports is the legacy form of portDefinitions)',
    ]);
  });

  test('uris → fetch, extracting archives the way Marathon does', () => {
    const legacy = app({
      id: '/a',
      cmd: 'x',
      uris: ['https://h/app.tgz', 'https://h/conf.yml', 'https://h/x.tar.gz?sig=1', 'hdfs:///b.zip'],
    });
    expect(legacy.spec.fetch.map((artifact) => [artifact.uri, artifact.extract])).toEqual([
      ['https://h/app.tgz', true],
      ['https://h/conf.yml', false],
      ['https://h/x.tar.gz?sig=1', true],
      ['hdfs:///b.zip', true],
    ]);
    expect(legacy.provenance.originalPathOf(['fetch', 2, 'uri'])).toEqual(['uris', 2]);
    expect(legacy.provenance.originalPathOf(['fetch', 2, 'extract'])).toBeUndefined();
  });

  test.each([
    ['HOST', [{ mode: 'host', labels: {} }]],
    ['BRIDGE', [{ mode: 'container/bridge', labels: {} }]],
    ['USER', [{ mode: 'container', labels: {} }]],
  ])('container.docker.network %s → networks', (network, expected) => {
    const legacy = app({ id: '/a', container: { type: 'DOCKER', docker: { image: 'nginx', network } } });
    expect(legacy.spec.networks).toEqual(expected);
    expect(legacy.provenance.originalPathOf(['networks', 0, 'mode'])).toEqual(['container', 'docker', 'network']);
  });

  test('docker.network NONE is rejected as Marathon 1.5 does', () => {
    expect(errors(loadJson({ id: '/a', container: { docker: { image: 'nginx', network: 'NONE' } } }))).toEqual([
      'container.docker.network: docker network NONE is not supported by Marathon (since 1.5); use a container network or host networking',
    ]);
  });

  test('container.docker.portMappings → container.portMappings, bridge host ports default to 0', () => {
    const legacy = app({
      id: '/a',
      container: {
        type: 'DOCKER',
        docker: {
          image: 'nginx',
          network: 'BRIDGE',
          portMappings: [{ containerPort: 80, servicePort: 10000, name: 'web' }],
        },
      },
    });
    expect(legacy.spec.container?.portMappings).toEqual([
      {
        containerPort: 80,
        hostPort: 0,
        servicePort: 10000,
        name: 'web',
        protocol: 'tcp',
        labels: {},
        networkNames: [],
      },
    ]);
    expect(legacy.spec.portDefinitions).toEqual([]);
    expect(legacy.provenance.originalPathOf(['container', 'portMappings', 0, 'servicePort'])).toEqual([
      'container',
      'docker',
      'portMappings',
      0,
      'servicePort',
    ]);
  });

  test('bridge networking without mappings gets Marathon’s default mapping; container mode leaves hostPort unset', () => {
    expect(
      app({ id: '/a', networks: [{ mode: 'container/bridge' }], container: { docker: { image: 'x' } } }).spec.container
        ?.portMappings,
    ).toEqual([
      { containerPort: 0, hostPort: 0, servicePort: 0, name: 'default', protocol: 'tcp', labels: {}, networkNames: [] },
    ]);
    expect(
      app({
        id: '/a',
        networks: [{ name: 'dcos' }],
        container: { docker: { image: 'x' }, portMappings: [{ containerPort: 80 }] },
      }).spec,
    ).toMatchObject({
      networks: [{ mode: 'container', name: 'dcos', labels: {} }],
      container: { portMappings: [{ containerPort: 80, servicePort: 0, protocol: 'tcp' }] },
    });
  });

  test('ipAddress → a container network and its discovery ports → port mappings (Mesos containerizer)', () => {
    const legacy = app({
      id: '/a',
      cmd: 'x',
      container: { type: 'MESOS' },
      ipAddress: {
        networkName: 'dcos',
        labels: { team: 'a' },
        groups: ['g'],
        discovery: { ports: [{ number: 8080, name: 'http', protocol: 'tcp' }] },
      },
    });
    expect(legacy.spec.networks).toEqual([{ mode: 'container', name: 'dcos', labels: { team: 'a' } }]);
    expect(legacy.spec.container?.portMappings).toEqual([
      { containerPort: 8080, servicePort: 0, name: 'http', protocol: 'tcp', labels: {}, networkNames: [] },
    ]);
    expect(legacy.provenance.originalPathOf(['container', 'portMappings', 0, 'containerPort'])).toEqual([
      'ipAddress',
      'discovery',
      'ports',
      0,
      'number',
    ]);
    expect(legacy.provenance.ignored.map((field) => field.path.join('.'))).toContain('ipAddress.groups');
  });

  test('ipAddress without a container gets the Mesos container Marathon creates', () => {
    expect(app({ id: '/a', cmd: 'x', ipAddress: { networkName: 'dcos' } }).spec.container).toEqual({
      type: 'MESOS',
      volumes: [],
      portMappings: [
        { containerPort: 0, servicePort: 0, name: 'default', protocol: 'tcp', labels: {}, networkNames: [] },
      ],
    });
  });

  test('files written for both eras are accepted when both forms agree; the modern form wins', () => {
    const dual = loadJson({
      id: '/a',
      networks: [{ mode: 'container/bridge' }],
      container: {
        portMappings: [{ containerPort: 80, hostPort: 0 }],
        docker: { image: 'nginx', network: 'BRIDGE', portMappings: [{ containerPort: 80, hostPort: 0 }] },
      },
    });
    expect(errors(dual)).toEqual([]);
    expect(codes(dual, 'warning').sort()).toEqual([
      'container.docker.network ignored-superseded',
      'container.docker.portMappings ignored-superseded',
    ]);
    expect(
      errors(
        loadJson({
          id: '/a',
          networks: [{ mode: 'host' }],
          container: { docker: { image: 'nginx', network: 'BRIDGE' } },
        }),
      ),
    ).toEqual([
      'container.docker.network: the legacy container.docker.network BRIDGE disagrees with networks; keep one',
    ]);
  });

  test('app constraints become objects; their paths still point at the array form', () => {
    const constrained = app({
      id: '/a',
      cmd: 'x',
      constraints: [
        ['hostname', 'UNIQUE'],
        ['rack', 'GROUP_BY', '3'],
      ],
    });
    expect(constrained.spec.constraints).toEqual([
      { fieldName: 'hostname', operator: 'UNIQUE' },
      { fieldName: 'rack', operator: 'GROUP_BY', value: '3' },
    ]);
    expect(constrained.provenance.originalPathOf(['constraints', 1, 'value'])).toEqual(['constraints', 1, 2]);
  });

  test('Marathon 1.4 killSelection spellings', () => {
    expect(app({ id: '/a', cmd: 'x', killSelection: 'OldestFirst' }).spec.killSelection).toBe('OLDEST_FIRST');
  });

  test('relative ids and dependencies resolve against the root for standalone apps', () => {
    expect(app({ id: 'shop/web', cmd: 'x', dependencies: ['db', '../other'] }).spec).toMatchObject({
      id: '/shop/web',
      dependencies: ['/db', '/other'],
    });
  });

  test('API null members mean "unset" and are reported as ignored, not rejected', () => {
    const fromApi = app({ id: '/a', cmd: 'x', args: null, user: null, container: null, healthChecks: [] });
    expect(fromApi.spec.args).toBeUndefined();
    expect(
      fromApi.provenance.ignored.filter((field) => field.kind === 'null').map((field) => field.path.join('.')),
    ).toEqual(['args', 'user', 'container']);
  });

  test('API status fields are ignored and listed', () => {
    const fromApi = app({
      id: '/a',
      cmd: 'x',
      tasksRunning: 2,
      tasks: [{ id: 't' }],
      deployments: [],
      version: '2017-01-01T00:00:00Z',
      versionInfo: { lastScalingAt: 'x', lastConfigChangeAt: 'y' },
    });
    expect(fromApi.spec.version).toBe('2017-01-01T00:00:00Z');
    expect(fromApi.provenance.ignored.map((field) => `${field.path.join('.')}:${field.kind}`).sort()).toEqual([
      'deployments:status',
      'tasks:status',
      'tasksRunning:status',
      'versionInfo:status',
    ]);
  });

  test('host ports given to an app on container networking are reported as unused, never silently dropped', () => {
    const result = loadJson({
      id: '/a',
      networks: [{ mode: 'container/bridge' }],
      container: { docker: { image: 'x' }, portMappings: [{ containerPort: 80 }] },
      portDefinitions: [{ port: 80 }],
      requirePorts: true,
    });
    expect(codes(result, 'warning').sort()).toEqual([
      'portDefinitions[0] ignored-unused',
      'requirePorts ignored-unused',
    ]);
  });
});
