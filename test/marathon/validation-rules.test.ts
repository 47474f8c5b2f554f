import { errors, loadJson, warnings } from '../helpers/load';

const docker = (extra: object = {}) => ({ type: 'DOCKER', docker: { image: 'nginx', ...extra } });
const app = (extra: object) => ({ id: '/a', cmd: 'run', ...extra });

describe('app validation: schema (types, enums, bounds, required fields)', () => {
  test.each<[string, object, string]>([
    ['missing id', { cmd: 'x' }, 'id: required field "id" is missing'],
    ['wrong type', app({ cpus: 'one' }), 'cpus: expected a number, got string "one"'],
    ['integer expected', app({ instances: 1.5 }), 'instances: expected an integer, got number 1.5'],
    [
      'int32 overflow',
      app({ instances: 3_000_000_000 }),
      'instances: must be at most 2147483647 (a 32-bit integer), got number 3000000000',
    ],
    ['negative', app({ mem: -1 }), 'mem: must be at least 0, got number -1'],
    [
      'port range',
      app({ portDefinitions: [{ port: 70000 }] }),
      'portDefinitions[0].port: must be at most 65535, got number 70000',
    ],
    [
      'enum',
      app({ killSelection: 'RANDOM' }),
      'killSelection: must be one of "YOUNGEST_FIRST", "OLDEST_FIRST", "YoungestFirst", "OldestFirst"; got string "RANDOM"',
    ],
    [
      'fraction',
      app({ upgradeStrategy: { minimumHealthCapacity: 1.5 } }),
      'upgradeStrategy.minimumHealthCapacity: must be at most 1, got number 1.5',
    ],
    ['empty cmd', app({ cmd: '' }), 'cmd: must not be empty'],
    ['env value type', app({ env: { A: 1 } }), 'env.A: expected a string or an object, got number 1'],
    ['env secret shape', app({ env: { A: { secret: 5 } } }), 'env.A.secret: expected a string, got number 5'],
    [
      'port name syntax',
      app({ portDefinitions: [{ name: 'Web_Port' }] }),
      'portDefinitions[0].name: must be a lowercase name of letters, digits and \'-\' that starts and ends with a letter or digit, got string "Web_Port"',
    ],
    [
      'volume kind by key',
      app({ container: { type: 'MESOS', volumes: [{ containerPath: 'd', mode: 'RW', persistent: { size: 'big' } }] } }),
      'container.volumes[0].persistent.size: expected a number, got string "big"',
    ],
    [
      'host volume needs hostPath',
      app({ container: { type: 'MESOS', volumes: [{ containerPath: '/d', mode: 'RW' }] } }),
      'container.volumes[0].hostPath: required field "hostPath" is missing',
    ],
    ['constraint arity', app({ constraints: [['hostname']] }), 'constraints[0]: must have at least 2 items'],
    [
      'unreachable strategy',
      app({ unreachableStrategy: 'never' }),
      'unreachableStrategy: expected "disabled" or an object, got string "never"',
    ],
  ])('%s', (_name, input, expected) => {
    expect(errors(loadJson(input))).toEqual([expected]);
  });

  test('unknown fields are warnings with a suggestion, and the app stays valid', () => {
    const result = loadJson(app({ healthcheck: [], container: docker({ priviledged: true, port_mappings: [] }) }));
    expect(result.definitions).toHaveLength(1);
    expect(warnings(result)).toEqual([
      'healthcheck: unknown field "healthcheck": not part of the schema (did you mean "healthChecks"?); kept and reported, not translated',
      'container.docker.priviledged: unknown field "priviledged": not part of the schema (did you mean "privileged"?); kept and reported, not translated',
      'container.docker.port_mappings: unknown field "port_mappings": not part of the schema (did you mean "portMappings"?); kept and reported, not translated',
    ]);
    expect(result.definitions[0].unknownFields.map((path) => path.join('.')).sort()).toEqual([
      'container.docker.port_mappings',
      'container.docker.priviledged',
      'healthcheck',
    ]);
  });
});

