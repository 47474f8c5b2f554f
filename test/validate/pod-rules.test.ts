import { validateKubeObject } from '../../lib/validate/kubernetes';
import { Obj, broken, deployment, job, statefulSet } from './kube-objects';

const C = 'spec.template.spec.containers';
const web = (o: Obj): Obj => o.spec.template.spec.containers[0];
const pod = (o: Obj): Obj => o.spec.template.spec;
const sidecar = (extra: Obj = {}): Obj => ({ name: 'sidecar', image: 'busybox', ...extra });

/** Each case breaks one thing in a valid object and expects exactly one problem, at that path. */
describe('pod spec rules', () => {
  test.each<[string, (o: Obj) => void, string, string]>([
    // names
    ['container name syntax', (o) => (web(o).name = 'Web'), `${C}[0].name`, '"Web" is not a DNS-1123 label'],
    [
      'duplicate container names',
      (o) => pod(o).containers.push(sidecar({ name: 'web' })),
      `${C}[1].name`,
      `duplicate container name "web" (also at ${C}[0].name)`,
    ],
    [
      'init container named like a container',
      (o) => (pod(o).initContainers = [sidecar({ name: 'web' })]),
      `${C}[0].name`,
      'duplicate container name "web" (also at spec.template.spec.initContainers[0].name)',
    ],
    ['image missing', (o) => delete web(o).image, `${C}[0].image`, 'required field "image" is missing or empty'],
    [
      'no containers',
      (o) => (pod(o).containers = []),
      'spec.template.spec.containers',
      'a pod needs at least one container',
    ],
    // volumes and mounts
    [
      'volume name syntax',
      (o) => {
        pod(o).volumes[0].name = 'Data';
        web(o).volumeMounts[0].name = 'Data';
      },
      'spec.template.spec.volumes[0].name',
      '"Data" is not a DNS-1123 label',
    ],
    [
      'duplicate volume names',
      (o) => pod(o).volumes.push({ name: 'data', emptyDir: {} }),
      'spec.template.spec.volumes[1].name',
      'duplicate volume name "data"',
    ],
    [
      'volume without a source',
      (o) => pod(o).volumes.push({ name: 'cache' }),
      'spec.template.spec.volumes[1]',
      'a volume needs exactly one source (emptyDir, configMap, secret, persistentVolumeClaim, …); found none',
    ],
    [
      'volume with two sources',
      (o) => (pod(o).volumes[0].hostPath = { path: '/var/data' }),
      'spec.template.spec.volumes[0]',
      'found emptyDir, hostPath',
    ],
    [
      'mount of an undeclared volume',
      (o) => (web(o).volumeMounts[0].name = 'logs'),
      `${C}[0].volumeMounts[0].name`,
      'mounts volume "logs", which the pod does not declare (declared: "data")',
    ],
    [
      'mount when the pod has no volumes',
      (o) => delete pod(o).volumes,
      `${C}[0].volumeMounts[0].name`,
      'the pod declares no volumes',
    ],
    [
      'duplicate mount path',
      (o) => web(o).volumeMounts.push({ name: 'data', mountPath: '/data', subPath: 'x' }),
      `${C}[0].volumeMounts[1].mountPath`,
      'duplicate mount path "/data" in this container',
    ],
    // ports
    [
      'port name syntax',
      (o) => {
        web(o).ports[0].name = 'http_web';
        web(o).livenessProbe.httpGet.port = 'http_web';
      },
      `${C}[0].ports[0].name`,
      '"http_web" is not an IANA service name: it must contain only lowercase letters, digits and "-"',
    ],
    [
      'port name too long',
      (o) => {
        web(o).ports[0].name = 'administrationport';
        web(o).livenessProbe.httpGet.port = 'administrationport';
      },
      `${C}[0].ports[0].name`,
      'have at most 15 characters (it has 18)',
    ],
    [
      'port name without a letter',
      (o) => {
        web(o).ports[0].name = '8080';
        web(o).livenessProbe.httpGet.port = 8080;
      },
      `${C}[0].ports[0].name`,
      'contain at least one letter',
    ],
    [
      'port name with "--"',
      (o) => {
        web(o).ports[0].name = 'a--b';
        web(o).livenessProbe.httpGet.port = 'a--b';
      },
      `${C}[0].ports[0].name`,
      'not contain "--"',
    ],
    [
      'duplicate port across containers',
      (o) => pod(o).containers.push(sidecar({ ports: [{ containerPort: 8080 }] })),
      `${C}[1].ports[0]`,
      `duplicate container port 8080/TCP in this pod (also at ${C}[0].ports[0])`,
    ],
    [
      'duplicate port name across containers',
      (o) => pod(o).containers.push(sidecar({ ports: [{ name: 'http', containerPort: 9000 }] })),
      `${C}[1].ports[0].name`,
      'duplicate port name "http" in this pod',
    ],
    [
      'duplicate host port',
      (o) => web(o).ports.push({ containerPort: 9000, hostPort: 80 }, { containerPort: 9001, hostPort: 80 }),
      `${C}[0].ports[2].hostPort`,
      'duplicate host port 80/TCP in this pod',
    ],
    [
      'port number out of range',
      (o) => (web(o).ports[0].containerPort = 80800),
      `${C}[0].ports[0].containerPort`,
      'must be a port number between 1 and 65535, got 80800',
    ],
    // env
    [
      'env name syntax',
      (o) => web(o).env.push({ name: '1PORT', value: 'x' }),
      `${C}[0].env[2].name`,
      '"1PORT" is not a valid environment variable name',
    ],
    ['env name ".."', (o) => web(o).env.push({ name: '..', value: 'x' }), `${C}[0].env[2].name`, '".." is not allowed'],
    [
      'duplicate env name',
      (o) => web(o).env.push({ name: 'PORT0', value: '9090' }),
      `${C}[0].env[2].name`,
      'duplicate environment variable "PORT0"; the later one would silently win',
    ],
    // probes
    [
      'probe with two handlers',
      (o) => (web(o).livenessProbe.tcpSocket = { port: 8080 }),
      `${C}[0].livenessProbe`,
      'a probe needs exactly one handler (exec, httpGet, tcpSocket or grpc); found httpGet and tcpSocket',
    ],
    [
      'probe with no handler',
      (o) => (web(o).readinessProbe = { periodSeconds: 5 }),
      `${C}[0].readinessProbe`,
      'found none',
    ],
    [
      'probe on an undeclared named port',
      (o) => (web(o).livenessProbe.httpGet.port = 'admin'),
      `${C}[0].livenessProbe.httpGet.port`,
      'refers to port "admin", which this container does not declare (its ports are "http")',
    ],
    [
      'probe port out of range',
      (o) => (web(o).readinessProbe.tcpSocket.port = 0),
      `${C}[0].readinessProbe.tcpSocket.port`,
      'between 1 and 65535, got 0',
    ],
    [
      'liveness successThreshold',
      (o) => (web(o).livenessProbe.successThreshold = 2),
      `${C}[0].livenessProbe.successThreshold`,
      'must be 1 for a livenessProbe, got 2',
    ],
    [
      'init container with a probe',
      (o) => (pod(o).initContainers = [sidecar({ readinessProbe: { exec: { command: ['true'] } } })]),
      'spec.template.spec.initContainers[0].readinessProbe',
      'init containers may not have probes unless restartPolicy is "Always"',
    ],
    // resources
    [
      'request above limit',
      (o) => (web(o).resources.requests.cpu = '1500m'),
      `${C}[0].resources.requests.cpu`,
      'request "1500m" is above the limit 1',
    ],
    [
      'memory request above limit',
      (o) => (web(o).resources.requests.memory = '1Gi'),
      `${C}[0].resources.requests.memory`,
      'request "1Gi" is above the limit "128Mi"',
    ],
  ])('%s', (_name, edit, path, fragment) => {
    expect(validateKubeObject(broken(deployment, edit))).toEqual([
      { path, message: expect.stringContaining(fragment) },
    ]);
  });

  test('StatefulSet: mounts may refer to volumeClaimTemplates; an unknown name lists them', () => {
    const object = broken(statefulSet, (o) => (o.spec.template.spec.containers[0].volumeMounts[0].name = 'data'));
    expect(validateKubeObject(object)).toEqual([
      {
        path: `${C}[0].volumeMounts[0].name`,
        message: 'mounts volume "data", which the pod does not declare (declared: "pgdata")',
      },
    ]);
  });

  test('Job pod specs get the same checks', () => {
    const object = broken(job, (o) => (o.spec.template.spec.containers[0].name = 'migrate_db'));
    expect(validateKubeObject(object)).toEqual([
      { path: `${C}[0].name`, message: expect.stringContaining('"migrate_db" is not a DNS-1123 label') },
    ]);
  });

  test.each<[string, (o: Obj) => void]>([
    ['the same port number over UDP', (o) => web(o).ports.push({ name: 'dns', containerPort: 8080, protocol: 'UDP' })],
    [
      'relaxed-looking but valid env names',
      (o) =>
        web(o).env.push(
          { name: 'my.env-name', value: '1' },
          { name: 'MY_ENV.NAME', value: '1' },
          { name: '_x', value: '1' },
        ),
    ],
    ['a numeric probe port without a named port', (o) => (web(o).livenessProbe.httpGet.port = 8080)],
    [
      'a sidecar init container with a probe',
      (o) =>
        (pod(o).initContainers = [
          sidecar({ restartPolicy: 'Always', readinessProbe: { exec: { command: ['true'] } } }),
        ]),
    ],
    [
      'requests equal to limits in other units',
      (o) =>
        (web(o).resources = { requests: { cpu: '1000m', memory: '128Mi' }, limits: { cpu: '1', memory: '134217728' } }),
    ],
    [
      'a secret volume and a config map volume',
      (o) =>
        pod(o).volumes.push(
          { name: 'tls', secret: { secretName: 'tls' } },
          { name: 'conf', configMap: { name: 'web-config' } },
        ),
    ],
  ])('accepted: %s', (_name, edit) => {
    expect(validateKubeObject(broken(deployment, edit))).toEqual([]);
  });
});
