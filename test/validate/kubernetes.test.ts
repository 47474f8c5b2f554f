import { App, Chart, Cron, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { validateKubeObject, validateKubeObjects } from '../../lib/validate/kubernetes';
import { Obj, VALID, broken, deployment, service } from './kube-objects';

describe('validateKubeObject: valid objects', () => {
  test.each(Object.keys(VALID))('a valid %s has no problems', (kind) => {
    expect(validateKubeObject(VALID[kind]())).toEqual([]);
  });

  test('what cdk8s-plus-27 synthesizes passes (no false positives on the library the workload layer uses)', () => {
    const chart = new Chart(new App(), 'shop', { namespace: 'shop', disableResourceNameHashes: true });
    const config = new kplus.ConfigMap(chart, 'config', { data: { 'app.properties': 'a=1' } });
    const web = new kplus.Deployment(chart, 'web', {
      containers: [{ image: 'nginx', portNumber: 8080, liveness: kplus.Probe.fromHttpGet('/', { port: 8080 }) }],
    });
    web.containers[0].mount('/etc/app', kplus.Volume.fromConfigMap(chart, 'config-volume', config));
    web.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    new kplus.StatefulSet(chart, 'db', {
      containers: [{ image: 'postgres', portNumber: 5432 }],
      service: new kplus.Service(chart, 'db-svc', { ports: [{ port: 5432 }] }),
    });
    new kplus.CronJob(chart, 'backup', { schedule: Cron.daily(), containers: [{ image: 'busybox' }] });
    new kplus.Job(chart, 'migrate', { containers: [{ image: 'busybox' }] });
    new kplus.DaemonSet(chart, 'agent', { containers: [{ image: 'busybox' }] });
    new kplus.HorizontalPodAutoscaler(chart, 'hpa', {
      target: web,
      maxReplicas: 5,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(70))],
    });
    new kplus.NetworkPolicy(chart, 'policy', { selector: web });
    new kplus.ServiceAccount(chart, 'account');
    new kplus.Secret(chart, 'secret', { stringData: { token: 'x' } });
    new kplus.PersistentVolumeClaim(chart, 'claim', { storage: Size.gibibytes(1) });
    const objects = chart.toJson();
    expect(objects.length).toBeGreaterThanOrEqual(12);
    expect(validateKubeObjects(objects)).toEqual([]);
  });
});

