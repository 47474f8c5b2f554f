export { double, int64, kvLabels, legacyEnvVars, readMode, secrets, statusValue } from './primitives';
export { network } from './networking';
