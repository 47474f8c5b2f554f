/*
 * Differential test of `convert` on random estates: a behaviour-preserving change must leave every byte of the
 * output of random estates as it was, not only that of the corpus and the example (scripts/same-output.sh), since
 * random definitions reach paths those may not.
 *
 *   git worktree add /tmp/before <commit> && ln -s "$PWD/node_modules" /tmp/before/node_modules
 *   npx tsx scripts/differential-convert.ts /tmp/before [--estates 300] [--seed 20261201] \
 *     [--estates-dir /tmp/diff-estates] [--out-dir /tmp/diff-out] [--only 3,17]
 *   git worktree remove --force /tmp/before
 *
 * "before" is the checkout given (it needs lib/cli/program.ts with runCli(argv, io), and node_modules), "after" the
 * one this script is in. With a fixed seed the script samples estates of 1–8 documents (apps, legacy apps, pods,
 * groups and Metronome jobs of test/helpers/marathon-arbitraries.ts); most definitions are mended where they break
 * one of Marathon's rules (so that translation, not only validation, is compared), many get fields the generators
 * never write (resource limits, pull secrets, checks, executors, AppC and UCR images, file secrets), and many a
 * realistic overlay (credentials in env, labels and commands; marathon-lb labels; VIPs, dependencies and Mesos-DNS
 * names of their neighbours; per-node apps; volumes; health checks). Each estate is written as JSON files into
 * <estates-dir>/<i>/ and converted three times (default options, every switch on, random options, now and then an
 * invalid one) by each checkout's CLI, run in-process in one child process per checkout: <out-dir>/<before|after>/
 * <i>/<variant>/ holds what convert wrote, <variant>.txt its exit code, standard output and standard error (the
 * output path shown as <out>). --only converts just the estates listed (the same sample is drawn). Exit 0 when both
 * trees are the same, 1 when anything differs (listed, with a unified diff in <out-dir>/differences.diff), 2 on
 * usage errors.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { estateDocument } from '../test/helpers/marathon-arbitraries';

type Doc = Record<string, unknown>;
type CliModule = typeof import('../lib/cli/program');

/** One way to call convert: a name for its output directory and the options after `convert <dir> --out <dir>`. */
interface Variant {
  readonly name: string;
  readonly args: readonly string[];
}

/** What the renderers read: each estate's directory name and its variants. */
interface Plan {
  readonly estates: readonly { readonly dir: string; readonly variants: readonly Variant[] }[];
}

const AFTER = path.resolve(__dirname, '..');
const PLAN_FILE = 'variants.json';

// ---------------------------------------------------------------------------------------------------------------
// Estates: the repository's arbitraries, some definitions with realistic overlays that tie neighbours together.
// ---------------------------------------------------------------------------------------------------------------

/** What an overlay adds to one definition; `number`s pick a service of the estate (modulo their count). */
interface Overlay {
  readonly env?: Record<string, string>;
  readonly labels?: Record<string, string>;
  readonly cmd?: string;
  readonly marathonLb?: Record<string, string>;
  readonly ports?: { readonly vipOf: number; readonly hostPort: number };
  readonly dependsOn?: readonly number[];
  readonly discoveryEnv?: { readonly of: number; readonly form: number };
  readonly perNode?: number;
  readonly publicRole?: boolean;
  readonly healthChecks?: boolean;
  readonly volumes?: boolean;
  readonly dcosPackage?: boolean;
}

const credentialEnv = fc.dictionary(
  fc.constantFrom(
    'POSTGRES_PASSWORD',
    'MINIO_SECRET_KEY',
    'API_TOKEN',
    'DB_PASS',
    'AWS_SECRET_ACCESS_KEY',
    'DATABASE_URL',
    'APP_CONFIG',
    'SLACK_WEBHOOK',
    'LOG_LEVEL',
  ),
  fc.constantFrom(
    'hunter2-pg',
    'minio-s3cr3t',
    '$OTHER_VAR',
    'true',
    '',
    '{{vault.token}}',
    'postgres://shop:hunter2@db:5432/shop',
    'redis://:redis-pw9@cache:6379/0',
    '{"db":{"user":"a","password":"hunter2-json"}}',
    'https://hooks.slack.com/services/T000/B000/XXXXXXXX',
    'jdbc:mysql://db:3306/beer?user=good&password=beer-pw7',
    'debug',
  ),
  { minKeys: 1, maxKeys: 4 },
);
const credentialLabels = fc.dictionary(
  fc.constantFrom('api-token', 'team', 'HAPROXY_0_BACKEND_HEAD', 'db_password', 'owner', 'HAPROXY_0_HTTP_FRONTEND_ACL'),
  fc.constantFrom(
    's3cr3t-token',
    'payments',
    '  http-request set-header Authorization Basic dXNlcjpwYXNz\n',
    'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
    'on',
    'alice@example.com',
  ),
  { minKeys: 1, maxKeys: 3 },
);
const credentialCmd = fc.constantFrom(
  'redis-server --requirepass s3cret-opt --port 6379',
  'MYSQL_PASSWORD=s3cret-env ./start.sh',
  'curl -fsS -H "Authorization: Basic dXNlcjpwYXNz" http://localhost:8080/health',
  'echo "{\\"token\\": \\"t0ken-esc\\"}" > /etc/app.json && exec ./app',
  'exec java -jar app.jar --port $PORT0',
  './run --token=$TOKEN',
);
const marathonLb = fc.record(
  {
    HAPROXY_GROUP: fc.constantFrom('external', 'internal', 'external,internal', 'custom'),
    HAPROXY_0_VHOST: fc.constantFrom('shop.example.com', 'a.example.com,b.example.com', '*.example.com', 'api.local'),
    HAPROXY_0_PATH: fc.constantFrom('/', '/api', '/api /v2', 'static'),
    HAPROXY_0_MODE: fc.constantFrom('http', 'tcp'),
    HAPROXY_0_REDIRECT_TO_HTTPS: fc.constantFrom('true', 'false'),
    HAPROXY_0_SSL_CERT: fc.constant('/etc/ssl/cert.pem'),
    HAPROXY_0_STICKY: fc.constantFrom('true', 'false'),
    HAPROXY_0_BALANCE: fc.constantFrom('roundrobin', 'leastconn', 'source', 'first'),
    HAPROXY_0_ENABLED: fc.constantFrom('true', 'false'),
    HAPROXY_1_MODE: fc.constantFrom('tcp', 'http'),
    HAPROXY_1_PORT: fc.constantFrom('9000', '10001', 'x'),
    HAPROXY_1_VHOST: fc.constant('admin.example.com'),
    HAPROXY_DEPLOYMENT_GROUP: fc.constant('shop-blue'),
    HAPROXY_0_BACKEND_HEAD: fc.constant('backend {backend}\n  balance {balance}\n'),
    HAPROXY_5_VHOST: fc.constant('nowhere.example.com'),
  },
  { requiredKeys: ['HAPROXY_GROUP'] },
);
const overlay: fc.Arbitrary<Overlay> = fc.record(
  {
    env: credentialEnv,
    labels: credentialLabels,
    cmd: credentialCmd,
    marathonLb,
    ports: fc.record({ vipOf: fc.nat(), hostPort: fc.constantFrom(0, 0, 10080) }),
    dependsOn: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    discoveryEnv: fc.record({ of: fc.nat(), form: fc.nat() }),
    perNode: fc.constantFrom(1, 2, 3, 150),
    publicRole: fc.boolean(),
    healthChecks: fc.boolean(),
    volumes: fc.boolean(),
    dcosPackage: fc.boolean(),
  },
  { requiredKeys: [] },
);