describe('app validation: Marathon rules', () => {
  test.each<[string, object, string]>([
    [
      'cmd and args',
      app({ args: ['x'] }),
      'args: cmd and args are mutually exclusive: cmd runs through /bin/sh -c, args go to the image entrypoint',
    ],
    [
      'nothing to run (a PATCH body)',
      { id: '/a', instances: 2 },
      '$: an app needs a cmd, args, or a container image to run; a partial update (PATCH /v2/apps) body is not a full app: export the app with GET /v2/apps/<id>',
    ],
    [
      'nothing to run in a MESOS container',
      app({ cmd: undefined, container: { type: 'MESOS' } }),
      '$: an app needs a cmd, args, or a container image to run',
    ],
    [
      'bad id segment',
      { id: '/Shop/web', cmd: 'x' },
      'id: segment "Shop" of "/Shop/web" is not a valid Marathon id segment: use lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit',
    ],
    [
      'reserved id',
      { id: '/shop/tasks', cmd: 'x' },
      'id: must not end with the reserved segment "tasks" (restart, tasks and versions are Marathon API paths)',
    ],
    [
      'DOCKER without image',
      app({ container: { type: 'DOCKER' } }),
      'container: a DOCKER container needs container.docker.image',
    ],
    [
      'pullConfig with Docker',
      app({ container: docker({ pullConfig: { secret: 's' } }), secrets: { s: { source: 'x' } } }),
      'container.docker.pullConfig: pullConfig is not supported with the Docker containerizer (use container.type MESOS)',
    ],
    [
      'pullConfig secret undeclared',
      app({ container: { type: 'MESOS', docker: { image: 'x', pullConfig: { secret: 's' } } } }),
      'container.docker.pullConfig.secret: refers to secret "s", which is not declared in secrets',
    ],
    [
      'GPUs with Docker',
      app({ gpus: 1, container: docker() }),
      'gpus: GPU resources only work with the Mesos containerizer (container.type MESOS)',
    ],
    [
      'single-instance label',
      app({ instances: 2, labels: { MARATHON_SINGLE_INSTANCE_APP: 'true' } }),
      'instances: a MARATHON_SINGLE_INSTANCE_APP may only have one instance',
    ],
    [
      'limit below request',
      app({ mem: 512, resourceLimits: { mem: 256 } }),
      'resourceLimits.mem: resource limit must be at least the requested mem (512), got 256',
    ],
    [
      'duplicate port names',
      app({ portDefinitions: [{ name: 'web' }, { name: 'web' }] }),
      'portDefinitions[1].name: port name "web" is already used at index 0',
    ],
    [
      'duplicate fixed ports',
      app({ portDefinitions: [{ port: 80 }, { port: 80 }] }),
      'portDefinitions[1].port: port "80" is already used at index 0',
    ],
    [
      'mapping on unknown network',
      app({
        networks: [{ name: 'a' }],
        container: { ...docker(), portMappings: [{ containerPort: 80, networkNames: ['b'] }] },
      }),
      'container.portMappings[0].networkNames[0]: network "b" is not one of the app\'s container networks',
    ],
    [
      'host network with a name',
      app({ networks: [{ mode: 'host', name: 'x' }] }),
      'networks[0]: host networks may not have a name or labels',
    ],
    [
      'mixed network modes',
      app({ networks: [{ mode: 'host' }, { mode: 'container', name: 'a' }], container: { type: 'MESOS' } }),
      'networks: specify a single host network, a single bridge network, or one or more container networks',
    ],
    [
      'Docker on two container networks',
      app({ networks: [{ name: 'a' }, { name: 'b' }], container: { ...docker(), portMappings: [] } }),
      'networks: the Docker containerizer supports only one container network',
    ],
    [
      'COMMAND check without command',
      app({ healthChecks: [{ protocol: 'COMMAND' }] }),
      'healthChecks[0]: a COMMAND health check needs command.value',
    ],
    [
      'port index out of range',
      app({ healthChecks: [{ protocol: 'HTTP', portIndex: 1 }] }),
      "healthChecks[0].portIndex: portIndex 1 does not address one of the app's 1 port(s)",
    ],
    [
      'HTTP check and no ports',
      app({ portDefinitions: [], healthChecks: [{ protocol: 'TCP' }] }),
      'healthChecks[0]: a TCP health check needs a port or a portIndex, and the app has no ports',
    ],
    [
      'two MESOS checks',
      app({ healthChecks: [{ protocol: 'MESOS_HTTP' }, { protocol: 'MESOS_TCP' }] }),
      'healthChecks: an app may have at most one MESOS_* health check',
    ],
    [
      'IPv6 check',
      app({ healthChecks: [{ protocol: 'HTTP', ipProtocol: 'IPv6' }] }),
      'healthChecks[0].ipProtocol: IPv6 only works with Docker containers and MESOS_HTTP/MESOS_HTTPS/MESOS_TCP checks',
    ],
    [
      'two readiness checks',
      app({ portDefinitions: [{ name: 'http-api' }], readinessChecks: [{}, {}] }),
      'readinessChecks: an app may have at most one readiness check',
    ],
    [
      'readiness on unnamed port',
      app({ readinessChecks: [{ portName: 'web' }] }),
      'readinessChecks[0].portName: no port is named "web" (readiness checks refer to ports by name)',
    ],
    [
      'unknown operator',
      app({ constraints: [['hostname', 'SOMETIMES']] }),
      'constraints[0][1]: constraint operator must be one of UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS; got "SOMETIMES"',
    ],
    [
      'UNIQUE with value',
      app({ constraints: [['hostname', 'UNIQUE', 'x']] }),
      'constraints[0][2]: UNIQUE takes no value',
    ],
    [
      'MAX_PER not a number',
      app({ constraints: [['rack', 'MAX_PER', 'two']] }),
      'constraints[0][2]: MAX_PER needs an integer value, got "two"',
    ],
    [
      'GROUP_BY not a number',
      app({ constraints: [['rack', 'GROUP_BY', 'x']] }),
      'constraints[0][2]: GROUP_BY takes no value or an integer, got "x"',
    ],
    [
      'LIKE without value',
      app({ constraints: [['rack', 'LIKE']] }),
      'constraints[0]: LIKE needs a regular expression value',
    ],
    [
      'LIKE with a bad regex',
      app({ constraints: [['rack', 'LIKE', 'rack-[']] }),
      'constraints[0][2]: "rack-[" is not a valid regular expression',
    ],
    ['IS without value', app({ constraints: [['rack', 'IS']] }), 'constraints[0]: IS needs a value to match'],
    [
      'persistent path with slash',
      app({ container: { type: 'MESOS', volumes: [{ containerPath: '/data', mode: 'RW', persistent: { size: 1 } }] } }),
      'container.volumes[0].containerPath: a persistent volume\'s containerPath is a name relative to the sandbox and must not contain "/", got "/data"',
    ],
    [
      'persistent volume read-only',
      app({ container: { type: 'MESOS', volumes: [{ containerPath: 'd', mode: 'RO', persistent: { size: 1 } }] } }),
      'container.volumes[0].mode: persistent volumes must be mounted RW',
    ],
    [
      'persistent volume size 0',
      app({ container: { type: 'MESOS', volumes: [{ containerPath: 'd', mode: 'RW', persistent: { size: 0 } }] } }),
      'container.volumes[0].persistent.size: a persistent volume needs a size greater than 0 (MiB)',
    ],
    [
      'resident app over capacity',
      app({
        upgradeStrategy: { maximumOverCapacity: 0.5 },
        container: { type: 'MESOS', volumes: [{ containerPath: 'd', mode: 'RW', persistent: { size: 1 } }] },
      }),
      'upgradeStrategy.maximumOverCapacity: apps with persistent volumes must use maximumOverCapacity 0 (an instance cannot start while its volume is in use)',
    ],
    [
      'external volume without provider',
      app({ container: { type: 'MESOS', volumes: [{ containerPath: '/d', mode: 'RW', external: { name: 'v' } }] } }),
      'container.volumes[0].external: an external volume needs a name and a provider',
    ],
    [
      'secret volume undeclared',
      app({ container: { type: 'MESOS', volumes: [{ containerPath: '/s', secret: 'tls' }] } }),
      'container.volumes[0].secret: refers to secret "tls", which is not declared in secrets',
    ],
    [
      'env secret undeclared',
      app({ env: { PASSWORD: { secret: 'pw' } } }),
      'env.PASSWORD.secret: refers to secret "pw", which is not declared in secrets',
    ],
    [
      'unreachable inactive after expunge',
      app({ unreachableStrategy: { inactiveAfterSeconds: 600, expungeAfterSeconds: 300 } }),
      'unreachableStrategy.inactiveAfterSeconds: inactiveAfterSeconds (600) must be at most expungeAfterSeconds (300)',
    ],
    [
      'bad role name',
      app({ acceptedResourceRoles: ['slave public'] }),
      'acceptedResourceRoles[0]: a role name must not contain whitespace, "/" or DEL',
    ],
    [
      'fetch URI with spaces',
      app({ fetch: [{ uri: 'https://h/my file.tgz' }] }),
      'fetch[0].uri: URI "https://h/my file.tgz" has invalid syntax (whitespace or control characters)',
    ],
    [
      'uris disagreeing with fetch',
      app({ uris: ['https://a'], fetch: [{ uri: 'https://b' }] }),
      'uris: the legacy uris disagree with fetch; keep one (fetch is the current form)',
    ],
    [
      'ipAddress and ports',
      app({ ipAddress: { networkName: 'dcos' }, ports: [80] }),
      'ipAddress: cannot specify both ipAddress and ports/portDefinitions',
    ],
    [
      'discovery ports on Docker',
      app({ container: docker(), ipAddress: { discovery: { ports: [{ number: 80, name: 'web' }] } } }),
      'ipAddress.discovery.ports: ipAddress.discovery.ports does not apply to Docker containers (use container.portMappings)',
    ],
    [
      'Docker fields on MESOS',
      app({ container: { type: 'MESOS', docker: { image: 'x', parameters: [{ key: 'a', value: 'b' }] } } }),
      'container.docker.parameters: container.docker.parameters only applies to the Docker containerizer, not MESOS',
    ],
  ])('%s', (_name, input, expected) => {
    expect(errors(loadJson(input))).toEqual([expected]);
  });

  test('empty args next to cmd are fine (Marathon omits empty arrays)', () => {
    expect(errors(loadJson(app({ args: [] })))).toEqual([]);
  });

  test('CLUSTER without a value is valid (Marathon ≥ 1.6 pins to the first agent)', () => {
    expect(errors(loadJson(app({ constraints: [['rack', 'CLUSTER']] })))).toEqual([]);
  });

  test('both port and portIndex: Marathon probes the port; a warning, not an error', () => {
    const result = loadJson(app({ healthChecks: [{ protocol: 'HTTP', port: 8080, portIndex: 0 }] }));
    expect(errors(result)).toEqual([]);
    expect(warnings(result)).toEqual([
      'healthChecks[0].portIndex: both port and portIndex are set; Marathon probes port and ignores portIndex',
    ]);
  });
});

