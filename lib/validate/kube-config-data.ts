import { quote } from '../util/describe';
import { Problems, recordOf } from './kube-problem';
import { configMapKeyProblem } from './kube-syntax';

/** ConfigMap and Secret data: key syntax (keys become file names when mounted), size, and typed Secrets' keys. */

/** Kubernetes' MaxSecretSize, which bounds ConfigMaps too. */
const MAX_DATA_BYTES = 1024 * 1024;

/** Keys the API server requires for typed Secrets (in data or stringData). */
const REQUIRED_SECRET_KEYS: Readonly<Record<string, readonly string[]>> = {
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/service-account-token': [],
};

/** Checks that apply to a ConfigMap. */
export function checkConfigMap(object: Record<string, unknown>, problems: Problems): void {
  const data = recordOf(object.data) ?? {};
  const binary = recordOf(object.binaryData) ?? {};
  let size = checkKeys(data, 'data', problems, textBytes) + checkKeys(binary, 'binaryData', problems, base64Bytes);
  for (const key of Object.keys(binary)) {
    if (Object.prototype.hasOwnProperty.call(data, key)) {
      problems.add(['binaryData', key], `key ${quote(key)} is also in data; a key may appear in only one`);
    }
  }
  size = Math.round(size);
  if (size > MAX_DATA_BYTES) {
    problems.add(['data'], `ConfigMap data totals ${size} bytes; Kubernetes allows at most ${MAX_DATA_BYTES} (1 MiB)`);
  }
}

/** Checks that apply to a Secret. */
export function checkSecret(object: Record<string, unknown>, problems: Problems): void {
  const data = recordOf(object.data) ?? {};
  const stringData = recordOf(object.stringData) ?? {};
  const size = Math.round(
    checkKeys(data, 'data', problems, base64Bytes) + checkKeys(stringData, 'stringData', problems, textBytes),
  );
  if (size > MAX_DATA_BYTES) {
    problems.add(['data'], `Secret data totals ${size} bytes; Kubernetes allows at most ${MAX_DATA_BYTES} (1 MiB)`);
  }
  const type = typeof object.type === 'string' ? object.type : 'Opaque';
  for (const key of REQUIRED_SECRET_KEYS[type] ?? []) {
    if (!(key in data) && !(key in stringData)) {
      problems.add(['data'], `a Secret of type ${quote(type)} needs the key ${quote(key)}`);
    }
  }
}

/** Checks every key's syntax; returns the values' total size in bytes. */
function checkKeys(
  values: Record<string, unknown>,
  field: string,
  problems: Problems,
  bytes: (value: string) => number,
): number {
  let size = 0;
  for (const [key, value] of Object.entries(values)) {
    const problem = configMapKeyProblem(key);
    if (problem !== undefined) {
      problems.add([field, key], problem);
    }
    if (typeof value === 'string') {
      size += bytes(value);
    }
  }
  return size;
}

function textBytes(value: string): number {
  return Buffer.byteLength(value);
}

function base64Bytes(value: string): number {
  return (value.length * 3) / 4;
}
