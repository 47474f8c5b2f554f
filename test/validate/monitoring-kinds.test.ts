import { crdKindOf } from '../../lib/validate/crd-schema';
import monitoring from '../../lib/validate/crd-schemas-monitoring.generated.json';
import { prometheusDurationMs } from '../../lib/validate/kube-monitoring';
import { validateKubeObject } from '../../lib/validate/kubernetes';
import { Obj, broken, horizontalPodAutoscaler, podMonitor, prometheusRule, serviceMonitor } from './kube-objects';

/**
 * prometheus-operator's ServiceMonitor, PodMonitor and PrometheusRule: their CRD schemas (prometheus-community/
 * helm-charts prometheus-operator-crds-31.0.1, charts/prometheus-operator-crds/charts/crds/templates/crd-*.yaml,
 * operator v0.93.1) and the rules the operator (v0.93.0, what kube-prometheus-stack 88.2.0 runs) and Prometheus'
 * rulefmt (v3.13.2) add; and the autoscaling/v2 HorizontalPodAutoscaler rules of the API server.
 */

type Case = [string, () => Obj, (o: Obj) => void, string, string];

function expectOneProblem(make: () => Obj, edit: (o: Obj) => void, path: string, fragment: string): void {
  expect(validateKubeObject(broken(make, edit))).toEqual([{ path, message: expect.stringContaining(fragment) }]);
}

const SM =
  '(CRD servicemonitors.monitoring.coreos.com, prometheus-community/helm-charts prometheus-operator-crds-31.0.1)';

