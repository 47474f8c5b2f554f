/** `MarathonWorkload` (a cdk8s chart) and `convertEstate` (manifests and the migration report for review). */
export { MarathonWorkload } from './marathon-workload';
export type { MarathonWorkloadProps } from './marathon-workload';
export { convertEstate, REPORT_JSON, REPORT_MARKDOWN } from './convert';
export type { Conversion, ConvertOptions } from './convert';
export { SelectionError, WorkloadSelection } from './selection';
export type { CoexistenceReference } from './coexistence';
export type { CutoverStep, MarathonReplacement } from './cutover';
export type { MigrationReport, ReportError, ReportSummary } from './migration-report';
export { reportMarkdown } from './report-markdown';
export { toYaml, yamlDocuments } from './manifests';
