/**
 * Marathon / Metronome input: load, validate and normalize apps, pods, groups and jobs from files, directories,
 * API responses and live servers. Knows nothing of Kubernetes.
 *
 * The public part: the loaders, their options and results, the normalized model a caller reads in the results,
 * diagnostics, and Marathon's and Metronome's defaults. The rest (schema, normalizers, provenance recording, path
 * helpers) is internal: the library imports it by deep path.
 */
export { loadEstate, loadTexts } from './load/estate';
export type { LoadOptions } from './load/estate';
export type { InputFailure, InputText } from './load/files';
export type { RemoteOptions } from './load/http';
export type {
  AppDefinition,
  Definition,
  DefinitionKind,
  GroupDefinition,
  JobDefinition,
  LoadResult,
  PodDefinition,
  RejectedDefinition,
  SourceSummary,
} from './load/definition';
export { formatDiagnostic } from './diagnostics';
export type { Diagnostic, Severity } from './diagnostics';
export type { IgnoredField, IgnoredKind, PathMove, Provenance } from './provenance';
export { MARATHON_DEFAULTS } from './normalize/common';
export { METRONOME_DEFAULTS } from './normalize/job';
export type {
  Artifact,
  Constraint,
  ConstraintOperator,
  EnvValue,
  ExecutorResources,
  KillSelection,
  LinuxInfo,
  MesosCommand,
  Network,
  NetworkMode,
  PersistentVolumeInfo,
  PortProtocol,
  ResourceLimits,
  SecretDef,
  StringMap,
  UnreachableStrategy,
  UpgradeStrategy,
} from './model/common';
export type {
  AppCheck,
  AppContainer,
  AppHealthCheck,
  AppHealthCheckProtocol,
  AppVolume,
  DockerSettings,
  ExternalVolume,
  HostVolume,
  MarathonApp,
  PersistentVolume,
  PortDefinition,
  PortMapping,
  ReadinessCheck,
  SecretVolume,
} from './model/app';
export type { Endpoint, MarathonPod, PodCheck, PodContainer, PodHealthCheck, PodVolume } from './model/pod';
export type { JobConstraint, JobConstraintOperator, JobRun, JobSchedule, JobVolume, MetronomeJob } from './model/job';
