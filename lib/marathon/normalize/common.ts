import { JsonPath } from '../../util/json-path';
import {
  Artifact,
  Constraint,
  ConstraintOperator,
  KillSelection,
  EnvValue,
  Network,
  NetworkMode,
  PersistentVolumeInfo,
  SecretDef,
  StringMap,
  UnreachableStrategy,
  UpgradeStrategy,
} from '../model/common';
import { ProvenanceRecorder } from '../provenance';

/** Marathon's defaults (RAML v1.11), in one place so the README and the normalizers agree. */
export const MARATHON_DEFAULTS = {
  instances: 1,
  cpus: 1,
  mem: 128,
  disk: 0,
  gpus: 0,
  backoffSeconds: 1,
  backoffFactor: 1.15,
  maxLaunchDelaySeconds: 300,
  killSelection: 'YOUNGEST_FIRST',
  upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
  residentUpgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 },
  unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 },
  healthCheck: {
    protocol: 'HTTP',
    gracePeriodSeconds: 300,
    intervalSeconds: 60,
    timeoutSeconds: 20,
    maxConsecutiveFailures: 3,
    delaySeconds: 15,
    ipProtocol: 'IPv4',
  },
  readinessCheck: {
    name: 'readinessCheck',
    protocol: 'HTTP',
    path: '/',
    portName: 'http-api',
    intervalSeconds: 30,
    timeoutSeconds: 10,
    httpStatusCodesForReady: [200],
    preserveLastResponse: false,
  },
  check: { intervalSeconds: 60, timeoutSeconds: 20, delaySeconds: 15 },
} as const;

export function stringMap(value: Record<string, string> | undefined): StringMap {
  return { ...(value ?? {}) };
}

export function envMap(value: Record<string, string | { secret: string }> | undefined): Record<string, EnvValue> {
  const env: Record<string, EnvValue> = {};
  for (const [key, entry] of Object.entries(value ?? {})) {
    env[key] = typeof entry === 'string' ? entry : { secret: entry.secret };
  }
  return env;
}

export function secretMap(value: Record<string, { source: string }> | undefined): Record<string, SecretDef> {
  const secrets: Record<string, SecretDef> = {};
  for (const [key, entry] of Object.entries(value ?? {})) {
    secrets[key] = { source: entry.source };
  }
  return secrets;
}

type ArtifactInput = { uri: string; extract?: boolean; executable?: boolean; cache?: boolean; destPath?: string };

export function artifactOf(input: ArtifactInput): Artifact {
  return {
    uri: input.uri,
    extract: input.extract ?? true,
    executable: input.executable ?? false,
    cache: input.cache ?? false,
    ...(input.destPath !== undefined ? { destPath: input.destPath } : {}),
  };
}

const EXTRACTABLE = ['.tar', '.tar.gz', '.tar.bz2', '.tar.xz', '.gz', '.tgz', '.tbz2', '.txz', '.zip'];

/** Marathon's `FetchUri.isExtract`: legacy `uris` are extracted when the URI path names an archive. */
export function isExtractableUri(uri: string): boolean {
  let path = uri;
  try {
    path = new URL(uri).pathname;
  } catch {
    path = uri.split(/[?#]/)[0];
  }
  return EXTRACTABLE.some((extension) => path.endsWith(extension));
}

/** App constraints are `[field, OPERATOR, value?]`; the model uses the object form pods already have. */
export function constraintFromArray(tuple: readonly string[], at: JsonPath, recorder: ProvenanceRecorder): Constraint {
  recorder.move([...at, 0], [...at, 'fieldName']);
  recorder.move([...at, 1], [...at, 'operator']);
  if (tuple.length > 2) {
    recorder.move([...at, 2], [...at, 'value']);
  }
  return {
    fieldName: tuple[0],
    operator: tuple[1] as ConstraintOperator,
    ...(tuple.length > 2 ? { value: tuple[2] } : {}),
  };
}

export function constraintFromObject(input: { fieldName: string; operator: string; value?: string }): Constraint {
  return {
    fieldName: input.fieldName,
    operator: input.operator as ConstraintOperator,
    ...(input.value !== undefined ? { value: input.value } : {}),
  };
}

type NetworkInput = { name?: string; mode?: NetworkMode; labels?: Record<string, string> };

/** A network as written; Marathon's RAML default mode is `container`. */
export function networkOf(input: NetworkInput): Network {
  return {
    mode: input.mode ?? 'container',
    ...(input.name !== undefined ? { name: input.name } : {}),
    labels: stringMap(input.labels),
  };
}

export function upgradeStrategyOf(
  input: { minimumHealthCapacity?: number; maximumOverCapacity?: number } | undefined,
  resident: boolean,
): UpgradeStrategy {
  const defaults = resident ? MARATHON_DEFAULTS.residentUpgradeStrategy : MARATHON_DEFAULTS.upgradeStrategy;
  return {
    minimumHealthCapacity: input?.minimumHealthCapacity ?? defaults.minimumHealthCapacity,
    maximumOverCapacity: input?.maximumOverCapacity ?? defaults.maximumOverCapacity,
  };
}

export function unreachableStrategyOf(
  input: 'disabled' | { inactiveAfterSeconds?: number; expungeAfterSeconds?: number } | undefined,
  resident: boolean,
): UnreachableStrategy {
  if (input === 'disabled') {
    return 'disabled';
  }
  if (input === undefined) {
    return resident ? 'disabled' : { ...MARATHON_DEFAULTS.unreachableStrategy };
  }
  return {
    inactiveAfterSeconds: input.inactiveAfterSeconds ?? MARATHON_DEFAULTS.unreachableStrategy.inactiveAfterSeconds,
    expungeAfterSeconds: input.expungeAfterSeconds ?? MARATHON_DEFAULTS.unreachableStrategy.expungeAfterSeconds,
  };
}

type PersistentInput = {
  type?: 'root' | 'path' | 'mount';
  size: number;
  maxSize?: number;
  profileName?: string;
  constraints?: string[][];
};

export function persistentInfoOf(
  input: PersistentInput,
  at: JsonPath,
  recorder: ProvenanceRecorder,
): PersistentVolumeInfo {
  return {
    ...(input.type !== undefined ? { type: input.type } : {}),
    size: input.size,
    ...(input.maxSize !== undefined ? { maxSize: input.maxSize } : {}),
    ...(input.profileName !== undefined ? { profileName: input.profileName } : {}),
    constraints: (input.constraints ?? []).map((tuple, i) =>
      constraintFromArray(tuple, [...at, 'constraints', i], recorder),
    ),
  };
}

/** Copies `key` into `target` only when it is defined, keeping normalized objects free of `undefined` members. */
export function definedEntries<T extends object>(entries: T): T {
  const result: Record<string, unknown> = {};
  for (const key in entries) {
    const value = entries[key];
    if (value !== undefined) {
      result[key] = value;
    }
  }
  return result as T;
}

/** The Marathon 1.4 spellings `YoungestFirst` / `OldestFirst` mean the same as today's enum values. */
export function killSelectionOf(value: string | undefined): KillSelection {
  if (value === 'YoungestFirst') {
    return 'YOUNGEST_FIRST';
  }
  if (value === 'OldestFirst') {
    return 'OLDEST_FIRST';
  }
  return (value as KillSelection | undefined) ?? MARATHON_DEFAULTS.killSelection;
}