const isObject = (value: unknown): value is Doc => value !== null && typeof value === 'object' && !Array.isArray(value);
const kindOf = (doc: Doc) =>
  'containers' in doc ? 'pod' : 'run' in doc ? 'job' : 'apps' in doc || 'pods' in doc ? 'group' : 'app';
const asDoc = (value: unknown): Doc => (isObject(value) ? value : {});

/** The absolute ids of the apps and pods of an estate, group children included. */
function serviceIds(documents: readonly Doc[]): string[] {
  return documents.flatMap((doc) => {
    const kind = kindOf(doc);
    if (kind === 'job') {
      return [];
    }
    if (kind !== 'group') {
      return [String(doc.id)];
    }
    const children = [doc.apps, doc.pods].flatMap((list) => (Array.isArray(list) ? list : []));
    return children.map((child) => `${String(doc.id)}/${String(asDoc(child).id)}`);
  });
}

/** Mesos-DNS and VIP names of a service, and URLs holding them, as an env value would. */
function discoveryName(id: string, form: number): string {
  const task = id.split('/').filter(Boolean).reverse().join('-');
  const forms = [
    `${task}.marathon.mesos:8080`,
    `http://${task}.marathon.l4lb.thisdcos.directory:80/api`,
    `${id.replace(/\//g, '')}.marathon.l4lb.thisdcos.directory:80`,
    `_http._tcp.${task}.marathon.mesos`,
    `${task}.marathon.autoip.dcos.thisdcos.directory`,
  ];
  return forms[form % forms.length];
}

/** The overlay on one definition (a group passes it to its apps); `ids` are the estate's services. */
function withOverlay(doc: Doc, o: Overlay, ids: readonly string[]): Doc {
  const pick = (n: number) => (ids.length > 0 ? ids[n % ids.length] : '/missing');
  const env = {
    ...o.env,
    ...(o.discoveryEnv ? { UPSTREAM: discoveryName(pick(o.discoveryEnv.of), o.discoveryEnv.form) } : {}),
  };
  const labels = {
    ...o.labels,
    ...o.marathonLb,
    ...(o.dcosPackage ? { DCOS_PACKAGE_FRAMEWORK_NAME: 'kafka', DCOS_PACKAGE_NAME: 'kafka' } : {}),
  };
  const vip = o.ports ? { VIP_0: `${pick(o.ports.vipOf)}:80` } : {};
  switch (kindOf(doc)) {
    case 'group':
      return {
        ...doc,
        apps: (Array.isArray(doc.apps) ? doc.apps : []).map((app) => withOverlay(asDoc(app), o, ids)),
        ...(o.dependsOn ? { dependencies: o.dependsOn.map(pick) } : {}),
      };
    case 'job': {
      const run = asDoc(doc.run);
      return {
        ...doc,
        labels: { ...asDoc(doc.labels), ...labels },
        run: { ...run, env: { ...asDoc(run.env), ...env }, ...(o.cmd ? { cmd: o.cmd } : {}) },
      };
    }
    case 'pod':
      return podOverlay(doc, o, env, labels, vip);
    default:
      return appOverlay(doc, o, env, labels, vip, pick);
  }
}

function podOverlay(doc: Doc, o: Overlay, env: Doc, labels: Doc, vip: Doc): Doc {
  const [first, ...rest] = (Array.isArray(doc.containers) ? doc.containers : [{}]).map(asDoc);
  const container: Doc = {
    ...first,
    ...(o.cmd ? { exec: { command: { shell: o.cmd } } } : {}),
    ...(o.ports
      ? {
          endpoints: [
            { name: 'http', containerPort: 8080, hostPort: o.ports.hostPort, protocol: ['tcp'], labels: vip },
            { name: 'admin', containerPort: 9000, protocol: ['tcp'] },
          ],
        }
      : {}),
    ...(o.healthChecks ? { healthCheck: { http: { endpoint: 'http', path: '/health' }, gracePeriodSeconds: 30 } } : {}),
  };
  return {
    ...doc,
    labels: { ...asDoc(doc.labels), ...labels },
    environment: { ...asDoc(doc.environment), ...env },
    containers: [container, ...rest],
    ...(o.perNode
      ? {
          scaling: { kind: 'fixed', instances: o.perNode },
          scheduling: { placement: { constraints: [{ fieldName: 'hostname', operator: 'UNIQUE' }] } },
        }
      : {}),
  };
}

