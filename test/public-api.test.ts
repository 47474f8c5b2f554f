import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { sourceFiles } from './helpers/files';
import * as api from '../lib';

/*
 * The public API is what lib/index.ts (the package's "main") names, and nothing else. These lists pin it: a name
 * that enters or leaves the API changes this file, so it is reviewed as an API change. The library itself imports
 * by deep path; tests may too, for internals.
 */

const ROOT = path.join(__dirname, '..');
const LIB = path.join(ROOT, 'lib');

/** Runtime exports of lib/index.ts, sorted as `Array.prototype.sort` sorts them. */
const RUNTIME_EXPORTS = [
  'ADDON_VERSIONS_CONTEXT',
  'AlertReceiver',
  'AlertRouting',
  'AutoModeNodePools',
  'AutoModeStorage',
  'Capacity',
  'ClusterEndpoint',
  'DEFAULT_DAEMONSET_OVERHEAD',
  'DEFAULT_DELIVERY_LIMITS',
  'DEFAULT_FAMILIES',
  'DEFAULT_NODE_GROUP',
  'DEFAULT_OPTIONS',
  'DcosConnection',
  'Delivery',
  'EksEnvironment',
  'EstateGraphError',
  'FIELD_STATUSES',
  'GitCredentials',
  'GitOpsDeliveries',
  'GitOpsEngine',
  'KARPENTER_CHART',
  'KARPENTER_CONTROLLER_NODE_GROUP',
  'KUBERNETES_CLUSTER_LIMITS',
  'Karpenter',
  'MARATHON_DEFAULTS',
  'METRONOME_DEFAULTS',
  'MarathonLbAddress',
  'MarathonToEksChecks',
  'MarathonWorkload',
  'NODE_GROUP_LABEL',
  'NatGateways',
  'NodeCapacity',
  'POOL_WEIGHTS',
  'PUBLIC_NODE',
  'PlanError',
  'REPORT_JSON',
  'REPORT_MARKDOWN',
  'SelectionError',
  'TrafficCutover',
  'WavePlanError',
  'WorkloadSelection',
  'clusterEnvironments',
  'convertEstate',
  'defaultNodeGroups',
  'demandOf',
  'estateGraph',
  'formatDiagnostic',
  'idsThroughWave',
  'loadEstate',
  'loadTexts',
  'nodeGroupsFromPlan',
  'nodePoolsFromPlan',
  'parseFleet',
  'parsePrices',
  'planCapacity',
  'planHtml',
  'planTable',
  'planWaves',
  'platformWorkloadDemand',
  'proposeClusters',
  'reportMarkdown',
  'resolveAddons',
  'toYaml',
  'translateEstate',
  'validateKubeObject',
  'validateKubeObjects',
  'wavesHtml',
  'wavesTable',
  'yamlDocuments',
];

