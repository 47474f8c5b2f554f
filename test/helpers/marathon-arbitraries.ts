import fc from 'fast-check';
import { TranslateOptions } from '../../lib/translate/options';

/**
 * fast-check generators of Marathon apps, pods and Metronome jobs that Marathon's schema accepts, filled with the
 * values real estates and careless editors produce: odd characters, unicode, long strings, numbers at their bounds,
 * many ports and labels. Most documents they make are valid, so the translation behind validation is what gets
 * exercised; the few the rules reject are simply skipped by the properties.
 */

/** A JSON value as the generators build it; `undefined` members vanish when it is serialized. */
type Json = unknown;
type Doc = Record<string, Json>;

const TRICKY = [
  '',
  ' ',
  'a b',
  'null',
  'NULL',
  'Null',
  '-x',
  'x-',
  '.',
  '..',
  '_',
  'a/b',
  'a/b/c',
  'A',
  'a.b',
  'a_b',
  'a-b',
  'ünïcödé',
  '🚀',
  'rack 1/a',
  'my attr!',
  'x'.repeat(63),
  'x'.repeat(64),
  'y'.repeat(254),
  'z'.repeat(2000),
  'a=b',
  '=',
  'k=',
  '$(FOO)',
  '$PORT0',
  '0',
  '07',
  '1e3',
  'true',
  'on',
  'example.com/key',
  'Example.COM/Key',
  '/abs',
  'c:\\x',
  'line\nbreak',
  'tab\there',
  '\u0000',
  '\u202e',
  'a\u200bb',
  'HOST',
  'PORT0',
  'PORTS',
  'MESOS_TASK_ID',
  '0.0.0.0',
  '10.0.0.1',
  '::1',
  'app.kubernetes.io/name',
  'kubernetes.io/hostname',
  'VIP_0',
  'HAPROXY_GROUP',
  'HAPROXY_0_VHOST',
];

