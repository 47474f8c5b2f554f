import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { HelmAddonOptions, mergeValues } from './addon-options';

/** A chart an add-on installs: where it is published, and the version this library was checked against. */
export interface HelmChartSource {
  /** URL of the chart repository, e.g. `https://kubernetes.github.io/autoscaler`. */
  readonly repository: string;
  /** Chart name, also the release name unless the release names its own. */
  readonly chart: string;
  /** The pinned chart version. */
  readonly version: string;
}

export interface HelmReleaseProps {
  /** The cluster the release is installed in. */
  readonly cluster: eks.Cluster;
  /** The chart, from where it is published. */
  readonly chart: HelmChartSource;
  /** The release name: a second release of one chart in one namespace needs its own. @default the chart's name */
  readonly release?: string;
  /** The chart version to install. @default the chart's checked version */
  readonly version?: string;
  /** Namespace of the release. */
  readonly namespace: string;
  /** Chart values; never a credential (they are stored in the template and in the release). @default none */
  readonly values?: Record<string, unknown>;
  /** Whether Helm creates the namespace. @default false: the namespace is made beforehand, or is kube-system */
  readonly createNamespace?: boolean;
  /** How long Helm waits for the release's workloads to be ready. @default 10 minutes */
  readonly timeout?: Duration;
  /** What `cdk destroy` does to the release. @default RemovalPolicy.DESTROY (helm uninstall) */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A Helm release as the environment installs them: pinned chart version, waiting until its workloads are ready,
 * within a timeout the kubectl Lambda's 15 minutes outlive, so a slow install fails cleanly instead of leaving the
 * release stuck in pending-install (aws-cdk #22257).
 */
export function helmRelease(scope: Construct, id: string, props: HelmReleaseProps): eks.HelmChart {
  return new eks.HelmChart(scope, id, {
    cluster: props.cluster,
    repository: props.chart.repository,
    chart: props.chart.chart,
    release: props.release ?? props.chart.chart,
    version: props.version ?? props.chart.version,
    namespace: props.namespace,
    createNamespace: props.createNamespace ?? false,
    wait: true,
    timeout: props.timeout ?? Duration.minutes(10),
    ...(props.values ? { values: props.values } : {}),
    ...(props.removalPolicy ? { removalPolicy: props.removalPolicy } : {}),
  });
}

/** An add-on's release: the caller's `chartVersion` and `values` (its {@link HelmAddonOptions}) over the add-on's own. */
export function helmAddon(
  scope: Construct,
  id: string,
  options: HelmAddonOptions,
  props: Omit<HelmReleaseProps, 'version'> & { readonly values: Record<string, unknown> },
): eks.HelmChart {
  return helmRelease(scope, id, {
    ...props,
    version: options.chartVersion,
    values: mergeValues(props.values, options.values),
  });
}
