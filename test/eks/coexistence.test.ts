import { CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as cdk8s from 'cdk8s';
import { pinnedVersion } from '../../lib/eks/addons/addon-versions';
import { DcosConnection } from '../../lib/eks/dcos-connection';
import { EksEnvironmentProps } from '../../lib/eks/eks-environment';
import { loadTexts } from '../../lib/marathon/load/estate';
import { MarathonWorkload } from '../../lib/workload/marathon-workload';
import { NO_ADDONS, Synthesized, flatten, synthesize } from './helpers';

/*
 * DC/OS coexistence on the synthesized environment (issue 12, parts 4 and 5): the coredns add-on's Corefile forwards
 * the DC/OS zones to exactly the given servers next to EKS's untouched default block; ExternalDNS writes the one
 * private zone, with a Pod Identity role that may change that zone only.
 */

const ZONE_ID = 'Z0123456789ABCDEFGHIJ';
const ZONE_NAME = 'eks.example.internal';
const SERVERS = ['10.0.1.12', '10.0.1.10', '10.0.1.11'];

/** EKS's own Corefile (eksctl-io/eksctl 99984adb, pkg/addons/default/assets/coredns-1.36.json). */
const EKS_DEFAULT_BLOCK =
  '.:53 {\n    errors\n    health {\n        lameduck 5s\n      }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n      pods insecure\n      fallthrough in-addr.arpa ip6.arpa\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n';

type Props = (stack: Stack) => EksEnvironmentProps;

/** An environment whose props may refer to its stack (the hosted zone), synthesized, with cdk-nag when asked. */
function synth(props: Props, nag = false): Synthesized {
  return synthesize(props, undefined, nag);
}

/** Synth's error message, or '' when it succeeds. */
function failures(props: Props): string {
  try {
    synth(props);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

const zoneIn = (stack: Stack) =>
  route53.PrivateHostedZone.fromPrivateHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: ZONE_ID,
    zoneName: ZONE_NAME,
  });

interface AddonResource {
  readonly Properties: {
    readonly AddonName: string;
    readonly AddonVersion?: string;
    readonly ConfigurationValues?: unknown;
    readonly ResolveConflicts?: string;
    readonly PreserveOnDelete?: boolean;
  };
  readonly DependsOn?: string[];
}

function coreDnsAddon(template: Template): AddonResource {
  const found = Object.values(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'coredns' } }));
  expect(found).toHaveLength(1);
  return found[0] as AddonResource;
}

/** The Corefile's server blocks by their key (`mesos:53`), each as its full text. */
function serverBlocks(corefile: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of corefile.matchAll(/^(\S+) \{\n[\s\S]*?^\}\n/gm)) {
    blocks.set(match[1], match[0]);
  }
  return blocks;
}

