import { z } from 'zod';
import { JsonPath, PathSegment, valueAt } from '../../util/json-path';
import { dispatchers } from '../schema/dispatch';
import { NAME_PATTERN } from '../schema/primitives';
import { closestMatch, describeValue, knownTypeName, quote } from '../../util/describe';
import { Finding, error, warning } from './finding';

/**
 * Checks `value` against a strict schema. Unknown keys become `unknown-field` warnings (kept, never dropped);
 * everything else becomes an error whose message says what was expected and what was found.
 */
export function checkSchema(schema: z.ZodType, value: unknown, at: JsonPath = []): Finding[] {
  const result = schema.safeParse(value);
  if (result.success) {
    return [];
  }
  const findings: Finding[] = [];
  for (const issue of result.error.issues) {
    collect(issue as z.core.$ZodIssue, schema, value, at, findings);
  }
  return findings;
}

function collect(issue: z.core.$ZodIssue, root: z.ZodType, value: unknown, at: JsonPath, out: Finding[]): void {
  const path: PathSegment[] = [...at, ...(issue.path as PathSegment[])];
  const actual = valueAt(value, issue.path as PathSegment[]);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(root, value, issue.path as PathSegment[]);
      for (const key of issue.keys) {
        const suggestion = known ? closestMatch(key, known) : undefined;
        const hint = suggestion ? ` (did you mean ${quote(suggestion)}?)` : '';
        out.push(
          warning(
            [...path, key],
            'unknown-field',
            `unknown field ${quote(key)}: not part of the schema${hint}; kept and reported, not translated`,
          ),
        );
      }
      return;
    }
    case 'invalid_union':
      collectUnion(issue, root, value, at, out);
      return;
    case 'invalid_type':
      if (actual === undefined) {
        const field = path[path.length - 1];
        out.push(error(path, 'missing-field', `required field ${quote(String(field))} is missing`));
      } else {
        out.push(error(path, 'invalid-type', `expected ${expectedType(issue.expected)}, got ${describeValue(actual)}`));
      }
      return;
    case 'too_small':
      out.push(error(path, 'out-of-range', tooSmall(issue, actual)));
      return;
    case 'too_big':
      out.push(error(path, 'out-of-range', tooBig(issue, actual)));
      return;
    case 'invalid_value':
      out.push(
        error(
          path,
          'invalid-value',
          `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; got ${describeValue(actual)}`,
        ),
      );
      return;
    case 'invalid_format':
      out.push(error(path, 'invalid-format', invalidFormat(issue, actual)));
      return;
    case 'invalid_key':
      for (const inner of issue.issues) {
        out.push(error(path, 'invalid-key', `key ${quote(String(path[path.length - 1]))}: ${inner.message}`));
      }
      return;
    case 'custom': {
      const params = (issue.params ?? {}) as { kind?: string };
      out.push(error(path, params.kind ?? 'invalid', `${issue.message}, got ${describeValue(actual)}`));
      return;
    }
    default:
      out.push(error(path, 'invalid', issue.message));
  }
}

/**
 * A value matched no variant of a union. When every variant failed on the value's own type, say which types were
 * allowed; otherwise report the variant that came closest (the value had the right type but a bad field).
 */