function appOverlay(doc: Doc, o: Overlay, env: Doc, labels: Doc, vip: Doc, pick: (n: number) => string): Doc {
  const container = isObject(doc.container) ? doc.container : undefined;
  const legacy = container !== undefined && 'network' in asDoc(container.docker);
  const app: Doc = {
    ...doc,
    env: { ...asDoc(doc.env), ...env },
    labels: { ...asDoc(doc.labels), ...labels },
    ...(o.dependsOn ? { dependencies: o.dependsOn.map(pick) } : {}),
    ...(o.publicRole ? { acceptedResourceRoles: ['slave_public'] } : {}),
    ...(o.perNode
      ? { instances: o.perNode, constraints: [o.perNode > 2 ? ['hostname', 'UNIQUE'] : ['hostname', 'MAX_PER', '1']] }
      : {}),
  };
  if (o.cmd) {
    app.cmd = o.cmd;
    delete app.args;
  }
  if (o.ports && !legacy) {
    const http = { name: 'http', protocol: 'tcp', labels: vip };
    const admin = { name: 'admin', protocol: 'tcp' };
    if (Array.isArray(doc.networks)) {
      app.container = {
        ...container,
        portMappings: [
          { ...http, containerPort: 8080, hostPort: o.ports.hostPort },
          { ...admin, containerPort: 9000 },
        ],
      };
    } else {
      app.portDefinitions = [
        { ...http, port: o.ports.hostPort },
        { ...admin, port: o.ports.hostPort === 0 ? 0 : o.ports.hostPort + 1 },
      ];
      app.requirePorts = o.ports.hostPort !== 0;
      delete app.ports;
    }
  }
  if (o.healthChecks) {
    // The port checks address the ports of the overlay; without them, only the command check applies.
    const command = { protocol: 'COMMAND', command: { value: 'curl -f http://localhost:$PORT0/ready' } };
    app.healthChecks =
      o.ports && !legacy
        ? [
            { protocol: 'MESOS_HTTP', path: '/health', portIndex: 0, gracePeriodSeconds: 30, intervalSeconds: 10 },
            { protocol: 'TCP', portIndex: 1 },
            command,
          ]
        : [command];
    app.readinessChecks =
      o.ports && !legacy ? [{ name: 'ready', protocol: 'HTTP', path: '/ready', portName: 'http' }] : [];
  }
  if (o.volumes) {
    app.container = {
      ...(isObject(app.container) ? app.container : { type: 'DOCKER', docker: { image: 'nginx:1.27' } }),
      volumes: [
        { containerPath: 'data', persistent: { size: 1024 }, mode: 'RW' },
        { containerPath: '/var/log/app', hostPath: '/var/log', mode: 'RO' },
        {
          containerPath: '/ext',
          external: { name: 'shared', provider: 'dvdi', options: { 'dvdi/driver': 'rexray' } },
          mode: 'RW',
        },
      ],
    };
    app.upgradeStrategy = { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 };
    delete app.role;
    delete app.acceptedResourceRoles;
  }
  return app;
}

// Most generated definitions break some rule of Marathon's (a mount of no volume, a health check of no port), so
// validation would reject most of them before the translation: most are repaired first, the rest kept as made.

const integer = /^\d+$/;
function validRegex(value: unknown): boolean {
  if (typeof value !== 'string' || value === '') {
    return false;
  }
  try {
    new RegExp(value);
    return true;
  } catch {
    return false;
  }
}

/** A constraint as Marathon takes it: UNIQUE without a value, integer counts, LIKE / UNLIKE / IS with a pattern. */
function repairedConstraint(field: string, operator: string, value: unknown): [string, string, string?] {
  switch (operator) {
    case 'UNIQUE':
      return [field, operator];
    case 'GROUP_BY':
      return integer.test(String(value)) ? [field, operator, String(value)] : [field, operator];
    case 'MAX_PER':
      return [field, operator, integer.test(String(value)) ? String(value) : '2'];
    case 'CLUSTER':
      return value === undefined ? [field, operator] : [field, operator, String(value)];
    default:
      return [field, operator, validRegex(value) ? String(value) : 'rack-[0-9]'];
  }
}

/** Drops the `key` of every item after the first with the same value of it. */
function uniqueBy(items: readonly Doc[], key: string): Doc[] {
  const seen = new Set<unknown>();
  return items.map((item) => {
    const value = item[key];
    if (value === undefined || value === 0 || !seen.has(value)) {
      seen.add(value);
      return item;
    }
    const copy = { ...item };
    delete copy[key];
    return copy;
  });
}

const list = (value: unknown): Doc[] => (Array.isArray(value) ? value.map(asDoc) : []);
const withSecret = (doc: Doc): Doc =>
  JSON.stringify(doc).includes('"secret":"s0"') && !('s0' in asDoc(doc.secrets))
    ? { ...doc, secrets: { ...asDoc(doc.secrets), s0: { source: 'shop/db/password' } } }
    : doc;

