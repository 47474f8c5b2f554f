import * as path from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Stack } from 'aws-cdk-lib';
import * as cdk8s from 'cdk8s';
import { MarathonWorkload } from '../../lib/workload/marathon-workload';
import { platformPods, resolveAddons } from '../../lib/eks/addons/addons';
import { mergeValues } from '../../lib/eks/addons/addon-options';
import { pinnedVersions } from '../../lib/eks/addons/addon-versions';
import { AlertReceiver, NULL_RECEIVER } from '../../lib/eks/addons/monitoring';
import { EksEnvironment, EksEnvironmentProps } from '../../lib/eks/eks-environment';
import { loadEstate } from '../../lib/marathon/load/estate';
import { LoadResult } from '../../lib/marathon/load/definition';
import { ENV, NO_ADDONS, Synthesized, flatten, manifestsOf, offlineApp, synthesize } from './helpers';

/*
 * One test per defect of issue 10 that lives in the add-ons, each on the synthesized template or its manifests, and
 * the add-ons' own props. Chart values keys were checked at the pinned chart versions (see each add-on's comments).
 */

const EXAMPLES = path.join(__dirname, '../../examples/estate');

interface HelmChartProperties {
  readonly Chart: string;
  readonly Version: string;
  readonly Values?: unknown;
}

function charts(template: Template): HelmChartProperties[] {
  return Object.values(template.findResources('Custom::AWSCDK-EKS-HelmChart')).map(
    (resource) => (resource as { Properties: HelmChartProperties }).Properties,
  );
}

/** Free-form JSON (chart values, manifest specs), read by path. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- what JSON.parse returns
type ChartValues = any;

/** A chart's values as the handler receives them (tokens, such as the region, shown as `<token>`). */
function valuesOf(template: Template, chart: string): ChartValues {
  const properties = charts(template).find((c) => c.Chart === chart);
  if (!properties) {
    throw new Error(`no chart ${chart}`);
  }
  return JSON.parse(flatten(properties.Values)) as ChartValues;
}

function addonVersion(template: Template, name: string): unknown {
  const addon = Object.values(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: name } }))[0] as
    { Properties: { AddonVersion?: unknown } } | undefined;
  if (!addon) {
    throw new Error(`no add-on ${name}`);
  }
  return addon.Properties.AddonVersion;
}

function logicalIds(template: Template, type: string, properties: Record<string, unknown> = {}): string[] {
  return Object.keys(template.findResources(type, { Properties: properties }));
}

