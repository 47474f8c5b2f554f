import * as fs from 'node:fs';
import {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolation,
  Validations,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/*
 * Synth-time checks, run by the CDK's validation framework after every template is written: a finding fails
 * `cdk synth` with the construct path and how to fix it, or is acknowledged with a reason:
 *   Validations.of(construct).acknowledge({ id: 'marathon-to-eks::M2E-EKS1', reason: '…' })
 */

export const PLUGIN_NAME = 'marathon-to-eks';

/** CloudFormation's own limits (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html). */
export const CLOUDFORMATION_LIMITS = {
  templateBytes: 1_000_000,
  resources: 500,
  outputs: 200,
  parameters: 200,
} as const;

/** What one custom resource may carry so its Lambda event (old and new properties) stays under 256 KB. */
export const MAX_CUSTOM_RESOURCE_PAYLOAD_BYTES = 120 * 1024;

const KUBECTL_RESOURCE_TYPES = new Set(['Custom::AWSCDK-EKS-KubernetesResource', 'Custom::AWSCDK-EKS-HelmChart']);

/** The control-plane log types a migrated estate needs to investigate access and scheduling. */
const REQUIRED_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

interface Template {
  readonly Resources?: Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>;
  readonly Outputs?: Record<string, unknown>;
  readonly Parameters?: Record<string, unknown>;
}

/**
 * The EKS checks cdk-nag cannot make: its EKS1 / EKS2 rules only recognise clusters of `aws-cdk-lib/aws-eks`, not
 * of `aws-eks-v2`. They read the synthesized `AWS::EKS::Cluster`, whichever construct made it.
 * - M2E-EKS1: the API endpoint is public without a CIDR allow-list (or the list holds 0.0.0.0/0).
 * - M2E-EKS2: control-plane logging misses one of api, audit, authenticator, controllerManager, scheduler.
 * - M2E-EKS3: Kubernetes Secrets are not envelope-encrypted with a KMS key.
 * And the CloudFormation limits an estate's manifests can break (aws-cdk #17362, #19165):
 * - M2E-CFN1: a template over 1 MB, 500 resources, 200 outputs or 200 parameters.
 * - M2E-CFN2: a manifest or Helm values payload too big for the kubectl Lambda's 256 KB event.
 */
export class MarathonToEksChecks implements IPolicyValidationPlugin {
  readonly name = PLUGIN_NAME;
  readonly ruleIds = ['M2E-EKS1', 'M2E-EKS2', 'M2E-EKS3', 'M2E-CFN1', 'M2E-CFN2'];

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations: PolicyViolation[] = [];
    for (const templatePath of context.templatePaths) {
      const text = fs.readFileSync(templatePath, 'utf8');
      const template = JSON.parse(text) as Template;
      violations.push(...templateLimitViolations(template, Buffer.byteLength(text), templatePath));
      for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
        const at = (locations: string[]) => [{ resourceLogicalId: logicalId, templatePath, locations }];
        if (resource.Type === 'AWS::EKS::Cluster') {
          for (const finding of clusterFindings(resource.Properties ?? {})) {
            violations.push({ ...finding, violatingResources: at(finding.locations) });
          }
        }
        if (KUBECTL_RESOURCE_TYPES.has(resource.Type)) {
          const payload = Buffer.byteLength(JSON.stringify(resource.Properties ?? {}));
          if (payload > MAX_CUSTOM_RESOURCE_PAYLOAD_BYTES) {
            violations.push({
              ruleName: 'M2E-CFN2',
              description: `${resource.Type} ${logicalId} carries ${kib(payload)}; its Lambda event holds old and new properties on update and must stay under 256 KB`,
              fix: 'split the manifest (EksEnvironment.addWorkload does) or deliver it with GitOps',
              violatingResources: at(['Properties']),
            });
          }
        }
      }
    }
    return { success: violations.length === 0, violations };
  }
}

interface Finding {
  readonly ruleName: string;
  readonly description: string;
  readonly fix: string;
  readonly locations: string[];
}

