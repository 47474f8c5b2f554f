import { JsonPath, formatPath } from '../util/json-path';
import { EnvVar } from './kube';
import { dnsLabel } from './naming';
import { SecretRequirement } from './requirements';
import { shellQuote } from './shell';
import { isCredential } from '../util/credential-rules';

export { isCredential, isCredentialName, redactCredentials } from '../util/credential-rules';

/*
 * Marathon definitions often carry credentials as plain values (`POSTGRES_PASSWORD: "password"`, a database URL
 * with `user:pass@`). Generated manifests are reviewed in pull requests and applied from CI, so no such value may
 * be written into them: each moves into a per-workload Secret the user creates (e.g. from AWS Secrets Manager),
 * and the container reads it from there.
 */

/**
 * The credentials of one workload: plain values from its definition that go into one Secret (`<name>-credentials`),
 * one key per input field, and the environment variables through which each container reads them.
 */
export class CredentialStore {
  readonly secretName: string;
  private readonly keys = new Map<string, string>();
  private readonly takenKeys = new Set<string>();
  private readonly env = new Map<string, EnvVar[]>();

  constructor(
    private readonly namespace: string,
    workloadName: string,
    /** `app /shop/db`: where the user finds the values to put in the Secret. */
    private readonly definition: string,
  ) {
    this.secretName = dnsLabel(`${workloadName}-credentials`, 63);
  }

  /**
   * An environment variable `variable` that reads the value at `path` from the Secret. The same input field read
   * by several containers or variables uses one key.
   */
  envVar(variable: string, path: JsonPath): EnvVar {
    const at = formatPath(path);
    let key = this.keys.get(at);
    if (key === undefined) {
      const wanted = variable.replace(/[^-._a-zA-Z0-9]/g, '_');
      key = wanted;
      for (let i = 2; this.takenKeys.has(key); i++) {
        key = `${wanted}_${i}`;
      }
      this.keys.set(at, key);
      this.takenKeys.add(key);
    }
    return { name: variable, valueFrom: { secretKeyRef: { name: this.secretName, key } } };
  }

  /** Like {@link envVar}, and adds the variable to `container`'s extra environment ({@link envFor}). */
  addEnv(container: string, variable: string, path: JsonPath): EnvVar {
    const envVar = this.envVar(variable, path);
    const list = this.env.get(container) ?? [];
    if (!list.some((existing) => existing.name === variable)) {
      list.push(envVar);
    }
    this.env.set(container, list);
    return envVar;
  }

  /** Variables a container needs for credentials moved out of its command, probes, labels or fetch URIs. */
  envFor(container: string): EnvVar[] {
    return this.env.get(container) ?? [];
  }

  /** The Secret keys the user must create, each saying which input field holds the value. */
  requirements(): SecretRequirement[] {
    return [...this.keys].map(([path, key]) => ({
      namespace: this.namespace,
      name: this.secretName,
      key,
      source: `${this.definition}: ${path}`,
      origin: 'marathon-definition',
      type: 'Opaque',
    }));
  }

  /** What the report says about a moved value; `replacements` are DC/OS names the user must rewrite in it by hand. */
  noteFor(path: JsonPath, how: string, replacements: readonly string[] = []): string {
    const note = `looks like a credential, so its value is not written into the manifests: ${how} from Secret ${this.secretName} (key ${this.keys.get(formatPath(path))}); create it with the value from the Marathon definition`;
    return replacements.length > 0 ? `${note}; in the value, replace ${replacements.join(', ')}` : note;
  }
}

/** Where a credential moved out of a command goes: the container that reads it, as which variable, from which field. */
export interface CredentialTarget {
  readonly container: string;
  readonly variable: string;
  readonly path: JsonPath;
}

/** A command line or argument holding a credential becomes `$(VAR)`, which the kubelet expands from the Secret. */
export function protectCommandText(store: CredentialStore, text: string, target: CredentialTarget): string | undefined {
  if (!isCredential(text)) {
    return undefined;
  }
  store.addEnv(target.container, target.variable, target.path);
  return `$(${target.variable})`;
}

/**
 * A probe's exec command holding a credential: probes get no `$(VAR)` expansion, so a shell reads the moved
 * parts from the container's environment instead.
 */
export function protectProbeCommand(
  store: CredentialStore,
  command: readonly string[],
  shellLine: boolean,
  target: CredentialTarget,
): string[] | undefined {
  if (!command.some((element) => isCredential(element))) {
    return undefined;
  }
  const { container, variable, path } = target;
  if (shellLine) {
    store.addEnv(container, variable, path);
    return ['/bin/sh', '-c', `eval "$${variable}"`];
  }
  const words = command.map((element, i) => {
    if (!isCredential(element)) {
      return shellQuote(element);
    }
    const name = `${variable}_${i}`;
    store.addEnv(container, name, [...path, i]);
    return `"$${name}"`;
  });
  return ['/bin/sh', '-c', `exec ${words.join(' ')}`];
}
