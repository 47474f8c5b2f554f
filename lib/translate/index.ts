/**
 * Translation: normalized Marathon / Metronome definitions → Kubernetes objects, with a report line for every input
 * field. Pure functions; `MarathonWorkload` renders the result as a cdk8s chart.
 */
export { translateEstate } from './estate-translation';
export type { EstateTranslation, LeftOnDcos, TranslatedWorkload, TranslationFailure } from './estate-translation';
export type { DcosCaller, EstateSelection } from './selection';
export type { DcosForwarder } from './dcos-forwarder';
export { DEFAULT_OPTIONS, PUBLIC_NODE } from './options';
export type { ResolvedTranslateOptions, TrafficCutoverOptions, TranslateOptions } from './options';
export type { NamespaceStrategy } from './naming';
export { FIELD_STATUSES } from './notes';
export type { FieldNote, FieldStatus, Notes } from './notes';
export type { FieldReport, WorkloadReport } from './report';
export type { NodeLabelRequirement, NodeTaintRequirement, SecretRequirement } from './requirements';
export type { Translation } from './translation';
export type { KubeObject, ObjectRef } from './kube';
