/**
 * Marathon / Metronome input: load, validate and normalize apps, pods, groups and jobs from files, directories,
 * API responses and live servers. Knows nothing of Kubernetes.
 */
export * from './diagnostics';
export * from '../util/json-path';
export * from './path-id';
export * from './provenance';
export * from './model/common';
export * from './model/app';
export * from './model/pod';
export * from './model/job';
export * from './load/definition';
export { loadEstate, loadTexts, NOT_JSON_FILE } from './load/estate';
export type { LoadOptions } from './load/estate';
export type { InputText, InputFailure } from './load/files';
export { MARATHON_GROUPS_PATH, METRONOME_JOBS_PATH } from './load/http';
export type { RemoteOptions } from './load/http';
export { MARATHON_DEFAULTS } from './normalize/common';
export { METRONOME_DEFAULTS } from './normalize/job';
