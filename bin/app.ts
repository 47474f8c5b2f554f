#!/usr/bin/env node
/**
 * The complete example environment: an EKS cluster with its add-ons, carrying the example estate in
 * examples/estate. `npx cdk synth` works offline (cdk.json seeds the context it needs); `npx cdk deploy --all`
 * deploys it. Context keys (cdk.json, or -c key=value):
 *   marathon-to-eks:account, marathon-to-eks:region   where to deploy
 *   marathon-to-eks:adminCidrs                       comma-separated CIDRs for a public API endpoint (else private)
 *   marathon-to-eks:adminRoleArns                    comma-separated IAM roles with cluster-admin access
 *   marathon-to-eks:estate                           the Marathon / Metronome definitions to deploy
 *   marathon-to-eks:certificateArn                   comma-separated ACM certificates for the HTTPS Ingresses
 *                                                    (without one, the controller looks for one matching the hosts)
 *   marathon-to-eks:addonVersions                    EKS add-on versions to pin (data/eks-addons/SOURCES.md)
 *   marathon-to-eks:capacity                         node-groups (default) | karpenter | auto-mode: where the nodes
 *                                                    come from (README, "Choosing a capacity mode")
 *   marathon-to-eks:delivery                         cloudformation (default) | gitops: the manifests from the stacks,
 *                                                    or synced by Argo CD from Git (README, "Large estates")
 *   marathon-to-eks:repository                       with gitops: the Git URL `convert --layout gitops` output is in
 *   marathon-to-eks:revision, marathon-to-eks:repositoryPath   its branch (HEAD) and folder in the repository (.)
 *   marathon-to-eks:repositorySecret                 Secrets Manager secret with the repository's credentials (JSON)
 *   marathon-to-eks:handoff                          true for the one deploy that moves a CloudFormation-delivered
 *                                                    estate to Argo CD (README, "Large estates")
 *   marathon-to-eks:gitops-engine                    helm (default) | managed: the argo-cd chart or the EKS capability
 *   marathon-to-eks:identityCenterInstanceArn        with managed: the IAM Identity Center instance Argo CD signs in with
 *   marathon-to-eks:argocdAdminGroups                with managed: comma-separated Identity Center group ids (ADMIN)
 *   marathon-to-eks:maxNodesPerCluster, …PodsPerCluster, …ContainersPerCluster
 *                                                    lower the per-cluster limits; past them the estate is split into
 *                                                    one environment (and stack) per proposed cluster
 */
import * as path from 'node:path';
import { App, CfnOutput, Stack, Validations } from 'aws-cdk-lib';
import * as cdk8s from 'cdk8s';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  Capacity,
  ClusterEndpoint,
  Delivery,
  EksEnvironment,
  GitCredentials,
  GitOpsEngine,
  type GitOpsDeliveryOptions,
  MarathonWorkload,
  NatGateways,
  clusterEnvironments,
  estateGraph,
  formatDiagnostic,
  loadEstate,
  platformWorkloadDemand,
  proposeClusters,
  resolveAddons,
  translateEstate,
} from '../lib';

async function main(): Promise<void> {
  const app = new App();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  await addEnvironments(app);
  app.synth();
}

/**
 * The environments, built in a function of their own: the loaded and compiled estate is garbage by the time the app
 * synthesizes (for a large estate under GitOps that halves the synth, whose garbage collections would walk it).
 */
