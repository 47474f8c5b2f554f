import { JsonPath } from '../util/json-path';
import { ResourceLimits } from '../marathon/model/common';
import { ResourceRequirements } from './kube';
import { Notes } from './notes';

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
export function cpuQuantity(cpus: number): string {
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
export function resourcesOf(
  input: ResourceInput,
  paths: ResourcePaths,
  dropCpuLimits: boolean,
  notes: Notes,
): ResourceRequirements {
  const requests: Record<string, string> = { cpu: cpuQuantity(input.cpus), memory: mebibytes(input.mem) };
  const limits: Record<string, string> = {};
  notes.translated(paths.cpus, `requests.cpu ${requests.cpu}`);
  notes.translated(paths.mem, `requests.memory ${requests.memory}`);

  const memLimit = input.limits?.mem;
  if (memLimit === 'unlimited') {
    notes.translated([...paths.limits, 'mem'], 'no memory limit');
  } else if (typeof memLimit === 'number') {
    limits.memory = mebibytes(memLimit);
    notes.translated([...paths.limits, 'mem'], `limits.memory ${limits.memory}`);
  } else {
    limits.memory = requests.memory;
  }

  const cpuLimit = input.limits?.cpus;
  if (cpuLimit === 'unlimited') {
    notes.translated([...paths.limits, 'cpus'], 'no CPU limit');
  } else if (typeof cpuLimit === 'number') {
    limits.cpu = cpuQuantity(cpuLimit);
    notes.translated([...paths.limits, 'cpus'], `limits.cpu ${limits.cpu}`);
  } else if (!dropCpuLimits) {
    limits.cpu = requests.cpu;
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