function repairedApp(doc: Doc): Doc {
  const app: Doc = { ...doc };
  if (app.cmd !== undefined) {
    delete app.args;
  }
  if (Array.isArray(app.constraints)) {
    app.constraints = app.constraints.map((c: unknown[]) => repairedConstraint(String(c[0]), String(c[1]), c[2]));
  }
  const container = isObject(app.container) ? { ...app.container } : undefined;
  if (container) {
    const volumes = list(container.volumes).map((v) =>
      'external' in v && v.mode === undefined ? { ...v, mode: 'RW' } : v,
    );
    container.volumes = volumes;
    if (volumes.some((v) => 'persistent' in v)) {
      app.upgradeStrategy = { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 };
      delete app.role;
      delete app.acceptedResourceRoles;
    }
    if (Array.isArray(container.portMappings)) {
      container.portMappings = uniqueBy(uniqueBy(list(container.portMappings), 'name'), 'hostPort');
    }
    app.container = container;
    if (container.type === 'DOCKER') {
      delete app.gpus;
    }
  }
  if (Array.isArray(app.portDefinitions) && app.portDefinitions.length < 100) {
    app.portDefinitions = uniqueBy(uniqueBy(list(app.portDefinitions), 'name'), 'port');
  }
  const mappings = list(container?.portMappings);
  const ports = mappings.length > 0 ? mappings : list(app.portDefinitions);
  let mesosChecks = 0;
  app.healthChecks = list(app.healthChecks).filter((check) => {
    const mesos = String(check.protocol).startsWith('MESOS_');
    mesosChecks += mesos ? 1 : 0;
    const addressed = check.protocol === 'COMMAND' || Number(check.portIndex ?? 0) < ports.length;
    return addressed && (!mesos || mesosChecks === 1);
  });
  const names = new Set(ports.map((port) => port.name).filter(Boolean));
  app.readinessChecks = list(app.readinessChecks).filter((check) => names.has(check.portName));
  const unreachable = asDoc(app.unreachableStrategy);
  if (Number(unreachable.inactiveAfterSeconds) > Number(unreachable.expungeAfterSeconds)) {
    app.unreachableStrategy = { inactiveAfterSeconds: 60, expungeAfterSeconds: 600 };
  }
  return withSecret(app);
}

function repairedPod(doc: Doc): Doc {
  const pod: Doc = { ...doc };
  const hostNetwork = list(pod.networks).some((network) => network.mode === 'host');
  let port = 8000;
  const containers = uniqueBy(list(pod.containers), 'name').map((c, i) => {
    const container: Doc = { ...c, name: c.name ?? `c${i}` };
    const endpoints = uniqueBy(uniqueBy(uniqueBy(list(container.endpoints), 'name'), 'containerPort'), 'hostPort');
    container.endpoints = endpoints.map((e) => (hostNetwork || e.containerPort ? e : { ...e, containerPort: port++ }));
    const check = asDoc(container.healthCheck);
    const probe = asDoc(check.http ?? check.tcp);
    if ('endpoint' in probe && !endpoints.some((e) => e.name === probe.endpoint)) {
      delete container.healthCheck;
    }
    return container;
  });
  const volumes = uniqueBy(list(pod.volumes), 'name').filter((v) => v.name !== undefined);
  const mounted = new Set(containers.flatMap((c) => list(c.volumeMounts).map((m) => m.name)));
  pod.volumes = volumes.filter((v) => mounted.has(v.name));
  const declared = new Set(list(pod.volumes).map((v) => v.name));
  pod.containers = containers.map((c) => ({
    ...c,
    volumeMounts: list(c.volumeMounts).filter((m) => declared.has(m.name)),
  }));
  const scheduling = asDoc(pod.scheduling);
  const placement = asDoc(scheduling.placement);
  pod.scheduling = {
    ...scheduling,
    ...(list(pod.volumes).some((v) => 'persistent' in v)
      ? { upgrade: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 } }
      : {}),
    placement: {
      ...placement,
      constraints: list(placement.constraints).map((c) => {
        const [fieldName, operator, value] = repairedConstraint(String(c.fieldName), String(c.operator), c.value);
        return value === undefined ? { fieldName, operator } : { fieldName, operator, value };
      }),
    },
  };
  return withSecret(pod);
}

function repairedJob(doc: Doc): Doc {
  const run: Doc = { ...asDoc(doc.run) };
  if (run.docker === undefined) {
    delete run.networks;
  }
  const placement = asDoc(run.placement);
  run.placement = {
    constraints: list(placement.constraints).map((c) => ({
      ...c,
      value: validRegex(c.value) ? c.value : 'rack-[0-9]',
    })),
  };
  return { ...doc, run };
}

/** The definition with the commonest rule breaks of the generators mended (a group's children too). */
function repaired(doc: Doc): Doc {
  switch (kindOf(doc)) {
    case 'group':
      return { ...doc, apps: list(doc.apps).map(repairedApp), pods: list(doc.pods).map(repairedPod) };
    case 'pod':
      return repairedPod(doc);
    case 'job':
      return repairedJob(doc);
    default:
      return repairedApp(doc);
  }
}

// Fields the generators never write (resource limits, pull secrets, checks, executors, UCR jobs …), added to some
// definitions so their translation is compared too.

interface Extras {
  /** Limits as multiples of the requests, or `unlimited`. */
  readonly limits?: { readonly cpus?: number | 'unlimited'; readonly mem?: number | 'unlimited' };
  readonly image?: { readonly forcePull: boolean; readonly privileged: boolean; readonly pullSecret: boolean };
  readonly check?: number;
  readonly killSelection?: string;
  readonly backoff?: boolean;
  readonly executor?: string;
  readonly executorResources?: boolean;
  readonly gpus?: boolean;
  readonly appcOrUcr?: boolean;
  readonly secretRefs?: boolean;
  readonly args?: boolean;
  readonly role?: string;
  readonly destPath?: boolean;
  readonly checkDetails?: boolean;
  readonly persistentDetails?: boolean;
  readonly linuxInfo?: boolean;
  readonly unreachable?: boolean;
}