describe('the monitoring.coreos.com/v1 table', () => {
  test('records its source files and covers the three kinds, namespaced', () => {
    expect(monitoring.source).toEqual({
      repository: 'prometheus-community/helm-charts',
      tag: 'prometheus-operator-crds-31.0.1',
      files: {
        'charts/prometheus-operator-crds/charts/crds/templates/crd-podmonitors.yaml':
          expect.stringMatching(/^[0-9a-f]{64}$/),
        'charts/prometheus-operator-crds/charts/crds/templates/crd-prometheusrules.yaml':
          expect.stringMatching(/^[0-9a-f]{64}$/),
        'charts/prometheus-operator-crds/charts/crds/templates/crd-servicemonitors.yaml':
          expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    expect(Object.keys(monitoring.kinds)).toEqual([
      'monitoring.coreos.com/v1/PodMonitor',
      'monitoring.coreos.com/v1/PrometheusRule',
      'monitoring.coreos.com/v1/ServiceMonitor',
    ]);
    expect(crdKindOf('monitoring.coreos.com/v1/ServiceMonitor')).toEqual({
      crd: 'servicemonitors.monitoring.coreos.com',
      scope: 'Namespaced',
      schema: 'servicemonitors.monitoring.coreos.com',
    });
  });

  test('a monitoring kind at another apiVersion is named as v1', () => {
    expect(validateKubeObject({ ...serviceMonitor(), apiVersion: 'monitoring.coreos.com/v1alpha1' })).toEqual([
      {
        path: 'apiVersion',
        message:
          'ServiceMonitor is emitted as apiVersion "monitoring.coreos.com/v1", got "monitoring.coreos.com/v1alpha1"',
      },
    ]);
  });
});

describe('ServiceMonitor', () => {
  test.each<Case>([
    [
      'unknown endpoint field, with a suggestion',
      serviceMonitor,
      (o) => (o.spec.endpoints[0].intervall = '30s'),
      'spec.endpoints[0].intervall',
      `unknown field "intervall" (did you mean "interval"?): spec.endpoints[0] has no such field ${SM}`,
    ],
    [
      'scheme enum',
      serviceMonitor,
      (o) => (o.spec.endpoints[0].scheme = 'ftp'),
      'spec.endpoints[0].scheme',
      'must be one of',
    ],
    [
      'endpoints required',
      serviceMonitor,
      (o) => delete o.spec.endpoints,
      'spec.endpoints',
      'required field "endpoints" is missing',
    ],
    [
      'interval: the CRD pattern',
      serviceMonitor,
      (o) => (o.spec.endpoints[0].interval = '30 seconds'),
      'spec.endpoints[0].interval',
      '"30 seconds" does not match the pattern',
    ],
    [
      'interval: empty matches the CRD pattern but is no duration',
      serviceMonitor,
      (o) => (o.spec.endpoints[0].interval = ''),
      'spec.endpoints[0].interval',
      'an empty string is not a Prometheus duration',
    ],
    [
      'scrapeTimeout longer than interval',
      serviceMonitor,
      (o) => (o.spec.endpoints[0].scrapeTimeout = '1m'),
      'spec.endpoints[0].scrapeTimeout',
      '"1m" is longer than the interval "30s"; the operator drops the monitor',
    ],
    [
      'neither port nor targetPort',
      serviceMonitor,
      (o) => delete o.spec.endpoints[0].port,
      'spec.endpoints[0]',
      'needs "port" (a Service port name) or "targetPort"',
    ],
    [
      'port and targetPort',
      serviceMonitor,
      (o) => (o.spec.endpoints[0].targetPort = 9100),
      'spec.endpoints[0].targetPort',
      '"port" takes precedence over "targetPort"; set only one',
    ],
    [
      'targetPort a float (x-kubernetes-int-or-string)',
      serviceMonitor,
      (o) => {
        delete o.spec.endpoints[0].port;
        o.spec.endpoints[0].targetPort = 91.5;
      },
      'spec.endpoints[0].targetPort',
      'expected a string or an integer, got number 91.5',
    ],
    [
      'port not a Service port name',
      serviceMonitor,
      (o) => (o.spec.endpoints[0].port = 'Metrics'),
      'spec.endpoints[0].port',
      'Service port name "Metrics" is not a DNS-1123 label',
    ],
    [
      'path relative',
      serviceMonitor,
      (o) => (o.spec.endpoints[0].path = 'metrics'),
      'spec.endpoints[0].path',
      'must be an absolute HTTP path starting with "/", got "metrics"',
    ],
    [
      'empty selector',
      serviceMonitor,
      (o) => (o.spec.selector = {}),
      'spec.selector',
      'an empty selector selects every Service in the namespace',
    ],
    [
      'selector label value',
      serviceMonitor,
      (o) => (o.spec.selector.matchLabels['app.kubernetes.io/name'] = 'a b'),
      'spec.selector.matchLabels["app.kubernetes.io/name"]',
      '"a b"',
    ],
    [
      'scrapeProtocols: a set list takes each value once',
      serviceMonitor,
      (o) => (o.spec.scrapeProtocols = ['PrometheusText0.0.4', 'PrometheusText0.0.4']),
      'spec.scrapeProtocols[1]',
      'duplicate value string "PrometheusText0.0.4", as item 0 (a set list takes each value once)',
    ],
    [
      'nativeHistogramMinBucketFactor: an int-or-string keeps its pattern for strings',
      serviceMonitor,
      (o) => (o.spec.nativeHistogramMinBucketFactor = 'lots'),
      'spec.nativeHistogramMinBucketFactor',
      '"lots" does not match the pattern',
    ],
    [
      'sampleLimit: format int64 and minimum',
      serviceMonitor,
      (o) => (o.spec.sampleLimit = -1),
      'spec.sampleLimit',
      'must be at least 0, got -1',
    ],
    [
      'metadata name',
      serviceMonitor,
      (o) => (o.metadata.name = 'Web'),
      'metadata.name',
      '"Web" is not a DNS-1123 subdomain',
    ],
  ])('%s', (_, make, edit, path, fragment) => expectOneProblem(make, edit, path, fragment));

  test('targetPort alone, as a name or a number, passes', () => {
    for (const targetPort of ['metrics', 9100]) {
      const object = broken(serviceMonitor, (o) => {
        delete o.spec.endpoints[0].port;
        o.spec.endpoints[0].targetPort = targetPort;
      });
      expect(validateKubeObject(object)).toEqual([]);
    }
  });
});

describe('PodMonitor', () => {
  test.each<Case>([
    [
      'no endpoints',
      podMonitor,
      (o) => delete o.spec.podMetricsEndpoints,
      'spec.podMetricsEndpoints',
      'a PodMonitor without endpoints scrapes nothing',
    ],
    [
      'no port, portNumber or targetPort',
      podMonitor,
      (o) => delete o.spec.podMetricsEndpoints[0].port,
      'spec.podMetricsEndpoints[0]',
      'needs "port" (a container port name) or "portNumber"',
    ],
    [
      'port and portNumber',
      podMonitor,
      (o) => (o.spec.podMetricsEndpoints[0].portNumber = 9100),
      'spec.podMetricsEndpoints[0].portNumber',
      '"port" and "portNumber" are both set; set only one',
    ],
    [
      'portNumber out of range (CRD maximum)',
      podMonitor,
      (o) => {
        delete o.spec.podMetricsEndpoints[0].port;
        o.spec.podMetricsEndpoints[0].portNumber = 70000;
      },
      'spec.podMetricsEndpoints[0].portNumber',
      'must be at most 65535, got 70000',
    ],
    [
      'port not an IANA service name (container port names are at most 15 characters)',
      podMonitor,
      (o) => (o.spec.podMetricsEndpoints[0].port = 'prometheus-metrics'),
      'spec.podMetricsEndpoints[0].port',
      'container port name "prometheus-metrics" is not an IANA service name',
    ],
    [
      'interval in the wrong unit order',
      podMonitor,
      (o) => (o.spec.podMetricsEndpoints[0].interval = '30s1m'),
      'spec.podMetricsEndpoints[0].interval',
      'does not match the pattern',
    ],
    [
      'path relative',
      podMonitor,
      (o) => (o.spec.podMetricsEndpoints[0].path = 'metrics'),
      'spec.podMetricsEndpoints[0].path',
      'must be an absolute HTTP path',
    ],
    [
      'selector required',
      podMonitor,
      (o) => delete o.spec.selector,
      'spec.selector',
      'required field "selector" is missing',
    ],
    [
      'empty selector',
      podMonitor,
      (o) => (o.spec.selector = {}),
      'spec.selector',
      'selects every Pod in the namespace',
    ],
  ])('%s', (_, make, edit, path, fragment) => expectOneProblem(make, edit, path, fragment));

  test('portNumber alone passes', () => {
    const object = broken(podMonitor, (o) => {
      delete o.spec.podMetricsEndpoints[0].port;
      o.spec.podMetricsEndpoints[0].portNumber = 9100;
    });
    expect(validateKubeObject(object)).toEqual([]);
  });
});

describe('PrometheusRule', () => {
  const alert = (o: Obj) => o.spec.groups[0].rules[0];
  const record = (o: Obj) => o.spec.groups[0].rules[1];
  test.each<Case>([
    [
      'repeated group name (the CRD list-map key)',
      prometheusRule,
      (o) => o.spec.groups.push({ name: 'marathon-to-eks.shop', rules: [{ alert: 'B', expr: 'up == 0' }] }),
      'spec.groups[1]',
      'duplicate entry: name string "marathon-to-eks.shop", as item 0 (a map list takes each key once)',
    ],
    [
      'empty group name',
      prometheusRule,
      (o) => (o.spec.groups[0].name = ''),
      'spec.groups[0].name',
      'must not be empty',
    ],
    [
      'group without rules',
      prometheusRule,
      (o) => (o.spec.groups[0].rules = []),
      'spec.groups[0].rules',
      'evaluates nothing',
    ],
    [
      'unknown rule field',
      prometheusRule,
      (o) => (alert(o).keepFiringFor = '5m'),
      'spec.groups[0].rules[0].keepFiringFor',
      'unknown field "keepFiringFor" (did you mean "keep_firing_for"?)',
    ],
    [
      'expr required',
      prometheusRule,
      (o) => delete alert(o).expr,
      'spec.groups[0].rules[0].expr',
      'required field "expr"',
    ],
    [
      'blank expr',
      prometheusRule,
      (o) => (alert(o).expr = '  '),
      'spec.groups[0].rules[0].expr',
      'must be a PromQL expression, got an empty one',
    ],
    [
      'for: not a duration',
      prometheusRule,
      (o) => (alert(o).for = '5 minutes'),
      'spec.groups[0].rules[0].for',
      'does not match the pattern',
    ],
    [
      'keep_firing_for: empty',
      prometheusRule,
      (o) => (alert(o).keep_firing_for = ''),
      'spec.groups[0].rules[0].keep_firing_for',
      'must not be empty',
    ],
    [
      'alert and record',
      prometheusRule,
      (o) => (alert(o).record = 'x:y'),
      'spec.groups[0].rules[0].record',
      'either a recording rule ("record") or an alerting rule ("alert"), not both',
    ],
    [
      'neither alert nor record',
      prometheusRule,
      (o) => delete alert(o).alert,
      'spec.groups[0].rules[0]',
      'a rule needs "alert" (an alerting rule) or "record" (a recording rule)',
    ],
    [
      'recording rule with for',
      prometheusRule,
      (o) => (record(o).for = '5m'),
      'spec.groups[0].rules[1].for',
      'a recording rule takes no "for"',
    ],
    [
      'recording rule with annotations',
      prometheusRule,
      (o) => (record(o).annotations = { summary: 'x' }),
      'spec.groups[0].rules[1].annotations',
      'a recording rule takes no "annotations"',
    ],
    [
      'recording rule name',
      prometheusRule,
      (o) => (record(o).record = 'rate(x[5m])'),
      'spec.groups[0].rules[1].record',
      '"rate(x[5m])" is not a metric name',
    ],
    [
      'label name',
      prometheusRule,
      (o) => (alert(o).labels['marathon-id'] = 'x'),
      'spec.groups[0].rules[0].labels["marathon-id"]',
      '"marathon-id" is not a valid label name',
    ],
    [
      '__name__ label',
      prometheusRule,
      (o) => (alert(o).labels.__name__ = 'x'),
      'spec.groups[0].rules[0].labels.__name__',
      'a rule may not set the label "__name__"',
    ],
    [
      'annotation name',
      prometheusRule,
      (o) => (alert(o).annotations['runbook-url'] = 'x'),
      'spec.groups[0].rules[0].annotations["runbook-url"]',
      '"runbook-url" is not a valid annotation name',
    ],
    [
      'group label name',
      prometheusRule,
      (o) => (o.spec.groups[0].labels = { '1team': 'x' }),
      'spec.groups[0].labels["1team"]',
      'is not a valid label name',
    ],
    [
      'partial_response_strategy: RE2 (?i) pattern, case-insensitive',
      prometheusRule,
      (o) => (o.spec.groups[0].partial_response_strategy = 'ignore'),
      'spec.groups[0].partial_response_strategy',
      '"ignore" does not match the pattern "^(?i)(abort|warn)?$"',
    ],
    ['no groups', prometheusRule, (o) => (o.spec.groups = []), 'spec.groups', 'holds no rules'],
  ])('%s', (_, make, edit, path, fragment) => expectOneProblem(make, edit, path, fragment));

  test('an empty for (the operator drops it), an integer expr and "WARN" (case-insensitive) pass', () => {
    const object = broken(prometheusRule, (o) => {
      alert(o).for = '';
      alert(o).expr = 1;
      o.spec.groups[0].partial_response_strategy = 'WARN';
    });
    expect(validateKubeObject(object)).toEqual([]);
  });
});

describe('prometheusDurationMs: model.ParseDuration syntax', () => {
  test.each<[string, number]>([
    ['0', 0],
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
    ['1y', 31_536_000_000],
    ['250ms', 250],
    ['1s500ms', 1500],
  ])('%s is %d ms', (text, ms) => expect(prometheusDurationMs(text)).toBe(ms));

  test.each(['', '1.5s', '1m1h', '5', '-1s', '1 m', '1M'])('%j is rejected', (text) => {
    expect(typeof prometheusDurationMs(text)).toBe('string');
  });
});

describe('HorizontalPodAutoscaler (autoscaling/v2): the API server rules kubernetes-models does not check', () => {
  const metric = (o: Obj) => o.spec.metrics[0];
  const hpa = () => ({
    ...horizontalPodAutoscaler(),
    spec: {
      ...horizontalPodAutoscaler().spec,
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }],
        },
        scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] },
      },
    },
  });
  test('a full HPA with behavior, memory AverageValue and an External metric passes', () => {
    const object = broken(hpa, (o) => {
      o.spec.metrics.push(
        { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '512Mi' } } },
        {
          type: 'External',
          external: {
            metric: { name: 'alb_request_count_per_target' },
            target: { type: 'AverageValue', averageValue: '100' },
          },
        },
      );
    });
    expect(validateKubeObject(object)).toEqual([]);
  });

  test.each<Case>([
    [
      'metric type',
      hpa,
      (o) => (metric(o).type = 'CPU'),
      'spec.metrics[0].type',
      'must be one of "Resource", "ContainerResource", "Pods", "Object", "External"; got "CPU"',
    ],
    [
      'source for the type missing',
      hpa,
      (o) => {
        metric(o).type = 'Pods';
        delete metric(o).resource;
      },
      'spec.metrics[0].pods',
      'required for a metric of type "Pods"',
    ],
    [
      'a second source',
      hpa,
      (o) => (metric(o).pods = { metric: { name: 'x' }, target: { type: 'AverageValue', averageValue: '1' } }),
      'spec.metrics[0].pods',
      'a metric of type "Resource" sets only "resource"',
    ],
    [
      'target type',
      hpa,
      (o) => (metric(o).resource.target.type = 'Percent'),
      'spec.metrics[0].resource.target.type',
      'must be one of "Utilization", "Value", "AverageValue"',
    ],
    [
      'averageUtilization 0',
      hpa,
      (o) => (metric(o).resource.target.averageUtilization = 0),
      'spec.metrics[0].resource.target.averageUtilization',
      'must be at least 1 (percent), got 0',
    ],
    [
      'resource target without utilization or averageValue',
      hpa,
      (o) => (metric(o).resource.target = { type: 'Utilization' }),
      'spec.metrics[0].resource.target',
      'a resource metric needs averageUtilization or averageValue',
    ],
    [
      'averageValue not positive',
      hpa,
      (o) => (metric(o).resource.target = { type: 'AverageValue', averageValue: '0m' }),
      'spec.metrics[0].resource.target.averageValue',
      'must be a positive quantity, got "0m"',
    ],
    [
      'External with value and averageValue',
      hpa,
      (o) =>
        (o.spec.metrics[0] = {
          type: 'External',
          external: { metric: { name: 'q' }, target: { type: 'Value', value: '1', averageValue: '1' } },
        }),
      'spec.metrics[0].external.target.value',
      'value and averageValue cannot both be set',
    ],
    [
      'stabilization window above an hour',
      hpa,
      (o) => (o.spec.behavior.scaleDown.stabilizationWindowSeconds = 3601),
      'spec.behavior.scaleDown.stabilizationWindowSeconds',
      'must be between 0 and 3600 (one hour), got 3601',
    ],
    [
      'selectPolicy',
      hpa,
      (o) => (o.spec.behavior.scaleUp.selectPolicy = 'max'),
      'spec.behavior.scaleUp.selectPolicy',
      'must be one of "Max", "Min", "Disabled"; got "max"',
    ],
    [
      'policy type',
      hpa,
      (o) => (o.spec.behavior.scaleUp.policies[0].type = 'Pod'),
      'spec.behavior.scaleUp.policies[0].type',
      'must be one of "Pods", "Percent"; got "Pod"',
    ],
    [
      'policy value 0',
      hpa,
      (o) => (o.spec.behavior.scaleUp.policies[0].value = 0),
      'spec.behavior.scaleUp.policies[0].value',
      'must be greater than 0, got 0',
    ],
    [
      'policy period above 30 minutes',
      hpa,
      (o) => (o.spec.behavior.scaleDown.policies[0].periodSeconds = 1801),
      'spec.behavior.scaleDown.policies[0].periodSeconds',
      'must be between 1 and 1800 (30 minutes), got 1801',
    ],
    [
      'minReplicas above maxReplicas',
      hpa,
      (o) => (o.spec.minReplicas = 11),
      'spec.minReplicas',
      'must not exceed maxReplicas (10), got 11',
    ],
    [
      'unknown behavior field (kubernetes-models)',
      hpa,
      (o) => (o.spec.behavior.scaleUp.window = 1),
      'spec.behavior.scaleUp.window',
      'unknown field "window"',
    ],
  ])('%s', (_, make, edit, path, fragment) => expectOneProblem(make, edit, path, fragment));
});