describe('EksEnvironment add-ons with the example estate', () => {
  let estate: LoadResult;
  let result: Synthesized;
  let main: Template;

  beforeAll(async () => {
    estate = await loadEstate({ paths: [EXAMPLES] });
    result = synthesize({}, estate, false);
    main = result.templates.get('Platform') as Template;
  }, 120_000);

  test('monitoring scrapes nothing EKS hides: no scheduler, controller manager, etcd or kube-proxy monitors, so their absent() alerts never fire', () => {
    const values = valuesOf(main, 'kube-prometheus-stack');
    expect(values.kubeScheduler).toEqual({ enabled: false });
    expect(values.kubeControllerManager).toEqual({ enabled: false });
    expect(values.kubeEtcd).toEqual({ enabled: false });
    expect(values.kubeProxy).toEqual({ enabled: false });
  });

  test('the Cluster Autoscaler runs the release of the cluster minor: v1.36.1 on Kubernetes 1.36, not the chart’s v1.35.0', () => {
    expect(valuesOf(main, 'cluster-autoscaler').image).toEqual({ tag: 'v1.36.1' });
    expect(result.environment.clusterAutoscaler?.imageTag).toBe('v1.36.1');
  });

  test('every add-on that may create a Service waits for the load balancer controller, whose webhook would reject it', () => {
    const controller = logicalIds(main, 'Custom::AWSCDK-EKS-HelmChart', { Chart: 'aws-load-balancer-controller' });
    expect(controller).toHaveLength(1);
    const dependsOn = (type: string, properties: Record<string, unknown>) => {
      const [resource] = Object.values(main.findResources(type, { Properties: properties })) as {
        DependsOn?: string[];
      }[];
      return resource.DependsOn ?? [];
    };
    expect(dependsOn('AWS::EKS::Addon', { AddonName: 'metrics-server' })).toEqual(expect.arrayContaining(controller));
    expect(dependsOn('AWS::EKS::Addon', { AddonName: 'aws-ebs-csi-driver' })).toEqual(
      expect.arrayContaining(controller),
    );
    for (const chart of [
      'cluster-autoscaler',
      'external-secrets',
      'kube-prometheus-stack',
      'prometheus-operator-crds',
    ]) {
      expect([chart, dependsOn('Custom::AWSCDK-EKS-HelmChart', { Chart: chart })]).toEqual([
        chart,
        expect.arrayContaining(controller),
      ]);
    }
  });

  test('add-on versions: Helm charts pinned; EKS add-ons pinned where a version is known, else a warning says how to pin', () => {
    expect(Object.fromEntries(charts(main).map((c) => [c.Chart, c.Version]))).toEqual({
      'aws-load-balancer-controller': '3.2.2',
      'cluster-autoscaler': '9.59.0',
      // 2.10.0, pinned before, does not exist (external-secrets tags and chart index stop at 2.9.0).
      'external-secrets': '2.9.0',
      'kube-prometheus-stack': '88.2.0',
      'prometheus-operator-crds': '31.0.1',
    });
    // No public source names Kubernetes 1.36 builds yet (data/eks-addons/SOURCES.md): nothing is guessed.
    for (const addon of ['aws-ebs-csi-driver', 'metrics-server', 'eks-pod-identity-agent']) {
      expect(addonVersion(main, addon)).toBeUndefined();
    }
    const warnings = Annotations.fromStack(result.stack).findWarning(
      '*',
      Match.stringLikeRegexp('no version of .* is pinned for Kubernetes 1.36'),
    );
    expect(warnings.map((w) => String(w.entry.data).match(/no version of (\S+)/)?.[1]).sort()).toEqual([
      'aws-ebs-csi-driver',
      'eks-pod-identity-agent',
      'metrics-server',
    ]);
  });

  test('a namespace’s SecretStore reads only its own secrets; the platform’s secrets only from the monitoring namespace', () => {
    const mainObjects = manifestsOf(main).flat() as { kind: string; metadata: { name: string }; spec: ChartValues }[];
    const platform = mainObjects.find((o) => o.kind === 'ClusterSecretStore');
    expect(platform?.metadata.name).toBe('platform-secrets');
    expect(platform?.spec.conditions).toEqual([{ namespaces: ['monitoring'] }]);
    expect(platform?.spec.provider.aws.role).toBe('<token>');
    // Every ExternalSecret of the platform reads through the platform store, in the monitoring namespace.
    for (const secret of mainObjects.filter((o) => o.kind === 'ExternalSecret')) {
      expect(secret.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'platform-secrets' });
    }

    const workloads = result.templates.get('Platform-estate-0') as Template;
    const objects = manifestsOf(workloads).flat() as {
      kind: string;
      metadata: { name: string; namespace: string };
      spec: ChartValues;
    }[];
    const stores = objects.filter((o) => o.kind === 'SecretStore');
    expect(stores.map((s) => s.metadata.namespace).sort()).toEqual(['payments', 'shop']);
    for (const store of stores) {
      expect(store.metadata.name).toBe('aws-secrets-manager');
    }
    for (const secret of objects.filter((o) => o.kind === 'ExternalSecret')) {
      expect(secret.spec.secretStoreRef).toEqual({ kind: 'SecretStore', name: 'aws-secrets-manager' });
    }

    // The shop namespace's role may read exactly the secrets shop's ExternalSecrets name, by name (Secrets Manager
    // appends 6 characters): the DC/OS secrets shop/postgres/password and analytics/smtp/password, nothing of payments.
    const roles = workloads.findResources('AWS::IAM::Role', {
      Properties: { Path: '/marathon-to-eks/Platform-Eks/namespaces/shop/' },
    });
    expect(Object.keys(roles)).toHaveLength(1);
    const [shopRole] = Object.keys(roles);
    const policies = Object.values(workloads.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(shopRole),
    );
    const resources = JSON.stringify(
      policies.map((p) =>
        (
          p as { Properties: { PolicyDocument: { Statement: { Resource: unknown }[] } } }
        ).Properties.PolicyDocument.Statement.map((s) => s.Resource),
      ),
    );
    expect(resources).toContain('secret:marathon-to-eks/shop/postgres/password-??????');
    expect(resources).toContain('secret:marathon-to-eks/analytics/smtp/password-??????');
    expect(resources).not.toContain('payments');
    expect(resources).not.toContain('*');

    // The controller itself reads no secret: it may only assume this environment's store roles.
    const controllerPolicies = Object.values(main.findResources('AWS::IAM::Policy')).map((p) => JSON.stringify(p));
    const controller = controllerPolicies.find(
      (p) => p.includes('sts:AssumeRole') && p.includes('marathon-to-eks/Platform-Eks/*'),
    );
    expect(controller).toBeDefined();
    expect(controller).not.toContain('secretsmanager:');
    // A SecretStore naming another namespace's role is refused at admission.
    const policy = mainObjects.find((o) => o.kind === 'ValidatingAdmissionPolicy');
    expect(policy?.spec.validations[0].expression).toContain(
      "role/marathon-to-eks/Platform-Eks/namespaces/' + object.metadata.namespace + '/[^/]+$'",
    );
    expect(mainObjects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding').map((o) => o.spec)).toEqual([
      { policyName: 'marathon-to-eks-secret-store-roles', validationActions: ['Deny'] },
      { policyName: 'marathon-to-eks-generator-roles', validationActions: ['Deny'] },
    ]);
    // The generators that assume an IAM role with the controller's credentials are held to the same rule.
    const generators = mainObjects.find(
      (o) => o.kind === 'ValidatingAdmissionPolicy' && o.metadata.name === 'marathon-to-eks-generator-roles',
    );
    expect(generators?.spec.matchConstraints.resourceRules[0]).toMatchObject({
      apiGroups: ['generators.external-secrets.io'],
      resources: ['ecrauthorizationtokens', 'stssessiontokens'],
    });
  });

  test('the capacity plan counts the pods of the add-ons that are on, as each add-on declares them', () => {
    const names = platformPods(resolveAddons()).map((pods) => pods.name);
    expect(names).toEqual([
      'kube-system/coredns',
      'kube-system/aws-load-balancer-controller',
      'kube-system/metrics-server',
      'kube-system/cluster-autoscaler',
      'kube-system/ebs-csi-controller',
      'external-secrets/external-secrets',
      'external-secrets/external-secrets-webhook',
      'external-secrets/external-secrets-cert-controller',
      'monitoring/prometheus',
      'monitoring/alertmanager',
      'monitoring/grafana',
      'monitoring/prometheus-operator',
      'monitoring/kube-state-metrics',
    ]);
    const without = platformPods(resolveAddons({ monitoring: false, clusterAutoscaler: false })).map(
      (pods) => pods.name,
    );
    expect(without.filter((name) => name.startsWith('monitoring/') || name.includes('autoscaler'))).toEqual([]);
    // A resource set in the props is what the chart gets and what the plan counts.
    const resources = { requests: { cpu: '250m', memory: '512Mi' } };
    expect(
      platformPods(resolveAddons({ clusterAutoscaler: { resources } })).find(
        (p) => p.name === 'kube-system/cluster-autoscaler',
      )?.containers,
    ).toEqual([resources]);
    // The chart values carry the same requests the plan counts (one declaration).
    expect(valuesOf(main, 'kube-prometheus-stack').prometheus.prometheusSpec.resources).toEqual({
      requests: { cpu: '500m', memory: '2Gi' },
      limits: { memory: '4Gi' },
    });
    expect(valuesOf(main, 'aws-load-balancer-controller').resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
    });
  });
});