/** Type-only exports of lib/index.ts (`export type { … }`), in the groups of lib/index.ts; compared sorted. */
const TYPE_EXPORTS = [
  // Loading
  'AppDefinition',
  'Definition',
  'DefinitionKind',
  'Diagnostic',
  'GroupDefinition',
  'IgnoredField',
  'IgnoredKind',
  'InputFailure',
  'InputText',
  'JobDefinition',
  'JsonPath',
  'LoadOptions',
  'LoadResult',
  'PathMove',
  'PathSegment',
  'PodDefinition',
  'Provenance',
  'RejectedDefinition',
  'RemoteOptions',
  'Severity',
  'SourceSummary',
  // The normalized model
  'AppCheck',
  'AppContainer',
  'AppHealthCheck',
  'AppHealthCheckProtocol',
  'AppVolume',
  'Artifact',
  'Constraint',
  'ConstraintOperator',
  'DockerSettings',
  'Endpoint',
  'EnvValue',
  'ExecutorResources',
  'ExternalVolume',
  'HostVolume',
  'JobConstraint',
  'JobConstraintOperator',
  'JobRun',
  'JobSchedule',
  'JobVolume',
  'KillSelection',
  'LinuxInfo',
  'MarathonApp',
  'MarathonPod',
  'MesosCommand',
  'MetronomeJob',
  'Network',
  'NetworkMode',
  'PersistentVolume',
  'PersistentVolumeInfo',
  'PodCheck',
  'PodContainer',
  'PodHealthCheck',
  'PodVolume',
  'PortDefinition',
  'PortMapping',
  'PortProtocol',
  'ReadinessCheck',
  'ResourceLimits',
  'SecretDef',
  'SecretVolume',
  'StringMap',
  'UnreachableStrategy',
  'UpgradeStrategy',
  // Translation
  'DcosCaller',
  'DcosForwarder',
  'EstateSelection',
  'EstateTranslation',
  'LeftOnDcos',
  'FieldReport',
  'FieldStatus',
  'KubeObject',
  'NamespaceStrategy',
  'NodeLabelRequirement',
  'NodeTaintRequirement',
  'ObjectRef',
  'SecretRequirement',
  'ResolvedTranslateOptions',
  'TrafficCutoverOptions',
  'TranslateOptions',
  'FieldNote',
  'Notes',
  'TranslatedWorkload',
  'Translation',
  'TranslationFailure',
  'WorkloadReport',
  // Migration waves
  'DependencyEdge',
  'EdgeKind',
  'EstateGraph',
  'GraphNode',
  'UnresolvedReference',
  'Wave',
  'WaveOptions',
  'WavePlan',
  'WavesHtmlOptions',
  'WavesTableOptions',
  // Workload and report
  'CoexistenceReference',
  'Conversion',
  'ConvertOptions',
  'CutoverStep',
  'MarathonReplacement',
  'MarathonWorkloadProps',
  'MigrationReport',
  'ReportError',
  'ReportSummary',
  // Validation
  'KubeObjectProblems',
  'KubeProblem',
  // EKS
  'ClusterAutoscalerOptions',
  'CoexistenceOptions',
  'CoexistenceZone',
  'ContainerResources',
  'CoreDnsOptions',
  'CostEstimate',
  'DeliverableWorkload',
  'DeliveryLimits',
  'DeliveryPlan',
  'EbsCsiOptions',
  'EksAddonOptions',
  'EksEnvironmentAddons',
  'EksEnvironmentProps',
  'HashedManifest',
  'PlannedBucket',
  'PlannedManifest',
  'RenderedObject',
  'DefaultNodeGroupsOptions',
  'AlertReceiverOptions',
  'SlackReceiverOptions',
  'PagerDutyReceiverOptions',
  'EmailReceiverOptions',
  'EscalationStep',
  'ExternalDnsOptions',
  'ExternalSecretsOptions',
  'HelmAddonOptions',
  'LoadBalancerControllerOptions',
  'MarathonLbHealthCheckOptions',
  'MarathonLbLoadBalancerOptions',
  'MesosDnsOptions',
  'MetricsServerOptions',
  'MonitoringOptions',
  'NodeGroupSpec',
  'NodeTaint',
  'AutoModeCapacityOptions',
  'CapacityMode',
  'KarpenterCapacityOptions',
  'NodeGroupsCapacityOptions',
  'NodePoolOptions',
  'PodIdentityAgentOptions',
  'ResolvedAddons',
  'TrafficCutoverProps',
  'WorkloadDelivery',
  'WorkloadDeliveryOptions',
  // Capacity
  'CapacityPlan',
  'CostSummary',
  'DaemonSetOverhead',
  'Fleet',
  'NodeGroupPlan',
  'NodePoolPlan',
  'NodeShapeOptions',
  'PlanCapacityMode',
  'PlanReportOptions',
  'NodeSlot',
  'PlanOptions',
  'PlannedNode',
  'Unplaced',
  'WorkloadDemand',
  // GitOps delivery
  'ArgoCdHelmOptions',
  'ArgoCdRoleMapping',
  'GitOpsDeliveryOptions',
  'IdentityCenterIdentity',
  'InstalledGitOpsEngine',
  'ManagedArgoCdOptions',
  'GitOpsLayoutOptions',
  'GitOpsSource',
  // The multi-cluster split
  'ClusterEnvironment',
  'ClusterLimits',
  'ClusterSize',
  'ClusterSplit',
  'ClusterSplitOptions',
  'CrossEdge',
  'ProposedCluster',
].sort();

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

