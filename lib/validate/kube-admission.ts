import { PathSegment } from '../util/json-path';
import { quote } from '../util/describe';
import { Problems, arrayOf, isRecord, recordOf } from './kube-problem';
import { dns1123SubdomainProblem } from './kube-syntax';

/**
 * ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding rules of kubernetes/kubernetes
 * pkg/apis/admissionregistration/validation/validation.go (validateValidatingAdmissionPolicySpec,
 * validateValidatingAdmissionPolicyBindingSpec, validateRuleWithOperations, validateValidationActions) that
 * kubernetes-models' schema does not carry: it has the enums, but every field is optional there. CEL expressions
 * are not compiled.
 */

const REASONS = ['Unauthorized', 'Forbidden', 'Invalid', 'RequestEntityTooLarge'];

/** The object's spec; a missing one is a problem (one of another type the schema reports). */
function requiredSpec(object: Record<string, unknown>, problems: Problems): Record<string, unknown> | undefined {
  if (object.spec === undefined) {
    problems.add(['spec'], 'required field "spec" is missing');
  }
  return recordOf(object.spec);
}

/** Checks that apply to a ValidatingAdmissionPolicy. */
export function checkValidatingAdmissionPolicy(object: Record<string, unknown>, problems: Problems): void {
  const spec = requiredSpec(object, problems);
  if (spec === undefined) {
    return;
  }
  const constraints = recordOf(spec.matchConstraints);
  if (spec.matchConstraints === undefined) {
    problems.add(['spec', 'matchConstraints'], 'required field "matchConstraints" is missing');
  } else if (constraints !== undefined) {
    // The resource rules give the policy's expressions their types.
    if (arrayOf(constraints.resourceRules).length === 0) {
      problems.add(['spec', 'matchConstraints', 'resourceRules'], 'at least one resource rule is required');
    }
    checkRules(constraints.resourceRules, ['spec', 'matchConstraints', 'resourceRules'], problems);
    checkRules(constraints.excludeResourceRules, ['spec', 'matchConstraints', 'excludeResourceRules'], problems);
  }
  const validations = arrayOf(spec.validations);
  if (validations.length === 0 && arrayOf(spec.auditAnnotations).length === 0) {
    problems.add(['spec', 'validations'], 'validations or auditAnnotations must contain at least one item');
  }
  validations.forEach((validation, i) => {
    if (!isRecord(validation)) {
      return;
    }
    const at: PathSegment[] = ['spec', 'validations', i];
    const { expression, message, reason } = validation;
    if (typeof expression === 'string' && expression.trim() === '') {
      problems.add([...at, 'expression'], 'must not be empty');
    }
    if (typeof message === 'string') {
      if (message.includes('\n')) {
        problems.add([...at, 'message'], 'must not contain line breaks');
      } else if (message.trim() === '') {
        problems.add([...at, 'message'], 'must not be blank when set');
      }
    }
    if (typeof reason === 'string' && !REASONS.includes(reason)) {
      problems.add(
        [...at, 'reason'],
        `must be one of ${REASONS.map((r) => JSON.stringify(r)).join(', ')}; got ${quote(reason)}`,
      );
    }
  });
}

/** Checks that apply to a ValidatingAdmissionPolicyBinding. */
export function checkValidatingAdmissionPolicyBinding(object: Record<string, unknown>, problems: Problems): void {
  const spec = requiredSpec(object, problems);
  if (spec === undefined) {
    return;
  }
  const { policyName, validationActions } = spec;
  if (policyName === undefined || policyName === '') {
    problems.add(['spec', 'policyName'], 'required field "policyName" is missing');
  } else if (typeof policyName === 'string') {
    const problem = dns1123SubdomainProblem(policyName);
    if (problem !== undefined) {
      problems.add(['spec', 'policyName'], problem);
    }
  }
  if (validationActions === undefined || (Array.isArray(validationActions) && validationActions.length === 0)) {
    problems.add(['spec', 'validationActions'], 'at least one validation action is required');
    return;
  }
  const actions = arrayOf(validationActions);
  actions.forEach((action, i) => {
    if (actions.indexOf(action) !== i) {
      problems.add(['spec', 'validationActions', i], `duplicate validation action ${JSON.stringify(action)}`);
    }
  });
  if (actions.includes('Deny') && actions.includes('Warn')) {
    problems.add(
      ['spec', 'validationActions'],
      'must not contain both "Deny" and "Warn": the same failure would be reported twice',
    );
  }
  checkRules(recordOf(spec.matchResources)?.resourceRules, ['spec', 'matchResources', 'resourceRules'], problems);
  checkRules(
    recordOf(spec.matchResources)?.excludeResourceRules,
    ['spec', 'matchResources', 'excludeResourceRules'],
    problems,
  );
}

const RULE_LISTS: readonly (readonly [string, string])[] = [
  ['operations', 'operation'],
  ['apiGroups', 'API group'],
  ['apiVersions', 'API version'],
  ['resources', 'resource'],
];

/**
 * Every list of a rule must be non-empty, and a `*` among operations, API groups or API versions must stand alone
 * (validateRuleWithOperations, validateRule; resources have subtler wildcard rules, not checked here).
 */
function checkRules(rules: unknown, at: readonly PathSegment[], problems: Problems): void {
  arrayOf(rules).forEach((rule, i) => {
    if (!isRecord(rule)) {
      return;
    }
    for (const [field, singular] of RULE_LISTS) {
      const values = arrayOf(rule[field]);
      if (values.length === 0) {
        problems.add([...at, i, field], `at least one ${singular} is required`);
      } else if (field !== 'resources' && values.length > 1 && values.includes('*')) {
        problems.add([...at, i, field], `"*" matches every ${singular} and must be the only value`);
      }
    }
  });
}