describe('pod validation', () => {
  const c = (extra: object = {}) => ({ name: 'main', resources: { cpus: 0.1, mem: 32 }, ...extra });
  const pod = (extra: object) => ({ id: '/p', containers: [c()], ...extra });
  test.each<[string, object, string]>([
    ['no containers', { id: '/p', containers: [] }, 'containers: must not be an empty array'],
    [
      'missing resources',
      { id: '/p', containers: [{ name: 'c' }] },
      'containers[0].resources: required field "resources" is missing',
    ],
    [
      'container name syntax',
      pod({ containers: [c({ name: 'Main' })] }),
      'containers[0].name: must be a lowercase name of letters, digits and \'-\' that starts and ends with a letter or digit, got string "Main"',
    ],
    [
      'duplicate container names',
      pod({ containers: [c(), c()] }),
      'containers[1].name: container name "main" is already used at index 0',
    ],
    [
      'duplicate endpoint names across containers',
      pod({ containers: [c({ endpoints: [{ name: 'http' }] }), c({ name: 'b', endpoints: [{ name: 'http' }] })] }),
      'containers[1].endpoints[0].name: endpoint name "http" is already used at index 0',
    ],
    [
      'container network needs containerPort',
      pod({ networks: [{ name: 'dcos' }], containers: [c({ endpoints: [{ name: 'http' }] })] }),
      'containers[0].endpoints[0]: containerPort is required with container networking',
    ],
    [
      'health check on unknown endpoint',
      pod({ containers: [c({ healthCheck: { tcp: { endpoint: 'admin' } } })] }),
      'containers[0].healthCheck.tcp.endpoint: endpoint "admin" is not an endpoint of container "main"',
    ],
    [
      'health check with two kinds',
      pod({
        containers: [
          c({ endpoints: [{ name: 'h' }], healthCheck: { tcp: { endpoint: 'h' }, http: { endpoint: 'h' } } }),
        ],
      }),
      'containers[0].healthCheck: a health check needs exactly one of http, tcp or exec',
    ],
    [
      'shell and argv',
      pod({ containers: [c({ exec: { command: { shell: 'a', argv: ['b'] } } })] }),
      'containers[0].exec.command: give either shell or argv, not both',
    ],
    [
      'mount of an unknown volume',
      pod({ containers: [c({ volumeMounts: [{ name: 'data', mountPath: '/d' }] })] }),
      'containers[0].volumeMounts[0].name: no pod volume is named "data"',
    ],
    [
      'volume nobody mounts',
      pod({ volumes: [{ name: 'data' }] }),
      'volumes[0]: volume "data" is not mounted by any container',
    ],
    [
      'image kind',
      pod({ containers: [c({ image: { kind: 'APPC', id: 'x' } })] }),
      'containers[0].image.kind: must be one of "DOCKER"; got string "APPC"',
    ],
    [
      'pod env names are strict',
      pod({ environment: { 'MY-VAR': 'x' } }),
      'environment["MY-VAR"]: key "MY-VAR": environment variable names must match [a-zA-Z_][a-zA-Z0-9_]*',
    ],
    [
      'scaling kind',
      pod({ scaling: { kind: 'elastic' } }),
      'scaling.kind: must be one of "fixed"; got string "elastic"',
    ],
    [
      'object constraints',
      pod({ scheduling: { placement: { constraints: [{ fieldName: 'rack', operator: 'MAX_PER', value: 'x' }] } } }),
      'scheduling.placement.constraints[0].value: MAX_PER needs an integer value, got "x"',
    ],
  ])('%s', (_name, input, expected) => {
    expect(errors(loadJson(input))).toEqual([expected]);
  });
});

