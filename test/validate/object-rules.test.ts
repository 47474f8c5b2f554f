import { validateKubeObject } from '../../lib/validate/kubernetes';
import {
  Obj,
  broken,
  configMap,
  cronJob,
  daemonSet,
  deployment,
  horizontalPodAutoscaler,
  job,
  namespace,
  networkPolicy,
  podDisruptionBudget,
  secret,
  service,
  statefulSet,
} from './kube-objects';

type Case = [string, () => Obj, (o: Obj) => void, string, string];

/** A DNS-1123 subdomain of `length` characters (dot-separated so every part stays a valid label). */
const longName = (length: number) =>
  Array.from({ length }, (_, i) => (i % 50 === 49 ? '.' : 'a'))
    .join('')
    .replace(/\.$/, 'a');

/** Each case breaks one thing in a valid object and expects exactly one problem, at that path. */
function expectOneProblem(make: () => Obj, edit: (o: Obj) => void, path: string, fragment: string): void {
  expect(validateKubeObject(broken(make, edit))).toEqual([{ path, message: expect.stringContaining(fragment) }]);
}

describe('object names', () => {
  test.each<Case>([
    [
      'Deployment: DNS-1123 label',
      deployment,
      (o) => (o.metadata.name = 'Web_1'),
      'metadata.name',
      '"Web_1" is not a DNS-1123 label',
    ],
    [
      'Deployment: no dots (pod hostnames)',
      deployment,
      (o) => (o.metadata.name = 'web.v2'),
      'metadata.name',
      '"web.v2" is not a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit; the names of its pods, which are their hostnames, start with it',
    ],
    [
      'Deployment: 63 characters',
      deployment,
      (o) => (o.metadata.name = 'd'.repeat(64)),
      'metadata.name',
      'is 64 characters; a DNS-1123 label has at most 63',
    ],
    [
      'DaemonSet: DNS-1123 label',
      daemonSet,
      (o) => (o.metadata.name = 'agent.node'),
      'metadata.name',
      '"agent.node" is not a DNS-1123 label',
    ],
    [
      'Service: DNS-1035 label',
      service,
      (o) => (o.metadata.name = '1web'),
      'metadata.name',
      '"1web" is not a DNS-1035 label',
    ],
    [
      'Namespace: DNS-1123 label',
      namespace,
      (o) => (o.metadata.name = 'shop.eu'),
      'metadata.name',
      '"shop.eu" is not a DNS-1123 label',
    ],
    [
      'Namespace is cluster-scoped',
      namespace,
      (o) => (o.metadata.namespace = 'default'),
      'metadata.namespace',
      'Namespace is cluster-scoped',
    ],
    [
      'StatefulSet: DNS-1123 label',
      statefulSet,
      (o) => (o.metadata.name = 'db.primary'),
      'metadata.name',
      '"db.primary" is not a DNS-1123 label',
    ],
    [
      'StatefulSet: 52 characters',
      statefulSet,
      (o) => (o.metadata.name = 'a'.repeat(53)),
      'metadata.name',
      'StatefulSet names have at most 52 characters, "aaaa',
    ],
    [
      'CronJob: 52 characters',
      cronJob,
      (o) => (o.metadata.name = 'b'.repeat(53)),
      'metadata.name',
      'CronJob names have at most 52 characters',
    ],
    [
      'Job: DNS-1123 label',
      job,
      (o) => (o.metadata.name = 'j'.repeat(64)),
      'metadata.name',
      'is 64 characters; a DNS-1123 label has at most 63',
    ],
    [
      'ConfigMap: DNS-1123 subdomain',
      configMap,
      (o) => (o.metadata.name = 'web_config'),
      'metadata.name',
      '"web_config" is not a DNS-1123 subdomain',
    ],
    [
      'ConfigMap: 253 characters',
      configMap,
      (o) => (o.metadata.name = longName(254)),
      'metadata.name',
      'is 254 characters; a DNS-1123 subdomain has at most 253',
    ],
    ['name required', configMap, (o) => delete o.metadata.name, 'metadata.name', 'required field "name" is missing'],
    [
      'namespace syntax',
      service,
      (o) => (o.metadata.namespace = 'Shop'),
      'metadata.namespace',
      '"Shop" is not a DNS-1123 label',
    ],
  ])('%s', (_name, make, edit, path, fragment) => expectOneProblem(make, edit, path, fragment));

  test('the longest names each kind allows pass', () => {
    expect(validateKubeObject(broken(statefulSet, (o) => (o.metadata.name = 'a'.repeat(52))))).toEqual([]);
    expect(validateKubeObject(broken(cronJob, (o) => (o.metadata.name = 'b'.repeat(52))))).toEqual([]);
    expect(validateKubeObject(broken(deployment, (o) => (o.metadata.name = 'd'.repeat(63))))).toEqual([]);
    expect(validateKubeObject(broken(configMap, (o) => (o.metadata.name = longName(253))))).toEqual([]);
  });
});

