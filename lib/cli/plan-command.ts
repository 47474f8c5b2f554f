import * as fs from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ClusterLimits, ClusterSplit, proposeClusters, resolveLimits } from '../capacity/cluster-split';
import { demandOf } from '../capacity/demand';
import { CapacityPlan, Fleet, PlanError, parseFleet, planCapacity } from '../capacity/plan';
import { nodePoolsFromPlan } from '../capacity/node-pools';
import { PlanCapacityMode, planHtml, planTable } from '../capacity/plan-report';
import { parsePrices } from '../capacity/prices';
import { platformWorkloadDemand, resolveAddons } from '../eks/addons/addons';
import { CapacityMode } from '../eks/capacity/capacity';
import { resolveNodePoolOptions } from '../eks/capacity/node-pool-options';
import { formatDiagnostic } from '../marathon/diagnostics';
import { loadEstate } from '../marathon/load/estate';
import { translateEstate } from '../translate/estate-translation';
import { DependencyEdge, EstateGraphError, estateGraph } from '../waves/graph';
import { perNodeInstancesOption } from './convert-command';
import { CliIo, ExitCode, UsageError } from './io';
import { InputOptions, addInputOptions, loadOptionsFrom } from './inputs';
import { escapeControlCharacters } from '../util/control-characters';
import { writeOutputFile } from './output-file';

interface PlanCommandOptions extends InputOptions {
  readonly before?: Fleet[];
  readonly families?: string[];
  readonly json?: boolean;
  readonly html?: string;
  readonly prices?: string;
  readonly prefixDelegation?: boolean;
  readonly nPlusOne?: boolean;
  readonly minNodes: number;
  readonly zones: number;
  readonly platform: boolean;
  readonly perNodeInstances: number;
  readonly capacity: CapacityMode;
  readonly capacityTypes?: ('on-demand' | 'spot')[];
  readonly maxNodesPerCluster?: number;
  readonly maxPodsPerCluster?: number;
  readonly maxContainersPerCluster?: number;
}

/**
 * The library's capacity modes (`Capacity.mode`), each of which the report describes. A mode added to one type and not
 * the other fails to compile: the record needs every `CapacityMode` key, and each must be a `PlanCapacityMode`.
 */
const CAPACITY_MODES = Object.keys({
  'node-groups': 'node-groups',
  karpenter: 'karpenter',
  'auto-mode': 'auto-mode',
} satisfies { [mode in CapacityMode]: PlanCapacityMode & mode }) as CapacityMode[];

/**
 * `plan <paths…>`: node groups sized for the estate, their cost, the gaps to the lower bounds (fractional and integer),
 * and (with --before) the DC/OS fleet it replaces. Exit 1 when an input was invalid (the valid ones are planned), 2 on
 * usage errors.
 */
export function planCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return addInputOptions(new Command('plan'))
    .description(
      'size EKS managed node groups (or Karpenter / Auto Mode NodePools) for the estate and compare the cost with the DC/OS agents it runs on',
    )
    .option(
      '--before <type:count,…>',
      'the DC/OS agents today, e.g. m5.xlarge:15 (for the before / after comparison)',
      fleetOption,
    )
    .option(
      '--families <list>',
      'instance families to choose from, e.g. m6i,m7g,c7g (default: current x86 m, c and r)',
      listOption,
    )
    .option(
      '--prices <file>',
      'your $/hour per instance type (JSON, CSV or TSV), replacing the on-demand us-east-1 prices',
    )
    .option('--prefix-delegation', 'max pods with VPC CNI prefix delegation (110 or 250 per node)')
    .option('--n-plus-one', 'one more node per group: survive the loss of any node')
    .option('--min-nodes <n>', 'nodes per group at least (spread over AZs)', positiveInteger, 2)
    .option(
      '--zones <n>',
      'AZs the node groups span (1 to 6); a group whose pods mount EBS volumes gets one node group per AZ',
      zoneCount,
      3,
    )
    .option('--no-platform', "leave out the EksEnvironment add-ons' own pods")
    .addOption(perNodeInstancesOption())
    .addOption(
      new Option(
        '--capacity <mode>',
        'where the nodes come from: node-groups (Cluster Autoscaler), karpenter or auto-mode (NodePools drawn from the plan)',
      )
        .choices(CAPACITY_MODES)
        .default('node-groups'),
    )
    .option(
      '--capacity-types <list>',
      "how the NodePools' nodes are bought: on-demand, spot or on-demand,spot (default: on-demand)",
      capacityTypesOption,
    )
    .option(
      '--max-nodes-per-cluster <n>',
      "a lower cap on nodes per cluster than Kubernetes' 5,000: past it, a split into clusters is proposed",
      positiveInteger,
    )
    .option('--max-pods-per-cluster <n>', 'a lower cap on pods per cluster than 150,000', positiveInteger)
    .option('--max-containers-per-cluster <n>', 'a lower cap on containers per cluster than 300,000', positiveInteger)
    .option('--json', 'print the plan as JSON')
    .option('--html <file>', 'write an HTML page with the before / after chart and the packing per node')
    .action(async (paths: string[], options: PlanCommandOptions) => {
      if (options.capacityTypes !== undefined && options.capacity === 'node-groups') {
        throw new UsageError('--capacity-types applies to NodePools: give --capacity karpenter or auto-mode');
      }
      // NodePoolOptions semantics (deduplicated, sorted, on-demand by default), as the constructs resolve them.
      const { capacityTypes } = resolveNodePoolOptions({ capacityTypes: options.capacityTypes });
      const limits = limitsFrom(options);
      const report = { capacity: options.capacity, capacityTypes };
      let prices: Map<string, number> | undefined;
      if (options.prices !== undefined) {
        try {
          prices = parsePrices(fs.readFileSync(options.prices, 'utf8'), options.prices);
        } catch (error) {
          throw new UsageError(error instanceof Error ? error.message : String(error));
        }
      }
      const estate = await loadEstate(loadOptionsFrom(paths, options, io));
      for (const diagnostic of estate.diagnostics.filter((d) => d.severity === 'error')) {
        io.stderr(`${formatDiagnostic(diagnostic)}\n`);
      }
      const translation = translateEstate(estate.definitions, estate.groups, {
        perNodeInstances: options.perNodeInstances,
      });
      // The add-ons as EksEnvironment turns them on for the mode (no Cluster Autoscaler with Karpenter or Auto Mode,
      // no EBS CSI controller with Auto Mode); every proposed cluster runs its own.
      const platform = options.platform
        ? platformWorkloadDemand(resolveAddons({}, { capacityMode: options.capacity }))
        : [];
      const demand = [...demandOf(translation), ...platform];
      const planOptions = {
        ...(options.families ? { families: options.families } : {}),
        ...(options.before ? { before: options.before } : {}),
        ...(prices ? { prices } : {}),
        prefixDelegation: options.prefixDelegation ?? false,
        nPlusOne: options.nPlusOne ?? false,
        minNodes: options.minNodes,
        zones: options.zones,
      };
      let plan: CapacityPlan;
      let split: ClusterSplit;
      try {
        plan = planCapacity(demand, planOptions);
        split = proposeClusters(translation, dependencyEdges(estate.definitions, estate.groups, io), {
          limits,
          // The DC/OS fleet is the whole estate's: no one cluster is compared with it.
          plan: { ...planOptions, before: undefined },
          perCluster: platform,
        });
      } catch (error) {
        if (error instanceof PlanError) {
          throw new UsageError(error.message);
        }
        throw error;
      }
      if (options.html !== undefined) {
        writeOutputFile(
          options.html,
          planHtml(plan, {
            ...report,
            split,
            title: `Capacity plan: ${estate.definitions.length} Marathon / Metronome definitions`,
          }),
          '--html',
          paths,
        );
      }
      io.stdout(
        options.json
          ? `${JSON.stringify(planJson(plan, split, report), null, 2)}\n`
          : planTable(plan, { ...report, split }),
      );
      for (const { workload, reason } of plan.unplaced) {
        io.stderr(`marathon-to-eks: not placed: ${workload}: ${reason}\n`);
      }
      for (const problem of split.problems) {
        io.stderr(`marathon-to-eks: cannot split: ${escapeControlCharacters(problem)}\n`);
      }
      setExitCode(
        estate.diagnostics.some((d) => d.severity === 'error') || plan.unplaced.length > 0
          ? ExitCode.invalidInput
          : ExitCode.ok,
      );
    });
}