describe('Alertmanager routing', () => {
  const routed = (receivers: AlertReceiver[]) => {
    const stack = new Stack();
    return { stack, receivers };
  };

  test('an alert that matches no receiver reaches the null receiver, not the first receiver', async () => {
    const { alertmanagerConfig } = await import('../../lib/eks/addons/monitoring');
    const { stack } = routed([]);
    const routingKey = secretsmanager.Secret.fromSecretNameV2(stack, 'Key', 'pagerduty');
    const config = alertmanagerConfig([AlertReceiver.pagerDuty({ routingKey, severities: ['critical'] })]) as {
      route: { receiver: string; routes: { receiver: string; matchers?: string[] }[] };
      receivers: { name: string }[];
    };
    expect(config.route.receiver).toBe(NULL_RECEIVER);
    expect(config.receivers.map((r) => r.name)).toEqual([NULL_RECEIVER, 'pagerduty']);
    // A warning matches neither the Watchdog route nor the critical one: with no child route it goes to the root's receiver.
    const warning = { alertname: 'KubePodCrashLooping', severity: 'warning' };
    const matches = (matcher: string, labels: Record<string, string>) => {
      const [, name, op, value] = /^(\w+) (=~|=) "(.*)"$/.exec(matcher) as RegExpExecArray;
      return op === '=' ? labels[name] === value : new RegExp(`^(?:${value})$`).test(labels[name] ?? '');
    };
    const receiversOf = (labels: Record<string, string>) => {
      const hits = config.route.routes.filter((route) => (route.matchers ?? []).every((m) => matches(m, labels)));
      return hits.length > 0 ? hits.map((route) => route.receiver) : [config.route.receiver];
    };
    expect(receiversOf(warning)).toEqual([NULL_RECEIVER]);
    expect(receiversOf({ alertname: 'KubeNodeNotReady', severity: 'critical' })).toEqual(['pagerduty']);
    expect(receiversOf({ alertname: 'Watchdog', severity: 'none' })).toEqual([NULL_RECEIVER]);
  });
});

