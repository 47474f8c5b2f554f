import { PathSegment } from '../util/json-path';
import { quote } from '../util/describe';
import { checkLabelSelector } from './kube-metadata';
import { Problems, arrayOf, isRecord, recordOf } from './kube-problem';
import { dns1123LabelProblem, portNameProblem } from './kube-syntax';

/**
 * What the CRD schemas of prometheus-operator's monitoring.coreos.com/v1 kinds (crd-schema.ts) cannot say, and the
 * operator or Prometheus would reject or quietly mis-handle:
 *
 * - PrometheusRule: the operator's admission webhook (prometheus-operator v0.93.0 pkg/operator/rules.go ValidateRule)
 *   runs Prometheus' rulefmt on the rules; kube-prometheus-stack 88.2.0 enables the webhook and deploys Prometheus
 *   v3.13.2, whose model/rulefmt/rulefmt.go (v3.13.2) rejects: an empty group name, a repeated group name, a rule with
 *   both or neither of `record` and `alert`, an empty `expr`, `annotations` / `for` / `keep_firing_for` on a recording
 *   rule, an invalid recording rule name (and braces in it), invalid label and annotation names, and `__name__` as a
 *   label. PromQL itself is not parsed here: only a blank `expr` is caught.
 * - ServiceMonitor / PodMonitor: the operator drops a monitor whose `scrapeTimeout` exceeds its `interval`
 *   (v0.93.0 pkg/prometheus/promcfg.go CompareScrapeTimeoutToScrapeInterval); an endpoint without `port` (or
 *   `targetPort`, or for a PodMonitor `portNumber`) scrapes every port of every selected target; `path` is an HTTP
 *   path; an empty selector selects every Service or Pod in the namespace.
 *
 * Label names are held to Prometheus' classic syntax `[a-zA-Z_][a-zA-Z0-9_]*`, stricter than Prometheus 3's UTF-8
 * names on purpose: the names the tool emits must also work in Alertmanager matchers and older rule tooling.
 */

/** model.LabelNameRE before UTF-8 names (prometheus/common model/labels.go). */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** model.MetricNameRE: label-name syntax plus `:` (recording rule names conventionally hold `level:metric:ops`). */
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/**
 * monitoringv1.Duration, which is model.ParseDuration's syntax: units y w d h m s ms in that order, each at most
 * once; `0` alone. The CRDs' pattern is the same but also matches the empty string, which ParseDuration rejects.
 */
const DURATION = /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;
const UNIT_MS: Readonly<Record<string, number>> = {
  y: 365 * 24 * 3600_000,
  w: 7 * 24 * 3600_000,
  d: 24 * 3600_000,
  h: 3600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};

/** A Prometheus duration in milliseconds, or why it is not one. */
export function prometheusDurationMs(value: string): number | string {
  if (value === '') {
    return 'an empty string is not a Prometheus duration (leave the field out instead)';
  }
  if (!DURATION.test(value)) {
    return `${quote(value)} is not a Prometheus duration: a number and a unit (y, w, d, h, m, s, ms), largest unit first, e.g. "1m30s"`;
  }
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/([0-9]+)(ms|y|w|d|h|m|s)/g)) {
    total += Number(amount) * UNIT_MS[unit];
  }
  return total;
}

/**
 * Checks a duration field that is set; returns its milliseconds when it is valid. A malformed one is the CRD
 * pattern's to report (crd-schema.ts); only the empty string, which that pattern lets through, is reported here.
 */
function checkDuration(value: unknown, at: PathSegment[], problems: Problems): number | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const parsed = prometheusDurationMs(value);
  if (typeof parsed === 'string') {
    if (value === '') {
      problems.add(at, parsed);
    }
    return undefined;
  }
  return parsed;
}

function checkLabelNames(map: unknown, at: PathSegment[], what: 'label' | 'annotation', problems: Problems): void {
  for (const name of Object.keys(recordOf(map) ?? {})) {
    if (!LABEL_NAME.test(name)) {
      problems.add(
        [...at, name],
        `${quote(name)} is not a valid ${what} name: letters, digits and "_", not starting with a digit`,
      );
    } else if (what === 'label' && name === '__name__') {
      problems.add([...at, name], 'a rule may not set the label "__name__"');
    }
  }
}

/** Checks that apply to a PrometheusRule. */
export function checkPrometheusRule(object: Record<string, unknown>, problems: Problems): void {
  const groups = arrayOf(recordOf(object.spec)?.groups);
  groups.forEach((group, g) => {
    if (!isRecord(group)) {
      return;
    }
    const at: PathSegment[] = ['spec', 'groups', g];
    // Empty and repeated names are the CRD's (minLength 1, a list map keyed by name): crd-schema.ts reports them.
    checkDuration(group.interval, [...at, 'interval'], problems);
    checkDuration(group.query_offset, [...at, 'query_offset'], problems);
    checkLabelNames(group.labels, [...at, 'labels'], 'label', problems);
    const rules = arrayOf(group.rules);
    if (rules.length === 0) {
      problems.add([...at, 'rules'], 'a rule group without rules evaluates nothing');
    }
    rules.forEach((rule, r) => {
      if (isRecord(rule)) {
        checkRule(rule, [...at, 'rules', r], problems);
      }
    });
  });
  if (groups.length === 0) {
    problems.add(['spec', 'groups'], 'a PrometheusRule without groups holds no rules');
  }
}

