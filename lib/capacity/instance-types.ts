import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../util/package-root';

/** One EC2 instance type, as the capacity data describes it (data/capacity/SOURCES.md). */
export interface InstanceType {
  readonly name: string;
  readonly vcpu: number;
  readonly memoryMib: number;
  readonly arch: 'amd64' | 'arm64';
  readonly gpus: number;
  /** Pods the EKS AMI allows (ENI formula, no prefix delegation); undefined when the AMI does not list the type. */
  readonly maxPods?: number;
  readonly kubeReservedCpuMillicores?: number;
  readonly kubeReservedMemoryMib?: number;
  readonly evictionHardMemoryMib?: number;
  /** On-demand Linux price in us-east-1; undefined for the few types without one. */
  readonly usdPerHour?: number;
}

export const INSTANCE_DATA_FILE = 'data/capacity/instance_types_us-east-1.tsv';

/** When the shipped prices were generated (data/capacity/SOURCES.md): an estimate, not a quote. */
export const PRICES_DATE = '2026-07-20';

let cached: ReadonlyMap<string, InstanceType> | undefined;

/** The instance table shipped with the package, by type name (`m6i.large`). */
export function instanceTypes(): ReadonlyMap<string, InstanceType> {
  cached ??= parseInstanceTable(
    fs.readFileSync(path.join(packageRoot(INSTANCE_DATA_FILE), INSTANCE_DATA_FILE), 'utf8'),
  );
  return cached;
}

function parseInstanceTable(tsv: string): Map<string, InstanceType> {
  const [header, ...rows] = tsv.trim().split('\n');
  const columns = header.split('\t');
  const at = (name: string) => {
    const index = columns.indexOf(name);
    if (index === -1) {
      throw new Error(`instance table has no column ${name}`);
    }
    return index;
  };
  const number = (cells: string[], name: string) =>
    cells[at(name)] === '' || cells[at(name)] === undefined ? undefined : Number(cells[at(name)]);
  const table = new Map<string, InstanceType>();
  for (const row of rows) {
    const cells = row.split('\t');
    const name = cells[at('instance_type')];
    table.set(name, {
      name,
      vcpu: number(cells, 'vcpu') ?? 0,
      memoryMib: number(cells, 'memory_mib') ?? 0,
      arch: cells[at('arch')] === 'arm64' ? 'arm64' : 'amd64',
      gpus: number(cells, 'gpu_count') ?? 0,
      maxPods: number(cells, 'eks_ami_max_pods'),
      kubeReservedCpuMillicores: number(cells, 'eks_ami_kube_reserved_cpu_m'),
      kubeReservedMemoryMib: number(cells, 'eks_ami_kube_reserved_mem_mib'),
      evictionHardMemoryMib: number(cells, 'eks_ami_eviction_hard_mem_mib'),
      usdPerHour: number(cells, 'usd_per_hour_us_east_1'),
    });
  }
  return table;
}
