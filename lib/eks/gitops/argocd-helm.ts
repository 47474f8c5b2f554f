import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IConstruct } from 'constructs';
import { ARGOCD_NAMESPACE, DEFAULT_DESTINATION } from '../../gitops/argocd-objects';
import { ContainerResources, PlatformPods, mergeValues, oneReplica } from '../addons/addon-options';
import { HelmChartSource, helmAddon } from '../addons/helm';
import { APPLICATION_HEALTH_KEY, APPLICATION_HEALTH_LUA } from './argocd-health';
import { ArgoCdHelmOptions, InstalledGitOpsEngine } from './gitops-options';

/**
 * The chart this library was checked against: argo-helm charts/argo-cd/Chart.yaml at af0a9310 (2026-07-02) says
 * `version: 10.1.1`, `appVersion: v3.4.4`. Every values key below is read from that commit's values.yaml.
 */
export const ARGOCD_CHART: HelmChartSource = {
  repository: 'https://argoproj.github.io/argo-helm',
  chart: 'argo-cd',
  version: '10.1.1',
};

/**
 * The release name. With the chart's `nameOverride: argocd`, a release named `argocd` makes objects named
 * `argocd-server`, `argocd-repo-server`… (templates/_common.tpl `argo-cd.fullname`: the release name alone when it
 * contains the name), as the upstream manifests name them; the default release `argo-cd` would make `argo-cd-argocd-…`.
 */
export const ARGOCD_RELEASE = 'argocd';

const COMPONENTS = {
  controller: {
    values: 'controller',
    pod: 'argocd-application-controller',
    resources: { cpu: '250m', memory: '512Mi' },
  },
  repoServer: { values: 'repoServer', pod: 'argocd-repo-server', resources: { cpu: '100m', memory: '256Mi' } },
  server: { values: 'server', pod: 'argocd-server', resources: { cpu: '50m', memory: '128Mi' } },
  redis: { values: 'redis', pod: 'argocd-redis', resources: { cpu: '50m', memory: '64Mi' } },
  applicationSet: {
    values: 'applicationSet',
    pod: 'argocd-applicationset-controller',
    resources: { cpu: '50m', memory: '64Mi' },
  },
} as const;

type Component = keyof typeof COMPONENTS;

/**
 * Resources of one component as the release gets them: the caller's `values.<component>.resources` merged over ours
 * (as {@link mergeValues} merges the values), so the capacity plan counts what the pods request.
 */
function componentResources(options: ArgoCdHelmOptions, component: Component): ContainerResources {
  const values = options.values?.[COMPONENTS[component].values] as { resources?: ContainerResources } | undefined;
  const ours = { requests: { ...COMPONENTS[component].resources } };
  return mergeValues(ours, values?.resources as Record<string, unknown> | undefined) as ContainerResources;
}

/** Options of {@link ArgoCdHelm}. */
export interface ArgoCdHelmProps extends ArgoCdHelmOptions {
  /** The cluster Argo CD runs in and deploys to. */
  readonly cluster: eks.Cluster;
}

/**
 * Argo CD from the argo-helm `argo-cd` chart (pinned), in namespace `argocd`, which the release creates. Argo CD
 * installed so names its own cluster `in-cluster` (`https://kubernetes.default.svc`) and needs no registration.
 *
 * - The server is not exposed: a ClusterIP Service (`server.service.type`), reached with `kubectl port-forward`.
 * - No admin password in the values (`configs.secret.argocdServerAdminPassword` stays empty): Argo CD then writes a
 *   random one into the Secret `argocd-initial-admin-secret` in the cluster, never into the template.
 * - Dex and the notifications controller are off: nothing here signs in through SSO or sends notifications.
 * - `crds.keep` stays true (the chart's default): `helm uninstall` on destroy leaves the CRDs, so an Application a
 *   failed destroy left behind keeps its finalizer and its objects instead of vanishing with its CRD while Argo CD is
 *   gone (which would orphan its load balancers). Deleting the CRDs is left to the operator once the cluster is empty.
 */
export class ArgoCdHelm extends Construct implements InstalledGitOpsEngine {
  /** Its pods for the capacity plan: every component one replica (values.yaml `replicas: 1`), requests as set. */
  static pods(options: ArgoCdHelmOptions = {}): PlatformPods[] {
    return (Object.keys(COMPONENTS) as Component[]).map((component) =>
      oneReplica(`${ARGOCD_NAMESPACE}/${COMPONENTS[component].pod}`, componentResources(options, component)),
    );
  }

  readonly namespace = ARGOCD_NAMESPACE;
  readonly destination = DEFAULT_DESTINATION;
  readonly ready: readonly IConstruct[];
  readonly chart: eks.HelmChart;

  constructor(scope: Construct, id: string, props: ArgoCdHelmProps) {
    super(scope, id);
    const resources = (component: Component) => componentResources({}, component);
    this.chart = helmAddon(this, 'Chart', props, {
      cluster: props.cluster,
      chart: ARGOCD_CHART,
      release: ARGOCD_RELEASE,
      namespace: ARGOCD_NAMESPACE,
      createNamespace: true,
      values: {
        crds: { install: true, keep: true },
        configs: {
          cm: { [APPLICATION_HEALTH_KEY]: APPLICATION_HEALTH_LUA },
        },
        controller: { resources: resources('controller') },
        repoServer: { resources: resources('repoServer') },
        server: { service: { type: 'ClusterIP' }, resources: resources('server') },
        redis: { resources: resources('redis') },
        applicationSet: { resources: resources('applicationSet') },
        dex: { enabled: false },
        notifications: { enabled: false },
      },
    });
    this.ready = [this.chart];
  }
}
