import { JsonPath } from '../util/json-path';
import { SecretDef } from '../marathon/model/common';
import { Volume, VolumeMount } from './kube';
import { dnsLabel } from './naming';
import { SecretRequirement } from './requirements';
import { DefinitionScope } from './scope';

/*
 * DC/OS secrets: a definition declares them under `secrets` (name → secret-store path) and refers to them by name
 * from its environment, volumes and image pull config. Each becomes a Kubernetes Secret the user creates from the
 * DC/OS secret store; the manifests only refer to it.
 */

/** A definition's `secrets`: declared name → DC/OS secret. */
export type SecretDeclarations = Readonly<Record<string, SecretDef>>;

/** The key a DC/OS secret's value is under in its Kubernetes Secret (volumes mount it by this key). */
export const SECRET_VALUE_KEY = 'value';

/** The Kubernetes Secret that holds a DC/OS secret: one Secret per secret-store path, its value under `value`. */
export function secretFor(
  source: string,
  namespace: string,
  type: SecretRequirement['type'] = 'Opaque',
): SecretRequirement {
  return {
    namespace,
    name: dnsLabel(source.replace(/\//g, '-'), 63),
    key: type === 'Opaque' ? SECRET_VALUE_KEY : '.dockerconfigjson',
    origin: 'dcos-secret-store',
    source,
    type,
  };
}

/** The Secret of the secret declared as `name`, or undefined when the definition declares none by that name. */
export function declaredSecret(
  scope: DefinitionScope,
  declarations: SecretDeclarations,
  name: string,
  type: SecretRequirement['type'] = 'Opaque',
): SecretRequirement | undefined {
  const declared = declarations[name];
  return declared ? secretFor(declared.source, scope.namespace, type) : undefined;
}

/** The dockerconfigjson Secret an image's `pullConfig` names, when the definition declares it. */
export function pullSecretOf(
  scope: DefinitionScope,
  pullConfig: { readonly secret: string } | undefined,
  declarations: SecretDeclarations,
): SecretRequirement | undefined {
  return pullConfig
    ? declaredSecret(scope, declarations, pullConfig.secret, 'kubernetes.io/dockerconfigjson')
    : undefined;
}

/** The pod's `imagePullSecrets`: the dockerconfigjson Secrets among the workload's. */
export function pullSecretNames(secrets: readonly SecretRequirement[]): string[] {
  return secrets.filter((secret) => secret.type === 'kubernetes.io/dockerconfigjson').map((secret) => secret.name);
}

/** A volume that refers to a declared secret. */
export interface SecretVolumeRef {
  readonly secret: string;
  readonly at: JsonPath;
  /** The name of the volume in the pod. */
  readonly volume: string;
}

/** The pod volume of a declared secret and its Secret; an undeclared one is reported and gets no volume. */
export function secretVolume(
  scope: DefinitionScope,
  ref: SecretVolumeRef,
  declarations: SecretDeclarations,
): { volume: Volume; secret: SecretRequirement } | undefined {
  const secret = declaredSecret(scope, declarations, ref.secret);
  if (!secret) {
    scope.notes.unsupported(ref.at, `secret ${ref.secret} is not declared`);
    return undefined;
  }
  return { volume: { name: ref.volume, secret: { secretName: secret.name } }, secret };
}

/** A secret's value as one read-only file (apps and jobs name the file; pods mount the volume themselves). */
export function secretFileMount(volume: Volume, mountPath: string, secret: SecretRequirement): VolumeMount {
  return { name: volume.name, mountPath, subPath: secret.key, readOnly: true };
}

/** Reports each declared secret with the Secret that stands for it. */
export function secretDeclarations(scope: DefinitionScope, declarations: SecretDeclarations, at: JsonPath): void {
  for (const name of Object.keys(declarations)) {
    scope.notes.translated(
      [...at, name],
      `DC/OS secret ${declarations[name].source} → Kubernetes Secret ${secretFor(declarations[name].source, scope.namespace).name}`,
    );
  }
}
