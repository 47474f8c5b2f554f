import { nextFree, uniquePortName } from '../../lib/translate/ports';
import { errors, loadJson } from '../helpers/load';
import { app, translate } from './helpers';

const dynamicPorts = (count: number) => Array.from({ length: count }, () => ({ port: 0 }));

describe('ports within the port number space', () => {
  test('an app with more ports than there are port numbers is invalid at its port list; its neighbour still converts', () => {
    const result = loadJson([app({ id: '/shop/many', portDefinitions: dynamicPorts(70_000) }), app()]);
    expect(errors(result)).toEqual([
      '[0].portDefinitions: an app can have at most 65535 ports (one per port number), got 70000',
    ]);
    expect(result.definitions.map((definition) => definition.id)).toEqual(['/shop/web']);
  });

  test('port mappings and pod endpoints have the same bound', () => {
    const mappings = Array.from({ length: 65_536 }, () => ({ containerPort: 0 }));
    expect(
      errors(
        loadJson(
          app({
            networks: [{ mode: 'container/bridge' }],
            container: { type: 'DOCKER', docker: { image: 'nginx' }, portMappings: mappings },
          }),
        ),
      ),
    ).toEqual(['container.portMappings: an app can have at most 65535 ports (one per port number), got 65536']);
    const endpoints = Array.from({ length: 65_536 }, (_, i) => ({ name: `e${i}` }));
    const pod = { id: '/shop/pod', containers: [{ name: 'a', resources: { cpus: 0.1, mem: 32 }, endpoints }] };
    expect(errors(loadJson(pod))).toContain(
      'containers: a pod can have at most 65535 ports (one per port number), got 65536',
    );
  });

  test('dynamic ports wrap around below 10000 once the numbers above are used', () => {
    expect(nextFree(65_535, new Set([65_535, 1]))).toBe(2);
    expect(nextFree(75_000, new Set())).toBe(65_535);
    expect(nextFree(10_000, new Set([10_000]))).toBe(10_001);
  });

  test('5000 dynamic ports translate to valid, distinct container ports', () => {
    const ports = translate(app({ portDefinitions: dynamicPorts(5000) })).container().ports ?? [];
    expect(new Set(ports.map((port) => port.containerPort)).size).toBe(5000);
  });

  test('two mappings to one container port: one container port, both Service ports target it', () => {
    const result = translate(
      app({
        networks: [{ mode: 'container/bridge' }],
        container: {
          type: 'DOCKER',
          docker: { image: 'nginx' },
          portMappings: [
            { containerPort: 80, hostPort: 80, servicePort: 10080 },
            { containerPort: 80, hostPort: 8080, servicePort: 10081 },
          ],
        },
      }),
    );
    expect(result.container().ports).toEqual([{ name: 'port0', containerPort: 80, protocol: 'TCP' }]);
    expect(result.service().spec?.ports?.map((port) => [port.port, port.targetPort])).toEqual([
      [10080, 80],
      [10081, 80],
    ]);
  });

  test('port names stay IANA service names: no "--" when a name is cut, at most 15 characters past 100 repeats', () => {
    const result = translate(app({ portDefinitions: [{ port: 8080, name: 'abcdefghij-x', protocol: 'udp,tcp' }] }));
    expect(result.container().ports?.map((port) => port.name)).toEqual(['abcdefghij-x', 'abcdefghij-udp']);
    const taken = new Set(['abcdefghijkl', ...Array.from({ length: 120 }, (_, i) => `abcdefghijkl-${i + 2}`)]);
    const name = uniquePortName('abcdefghijkl', taken);
    expect(name).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
    expect(name.length).toBeLessThanOrEqual(15);
    expect(name).not.toContain('--');
  });

  test('a health check on port 0 is unsupported (nothing to probe), not an invalid probe', () => {
    const result = translate(app({ portDefinitions: [{ port: 8080 }], healthChecks: [{ protocol: 'TCP', port: 0 }] }));
    expect(result.container().livenessProbe).toBeUndefined();
    expect(result.field('healthChecks[0].port')).toMatchObject({
      status: 'unsupported',
      note: expect.stringContaining('port 0 cannot be probed'),
    });
  });
});