/** What is wrong with one `AWS::EKS::Cluster`'s properties. */
export function clusterFindings(properties: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  const vpc = (properties.ResourcesVpcConfig ?? {}) as { EndpointPublicAccess?: unknown; PublicAccessCidrs?: unknown };
  // CloudFormation's defaults: public access on, from anywhere.
  const cidrs = Array.isArray(vpc.PublicAccessCidrs) ? vpc.PublicAccessCidrs : undefined;
  if (
    vpc.EndpointPublicAccess !== false &&
    (cidrs === undefined || cidrs.some((cidr) => cidr === '0.0.0.0/0' || cidr === '::/0'))
  ) {
    findings.push({
      ruleName: 'M2E-EKS1',
      description: 'The cluster API endpoint is reachable from the whole internet',
      fix: 'use a private endpoint, or a public one limited to your CIDRs (EksEnvironment: ClusterEndpoint.private() or ClusterEndpoint.publicFrom(...))',
      locations: ['Properties/ResourcesVpcConfig'],
    });
  }
  const logging = properties.Logging as { ClusterLogging?: { EnabledTypes?: { Type?: unknown }[] } } | undefined;
  const enabled = new Set((logging?.ClusterLogging?.EnabledTypes ?? []).map((entry) => entry.Type));
  const missing = REQUIRED_LOG_TYPES.filter((type) => !enabled.has(type));
  if (missing.length > 0) {
    findings.push({
      ruleName: 'M2E-EKS2',
      description: `Control-plane logging is off for ${missing.join(', ')}`,
      fix: 'enable every control-plane log type (clusterLogging)',
      locations: ['Properties/Logging'],
    });
  }
  const encryption = properties.EncryptionConfig as
    { Resources?: unknown[]; Provider?: { KeyArn?: unknown } }[] | undefined;
  if (
    !encryption?.some(
      (config) => config.Provider?.KeyArn !== undefined && (config.Resources ?? ['secrets']).includes('secrets'),
    )
  ) {
    findings.push({
      ruleName: 'M2E-EKS3',
      description: 'Kubernetes Secrets are not envelope-encrypted with a KMS key',
      fix: 'set secretsEncryptionKey',
      locations: ['Properties/EncryptionConfig'],
    });
  }
  return findings;
}

function templateLimitViolations(template: Template, bytes: number, templatePath: string): PolicyViolation[] {
  const counts = {
    templateBytes: bytes,
    resources: Object.keys(template.Resources ?? {}).length,
    outputs: Object.keys(template.Outputs ?? {}).length,
    parameters: Object.keys(template.Parameters ?? {}).length,
  };
  const over = (Object.keys(CLOUDFORMATION_LIMITS) as (keyof typeof CLOUDFORMATION_LIMITS)[]).filter(
    (limit) => counts[limit] > CLOUDFORMATION_LIMITS[limit],
  );
  if (over.length === 0) {
    return [];
  }
  const [anyResource] = Object.keys(template.Resources ?? {});
  return [
    {
      ruleName: 'M2E-CFN1',
      description: `The template is over CloudFormation's limits: ${over.map((limit) => `${limit} ${counts[limit]} > ${CLOUDFORMATION_LIMITS[limit]}`).join(', ')}; CloudFormation would reject it at deploy`,
      fix: 'split the stack (EksEnvironment.addWorkload spreads workloads over stacks; check what else the stack holds)',
      violatingResources:
        anyResource === undefined ? [] : [{ resourceLogicalId: anyResource, templatePath, locations: ['Resources'] }],
    },
  ];
}

const registered = new WeakSet<IConstruct>();

/** Registers the checks once on the app (or stage) that holds `scope`. */
export function registerChecks(scope: IConstruct): void {
  const root = scope.node.root;
  if (registered.has(root)) {
    return;
  }
  registered.add(root);
  Validations.of(root).addPlugins(new MarathonToEksChecks());
}

function kib(bytes: number): string {
  return `${Math.round(bytes / 1024)} KiB`;
}