describe('labels, annotations and selectors', () => {
  test.each<Case>([
    [
      'key with two slashes',
      deployment,
      (o) => (o.metadata.labels['a/b/c'] = 'x'),
      'metadata.labels["a/b/c"]',
      'label key "a/b/c" has more than one "/"',
    ],
    [
      'key prefix not a subdomain',
      service,
      (o) => (o.metadata.labels['Example.com/team'] = 'x'),
      'metadata.labels["Example.com/team"]',
      'the prefix must be a DNS-1123 subdomain',
    ],
    [
      'key name too long',
      service,
      (o) => (o.metadata.labels['k'.repeat(64)] = 'x'),
      `metadata.labels.${'k'.repeat(64)}`,
      'the name must be at most 63',
    ],
    [
      'value too long',
      service,
      (o) => (o.metadata.labels.team = 'v'.repeat(64)),
      'metadata.labels.team',
      'is 64 characters; a label value has at most 63',
    ],
    [
      'value syntax',
      service,
      (o) => (o.metadata.labels.team = 'shop team'),
      'metadata.labels.team',
      '"shop team" is not a valid label value',
    ],
    [
      'pod template labels',
      deployment,
      (o) => (o.spec.template.metadata.labels.version = '1.0-'),
      'spec.template.metadata.labels.version',
      '"1.0-" is not a valid label value',
    ],
    [
      'job template labels',
      cronJob,
      (o) => (o.spec.jobTemplate.metadata.labels['-tier'] = 'x'),
      'spec.jobTemplate.metadata.labels["-tier"]',
      'label key "-tier": the name must',
    ],
    [
      'claim template labels',
      statefulSet,
      (o) => (o.spec.volumeClaimTemplates[0].metadata.labels = { 'a b': 'c' }),
      'spec.volumeClaimTemplates[0].metadata.labels["a b"]',
      'label key "a b"',
    ],
    [
      'annotation key',
      deployment,
      (o) => (o.metadata.annotations['not valid!'] = 'x'),
      'metadata.annotations["not valid!"]',
      'annotation key "not valid!"',
    ],
    [
      'annotations size',
      deployment,
      (o) => (o.metadata.annotations['example.com/big'] = 'x'.repeat(256 * 1024)),
      'metadata.annotations',
      'annotations total 262190 bytes; Kubernetes allows at most 262144 (256 KiB)',
    ],
    [
      'matchLabels value',
      networkPolicy,
      (o) => (o.spec.podSelector.matchLabels['app.kubernetes.io/name'] = 'web!'),
      'spec.podSelector.matchLabels["app.kubernetes.io/name"]',
      '"web!" is not a valid label value',
    ],
    [
      'In without values',
      networkPolicy,
      (o) => (o.spec.podSelector = { matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] }),
      'spec.podSelector.matchExpressions[0].values',
      'operator In needs at least one value',
    ],
    [
      'Exists with values',
      networkPolicy,
      (o) => (o.spec.podSelector = { matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['a'] }] }),
      'spec.podSelector.matchExpressions[0].values',
      'operator Exists takes no values',
    ],
    [
      'unknown operator',
      networkPolicy,
      (o) => (o.spec.podSelector = { matchExpressions: [{ key: 'tier', operator: 'Equals', values: ['a'] }] }),
      'spec.podSelector.matchExpressions[0].operator',
      'must be one of "In", "NotIn", "Exists", "DoesNotExist"; got "Equals"',
    ],
    [
      'selector in a network policy peer',
      networkPolicy,
      (o) => (o.spec.ingress[0].from[0].podSelector.matchLabels = { 'app/x/y': 'a' }),
      'spec.ingress[0].from[0].podSelector.matchLabels["app/x/y"]',
      'has more than one "/"',
    ],
    [
      'Service selector',
      service,
      (o) => (o.spec.selector.tier = 'front end'),
      'spec.selector.tier',
      '"front end" is not a valid label value',
    ],
  ])('%s', (_name, make, edit, path, fragment) => expectOneProblem(make, edit, path, fragment));

  test('accepted: empty label values, upper-case annotation prefixes (Kubernetes lowercases them), long prefixes', () => {
    const object = broken(deployment, (o) => {
      o.metadata.labels.empty = '';
      o.metadata.annotations['Example.COM/Owner'] = 'team';
      o.metadata.labels[`${'p'.repeat(60)}.example.com/k`] = 'v';
    });
    expect(validateKubeObject(object)).toEqual([]);
  });
});