function checkRule(rule: Record<string, unknown>, at: PathSegment[], problems: Problems): void {
  const record = typeof rule.record === 'string' && rule.record !== '' ? rule.record : undefined;
  const alert = typeof rule.alert === 'string' && rule.alert !== '' ? rule.alert : undefined;
  if (record !== undefined && alert !== undefined) {
    problems.add(
      [...at, 'record'],
      'a rule is either a recording rule ("record") or an alerting rule ("alert"), not both',
    );
  } else if (record === undefined && alert === undefined) {
    problems.add(at, 'a rule needs "alert" (an alerting rule) or "record" (a recording rule)');
  }
  if (typeof rule.expr === 'string' && rule.expr.trim() === '') {
    problems.add([...at, 'expr'], 'must be a PromQL expression, got an empty one');
  }
  // keep_firing_for: its CRD pattern and minLength 1 say it all.
  // The operator turns an empty `for` into no `for` (v0.93.0 pkg/operator/rules.go), so only a malformed one fails.
  if (rule.for !== '') {
    checkDuration(rule.for, [...at, 'for'], problems);
  }
  if (record !== undefined && alert === undefined) {
    for (const field of ['annotations', 'for', 'keep_firing_for'] as const) {
      if (rule[field] !== undefined) {
        problems.add([...at, field], `a recording rule takes no ${quote(field)}`);
      }
    }
    if (!METRIC_NAME.test(record)) {
      problems.add(
        [...at, 'record'],
        `${quote(record)} is not a metric name: letters, digits, "_" and ":", not starting with a digit`,
      );
    }
  }
  checkLabelNames(rule.labels, [...at, 'labels'], 'label', problems);
  checkLabelNames(rule.annotations, [...at, 'annotations'], 'annotation', problems);
}

/** Checks that apply to a ServiceMonitor. */
export function checkServiceMonitor(object: Record<string, unknown>, problems: Problems): void {
  const spec = recordOf(object.spec);
  if (spec === undefined) {
    return;
  }
  checkSelector(spec.selector, 'Service', problems);
  arrayOf(spec.endpoints).forEach((endpoint, i) => {
    if (!isRecord(endpoint)) {
      return;
    }
    const at: PathSegment[] = ['spec', 'endpoints', i];
    checkEndpoint(endpoint, at, problems);
    if (typeof endpoint.port === 'string') {
      // A Service port's name (ValidateServicePort: a DNS-1123 label), not a container port's.
      const problem = dns1123LabelProblem(endpoint.port);
      if (problem !== undefined) {
        problems.add([...at, 'port'], `Service port name ${problem}`);
      }
      if (endpoint.targetPort !== undefined) {
        problems.add([...at, 'targetPort'], '"port" takes precedence over "targetPort"; set only one');
      }
    } else if (endpoint.targetPort === undefined) {
      problems.add(at, 'needs "port" (a Service port name) or "targetPort"; without either every port is scraped');
    }
  });
}

/** Checks that apply to a PodMonitor. */
export function checkPodMonitor(object: Record<string, unknown>, problems: Problems): void {
  const spec = recordOf(object.spec);
  if (spec === undefined) {
    return;
  }
  checkSelector(spec.selector, 'Pod', problems);
  const endpoints = arrayOf(spec.podMetricsEndpoints);
  if (endpoints.length === 0) {
    problems.add(['spec', 'podMetricsEndpoints'], 'a PodMonitor without endpoints scrapes nothing');
  }
  endpoints.forEach((endpoint, i) => {
    if (!isRecord(endpoint)) {
      return;
    }
    const at: PathSegment[] = ['spec', 'podMetricsEndpoints', i];
    checkEndpoint(endpoint, at, problems);
    const set = (['port', 'portNumber', 'targetPort'] as const).filter((field) => endpoint[field] !== undefined);
    if (set.length === 0) {
      problems.add(at, 'needs "port" (a container port name) or "portNumber"; without either every port is scraped');
    } else if (set.length > 1) {
      problems.add([...at, set[1]], `${set.map((field) => quote(field)).join(' and ')} are both set; set only one`);
    }
    if (typeof endpoint.port === 'string') {
      const problem = portNameProblem(endpoint.port);
      if (problem !== undefined) {
        problems.add([...at, 'port'], `container port name ${problem}`);
      }
    }
  });
}

function checkSelector(selector: unknown, target: 'Service' | 'Pod', problems: Problems): void {
  const record = recordOf(selector);
  if (record === undefined) {
    return;
  }
  checkLabelSelector(record, ['spec', 'selector'], problems);
  if (Object.keys(recordOf(record.matchLabels) ?? {}).length === 0 && arrayOf(record.matchExpressions).length === 0) {
    problems.add(['spec', 'selector'], `an empty selector selects every ${target} in the namespace`);
  }
}

function checkEndpoint(endpoint: Record<string, unknown>, at: PathSegment[], problems: Problems): void {
  if (typeof endpoint.path === 'string' && !endpoint.path.startsWith('/')) {
    problems.add([...at, 'path'], `must be an absolute HTTP path starting with "/", got ${quote(endpoint.path)}`);
  }
  const interval = checkDuration(endpoint.interval, [...at, 'interval'], problems);
  const timeout = checkDuration(endpoint.scrapeTimeout, [...at, 'scrapeTimeout'], problems);
  if (interval !== undefined && timeout !== undefined && timeout > interval) {
    problems.add(
      [...at, 'scrapeTimeout'],
      `${quote(endpoint.scrapeTimeout as string)} is longer than the interval ${quote(endpoint.interval as string)}; the operator drops the monitor`,
    );
  }
}