/** The names an index file exports, split into values and types (`export type { … }` or `export { type … }`). */
function declaredExports(file: string): { values: string[]; types: string[] } {
  const values: string[] = [];
  const types: string[] = [];
  for (const statement of parse(file).statements) {
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        (statement.isTypeOnly || element.isTypeOnly ? types : values).push(element.name.text);
      }
    }
  }
  return { values: values.sort(), types: types.sort() };
}

const INDEX_FILES = [
  path.join(LIB, 'index.ts'),
  ...fs
    .readdirSync(LIB, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(LIB, entry.name, 'index.ts')))
    .map((entry) => path.join(LIB, entry.name, 'index.ts')),
];

/** The names each ```ts example of the README imports from the package: `import { … } from 'marathon-to-eks'`. */
function readmeImports(): { values: string[]; types: string[] } {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const values: string[] = [];
  const types: string[] = [];
  for (const [, code] of readme.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
    for (const [, typeOnly, names] of code.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s*from\s*'marathon-to-eks'/g)) {
      for (const name of names.split(',').map((part) => part.trim())) {
        if (name === '') {
          continue;
        }
        const isType = typeOnly !== undefined || name.startsWith('type ');
        (isType ? types : values).push(name.replace(/^type\s+/, '').split(/\s+as\s+/)[0]);
      }
    }
  }
  return { values, types };
}

describe('public API', () => {
  it('exports exactly the reviewed runtime names from the package root', () => {
    expect(Object.keys(api).sort()).toEqual(RUNTIME_EXPORTS);
  });

  it('exports exactly the reviewed type names from the package root', () => {
    const root = declaredExports(path.join(LIB, 'index.ts'));
    expect(root.types).toEqual(TYPE_EXPORTS);
    expect(root.values).toEqual(RUNTIME_EXPORTS);
  });

  it('has every name a README example imports from marathon-to-eks', () => {
    const { values, types } = readmeImports();
    expect(values.length).toBeGreaterThan(0);
    expect(values.filter((name) => !RUNTIME_EXPORTS.includes(name))).toEqual([]);
    expect(types.filter((name) => !TYPE_EXPORTS.includes(name) && !RUNTIME_EXPORTS.includes(name))).toEqual([]);
  });

  it('has the folder indexes export only what the root exports', () => {
    const root = declaredExports(path.join(LIB, 'index.ts'));
    const extra = INDEX_FILES.slice(1).flatMap((file) => {
      const { values, types } = declaredExports(file);
      return [
        ...values.filter((name) => !root.values.includes(name)),
        ...types.filter((name) => !root.types.includes(name)),
      ].map((name) => `${path.relative(ROOT, file)}: ${name}`);
    });
    expect(extra).toEqual([]);
  });

  it('names every export of an index file (no export *)', () => {
    const wildcards = INDEX_FILES.filter((file) =>
      parse(file).statements.some((statement) => ts.isExportDeclaration(statement) && !statement.exportClause),
    ).map((file) => path.relative(ROOT, file));
    expect(INDEX_FILES.length).toBeGreaterThan(1);
    expect(wildcards).toEqual([]);
  });

  it('has library code import by deep path, not through an index (only lib/index.ts reads the folder indexes)', () => {
    const throughIndex: string[] = [];
    for (const file of sourceFiles(LIB).filter((name) => name !== path.join(LIB, 'index.ts'))) {
      for (const statement of parse(file).statements) {
        const specifier =
          (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
          statement.moduleSpecifier &&
          ts.isStringLiteral(statement.moduleSpecifier)
            ? statement.moduleSpecifier.text
            : undefined;
        if (specifier?.startsWith('.')) {
          const target = path.resolve(path.dirname(file), specifier);
          const isIndex = fs.existsSync(path.join(target, 'index.ts')) || path.basename(target) === 'index';
          if (isIndex) {
            throughIndex.push(`${path.relative(ROOT, file)}: ${specifier}`);
          }
        }
      }
    }
    expect(throughIndex).toEqual([]);
  });
});