/** Strings of every kind: short ASCII, unicode graphemes, the tricky constants, long runs. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/) },
  { weight: 1, arbitrary: fc.nat({ max: 400 }).map((n) => 'w'.repeat(n)) },
);
const nonEmpty = oddString.filter((s) => s.length > 0);

/** Names Marathon accepts as `strings.Name` (ports, endpoints, containers), up to its 63 characters. */
const marathonName = fc.oneof(
  fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,14}[a-z0-9])?$/),
  fc.constantFrom('http', 'admin', 'port0', 'a'.repeat(63), '9', 'udp', 'web-udp'),
);
const segment = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/) },
  { weight: 1, arbitrary: fc.constantFrom('a'.repeat(80), '0', 'x.y', 'api-v2') },
);
const appId = fc.array(segment, { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.join('/')}`);
const jobId = fc
  .array(
    segment.filter((s) => !s.includes('.')),
    { minLength: 1, maxLength: 3 },
  )
  .map((segments) => segments.join('.'));

const int32 = fc.oneof(
  fc.constantFrom(0, 1, 2_147_483_647),
  fc.integer({ min: 0, max: 2_147_483_647 }),
  fc.nat({ max: 100 }),
);
const seconds = fc.oneof(fc.constantFrom(0, 1, 2_147_483_647), fc.nat({ max: 4000 }));
const anyPort = fc.oneof(fc.constantFrom(0, 1, 80, 65535, 10000, 10001), fc.integer({ min: 0, max: 65535 }));
const fraction = fc.oneof(fc.constantFrom(0, 1, 0.5), fc.double({ min: 0, max: 1, noNaN: true }));
const cpus = fc.oneof(fc.constantFrom(0.001, 0.0015, 1, 1e6, 1e15), fc.double({ min: 0.001, max: 64, noNaN: true }));
const mem = fc.oneof(fc.constantFrom(0, 0.001, 32, 1e9, 1e15), fc.double({ min: 0, max: 65536, noNaN: true }));
const protocol = fc.constantFrom('tcp', 'udp', 'udp,tcp');

const stringMap = (keys: fc.Arbitrary<string>, max: number) => fc.dictionary(keys, oddString, { maxKeys: max });
const labelKey = fc.oneof(
  oddString,
  fc.constantFrom(
    'HAPROXY_GROUP',
    'HAPROXY_0_VHOST',
    'HAPROXY_0_PORT',
    'HAPROXY_0_MODE',
    'HAPROXY_0_PATH',
    'HAPROXY_0_REDIRECT_TO_HTTPS',
    'HAPROXY_0_STICKY',
    'DCOS_SERVICE_NAME',
    'DCOS_PACKAGE_NAME',
    'MARATHON_SINGLE_INSTANCE_APP',
    'team',
    'Team',
    'TEAM',
  ),
);
const labelValue = fc.oneof(
  oddString,
  fc.constantFrom(
    'external',
    'internal',
    'shop.example.com',
    'a.example.com,b.example.com',
    'http',
    'tcp',
    '/api',
    'true',
    '8080',
  ),
);
const labels = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(labelKey, labelValue, { maxKeys: 8 }) },
  {
    weight: 1,
    arbitrary: fc
      .nat({ max: 300 })
      .map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`LABEL_${i}`, 'v'.repeat(1000)]))),
  },
);
const host = fc.oneof(
  fc.constantFrom(
    'shop.example.com',
    '*.example.com',
    'Shop.Example.com',
    '10.0.0.1',
    'a b',
    'x'.repeat(300),
    'a..b',
    '',
  ),
  oddString,
);
/** marathon-lb labels for the first ports: the group, virtual hosts (comma-separated), paths (space-separated), modes. */
const marathonLbLabels = fc.option(
  fc.record(
    {
      HAPROXY_GROUP: fc.constantFrom('external', 'internal', 'external,internal'),
      HAPROXY_0_VHOST: fc.array(host, { minLength: 1, maxLength: 3 }).map((hosts) => hosts.join(',')),
      HAPROXY_0_PATH: fc.oneof(fc.constantFrom('/', '/api /v2', 'api', '/a//b', '/x/..', '/%2f', '/./x'), oddString),
      HAPROXY_1_MODE: fc.constantFrom('tcp', 'http', 'TCP'),
      HAPROXY_1_PORT: fc.oneof(fc.constantFrom('8080', '99999', '1e400', 'abc', '0'), oddString),
    },
    { requiredKeys: ['HAPROXY_GROUP'] },
  ),
  { nil: {} },
);
const envName = fc.oneof(nonEmpty, fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,12}$/));

const OPERATORS = ['UNIQUE', 'CLUSTER', 'GROUP_BY', 'LIKE', 'UNLIKE', 'MAX_PER', 'IS'];
const constraintField = fc.oneof(
  fc.constantFrom(
    'hostname',
    '@zone',
    '@region',
    'rack',
    'my attr!',
    'node-class',
    'x'.repeat(70),
    'a/b',
    'Example.COM/Key',
  ),
  oddString,
);
const constraintValue = fc.oneof(
  fc.constantFrom(
    '1',
    '2',
    '3',
    'a|b|c',
    'rack-1|rack-2',
    'us-east-1a',
    'rack 1/a',
    'v'.repeat(70),
    'x|' + 'y'.repeat(70),
  ),
  oddString,
);
const constraint = fc
  .tuple(constraintField, fc.constantFrom(...OPERATORS), fc.option(constraintValue, { nil: undefined }))
  .map(([field, op, value]) => (value === undefined ? [field, op] : [field, op, value]));

const DOCKER_KEYS = [
  'label',
  'l',
  'env',
  'e',
  'cap-add',
  'cap-drop',
  'user',
  'workdir',
  'shm-size',
  'tmpfs',
  'read-only',
  'security-opt',
  'hostname',
  'add-host',
  'dns',
  'dns-search',
  'sysctl',
  'init',
  'entrypoint',
  'privileged',
  'log-driver',
  'ulimit',
  'volume',
];
const dockerValue = fc.oneof(
  oddString,
  fc.constantFrom(
    'a=b',
    'a b=c d',
    'FOO=bar',
    '1X=2',
    'NAME',
    '/dev/shm',
    '/tmp:rw',
    '64m',
    'huge',
    'host:10.0.0.1',
    'host',
    'db:::1',
    '8.8.8.8',
    'net.core.somaxconn=1024',
    'bad name=1',
    'no-new-privileges',
    '0:0',
    '99999999999',
    'my.host.name',
    'UPPER',
  ),
);
const dockerParameter = fc.record({
  key: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...DOCKER_KEYS) }, { weight: 1, arbitrary: nonEmpty }),
  value: dockerValue,
});

const healthCheck = fc
  .record(
    {
      protocol: fc.constantFrom('HTTP', 'HTTPS', 'TCP', 'COMMAND', 'MESOS_TCP', 'MESOS_HTTP', 'MESOS_HTTPS'),
      path: oddString,
      portIndex: fc.nat({ max: 3 }),
      port: anyPort,
      command: fc.record({ value: nonEmpty }),
      gracePeriodSeconds: seconds,
      intervalSeconds: seconds,
      timeoutSeconds: seconds,
      maxConsecutiveFailures: seconds,
      delaySeconds: seconds,
    },
    { requiredKeys: ['protocol'] },
  )
  .map((check) =>
    check.protocol === 'COMMAND'
      ? { ...check, portIndex: undefined, port: undefined }
      : { ...check, command: undefined },
  );
const readinessCheck = fc.record(
  {
    name: nonEmpty,
    protocol: fc.constantFrom('HTTP', 'HTTPS'),
    path: nonEmpty.filter((p) => p.length <= 1024),
    portName: marathonName,
    intervalSeconds: seconds,
    timeoutSeconds: fc.integer({ min: 1, max: 4000 }),
    httpStatusCodesForReady: fc.array(fc.integer({ min: 100, max: 999 }), { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ['portName'] },
);
const linuxInfo = fc.record(
  {
    ipcInfo: fc.record(
      { mode: fc.constantFrom('PRIVATE', 'SHARE_PARENT'), shmSize: fc.nat({ max: 100000 }) },
      { requiredKeys: ['mode'] },
    ),
    seccomp: fc.record({ profileName: nonEmpty, unconfined: fc.boolean() }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

const vip = fc.oneof(
  oddString,
  fc.constantFrom(
    '/web:80',
    'web:8080',
    '/shop/api:443',
    '/a b:80',
    '10.0.0.1:80',
    '/x:99999',
    '/UPPER:80',
    '/web:0',
    ':80',
    '/' + 'v'.repeat(80) + ':80',
  ),
);
const portLabels = fc.dictionary(fc.constantFrom('VIP_0', 'VIP_1', 'foo', 'HAPROXY_0'), vip, { maxKeys: 2 });
const portDefinition = fc.record(
  { port: anyPort, name: marathonName, protocol, labels: portLabels },
  { requiredKeys: [] },
);
const portMapping = fc.record(
  { containerPort: anyPort, hostPort: anyPort, servicePort: anyPort, name: marathonName, protocol, labels: portLabels },
  { requiredKeys: [] },
);
// 65536 is one more than there are port numbers: validation must reject it; the others must translate.
const manyPorts = fc
  .oneof({ weight: 6, arbitrary: fc.constantFrom(100, 1000, 5000) }, { weight: 1, arbitrary: fc.constant(65536) })
  .map((n) => Array.from({ length: n }, () => ({ port: 0 })));

const containerPath = fc.oneof(
  fc.constantFrom('/data', 'data', '/dev/shm', '/mnt/mesos/sandbox', '/x/../y', 'a b', '/tmp'),
  nonEmpty,
);
const appVolume = fc.oneof(
  fc.record({
    containerPath,
    hostPath: fc.oneof(fc.constantFrom('/var/log', 'logs', '/a/../b', '/'), nonEmpty),
    mode: fc.constantFrom('RO', 'RW'),
  }),
  fc.record({
    containerPath: fc.stringMatching(/^[a-z][a-z0-9_.-]{0,20}$/),
    persistent: fc.record({ size: fc.integer({ min: 1, max: 1e9 }) }),
    mode: fc.constant('RW'),
  }),
  fc.record({ containerPath, secret: fc.constant('s0') }),
  fc.record({
    containerPath,
    external: fc.record({
      name: nonEmpty,
      provider: fc.constant('dvdi'),
      size: fc.nat({ max: 16384 }),
      options: fc.constant({ 'dvdi/driver': 'rexray' }),
    }),
    mode: fc.constantFrom('RO', 'RW'),
  }),
);
const artifact = fc.record(
  {
    uri: fc.oneof(
      fc.constantFrom(
        'https://example.com/a.tgz',
        'http://h/x.zip',
        'file:///etc/x',
        'https://example.com/' + 'p'.repeat(900),
      ),
      nonEmpty.filter((s) => s.length <= 1024),
    ),
    extract: fc.boolean(),
    executable: fc.boolean(),
    cache: fc.boolean(),
  },
  { requiredKeys: ['uri'] },
);
const secrets = fc.constantFrom(
  {},
  { s0: { source: 'shop/db/password' } },
  { s0: { source: 'a b/Ü' } },
  { s0: { source: 'x'.repeat(300) } },
);
const env = fc.dictionary(
  envName,
  fc.oneof(
    { weight: 5, arbitrary: oddString },
    { weight: 1, arbitrary: fc.constant({ secret: 's0' }) as fc.Arbitrary<Json> },
  ),
  { maxKeys: 6 },
);

/** A Marathon app; its networking decides whether ports come from portDefinitions or portMappings. */
export const marathonApp: fc.Arbitrary<Doc> = fc
  .record(
    {
      id: appId,
      cmd: nonEmpty,
      instances: int32,
      cpus,
      mem,
      disk: mem,
      gpus: fc.constantFrom(0, 1),
      labels: fc.tuple(labels, marathonLbLabels).map(([own, lb]) => ({ ...(own as Doc), ...lb })),
      env,
      secrets,
      constraints: fc.array(constraint, { maxLength: 4 }),
      acceptedResourceRoles: fc.constantFrom<Json[]>(['*'], ['slave_public'], ['*', 'slave_public'], ['ops']),
      role: fc.constantFrom('*', 'slave_public', 'ops'),
      user: fc.oneof(fc.constantFrom('root', 'nobody', '1000', '99999999999', '4294967296'), oddString),
      networking: fc.constantFrom('host', 'bridge', 'container'),
      portDefinitions: fc.oneof(
        { weight: 8, arbitrary: fc.array(portDefinition, { maxLength: 5 }) },
        { weight: 1, arbitrary: manyPorts },
      ),
      portMappings: fc.array(portMapping, { maxLength: 5 }),
      requirePorts: fc.boolean(),
      image: nonEmpty,
      parameters: fc.array(dockerParameter, { maxLength: 6 }),
      volumes: fc.array(appVolume, { maxLength: 3 }),
      fetch: fc.array(artifact, { maxLength: 2 }),
      healthChecks: fc.array(healthCheck, { maxLength: 2 }),
      readinessChecks: fc.array(readinessCheck, { maxLength: 1 }),
      linuxInfo,
      args: fc.array(oddString, { maxLength: 3 }),
      dependencies: fc.array(appId, { maxLength: 2 }),
      upgradeStrategy: fc.record({ minimumHealthCapacity: fraction, maximumOverCapacity: fraction }),
      unreachableStrategy: fc.oneof(
        fc.constant('disabled' as Json),
        fc.record({ inactiveAfterSeconds: seconds, expungeAfterSeconds: seconds }),
      ),
      taskKillGracePeriodSeconds: seconds,
      backoffSeconds: seconds,
      tty: fc.boolean(),
      version: fc.constantFrom('2024-01-01T00:00:00.000Z', 'not a date'),
    },
    { requiredKeys: ['id', 'networking'] },
  )
  .map(({ networking, portDefinitions, portMappings, image, parameters, volumes, linuxInfo: linux, ...app }) => {
    const docker: Doc | undefined = image === undefined ? undefined : { image, ...(parameters ? { parameters } : {}) };
    const container: Doc | undefined =
      docker || volumes || linux
        ? {
            type: linux ? 'MESOS' : 'DOCKER',
            ...(docker ? { docker: linux ? { image: docker.image } : docker } : { docker: { image: 'busybox' } }),
            ...(volumes ? { volumes } : {}),
            ...(linux ? { linuxInfo: linux } : {}),
          }
        : undefined;
    if (networking === 'host') {
      return { ...app, ...(portDefinitions ? { portDefinitions } : {}), ...(container ? { container } : {}) } as Doc;
    }
    const mode = networking === 'bridge' ? { mode: 'container/bridge' } : { mode: 'container', name: 'dcos' };
    return {
      ...app,
      networks: [mode],
      container: {
        type: 'DOCKER',
        docker: { image: image ?? 'nginx' },
        ...container,
        ...(portMappings ? { portMappings } : {}),
      },
    } as Doc;
  });

const endpoint = fc.record(
  {
    name: marathonName,
    containerPort: anyPort,
    hostPort: anyPort,
    protocol: fc.constantFrom(['tcp'], ['udp'], ['tcp', 'udp']),
    labels: stringMap(fc.constantFrom('VIP_0', 'x'), 1),
  },
  { requiredKeys: ['name'] },
);
const podContainer = fc.record(
  {
    name: marathonName,
    resources: fc.record({ cpus, mem: cpus, disk: mem }),
    image: fc.record(
      { kind: fc.constant('DOCKER'), id: nonEmpty.filter((s) => s.length <= 1024), forcePull: fc.boolean() },
      { requiredKeys: ['kind', 'id'] },
    ),
    exec: fc.record({
      command: fc.oneof(
        fc.record({ shell: nonEmpty }),
        fc.record({ argv: fc.array(oddString, { minLength: 1, maxLength: 3 }) }),
      ),
    }),
    endpoints: fc.array(endpoint, { maxLength: 3 }),
    environment: fc.dictionary(fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,10}$/), oddString, { maxKeys: 4 }),
    user: fc.oneof(fc.constantFrom('root', '0', '12345678901'), nonEmpty),
    labels: stringMap(oddString, 3),
    volumeMounts: fc.array(
      fc.record({
        name: fc.constantFrom('v0', 'v1'),
        mountPath: containerPath.filter((s) => s.length <= 1024),
        readOnly: fc.boolean(),
      }),
      { maxLength: 2 },
    ),
    artifacts: fc.array(artifact, { maxLength: 1 }),
    healthCheck: fc.oneof(
      fc.record(
        {
          http: fc.record({ endpoint: marathonName, path: nonEmpty.filter((s) => s.length <= 1024) }),
          gracePeriodSeconds: seconds,
          intervalSeconds: seconds,
          timeoutSeconds: seconds,
          maxConsecutiveFailures: seconds,
        },
        { requiredKeys: ['http'] },
      ),
      fc.record({ tcp: fc.record({ endpoint: marathonName }), intervalSeconds: seconds }, { requiredKeys: ['tcp'] }),
      fc.record(
        { exec: fc.record({ command: fc.record({ shell: nonEmpty }) }), timeoutSeconds: seconds },
        { requiredKeys: ['exec'] },
      ),
    ),
    lifecycle: fc.record({ killGracePeriodSeconds: fc.double({ min: 0, max: 1e6, noNaN: true }) }),
    tty: fc.boolean(),
  },
  { requiredKeys: ['name', 'resources'] },
);
const podVolume = fc.oneof(
  fc.record({ name: fc.constantFrom('v0', 'v1') }),
  fc.record({
    name: fc.constantFrom('v0', 'v1'),
    host: fc.oneof(fc.constantFrom('/var/log', 'data', '/a/../b'), nonEmpty),
  }),
  fc.record({ name: fc.constantFrom('v0', 'v1'), persistent: fc.record({ size: fc.integer({ min: 1, max: 1e6 }) }) }),
  fc.record({ name: fc.constantFrom('v0', 'v1'), secret: fc.constant('s0') }),
);
const objectConstraint = fc.record(
  { fieldName: constraintField, operator: fc.constantFrom(...OPERATORS), value: constraintValue },
  { requiredKeys: ['fieldName', 'operator'] },
);

/** A Marathon pod: 1–3 containers sharing a network. */
export const marathonPod: fc.Arbitrary<Doc> = fc.record(
  {
    id: appId,
    labels,
    containers: fc.array(podContainer, { minLength: 1, maxLength: 3 }),
    volumes: fc.array(podVolume, { maxLength: 2 }),
    networks: fc.constantFrom(
      [{ mode: 'host' }],
      [{ mode: 'container', name: 'dcos' }],
      [{ mode: 'container/bridge' }],
    ),
    scaling: fc.record({ kind: fc.constant('fixed'), instances: int32 }),
    scheduling: fc.record(
      {
        placement: fc.record({ constraints: fc.array(objectConstraint, { maxLength: 3 }) }),
        upgrade: fc.record({ minimumHealthCapacity: fraction, maximumOverCapacity: fraction }),
      },
      { requiredKeys: [] },
    ),
    environment: fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/), oddString, { maxKeys: 3 }),
    secrets,
    user: fc.constantFrom('root', 'nobody', 'app'),
  },
  { requiredKeys: ['id', 'containers'] },
) as fc.Arbitrary<Doc>;

const CRONS = ['0 2 * * *', '*/5 * * * *', '0 0 1 1 * 2030', '0 0 * * 7', '0 0 L * *', '59 23 31 12 *', '0 0 1 * 1'];
const jobConstraint = fc.record({
  attribute: constraintField.filter((s) => s.length > 0),
  operator: fc.constantFrom('IS', 'LIKE', 'UNLIKE'),
  value: constraintValue,
});

/** A Metronome job, with at most one schedule as Metronome allows. */
export const metronomeJob: fc.Arbitrary<Doc> = fc.record(
  {
    id: jobId,
    description: oddString,
    labels,
    run: fc.record(
      {
        cmd: nonEmpty,
        cpus: fc.oneof(fc.constantFrom(0.01, 1e6), fc.double({ min: 0.01, max: 16, noNaN: true })),
        mem: fc.oneof(fc.constantFrom(32, 1e9), fc.double({ min: 32, max: 65536, noNaN: true })),
        disk: mem,
        docker: fc.record(
          { image: nonEmpty, parameters: fc.array(dockerParameter, { maxLength: 5 }) },
          { requiredKeys: ['image'] },
        ),
        networks: fc.constantFrom(
          [{ mode: 'host' }],
          [{ mode: 'container', name: 'dcos' }],
          [{ mode: 'container/bridge' }],
        ),
        env: fc.dictionary(envName, oddString, { maxKeys: 5 }),
        artifacts: fc.array(artifact, { maxLength: 2 }),
        placement: fc.record({ constraints: fc.array(jobConstraint, { maxLength: 3 }) }),
        user: fc.oneof(fc.constantFrom('root', '1000'), oddString),
        restart: fc.record(
          {
            policy: fc.constantFrom('NEVER', 'ON_FAILURE'),
            activeDeadlineSeconds: fc.oneof(fc.constantFrom(0, 1, 2 ** 53 - 1), fc.nat()),
          },
          { requiredKeys: ['policy'] },
        ),
        volumes: fc.array(
          fc.record({
            containerPath,
            hostPath: fc.oneof(fc.constantFrom('/var/log', 'logs'), nonEmpty),
            mode: fc.constantFrom('RO', 'RW'),
          }),
          { maxLength: 2 },
        ),
        taskKillGracePeriodSeconds: fc.double({ min: 0, max: 1e6, noNaN: true }),
      },
      { requiredKeys: ['cmd'] },
    ),
    schedules: fc.array(
      fc.record(
        {
          id: fc.constantFrom('nightly', 'every-5'),
          cron: fc.constantFrom(...CRONS),
          timezone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires'),
          startingDeadlineSeconds: fc.oneof(fc.constantFrom(60, 2 ** 53 - 1), fc.integer({ min: 60, max: 1e6 })),
          concurrencyPolicy: fc.constantFrom('ALLOW', 'FORBID', 'REPLACE'),
          enabled: fc.boolean(),
        },
        { requiredKeys: ['id', 'cron'] },
      ),
      { maxLength: 1 },
    ),
  },
  { requiredKeys: ['id', 'run'] },
) as fc.Arbitrary<Doc>;

/** A Marathon 1.4 app: legacy `ports`, `uris`, `ipAddress` and Docker networking, which normalization converts. */
const legacyApp: fc.Arbitrary<Doc> = fc
  .record(
    {
      id: appId,
      cmd: nonEmpty,
      ports: fc.array(anyPort, { maxLength: 4 }),
      uris: fc.array(fc.constantFrom('https://example.com/app.tgz', 'http://h/a.zip', 'file:///x'), { maxLength: 2 }),
      network: fc.constantFrom('HOST', 'BRIDGE', 'USER'),
      portMappings: fc.array(
        fc.record({ containerPort: anyPort, hostPort: anyPort, servicePort: anyPort, protocol }, { requiredKeys: [] }),
        { maxLength: 3 },
      ),
      labels,
    },
    { requiredKeys: ['id', 'network'] },
  )
  .map(({ network, portMappings, ports, ...app }) => {
    const docker = { image: 'nginx', network, ...(network !== 'HOST' && portMappings ? { portMappings } : {}) };
    return {
      ...app,
      ...(network === 'HOST' && ports ? { ports } : {}),
      ...(network === 'USER' ? { ipAddress: { networkName: 'dcos' } } : {}),
      container: { type: 'DOCKER', docker },
    } as Doc;
  });

const definition = fc.oneof(
  { weight: 3, arbitrary: marathonApp },
  { weight: 1, arbitrary: legacyApp },
  { weight: 2, arbitrary: marathonPod },
  { weight: 2, arbitrary: metronomeJob },
);

/** A group of apps and pods with relative ids, as `/v2/groups` returns them. */
const group: fc.Arbitrary<Doc> = fc
  .record({
    id: appId,
    apps: fc.array(marathonApp, { maxLength: 2 }),
    pods: fc.array(marathonPod, { maxLength: 1 }),
    dependencies: fc.array(appId, { maxLength: 1 }),
  })
  .map(({ id, apps, pods, dependencies }) => {
    const relative = (child: Doc, i: number) => ({ ...child, id: `${String(child.id).split('/').pop() ?? 'x'}${i}` });
    return { id, apps: apps.map(relative), pods: pods.map(relative), dependencies };
  });

/** One document of 1–4 definitions of any kind, so names, VIPs and Services of neighbours meet too. */
export const estateDocument: fc.Arbitrary<Doc[]> = fc.array(
  fc.oneof({ weight: 6, arbitrary: definition }, { weight: 1, arbitrary: group }),
  { minLength: 1, maxLength: 4 },
);

/** The options a platform team may choose, so their combinations are exercised too. */
export const translateOptions: fc.Arbitrary<TranslateOptions> = fc.record(
  {
    namespaceStrategy: fc.constantFrom('top-level-group' as const, 'single' as const),
    hostNetworking: fc.boolean(),
    hostPorts: fc.boolean(),
    dropCpuLimits: fc.boolean(),
    waitForDependencies: fc.boolean(),
    perNodeInstances: fc.constantFrom(0, 2, 100),
    extraLabels: fc.constantFrom<Record<string, string>>({}, { team: 'platform', 'example.com/cost-center': '42' }),
  },
  { requiredKeys: [] },
);