const extrasArb: fc.Arbitrary<Extras> = fc.record(
  {
    limits: fc.record(
      { cpus: fc.constantFrom(1, 2, 'unlimited' as const), mem: fc.constantFrom(1, 4, 'unlimited' as const) },
      { requiredKeys: [] },
    ),
    image: fc.record({ forcePull: fc.boolean(), privileged: fc.boolean(), pullSecret: fc.boolean() }),
    check: fc.nat({ max: 2 }),
    killSelection: fc.constantFrom('YOUNGEST_FIRST', 'OLDEST_FIRST', 'OldestFirst'),
    backoff: fc.boolean(),
    executor: fc.constantFrom('//cmd', '/opt/mesosphere/custom-executor', ''),
    executorResources: fc.boolean(),
    gpus: fc.boolean(),
    appcOrUcr: fc.boolean(),
    secretRefs: fc.boolean(),
    args: fc.boolean(),
    role: fc.constantFrom('*', 'slave_public', 'ops'),
    destPath: fc.boolean(),
    checkDetails: fc.boolean(),
    persistentDetails: fc.boolean(),
    linuxInfo: fc.boolean(),
    unreachable: fc.boolean(),
  },
  { requiredKeys: [] },
);

const PULL_SECRET = { pull: { source: 'registry/pull-config' } };
const CHECKS = (portIndexOrEndpoint: number | string) => {
  const port =
    typeof portIndexOrEndpoint === 'number' ? { portIndex: portIndexOrEndpoint } : { endpoint: portIndexOrEndpoint };
  return [
    { http: { ...port, path: '/check', scheme: 'HTTP' }, intervalSeconds: 5 },
    { tcp: port, timeoutSeconds: 3 },
    { exec: { command: { shell: 'test -f /tmp/ready' } }, delaySeconds: 10 },
  ];
};

/** `resourceLimits` as multiples of the requests (a limit below its request is invalid). */
function limitsOver(x: Extras, requests: Doc): Doc {
  const limit = (factor: number | 'unlimited' | undefined, request: unknown, fallback: number) =>
    factor === 'unlimited' || factor === undefined ? factor : Number(request ?? fallback) * factor;
  return {
    ...(x.limits?.cpus !== undefined ? { cpus: limit(x.limits.cpus, requests.cpus, 1) } : {}),
    ...(x.limits?.mem !== undefined ? { mem: limit(x.limits.mem, requests.mem, 128) } : {}),
  };
}

function appExtras(doc: Doc, x: Extras): Doc {
  const app: Doc = { ...doc };
  const container = isObject(app.container) ? { ...app.container } : undefined;
  const legacy = container !== undefined && 'network' in asDoc(container.docker);
  const persistent = list(container?.volumes).some((v) => 'persistent' in v);
  if (x.limits) {
    app.resourceLimits = limitsOver(x, app);
  }
  if (x.check !== undefined) {
    app.check = CHECKS(0)[x.check];
  }
  if (x.killSelection) {
    app.killSelection = x.killSelection;
  }
  if (x.backoff) {
    Object.assign(app, { backoffSeconds: 2, backoffFactor: 1.5, maxLaunchDelaySeconds: 300 });
  }
  if (x.executor !== undefined) {
    app.executor = x.executor;
  }
  if (x.executorResources) {
    app.executorResources = { cpus: 0.2, mem: 64, disk: 10 };
  }
  if (x.role && !persistent) {
    app.role = x.role;
  }
  if (x.destPath) {
    app.fetch = list(app.fetch).map((artifact) => ({ ...artifact, destPath: 'bin/tool' }));
  }
  if (x.unreachable) {
    app.unreachableStrategy = { inactiveAfterSeconds: 60, expungeAfterSeconds: 120 };
  }
  if (!container || legacy) {
    return app;
  }
  // UCR (a MESOS container) runs GPUs, AppC images and takes a docker credential; Docker takes IPv6 checks.
  if (x.gpus || x.appcOrUcr || x.image?.pullSecret) {
    container.type = 'MESOS';
    app.gpus = x.gpus ? 1 : app.gpus;
  }
  if (x.image && isObject(container.docker)) {
    container.docker = {
      ...container.docker,
      forcePullImage: x.image.forcePull,
      privileged: x.image.privileged,
      ...(x.image.pullSecret
        ? { pullConfig: { secret: 'pull' }, credential: { principal: 'svc', secret: 'pull' } }
        : {}),
    };
    app.secrets = { ...asDoc(app.secrets), ...(x.image.pullSecret ? PULL_SECRET : {}) };
  }
  if (x.appcOrUcr) {
    container.appc = { image: 'quay.io/coreos/etcd:v3.5', labels: { arch: 'amd64' }, forcePullImage: true };
    delete container.docker;
  }
  if (x.checkDetails && container.type !== 'MESOS') {
    app.healthChecks = list(app.healthChecks).map((check) =>
      String(check.protocol).startsWith('MESOS_') ? { ...check, ipProtocol: 'IPv6', ignoreHttp1xx: true } : check,
    );
  }
  if (x.persistentDetails) {
    container.volumes = list(container.volumes).map((v) => {
      const info = asDoc(v.persistent);
      const details = { type: 'mount', maxSize: Number(info.size) * 2, profileName: 'fast' };
      return 'persistent' in v
        ? { ...v, persistent: { ...info, ...details, constraints: [['path', 'LIKE', '/mnt/ssd.*']] } }
        : v;
    });
  }
  if (x.linuxInfo) {
    container.linuxInfo = { seccomp: { unconfined: true }, ipcInfo: { mode: 'PRIVATE', shmSize: 64 } };
  }
  if (list(doc.networks).some((n) => n.name === 'dcos') && x.unreachable) {
    container.portMappings = list(container.portMappings).map((m) => ({ ...m, networkNames: ['dcos'] }));
  }
  app.container = container;
  return app;
}

