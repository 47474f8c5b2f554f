/** marathon-to-eks: move DC/OS Marathon and Metronome workloads to Amazon EKS. */
export * from './marathon';
export * from './translate';
export * from './workload';
export { validateKubeObject, validateKubeObjects } from './validate/kubernetes';
export type { KubeObjectProblems, KubeProblem } from './validate/kubernetes';
export * from './eks';
export * from './capacity';
