import { PathSegment } from '../util/json-path';
import { quote } from '../util/describe';
import { scheduleProblem, timeZoneProblem } from './kube-cron';
import { checkPodSpec } from './kube-pod';
import { Problems, arrayOf, isRecord, recordOf } from './kube-problem';
import { dns1123SubdomainProblem } from './kube-syntax';

/**
 * Rules for the objects that own a pod template — Deployment, StatefulSet, DaemonSet, Job, CronJob — that the API
 * server enforces beyond types: the selector must select the template's pods, the restart policy must suit the
 * controller, and a few spec combinations are contradictory.
 */

type Check = (object: Record<string, unknown>, problems: Problems) => void;

interface TemplateRules {
  /** Restart policies the controller accepts; the first is what an absent policy means, if it is allowed at all. */
  readonly restartPolicies: readonly string[];
  readonly defaultAllowed: boolean;
  /** False for Jobs, whose selector Kubernetes generates unless manualSelector is set. */
  readonly selectorExpected: boolean;
  readonly claims?: ReadonlySet<string>;
}

const LONG_RUNNING: TemplateRules = { restartPolicies: ['Always'], defaultAllowed: true, selectorExpected: true };

/** Checks that apply to a Deployment. */
export const checkDeployment: Check = (object, problems) => {
  const spec = recordOf(object.spec);
  if (spec === undefined) {
    return;
  }
  checkTemplateOwner(spec, ['spec'], problems, LONG_RUNNING);
  checkStrategy(recordOf(spec.strategy), ['spec', 'strategy'], problems);
};

/** Checks that apply to a StatefulSet; its volumeClaimTemplates count as volumes for the mounts. */
export const checkStatefulSet: Check = (object, problems) => {
  const spec = recordOf(object.spec);
  if (spec === undefined) {
    return;
  }
  const claims = claimTemplateNames(spec, problems);
  checkTemplateOwner(spec, ['spec'], problems, { ...LONG_RUNNING, claims });
};

/** Checks that apply to a DaemonSet. */
export const checkDaemonSet: Check = (object, problems) => {
  const spec = recordOf(object.spec);
  if (spec !== undefined) {
    checkTemplateOwner(spec, ['spec'], problems, LONG_RUNNING);
  }
};

/** Checks that apply to a Job. */
export const checkJob: Check = (object, problems) => {
  const spec = recordOf(object.spec);
  if (spec !== undefined) {
    checkJobSpec(spec, ['spec'], problems);
  }
};

/** Checks that apply to a CronJob: its schedule, time zone and job template. */
export const checkCronJob: Check = (object, problems) => {
  const spec = recordOf(object.spec);
  if (spec === undefined) {
    return;
  }
  if (typeof spec.schedule === 'string') {
    const problem = scheduleProblem(spec.schedule);
    if (problem !== undefined) {
      problems.add(['spec', 'schedule'], problem);
    }
  }
  if (typeof spec.timeZone === 'string') {
    const problem = timeZoneProblem(spec.timeZone);
    if (problem !== undefined) {
      problems.add(['spec', 'timeZone'], problem);
    }
  }
  const jobSpec = recordOf(recordOf(spec.jobTemplate)?.spec);
  if (jobSpec !== undefined) {
    checkJobSpec(jobSpec, ['spec', 'jobTemplate', 'spec'], problems);
  }
};

function checkJobSpec(spec: Record<string, unknown>, at: readonly PathSegment[], problems: Problems): void {
  const manual = spec.manualSelector === true;
  if (spec.selector !== undefined && !manual) {
    problems.add(
      [...at, 'selector'],
      "set only together with manualSelector: true; Kubernetes generates a Job's selector itself",
    );
  }
  // The default restart policy, Always, is invalid for a Job: a template without one is rejected.
  checkTemplateOwner(spec, at, problems, {
    restartPolicies: ['OnFailure', 'Never'],
    defaultAllowed: false,
    selectorExpected: manual,
  });
}

function checkTemplateOwner(
  spec: Record<string, unknown>,
  at: readonly PathSegment[],
  problems: Problems,
  rules: TemplateRules,
): void {
  const template = recordOf(spec.template);
  if (template === undefined) {
    return;
  }
  const labels = recordOf(recordOf(template.metadata)?.labels) ?? {};
  const selector = recordOf(spec.selector);
  if (rules.selectorExpected && selector !== undefined) {
    if (isEmptySelector(selector)) {
      problems.add(
        [...at, 'selector'],
        "an empty selector would select every pod in the namespace; select the template's labels",
      );
    } else {
      const mismatch = selectorMismatch(selector, labels);
      if (mismatch !== undefined) {
        problems.add(
          [...at, 'template', 'metadata', 'labels'],
          `selector does not match the template's labels: ${mismatch}`,
        );
      }
    }
  }
  const podSpec = recordOf(template.spec);
  const policy = podSpec?.restartPolicy;
  if (
    policy === undefined ? !rules.defaultAllowed : typeof policy === 'string' && !rules.restartPolicies.includes(policy)
  ) {
    const allowed = rules.restartPolicies.map((p) => quote(p)).join(' or ');
    const got = policy === undefined ? 'it is not set (the default is "Always")' : `got ${quote(String(policy))}`;
    problems.add([...at, 'template', 'spec', 'restartPolicy'], `must be ${allowed} for this kind; ${got}`);
  }
  checkPodSpec(podSpec, [...at, 'template', 'spec'], problems, rules.claims);
}

