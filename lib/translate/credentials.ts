import { JsonPath, formatPath } from '../marathon/json-path';
import { EnvVar } from './kube';
import { dnsLabel } from './naming';
import { SecretRequirement } from './report';
import { shellQuote } from './shell';

/*
 * Marathon definitions often carry credentials as plain values (`POSTGRES_PASSWORD: "password"`, a database URL
 * with `user:pass@`). Generated manifests are reviewed in pull requests and applied from CI, so no such value may
 * be written into them: each moves into a per-workload Secret the user creates (e.g. from AWS Secrets Manager),
 * and the container reads it from there.
 */

/** Names that say their value is a credential: `POSTGRES_PASSWORD`, `PGPASSWORD`, `MINIO_SECRET_KEY`, `api-token`. */
const CREDENTIAL_NAME = /(PASSWORD|PASSWD|PASSPHRASE|_PWD|^DB_?PASS|_PASS|SECRET|SECRET_?KEY(_BASE)?|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|_AUTH)$/;

/** Values that only switch something on or off are not credentials, whatever the name says. */
const FLAG_VALUE = /^(true|false|yes|no|on|off|enabled?|disabled?)$/i;

/** Credentials inside a longer value: `scheme://user:pass@host`, `?password=…`, `--password=…`, `DB_PASSWORD=…`. */
const CREDENTIAL_IN_TEXT: readonly RegExp[] = [
  /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]+:(?!\$)[^\s/@'"]+@/i,
  /[?&;](password|passwd|pwd|secret|token|api_?key|access_?key)=(?!\$)[^&\s'"]+/i,
  /--?(password|passwd|pass|requirepass|secret|token|api-?key)[= ](?![-$'"])\S+/i,
  /(^|[^A-Za-z0-9_])[A-Za-z0-9_]*(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|SECRET_?KEY)=(?![\s'"$])\S+/i,
];

export function isCredentialName(name: string): boolean {
  const upper = name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return upper !== 'PWD' && CREDENTIAL_NAME.test(upper);
}

/** Whether a plain value under `name` (if any) must not be written into a manifest. */
export function isCredential(value: string, name?: string): boolean {
  if (value === '' || FLAG_VALUE.test(value)) return false;
  return (name !== undefined && isCredentialName(name)) || (mayHoldCredential(value) && CREDENTIAL_IN_TEXT.some((pattern) => pattern.test(value)));
}

/** Every pattern needs `=`, `://…@` or a `-password`-like option: most text is ruled out without running them. */
function mayHoldCredential(text: string): boolean {
  return text.includes('=') || (text.includes('://') && text.includes('@')) || OPTION_HINT.test(text);
}

const OPTION_HINT = /-(?:pass|requirepass|secret|token|api)/i;

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
      for (let i = 2; this.takenKeys.has(key); i++) key = `${wanted}_${i}`;
      this.keys.set(at, key);
      this.takenKeys.add(key);
    }
    return { name: variable, valueFrom: { secretKeyRef: { name: this.secretName, key } } };
  }

  /** Like {@link envVar}, and adds the variable to `container`'s extra environment ({@link envFor}). */
  addEnv(container: string, variable: string, path: JsonPath): EnvVar {
    const envVar = this.envVar(variable, path);
    const list = this.env.get(container) ?? [];
    if (!list.some((existing) => existing.name === variable)) list.push(envVar);
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

/** A command line or argument holding a credential becomes `$(VAR)`, which the kubelet expands from the Secret. */
export function protectCommandText(text: string, container: string, variable: string, path: JsonPath, store: CredentialStore): string | undefined {
  if (!isCredential(text)) return undefined;
  store.addEnv(container, variable, path);
  return `$(${variable})`;
}

/**
 * A probe's exec command holding a credential: probes get no `$(VAR)` expansion, so a shell reads the moved
 * parts from the container's environment instead.
 */
export function protectProbeCommand(command: readonly string[], shellLine: boolean, container: string, variable: string, path: JsonPath, store: CredentialStore): string[] | undefined {
  if (!command.some((element) => isCredential(element))) return undefined;
  if (shellLine) {
    store.addEnv(container, variable, path);
    return ['/bin/sh', '-c', `eval "$${variable}"`];
  }
  const words = command.map((element, i) => {
    if (!isCredential(element)) return shellQuote(element);
    const name = `${variable}_${i}`;
    store.addEnv(container, name, [...path, i]);
    return `"$${name}"`;
  });
  return ['/bin/sh', '-c', `exec ${words.join(' ')}`];
}

/** Masks credentials inside free text (report notes quote values): `user:***@`, `password=***`, `--token ***`. */
export function redactCredentials(text: string): string {
  if (!mayHoldCredential(text)) return text;
  return text
    .replace(/((?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]+:)(?!\$)[^\s/@'"]+@/gi, '$1***@')
    .replace(/([?&;](?:password|passwd|pwd|secret|token|api_?key|access_?key)=)(?!\$)[^&\s'"]+/gi, '$1***')
    .replace(/(--?(?:password|passwd|pass|requirepass|secret|token|api-?key)[= ])(?![-$'"])\S+/gi, '$1***')
    .replace(/((?:^|[^A-Za-z0-9_])[A-Za-z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|SECRET_?KEY)=)(?![\s'"$*])[^\s&'"]+/gi, '$1***');
}