/** Free-form JSON (chart values, policy documents), read by path. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- what JSON.parse returns
type Json = any;

describe('an environment connected to DC/OS both ways', () => {
  let result: Synthesized;
  let template: Template;

  beforeAll(() => {
    result = synth(
      (stack) => ({
        dcos: DcosConnection.mesosDns({ servers: SERVERS }),
        coexistence: { zone: zoneIn(stack) },
      }),
      true,
    );
    template = result.templates.get('Platform') as Template;
  }, 120_000);

  test('the coredns add-on forwards each DC/OS zone, in a block of its own, to exactly the given servers', () => {
    const addon = coreDnsAddon(template);
    const values = JSON.parse(addon.Properties.ConfigurationValues as string) as { corefile: string };
    expect(Object.keys(values)).toEqual(['corefile']);
    const blocks = serverBlocks(values.corefile);
    expect([...blocks.keys()]).toEqual(['.:53', 'dcos.directory:53', 'mesos:53', 'thisdcos.directory:53']);
    for (const zone of ['mesos', 'thisdcos.directory', 'dcos.directory']) {
      const block = blocks.get(`${zone}:53`) as string;
      const forward = /^ {4}forward \. (.+)$/m.exec(block)?.[1].split(' ');
      expect([zone, [...(forward ?? [])].sort()]).toEqual([zone, [...SERVERS].sort()]);
      expect(block.split('\n').map((line) => line.trim().split(' ')[0])).toEqual([
        `${zone}:53`,
        'errors',
        'cache',
        'forward',
        '}',
        '',
      ]);
    }
    // Nothing else in the file: the blocks are all of it.
    expect([...blocks.values()].join('')).toBe(values.corefile);
  });

  test('the default .:53 block is EKS’s own, byte for byte', () => {
    const values = JSON.parse(coreDnsAddon(template).Properties.ConfigurationValues as string) as { corefile: string };
    expect(serverBlocks(values.corefile).get('.:53')).toBe(EKS_DEFAULT_BLOCK);
  });

  test('the add-on takes over the self-managed CoreDNS, and leaves it running if removed', () => {
    const addon = coreDnsAddon(template);
    expect(addon.Properties.ResolveConflicts).toBe('OVERWRITE');
    expect(addon.Properties.PreserveOnDelete).toBe(true);
  });

  test('on Kubernetes 1.36 no coredns build is pinned: synth warns and names it', () => {
    expect(coreDnsAddon(template).Properties.AddonVersion).toBeUndefined();
    const warnings = Annotations.fromStack(result.stack).findWarning(
      '*',
      Match.stringLikeRegexp('no version of coredns is pinned for Kubernetes 1.36'),
    );
    expect(warnings).toHaveLength(1);
  });

  test('CoreDNS and ExternalDNS wait for the node groups and the load balancer controller', () => {
    const controller = Object.keys(
      template.findResources('Custom::AWSCDK-EKS-HelmChart', { Properties: { Chart: 'aws-load-balancer-controller' } }),
    );
    const nodegroups = Object.keys(template.findResources('AWS::EKS::Nodegroup'));
    expect(controller).toHaveLength(1);
    expect(nodegroups.length).toBeGreaterThan(0);
    expect(coreDnsAddon(template).DependsOn).toEqual(expect.arrayContaining([...controller, ...nodegroups]));
    const [chart] = Object.values(
      template.findResources('Custom::AWSCDK-EKS-HelmChart', { Properties: { Chart: 'external-dns' } }),
    ) as { DependsOn?: string[] }[];
    expect(chart.DependsOn).toEqual(expect.arrayContaining([...controller, ...nodegroups]));
  });

  test('ExternalDNS is the pinned chart, scoped to the private zone by name, type and ID, owning its records', () => {
    const charts = Object.values(
      template.findResources('Custom::AWSCDK-EKS-HelmChart', { Properties: { Chart: 'external-dns' } }),
    ) as { Properties: { Repository: string; Version: string; Namespace: string; Release: string; Values: unknown } }[];
    expect(charts).toHaveLength(1);
    const { Properties: chart } = charts[0];
    expect([chart.Repository, chart.Version, chart.Namespace, chart.Release]).toEqual([
      'https://kubernetes-sigs.github.io/external-dns/',
      '1.21.1',
      'kube-system',
      'external-dns',
    ]);
    const values = JSON.parse(flatten(chart.Values)) as Json;
    expect(values.provider).toEqual({ name: 'aws' });
    expect(values.sources).toEqual(['service']);
    expect(values.domainFilters).toEqual([ZONE_NAME]);
    expect(values.policy).toBe('upsert-only');
    expect(values.registry).toBe('txt');
    expect(values.txtOwnerId).toBe(result.environment.clusterName);
    expect(values.extraArgs).toEqual({ 'aws-zone-type': 'private', 'zone-id-filter': ZONE_ID });
    expect(values.serviceAccount).toEqual({ create: true, name: 'external-dns' });
    expect(values.env).toEqual([{ name: 'AWS_DEFAULT_REGION', value: 'us-east-1' }]);
    expect(values.resources).toEqual({ requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } });
  });

  test('ExternalDNS’s Pod Identity role may change records in that one hosted zone, and only list the others', () => {
    const role = result.environment.externalDns?.role;
    expect(role).toBeDefined();
    const roleId = result.stack.resolve((role?.node.defaultChild as CfnResource).logicalId) as string;
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify((policy as Json).Properties.Roles).includes(roleId),
    ) as Json[];
    expect(policies).toHaveLength(1);
    const statements = policies[0].Properties.PolicyDocument.Statement as Json[];
    const zoneArn = result.stack.resolve(result.environment.coexistenceZone?.arn);
    expect(statements).toEqual([
      {
        Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources'],
        Effect: 'Allow',
        Resource: zoneArn,
      },
      { Action: 'route53:ListHostedZones', Effect: 'Allow', Resource: '*' },
    ]);
    expect(flatten(zoneArn)).toBe(`arn:<token>:route53:::hostedzone/${ZONE_ID}`);
    const associations = Object.values(template.findResources('AWS::EKS::PodIdentityAssociation')).map(
      (resource) => (resource as Json).Properties,
    );
    expect(associations).toContainEqual(
      expect.objectContaining({
        Namespace: 'kube-system',
        ServiceAccount: 'external-dns',
        RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
      }),
    );
  });

  test('cdk-nag: no unacknowledged finding; the one wildcard of ExternalDNS is acknowledged with its reason', () => {
    const nag = result.validationReport.pluginReports.find((report) => report.pluginName === 'AwsSolutions');
    expect(nag?.violations).toEqual([]);
    const suppressed = (nag?.suppressedViolations ?? []).filter((violation) =>
      violation.reason.startsWith('route53:ListHostedZones has no resource-level permissions'),
    );
    expect(suppressed.map((violation) => violation.acknowledgedId)).toEqual([
      'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    ]);
  });
});

describe('CoreDNS pinning and the add-ons off', () => {
  test('on Kubernetes 1.35 the coredns add-on is the build pinned for it', () => {
    const result = synth(() => ({
      version: eks.KubernetesVersion.V1_35,
      addons: NO_ADDONS,
      dcos: DcosConnection.mesosDns({ servers: ['10.0.1.10'], zones: ['mesos'] }),
    }));
    const addon = coreDnsAddon(result.templates.get('Platform') as Template);
    expect(addon.Properties.AddonVersion).toBe(pinnedVersion('coredns', '1.35'));
    expect(addon.Properties.AddonVersion).toBe('v1.13.2-eksbuild.3');
  }, 60_000);

  test('coreDns: true without dcos manages CoreDNS with EKS’s default Corefile (no corefile configured)', () => {
    const result = synth(() => ({ addons: { ...NO_ADDONS, coreDns: true } }));
    const addon = coreDnsAddon(result.templates.get('Platform') as Template);
    expect(addon.Properties.ConfigurationValues).toBeUndefined();
    expect(addon.Properties.ResolveConflicts).toBe('OVERWRITE');
  }, 60_000);

  test('without dcos and coexistence: no coredns add-on, no ExternalDNS', () => {
    const result = synth(() => ({ addons: NO_ADDONS }));
    const template = result.templates.get('Platform') as Template;
    template.resourcePropertiesCountIs('AWS::EKS::Addon', { AddonName: 'coredns' }, 0);
    template.resourcePropertiesCountIs('Custom::AWSCDK-EKS-HelmChart', { Chart: 'external-dns' }, 0);
    expect(result.environment.coreDns).toBeUndefined();
    expect(result.environment.externalDns).toBeUndefined();
  }, 60_000);
});

describe('synth-time validation of coexistence', () => {
  const dcos = DcosConnection.mesosDns({ servers: ['10.0.1.10'] });

  test('a bad DcosConnection fails synth with each problem', () => {
    const message = failures(() => ({
      addons: NO_ADDONS,
      dcos: DcosConnection.mesosDns({ servers: ['10.0.1.300'], zones: ['cluster.local'] }),
    }));
    expect(message).toContain('servers[0] "10.0.1.300" is not an IPv4 address');
    expect(message).toContain('zones[0] "cluster.local" is the cluster\'s own domain');
  }, 60_000);

  test('a dcos that DcosConnection did not make (a JavaScript caller’s object) is refused, not crashed on', () => {
    expect(
      failures(() => ({ addons: NO_ADDONS, dcos: { servers: ['10.0.1.10'] } as unknown as DcosConnection })),
    ).toContain('dcos must be made by DcosConnection.mesosDns({ servers })');
  }, 60_000);

  test('dcos without its CoreDNS add-on, or with a Corefile of the caller’s, is refused', () => {
    expect(failures(() => ({ addons: { ...NO_ADDONS, coreDns: false }, dcos }))).toContain(
      'dcos needs the coreDns add-on (addons.coreDns is false)',
    );
    expect(
      failures(() => ({ addons: { ...NO_ADDONS, coreDns: { configurationValues: { corefile: '.:53 {}' } } }, dcos })),
    ).toContain('addons.coreDns.configurationValues.corefile would replace the Corefile that forwards the DC/OS zones');
  }, 60_000);

  test('ExternalDNS needs the coexistence zone; a zone without a name is refused', () => {
    expect(failures(() => ({ addons: { ...NO_ADDONS, externalDns: true } }))).toContain(
      'addons.externalDns needs coexistence: { zone }',
    );
    expect(
      failures((stack) => ({
        addons: NO_ADDONS,
        coexistence: { zone: route53.HostedZone.fromHostedZoneId(stack, 'Zone', ZONE_ID) },
      })),
    ).toContain('coexistence.zone has no name');
  }, 60_000);

  test('coexistence with ExternalDNS off warns that nothing names the NLBs', () => {
    const result = synth((stack) => ({
      addons: { ...NO_ADDONS, externalDns: false },
      coexistence: { zone: zoneIn(stack) },
    }));
    const warnings = Annotations.fromStack(result.stack).findWarning(
      '*',
      Match.stringLikeRegexp('coexistence is set but addons.externalDns is off'),
    );
    expect(warnings).toHaveLength(1);
    expect(result.environment.coexistenceZone?.name).toBe(ZONE_NAME);
  }, 60_000);

  describe('a workload translated with coexistenceDomain', () => {
    const estate = loadTexts([
      {
        source: 'api.json',
        text: JSON.stringify({ id: '/shop/api', cmd: 'sleep 3600', cpus: 0.1, mem: 32, instances: 1 }),
        discovered: false,
      },
    ]);
    const workload = (domain: string) =>
      new MarathonWorkload(new cdk8s.App(), 'estate', {
        definitions: estate.definitions,
        groups: estate.groups,
        coexistenceDomain: domain,
        // The environments here have no monitoring add-on, so no prometheus-operator CRDs.
        alerts: false,
      });

    test('fails synth when it differs from the zone, naming both', () => {
      expect(
        failures((stack) => ({
          addons: NO_ADDONS,
          coexistence: { zone: zoneIn(stack) },
          workloads: [workload('apps.example.internal')],
        })),
      ).toContain(
        `workload "estate" was translated with coexistenceDomain "apps.example.internal", but the environment's coexistence zone is "${ZONE_NAME}"`,
      );
    }, 60_000);

    test('fails synth without a coexistence zone, and passes with the same zone', () => {
      expect(failures(() => ({ addons: NO_ADDONS, workloads: [workload(ZONE_NAME)] }))).toContain(
        `workload "estate" was translated with coexistenceDomain "${ZONE_NAME}", but the environment has no coexistence zone`,
      );
      expect(
        failures((stack) => ({
          addons: NO_ADDONS,
          coexistence: { zone: zoneIn(stack) },
          workloads: [workload(ZONE_NAME.toUpperCase())],
        })),
      ).toBe('');
    }, 60_000);
  });
});
