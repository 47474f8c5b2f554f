import { translate, app } from './helpers';

const withPorts = (healthChecks: object[], extra: object = {}) =>
  app({
    portDefinitions: [
      { port: 8080, name: 'http' },
      { port: 9090, name: 'admin' },
    ],
    healthChecks,
    ...extra,
  });

describe('health checks → probes', () => {
  test.each([
    ['HTTP', { httpGet: { path: '/health', port: 8080, scheme: 'HTTP' } }, 'approximated'],
    ['HTTPS', { httpGet: { path: '/health', port: 8080, scheme: 'HTTPS' } }, 'approximated'],
    ['MESOS_HTTP', { httpGet: { path: '/health', port: 8080, scheme: 'HTTP' } }, 'translated'],
    ['MESOS_HTTPS', { httpGet: { path: '/health', port: 8080, scheme: 'HTTPS' } }, 'translated'],
    ['TCP', { tcpSocket: { port: 8080 } }, 'approximated'],
    ['MESOS_TCP', { tcpSocket: { port: 8080 } }, 'translated'],
  ])('%s → %j', (protocol, handler, status) => {
    const result = translate(
      withPorts([
        {
          protocol,
          path: '/health',
          gracePeriodSeconds: 100,
          intervalSeconds: 20,
          timeoutSeconds: 5,
          maxConsecutiveFailures: 4,
        },
      ]),
    );
    const container = result.container();
    const mesos = protocol.startsWith('MESOS_');
    expect(container.livenessProbe).toEqual({
      ...handler,
      initialDelaySeconds: mesos ? 15 : 0,
      periodSeconds: 20,
      timeoutSeconds: 5,
      failureThreshold: 4,
      successThreshold: 1,
    });
    expect(container.startupProbe).toEqual({
      ...handler,
      initialDelaySeconds: mesos ? 15 : 0,
      periodSeconds: 20,
      timeoutSeconds: 5,
      failureThreshold: 5,
      successThreshold: 1,
    });
    expect(container.readinessProbe).toMatchObject({ ...handler, failureThreshold: 1 });
    expect(result.field('healthChecks[0].protocol').status).toBe(status);
  });

  test('COMMAND → exec through the shell', () => {
    const container = translate(withPorts([{ protocol: 'COMMAND', command: { value: 'pgrep server' } }])).container();
    expect(container.livenessProbe?.exec).toEqual({ command: ['/bin/sh', '-c', 'pgrep server'] });
  });

  test('portIndex picks the port; a fixed port wins', () => {
    expect(translate(withPorts([{ protocol: 'TCP', portIndex: 1 }])).container().livenessProbe?.tcpSocket).toEqual({
      port: 9090,
    });
    expect(translate(withPorts([{ protocol: 'TCP', port: 7000 }])).container().livenessProbe?.tcpSocket).toEqual({
      port: 7000,
    });
  });

  test('maxConsecutiveFailures 0 never kills: no liveness probe, readiness stays', () => {
    const result = translate(withPorts([{ protocol: 'HTTP', maxConsecutiveFailures: 0 }]));
    expect(result.container().livenessProbe).toBeUndefined();
    expect(result.container().readinessProbe).toBeDefined();
    expect(result.field('healthChecks[0].maxConsecutiveFailures').status).toBe('approximated');
  });

  test('no grace period, no startup probe', () => {
    expect(
      translate(withPorts([{ protocol: 'HTTP', gracePeriodSeconds: 0 }])).container().startupProbe,
    ).toBeUndefined();
  });

  test('further health checks are reported, not probed', () => {
    const result = translate(withPorts([{ protocol: 'HTTP' }, { protocol: 'TCP', portIndex: 1 }]));
    expect(result.container().livenessProbe?.httpGet).toBeDefined();
    expect(result.field('healthChecks[1].protocol').status).toBe('approximated');
  });

  test('readiness checks become the readiness probe, on the named port', () => {
    const result = translate(
      withPorts([{ protocol: 'HTTP' }], {
        readinessChecks: [
          {
            portName: 'admin',
            path: '/ready',
            intervalSeconds: 10,
            timeoutSeconds: 3,
            httpStatusCodesForReady: [200, 204],
          },
        ],
      }),
    );
    expect(result.container().readinessProbe).toEqual({
      httpGet: { path: '/ready', port: 9090, scheme: 'HTTP' },
      periodSeconds: 10,
      timeoutSeconds: 3,
      successThreshold: 1,
      failureThreshold: 1,
    });
    expect(result.field('readinessChecks[0].httpStatusCodesForReady[1]').status).toBe('approximated');
  });

  test('pod container health checks probe their endpoint', () => {
    const result = translate({
      id: '/shop/pod',
      containers: [
        {
          name: 'web',
          resources: { cpus: 0.1, mem: 32 },
          image: { kind: 'DOCKER', id: 'nginx' },
          endpoints: [{ name: 'http', hostPort: 8080 }],
          healthCheck: {
            http: { endpoint: 'http', path: '/ping' },
            gracePeriodSeconds: 30,
            intervalSeconds: 10,
            timeoutSeconds: 2,
          },
        },
      ],
    });
    expect(result.container().livenessProbe).toEqual({
      httpGet: { path: '/ping', port: 8080, scheme: 'HTTP' },
      initialDelaySeconds: 15,
      periodSeconds: 10,
      timeoutSeconds: 2,
      failureThreshold: 3,
      successThreshold: 1,
    });
    expect(result.container().startupProbe?.failureThreshold).toBe(3);
  });
});