describe('workload rules', () => {
  const L = 'spec.template.metadata.labels';
  test.each<Case>([
    [
      'selector must match template labels',
      deployment,
      (o) => (o.spec.template.metadata.labels['app.kubernetes.io/name'] = 'webb'),
      L,
      `selector does not match the template's labels: matchLabels requires app.kubernetes.io/name="web", the template has app.kubernetes.io/name="webb"`,
    ],
    [
      'selector label missing from template',
      statefulSet,
      (o) => (o.spec.template.metadata.labels = { tier: 'db' }),
      L,
      'the template has no "app.kubernetes.io/name" label',
    ],
    [
      'matchExpressions must match too',
      daemonSet,
      (o) => (o.spec.selector.matchExpressions[0].values = ['api']),
      L,
      'matchExpressions requires app.kubernetes.io/name In ["api"]',
    ],
    [
      'empty selector',
      deployment,
      (o) => (o.spec.selector = {}),
      'spec.selector',
      'an empty selector would select every pod',
    ],
    [
      'Deployment restartPolicy',
      deployment,
      (o) => (o.spec.template.spec.restartPolicy = 'OnFailure'),
      'spec.template.spec.restartPolicy',
      'must be "Always" for this kind; got "OnFailure"',
    ],
    [
      'Job restartPolicy must be set',
      job,
      (o) => delete o.spec.template.spec.restartPolicy,
      'spec.template.spec.restartPolicy',
      'must be "OnFailure" or "Never" for this kind; it is not set (the default is "Always")',
    ],
    [
      'Job restartPolicy Always',
      job,
      (o) => (o.spec.template.spec.restartPolicy = 'Always'),
      'spec.template.spec.restartPolicy',
      'got "Always"',
    ],
    [
      'Job selector without manualSelector',
      job,
      (o) => (o.spec.selector = { matchLabels: { 'app.kubernetes.io/name': 'web' } }),
      'spec.selector',
      'set only together with manualSelector: true',
    ],
    [
      'Job manual selector must match',
      job,
      (o) => Object.assign(o.spec, { manualSelector: true, selector: { matchLabels: { job: 'x' } } }),
      L,
      'matchLabels requires job="x"',
    ],
    [
      'CronJob job template restartPolicy',
      cronJob,
      (o) => delete o.spec.jobTemplate.spec.template.spec.restartPolicy,
      'spec.jobTemplate.spec.template.spec.restartPolicy',
      'it is not set',
    ],
    [
      'CronJob job template pod spec',
      cronJob,
      (o) => (o.spec.jobTemplate.spec.template.spec.containers[0].env[0].name = 'PORT 0'),
      'spec.jobTemplate.spec.template.spec.containers[0].env[0].name',
      'not a valid environment variable name',
    ],
    [
      'Recreate with rollingUpdate',
      deployment,
      (o) => (o.spec.strategy.type = 'Recreate'),
      'spec.strategy.rollingUpdate',
      'must not be set when the strategy type is "Recreate"',
    ],
    [
      'maxSurge and maxUnavailable both 0',
      deployment,
      (o) => (o.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: '0%' }),
      'spec.strategy.rollingUpdate.maxUnavailable',
      'cannot both be 0',
    ],
    [
      'claim template without a name',
      statefulSet,
      (o) => {
        delete o.spec.volumeClaimTemplates[0].metadata.name;
        o.spec.template.spec.containers[0].volumeMounts = [];
      },
      'spec.volumeClaimTemplates[0].metadata.name',
      'required field "name" is missing',
    ],
    [
      'claim template shadowing a volume',
      statefulSet,
      (o) => (o.spec.template.spec.volumes = [{ name: 'pgdata', emptyDir: {} }]),
      'spec.volumeClaimTemplates[0].metadata.name',
      'the claim would silently replace it',
    ],
  ])('%s', (_name, make, edit, path, fragment) => expectOneProblem(make, edit, path, fragment));

  test('a Job with manualSelector and a matching selector passes', () => {
    const object = broken(job, (o) =>
      Object.assign(o.spec, { manualSelector: true, selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } }),
    );
    expect(validateKubeObject(object)).toEqual([]);
  });
});

