import { Problems, recordOf } from './kube-problem';
import { qualifiedNameProblem } from './kube-syntax';

/**
 * StorageClass rules of kubernetes/kubernetes pkg/apis/storage/validation/validation.go (validateProvisioner,
 * validateParameters) that kubernetes-models' schema does not carry.
 */

/** maxProvisionerParameterLen and maxProvisionerParameterSize of validation.go. */
const MAX_PARAMETERS = 512;
const MAX_PARAMETERS_BYTES = 256 * 1024;

/** Checks that apply to a StorageClass. */
export function checkStorageClass(object: Record<string, unknown>, problems: Problems): void {
  const { provisioner } = object;
  if (typeof provisioner === 'string') {
    // The API server lowercases the provisioner first, as it does annotation keys.
    const problem = provisioner === '' ? 'must not be empty' : qualifiedNameProblem(provisioner.toLowerCase());
    if (problem !== undefined) {
      problems.add(['provisioner'], provisioner === '' ? problem : `provisioner ${problem}`);
    }
  }
  const parameters = recordOf(object.parameters);
  if (parameters === undefined) {
    return;
  }
  const keys = Object.keys(parameters);
  if (keys.length > MAX_PARAMETERS) {
    problems.add(['parameters'], `has ${keys.length} parameters; Kubernetes allows at most ${MAX_PARAMETERS}`);
  }
  let size = 0;
  for (const key of keys) {
    if (key === '') {
      problems.add(['parameters', key], 'a parameter name must not be empty');
    }
    const value = parameters[key];
    size += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (size > MAX_PARAMETERS_BYTES) {
    problems.add(
      ['parameters'],
      `parameters total ${size} bytes; Kubernetes allows at most ${MAX_PARAMETERS_BYTES} (256 KiB)`,
    );
  }
}
