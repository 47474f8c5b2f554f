import * as path from 'node:path';
import { EXAMPLES } from '../helpers/cli';
import { Definition } from '../../lib/marathon/load/definition';
import { loadEstate } from '../../lib/marathon/load/estate';
import { coexistenceHost } from '../../lib/translate/coexistence-service';
import { DcosForwarder, FORWARDER_LABEL, dcosForwarder } from '../../lib/translate/dcos-forwarder';
import { resolveOptions } from '../../lib/translate/options';
import { DefinitionScope } from '../../lib/translate/scope';
import {
  CREDENTIAL,
  DOMAIN,
  FIXTURES,
  bridgeApp,
  commandApp,
  containerApp,
  containerPod,
  forwarderOf,
  hostApp,
  hostPod,
  scopes,
  scopesOf,
  validateForwarders,
} from './coexistence-fixtures';

/** Port lists of a normalized definition, in `$PORT<n>` order: for apps their ports, for pods every endpoint. */
function portsOf(definition: Definition) {
  if (definition.kind === 'app') {
    const app = definition.spec;
    const host = app.networks.some((network) => network.mode === 'host');
    return host
      ? app.portDefinitions.map((port) => ({ servicePort: port.port, labels: port.labels, name: port.name }))
      : (app.container?.portMappings ?? []).map((port) => ({
          servicePort: port.servicePort,
          labels: port.labels,
          name: port.name,
        }));
  }
  if (definition.kind === 'pod') {
    return definition.spec.containers.flatMap((container) =>
      container.endpoints.map((endpoint) => ({ servicePort: 0, labels: endpoint.labels, name: endpoint.name })),
    );
  }
  return [];
}

const vipLabelsOf = (definition: Definition) =>
  portsOf(definition).map((port) => Object.entries(port.labels).filter(([key]) => /^VIP_\d+$/.test(key)));

const haproxyLabelsOf = (labels: Readonly<Record<string, string>>, hidden: ReadonlySet<string> = new Set()) =>
  Object.fromEntries(Object.entries(labels).filter(([key]) => key.startsWith('HAPROXY_') && !hidden.has(key)));