function isEmptySelector(selector: Record<string, unknown>): boolean {
  const labels = recordOf(selector.matchLabels);
  return (labels === undefined || Object.keys(labels).length === 0) && arrayOf(selector.matchExpressions).length === 0;
}

/** The first requirement of `selector` that `labels` does not meet, described; `undefined` when they match. */
function selectorMismatch(selector: Record<string, unknown>, labels: Record<string, unknown>): string | undefined {
  const matchLabels = recordOf(selector.matchLabels);
  if (matchLabels !== undefined) {
    for (const key of Object.keys(matchLabels)) {
      const value = matchLabels[key];
      if (labels[key] !== value) {
        return `matchLabels requires ${key}=${JSON.stringify(value)}, the template has ${labelShown(labels, key)}`;
      }
    }
  }
  for (const requirement of arrayOf(selector.matchExpressions)) {
    if (!isRecord(requirement) || typeof requirement.key !== 'string') {
      continue;
    }
    const values = arrayOf(requirement.values);
    if (!requirementMet(requirement.operator, hasOwn(labels, requirement.key), labels[requirement.key], values)) {
      return `matchExpressions requires ${requirement.key} ${String(requirement.operator)} ${JSON.stringify(values)}, the template has ${labelShown(labels, requirement.key)}`;
    }
  }
  return undefined;
}

function requirementMet(operator: unknown, present: boolean, value: unknown, values: readonly unknown[]): boolean {
  switch (operator) {
    case 'In':
      return present && values.includes(value);
    case 'NotIn':
      return !present || !values.includes(value);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
    default:
      return true; // an unknown operator is reported by the selector syntax check
  }
}

function hasOwn(record: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

function labelShown(labels: Record<string, unknown>, key: string): string {
  return hasOwn(labels, key) ? `${key}=${JSON.stringify(labels[key])}` : `no ${quote(key)} label`;
}

function claimTemplateNames(spec: Record<string, unknown>, problems: Problems): Set<string> {
  const names = new Set<string>();
  const volumes = new Set(
    arrayOf(recordOf(recordOf(spec.template)?.spec)?.volumes).map((v) => (isRecord(v) ? v.name : undefined)),
  );
  arrayOf(spec.volumeClaimTemplates).forEach((claim, i) => {
    const at = ['spec', 'volumeClaimTemplates', i, 'metadata', 'name'];
    const name = recordOf(recordOf(claim)?.metadata)?.name;
    if (typeof name !== 'string') {
      problems.add(
        at,
        'required field "name" is missing; PersistentVolumeClaims are named <claim>-<statefulset>-<ordinal>',
      );
      return;
    }
    const problem = dns1123SubdomainProblem(name);
    if (problem !== undefined) {
      problems.add(at, problem);
    }
    // The StatefulSet controller replaces a pod volume of the same name with the claim, silently.
    if (volumes.has(name)) {
      problems.add(at, `the pod template also declares a volume ${quote(name)}; the claim would silently replace it`);
    }
    names.add(name);
  });
  return names;
}

function checkStrategy(
  strategy: Record<string, unknown> | undefined,
  at: readonly PathSegment[],
  problems: Problems,
): void {
  if (strategy === undefined) {
    return;
  }
  const rolling = recordOf(strategy.rollingUpdate);
  if (strategy.type === 'Recreate' && rolling !== undefined) {
    problems.add([...at, 'rollingUpdate'], 'must not be set when the strategy type is "Recreate"');
  }
  if (rolling !== undefined && isZero(rolling.maxSurge ?? '25%') && isZero(rolling.maxUnavailable ?? '25%')) {
    problems.add(
      [...at, 'rollingUpdate', 'maxUnavailable'],
      'maxUnavailable and maxSurge cannot both be 0: the rollout could never make progress',
    );
  }
}

/** An int-or-string of 0 or "0%". */
function isZero(value: unknown): boolean {
  return value === 0 || (typeof value === 'string' && /^0+%$/.test(value));
}
