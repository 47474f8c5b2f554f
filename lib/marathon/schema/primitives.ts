import { z } from 'zod';

/**
 * Building blocks shared by the Marathon and Metronome schemas, transcribed from Marathon's RAML
 * (`stringTypes.raml`, `numberTypes.raml`, `label.raml`, `environmentVariable.raml`, `secrets.raml`,
 * `artifact.raml`, `constraint.raml`). Objects are strict: a key the schema does not know is reported as an
 * unknown field (a warning, never a reason to drop the definition).
 */

export const INT32_MAX = 2_147_483_647;

/** A JSON integer that fits Marathon's `format: int32`. */
export const int32 = () => z.number().int().max(INT32_MAX);
/** A JSON integer that fits Marathon's `format: int64` as far as JavaScript can represent it exactly. */
export const int64 = () => z.number().int();
/** A finite JSON number (`format: double`). */
export const double = () => z.number();

/** `numbers.Port`: 1..65535. */
export const port = () => z.number().int().min(1).max(65535);
/** `numbers.AnyPort`: 0..65535, where 0 asks Marathon to assign one. */
export const anyPort = () => z.number().int().min(0).max(65535);

/** `strings.PathId`; its syntax is checked separately so the message can name the offending segment. */
export const pathId = () => z.string().min(1);

/** `strings.Name`: a DNS-1123 label. */
export const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const name = () => z.string().min(1).max(63).regex(NAME_PATTERN);
/** `strings.LegacyName`: `Name` without the length limit older port names relied on. */
export const legacyName = () => z.string().min(1).regex(NAME_PATTERN);
/** `strings.NetworkName`: like `Name` but allowing underscores. */
export const networkName = () =>
  z
    .string()
    .min(1)
    .max(63)
    .regex(/^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$/);

export const readMode = () => z.enum(['RO', 'RW']);
export const networkProtocol = () => z.enum(['tcp', 'udp', 'udp,tcp']);
export const httpScheme = () => z.enum(['HTTP', 'HTTPS']);

/** `label.KVLabels`: string keys to string values. */
export const kvLabels = () => z.record(z.string(), z.string());

/** `EnvVarSecret`: an environment variable whose value comes from a declared secret. */
export const envVarSecret = () => z.strictObject({ secret: z.string().min(1) });
/** `LegacyEnvVars`: apps accept any variable name; values are strings or secret references. */
export const legacyEnvVars = () => z.record(z.string(), z.union([z.string(), envVarSecret()]));
/** `EnvVars` (pods): names must be shell-safe. */
export const envVars = () =>
  z.record(
    z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,253}$/, 'environment variable names must match [a-zA-Z_][a-zA-Z0-9_]*'),
    z.union([z.string(), envVarSecret()]),
  );

/** `secrets.Secrets`: named secret declarations; `source` is the path in the secret store. */
export const secrets = () => z.record(z.string(), z.strictObject({ source: z.string().min(1) }));

/** `artifact.Artifact`: a URI the Mesos fetcher downloads into the sandbox. */
export const artifact = () =>
  z.strictObject({
    uri: z.string().min(1).max(1024),
    extract: z.boolean().optional(),
    executable: z.boolean().optional(),
    cache: z.boolean().optional(),
    destPath: z.string().min(1).max(1024).optional(),
  });

export const CONSTRAINT_OPERATORS = ['UNIQUE', 'CLUSTER', 'GROUP_BY', 'LIKE', 'UNLIKE', 'MAX_PER', 'IS'] as const;
export type ConstraintOperator = (typeof CONSTRAINT_OPERATORS)[number];

/** `constraint.AppConstraint`: `[field, OPERATOR]` or `[field, OPERATOR, value]`. */
export const appConstraint = () => z.array(z.string()).min(2).max(3);

/** `constraint.Constraint` (pods): the object form of a constraint. */
export const objectConstraint = () =>
  z.strictObject({
    fieldName: z.string(),
    operator: z.string(),
    value: z.string().optional(),
  });

/** `killSelection.KillSelection`. */
/** `killSelection.KillSelection`; Marathon 1.4's RAML wrote `YoungestFirst` / `OldestFirst`, and some API responses still do. */
export const killSelection = () => z.enum(['YOUNGEST_FIRST', 'OLDEST_FIRST', 'YoungestFirst', 'OldestFirst']);

/** `unreachableStrategy.UnreachableStrategy`: `"disabled"` or the inactive/expunge timeouts. */
export const unreachableStrategy = () =>
  z.union([
    z.literal('disabled'),
    z.strictObject({
      inactiveAfterSeconds: int64().min(0).optional(),
      expungeAfterSeconds: int64().min(0).optional(),
    }),
  ]);

/** `resources.ResourceLimit`: a number, or `"unlimited"`. */
export const resourceLimit = () => z.union([z.literal('unlimited'), double().min(0)]);
export const resourceLimits = () =>
  z.strictObject({
    cpus: resourceLimit().optional(),
    mem: resourceLimit().optional(),
  });

/** `resources.ExecutorResources`. */
export const executorResources = () =>
  z.strictObject({
    cpus: double().min(0.1).optional(),
    mem: double().min(32).optional(),
    disk: double().min(10).optional(),
  });

/** `linux.LinuxInfo`. */
export const linuxInfo = () =>
  z.strictObject({
    seccomp: z
      .strictObject({
        profileName: z.string().optional(),
        unconfined: z.boolean().optional(),
      })
      .optional(),
    ipcInfo: z
      .strictObject({
        mode: z.enum(['PRIVATE', 'SHARE_PARENT']),
        shmSize: int32().min(0).optional(),
      })
      .optional(),
  });

/** `docker.DockerPullConfig`: the name of a secret holding a `~/.docker/config.json`. */
export const pullConfig = () => z.strictObject({ secret: z.string().min(1) });

/** `versionInfo.VersionInfo` (read-only, from API responses). */
export const versionInfo = () =>
  z.strictObject({
    lastScalingAt: z.string().optional(),
    lastConfigChangeAt: z.string().optional(),
  });

/** Read-only values the API adds; any shape is accepted because they are reported as ignored, never used. */
export const statusValue = () => z.unknown();
