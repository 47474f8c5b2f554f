import { app, translate } from './helpers';

// DC/OS semantics: dcos/telegraf@f83bd5ec97d7 (branch 1.9.4-dcos) plugins/inputs/prometheus/prometheus.go
// (getEndpointsFromTaskPorts, getEndpointFromTaskLabels). Monitor fields: prometheus-operator-crds 31.0.1
// charts/crds/templates/crd-servicemonitors.yaml (endpoints[].port is the Service port name) and crd-podmonitors.yaml
// (podMetricsEndpoints[].port is the pod's port name).

const keepOwnService = (name: string) => [
  { sourceLabels: ['__meta_kubernetes_service_name'], regex: name, action: 'keep' },
];

describe('DC/OS metrics labels → ServiceMonitor / PodMonitor', () => {
  test('a port labelled DCOS_METRICS_FORMAT=prometheus is scraped through its Service port, at /metrics or DCOS_METRICS_ENDPOINT', () => {
    const result = translate(
      app({
        portDefinitions: [
          { port: 8080, name: 'http', labels: { DCOS_METRICS_FORMAT: 'prometheus' } },
          { port: 9100, name: 'admin', labels: { DCOS_METRICS_FORMAT: 'prometheus', DCOS_METRICS_ENDPOINT: '/stats' } },
          { port: 9200, name: 'other' },
        ],
      }),
    );
    const monitor = result.one('ServiceMonitor', 'web') as unknown as {
      metadata: { namespace: string; annotations: Record<string, string> };
      spec: unknown;
    };
    expect(monitor.metadata.namespace).toBe('shop');
    expect(monitor.metadata.annotations['marathon-to-eks/app-id']).toBe('/shop/web');
    expect(monitor.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      endpoints: [
        { port: 'http', path: '/metrics', relabelings: keepOwnService('web') },
        { port: 'admin', path: '/stats', relabelings: keepOwnService('web') },
      ],
    });
    expect(result.all('PodMonitor')).toEqual([]);
    expect(result.field('portDefinitions[0].labels.DCOS_METRICS_FORMAT')).toMatchObject({
      status: 'translated',
      note: 'scraped by ServiceMonitor web: Service port http, path /metrics',
    });
    expect(result.field('portDefinitions[1].labels.DCOS_METRICS_ENDPOINT')).toMatchObject({
      status: 'translated',
      note: 'scraped by ServiceMonitor web: Service port admin, path /stats',
    });
  });

  test('a query in DCOS_METRICS_ENDPOINT becomes the endpoint’s params, as telegraf sent it; the fragment is dropped', () => {
    const result = translate(
      app({
        portDefinitions: [
          {
            port: 8080,
            name: 'http',
            labels: {
              DCOS_METRICS_FORMAT: 'prometheus',
              DCOS_METRICS_ENDPOINT: '/metrics?format=prometheus&x=1&x=2&__proto__=p#top',
            },
          },
        ],
      }),
    );
    const monitor = result.one('ServiceMonitor', 'web') as unknown as {
      spec: { endpoints: Record<string, unknown>[] };
    };
    const [endpoint] = monitor.spec.endpoints;
    expect(endpoint.path).toBe('/metrics');
    expect(endpoint.params).toEqual({ format: ['prometheus'], x: ['1', '2'], ['__proto__']: ['p'] });
    expect(Object.keys(endpoint.params as object)).toEqual(['format', 'x', '__proto__']);
    expect(result.field('portDefinitions[0].labels.DCOS_METRICS_ENDPOINT')).toMatchObject({
      status: 'translated',
      note: 'scraped by ServiceMonitor web: Service port http, path /metrics with params format=prometheus&x=1&x=2&__proto__=p',
    });
  });

  test('task labels pick the port by DCOS_METRICS_PORT_INDEX (over DCOS_METRICS_PORT_NAME), at the task’s DCOS_METRICS_ENDPOINT', () => {
    const result = translate(
      app({
        labels: {
          DCOS_METRICS_FORMAT: 'prometheus',
          DCOS_METRICS_PORT_INDEX: '1',
          DCOS_METRICS_PORT_NAME: 'http',
          DCOS_METRICS_ENDPOINT: '/prom',
        },
        portDefinitions: [
          { port: 8080, name: 'http' },
          { port: 9100, name: 'metrics' },
        ],
      }),
    );
    const monitor = result.one('ServiceMonitor', 'web') as unknown as { spec: { endpoints: unknown[] } };
    expect(monitor.spec.endpoints).toEqual([{ port: 'metrics', path: '/prom', relabelings: keepOwnService('web') }]);
    for (const label of ['DCOS_METRICS_FORMAT', 'DCOS_METRICS_PORT_INDEX', 'DCOS_METRICS_ENDPOINT']) {
      expect(result.field(`labels.${label}`)).toMatchObject({
        status: 'translated',
        note: 'scraped by ServiceMonitor web: Service port metrics, path /prom',
      });
    }
    expect(result.field('labels.DCOS_METRICS_PORT_NAME')).toMatchObject({
      status: 'ignored',
      note: 'DCOS_METRICS_PORT_INDEX takes priority, as on DC/OS',
    });
  });

  test('DCOS_METRICS_PORT_NAME alone names the port; an index out of range or another format scrapes nothing, as on DC/OS', () => {
    const byName = translate(
      app({
        labels: { DCOS_METRICS_FORMAT: 'prometheus', DCOS_METRICS_PORT_NAME: 'metrics' },
        portDefinitions: [
          { port: 8080, name: 'http' },
          { port: 9100, name: 'metrics' },
        ],
      }),
    );
    expect(byName.one('ServiceMonitor', 'web').spec).toMatchObject({
      endpoints: [{ port: 'metrics', path: '/metrics' }],
    });

    const outOfRange = translate(
      app({
        labels: { DCOS_METRICS_FORMAT: 'prometheus', DCOS_METRICS_PORT_INDEX: '3' },
        portDefinitions: [{ port: 80 }],
      }),
    );
    expect(outOfRange.all('ServiceMonitor')).toEqual([]);
    expect(outOfRange.field('labels.DCOS_METRICS_PORT_INDEX')).toMatchObject({
      status: 'ignored',
      note: 'DCOS_METRICS_PORT_INDEX "3" names none of the 1 ports: DC/OS scraped nothing either (telegraf logs "Could not retrieve port index")',
    });

    const statsd = translate(
      app({ portDefinitions: [{ port: 80, name: 'http', labels: { DCOS_METRICS_FORMAT: 'statsd' } }] }),
    );
    expect(statsd.all('ServiceMonitor')).toEqual([]);
    expect(statsd.field('portDefinitions[0].labels.DCOS_METRICS_FORMAT')).toMatchObject({
      status: 'ignored',
      note: 'DCOS_METRICS_FORMAT "statsd": DC/OS scraped only ports and tasks labelled "prometheus"',
    });
  });

  test('a pod’s endpoint is scraped through the pod’s Service too; a path without a slash gets one', () => {
    const result = translate({
      id: '/shop/cache',
      containers: [
        {
          name: 'redis',
          resources: { cpus: 0.5, mem: 256 },
          image: { kind: 'DOCKER', id: 'redis:7' },
          endpoints: [
            { name: 'redis', containerPort: 6379 },
            {
              name: 'exporter',
              containerPort: 9121,
              labels: { DCOS_METRICS_FORMAT: 'prometheus', DCOS_METRICS_ENDPOINT: 'metrics' },
            },
          ],
        },
      ],
      networks: [{ mode: 'container', name: 'dcos' }],
    });
    expect(result.one('ServiceMonitor', 'cache').spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'cache' } },
      endpoints: [{ port: 'exporter', path: '/metrics', relabelings: keepOwnService('cache') }],
    });
    expect(result.field('containers[0].endpoints[1].labels.DCOS_METRICS_ENDPOINT')).toMatchObject({
      status: 'approximated',
    });
  });

  test('a port the Service does not offer (its service port taken, and its container port too) is scraped by a PodMonitor', () => {
    const result = translate(
      app({
        networks: [{ mode: 'container/bridge' }],
        container: {
          type: 'DOCKER',
          docker: { image: 'web:1' },
          portMappings: [
            { containerPort: 200, servicePort: 100, name: 'a' },
            { containerPort: 100, servicePort: 100, name: 'b', labels: { DCOS_METRICS_FORMAT: 'prometheus' } },
          ],
        },
      }),
    );
    expect(result.service('web').spec?.ports?.map((port) => port.targetPort)).toEqual([200]);
    expect(result.all('ServiceMonitor')).toEqual([]);
    expect(result.one('PodMonitor', 'web').spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      podMetricsEndpoints: [{ port: 'b', path: '/metrics' }],
    });
    expect(result.field('container.portMappings[1].labels.DCOS_METRICS_FORMAT')).toMatchObject({
      status: 'translated',
      note: 'scraped by PodMonitor web: pod port b, path /metrics',
    });
  });

  test('alerts: false makes no monitor, and says so on every metrics label', () => {
    const result = translate(
      app({
        labels: { DCOS_METRICS_FORMAT: 'prometheus', DCOS_METRICS_PORT_INDEX: '0' },
        portDefinitions: [{ port: 8080, name: 'http', labels: { DCOS_METRICS_FORMAT: 'prometheus' } }],
      }),
      { alerts: false },
    );
    expect(result.all('ServiceMonitor')).toEqual([]);
    expect(result.all('PrometheusRule')).toEqual([]);
    for (const path of [
      'labels.DCOS_METRICS_FORMAT',
      'labels.DCOS_METRICS_PORT_INDEX',
      'portDefinitions[0].labels.DCOS_METRICS_FORMAT',
    ]) {
      expect(result.field(path)).toMatchObject({
        status: 'ignored',
        note: 'option alerts is false: no ServiceMonitor or PodMonitor is made',
      });
    }
  });
});
