import { PodDefinition } from '../../lib/marathon/load/definition';
import { codes, loadJson, only } from '../helpers/load';

const container = (extra: object = {}) => ({
  name: 'main',
  resources: { cpus: 0.5, mem: 64 },
  exec: { command: { shell: 'sleep 100' } },
  ...extra,
});
const pod = (value: object): PodDefinition =>
  only(loadJson({ id: '/p', containers: [container()], ...value })) as PodDefinition;

describe('pod normalization', () => {
  test('scaling, scheduling and network defaults', () => {
    const minimal = pod({});
    expect(minimal.kind).toBe('pod');
    expect(minimal.spec).toMatchObject({
      id: '/p',
      networks: [{ mode: 'host', labels: {} }],
      scaling: { kind: 'fixed', instances: 1 },
      scheduling: {
        backoff: { backoff: 1, backoffFactor: 1.15, maxLaunchDelay: 300 },
        upgrade: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
        placement: { constraints: [], acceptedResourceRoles: [] },
        killSelection: 'YOUNGEST_FIRST',
        unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 },
      },
    });
    expect(minimal.spec.containers[0]).toMatchObject({
      name: 'main',
      exec: { command: { shell: 'sleep 100' } },
      resources: { cpus: 0.5, mem: 64, disk: 0, gpus: 0 },
      endpoints: [],
      volumeMounts: [],
      artifacts: [],
    });
  });

  test('endpoints get a dynamic host port unless the pod joins a container network', () => {
    const host = pod({ containers: [container({ endpoints: [{ name: 'http' }] })] });
    expect(host.spec.containers[0].endpoints[0]).toEqual({
      name: 'http',
      hostPort: 0,
      protocol: ['tcp'],
      labels: {},
      networkNames: [],
    });
    const overlay = pod({
      networks: [{ mode: 'container', name: 'dcos' }],
      containers: [container({ endpoints: [{ name: 'http', containerPort: 80 }] })],
    });
    expect(overlay.spec.containers[0].endpoints[0]).toEqual({
      name: 'http',
      containerPort: 80,
      protocol: ['tcp'],
      labels: {},
      networkNames: [],
    });
  });

  test('health checks get defaults; http checks default to path / and HTTP', () => {
    const checked = pod({
      containers: [container({ endpoints: [{ name: 'http' }], healthCheck: { http: { endpoint: 'http' } } })],
    });
    expect(checked.spec.containers[0].healthCheck).toEqual({
      http: { endpoint: 'http', path: '/', scheme: 'HTTP' },
      gracePeriodSeconds: 300,
      intervalSeconds: 60,
      maxConsecutiveFailures: 3,
      timeoutSeconds: 20,
      delaySeconds: 15,
    });
  });

  test('volumes are told apart by their keys', () => {
    const withVolumes = pod({
      volumes: [{ name: 'scratch' }, { name: 'logs', host: '/var/log' }, { name: 'cert', secret: 'tls' }],
      secrets: { tls: { source: 'shop/tls' } },
      containers: [
        container({
          volumeMounts: [
            { name: 'scratch', mountPath: '/s' },
            { name: 'logs', mountPath: '/l', readOnly: true },
            { name: 'cert', mountPath: '/c' },
          ],
        }),
      ],
    });
    expect(withVolumes.spec.volumes).toEqual([
      { kind: 'ephemeral', name: 'scratch' },
      { kind: 'host', name: 'logs', host: '/var/log' },
      { kind: 'secret', name: 'cert', secret: 'tls' },
    ]);
    expect(withVolumes.spec.containers[0].volumeMounts[0].readOnly).toBe(false);
  });

  test('a pod with a persistent volume is resident', () => {
    const resident = pod({
      volumes: [{ name: 'data', persistent: { size: 100 } }],
      containers: [container({ volumeMounts: [{ name: 'data', mountPath: '/data' }] })],
    });
    expect(resident.spec.scheduling.upgrade).toEqual({ minimumHealthCapacity: 0.5, maximumOverCapacity: 0 });
    expect(resident.spec.scheduling.unreachableStrategy).toBe('disabled');
  });

  test('pod status objects (GET /v2/pods/::status) are unwrapped; the status is ignored', () => {
    const status = only(
      loadJson({
        id: '/p',
        spec: { id: '/p', containers: [container()] },
        status: 'STABLE',
        instances: [],
        statusSince: 'x',
      }),
    ) as PodDefinition;
    expect(status.spec.id).toBe('/p');
    expect(status.provenance.originalPathOf(['containers', 0, 'name'])).toEqual(['spec', 'containers', 0, 'name']);
    expect(status.provenance.ignored.map((field) => field.path.join('.')).sort()).toEqual([
      'id',
      'instances',
      'status',
      'statusSince',
    ]);
  });

  test('a containerPort in host networking is a warning (Marathon 1.4 accepted it)', () => {
    const result = loadJson({
      id: '/p',
      networks: [{ mode: 'host' }],
      containers: [container({ endpoints: [{ name: 'http', containerPort: 80 }] })],
    });
    expect(result.definitions).toHaveLength(1);
    expect(codes(result, 'warning')).toEqual(['containers[0].endpoints[0].containerPort unused']);
  });
});
