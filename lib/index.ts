/** marathon-to-eks: move DC/OS Marathon and Metronome workloads to Amazon EKS. */
export * from './marathon';
