import { JsonPath } from '../../util/json-path';
import { appSchema } from '../schema/app';
import { groupSchema } from '../schema/group';
import { jobSchema } from '../schema/job';
import { POD_STATUS_FIELDS, podSchema } from '../schema/pod';

/** One definition found in a document, not yet validated. */
export interface Candidate {
  readonly kind: 'app' | 'pod' | 'job' | 'group';
  readonly pointer: JsonPath;
  readonly value: unknown;
  /** For a pod status (`{ spec: {...pod}, status, ... }`): where the pod spec sits inside the value. */
  readonly specPath?: JsonPath;
}

/** A value in a document that is not any kind of definition. */
export interface Misfit {
  readonly pointer: JsonPath;
  readonly value: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Splits a document into the definitions it holds: a single app, pod, group or job; an array of them; API
 * responses (`{"app": {...}}`, `{"apps": [...]}`, `{"pods": [...]}`, `{"*": [...]}`); pod status objects.
 * Kind detection follows the brief: `containers` → pod, `run` → job, `apps`/`groups`/`pods` → group, else app.
 * Group trees are not expanded here: a group is a candidate whose children the compiler visits.
 */
export function splitDocument(value: unknown): { candidates: Candidate[]; misfits: Misfit[] } {
  const candidates: Candidate[] = [];
  const misfits: Misfit[] = [];
  const visitItem = (item: unknown, pointer: JsonPath) => {
    if (!isObject(item)) {
      misfits.push({ pointer, value: item });
    } else {
      candidates.push(detect(item, pointer));
    }
  };
  if (Array.isArray(value)) {
    value.forEach((item, i) => visitItem(item, [i]));
  } else if (isObject(value) && isListResponse(value)) {
    for (const key of Object.keys(value).sort()) {
      const items = value[key];
      if (!Array.isArray(items)) {
        misfits.push({ pointer: [key], value: items });
        continue;
      }
      items.forEach((item, i) => {
        if (!isObject(item)) {
          misfits.push({ pointer: [key, i], value: item });
        } else if (key === 'pods') {
          candidates.push(podCandidate(item, [key, i]));
        } else {
          candidates.push({ kind: 'app', pointer: [key, i], value: item });
        }
      });
    }
  } else if (isObject(value) && Object.keys(value).length === 1 && isObject(value.app)) {
    candidates.push({ kind: 'app', pointer: ['app'], value: value.app });
  } else {
    visitItem(value, []);
  }
  return { candidates, misfits };
}

/** `GET /v2/apps` (`{"apps": [...]}`), `{"pods": [...]}`, `GET /v2/apps/<group>/*` (`{"*": [...]}`): lists without an id. */
function isListResponse(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && !('id' in value) && keys.every((key) => key === 'apps' || key === 'pods' || key === '*');
}

export function detect(item: Record<string, unknown>, pointer: JsonPath): Candidate {
  if ('run' in item) {
    return { kind: 'job', pointer, value: item };
  }
  if (isObject(item.spec) && 'containers' in item.spec) {
    return { kind: 'pod', pointer, value: item, specPath: ['spec'] };
  }
  if ('apps' in item || 'groups' in item || 'pods' in item) {
    return { kind: 'group', pointer, value: item };
  }
  if ('containers' in item) {
    return { kind: 'pod', pointer, value: item };
  }
  return { kind: 'app', pointer, value: item };
}

/** Pods in `/v2/groups` and `/v2/pods/::status` are status objects with the definition under `spec`. */
export function podCandidate(item: Record<string, unknown>, pointer: JsonPath): Candidate {
  return isObject(item.spec)
    ? { kind: 'pod', pointer, value: item, specPath: ['spec'] }
    : { kind: 'pod', pointer, value: item };
}

// Keys that tell a Marathon or Metronome document from other JSON; generic ones (`version`, `labels`,
// `description`, `dependencies`, `name`) are left out so a package.json is not mistaken for an app.
const GENERIC_KEYS = new Set(['version', 'labels', 'description', 'dependencies', 'status', 'message', 'name']);
const DISTINCTIVE_KEYS = new Set(
  [
    ...Object.keys(appSchema.shape),
    ...Object.keys(podSchema.shape),
    ...Object.keys(groupSchema.shape),
    ...Object.keys(jobSchema.shape),
    ...POD_STATUS_FIELDS,
    'app',
    '*',
  ].filter((key) => !GENERIC_KEYS.has(key)),
);

/**
 * Why a document found while walking a directory is not a Marathon or Metronome document (so it is skipped
 * with a note rather than reported as broken), or `undefined` when it may be one.
 */
export function notMarathonReason(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    return value.length > 0 && value.every((item) => notMarathonReason(item) !== undefined)
      ? 'an array of non-Marathon objects'
      : undefined;
  }
  if (!isObject(value)) {
    return `a JSON ${value === null ? 'null' : typeof value}, not an object`;
  }
  if (
    '$schema' in value ||
    (isObject(value.properties) && (value.type === 'object' || Array.isArray(value.required)))
  ) {
    return 'a JSON Schema (e.g. a DC/OS package config.json)';
  }
  const keys = Object.keys(value);
  if (!keys.some((key) => DISTINCTIVE_KEYS.has(key))) {
    return `none of its keys (${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}) is a Marathon or Metronome field`;
  }
  return undefined;
}
