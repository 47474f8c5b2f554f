import {
  EXTERNAL_DNS_HOSTNAME,
  coexistenceHost,
  coexistenceService,
  coexistenceServiceName,
} from '../../lib/translate/coexistence-service';
import { Service } from '../../lib/translate/kube';
import { TranslateOptions } from '../../lib/translate/options';
import { DefinitionScope } from '../../lib/translate/scope';
import { validateKubeObjects } from '../../lib/validate/kubernetes';
import { DOMAIN, scopes } from './coexistence-fixtures';
import { translate } from './helpers';

function scopeOf(input: unknown, id: string, options: TranslateOptions = {}): DefinitionScope {
  const scope = scopes(input, options).get(id);
  if (scope === undefined) {
    throw new Error(`no definition ${id}`);
  }
  return scope;
}

function serviceOf(input: unknown, id: string, options: TranslateOptions = {}): Service {
  const service = coexistenceService(scopeOf(input, id, options), DOMAIN);
  if (service === undefined) {
    throw new Error(`no coexistence Service for ${id}`);
  }
  return service;
}

const hostApp = {
  id: '/shop/web',
  cmd: 'serve',
  instances: 2,
  portDefinitions: [
    { port: 10101, name: 'http', labels: { VIP_0: '/shop/web:80' } },
    { port: 0, name: 'admin' },
  ],
};

const bridgeApp = {
  id: '/shop/api',
  instances: 1,
  networks: [{ mode: 'container/bridge' }],
  container: {
    type: 'DOCKER',
    docker: { image: 'registry.example.com/api:1' },
    portMappings: [
      { containerPort: 8080, hostPort: 0, servicePort: 10080, name: 'http' },
      { containerPort: 5353, hostPort: 0, servicePort: 10053, name: 'dns', protocol: 'udp,tcp' },
      { containerPort: 9125, hostPort: 0, name: 'statsd', protocol: 'udp' },
    ],
  },
};

describe('coexistenceHost', () => {
  test('is <name>.<namespace>.<domain>, the zone written as DNS names are', () => {
    const scope = scopeOf(hostApp, '/shop/web');
    expect(coexistenceHost(scope, DOMAIN)).toBe('web.shop.eks.example.internal');
    expect(coexistenceHost(scope, ' EKS.Example.Internal. ')).toBe('web.shop.eks.example.internal');
  });

  test('uses the Kubernetes names, not the Marathon id', () => {
    const scope = scopeOf({ ...hostApp, id: '/shop.team/web.v2' }, '/shop.team/web.v2');
    expect([scope.namespace, scope.name]).toEqual(['shop-team', 'web-v2']);
    expect(coexistenceHost(scope, DOMAIN)).toBe('web-v2.shop-team.eks.example.internal');
  });
});

describe('coexistenceServiceName', () => {
  test('is <name>-dcos', () => {
    expect(coexistenceServiceName('web')).toBe('web-dcos');
  });

  test('stays within 63 characters, with a stable hash for long names', () => {
    const long = `a${'b'.repeat(61)}c`;
    const name = coexistenceServiceName(long);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^ab+-dcos$/);
    expect(coexistenceServiceName(long)).toBe(name);
    expect(coexistenceServiceName('x'.repeat(58))).toBe(`${'x'.repeat(58)}-dcos`);
    expect(coexistenceServiceName('x'.repeat(59)).length).toBe(63);
  });
});

