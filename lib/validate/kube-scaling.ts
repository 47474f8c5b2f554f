import { PathSegment } from '../util/json-path';
import { quote } from '../util/describe';
import { Problems, arrayOf, isRecord, recordOf } from './kube-problem';
import { dns1123LabelProblem } from './kube-syntax';

/** PodDisruptionBudget and HorizontalPodAutoscaler rules the API server enforces, and selectors that protect nothing. */

/** Checks that apply to a PodDisruptionBudget. */
export function checkPodDisruptionBudget(object: Record<string, unknown>, problems: Problems): void {
  const spec = recordOf(object.spec);
  if (spec === undefined) {
    return;
  }
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    problems.add(['spec', 'maxUnavailable'], 'minAvailable and maxUnavailable cannot both be set');
  }
  const selector = recordOf(spec.selector);
  // policy/v1: a missing selector selects no pods, an empty one every pod in the namespace; neither is meant.
  if (selector === undefined) {
    problems.add(['spec', 'selector'], 'required: without a selector the budget protects no pods');
  } else if (
    Object.keys(recordOf(selector.matchLabels) ?? {}).length === 0 &&
    arrayOf(selector.matchExpressions).length === 0
  ) {
    problems.add(['spec', 'selector'], 'an empty selector applies the budget to every pod in the namespace');
  }
}

/** Checks that apply to a HorizontalPodAutoscaler. */
export function checkHorizontalPodAutoscaler(object: Record<string, unknown>, problems: Problems): void {
  const spec = recordOf(object.spec);
  if (spec === undefined) {
    return;
  }
  const { minReplicas, maxReplicas } = spec;
  if (typeof minReplicas === 'number' && minReplicas < 1) {
    problems.add(['spec', 'minReplicas'], `must be at least 1, got ${minReplicas}`);
  }
  if (typeof maxReplicas === 'number' && maxReplicas < 1) {
    problems.add(['spec', 'maxReplicas'], `must be at least 1, got ${maxReplicas}`);
  }
  if (typeof minReplicas === 'number' && typeof maxReplicas === 'number' && minReplicas > maxReplicas) {
    problems.add(['spec', 'minReplicas'], `must not exceed maxReplicas (${maxReplicas}), got ${minReplicas}`);
  }
  arrayOf(spec.metrics).forEach((metric, i) => {
    if (isRecord(metric)) {
      checkMetric(metric, ['spec', 'metrics', i], problems);
    }
  });
  const behavior = recordOf(spec.behavior);
  for (const direction of ['scaleUp', 'scaleDown'] as const) {
    const rules = recordOf(behavior?.[direction]);
    if (rules !== undefined) {
      checkScalingRules(rules, ['spec', 'behavior', direction], problems);
    }
  }
}

/*
 * The rules below are kubernetes pkg/apis/autoscaling/validation/validation.go (validateMetricSpec,
 * validateMetricTarget, validate*Source, validateScalingRules, validateScalingPolicy); the bounds 3600 and 1800 are
 * also in the autoscaling/v2 API documentation kubernetes-models carries (HPAScalingRules, HPAScalingPolicy).
 * kubernetes-models checks only the types, so without them a wrong metric type or policy fails at apply time.
 */

/** Each metric source type and the field that must hold it (the only source field set). */
const METRIC_SOURCES: Readonly<Record<string, string>> = {
  Resource: 'resource',
  ContainerResource: 'containerResource',
  Pods: 'pods',
  Object: 'object',
  External: 'external',
};
const TARGET_TYPES = ['Utilization', 'Value', 'AverageValue'];
const SELECT_POLICIES = ['Max', 'Min', 'Disabled'];
const POLICY_TYPES = ['Pods', 'Percent'];
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const MAX_PERIOD_SECONDS = 1800;