function podExtras(doc: Doc, x: Extras): Doc {
  const pod: Doc = { ...doc };
  const scheduling = { ...asDoc(pod.scheduling) };
  pod.containers = list(pod.containers).map((c, i) => {
    const container: Doc = { ...c };
    if (x.image && isObject(container.image)) {
      container.image = {
        ...container.image,
        forcePull: x.image.forcePull,
        labels: { arch: 'amd64' },
        ...(x.image.pullSecret ? { pullConfig: { secret: 'pull' } } : {}),
      };
    }
    if (x.destPath) {
      container.artifacts = list(container.artifacts).map((artifact) => ({ ...artifact, destPath: 'bin/tool' }));
    }
    if (i > 0) {
      return container;
    }
    if (x.limits) {
      container.resourceLimits = limitsOver(x, asDoc(container.resources));
    }
    if (x.check !== undefined) {
      const endpoint = list(container.endpoints)[0]?.name;
      container.check = CHECKS(typeof endpoint === 'string' ? endpoint : 'http')[x.check];
    }
    if (x.gpus) {
      container.resources = { ...asDoc(container.resources), gpus: 1 };
    }
    if (x.args && isObject(container.exec)) {
      container.exec = { ...container.exec, overrideEntrypoint: true };
    }
    if (x.linuxInfo) {
      container.linuxInfo = { seccomp: { profileName: 'default' } };
    }
    if (x.secretRefs) {
      container.environment = { ...asDoc(container.environment), DB_PASSWORD: { secret: 's0' } };
    }
    return container;
  });
  if (x.image?.pullSecret || x.secretRefs) {
    pod.secrets = { ...asDoc(pod.secrets), ...PULL_SECRET, s0: { source: 'shop/db/password' } };
  }
  if (x.killSelection) {
    scheduling.killSelection = x.killSelection;
  }
  if (x.backoff) {
    scheduling.backoff = { backoff: 2, backoffFactor: 1.5, maxLaunchDelay: 600 };
  }
  if (x.unreachable) {
    scheduling.unreachableStrategy = x.backoff ? 'disabled' : { inactiveAfterSeconds: 60, expungeAfterSeconds: 120 };
  }
  if (x.role) {
    pod.role = x.role;
    scheduling.placement = { ...asDoc(scheduling.placement), acceptedResourceRoles: [x.role] };
  }
  pod.scheduling = scheduling;
  if (x.executorResources) {
    pod.executorResources = { cpus: 0.2, mem: 64, disk: 10 };
    pod.scaling = { ...asDoc(pod.scaling), kind: 'fixed', maxInstances: 10 };
  }
  if (x.linuxInfo) {
    pod.linuxInfo = { ipcInfo: { mode: 'SHARE_PARENT' } };
    // Marathon refuses resourceLimits with legacySharedCgroups.
    pod.legacySharedCgroups = x.limits === undefined;
  }
  return pod;
}

function jobExtras(doc: Doc, x: Extras): Doc {
  const job: Doc = { ...doc };
  const run: Doc = { ...asDoc(job.run) };
  const docker = isObject(run.docker) ? run.docker : undefined;
  if (x.image && docker) {
    run.docker = { ...docker, forcePullImage: x.image.forcePull, privileged: x.image.privileged };
  }
  // UCR takes pull secrets, file-based secrets and GPUs; Docker none of them.
  if (x.appcOrUcr) {
    const pull = x.image?.pullSecret ? { pullConfig: { secret: 'pull' } } : {};
    run.ucr = {
      image: { id: String(docker?.image ?? 'alpine:3.20'), kind: 'docker', forcePull: true, ...pull },
      privileged: x.image?.privileged ?? false,
    };
    delete run.docker;
    if (x.image?.pullSecret) {
      // Metronome refuses a secret no env or volume uses, the pull config's own included.
      run.secrets = { ...asDoc(run.secrets), ...PULL_SECRET };
      run.env = { ...asDoc(run.env), REGISTRY_AUTH: { secret: 'pull' } };
    }
    run.gpus = x.gpus ? 1 : run.gpus;
  }
  if (x.secretRefs) {
    run.secrets = { ...asDoc(run.secrets), s0: { source: 'jobs/token' } };
    run.env = { ...asDoc(run.env), API_TOKEN: { secret: 's0' } };
    if (x.appcOrUcr) {
      run.volumes = [...list(run.volumes), { containerPath: '/run/secrets/token', secret: 's0' }];
    }
  }
  if (x.args) {
    run.args = ['--once', '--verbose'];
    delete run.cmd;
  }
  if (x.backoff) {
    run.maxLaunchDelay = 600;
    run.restart = { policy: 'ON_FAILURE', activeDeadlineSeconds: 120 };
  }
  if (x.destPath) {
    run.artifacts = list(run.artifacts).map((artifact) => ({ ...artifact, destPath: 'bin/tool' }));
  }
  if (x.unreachable) {
    // A job runs after its dependencies or on a schedule, not both.
    job.dependencies = [{ id: 'shop.nightly' }];
    delete job.schedules;
  }
  return { ...job, run };
}

/** The definition with some fields the generators never write (a group's children too). */
function withExtras(doc: Doc, x: Extras): Doc {
  switch (kindOf(doc)) {
    case 'group':
      return {
        ...doc,
        apps: list(doc.apps).map((app) => appExtras(app, x)),
        pods: list(doc.pods).map((pod) => podExtras(pod, x)),
      };
    case 'pod':
      return podExtras(doc, x);
    case 'job':
      return jobExtras(doc, x);
    default:
      return appExtras(doc, x);
  }
}

/** An estate: 1–8 documents, some with overlays, laid out as one file per document or as one array. */
const estate = fc
  .record({
    parts: fc.array(estateDocument, { minLength: 1, maxLength: 2 }),
    overlays: fc.array(fc.option(overlay, { freq: 2, nil: undefined }), { minLength: 8, maxLength: 8 }),
    repairs: fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false)), {
      minLength: 8,
      maxLength: 8,
    }),
    extras: fc.array(fc.option(extrasArb, { nil: undefined }), { minLength: 8, maxLength: 8 }),
    oneFile: fc.boolean(),
  })
  .map(({ parts, overlays, repairs, extras, oneFile }) => {
    const documents = (parts.flat().slice(0, 8) as Doc[]).map((doc, i) => {
      const mended = repairs[i] ? repaired(doc) : doc;
      const x = extras[i];
      return x === undefined ? mended : withExtras(mended, x);
    });
    const ids = serviceIds(documents);
    const spiced = documents.map((doc, i) => {
      const o = overlays[i];
      return o === undefined ? doc : withOverlay(doc, o, ids);
    });
    return { documents: spiced, oneFile };
  });