describe('coexistenceService', () => {
  test('an internal NLB with ip targets, named by ExternalDNS in the coexistence zone', () => {
    const service = serviceOf(hostApp, '/shop/web');
    expect(service.kind).toBe('Service');
    expect(service.metadata?.name).toBe('web-dcos');
    expect(service.metadata?.namespace).toBe('shop');
    expect(service.spec?.type).toBe('LoadBalancer');
    expect(service.metadata?.annotations).toMatchObject({
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
      [EXTERNAL_DNS_HOSTNAME]: 'web.shop.eks.example.internal',
    });
    expect(EXTERNAL_DNS_HOSTNAME).toBe('external-dns.alpha.kubernetes.io/hostname');
    expect(service.metadata?.annotations).not.toHaveProperty(
      'service.beta.kubernetes.io/aws-load-balancer-enable-tcp-udp-listener',
    );
  });

  test("selects the workload's pods and carries its labels and id annotation", () => {
    const scope = scopeOf(hostApp, '/shop/web');
    const service = coexistenceService(scope, DOMAIN) as Service;
    expect(service.spec?.selector).toEqual(scope.selector);
    expect(service.metadata?.labels).toEqual(scope.labels);
    expect(service.metadata?.annotations?.['marathon-to-eks/app-id']).toBe('/shop/web');
  });

  test.each([
    ['a host-networking app with a VIP named after it', hostApp, '/shop/web', 'web'],
    ['a bridge app with TCP, UDP and both', bridgeApp, '/shop/api', 'api'],
  ])("%s: the very ports of the workload's own ClusterIP Service", (_, input, id, name) => {
    const own = translate(input).service(name);
    const service = serviceOf(input, id);
    expect(service.spec?.ports).toEqual(own.spec?.ports);
    expect(service.spec?.ports?.length).toBeGreaterThan(0);
  });

  test('a VIP named after the workload adds its port, as on the ClusterIP Service', () => {
    const ports = serviceOf(hostApp, '/shop/web').spec?.ports ?? [];
    expect(ports.map((port) => [port.port, port.targetPort, port.protocol])).toEqual([
      [80, 10101, 'TCP'],
      [10101, 10101, 'TCP'],
      [10001, 10001, 'TCP'],
    ]);
  });

  test('TCP and UDP: one listener per port number over both needs the TCP_UDP annotation', () => {
    const service = serviceOf(bridgeApp, '/shop/api');
    expect(service.spec?.ports?.map((port) => `${port.name} ${port.port}/${port.protocol}`)).toEqual([
      'http 10080/TCP',
      'dns 10053/TCP',
      'dns-udp 10053/UDP',
      'statsd 9125/UDP',
    ]);
    expect(
      service.metadata?.annotations?.['service.beta.kubernetes.io/aws-load-balancer-enable-tcp-udp-listener'],
    ).toBe('true');
  });

  test('a UDP-only workload needs no TCP_UDP listener', () => {
    const udp = {
      id: '/infra/dns',
      cmd: 'dnsd',
      portDefinitions: [{ port: 53, name: 'dns', protocol: 'udp' }],
      requirePorts: true,
    };
    const service = serviceOf(udp, '/infra/dns');
    expect(service.spec?.ports).toEqual([{ name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' }]);
    expect(service.metadata?.annotations).not.toHaveProperty(
      'service.beta.kubernetes.io/aws-load-balancer-enable-tcp-udp-listener',
    );
  });

  test("a pod's endpoints, on the ports of its own Service", () => {
    const pod = {
      id: '/payments/gateway',
      containers: [
        {
          name: 'gateway',
          image: { kind: 'DOCKER', id: 'gateway:1' },
          resources: { cpus: 0.5, mem: 256 },
          endpoints: [{ name: 'http', containerPort: 8443, protocol: ['tcp'] }],
        },
      ],
      networks: [{ mode: 'container', name: 'dcos' }],
    };
    const service = serviceOf(pod, '/payments/gateway');
    expect(service.metadata?.name).toBe('gateway-dcos');
    expect(service.spec?.ports).toEqual(translate(pod).service('gateway').spec?.ports);
    expect(service.metadata?.annotations?.['marathon-to-eks/pod-id']).toBe('/payments/gateway');
  });

  test('none for a workload without ports, nor for a job', () => {
    const estate = scopes([
      { id: '/batch/worker', cmd: 'work', portDefinitions: [] },
      { id: 'nightly.report', run: { cmd: 'report', cpus: 0.1, mem: 32, disk: 0 } },
    ]);
    expect(coexistenceService(estate.get('/batch/worker') as DefinitionScope, DOMAIN)).toBeUndefined();
    expect(coexistenceService(estate.get('nightly.report') as DefinitionScope, DOMAIN)).toBeUndefined();
  });

  test('passes the strict validation, for every kind of port and a long name', () => {
    const services = [
      serviceOf(hostApp, '/shop/web'),
      serviceOf(bridgeApp, '/shop/api'),
      serviceOf({ ...hostApp, id: `/shop/${'w'.repeat(70)}` }, `/shop/${'w'.repeat(70)}`),
      serviceOf({ ...hostApp, id: '/top' }, '/top', { namespaceStrategy: 'single', defaultNamespace: 'migrated' }),
    ];
    expect(services.map((service) => (service.metadata?.name ?? '').length <= 63)).toEqual([true, true, true, true]);
    expect(validateKubeObjects(services)).toEqual([]);
  });

  test('is the same, whatever the order of the estate', () => {
    const estate = [bridgeApp, hostApp, { ...hostApp, id: '/shop/web-2' }];
    const forward = scopes(estate);
    const backward = scopes([...estate].reverse());
    for (const id of ['/shop/api', '/shop/web', '/shop/web-2']) {
      expect(JSON.stringify(coexistenceService(backward.get(id) as DefinitionScope, DOMAIN))).toBe(
        JSON.stringify(coexistenceService(forward.get(id) as DefinitionScope, DOMAIN)),
      );
    }
  });
});