/**
 * The plan as `--json` prints it: the plan, the estate against the per-cluster limits (`clusters`: the proposed split
 * when one is needed), and with a NodePool mode, the mode, its capacity types and the pools.
 */
function planJson(
  plan: CapacityPlan,
  split: ClusterSplit,
  report: { capacity: CapacityMode; capacityTypes: readonly string[] },
): Record<string, unknown> {
  if (report.capacity === 'node-groups') {
    return { ...plan, clusters: split };
  }
  return {
    ...plan,
    clusters: split,
    capacity: report.capacity,
    capacityTypes: report.capacityTypes,
    nodePools: nodePoolsFromPlan(plan),
  };
}

/** The user's caps per cluster, checked against the Kubernetes limits (a usage error above them). */
function limitsFrom(options: PlanCommandOptions): ClusterLimits {
  try {
    return resolveLimits({
      ...(options.maxNodesPerCluster !== undefined ? { nodes: options.maxNodesPerCluster } : {}),
      ...(options.maxPodsPerCluster !== undefined ? { pods: options.maxPodsPerCluster } : {}),
      ...(options.maxContainersPerCluster !== undefined ? { containers: options.maxContainersPerCluster } : {}),
    });
  } catch (error) {
    if (error instanceof PlanError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

/**
 * The estate's dependency edges (as `waves` finds them), which the split keeps within clusters where it can. An
 * estate past the graph's edge limit is split without them, and says so.
 */
function dependencyEdges(
  definitions: Parameters<typeof estateGraph>[0],
  groups: Parameters<typeof estateGraph>[1],
  io: CliIo,
): readonly DependencyEdge[] {
  try {
    return estateGraph(definitions, groups).edges;
  } catch (error) {
    if (error instanceof EstateGraphError) {
      io.stderr(`marathon-to-eks: clusters proposed without dependency edges: ${error.message}\n`);
      return [];
    }
    throw error;
  }
}

function capacityTypesOption(value: string): ('on-demand' | 'spot')[] {
  const types = listOption(value);
  const bad = types.filter((type) => type !== 'on-demand' && type !== 'spot');
  if (bad.length > 0) {
    throw new InvalidArgumentError(`expected on-demand, spot or on-demand,spot, got ${bad.join(', ')}`);
  }
  return types as ('on-demand' | 'spot')[];
}

function fleetOption(value: string): Fleet[] {
  try {
    return parseFleet(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

function listOption(value: string): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) {
    throw new InvalidArgumentError('expected a comma-separated list');
  }
  return items;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new InvalidArgumentError('expected a whole number ≥ 1');
  }
  return number;
}

function zoneCount(value: string): number {
  if (!/^[1-6]$/.test(value.trim())) {
    throw new InvalidArgumentError('expected a whole number from 1 to 6 (the AZs of the VPC the node groups run in)');
  }
  return Number(value);
}
