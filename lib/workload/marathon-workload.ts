import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Definition, GroupDefinition } from '../marathon/load/definition';
import { estateObjects } from '../translate/estate-objects';
import { EstateTranslation, translateEstate } from '../translate/estate-translation';
import { KubeObject } from '../translate/kube';
import { TranslateOptions } from '../translate/options';
import { MigrationReport, migrationReport } from './migration-report';
import { translateOptionProblems } from './option-problems';
import { ObjectRenderer } from './render';
import { ResolvedSelection, SelectionError, WorkloadSelection, checkedSelection } from './selection';

/** Props of {@link MarathonWorkload}. */
export interface MarathonWorkloadProps extends TranslateOptions {
  /**
   * The definitions to compile: the `definitions` of `loadEstate()` (apps, pods and jobs, normalized).
   */
  readonly definitions: readonly Definition[];
  /**
   * The Marathon groups they came in (for namespaces and group dependencies).
   * @default no groups
   */
  readonly groups?: readonly GroupDefinition[];
  /**
   * A migration in waves: the workloads to compile (`WorkloadSelection.throughWave(1)`, `.only('/shop/*')`). The
   * other definitions are still read, so references to them resolve (to DC/OS), and `report` says who calls whom
   * across the line (`coexistence`) and how to cut over.
   * @default every definition
   */
  readonly select?: WorkloadSelection;
}

/**
 * A cdk8s chart compiled from Marathon apps, pods and groups and Metronome jobs: one Deployment, StatefulSet or
 * CronJob per definition with its Services, Ingress / NLB and PodDisruptionBudget, plus the namespaces they need.
 * Every value comes from the Marathon spec or a documented option. `report` accounts for every input field.
 *
 * ```ts
 * const estate = await loadEstate({ paths: ['marathon/'] });
 * const workload = new MarathonWorkload(app, 'estate', { definitions: estate.definitions, groups: estate.groups });
 * console.log(workload.report.summary);
 * ```
 */
export class MarathonWorkload extends Chart {
  /** The migration report: every input field of every definition, with its status and why. */
  readonly report: MigrationReport;
  /** What translation decided: objects per definition, secrets, node labels and taints the cluster must provide. */
  readonly translation: EstateTranslation;
  private readonly renderer: ObjectRenderer;

  constructor(scope: Construct, id: string, props: MarathonWorkloadProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { definitions, groups, select, ...options } = props;
    const problems = translateOptionProblems(options);
    if (problems.length > 0) {
      throw new Error(
        `MarathonWorkload ${id}: ${problems.map(({ option, problem }) => `${option}: ${problem}`).join('; ')}`,
      );
    }
    let selection: ResolvedSelection | undefined;
    try {
      selection = select ? checkedSelection(select, definitions, groups ?? []) : undefined;
    } catch (cause) {
      throw cause instanceof SelectionError ? new Error(`MarathonWorkload ${id}: select: ${cause.message}`) : cause;
    }
    this.translation = translateEstate(definitions, groups ?? [], options, selection?.selection);
    this.renderer = new ObjectRenderer(this);
    for (const object of this.objects) {
      this.renderer.render(object);
    }
    this.report = migrationReport(this.translation, [], 0, selection);
  }

  /**
   * The Marathon apps that take the place of migrated workloads on DC/OS at cut-over (a selection with DC/OS
   * callers and `coexistenceDomain`), by their path in `convert`'s output.
   */
  get forwarders(): ReadonlyMap<string, Record<string, unknown>> {
    return new Map(
      this.translation.workloads.flatMap(({ translation: { forwarder } }) =>
        forwarder ? [[forwarder.file, forwarder.app] as const] : [],
      ),
    );
  }

  /** Every object of the chart, namespaces first, in a stable order. */
  get objects(): KubeObject[] {
    return estateObjects(this.translation);
  }

  /** The cdk8s-plus Service of a workload (by namespace and name), to route to it from other constructs. */
  serviceNamed(namespace: string, name: string): kplus.Service | undefined {
    return this.renderer.serviceNamed(namespace, name);
  }
}
