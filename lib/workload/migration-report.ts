import { Diagnostic } from '../marathon/diagnostics';
import { formatPath } from '../util/json-path';
import { redactCredentials } from '../translate/credentials';
import { estateObjects } from '../translate/estate-objects';
import { EstateTranslation, LeftOnDcos, statusCounts } from '../translate/estate-translation';
import { FieldStatus } from '../translate/notes';
import { WorkloadReport } from '../translate/report';
import { NodeLabelRequirement, NodeTaintRequirement, SecretRequirement } from '../translate/requirements';
import { CoexistenceReference, coexistenceReferences } from './coexistence';
import { CutoverStep, RouteCutoverGuide, cutoverGuide, routeCutoverGuide } from './cutover';
import { ResolvedSelection } from './selection';

/** An input problem or a translation failure, as the report lists it. */
export interface ReportError {
  readonly source: string;
  readonly path: string;
  readonly message: string;
}

/**
 * The migration report: a contract other tools read (`migration-report.json`). `workloads[].fields[].path` is the
 * field's JSON path inside its definition.
 */
export interface MigrationReport {
  readonly workloads: readonly WorkloadReport[];
  readonly errors: readonly ReportError[];
  /** Secrets to create (from AWS Secrets Manager) before the workloads can start. */
  readonly secrets: readonly SecretRequirement[];
  /** Node labels and taints the node groups must carry for the workloads' placement. */
  readonly nodeLabels: readonly NodeLabelRequirement[];
  readonly nodeTaints: readonly NodeTaintRequirement[];
  readonly summary: ReportSummary;
  /** A migration in waves (a selection was converted): the definitions left running on DC/OS. */
  readonly leftOnDcos?: readonly LeftOnDcos[];
  /** A migration in waves: every reference between a converted workload and one left on DC/OS. */
  readonly coexistence?: readonly CoexistenceReference[];
  /** A migration in waves: per wave, what to deploy, replace in Marathon, check, and how to roll back. */
  readonly cutover?: readonly CutoverStep[];
  /**
   * A weighted cut-over of marathon-lb's routes (option `trafficCutover`), with or without a selection: per route,
   * the pre-check and handover of an existing record, the weight steps, what to watch, health and rollback.
   */
  readonly routeCutover?: RouteCutoverGuide;
}

export interface ReportSummary {
  readonly definitions: { readonly app: number; readonly pod: number; readonly job: number };
  readonly rejected: number;
  readonly objects: Readonly<Record<string, number>>;
  readonly fields: Readonly<Record<FieldStatus, number>>;
  readonly errors: number;
  readonly secrets: number;
}

export function migrationReport(
  translation: EstateTranslation,
  given: readonly ReportError[],
  rejected = 0,
  selection?: ResolvedSelection,
): MigrationReport {
  const errors = [
    ...given,
    ...translation.failures.map((failure) => ({
      source: failure.source,
      path: failure.pointer,
      message: `translation bug: translating ${failure.kind} ${failure.id} failed: ${failure.message} (nothing written for it; please report it)`,
    })),
  ];
  const workloads = translation.workloads.map((workload) => workload.report);
  const objects: Record<string, number> = {};
  for (const object of estateObjects(translation)) {
    objects[object.kind] = (objects[object.kind] ?? 0) + 1;
  }
  const count = (kind: string) => workloads.filter((w) => w.kind === kind).length;
  const routeCutover = routeCutoverGuide(translation);
  return {
    workloads,
    errors,
    secrets: translation.secrets,
    nodeLabels: translation.nodeLabels,
    nodeTaints: translation.nodeTaints,
    summary: {
      definitions: { app: count('app'), pod: count('pod'), job: count('job') },
      rejected,
      objects: Object.fromEntries(Object.entries(objects).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      fields: statusCounts(translation.workloads),
      errors: errors.length,
      secrets: translation.secrets.length,
    },
    ...(selection
      ? {
          leftOnDcos: translation.leftOnDcos,
          coexistence: coexistenceReferences(selection, translation),
          cutover: cutoverGuide(selection, translation),
        }
      : {}),
    ...(routeCutover ? { routeCutover } : {}),
  };
}

/** Load errors as report errors. */
export function reportErrors(diagnostics: readonly Diagnostic[]): ReportError[] {
  return diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({ source: d.source, path: formatPath(d.path), message: redactCredentials(d.message) }));
}