describe('Metronome job validation', () => {
  const run = { cmd: 'true', cpus: 0.1, mem: 32, disk: 0 };
  const job = (extra: object, runExtra: object = {}) => ({ id: 'j', run: { ...run, ...runExtra }, ...extra });
  const schedule = (extra: object) => job({ schedules: [{ id: 's', cron: '0 * * * *', ...extra }] });
  test.each<[string, object, string]>([
    [
      'Marathon-style id',
      { id: '/backup/nightly', run },
      'id: "/backup/nightly" is not a valid job id: Metronome ids are lowercase dot-separated names of letters, digits and "-" (e.g. "backup.nightly") (Metronome ids use "." where Marathon uses "/")',
    ],
    [
      'nothing to run',
      job({}, { cmd: undefined, args: ['x'] }),
      'run: a job needs run.cmd, a run.docker image or a run.ucr image (args alone are not enough)',
    ],
    ['mem below 32', job({}, { mem: 16 }), 'run.mem: must be at least 32, got number 16'],
    [
      'docker and ucr',
      job({}, { docker: { image: 'a' }, ucr: { image: { id: 'b' } } }),
      'run.ucr: give either run.docker or run.ucr, not both',
    ],
    [
      'GPUs with Docker',
      job({}, { gpus: 1, docker: { image: 'a' } }),
      'run.gpus: GPUs are not supported with Docker (use run.ucr)',
    ],
    [
      'file secret with Docker',
      job(
        {},
        { docker: { image: 'a' }, secrets: { s: { source: 'x' } }, volumes: [{ containerPath: '/s', secret: 's' }] },
      ),
      'run.volumes[0]: file-based secrets are only supported with run.ucr, not run.docker',
    ],
    [
      'constraint without value',
      job({}, { placement: { constraints: [{ attribute: 'rack', operator: 'LIKE' }] } }),
      'run.placement.constraints[0]: LIKE needs a value',
    ],
    [
      'constraint operator',
      job({}, { placement: { constraints: [{ attribute: 'rack', operator: 'MAX_PER', value: '1' }] } }),
      'run.placement.constraints[0].operator: must be one of "IS", "EQ", "LIKE", "UNLIKE"; got string "MAX_PER"',
    ],
    [
      'container network without name',
      job({}, { docker: { image: 'a' }, networks: [{ mode: 'container' }] }),
      'run.networks[0]: a container network needs a name',
    ],
    [
      'bridge without a container',
      job({}, { networks: [{ mode: 'container/bridge' }] }),
      'run.networks: only jobs with a container (docker or ucr) may join container or bridge networks',
    ],
    [
      'two schedules',
      job({
        schedules: [
          { id: 'a', cron: '0 * * * *' },
          { id: 'b', cron: '0 * * * *' },
        ],
      }),
      'schedules: Metronome allows at most one schedule per job',
    ],
    [
      'schedules and dependencies',
      job({ dependencies: [{ id: 'other' }], schedules: [{ id: 'a', cron: '0 * * * *' }] }),
      'dependencies: a job may not have both dependencies and schedules',
    ],
    [
      'year out of range',
      schedule({ cron: '0 0 * * * 1960' }),
      'schedules[0].cron: year field "1960": "1960" is not a value between 1970 and 2099',
    ],
    [
      'seven fields (Quartz seconds)',
      schedule({ cron: '0 0 12 * * ? 2030' }),
      'schedules[0].cron: a cron expression has 5 fields (minute hour day-of-month month day-of-week) and an optional year, got 7',
    ],
    [
      'too few fields',
      schedule({ cron: '0 * * *' }),
      'schedules[0].cron: a cron expression has 5 fields (minute hour day-of-month month day-of-week) and an optional year, got 4',
    ],
    [
      'nickname',
      schedule({ cron: '@daily' }),
      'schedules[0].cron: cron nicknames like "@daily" are not supported by Metronome; write the five fields',
    ],
    [
      'minute out of range',
      schedule({ cron: '61 * * * *' }),
      'schedules[0].cron: minute field "61": "61" is not a value between 0 and 59',
    ],
    [
      'question mark',
      schedule({ cron: '0 0 ? * MON' }),
      'schedules[0].cron: day-of-month field "?": "?" is not supported by Metronome',
    ],
    [
      'backwards range',
      schedule({ cron: '0 9-5 * * *' }),
      'schedules[0].cron: hour field "9-5": range "9-5" runs backwards',
    ],
    [
      'unknown time zone',
      schedule({ timezone: 'Mars/Olympus' }),
      'schedules[0].timezone: "Mars/Olympus" is not an IANA time zone id (e.g. "UTC", "America/Chicago")',
    ],
    [
      'time zone case',
      schedule({ timezone: 'america/new_york' }),
      'schedules[0].timezone: time zone ids are case-sensitive: use "America/New_York" instead of "america/new_york"',
    ],
    [
      'starting deadline',
      schedule({ startingDeadlineSeconds: 30 }),
      'schedules[0].startingDeadlineSeconds: must be at least 60, got 30',
    ],
    [
      'schedule id',
      schedule({ id: 'Nightly' }),
      'schedules[0].id: "Nightly" is not a valid schedule id: Metronome ids are lowercase dot-separated names of letters, digits and "-" (e.g. "backup.nightly")',
    ],
  ])('%s', (_name, input, expected) => {
    expect(errors(loadJson(input))).toEqual([expected]);
  });

  test.each([
    '*/15 * * * *',
    '0 9 1-7 * MON-FRI',
    '0 0 L * *',
    '0 0 15W * *',
    '0 0 * * 5L',
    '0 0 * * 1#2',
    '30 2 * JAN,JUL 0',
    '0 0 1 1 * 2030',
    '0 12 * * 7',
  ])('cron %s is accepted', (cron) => {
    expect(errors(loadJson(schedule({ cron })))).toEqual([]);
  });

  test.each(['UTC', 'America/Chicago', 'Europe/Berlin', 'US/Pacific', 'Etc/GMT+5'])(
    'time zone %s is accepted',
    (timezone) => {
      expect(errors(loadJson(schedule({ timezone })))).toEqual([]);
    },
  );
});
