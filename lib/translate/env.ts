import { JsonPath } from '../util/json-path';
import { envVarNameProblem } from '../validate/kube-syntax';
import { EnvValue, StringMap } from '../marathon/model/common';
import { isCredential } from './credentials';
import { EnvVar } from './kube';
import { labelVariable } from './labels';
import { SANDBOX } from './sandbox';
import { envName } from './ports';
import { SecretRequirement } from './requirements';
import { DefinitionScope } from './scope';
import { SecretDeclarations, declaredSecret } from './secrets';
import { noteRewrite, rewriteServiceNames } from './service-names';

/** What a container's environment needs: its variables and the Secrets they read. */
export interface EnvironmentResult {
  readonly env: EnvVar[];
  readonly secrets: SecretRequirement[];
}

/** An `env` / `environment` of a definition (or of a pod container), and the secrets it may refer to. */
export interface EnvironmentSource {
  readonly env: Readonly<Record<string, EnvValue>>;
  readonly at: JsonPath;
  readonly secrets: SecretDeclarations;
}

/**
 * The user's environment: literals (with DC/OS service names rewritten) and secret references (`secretKeyRef`
 * on the Secret `secretFor` names; the value never appears in the output).
 */
export function userEnvironment(scope: DefinitionScope, source: EnvironmentSource): EnvironmentResult {
  const { notes, credentials } = scope;
  const { env, at } = source;
  const result: EnvironmentResult = { env: [], secrets: [] };
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    const path = [...at, name];
    const problem = envVarNameProblem(name);
    if (problem !== undefined) {
      notes.unsupported(path, `${problem} in Kubernetes; rename it`);
      continue;
    }
    if (typeof value === 'string') {
      const rewrite = rewriteServiceNames(scope, value);
      if (isCredential(value, name)) {
        result.env.push(credentials.envVar(name, path));
        notes.approximated(path, credentials.noteFor(path, `env ${name} reads it`, rewrite.rewritten));
        continue;
      }
      result.env.push({ name, value: rewrite.text });
      noteRewrite(scope, path, rewrite, `env ${name}`);
      continue;
    }
    const secret = declaredSecret(scope, source.secrets, value.secret);
    if (!secret) {
      notes.unsupported(path, `refers to undeclared secret ${JSON.stringify(value.secret)}`);
      continue;
    }
    result.secrets.push(secret);
    result.env.push({ name, valueFrom: { secretKeyRef: { name: secret.name, key: secret.key } } });
    notes.translated(
      path,
      `env ${name} from Secret ${secret.name} (key ${secret.key}); create it from DC/OS secret ${secret.source}`,
    );
  }
  return result;
}

/** What Marathon put in every task's environment and apps read: ports, host, ids, resources, labels, sandbox. */
export interface InjectedEnvironment {
  readonly version?: string;
  readonly image?: string;
  readonly resources?: { readonly cpus: number; readonly mem: number; readonly disk: number; readonly gpus: number };
  /**
   * The labels apps read as `$MARATHON_APP_LABEL_<NAME>`, and where they are, to say which label a variable shared
   * by two labels comes from. The scope's hidden labels are not written.
   */
  readonly labels?: { readonly values: StringMap; readonly at: JsonPath };
  readonly hostNetwork: boolean;
  /** Pods name their ports `ENDPOINT_<NAME>` instead of `PORTn`. */
  readonly endpoints: boolean;
}

/** The environment Marathon injected, for the scope's definition: its id and its ports as the estate decided them. */
export function marathonEnvironment(scope: DefinitionScope, input: InjectedEnvironment): EnvVar[] {
  const ports = scope.ports;
  const env: EnvVar[] = [];
  const add = (name: string, value: string) => env.push({ name, value });
  if (input.endpoints) {
    for (const port of ports) {
      add(`ENDPOINT_${envName(port.marathonName)}`, String(port.containerPort));
    }
  } else if (ports.length > 0) {
    ports.forEach((port) => add(`PORT${port.index}`, String(port.containerPort)));
    add('PORT', String(ports[0].containerPort));
    add('PORTS', ports.map((port) => port.containerPort).join(','));
    for (const port of ports) {
      if (port.marathonName) {
        add(`PORT_${envName(port.marathonName)}`, String(port.containerPort));
      }
    }
  }
  env.push({
    name: 'HOST',
    valueFrom: { fieldRef: { fieldPath: input.hostNetwork ? 'status.hostIP' : 'status.podIP' } },
  });
  env.push({ name: 'MESOS_TASK_ID', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
  add('MESOS_SANDBOX', SANDBOX);
  add('MARATHON_APP_ID', scope.definition.spec.id);
  if (input.version !== undefined) {
    add('MARATHON_APP_VERSION', input.version);
  }
  if (input.image !== undefined) {
    add('MARATHON_APP_DOCKER_IMAGE', input.image);
  }
  if (input.resources) {
    add('MARATHON_APP_RESOURCE_CPUS', String(input.resources.cpus));
    add('MARATHON_APP_RESOURCE_MEM', String(input.resources.mem));
    add('MARATHON_APP_RESOURCE_DISK', String(input.resources.disk));
    add('MARATHON_APP_RESOURCE_GPUS', String(input.resources.gpus));
  }
  if (input.labels) {
    const labels = input.labels.values;
    const names = Object.keys(labels)
      .filter((key) => labelVariable(key) !== undefined)
      .sort();
    add('MARATHON_APP_LABELS', names.join(' '));
    // Hidden labels are not written: credentials come from the credentials Secret, package blobs not at all.
    for (const key of labelVariableOwners(scope, input.labels)) {
      if (!scope.hiddenLabels.has(key)) {
        add(labelVariable(key) as string, labels[key]);
      }
    }
  }
  return env;
}

/**
 * The label each `MARATHON_APP_LABEL_<NAME>` comes from. Marathon upper-cases label names, so `null` and `NULL` both
 * make `MARATHON_APP_LABEL_NULL`; its environment is a map, where the label written later replaces the earlier one.
 */
function labelVariableOwners(scope: DefinitionScope, labels: NonNullable<InjectedEnvironment['labels']>): string[] {
  const owners = new Map<string, string>();
  for (const key of Object.keys(labels.values)) {
    const variable = labelVariable(key);
    if (variable === undefined) {
      continue;
    }
    const earlier = owners.get(variable);
    if (earlier !== undefined) {
      scope.notes.approximated(
        [...labels.at, earlier],
        `$${variable} is also made by label ${JSON.stringify(key)}, written later, whose value it holds (as on Marathon)`,
      );
    }
    owners.set(variable, key);
  }
  return [...owners.values()].sort();
}

/**
 * Marathon's variables first, then the user's, which win where both define a name (as on Marathon); within each list
 * the later definition wins too (Docker's repeated `--env`), so every name is set once.
 */
export function mergeEnvironment(injected: readonly EnvVar[], user: readonly EnvVar[]): EnvVar[] {
  const all = [...injected, ...user];
  const last = new Map(all.map((variable, i) => [variable.name, i]));
  return all.filter((variable, i) => last.get(variable.name) === i);
}
