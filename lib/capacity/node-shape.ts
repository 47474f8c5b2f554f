import { InstanceType, instanceTypes } from './instance-types';

/** What a node of one instance type offers pods, after the EKS AMI's reservations and the DaemonSets. */
export interface NodeShape {
  readonly instanceType: string;
  readonly arch: 'amd64' | 'arm64';
  readonly cpuMillis: number;
  readonly memoryMib: number;
  readonly gpus: number;
  /** Pods the kubelet accepts, less the DaemonSets' pods. */
  readonly pods: number;
  readonly usdPerHour: number;
}

/** What the DaemonSets take on every node. */
export interface DaemonSetOverhead {
  readonly cpuMillis: number;
  readonly memoryMib: number;
  readonly pods: number;
}

/**
 * The EksEnvironment's DaemonSets: aws-node (VPC CNI, 25m), kube-proxy (100m), ebs-csi-node (3 containers, 30m /
 * 104Mi: aws-ebs-csi-driver v1.64.0 chart values), eks-pod-identity-agent and prometheus-node-exporter (their charts
 * set no requests, so 25m / 64Mi and 50m / 64Mi are kept free for what they use), rounded up.
 */
export const DEFAULT_DAEMONSET_OVERHEAD: DaemonSetOverhead = { cpuMillis: 250, memoryMib: 320, pods: 5 };

/** Instance families the planner considers by default: current x86 general purpose, compute and memory optimised. */
export const DEFAULT_FAMILIES: readonly string[] = [
  'm6i',
  'm7i',
  'm6a',
  'm7a',
  'c6i',
  'c7i',
  'c6a',
  'c7a',
  'r6i',
  'r7i',
  'r6a',
  'r7a',
];

/** Families for pods that request GPUs: NVIDIA instances on the EKS AL2023 NVIDIA AMI. */
export const DEFAULT_GPU_FAMILIES: readonly string[] = ['g4dn', 'g5', 'g6', 'g6e'];

/** The share of memory the hypervisor and OS keep (Karpenter's default vmMemoryOverheadPercent). */
const VM_MEMORY_OVERHEAD = 0.075;

export interface NodeShapeOptions {
  /** Max pods with VPC CNI prefix delegation (110 below 30 vCPUs, 250 above) instead of the ENI formula. @default false */
  readonly prefixDelegation?: boolean;
  /** What the DaemonSets on every node request, taken from each node before pods are placed. @default DEFAULT_DAEMONSET_OVERHEAD */
  readonly daemonSets?: DaemonSetOverhead;
  /** Prices that replace the table's ($/hour by instance type). @default none */
  readonly prices?: ReadonlyMap<string, number>;
}

/** A node shape for an instance type, or undefined when the type has no price or no max-pods figure. */
export function nodeShape(type: InstanceType, options: NodeShapeOptions = {}): NodeShape | undefined {
  const price = options.prices?.get(type.name) ?? type.usdPerHour;
  if (price === undefined || type.maxPods === undefined) {
    return undefined;
  }
  const overhead = options.daemonSets ?? DEFAULT_DAEMONSET_OVERHEAD;
  const maxPods = options.prefixDelegation ? (type.vcpu < 30 ? 110 : 250) : type.maxPods;
  // nodeadm: kube-reserved memory 11 MiB per pod + 255 MiB, eviction at 100 MiB free.
  const reservedMemory = 11 * maxPods + 255 + (type.evictionHardMemoryMib ?? 100);
  const reservedCpu = type.kubeReservedCpuMillicores ?? kubeReservedCpu(type.vcpu);
  return {
    instanceType: type.name,
    arch: type.arch,
    cpuMillis: type.vcpu * 1000 - reservedCpu - overhead.cpuMillis,
    memoryMib: Math.floor(type.memoryMib * (1 - VM_MEMORY_OVERHEAD)) - reservedMemory - overhead.memoryMib,
    gpus: type.gpus,
    pods: maxPods - overhead.pods,
    usdPerHour: price,
  };
}

/** nodeadm's CPU reservation: 6 % of the first core, 1 % of the second, 0.5 % of the next two, 0.25 % of the rest. */
export function kubeReservedCpu(vcpu: number): number {
  const shares = [60, 10, 5, 5];
  let millis = 0;
  for (let core = 0; core < vcpu; core++) {
    millis += core < shares.length ? shares[core] : 2.5;
  }
  return Math.ceil(millis);
}

/** The shapes of the candidate instance types: the families asked for, from `large` up to `maxVcpu`. */
export function candidateShapes(
  families: readonly string[] = DEFAULT_FAMILIES,
  options: NodeShapeOptions & { readonly maxVcpu?: number } = {},
): NodeShape[] {
  const wanted = new Set(families);
  const maxVcpu = options.maxVcpu ?? 64;
  const shapes: NodeShape[] = [];
  for (const type of instanceTypes().values()) {
    const family = type.name.split('.')[0];
    if (
      !wanted.has(family) ||
      type.vcpu < 2 ||
      type.vcpu > maxVcpu ||
      type.name.endsWith('.metal') ||
      /\.metal-/.test(type.name)
    ) {
      continue;
    }
    const shape = nodeShape(type, options);
    if (shape && shape.cpuMillis > 0 && shape.memoryMib > 0) {
      shapes.push(shape);
    }
  }
  return shapes.sort((a, b) => (a.instanceType < b.instanceType ? -1 : a.instanceType > b.instanceType ? 1 : 0));
}