// ---------------------------------------------------------------------------------------------------------------
// Options: the CLI's own flags, so option parsing and its checks are compared too.
// ---------------------------------------------------------------------------------------------------------------

const SWITCHES: Variant = {
  name: 'switches',
  args: [
    '--namespace-strategy',
    'single',
    '--default-namespace',
    'apps',
    '--host-networking',
    '--host-ports',
    '--drop-cpu-limits',
    '--wait-for-dependencies',
    '--per-node-instances',
    '2',
    '--certificate-arn',
    'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
    '--certificate-arn',
    'arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000',
    '--label',
    'team=platform',
    '--label',
    'example.com/cost-center=42',
  ],
};

/** Mostly values the CLI accepts; now and then one it refuses (a usage error, whose message is compared). */
const mostly = <T>(good: readonly T[], bad: readonly T[]) =>
  fc.oneof({ weight: 29, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: fc.constantFrom(...bad) });

const randomArgs: fc.Arbitrary<string[]> = fc
  .record(
    {
      'namespace-strategy': fc.constantFrom('top-level-group', 'single'),
      'default-namespace': mostly(['default', 'apps', 'team-a'], ['Bad_NS', 'x'.repeat(64)]),
      'storage-class': mostly(['gp3', 'io2', 'efs-sc'], ['', 'Bad Class']),
      'ingress-class': mostly(['alb', 'nginx'], ['Bad Class']),
      'command-image': mostly(['debian:bookworm-slim', 'alpine:3.20'], ['UPPER:tag', '']),
      'fetch-image': mostly(['busybox:1.36', 'curlimages/curl:8.8.0'], ['a b']),
      'job-backoff-limit': fc.constantFrom('0', '1', '6', '1000'),
      'per-node-instances': fc.constantFrom('0', '1', '2', '3', '100'),
      'certificate-arn': fc.subarray([
        'arn:aws:acm:eu-west-1:123456789012:certificate/abcdef01-2345-6789-abcd-ef0123456789',
        'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
      ]),
      label: fc.oneof(
        { weight: 29, arbitrary: fc.subarray(['team=platform', 'app.kubernetes.io/part-of=shop', 'env=']) },
        { weight: 1, arbitrary: fc.constant<string[]>(['bad key=1']) },
      ),
      'host-networking': fc.boolean(),
      'host-ports': fc.boolean(),
      'drop-cpu-limits': fc.boolean(),
      'wait-for-dependencies': fc.boolean(),
      strict: fc.boolean(),
    },
    { requiredKeys: [] },
  )
  .map((options) =>
    Object.entries(options).flatMap(([flag, value]): string[] => {
      if (typeof value === 'boolean') {
        return value ? [`--${flag}`] : [];
      }
      return (Array.isArray(value) ? value : [value]).flatMap((v) => [`--${flag}`, v]);
    }),
  );