describe('dcosForwarder', () => {
  test.each(FIXTURES)('%s: passes our own validate, with no warning', async (_, input) => {
    const forwarder = forwarderOf(input, String(input.id));
    const { run, result } = await validateForwarders([forwarder]);
    expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(run.code).toBe(0);
    expect(result.summary).toMatchObject({ valid: 1, errors: 0, warnings: 0 });
  });

  test.each(FIXTURES)(
    '%s: loads back with the same id, service ports, VIP labels and HAPROXY labels',
    async (_, input) => {
      const id = String(input.id);
      const scope = scopes(input).get(id) as DefinitionScope;
      const forwarder = dcosForwarder(scope, DOMAIN) as DcosForwarder;
      const { loaded } = await validateForwarders([forwarder]);
      expect(loaded.definitions).toHaveLength(1);
      const back = loaded.definitions[0];
      const original = scope.definition;
      expect(back.kind).toBe('app');
      expect(back.id).toBe(original.id);
      expect(portsOf(back).map((port) => port.name)).toEqual(portsOf(original).map((port) => port.name));
      if (original.kind === 'app') {
        expect(portsOf(back).map((port) => port.servicePort)).toEqual(
          portsOf(original).map((port) => port.servicePort),
        );
      }
      expect(vipLabelsOf(back)).toEqual(vipLabelsOf(original));
      expect(haproxyLabelsOf(back.spec.labels)).toEqual(haproxyLabelsOf(original.spec.labels, scope.hiddenLabels));
      expect(back.spec.labels[FORWARDER_LABEL]).toBe(coexistenceHost(scope, DOMAIN));
    },
  );

  test('the example estate: every definition with ports gets a valid forwarder that keeps its names', async () => {
    const estate = await loadEstate({ paths: [path.join(EXAMPLES, 'marathon')] });
    const byId = scopesOf(estate.definitions, {}, estate.groups);
    const forwarders = [...byId.values()].flatMap((scope) => {
      const forwarder = dcosForwarder(scope, DOMAIN);
      return forwarder ? [{ scope, forwarder }] : [];
    });
    expect(forwarders.map(({ scope }) => scope.definition.id).sort()).toEqual([
      '/legacy/cache',
      '/payments/gateway',
      '/shop/api',
      '/shop/frontend',
      '/shop/postgres',
      '/shop/worker',
    ]);
    const { run, result, loaded } = await validateForwarders(forwarders.map(({ forwarder }) => forwarder));
    expect(run.code).toBe(0);
    expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const back = new Map(loaded.definitions.map((definition) => [definition.id, definition]));
    for (const { scope } of forwarders) {
      const original = scope.definition;
      const copy = back.get(original.id) as Definition;
      expect(copy.kind).toBe('app');
      expect(vipLabelsOf(copy)).toEqual(vipLabelsOf(original));
      expect(haproxyLabelsOf(copy.spec.labels)).toEqual(haproxyLabelsOf(original.spec.labels, scope.hiddenLabels));
      if (original.kind === 'app') {
        expect(portsOf(copy).map((p) => p.servicePort)).toEqual(portsOf(original).map((p) => p.servicePort));
      }
    }
    // The legacy forms (`ports`, `container.docker.network`/`portMappings`) are written in today's form.
    const frontend = forwarders.find(({ scope }) => scope.definition.id === '/shop/frontend')?.forwarder.app;
    expect(frontend?.networks).toEqual([{ mode: 'container/bridge' }]);
    expect(frontend?.container).toMatchObject({
      type: 'DOCKER',
      portMappings: [{ containerPort: 8080, hostPort: 0, servicePort: 10080, name: 'http', protocol: 'tcp' }],
    });
    expect(frontend?.labels).toEqual({
      HAPROXY_GROUP: 'external',
      HAPROXY_0_VHOST: 'shop.example.com,www.shop.example.com',
      HAPROXY_0_REDIRECT_TO_HTTPS: 'true',
      [FORWARDER_LABEL]: 'frontend.shop.eks.example.internal',
    });
    const cache = forwarders.find(({ scope }) => scope.definition.id === '/legacy/cache')?.forwarder.app;
    expect(cache?.portDefinitions).toEqual([{ port: 0 }]);
  });

  test('keeps the id, networking and ports as written; a port field left out stays out', () => {
    const app = forwarderOf(bridgeApp, '/shop/api').app;
    expect(app.id).toBe('/shop/api');
    expect(app.networks).toEqual([{ mode: 'container/bridge' }]);
    expect(app.portDefinitions).toBeUndefined();
    expect(app.container).toEqual({
      type: 'DOCKER',
      docker: { image: 'alpine/socat:1.8.0.1' },
      portMappings: [
        { containerPort: 8080, hostPort: 0, servicePort: 10080, name: 'http', labels: { VIP_0: '/shop/api:8080' } },
        { containerPort: 0, hostPort: 0, name: 'metrics' },
        { containerPort: 9125, hostPort: 31125, servicePort: 10125, name: 'statsd', protocol: 'udp' },
      ],
    });
    const host = forwarderOf(hostApp, '/shop/web').app;
    expect(host.networks).toEqual([{ mode: 'host' }]);
    expect(host.portDefinitions).toEqual([
      { port: 10101, name: 'http', labels: { VIP_0: '/shop/web:80', VIP_1: 'web-legacy:8080' } },
      { port: 10153, name: 'dns', protocol: 'udp,tcp' },
      { port: 10125, name: 'statsd', protocol: 'udp' },
    ]);
    const search = forwarderOf(containerApp, '/data/search').app;
    expect(search.networks).toEqual([{ mode: 'container', name: 'dcos', labels: { tier: 'backend' } }]);
    expect((search.container as { portMappings: unknown[] }).portMappings).toEqual([
      { containerPort: 9200, name: 'http', labels: { VIP_0: '/data/search:9200' } },
      { containerPort: 0, name: 'transport' },
      { containerPort: 9300, hostPort: 0, name: 'cluster', networkNames: ['dcos'] },
    ]);
  });

  test('keeps the container type (or the Mesos containerizer without one) and runs the forwarder image', () => {
    expect(forwarderOf(bridgeApp, '/shop/api').app.container).toMatchObject({ type: 'DOCKER' });
    expect(forwarderOf(containerApp, '/data/search').app.container).toMatchObject({ type: 'MESOS' });
    expect(forwarderOf(commandApp, '/tools/echo').app.container).toMatchObject({ type: 'MESOS' });
    expect(forwarderOf(containerPod, '/payments/gateway').app.container).toMatchObject({ type: 'MESOS' });
    const custom = forwarderOf(hostApp, '/shop/web', { forwarderImage: 'registry.example.com/socat:1.8' });
    expect(custom.app.container).toMatchObject({ docker: { image: 'registry.example.com/socat:1.8' } });
    expect(resolveOptions().forwarderImage).toBe('alpine/socat:1.8.0.1');
  });

  test('small resources, the original instance count, nothing of its env, secrets, volumes or placement', () => {
    const forwarder = forwarderOf(hostApp, '/shop/web');
    expect(forwarder.file).toBe('dcos/forwarders/shop/web.json');
    expect(forwarder.app).toMatchObject({ instances: 3, cpus: 0.1, mem: 64 });
    expect(Object.keys(forwarder.app).sort()).toEqual(
      [
        'cmd',
        'container',
        'cpus',
        'healthChecks',
        'id',
        'instances',
        'labels',
        'mem',
        'networks',
        'portDefinitions',
      ].sort(),
    );
    expect(forwarder.notes).toContainEqual(expect.stringContaining('placement not kept'));
    expect(forwarder.notes).toContainEqual(expect.stringContaining('"hostname UNIQUE"'));
    expect(forwarder.notes).toContainEqual(expect.stringContaining('labels not kept'));
    const api = forwarderOf(bridgeApp, '/shop/api');
    expect(api.app.container).not.toHaveProperty('volumes');
    expect(api.notes).toContainEqual(expect.stringContaining('persistent volume is not kept'));
    expect(api.notes.some((note) => note.includes('placement'))).toBe(false);
  });

  test('requirePorts and accepted resource roles are kept: fixed host ports are addresses', () => {
    const edge = {
      ...commandApp,
      requirePorts: true,
      acceptedResourceRoles: ['slave_public'],
      portDefinitions: [{ port: 80 }],
    };
    const app = forwarderOf(edge, '/tools/echo').app;
    expect(app).toMatchObject({
      requirePorts: true,
      acceptedResourceRoles: ['slave_public'],
      portDefinitions: [{ port: 80 }],
    });
  });

  test('one Mesos TCP health check, of the first port with TCP (Marathon takes one); none without TCP', () => {
    const check = { gracePeriodSeconds: 30, intervalSeconds: 10, timeoutSeconds: 5, maxConsecutiveFailures: 3 };
    const forwarder = forwarderOf(hostApp, '/shop/web');
    expect(forwarder.app.healthChecks).toEqual([{ protocol: 'MESOS_TCP', portIndex: 0, ...check }]);
    expect(forwarder.notes).toContainEqual(expect.stringContaining('loadBalancerSourceRanges'));
    expect(forwarder.notes.some((note) => note.includes('no health check'))).toBe(false);
    expect(forwarderOf(containerApp, '/data/search').notes.some((note) => note.includes('UDP'))).toBe(false);
    const udpFirst = {
      ...commandApp,
      portDefinitions: [
        { port: 10053, protocol: 'udp' },
        { port: 10080, protocol: 'tcp' },
      ],
    };
    expect(forwarderOf(udpFirst, '/tools/echo').app.healthChecks).toEqual([
      { protocol: 'MESOS_TCP', portIndex: 1, ...check },
    ]);
    const udpOnly = forwarderOf({ ...commandApp, portDefinitions: [{ port: 10053, protocol: 'udp' }] }, '/tools/echo');
    expect(udpOnly.app.healthChecks).toEqual([]);
    expect(udpOnly.notes).toContainEqual(expect.stringContaining('no health check'));
  });

  test('a pod becomes an app of its id, endpoints as port mappings, and must be removed first', () => {
    const forwarder = forwarderOf(containerPod, '/payments/gateway');
    expect(forwarder.app).toMatchObject({
      id: '/payments/gateway',
      instances: 2,
      networks: [{ mode: 'container', name: 'dcos' }],
    });
    expect((forwarder.app.container as { portMappings: unknown[] }).portMappings).toEqual([
      { containerPort: 8443, name: 'https', protocol: 'tcp', labels: { VIP_0: '/payments/gateway:443' } },
      { containerPort: 9901, hostPort: 0, name: 'stats', protocol: 'udp,tcp' },
    ]);
    expect(forwarder.notes[0]).toMatch(/remove the pod "\/payments\/gateway".*before creating the forwarder/);
    expect(forwarder.notes).toContainEqual(expect.stringContaining('placement not kept'));

    const host = forwarderOf(hostPod, '/infra/agent');
    expect(host.app.networks).toEqual([{ mode: 'container/bridge' }]);
    expect((host.app.container as { portMappings: unknown[] }).portMappings).toEqual([
      { containerPort: 8125, hostPort: 8125, name: 'api', protocol: 'tcp', labels: { VIP_0: '/infra/agent:8125' } },
      { containerPort: 0, hostPort: 0, name: 'dyn' },
    ]);
    expect(host.app.instances).toBe(1);
    expect(host.notes).toContainEqual(expect.stringContaining('0 instances'));
  });

  test('none without ports, nor for a job', () => {
    const estate = scopes([
      { id: '/batch/worker', cmd: 'work', portDefinitions: [] },
      { id: 'nightly.report', run: { cmd: 'report', cpus: 0.1, mem: 32, disk: 0 } },
    ]);
    expect(dcosForwarder(estate.get('/batch/worker') as DefinitionScope, DOMAIN)).toBeUndefined();
    expect(dcosForwarder(estate.get('nightly.report') as DefinitionScope, DOMAIN)).toBeUndefined();
  });

  test('nothing secret is copied: a hidden HAProxy label and a credential port label stay out', () => {
    const input = {
      ...hostApp,
      portDefinitions: [{ port: 10101, name: 'http', labels: { VIP_0: '/shop/web:80', DB_PASSWORD: 'hunter2-x' } }],
    };
    const scope = scopes(input).get('/shop/web') as DefinitionScope;
    expect(scope.hiddenLabels.has('HAPROXY_0_BACKEND_HTTP_OPTIONS')).toBe(true);
    const forwarder = dcosForwarder(scope, DOMAIN) as DcosForwarder;
    const text = JSON.stringify(forwarder.app);
    expect(text).not.toContain(CREDENTIAL);
    expect(text).not.toContain('HAPROXY_0_BACKEND_HTTP_OPTIONS');
    expect(text).not.toContain('hunter2');
    expect(JSON.stringify(forwarder.notes)).not.toContain(CREDENTIAL);
    expect(JSON.stringify(forwarder.notes)).not.toContain('hunter2');
    expect(forwarder.notes).toContainEqual(expect.stringContaining('"HAPROXY_0_BACKEND_HTTP_OPTIONS" is not copied'));
    expect(forwarder.notes).toContainEqual(expect.stringContaining('"DB_PASSWORD"'));
    expect(forwarder.app.labels).toEqual({
      HAPROXY_GROUP: 'external',
      HAPROXY_0_VHOST: 'web.example.com',
      [FORWARDER_LABEL]: 'web.shop.eks.example.internal',
    });
  });

  test('a forwarder label of an earlier run is replaced by this run’s', () => {
    const input = { ...commandApp, labels: { [FORWARDER_LABEL]: 'old.host.example', HAPROXY_GROUP: 'external' } };
    const forwarder = forwarderOf(input, '/tools/echo');
    expect(forwarder.app.labels).toEqual({
      HAPROXY_GROUP: 'external',
      [FORWARDER_LABEL]: 'echo.tools.eks.example.internal',
    });
    expect(forwarder.notes.some((note) => note.includes('labels not kept'))).toBe(false);
  });

  test('is byte-identical whatever the order of the estate', () => {
    const estate = FIXTURES.map(([, input]) => input);
    const forward = scopes(estate);
    const backward = scopes([...estate].reverse());
    for (const [, input] of FIXTURES) {
      const id = String(input.id);
      expect(JSON.stringify(dcosForwarder(backward.get(id) as DefinitionScope, DOMAIN))).toBe(
        JSON.stringify(dcosForwarder(forward.get(id) as DefinitionScope, DOMAIN)),
      );
    }
  });
});
