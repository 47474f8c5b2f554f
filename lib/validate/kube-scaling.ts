import { Problems, arrayOf, recordOf } from './kube-problem';

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
}
