import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCapturing } from '../helpers/cli';
import { loadJson } from '../helpers/load';
import { Definition } from '../../lib/marathon/load/definition';
import { loadEstate } from '../../lib/marathon/load/estate';
import { DcosForwarder, dcosForwarder } from '../../lib/translate/dcos-forwarder';
import { definitionScope } from '../../lib/translate/definition-scope';
import { buildEstateContext } from '../../lib/translate/estate';
import { isMarathonLbLabel } from '../../lib/translate/marathon-lb';
import { TranslateOptions, resolveOptions } from '../../lib/translate/options';
import { DefinitionScope } from '../../lib/translate/scope';

/*
 * What the tests of DC/OS → EKS coexistence share: the scope a definition is translated in, the forwarder of one, and
 * apps and pods in every networking mode.
 */

export const DOMAIN = 'eks.example.internal';

/** The scope each definition is translated in, by Marathon id (apps read their labels as app.ts does). */
export function scopesOf(
  definitions: readonly Definition[],
  options: TranslateOptions = {},
  groups: Parameters<typeof buildEstateContext>[1] = [],
): Map<string, DefinitionScope> {
  const context = buildEstateContext(definitions, groups, resolveOptions(options));
  return new Map(
    definitions.map((definition) => [
      definition.id,
      definition.kind === 'app'
        ? definitionScope(definition, context, { consumed: isMarathonLbLabel, readByContainer: true })
        : definitionScope(definition, context),
    ]),
  );
}

export function scopes(input: unknown, options: TranslateOptions = {}): Map<string, DefinitionScope> {
  const loaded = loadJson(input);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return scopesOf(loaded.definitions, options, loaded.groups);
}

export function forwarderOf(
  input: unknown,
  id: string,
  options: TranslateOptions = {},
  domain = DOMAIN,
): DcosForwarder {
  const scope = scopes(input, options).get(id);
  const forwarder = scope && dcosForwarder(scope, domain);
  if (forwarder === undefined) {
    throw new Error(`no forwarder for ${id}`);
  }
  return forwarder;
}

export const CREDENTIAL = 'dXNlcjpzM2NyZXQ=';

export const hostApp = {
  id: '/shop/web',
  cmd: 'python3 -m http.server $PORT0',
  instances: 3,
  cpus: 2,
  mem: 2048,
  user: 'nobody',
  env: { DB_URL: 'postgres://db' },
  constraints: [['hostname', 'UNIQUE']],
  fetch: [{ uri: 'https://artifacts.example.com/web.tgz' }],
  portDefinitions: [
    { port: 10101, name: 'http', labels: { VIP_0: '/shop/web:80', VIP_1: 'web-legacy:8080' } },
    { port: 10153, name: 'dns', protocol: 'udp,tcp' },
    { port: 10125, name: 'statsd', protocol: 'udp' },
  ],
  labels: {
    HAPROXY_GROUP: 'external',
    HAPROXY_0_VHOST: 'web.example.com',
    HAPROXY_0_BACKEND_HTTP_OPTIONS: `  http-request set-header Authorization Basic ${CREDENTIAL}\n`,
    team: 'web',
  },
};

export const bridgeApp = {
  id: '/shop/api',
  instances: 2,
  networks: [{ mode: 'container/bridge' }],
  container: {
    type: 'DOCKER',
    docker: { image: 'registry.example.com/api:1', forcePullImage: true, parameters: [{ key: 'ulimit', value: 'x' }] },
    volumes: [{ containerPath: 'data', mode: 'RW', persistent: { size: 1024 } }],
    portMappings: [
      { containerPort: 8080, hostPort: 0, servicePort: 10080, name: 'http', labels: { VIP_0: '/shop/api:8080' } },
      { containerPort: 0, hostPort: 0, name: 'metrics' },
      { containerPort: 9125, hostPort: 31125, servicePort: 10125, name: 'statsd', protocol: 'udp' },
    ],
  },
  labels: { HAPROXY_GROUP: 'internal', HAPROXY_0_MODE: 'http', HAPROXY_1_ENABLED: 'false' },
};

export const containerApp = {
  id: '/data/search',
  instances: 1,
  networks: [{ mode: 'container', name: 'dcos', labels: { tier: 'backend' } }],
  container: {
    type: 'MESOS',
    docker: { image: 'elasticsearch:7' },
    portMappings: [
      { containerPort: 9200, name: 'http', labels: { VIP_0: '/data/search:9200' } },
      { containerPort: 0, name: 'transport' },
      { containerPort: 9300, hostPort: 0, name: 'cluster', networkNames: ['dcos'] },
    ],
  },
};

export const commandApp = { id: '/tools/echo', cmd: 'echo-server', portDefinitions: [{ port: 0 }] };

export const containerPod = {
  id: '/payments/gateway',
  labels: { HAPROXY_GROUP: 'external', team: 'payments' },
  scaling: { kind: 'fixed', instances: 2 },
  containers: [
    {
      name: 'gateway',
      image: { kind: 'DOCKER', id: 'gateway:7' },
      resources: { cpus: 0.5, mem: 512 },
      endpoints: [
        { name: 'https', containerPort: 8443, protocol: ['tcp'], labels: { VIP_0: '/payments/gateway:443' } },
      ],
    },
    {
      name: 'envoy',
      image: { kind: 'DOCKER', id: 'envoy:1' },
      resources: { cpus: 0.25, mem: 128 },
      endpoints: [{ name: 'stats', containerPort: 9901, hostPort: 0, protocol: ['udp', 'tcp'] }],
    },
  ],
  networks: [{ mode: 'container', name: 'dcos' }],
  scheduling: { placement: { constraints: [{ fieldName: 'hostname', operator: 'UNIQUE' }] } },
};

export const hostPod = {
  id: '/infra/agent',
  scaling: { kind: 'fixed', instances: 0 },
  containers: [
    {
      name: 'agent',
      resources: { cpus: 0.1, mem: 64 },
      endpoints: [
        { name: 'api', hostPort: 8125, protocol: ['tcp'], labels: { VIP_0: '/infra/agent:8125' } },
        { name: 'dyn', hostPort: 0 },
      ],
    },
  ],
};

/** The apps and pods every forwarder test covers, with the id of each. */
export const FIXTURES: readonly (readonly [string, Record<string, unknown>])[] = [
  ['host networking with VIP, HAProxy and UDP ports', hostApp],
  ['bridge networking', bridgeApp],
  ['container networking', containerApp],
  ['a command app', commandApp],
  ['a pod on a container network', containerPod],
  ['a pod on the host network', hostPod],
];

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'forwarder-'));
}

/** Writes each forwarder as convert would, then runs the CLI's `validate --json` on the files. */
export async function validateForwarders(forwarders: readonly DcosForwarder[]) {
  const dir = tempDir();
  try {
    const files = forwarders.map((forwarder) => {
      const file = path.join(dir, forwarder.file);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${JSON.stringify(forwarder.app, null, 2)}\n`);
      return file;
    });
    const run = await runCapturing(['validate', '--json', ...files]);
    const result = JSON.parse(run.stdout) as {
      valid: boolean;
      summary: { valid: number; warnings: number; errors: number };
      diagnostics: { severity: string; code: string; message: string }[];
    };
    const loaded = await loadEstate({ paths: files });
    return { run, result, loaded };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
