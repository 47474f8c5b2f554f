import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as cdk8s from 'cdk8s';
import { DcosConnection } from '../../lib/eks/dcos-connection';
import { EksEnvironment } from '../../lib/eks/eks-environment';
import { loadEstate } from '../../lib/marathon/load/estate';
import { MarathonWorkload } from '../../lib/workload/marathon-workload';
import { WorkloadSelection } from '../../lib/workload/selection';
import { EXAMPLES } from '../helpers/cli';
import { ENV, flatten, manifestsOf, offlineApp } from './helpers';

/*
 * Issue 12, done when: the first wave of the example estate on an environment connected to DC/OS. The environment
 * forwards the DC/OS zones to the given servers, and the workloads that DC/OS still calls get their internal NLB
 * in the coexistence zone.
 */

const SERVERS = ['10.0.1.10', '10.0.1.11', '10.0.1.12'];
const ZONE = 'eks.example.internal';

describe('wave 1 of the example estate on an environment connected to DC/OS', () => {
  let templates: Template[];
  let platform: Template;

  beforeAll(async () => {
    const estate = await loadEstate({ paths: [EXAMPLES] });
    const app = offlineApp();
    const stack = new Stack(app, 'Platform', { env: ENV });
    const zone = route53.PrivateHostedZone.fromPrivateHostedZoneAttributes(stack, 'Zone', {
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      zoneName: ZONE,
    });
    const workload = new MarathonWorkload(new cdk8s.App(), 'wave-1', {
      definitions: estate.definitions,
      groups: estate.groups,
      select: WorkloadSelection.throughWave(1),
      coexistenceDomain: ZONE,
    });
    new EksEnvironment(stack, 'Eks', {
      dcos: DcosConnection.mesosDns({ servers: SERVERS }),
      coexistence: { zone },
      workloads: [workload],
    });
    const assembly = app.synth();
    templates = assembly.stacks.map((artifact) => Template.fromJSON(artifact.template));
    platform = Template.fromJSON(assembly.getStackByName('Platform').template);
  }, 180_000);

  test('CoreDNS forwards mesos, thisdcos.directory and dcos.directory to exactly the given servers', () => {
    const [addon] = Object.values(platform.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'coredns' } }));
    const { corefile } = JSON.parse(
      (addon as { Properties: { ConfigurationValues: string } }).Properties.ConfigurationValues,
    ) as {
      corefile: string;
    };
    for (const zone of ['mesos', 'thisdcos.directory', 'dcos.directory']) {
      const block = new RegExp(`^${zone.replace(/\./g, '\\.')}:53 \\{\\n([^}]*)\\}`, 'm').exec(corefile)?.[1] ?? '';
      expect(/forward \. (.+)/.exec(block)?.[1].split(' ').sort()).toEqual(SERVERS);
    }
  });

  test('postgres, which DC/OS still calls, is delivered with an internal NLB named in the coexistence zone', () => {
    const objects = templates.flatMap((template) => manifestsOf(template).flat()) as {
      kind: string;
      metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
    }[];
    const nlbs = objects.filter(
      (o) => o.kind === 'Service' && o.metadata.annotations?.['external-dns.alpha.kubernetes.io/hostname'],
    );
    expect(nlbs.map((o) => o.metadata.annotations?.['external-dns.alpha.kubernetes.io/hostname'])).toEqual([
      `postgres.shop.${ZONE}`,
    ]);
    expect(nlbs[0].metadata.annotations?.['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internal');
    // Only wave 1 is delivered: nothing of the api or the frontend, which stay on DC/OS.
    expect(objects.filter((o) => o.kind === 'Deployment' && ['api', 'frontend'].includes(o.metadata.name))).toEqual([]);
  });

  test('ExternalDNS may change the coexistence zone only', () => {
    const policies = Object.values(platform.findResources('AWS::IAM::Policy')).map((policy) =>
      flatten(JSON.stringify(policy)),
    );
    const changes = policies.filter((policy) => policy.includes('route53:ChangeResourceRecordSets'));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toContain('hostedzone/Z0123456789ABCDEFGHIJ');
  });
});
