import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cdk8s from 'cdk8s';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EksEnvironment, EksEnvironmentProps } from '../../lib/eks/eks-environment';
import { LoadResult } from '../../lib/marathon/load/definition';
import { isCredential } from '../../lib/translate/credentials';
import { MarathonWorkload } from '../../lib/workload/marathon-workload';

/** Every optional add-on off: for tests of the environment or the delivery alone. */
export const NO_ADDONS: EksEnvironmentProps['addons'] = {
  loadBalancerController: false,
  metricsServer: false,
  clusterAutoscaler: false,
  ebsCsi: false,
  externalSecrets: false,
  monitoring: false,
};

export const ENV = { account: '123456789012', region: 'us-east-1' };

/** An app that synthesizes offline: the AZ lookup seeded, assets not copied (the kubectl layer is 37 MB). */
export function offlineApp(): App {
  return new App({
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'm2e-cdk-')),
    context: {
      'availability-zones:account=123456789012:region=us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      'aws:cdk:disable-asset-staging': true,
      '@aws-cdk/core:defaultCrossStackReferences': 'strong',
    },
  });
}

export interface Synthesized {
  readonly app: App;
  readonly stack: Stack;
  readonly environment: EksEnvironment;
  /** Every stack's template, by stack name. */
  readonly templates: ReadonlyMap<string, Template>;
  /** Raw template JSON text, by stack name. */
  readonly texts: ReadonlyMap<string, string>;
  readonly validationReport: {
    pluginReports: {
      pluginName: string;
      violations: unknown[];
      suppressedViolations?: { ruleName: string; reason: string; acknowledgedId: string }[];
    }[];
  };
}

/** An environment (with cdk-nag, as bin/app.ts runs it, unless `nag` is false), optionally carrying an estate, synthesized. */
export function synthesize(
  props: EksEnvironmentProps | ((stack: Stack) => EksEnvironmentProps) = {},
  estate?: LoadResult,
  nag = true,
): Synthesized {
  const app = offlineApp();
  if (nag) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  }
  const stack = new Stack(app, 'Platform', { env: ENV });
  // Props that refer to the stack (a hosted zone imported into it) are made once the stack is.
  const environment = new EksEnvironment(stack, 'Eks', typeof props === 'function' ? props(stack) : props);
  if (estate) {
    // Alert rules and monitors need the monitoring add-on's CRDs: without the add-on, the workloads come alone.
    const alerts = environment.monitoring !== undefined;
    environment.addWorkload(
      new MarathonWorkload(new cdk8s.App(), 'estate', {
        definitions: estate.definitions,
        groups: estate.groups,
        alerts,
      }),
    );
  }
  const assembly = app.synth();
  const templates = new Map<string, Template>();
  const texts = new Map<string, string>();
  for (const artifact of assembly.stacks) {
    const text = fs.readFileSync(path.join(assembly.directory, artifact.templateFile), 'utf8');
    texts.set(artifact.stackName, text);
    templates.set(artifact.stackName, Template.fromJSON(JSON.parse(text)));
  }
  const reportFile = path.join(assembly.directory, 'validation-report.json');
  const validationReport = fs.existsSync(reportFile)
    ? JSON.parse(fs.readFileSync(reportFile, 'utf8'))
    : { pluginReports: [] };
  return { app, stack, environment, templates, texts, validationReport };
}

/**
 * cdk-nag AwsSolutions found nothing unacknowledged, every acknowledgement has a reason (more than `atLeast` of them),
 * and our own checks found nothing (a plugin without findings writes no report).
 */
export function expectNagClean(result: Synthesized, atLeast = 0): void {
  const nag = result.validationReport.pluginReports.find((report) => report.pluginName === 'AwsSolutions');
  expect(nag?.violations).toEqual([]);
  expect(nag?.suppressedViolations?.length ?? 0).toBeGreaterThan(atLeast);
  for (const suppressed of nag?.suppressedViolations ?? []) {
    expect(suppressed.reason.length).toBeGreaterThan(20);
  }
  expect(
    result.validationReport.pluginReports.find((report) => report.pluginName === 'marathon-to-eks'),
  ).toBeUndefined();
}

/** The manifests (parsed) of every kubectl custom resource in a template. */
export function manifestsOf(template: Template): unknown[][] {
  const resources = template.findResources('Custom::AWSCDK-EKS-KubernetesResource');
  return Object.values(resources).map((resource) => {
    const manifest = (resource as { Properties: { Manifest: unknown } }).Properties.Manifest;
    return JSON.parse(flatten(manifest)) as unknown[];
  });
}

/** A template string value: literal, or `Fn::Join` whose token parts (Refs, imports) become `<token>`. */
export function flatten(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) {
    return join[1].map((part) => (typeof part === 'string' ? part : '<token>')).join(join[0]);
  }
  return '<token>';
}

/** Every string value in a template, with manifests and Helm values parsed. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    // A manifest or Helm values are JSON text: their leaves are what would reach the cluster.
    const parsed = value.startsWith('[{') || value.startsWith('{"') ? tryParse(value) : undefined;
    if (parsed === undefined) {
      out.push(value);
    } else {
      strings(parsed, out);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) {
      strings(item, out);
    }
  } else if (value !== null && typeof value === 'object') {
    // A joined manifest is checked once, by the leaves of its flattened JSON: its fragments are cut mid-JSON, where
    // a key name such as `"secretKey":"admin-user"` would read like a JSON credential.
    const join = (value as { 'Fn::Join'?: unknown })['Fn::Join'];
    if (join) {
      strings(flatten(value), out);
    } else {
      for (const item of Object.values(value)) {
        strings(item, out);
      }
    }
  }
  return out;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `{name, value}` pairs (env vars) anywhere in a template's manifests. */
function namedValues(value: unknown, out: { name: string; value: string }[] = []): { name: string; value: string }[] {
  if (typeof value === 'string' && (value.startsWith('[{') || value.startsWith('{"'))) {
    try {
      namedValues(JSON.parse(value), out);
    } catch {
      // not JSON
    }
  } else if (Array.isArray(value)) {
    for (const item of value) {
      namedValues(item, out);
    }
  } else if (value !== null && typeof value === 'object') {
    const { name, value: literal } = value as { name?: unknown; value?: unknown };
    if (typeof name === 'string' && typeof literal === 'string') {
      out.push({ name, value: literal });
    }
    const join = (value as { 'Fn::Join'?: unknown })['Fn::Join'];
    if (join) {
      namedValues(flatten(value), out);
    }
    for (const item of Object.values(value)) {
      namedValues(item, out);
    }
  }
  return out;
}

/** No template holds a credential: in any string, in any manifest or Helm values, as an env value, or as a SecretString. */
export function expectNoCredentials(result: Synthesized): void {
  for (const [stack, text] of result.texts) {
    const template = JSON.parse(text);
    const leaks = strings(template).filter((value) => isCredential(value));
    expect([stack, leaks]).toEqual([stack, []]);
    const named = namedValues(template).filter(({ name, value }) => isCredential(value, name));
    expect([stack, named]).toEqual([stack, []]);
    for (const resource of Object.values<{ Type: string; Properties?: Record<string, unknown> }>(template.Resources)) {
      if (resource.Type === 'AWS::SecretsManager::Secret') {
        expect(resource.Properties).not.toHaveProperty('SecretString');
      }
    }
  }
}
