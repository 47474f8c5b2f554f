import { WorkloadDemand } from '../../lib/capacity/demand';

/** A planner demand with no placement, GPUs or surge unless `extra` says so. */
export const demand = (
  name: string,
  replicas: number,
  cpuMillis: number,
  memoryMib: number,
  extra: Partial<WorkloadDemand> = {},
): WorkloadDemand => ({
  name,
  replicas,
  cpuMillis,
  memoryMib,
  gpus: 0,
  nodeSelector: {},
  tolerations: [],
  surge: 0,
  ...extra,
});