/** Writes the estates and the plan; returns the plan. */
function generate(count: number, seed: number, estatesDir: string): Plan {
  fs.rmSync(estatesDir, { recursive: true, force: true });
  const samples = fc.sample(fc.tuple(estate, randomArgs), { seed, numRuns: count });
  const estates = samples.map(([{ documents, oneFile }, args], i) => {
    const dir = String(i).padStart(3, '0');
    fs.mkdirSync(path.join(estatesDir, dir), { recursive: true });
    const files: [string, unknown][] = oneFile
      ? [['estate.json', documents]]
      : documents.map((doc, k) => [`${String(k).padStart(2, '0')}-${kindOf(doc)}.json`, doc]);
    for (const [name, value] of files) {
      fs.writeFileSync(path.join(estatesDir, dir, name), `${JSON.stringify(value, null, 2)}\n`);
    }
    return { dir, variants: [{ name: 'default', args: [] }, SWITCHES, { name: 'random', args }] };
  });
  const plan: Plan = { estates };
  fs.writeFileSync(path.join(estatesDir, PLAN_FILE), `${JSON.stringify(plan, null, 1)}\n`);
  return plan;
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering: one child process per checkout runs that checkout's CLI in-process on every estate and variant.
// ---------------------------------------------------------------------------------------------------------------

async function render(checkout: string, estatesDir: string, outDir: string, only?: ReadonlySet<string>): Promise<void> {
  const { runCli } = createRequire(__filename)(path.join(checkout, 'lib/cli/program.ts')) as CliModule;
  const plan = JSON.parse(fs.readFileSync(path.join(estatesDir, PLAN_FILE), 'utf8')) as Plan;
  fs.rmSync(outDir, { recursive: true, force: true });
  for (const { dir, variants } of plan.estates) {
    if (only && !only.has(dir)) {
      continue;
    }
    for (const variant of variants) {
      const out = path.join(outDir, dir, variant.name);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      let stdout = '';
      let stderr = '';
      const io = {
        stdout: (t: string) => {
          stdout += t;
        },
        stderr: (t: string) => {
          stderr += t;
        },
        env: {},
      };
      const argv = ['convert', path.join(estatesDir, dir), '--out', out, ...variant.args];
      const code = await runCli(argv, io);
      const shown = (text: string) => text.split(out).join('<out>');
      const text = `args: ${variant.args.join(' ')}\nexit: ${code}\n--- stdout\n${shown(stdout)}--- stderr\n${shown(stderr)}`;
      fs.writeFileSync(`${out}.txt`, text);
    }
  }
}

function runRenderer(
  label: string,
  checkout: string,
  estatesDir: string,
  outDir: string,
  only?: string,
): Promise<void> {
  const args = [...process.execArgv, __filename, '--render', checkout, estatesDir, path.join(outDir, label)];
  const child = spawn(process.execPath, only ? [...args, only] : args, { cwd: checkout, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${label} renderer failed: ${signal ?? `exit ${code}`}`)),
    );
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------------------------------------

/** The `<estate>/<variant>` each line of `diff -rq` is about. */
function differingRuns(outDir: string): Map<string, string[]> {
  const result = spawnSync('diff', ['-rq', 'before', 'after'], { cwd: outDir, encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`diff failed: ${result.stderr}`);
  }
  const runs = new Map<string, string[]>();
  for (const line of result.stdout.split('\n').filter(Boolean)) {
    const where = /^(?:Files (?:before|after)\/|Only in (?:before|after)\/?)([^ :]*)/.exec(line)?.[1] ?? '';
    const [estateDir, variant = ''] = where.split('/');
    const key = `${estateDir}/${variant.replace(/\.txt$/, '')}`;
    runs.set(key, [...(runs.get(key) ?? []), line]);
  }
  return runs;
}

/** What the runs of "after" covered: definitions and objects of the default variant, exit codes of every run. */
interface Coverage {
  converted: number;
  rejected: number;
  readonly objects: Record<string, number>;
  readonly exits: Record<string, number>;
}

function coverage(outDir: string, plan: Plan): Coverage {
  const result: Coverage = { converted: 0, rejected: 0, objects: {}, exits: {} };
  const count = (into: Record<string, number>, key: string, n = 1) => (into[key] = (into[key] ?? 0) + n);
  for (const { dir, variants } of plan.estates) {
    for (const { name } of variants) {
      const printed = fs.readFileSync(path.join(outDir, 'after', dir, `${name}.txt`), 'utf8');
      count(result.exits, /^exit: (\d+)$/m.exec(printed)?.[1] ?? '?');
    }
    const report = path.join(outDir, 'after', dir, 'default', 'migration-report.json');
    if (!fs.existsSync(report)) {
      // Nothing written: every definition was invalid, and convert said how many.
      const printed = fs.readFileSync(path.join(outDir, 'after', dir, 'default.txt'), 'utf8');
      result.rejected += Number(/every definition is invalid \((\d+) definition/.exec(printed)?.[1] ?? 0);
      continue;
    }
    const { summary } = JSON.parse(fs.readFileSync(report, 'utf8')) as {
      summary: { definitions: Record<string, number>; rejected: number; objects: Record<string, number> };
    };
    result.converted += Object.values(summary.definitions).reduce((a, b) => a + b, 0);
    result.rejected += summary.rejected;
    for (const [kind, n] of Object.entries(summary.objects)) {
      count(result.objects, kind, n);
    }
  }
  return result;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      estates: { type: 'string', default: '300' },
      seed: { type: 'string', default: '20261201' },
      'estates-dir': { type: 'string', default: '/tmp/diff-estates' },
      'out-dir': { type: 'string', default: '/tmp/diff-out' },
      only: { type: 'string' },
    },
  });
  const count = Number(values.estates);
  const seed = Number(values.seed);
  if (
    positionals.length !== 1 ||
    !fs.existsSync(path.join(positionals[0], 'lib/cli/program.ts')) ||
    !Number.isInteger(count) ||
    count < 1 ||
    !Number.isInteger(seed)
  ) {
    console.error('usage: npx tsx scripts/differential-convert.ts <before-checkout> [--estates N] [--seed S] …');
    return 2;
  }
  const before = path.resolve(positionals[0]);
  const estatesDir = path.resolve(values['estates-dir']);
  const outDir = path.resolve(values['out-dir']);
  const plan = generate(count, seed, estatesDir);
  const only = values.only
    ?.split(',')
    .map((n) => n.padStart(3, '0'))
    .join(',');
  const started = Date.now();
  await Promise.all([
    runRenderer('before', before, estatesDir, outDir, only),
    runRenderer('after', AFTER, estatesDir, outDir, only),
  ]);
  const selected = only ? plan.estates.filter(({ dir }) => only.split(',').includes(dir)) : plan.estates;
  const runs = selected.reduce((n, e) => n + e.variants.length, 0);
  const covered = coverage(outDir, { estates: selected });
  const differing = differingRuns(outDir);
  const listed = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, n]) => `${key} ${n}`)
      .join(', ');
  console.log(
    `${selected.length} estates: ${covered.converted} definitions converted, ${covered.rejected} rejected by validation\n` +
      `objects (default options): ${listed(covered.objects)}\n` +
      `exit codes of the ${runs} runs: ${listed(covered.exits)}\n` +
      `${runs} runs per checkout in ${((Date.now() - started) / 1000).toFixed(0)} s: ${differing.size} differ`,
  );
  for (const [run, lines] of differing) {
    console.log(`\n${run}: input ${path.join(estatesDir, run.split('/')[0])}`);
    lines.slice(0, 10).forEach((line) => console.log(`  ${line}`));
  }
  if (differing.size > 0) {
    const diff = spawnSync('diff', ['-ru', 'before', 'after'], { cwd: outDir, encoding: 'utf8' });
    fs.writeFileSync(path.join(outDir, 'differences.diff'), diff.stdout);
    console.log(`\nunified diff: ${path.join(outDir, 'differences.diff')}`);
  }
  return differing.size === 0 ? 0 : 1;
}

if (process.argv[2] === '--render') {
  const [checkout, estatesDir, outDir, only] = process.argv.slice(3);
  render(checkout, estatesDir, outDir, only ? new Set(only.split(',')) : undefined).catch((cause: unknown) => {
    console.error(cause);
    process.exitCode = 1;
  });
} else {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (cause: unknown) => {
      console.error(cause);
      process.exitCode = 2;
    },
  );
}