function oneOf(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

function checkMetric(metric: Record<string, unknown>, at: PathSegment[], problems: Problems): void {
  const type = metric.type;
  const expected = typeof type === 'string' && Object.hasOwn(METRIC_SOURCES, type) ? METRIC_SOURCES[type] : undefined;
  if (expected === undefined) {
    problems.add([...at, 'type'], `must be one of ${oneOf(Object.keys(METRIC_SOURCES))}; got ${JSON.stringify(type)}`);
  }
  for (const field of Object.values(METRIC_SOURCES)) {
    if (metric[field] !== undefined && field !== expected && expected !== undefined) {
      problems.add([...at, field], `a metric of type ${quote(type as string)} sets only ${quote(expected)}`);
    }
  }
  const source = expected !== undefined ? recordOf(metric[expected]) : undefined;
  if (expected !== undefined && source === undefined) {
    problems.add([...at, expected], `required for a metric of type ${quote(type as string)}`);
  }
  if (source === undefined) {
    return;
  }
  const target = recordOf(source.target) ?? {};
  const targetAt = [...at, expected as string, 'target'];
  checkTarget(target, targetAt, problems);
  if (type === 'ContainerResource' && typeof source.container === 'string') {
    const problem = dns1123LabelProblem(source.container);
    if (problem !== undefined) {
      problems.add([...at, 'containerResource', 'container'], problem);
    }
  }
  if (type === 'Resource' || type === 'ContainerResource') {
    if (target.averageUtilization === undefined && target.averageValue === undefined) {
      problems.add(targetAt, 'a resource metric needs averageUtilization or averageValue');
    } else if (target.averageUtilization !== undefined && target.averageValue !== undefined) {
      problems.add([...targetAt, 'averageValue'], 'averageUtilization and averageValue cannot both be set');
    }
  } else if (type === 'Pods') {
    if (target.averageValue === undefined) {
      problems.add([...targetAt, 'averageValue'], 'a Pods metric needs averageValue');
    }
  } else if (target.value === undefined && target.averageValue === undefined) {
    problems.add(targetAt, `an ${type as string} metric needs value or averageValue`);
  } else if (type === 'External' && target.value !== undefined && target.averageValue !== undefined) {
    problems.add([...targetAt, 'value'], 'value and averageValue cannot both be set');
  }
}

function checkTarget(target: Record<string, unknown>, at: PathSegment[], problems: Problems): void {
  if (typeof target.type === 'string' && !TARGET_TYPES.includes(target.type)) {
    problems.add([...at, 'type'], `must be one of ${oneOf(TARGET_TYPES)}; got ${quote(target.type)}`);
  }
  for (const field of ['value', 'averageValue'] as const) {
    const value = target[field];
    if ((typeof value === 'string' || typeof value === 'number') && !quantityIsPositive(value)) {
      problems.add([...at, field], `must be a positive quantity, got ${JSON.stringify(value)}`);
    }
  }
  if (typeof target.averageUtilization === 'number' && target.averageUtilization < 1) {
    problems.add([...at, 'averageUtilization'], `must be at least 1 (percent), got ${target.averageUtilization}`);
  }
}

/** A quantity's sign from its number part (`500m`, `1.5Gi`, `1e3`); suffixes never change it. */
function quantityIsPositive(value: string | number): boolean {
  const number = typeof value === 'number' ? value : Number(/^[+-]?(\d+\.?\d*|\.\d+)/.exec(value)?.[0] ?? NaN);
  return number > 0;
}

function checkScalingRules(rules: Record<string, unknown>, at: PathSegment[], problems: Problems): void {
  const window = rules.stabilizationWindowSeconds;
  if (typeof window === 'number' && (window < 0 || window > MAX_STABILIZATION_WINDOW_SECONDS)) {
    problems.add(
      [...at, 'stabilizationWindowSeconds'],
      `must be between 0 and ${MAX_STABILIZATION_WINDOW_SECONDS} (one hour), got ${window}`,
    );
  }
  if (typeof rules.selectPolicy === 'string' && !SELECT_POLICIES.includes(rules.selectPolicy)) {
    problems.add([...at, 'selectPolicy'], `must be one of ${oneOf(SELECT_POLICIES)}; got ${quote(rules.selectPolicy)}`);
  }
  arrayOf(rules.policies).forEach((policy, i) => {
    if (!isRecord(policy)) {
      return;
    }
    const policyAt = [...at, 'policies', i];
    if (typeof policy.type === 'string' && !POLICY_TYPES.includes(policy.type)) {
      problems.add([...policyAt, 'type'], `must be one of ${oneOf(POLICY_TYPES)}; got ${quote(policy.type)}`);
    }
    if (typeof policy.value === 'number' && policy.value <= 0) {
      problems.add([...policyAt, 'value'], `must be greater than 0, got ${policy.value}`);
    }
    const period = policy.periodSeconds;
    if (typeof period === 'number' && (period <= 0 || period > MAX_PERIOD_SECONDS)) {
      problems.add(
        [...policyAt, 'periodSeconds'],
        `must be between 1 and ${MAX_PERIOD_SECONDS} (30 minutes), got ${period}`,
      );
    }
  });
}