describe('add-on props', () => {
  const light: EksEnvironmentProps['addons'] = {
    loadBalancerController: false,
    ebsCsi: false,
    externalSecrets: false,
    monitoring: false,
    clusterAutoscaler: false,
  };

  test('versions come from the props, then the context key marathon-to-eks:addonVersions, then the data file for the cluster minor', () => {
    const app = offlineApp();
    app.node.setContext('marathon-to-eks:addonVersions', { 'metrics-server': 'v0.8.0-eksbuild.1' });
    const stack = new Stack(app, 'Pinned', { env: ENV });
    new EksEnvironment(stack, 'Eks', {
      version: eks.KubernetesVersion.V1_35,
      addons: { ...light, ebsCsi: { addonVersion: 'v1.60.0-eksbuild.1' }, clusterAutoscaler: true },
    });
    const template = Template.fromStack(stack);
    expect(addonVersion(template, 'metrics-server')).toBe('v0.8.0-eksbuild.1');
    expect(addonVersion(template, 'aws-ebs-csi-driver')).toBe('v1.60.0-eksbuild.1');
    // From data/eks-addons/versions.json for 1.35 (cdk-eks-blueprints 0b82904e).
    expect(addonVersion(template, 'eks-pod-identity-agent')).toBe(pinnedVersions()['eks-pod-identity-agent']['1.35']);
    expect(addonVersion(template, 'eks-pod-identity-agent')).toBe('v1.3.10-eksbuild.2');
    expect(valuesOf(template, 'cluster-autoscaler').image).toEqual({ tag: 'v1.35.2' });
    // One agent add-on, whoever asked for it.
    template.resourceCountIs('AWS::EKS::Addon', 3);
  });

  test('chart versions, values merged over ours, resources and storage reach the charts', () => {
    const app = offlineApp();
    const stack = new Stack(app, 'Tuned', { env: ENV });
    const environment = new EksEnvironment(stack, 'Eks', {
      addons: {
        clusterAutoscaler: {
          chartVersion: '9.60.0',
          imageTag: 'v1.36.0',
          values: { extraArgs: { 'scale-down-unneeded-time': '5m' } },
        },
        monitoring: {
          retention: '30d',
          prometheusStorageGib: 200,
          grafanaStorageGib: 20,
          alertmanagerStorageGib: 8,
          values: { grafana: { replicas: 1 } },
        },
        externalSecrets: { chartVersion: '2.8.0' },
        ebsCsi: { storageClassName: 'gp3-encrypted' },
        metricsServer: { configurationValues: { replicas: 2 } },
      },
    });
    const template = Template.fromStack(stack);
    const autoscaler = valuesOf(template, 'cluster-autoscaler');
    expect(autoscaler.image).toEqual({ tag: 'v1.36.0' });
    // Maps merge: our arguments stay beside the caller's.
    expect(autoscaler.extraArgs).toMatchObject({
      'balance-similar-node-groups': true,
      'scale-down-unneeded-time': '5m',
    });
    expect(charts(template).find((c) => c.Chart === 'cluster-autoscaler')?.Version).toBe('9.60.0');
    expect(charts(template).find((c) => c.Chart === 'external-secrets')?.Version).toBe('2.8.0');
    const kps = valuesOf(template, 'kube-prometheus-stack');
    expect(kps.prometheus.prometheusSpec).toMatchObject({
      retention: '30d',
      retentionSize: '180GiB',
      storageSpec: {
        volumeClaimTemplate: {
          spec: { storageClassName: 'gp3-encrypted', resources: { requests: { storage: '200Gi' } } },
        },
      },
    });
    expect(kps.grafana).toMatchObject({
      replicas: 1,
      admin: { existingSecret: 'grafana-admin' },
      persistence: { storageClassName: 'gp3-encrypted', size: '20Gi' },
    });
    expect(kps.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.resources.requests.storage).toBe('8Gi');
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'metrics-server',
      ConfigurationValues: JSON.stringify({ replicas: 2 }),
    });
    expect(environment.ebsCsi?.storageClassName).toBe('gp3-encrypted');
  });

  test('mergeValues merges maps and replaces lists and scalars, as Helm does', () => {
    expect(mergeValues({ a: { b: 1, c: [1, 2] }, d: 'x' }, { a: { c: [3] }, d: 'y', e: true })).toEqual({
      a: { b: 1, c: [3] },
      d: 'y',
      e: true,
    });
    expect(mergeValues({ a: { b: 1 } }, undefined)).toEqual({ a: { b: 1 } });
  });

  test('a workload that claims another StorageClass than the environment makes is warned about at synth', async () => {
    const estate = await loadEstate({ paths: [EXAMPLES] });
    const result = synthesize({ addons: { ebsCsi: { storageClassName: 'io2' } } }, estate, false);
    const warnings = Annotations.fromStack(result.stack).findWarning(
      '*',
      Match.stringLikeRegexp('claim the StorageClass "gp3", which the environment does not make'),
    );
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0].entry.data)).toContain('shop/postgres');
    // Monitoring follows the environment's class.
    expect(
      valuesOf(result.templates.get('Platform') as Template, 'kube-prometheus-stack').grafana.persistence
        .storageClassName,
    ).toBe('io2');
  }, 60_000);
});

