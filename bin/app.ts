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
 */
import * as path from 'node:path';
import { App, CfnOutput, Stack, Validations } from 'aws-cdk-lib';
import * as cdk8s from 'cdk8s';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  Capacity,
  ClusterEndpoint,
  EksEnvironment,
  MarathonWorkload,
  NatGateways,
  formatDiagnostic,
  loadEstate,
} from '../lib';

async function main(): Promise<void> {
  const app = new App();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
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
  const stack = new Stack(app, 'MarathonToEks', {
    env: { account: context('account'), region: context('region') },
    description: 'marathon-to-eks example environment: EKS, add-ons and the migrated example estate',
  });
  const cidrs = list('adminCidrs');
  const environment = new EksEnvironment(stack, 'Eks', {
    endpoint: cidrs.length > 0 ? ClusterEndpoint.publicFrom(...cidrs) : ClusterEndpoint.private(),
    adminRoleArns: list('adminRoleArns'),
    natGateways: NatGateways.perAz(),
    capacity,
    // The node groups (or NodePools) are sized for these workloads and the add-ons by the capacity planner (marathon-to-eks plan).
    workloads: [
      new MarathonWorkload(new cdk8s.App(), 'estate', {
        definitions: estate.definitions,
        groups: estate.groups,
        certificateArns: list('certificateArn'),
      }),
    ],
  });
  const cost = environment.hourlyCost;
  new CfnOutput(stack, 'EstimatedCost', {
    description: 'On-demand us-east-1 estimate (control plane, nodes, NAT gateways)',
    value: `$${cost.usdPerHour}/hour, $${cost.usdPerMonth}/month`,
  });
  app.synth();
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
