import { JsonPath } from '../util/json-path';
import { ResourceLimits } from '../marathon/model/common';
import { ResourceRequirements } from './kube';
import { DefinitionScope } from './scope';

export interface ResourceInput {
  readonly cpus: number;
  readonly mem: number;
  readonly disk: number;
  readonly gpus: number;
  readonly limits?: ResourceLimits;
}

/** Paths of each resource field in the normalized definition (they differ between apps, pod containers and jobs). */
export interface ResourcePaths {
  readonly cpus: JsonPath;
  readonly mem: JsonPath;
  readonly disk: JsonPath;
  readonly gpus: JsonPath;
  readonly limits: JsonPath;
}

/** `0.25` CPUs → `250m` (Marathon's minimum, 0.001, is exactly `1m`). */
function cpuQuantity(cpus: number): string {
  const millis = Math.max(1, Math.round(cpus * 1000));
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Marathon's MiB → a Kubernetes quantity in Mi (three decimals at most). */
export function mebibytes(mib: number): string {
  return `${Number(mib.toFixed(3))}Mi`;
}

/**
 * Requests from `cpus`/`mem`/`disk`/`gpus`; limits as Mesos enforced them: memory always (the OOM killer),
 * CPU as a CFS quota unless `dropCpuLimits`, GPUs as a limit; `resourceLimits` raise or lift them.
 */
export function resourcesOf(scope: DefinitionScope, input: ResourceInput, paths: ResourcePaths): ResourceRequirements {
  const { notes } = scope;
  const { dropCpuLimits } = scope.options;
  const requests: Record<string, string> = { cpu: cpuQuantity(input.cpus), memory: mebibytes(input.mem) };
  const limits: Record<string, string> = {};
  notes.translated(paths.cpus, `requests.cpu ${requests.cpu}`);
  notes.translated(paths.mem, `requests.memory ${requests.memory}`);

  const memory = limitOf(scope, input.limits?.mem, {
    at: [...paths.limits, 'mem'],
    key: 'memory',
    unlimited: 'no memory limit',
    quantity: mebibytes,
    otherwise: requests.memory,
  });
  if (memory !== undefined) {
    limits.memory = memory;
  }
  const cpu = limitOf(scope, input.limits?.cpus, {
    at: [...paths.limits, 'cpus'],
    key: 'cpu',
    unlimited: 'no CPU limit',
    quantity: cpuQuantity,
    otherwise: dropCpuLimits ? undefined : requests.cpu,
  });
  if (cpu !== undefined) {
    limits.cpu = cpu;
  }

  if (input.disk > 0) {
    requests['ephemeral-storage'] = mebibytes(input.disk);
    notes.translated(paths.disk, `requests.ephemeral-storage ${requests['ephemeral-storage']}`);
  } else {
    notes.translated(paths.disk, 'no disk requested');
  }
  if (input.gpus > 0) {
    limits['nvidia.com/gpu'] = String(input.gpus);
    notes.approximated(paths.gpus, `limits nvidia.com/gpu ${input.gpus}; the nodes need the NVIDIA device plugin`);
  } else {
    notes.translated(paths.gpus, 'no GPUs');
  }
  return Object.keys(limits).length > 0 ? { requests, limits } : { requests };
}

/** How one `resourceLimits` field reads. */
interface LimitField {
  readonly at: JsonPath;
  /** The Kubernetes resource name (`limits.<key>`). */
  readonly key: string;
  /** The report line of `"unlimited"`. */
  readonly unlimited: string;
  readonly quantity: (value: number) => string;
  /** The limit when `resourceLimits` does not set one (Mesos enforced the request). */
  readonly otherwise: string | undefined;
}

/** A `resourceLimits` value: a number raises the limit, `"unlimited"` lifts it; left out, the request is the limit. */
function limitOf(
  scope: DefinitionScope,
  value: number | 'unlimited' | undefined,
  field: LimitField,
): string | undefined {
  if (value === 'unlimited') {
    scope.notes.translated(field.at, field.unlimited);
    return undefined;
  }
  if (typeof value === 'number') {
    const limit = field.quantity(value);
    scope.notes.translated(field.at, `limits.${field.key} ${limit}`);
    return limit;
  }
  return field.otherwise;
}