describe('CronJob schedule and time zone', () => {
  test.each<[string, string, string]>([
    [
      'six fields',
      '0 0 2 * * *',
      'a schedule has 5 fields (minute hour day-of-month month day-of-week) or is a macro such as "@hourly"; got 6',
    ],
    ['minute out of range', '60 * * * *', 'minute field "60": "60" is not a value between 0 and 59'],
    ['day-of-week 7', '0 0 * * 7', 'day-of-week field "7"'],
    ['backwards range', '0 5-1 * * *', 'range "5-1" runs backwards'],
    ['zero step', '*/0 * * * *', 'step "0" is not a positive number'],
    ['unknown macro', '@weekdays', 'unknown macro "@weekdays"'],
    ['bad @every', '@every soon', '"soon" is not a duration'],
    ['TZ prefix', 'TZ=UTC 0 * * * *', 'set spec.timeZone instead'],
  ])('schedule: %s', (_name, schedule, fragment) => {
    expectOneProblem(cronJob, (o) => (o.spec.schedule = schedule), 'spec.schedule', fragment);
  });

  test.each(['*/15 2-4 1,15 JAN-MAR mon-fri', '0 0 ? * SUN', '@hourly', '@midnight', '@every 1h30m', '5/10 * * * *'])(
    'schedule accepted: %s',
    (schedule) => {
      expect(validateKubeObject(broken(cronJob, (o) => (o.spec.schedule = schedule)))).toEqual([]);
    },
  );

  test.each<[string, string]>([
    ['Mars/Olympus_Mons', 'is not an IANA time zone id'],
    ['europe/berlin', 'time zone ids are case-sensitive'],
    ['Local', '"Local" is not allowed'],
    ['', 'must be an IANA time zone id'],
  ])('time zone rejected: %j', (zone, fragment) => {
    expectOneProblem(cronJob, (o) => (o.spec.timeZone = zone), 'spec.timeZone', fragment);
  });

  test.each(['UTC', 'Etc/UTC', 'America/Argentina/Buenos_Aires', 'US/Pacific', 'Etc/GMT+5'])(
    'time zone accepted: %s',
    (zone) => {
      expect(validateKubeObject(broken(cronJob, (o) => (o.spec.timeZone = zone)))).toEqual([]);
    },
  );
});