function collectUnion(
  issue: z.core.$ZodIssueInvalidUnion,
  root: z.ZodType,
  value: unknown,
  at: JsonPath,
  out: Finding[],
): void {
  const ownPathLength = issue.path.length;
  const closest = issue.errors
    .filter(
      (branch) =>
        branch.length > 0 &&
        !branch.every((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value')),
    )
    .sort((a, b) => a.length - b.length)[0];
  if (closest) {
    for (const inner of closest) {
      collect({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue, root, value, at, out);
    }
    return;
  }
  const allowed = issue.errors.flatMap((branch) =>
    branch
      .filter((i) => i.path.length === 0)
      .map((i) =>
        i.code === 'invalid_type'
          ? expectedType(i.expected)
          : i.code === 'invalid_value'
            ? i.values.map((v) => JSON.stringify(v)).join(' or ')
            : i.message,
      ),
  );
  const path = [...at, ...(issue.path as PathSegment[])];
  const actual = valueAt(value, issue.path.slice(0, ownPathLength) as PathSegment[]);
  out.push(error(path, 'invalid-type', `expected ${[...new Set(allowed)].join(' or ')}, got ${describeValue(actual)}`));
}

/** zod's name of the expected type, as messages say it (`int` → `an integer`); an unusual one as zod writes it. */
function expectedType(expected: string): string {
  return knownTypeName(expected) ?? expected;
}

function tooSmall(issue: z.core.$ZodIssueTooSmall, actual: unknown): string {
  const minimum = Number(issue.minimum);
  switch (issue.origin) {
    case 'string':
      return minimum <= 1
        ? 'must not be empty'
        : `must be at least ${minimum} characters long, got ${describeValue(actual)}`;
    case 'array':
      return minimum <= 1 ? 'must not be an empty array' : `must have at least ${minimum} items`;
    default:
      return `must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${minimum}, got ${describeValue(actual)}`;
  }
}

function tooBig(issue: z.core.$ZodIssueTooBig, actual: unknown): string {
  const maximum = Number(issue.maximum);
  switch (issue.origin) {
    case 'string':
      return `must be at most ${maximum} characters long, got ${(actual as string).length}`;
    case 'array':
      return `must have at most ${maximum} items, got ${(actual as unknown[]).length}`;
    default: {
      const note = maximum === 2_147_483_647 ? ' (a 32-bit integer)' : '';
      return `must be at most ${maximum}${note}, got ${describeValue(actual)}`;
    }
  }
}

function invalidFormat(issue: z.core.$ZodIssueInvalidStringFormat, actual: unknown): string {
  if (issue.format === 'regex' && issue.pattern === String(NAME_PATTERN)) {
    return `must be a lowercase name of letters, digits and '-' that starts and ends with a letter or digit, got ${describeValue(actual)}`;
  }
  if (issue.message && !issue.message.startsWith('Invalid')) {
    return `${issue.message}, got ${describeValue(actual)}`;
  }
  return `must match ${issue.pattern ?? issue.format}, got ${describeValue(actual)}`;
}

/** The keys the schema allows for the object at `path`, following dispatching unions into the chosen variant. */
export function knownKeys(schema: z.ZodType, value: unknown, path: readonly PathSegment[]): string[] | undefined {
  let current: z.ZodType | undefined = schema;
  let node: unknown = value;
  for (let i = 0; i <= path.length && current; i++) {
    current = unwrap(current, node);
    if (!current) {
      return undefined;
    }
    if (i === path.length) {
      break;
    }
    const segment = path[i];
    const def = current.def as {
      type: string;
      shape?: Record<string, z.ZodType>;
      element?: z.ZodType;
      valueType?: z.ZodType;
    };
    if (def.type === 'object') {
      current = def.shape?.[String(segment)];
    } else if (def.type === 'array') {
      current = def.element;
    } else if (def.type === 'record') {
      current = def.valueType;
    } else {
      return undefined;
    }
    node = node !== null && typeof node === 'object' ? (node as Record<PathSegment, unknown>)[segment] : undefined;
  }
  const def = current?.def as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

function unwrap(schema: z.ZodType, value: unknown): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (let guard = 0; current && guard < 10; guard++) {
    const def = current.def as { type: string; innerType?: z.ZodType; options?: z.ZodType[] };
    const choose = dispatchers.get(current);
    if (choose) {
      current =
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? choose(value as Record<string, unknown>)
          : undefined;
    } else if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') {
      current = def.innerType;
    } else if (def.type === 'union') {
      current = def.options?.find((option) => (option.def as { type: string }).type === 'object');
    } else {
      return current;
    }
  }
  return current;
}
