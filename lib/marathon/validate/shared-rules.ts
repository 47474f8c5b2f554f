import { JsonPath } from '../../util/json-path';
import { Constraint, EnvValue, SecretDef } from '../model/common';
import { quote } from '../../util/describe';
import { Finding, error } from './finding';

/** Marathon's per-operator constraint rules (`SchedulingValidation.complyWithAppConstraintRules`). */
export function constraintFindings(constraints: readonly Constraint[], at: JsonPath): Finding[] {
  const findings: Finding[] = [];
  constraints.forEach((constraint, i) => {
    const path = [...at, i];
    const value = constraint.value;
    const valuePath = [...path, 'value'];
    switch (constraint.operator) {
      case 'UNIQUE':
        if (value !== undefined && value !== '') {
          findings.push(error(valuePath, 'invalid-constraint', 'UNIQUE takes no value'));
        }
        break;
      case 'CLUSTER':
        // Without a value, CLUSTER pins all instances to the agent the first one landed on (Marathon ≥ 1.6).
        break;
      case 'IS':
        if (value === undefined || value === '') {
          findings.push(error(path, 'invalid-constraint', 'IS needs a value to match'));
        }
        break;
      case 'GROUP_BY':
        if (value !== undefined && !/^\d+$/.test(value)) {
          findings.push(
            error(valuePath, 'invalid-constraint', `GROUP_BY takes no value or an integer, got ${quote(value)}`),
          );
        }
        break;
      case 'MAX_PER':
        if (value !== undefined && !/^\d+$/.test(value)) {
          findings.push(error(valuePath, 'invalid-constraint', `MAX_PER needs an integer value, got ${quote(value)}`));
        }
        break;
      case 'LIKE':
      case 'UNLIKE':
        if (value === undefined) {
          findings.push(error(path, 'invalid-constraint', `${constraint.operator} needs a regular expression value`));
        } else if (!isValidRegex(value)) {
          findings.push(error(valuePath, 'invalid-constraint', `${quote(value)} is not a valid regular expression`));
        }
        break;
      default:
        findings.push(
          error(
            [...path, 'operator'],
            'invalid-value',
            `constraint operator must be one of UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS; got ${quote(String(constraint.operator))}`,
          ),
        );
    }
  });
  return findings;
}

export function isValidRegex(pattern: string): boolean {
  try {
    new RegExp(`^(?:${pattern})$`);
    return true;
  } catch {
    return false;
  }
}

/** A reference to a secret the definition does not declare (in `declaredIn`: `secrets`, a job's `run.secrets`). */
export function undefinedSecret(at: JsonPath, secret: string, declaredIn = 'secrets'): Finding {
  return error(at, 'undefined-secret', `refers to secret ${quote(secret)}, which is not declared in ${declaredIn}`);
}

/** Environment names Marathon accepts for apps, and secret references that must resolve. */
export function envFindings(
  env: Readonly<Record<string, EnvValue>>,
  secrets: Readonly<Record<string, SecretDef>>,
  at: JsonPath,
): Finding[] {
  const findings: Finding[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (name.length === 0) {
      findings.push(error([...at, name], 'invalid-env', 'environment variable names must not be empty'));
    } else if (name.length > 254) {
      findings.push(error([...at, name], 'invalid-env', 'environment variable names must be 254 characters or fewer'));
    }
    if (typeof value !== 'string' && secrets[value.secret] === undefined) {
      findings.push(undefinedSecret([...at, name, 'secret'], value.secret));
    }
  }
  return findings;
}

/** Mesos role names (`acceptedResourceRoles`, `role`). */
export function roleNameProblem(role: string): string | undefined {
  if (role === '' || role === '.' || role === '..') {
    return `a role name must not be ${quote(role)}`;
  }
  if (role.startsWith('-')) {
    return "a role name must not start with '-'";
  }
  if (/[\s/\x7f]/.test(role)) {
    return 'a role name must not contain whitespace, "/" or DEL';
  }
  return undefined;
}

/** A fetch URI Mesos could parse: no whitespace or control characters. */
export function uriProblem(uri: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  return /[\s\x00-\x1f\x7f]/.test(uri)
    ? `URI ${quote(uri)} has invalid syntax (whitespace or control characters)`
    : undefined;
}

/** Names that must be unique within a list, reported at each repeat. */
export function duplicateFindings(
  names: readonly (string | undefined)[],
  at: (index: number) => JsonPath,
  what: string,
): Finding[] {
  const seen = new Map<string, number>();
  const findings: Finding[] = [];
  names.forEach((name, i) => {
    if (name === undefined) {
      return;
    }
    const first = seen.get(name);
    if (first !== undefined) {
      findings.push(error(at(i), 'duplicate', `${what} ${quote(name)} is already used at index ${first}`));
    } else {
      seen.set(name, i);
    }
  });
  return findings;
}