describe('Service, ConfigMap, Secret, PodDisruptionBudget and HorizontalPodAutoscaler rules', () => {
  test.each<Case>([
    [
      'port name syntax',
      service,
      (o) => (o.spec.ports[0].name = 'HTTP'),
      'spec.ports[0].name',
      '"HTTP" is not an IANA service name',
    ],
    [
      'port name required with several ports',
      service,
      (o) => delete o.spec.ports[1].name,
      'spec.ports[1].name',
      'required when a Service has more than one port',
    ],
    [
      'duplicate port',
      service,
      (o) => (o.spec.ports[1].port = 80),
      'spec.ports[1].port',
      'duplicate port 80/TCP (also spec.ports[0])',
    ],
    [
      'port out of range',
      service,
      (o) => (o.spec.ports[1].port = 70000),
      'spec.ports[1].port',
      'between 1 and 65535, got 70000',
    ],
    [
      'named targetPort syntax',
      service,
      (o) => (o.spec.ports[0].targetPort = 'http_alt'),
      'spec.ports[0].targetPort',
      'a named targetPort must be a container port name',
    ],
    [
      'ConfigMap key syntax',
      configMap,
      (o) => (o.data['my key'] = 'x'),
      'data["my key"]',
      '"my key" is not a valid data key',
    ],
    [
      'ConfigMap key in data and binaryData',
      configMap,
      (o) => (o.binaryData = { MODE: 'cHJvZA==' }),
      'binaryData.MODE',
      'key "MODE" is also in data',
    ],
    [
      'ConfigMap size',
      configMap,
      (o) => (o.data.big = 'x'.repeat(1024 * 1024)),
      'data',
      'ConfigMap data totals 1048583 bytes; Kubernetes allows at most 1048576 (1 MiB)',
    ],
    ['Secret key', secret, (o) => (o.stringData = { '..': 'x' }), 'stringData[".."]', '".." is not allowed'],
    [
      'typed Secret needs its key',
      secret,
      (o) => (o.data = { config: 'e30=' }),
      'data',
      'a Secret of type "kubernetes.io/dockerconfigjson" needs the key ".dockerconfigjson"',
    ],
    [
      'PDB with both bounds',
      podDisruptionBudget,
      (o) => (o.spec.maxUnavailable = 1),
      'spec.maxUnavailable',
      'minAvailable and maxUnavailable cannot both be set',
    ],
    [
      'PDB without selector',
      podDisruptionBudget,
      (o) => delete o.spec.selector,
      'spec.selector',
      'without a selector the budget protects no pods',
    ],
    [
      'PDB with an empty selector',
      podDisruptionBudget,
      (o) => (o.spec.selector = {}),
      'spec.selector',
      'every pod in the namespace',
    ],
    [
      'HPA min above max',
      horizontalPodAutoscaler,
      (o) => (o.spec.minReplicas = 11),
      'spec.minReplicas',
      'must not exceed maxReplicas (10), got 11',
    ],
    [
      'HPA min 0',
      horizontalPodAutoscaler,
      (o) => (o.spec.minReplicas = 0),
      'spec.minReplicas',
      'must be at least 1, got 0',
    ],
  ])('%s', (_name, make, edit, path, fragment) => expectOneProblem(make, edit, path, fragment));

  test('accepted: one unnamed Service port; the same port over TCP and UDP', () => {
    expect(validateKubeObject(broken(service, (o) => (o.spec.ports = [{ port: 80 }])))).toEqual([]);
    const dns = broken(
      service,
      (o) =>
        (o.spec.ports = [
          { name: 'dns', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        ]),
    );
    expect(validateKubeObject(dns)).toEqual([]);
  });
});