async function addEnvironments(app: App): Promise<void> {
  const context = (key: string): string | undefined =>
    app.node.tryGetContext(`marathon-to-eks:${key}`) as string | undefined;
  const list = (key: string) =>
    (context(key) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');

  const estate = await loadEstate({
    paths: [path.resolve(context('estate') ?? path.join(__dirname, '../examples/estate'))],
  });
  const errors = estate.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new Error(
      `the estate has invalid definitions (run marathon-to-eks validate):\n${errors.map(formatDiagnostic).join('\n')}`,
    );
  }

  const capacity = capacityFrom(context('capacity'));
  const gitOps = gitOpsFrom(context);
  const cidrs = list('adminCidrs');
  // Past a cluster's limits (or the caps given), one environment per proposed cluster, each in its own stack; one
  // cluster keeps the stack and ids it always had.
  const caps = {
    nodes: wholeNumber(context('maxNodesPerCluster')),
    pods: wholeNumber(context('maxPodsPerCluster')),
    containers: wholeNumber(context('maxContainersPerCluster')),
  };
  const split = proposeClusters(
    translateEstate(estate.definitions, estate.groups),
    estateGraph(estate.definitions, estate.groups).edges,
    {
      limits: Object.fromEntries(Object.entries(caps).filter(([, cap]) => cap !== undefined)),
      // The add-ons' pods run in every cluster (EksEnvironment's own plan counts them the same way).
      perCluster: platformWorkloadDemand(resolveAddons({}, { capacityMode: capacity.mode }), {
        capacityMode: capacity.mode,
        ...(gitOps ? { gitOpsEngine: gitOps.engine } : {}),
      }),
    },
  );
  if (split.problems.length > 0) {
    throw new Error(`the estate cannot be split into clusters: ${split.problems.join('; ')}`);
  }
  for (const { name, select } of clusterEnvironments(split, 'Eks')) {
    const single = select === undefined;
    const stack = new Stack(app, single ? 'MarathonToEks' : `MarathonToEks-${name}`, {
      env: { account: context('account'), region: context('region') },
      description: `marathon-to-eks example environment${single ? '' : ` ${name}`}: EKS, add-ons and the migrated example estate`,
    });
    const environment = new EksEnvironment(stack, single ? 'Eks' : name, {
      endpoint: cidrs.length > 0 ? ClusterEndpoint.publicFrom(...cidrs) : ClusterEndpoint.private(),
      adminRoleArns: list('adminRoleArns'),
      natGateways: NatGateways.perAz(),
      capacity,
      // Each proposed cluster syncs its own folder: `convert --layout gitops --only <its groups>` into
      // <repositoryPath>/<cluster name> (plan prints the groups per cluster).
      ...(gitOps
        ? { gitOpsEngine: gitOps.engine, delivery: single ? gitOps.delivery : clusterDelivery(gitOps.options, name) }
        : {}),
      // The node groups (or NodePools) are sized for these workloads and the add-ons by the capacity planner (marathon-to-eks plan).
      workloads: [
        new MarathonWorkload(new cdk8s.App(), 'estate', {
          definitions: estate.definitions,
          groups: estate.groups,
          certificateArns: list('certificateArn'),
          ...(select ? { select } : {}),
        }),
      ],
    });
    const cost = environment.hourlyCost;
    new CfnOutput(stack, 'EstimatedCost', {
      description: 'On-demand us-east-1 estimate (control plane, nodes, NAT gateways)',
      value: `$${cost.usdPerHour}/hour, $${cost.usdPerMonth}/month`,
    });
  }
}

/** GitOps delivery and its engine, when the context asks for them. */
function gitOpsFrom(
  context: (key: string) => string | undefined,
): { engine: GitOpsEngine; delivery: Delivery; options: GitOpsDeliveryOptions } | undefined {
  const mode = context('delivery') ?? 'cloudformation';
  if (mode === 'cloudformation') {
    return undefined;
  }
  if (mode !== 'gitops') {
    throw new Error(`marathon-to-eks:delivery must be cloudformation or gitops, got ${JSON.stringify(mode)}`);
  }
  const repository = context('repository');
  if (!repository) {
    throw new Error(
      'marathon-to-eks:delivery=gitops needs -c marathon-to-eks:repository=<the Git URL convert --layout gitops writes to>',
    );
  }
  const secret = context('repositorySecret');
  const revision = context('revision');
  const repositoryPath = context('repositoryPath');
  const options: GitOpsDeliveryOptions = {
    repository,
    ...(revision ? { revision } : {}),
    ...(repositoryPath ? { path: repositoryPath } : {}),
    ...(secret ? { credentials: GitCredentials.secretsManager(secret) } : {}),
    ...(context('handoff') === 'true' ? { handoff: true } : {}),
  };
  const delivery = Delivery.gitOps(options);
  const engine = context('gitops-engine') ?? 'helm';
  if (engine === 'helm') {
    return { engine: GitOpsEngine.argoCdHelm(), delivery, options };
  }
  if (engine !== 'managed') {
    throw new Error(`marathon-to-eks:gitops-engine must be helm or managed, got ${JSON.stringify(engine)}`);
  }
  const instanceArn = context('identityCenterInstanceArn');
  if (!instanceArn) {
    throw new Error(
      'marathon-to-eks:gitops-engine=managed needs -c marathon-to-eks:identityCenterInstanceArn=arn:aws:sso:::instance/ssoins-…',
    );
  }
  const admins = (context('argocdAdminGroups') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  return {
    engine: GitOpsEngine.managedArgoCd({
      identityCenter: { instanceArn },
      ...(admins.length > 0
        ? { rbac: [{ role: 'ADMIN', identities: admins.map((id) => ({ id, type: 'SSO_GROUP' as const })) }] }
        : {}),
    }),
    delivery,
    options,
  };
}

/** A proposed cluster's delivery: its own folder under the repository path. */
function clusterDelivery(options: GitOpsDeliveryOptions, cluster: string): Delivery {
  const base = (options.path ?? '.').replace(/\/+$/, '');
  return Delivery.gitOps({ ...options, path: base === '.' || base === '' ? cluster : `${base}/${cluster}` });
}

/** A whole number from the context (-c key=42), or undefined when it is not set. */
function wholeNumber(value: string | undefined): number | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (!/^[1-9][0-9]*$/.test(String(value))) {
    throw new Error(`expected a whole number, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** The capacity mode the context names. */
function capacityFrom(mode: string | undefined): Capacity {
  switch (mode ?? 'node-groups') {
    case 'node-groups':
      return Capacity.nodeGroups();
    case 'karpenter':
      return Capacity.karpenter();
    case 'auto-mode':
      return Capacity.autoMode();
    default:
      throw new Error(
        `marathon-to-eks:capacity must be node-groups, karpenter or auto-mode, got ${JSON.stringify(mode)}`,
      );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
