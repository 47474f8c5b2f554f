import { SecretRequirement } from './requirements';

/**
 * The External Secrets Operator objects of migrated workloads, as plain manifests: which Secrets Manager secret each
 * Kubernetes Secret of the migration report is read from. Pure, so that CloudFormation delivery (lib/eks) and the
 * gitops layout of `convert` (which commits the ExternalSecrets to Git) make the same objects.
 */

/** The SecretStore every namespace of migrated workloads has, reading only that namespace's secrets. */
export const SECRET_STORE = 'aws-secrets-manager';
/** The ClusterSecretStore of the platform's own secrets, usable only from the platform namespaces. */
export const PLATFORM_SECRET_STORE = 'platform-secrets';

/** One key of a Kubernetes Secret, read from AWS Secrets Manager. */
export interface SecretKeySource {
  /** The key in the Kubernetes Secret. */
  readonly secretKey: string;
  /** The Secrets Manager secret name. */
  readonly remoteKey: string;
  /** A property of a JSON secret. @default the whole secret string */
  readonly property?: string;
}

/** The SecretStore of a namespace, reading Secrets Manager in `region` as `roleArn`. */
export function secretStoreObject(namespace: string, region: string, roleArn: string): SecretStoreObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'SecretStore',
    metadata: { name: SECRET_STORE, namespace },
    spec: { provider: { aws: { service: 'SecretsManager', region, role: roleArn } } },
  };
}

/** A SecretStore object, ready for a manifest. */
export interface SecretStoreObject {
  readonly apiVersion: 'external-secrets.io/v1';
  readonly kind: 'SecretStore';
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: Record<string, unknown>;
}

/** An ExternalSecret object, ready for a manifest. */
export interface ExternalSecretObject {
  readonly apiVersion: 'external-secrets.io/v1';
  readonly kind: 'ExternalSecret';
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: Record<string, unknown>;
}

/** Which store an ExternalSecret reads through. */
export type StoreRef =
  | { readonly kind: 'SecretStore'; readonly name: typeof SECRET_STORE }
  | { readonly kind: 'ClusterSecretStore'; readonly name: typeof PLATFORM_SECRET_STORE };

/** The store of a workload namespace. */
export const NAMESPACE_STORE: StoreRef = { kind: 'SecretStore', name: SECRET_STORE };
/** The platform's store. */
export const PLATFORM_STORE: StoreRef = { kind: 'ClusterSecretStore', name: PLATFORM_SECRET_STORE };

/** Options of {@link externalSecret}. */
export interface ExternalSecretObjectOptions {
  /** The type of the Kubernetes Secret it makes. @default 'Opaque' */
  readonly type?: 'Opaque' | 'kubernetes.io/dockerconfigjson';
  /** The store it reads through. @default NAMESPACE_STORE, the SecretStore of its namespace */
  readonly store?: StoreRef;
}

/** An ExternalSecret that makes the Kubernetes Secret `namespace/name` from Secrets Manager. */
export function externalSecret(
  namespace: string,
  name: string,
  sources: readonly SecretKeySource[],
  options: ExternalSecretObjectOptions = {},
): ExternalSecretObject {
  const type = options.type ?? 'Opaque';
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { ...(options.store ?? NAMESPACE_STORE) },
      target: { name, creationPolicy: 'Owner', ...(type !== 'Opaque' ? { template: { type } } : {}) },
      data: sources.map((source) => ({
        secretKey: source.secretKey,
        remoteRef: { key: source.remoteKey, ...(source.property !== undefined ? { property: source.property } : {}) },
      })),
    },
  };
}

/**
 * ExternalSecrets for the Secrets a migration report lists. A DC/OS secret `shop/db/password` is read from the
 * Secrets Manager secret `<prefix>shop/db/password`; the credentials moved out of a definition into
 * `<namespace>/<name>-credentials` from the JSON secret `<prefix><namespace>/<name>`, one property per key.
 */
export function secretSync(
  requirements: readonly SecretRequirement[],
  prefix: string,
): { objects: Map<string, ExternalSecretObject>; remote: Map<string, string>; byNamespace: Map<string, string[]> } {
  const bySecret = new Map<
    string,
    { namespace: string; name: string; type: SecretRequirement['type']; sources: SecretKeySource[] }
  >();
  const dcosSecrets = new Map<string, string>();
  const jsonSecrets = new Map<string, string[]>();
  for (const requirement of requirements) {
    const id = `${requirement.namespace}/${requirement.name}`;
    const entry = bySecret.get(id) ?? {
      namespace: requirement.namespace,
      name: requirement.name,
      type: requirement.type,
      sources: [],
    };
    bySecret.set(id, entry);
    if (requirement.origin === 'dcos-secret-store') {
      const remoteKey = `${prefix}${requirement.source}`;
      entry.sources.push({ secretKey: requirement.key, remoteKey });
      dcosSecrets.set(remoteKey, requirement.source);
    } else {
      const remoteKey = `${prefix}${id}`;
      entry.sources.push({ secretKey: requirement.key, remoteKey, property: requirement.key });
      jsonSecrets.set(remoteKey, [...(jsonSecrets.get(remoteKey) ?? []), requirement.key]);
    }
  }
  const remote = new Map<string, string>();
  for (const [remoteKey, source] of dcosSecrets) {
    remote.set(remoteKey, `the value of DC/OS secret ${source}`);
  }
  for (const [remoteKey, keys] of jsonSecrets) {
    remote.set(remoteKey, `a JSON object with ${keys.join(', ')}: the values from the Marathon definitions`);
  }
  const objects = new Map<string, ExternalSecretObject>();
  for (const [id, entry] of [...bySecret.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    objects.set(`secret/${id}`, externalSecret(entry.namespace, entry.name, entry.sources, { type: entry.type }));
  }
  // What each namespace's store may read: the Secrets Manager names its ExternalSecrets ask for.
  const byNamespace = new Map<string, string[]>();
  for (const entry of [...bySecret.values()].sort((a, b) =>
    a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0,
  )) {
    const names = byNamespace.get(entry.namespace) ?? [];
    for (const source of entry.sources) {
      if (!names.includes(source.remoteKey)) {
        names.push(source.remoteKey);
      }
    }
    byNamespace.set(entry.namespace, names.sort());
  }
  return {
    objects,
    remote: new Map([...remote.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    byNamespace,
  };
}