describe('validateKubeObject: kind and apiVersion', () => {
  test.each<[string, unknown, string, string]>([
    ['not an object', [1], '$', 'expected a Kubernetes object, got an array'],
    ['kind missing', { apiVersion: 'v1' }, 'kind', 'required field "kind" is missing'],
    ['apiVersion missing', { kind: 'Service' }, 'apiVersion', 'required field "apiVersion" is missing'],
    [
      'a kind the tool does not emit',
      { apiVersion: 'v1', kind: 'Pod' },
      'kind',
      '"Pod" is not a kind marathon-to-eks emits',
    ],
    [
      'a legacy apiVersion',
      { apiVersion: 'extensions/v1beta1', kind: 'Ingress' },
      'apiVersion',
      'Ingress is emitted as apiVersion "networking.k8s.io/v1"',
    ],
    [
      'autoscaling/v1',
      { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler' },
      'apiVersion',
      'emitted as apiVersion "autoscaling/v2"',
    ],
  ])('%s', (_name, object, path, fragment) => {
    expect(validateKubeObject(object)).toEqual([{ path, message: expect.stringContaining(fragment) }]);
  });
});

describe('validateKubeObject: types, enums and required fields (kubernetes-models)', () => {
  const at = 'spec.template.spec.containers[0]';
  test.each<[string, (o: Obj) => void, string, string]>([
    ['wrong type', (o) => (o.spec.replicas = '2'), 'spec.replicas', 'expected an integer, got string "2"'],
    [
      'enum',
      (o) => (o.spec.template.spec.containers[0].ports[0].protocol = 'tcp'),
      `${at}.ports[0].protocol`,
      'must be one of "SCTP", "TCP", "UDP"; got string "tcp"',
    ],
    [
      'required field',
      (o) => delete o.spec.template.spec.containers[0].name,
      `${at}.name`,
      'required field "name" is missing',
    ],
    [
      'int-or-string',
      (o) => (o.spec.template.spec.containers[0].livenessProbe.httpGet.port = true),
      `${at}.livenessProbe.httpGet.port`,
      'expected a string or an integer, got true',
    ],
    [
      'quantity',
      (o) => (o.spec.template.spec.containers[0].resources.limits.memory = '128MB'),
      `${at}.resources.limits.memory`,
      'expected a quantity such as "500m", "1.5" or "128Mi", got string "128MB"',
    ],
    [
      'label value type',
      (o) => (o.metadata.labels.tier = 1),
      'metadata.labels.tier',
      'expected a string, got number 1',
    ],
  ])('%s', (_name, edit, path, fragment) => {
    expect(validateKubeObject(broken(deployment, edit))).toEqual([
      { path, message: expect.stringContaining(fragment) },
    ]);
  });

  test('a map key that looks like an index stays a key in the path', () => {
    const object = broken(deployment, (o) => (o.metadata.annotations['0'] = 5));
    expect(validateKubeObject(object)).toEqual([
      { path: 'metadata.annotations["0"]', message: 'expected a string, got number 5' },
    ]);
  });
});

describe('validateKubeObject: unknown fields', () => {
  test('a misspelt field deep inside a pod template is caught, with a suggestion', () => {
    const object = broken(deployment, (o) => {
      const c = o.spec.template.spec.containers[0];
      c.livenesProbe = c.livenessProbe;
      delete c.livenessProbe;
    });
    expect(validateKubeObject(object)).toEqual([
      {
        path: 'spec.template.spec.containers[0].livenesProbe',
        message:
          'unknown field "livenesProbe" (did you mean "livenessProbe"?): Container has no such field (Kubernetes v1.34.0)',
      },
    ]);
  });

  test.each<[string, (o: Obj) => void, string, string]>([
    ['top level', (o) => (o.status2 = {}), 'status2', 'unknown field "status2"'],
    [
      'in metadata',
      (o) => (o.metadata.label = {}),
      'metadata.label',
      'unknown field "label" (did you mean "labels"?): ObjectMeta',
    ],
    [
      'inside an array of arrays of objects',
      (o) => (o.spec.template.spec.containers[0].env[1].valueFrom.fieldRef.path = 'x'),
      'spec.template.spec.containers[0].env[1].valueFrom.fieldRef.path',
      'ObjectFieldSelector has no such field',
    ],
    [
      'in a volume source',
      (o) => (o.spec.template.spec.volumes[0].emptyDir.sizelimit = '1Gi'),
      'spec.template.spec.volumes[0].emptyDir.sizelimit',
      '(did you mean "sizeLimit"?)',
    ],
    [
      'a Marathon field left behind',
      (o) => (o.spec.template.spec.containers[0].cpus = 0.5),
      'spec.template.spec.containers[0].cpus',
      'unknown field "cpus"',
    ],
  ])('%s', (_name, edit, path, fragment) => {
    expect(validateKubeObject(broken(deployment, edit))).toEqual([
      { path, message: expect.stringContaining(fragment) },
    ]);
  });

  test('maps accept any key; int-or-string and free-form fields accept their values', () => {
    const object = broken(deployment, (o) => {
      o.metadata.annotations['example.com/anything'] = 'x';
      o.spec.template.spec.nodeSelector = { 'topology.kubernetes.io/zone': 'eu-west-1a' };
      o.spec.strategy.rollingUpdate = { maxSurge: '50%', maxUnavailable: 0 };
    });
    expect(validateKubeObject(object)).toEqual([]);
  });
});

describe('validateKubeObjects', () => {
  test('reports only the objects with problems, with their index, kind and name', () => {
    const bad = broken(service, (o) => (o.spec.ports[1].name = 'http'));
    const result = validateKubeObjects([deployment(), bad, 'junk', deployment()]);
    expect(result).toEqual([
      {
        index: 1,
        kind: 'Service',
        name: 'web',
        problems: [{ path: 'spec.ports[1].name', message: expect.stringContaining('duplicate port name "http"') }],
      },
      { index: 2, problems: [{ path: '$', message: 'expected a Kubernetes object, got string' }] },
    ]);
  });
});