describe('synth-time validation messages', () => {
  const failures = (props: EksEnvironmentProps): string => {
    const app = offlineApp();
    const stack = new Stack(app, 'Invalid', { env: ENV });
    new EksEnvironment(stack, 'Eks', props);
    try {
      app.synth();
    } catch (error) {
      return (error as Error).message;
    }
    return '';
  };
  test('node groups: a bad name, an unknown or mixed instance type, impossible sizes, a duplicate, none at all', () => {
    const message = failures({
      addons: NO_ADDONS,
      nodeGroups: [
        { name: 'Bad_Name' },
        { name: 'a', instanceTypes: ['m6i.huge'] },
        { name: 'b', instanceTypes: ['m6i.large', 'm7g.large'] },
        { name: 'c', minSize: 3, desiredSize: 2 },
        { name: 'd', instanceTypes: [] },
        { name: 'e' },
        { name: 'e' },
      ],
    });
    expect(message).toContain('node group "Bad_Name": the name must be lowercase letters, digits and "-" (at most 63)');
    expect(message).toContain('node group "a": unknown instance type m6i.huge');
    expect(message).toContain(
      'node group "b": instance types mix architectures (amd64, arm64); one node group runs one AMI',
    );
    expect(message).toContain(
      'node group "c": sizes must satisfy 0 ≤ minSize (3) ≤ desiredSize (2) ≤ maxSize (6), maxSize ≥ 1',
    );
    expect(message).toContain('node group "d": instanceTypes is empty');
    expect(message).toContain('two node groups are named "e"');
    expect(failures({ addons: NO_ADDONS, nodeGroups: [] })).toContain(
      'nodeGroups is empty: the add-ons and workloads need nodes',
    );
  });

  test('monitoring: without its add-ons, with two receivers of one name, or one named like the null receiver', () => {
    expect(failures({ addons: { ebsCsi: false } })).toContain(
      'the monitoring add-on needs the externalSecrets (Grafana and receiver credentials) and ebsCsi (persistent volumes; under Auto Mode its own block storage) add-ons',
    );
    const app = offlineApp();
    const scope = new Stack(app, 'Secrets', { env: ENV });
    const webhookUrl = secretsmanager.Secret.fromSecretNameV2(scope, 'Webhook', 'slack');
    const slack = (name: string) => AlertReceiver.slack({ name, channel: '#ops', webhookUrl });
    expect(failures({ addons: { monitoring: { alertReceivers: [slack('ops'), slack('ops')] } } })).toContain(
      'two alert receivers are named "ops"; give one a name',
    );
    expect(failures({ addons: { monitoring: { alertReceivers: [slack('null')] } } })).toContain(
      'an alert receiver is named "null", the name of the receiver that drops unrouted alerts; give it another name',
    );
  });

  test('two workloads whose Secrets land in one namespace would fight over its SecretStore: synth says so', async () => {
    const estate = await loadEstate({ paths: [EXAMPLES] });
    const app = offlineApp();
    const stack = new Stack(app, 'Shared', { env: ENV });
    const environment = new EksEnvironment(stack, 'Eks', { addons: { monitoring: false } });
    for (const id of ['first', 'second']) {
      environment.addWorkload(
        new MarathonWorkload(new cdk8s.App(), id, { definitions: estate.definitions, groups: estate.groups }),
      );
    }
    expect(() => app.synth()).toThrow(
      "second: namespaces payments, shop already get Secrets from workload first; each namespace's SecretStore belongs to one workload",
    );
  }, 60_000);

  test('props that moved into the monitoring add-on are named when a JavaScript caller still passes them', () => {
    expect(failures({ addons: NO_ADDONS, alertReceivers: [] } as EksEnvironmentProps)).toContain(
      'alertReceivers moved to addons.monitoring.alertReceivers',
    );
    expect(failures({ addons: NO_ADDONS, metricsRetention: '30d' } as EksEnvironmentProps)).toContain(
      'metricsRetention moved to addons.monitoring.retention',
    );
  });

  test('a malformed marathon-to-eks:addonVersions context fails with the key named', () => {
    const app = offlineApp();
    app.node.setContext('marathon-to-eks:addonVersions', '{not json');
    const stack = new Stack(app, 'BadContext', { env: ENV });
    expect(() => new EksEnvironment(stack, 'Eks', { addons: NO_ADDONS })).toThrow(
      'the context key marathon-to-eks:addonVersions must be a JSON object of add-on versions',
    );
  });
});

describe('ExternalDNS releases in the capacity plan', () => {
  const externalDns = (triggers?: { coexistence?: boolean; trafficCutover?: boolean }) =>
    platformPods(resolveAddons({}, triggers), triggers)
      .map((pods) => pods.name)
      .filter((name) => name.includes('external-dns'));

  test('a release per zone it writes: coexistence, cut-over, or both; none for neither', () => {
    expect(externalDns({ coexistence: true })).toEqual(['kube-system/external-dns']);
    expect(externalDns({ trafficCutover: true })).toEqual(['kube-system/external-dns-cutover']);
    expect(externalDns({ coexistence: true, trafficCutover: true })).toEqual([
      'kube-system/external-dns',
      'kube-system/external-dns-cutover',
    ]);
    expect(externalDns({})).toEqual([]);
  });

  test('without triggers, one release when the add-on is on (as before the cut-over release)', () => {
    expect(
      platformPods(resolveAddons({ externalDns: true }))
        .map((pods) => pods.name)
        .filter((name) => name.includes('external-dns')),
    ).toEqual(['kube-system/external-dns']);
  });
});
