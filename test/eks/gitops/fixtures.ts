import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, CfnElement, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { KubectlV36Layer } from '@aws-cdk/lambda-layer-kubectl-v36';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ExternalSecrets } from '../../../lib/eks/addons/external-secrets';
import { GitOpsBootstrap } from '../../../lib/eks/gitops/gitops-bootstrap';
import { installGitOpsEngine } from '../../../lib/eks/gitops/gitops-engine';
import { GitOpsDeliveryOptions, GitOpsEngine, InstalledGitOpsEngine } from '../../../lib/eks/gitops/gitops-options';
import { acknowledgeInherentFindings } from '../../../lib/eks/nag';
import { Network } from '../../../lib/eks/network';
import { ENV, offlineApp } from '../helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- templates and manifests read by path
export type Json = any;

export const CLUSTER_NAME = 'm2e-gitops';

export interface BuildOptions {
  readonly engine: GitOpsEngine;
  /** @default none: only the engine */
  readonly delivery?: GitOpsDeliveryOptions;
  /** @default true */
  readonly externalSecrets?: boolean;
  /** @default true */
  readonly albController?: boolean;
  /** @default false */
  readonly nag?: boolean;
}

export interface Built {
  readonly app: App;
  readonly stack: Stack;
  readonly cluster: eks.Cluster;
  readonly engine: InstalledGitOpsEngine;
  readonly bootstrap?: GitOpsBootstrap;
  readonly externalSecrets?: ExternalSecrets;
}

/** A bare aws-eks-v2 cluster with the engine and, given a delivery, the bootstrap objects; not yet synthesized. */
export function build(options: BuildOptions): Built {
  const app = offlineApp();
  if (options.nag) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  }
  const stack = new Stack(app, 'Platform', { env: ENV });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    clusterName: CLUSTER_NAME,
    version: eks.KubernetesVersion.V1_36,
    // The environment's network (flow logs on), so cdk-nag reports only what the GitOps constructs bring.
    vpc: new Network(stack, 'Network').vpc,
    vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    defaultCapacity: 0,
    kubectlProviderOptions: { kubectlLayer: new KubectlV36Layer(stack, 'KubectlLayer') },
    ...(options.albController === false ? {} : { albController: { version: eks.AlbControllerVersion.V3_2_2 } }),
  });
  const engine = installGitOpsEngine(stack, options.engine, { cluster, clusterName: CLUSTER_NAME });
  const externalSecrets =
    options.externalSecrets === false
      ? undefined
      : new ExternalSecrets(stack, 'ExternalSecrets', {
          cluster,
          clusterName: CLUSTER_NAME,
          platformNamespaces: ['monitoring', engine.namespace],
        });
  const bootstrap = options.delivery
    ? new GitOpsBootstrap(stack, 'Bootstrap', { cluster, engine, delivery: options.delivery, externalSecrets })
    : undefined;
  acknowledgeInherentFindings({ cluster, externalSecrets });
  return { app, stack, cluster, engine, bootstrap, externalSecrets };
}

export interface Synthesized extends Built {
  readonly template: Template;
  readonly json: Json;
  readonly text: string;
  readonly report: Json;
}

export function synth(built: Built): Synthesized {
  const assembly = built.app.synth();
  const artifact = assembly.getStackByName(built.stack.stackName);
  const text = fs.readFileSync(path.join(assembly.directory, artifact.templateFile), 'utf8');
  const reportFile = path.join(assembly.directory, 'validation-report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { pluginReports: [] };
  const json = JSON.parse(text);
  return { ...built, template: Template.fromJSON(json), json, text, report };
}

export function resources(json: Json, type: string): [string, Json][] {
  return Object.entries(json.Resources as Record<string, Json>).filter(([, r]) => r.Type === type);
}

export function dependsOn(resource: Json): string[] {
  return [resource.DependsOn ?? []].flat();
}

/** The logical id of a construct's CloudFormation resource (its default child, or itself). */
export function logicalId(construct: IConstruct): string {
  const resource = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(resource);
}

/** The logical id of every CloudFormation resource under a construct. */
export function logicalIds(construct: IConstruct): string[] {
  return construct.node
    .findAll()
    .filter((c): c is CfnResource => c instanceof CfnResource)
    .map((c) => Stack.of(c).getLogicalId(c));
}

/** A template value with its tokens (Refs, GetAtts) left as they are, Fn::Join joined around them. */
export function joined(value: Json): Json[] {
  const join = value?.['Fn::Join'];
  return join ? (join[1] as Json[]) : [value];
}

/** Removes the prune label KubernetesManifest adds, to compare an object with what was given. */
export function withoutPruneLabel<T>(object: T): T {
  const copy = structuredClone(object) as Json;
  const labels = copy.metadata?.labels as Record<string, string> | undefined;
  for (const key of Object.keys(labels ?? {})) {
    if (key.startsWith('aws.cdk.eks/prune-')) {
      delete labels![key];
    }
  }
  if (labels && Object.keys(labels).length === 0) {
    delete copy.metadata.labels;
  }
  return copy as T;
}
