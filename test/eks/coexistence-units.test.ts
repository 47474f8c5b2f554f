import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { platformPods, resolveAddons } from '../../lib/eks/addons/addons';
import { pinnedVersion } from '../../lib/eks/addons/addon-versions';
import { CoreDns, DEFAULT_SERVER_BLOCK, corefile } from '../../lib/eks/addons/coredns';
import { ExternalDns, coexistenceZone } from '../../lib/eks/addons/external-dns';
import {
  DCOS_ZONES,
  DcosConnection,
  MesosDnsOptions,
  coexistenceDomainProblem,
  dnsNameProblem,
  normalizeDnsName,
} from '../../lib/eks/dcos-connection';

/*
 * The pure parts of DC/OS coexistence (issue 12): what DcosConnection accepts and rejects, the Corefile it becomes,
 * how the coexistence zone is read, and which add-ons the two props turn on. The synthesized environment is in
 * coexistence.test.ts.
 */

/**
 * The Corefile EKS writes into the `coredns` ConfigMap of a new cluster, Kubernetes 1.33 to 1.36: eksctl-io/eksctl
 * 99984adb, pkg/addons/default/assets/coredns-1.36.json (`.items[] | select(.kind == "ConfigMap") | .data.Corefile`).
 */
const EKS_DEFAULT_COREFILE =
  '.:53 {\n    errors\n    health {\n        lameduck 5s\n      }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n      pods insecure\n      fallthrough in-addr.arpa ip6.arpa\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n';

const mesosDns = (options: Partial<MesosDnsOptions>) => DcosConnection.mesosDns(options as MesosDnsOptions);

describe('DcosConnection.mesosDns', () => {
  test('forwards the three DC/OS zones by default, to the servers given, sorted', () => {
    const dcos = DcosConnection.mesosDns({ servers: ['10.0.1.12', '10.0.1.10', '10.0.1.11'] });
    expect(dcos.problems).toEqual([]);
    expect(dcos.zones).toEqual(['dcos.directory', 'mesos', 'thisdcos.directory']);
    expect([...DCOS_ZONES].sort()).toEqual(dcos.zones);
    expect(dcos.servers).toEqual(['10.0.1.10', '10.0.1.11', '10.0.1.12']);
    expect(dcos.forwardZones).toEqual(dcos.zones.map((zone) => ({ zone, servers: dcos.servers })));
  });

  test('the same servers and zones in any order give the same connection', () => {
    const servers = ['10.0.1.10', '10.0.2.10:8053', '192.168.7.1'];
    const zones = ['thisdcos.directory', 'mesos', 'dcos.directory', 'thisdcos.global'];
    const reference = DcosConnection.mesosDns({ servers, zones });
    for (let shift = 1; shift < 4; shift++) {
      const rotated = DcosConnection.mesosDns({
        servers: [...servers.slice(shift % 3), ...servers.slice(0, shift % 3)],
        zones: [...zones.slice(shift), ...zones.slice(0, shift)],
      });
      expect(corefile(rotated.forwardZones)).toBe(corefile(reference.forwardZones));
    }
  });

  test('a server is written as CoreDNS takes it: port 53 left out, another port kept; names are lowercase, no trailing dot', () => {
    const dcos = DcosConnection.mesosDns({
      servers: ['10.0.1.10:53', ' 10.0.1.11:61053 '],
      zones: ['Mesos.', 'THISDCOS.directory'],
    });
    expect(dcos.problems).toEqual([]);
    expect(dcos.servers).toEqual(['10.0.1.10', '10.0.1.11:61053']);
    expect(dcos.zones).toEqual(['mesos', 'thisdcos.directory']);
  });

  test('every bad server is named, with why', () => {
    const dcos = mesosDns({
      servers: [
        '10.0.1.300',
        '10.0.01.1',
        'master-1.dcos',
        '127.0.0.1',
        '0.0.0.0',
        '224.0.0.1',
        '10.0.1.1:0',
        '10.0.1.1:70000',
        '10.0.1.2',
        '10.0.1.2:53',
      ],
    });
    expect(dcos.problems).toEqual([
      'DcosConnection.mesosDns(): servers[0] "10.0.1.300" is not an IPv4 address: each part is 0 to 255, without leading zeros',
      'DcosConnection.mesosDns(): servers[1] "10.0.01.1" is not an IPv4 address: each part is 0 to 255, without leading zeros',
      'DcosConnection.mesosDns(): servers[2] "master-1.dcos" is not an IPv4 address (a.b.c.d, optionally with :port)',
      expect.stringContaining('servers[3] "127.0.0.1" is not an address a DC/OS master can have'),
      expect.stringContaining('servers[4] "0.0.0.0" is not an address a DC/OS master can have'),
      expect.stringContaining('servers[5] "224.0.0.1" is not an address a DC/OS master can have'),
      'DcosConnection.mesosDns(): servers[6] "10.0.1.1:0" has a port outside 1–65535',
      'DcosConnection.mesosDns(): servers[7] "10.0.1.1:70000" has a port outside 1–65535',
      'DcosConnection.mesosDns(): servers[9] "10.0.1.2:53" repeats servers[8]',
    ]);
    expect(dcos.servers).toEqual(['10.0.1.2']);
  });

  test('no servers, too many, or not a list: said so', () => {
    expect(mesosDns({ servers: [] }).problems).toEqual([
      'DcosConnection.mesosDns(): servers must list the DNS servers of the DC/OS masters (at least one IPv4 address)',
    ]);
    expect(mesosDns({}).problems).toHaveLength(1);
    expect(mesosDns({ servers: '10.0.1.10' as unknown as string[] }).problems).toHaveLength(1);
    const sixteen = Array.from({ length: 16 }, (_, i) => `10.0.1.${i + 1}`);
    expect(mesosDns({ servers: sixteen }).problems).toEqual([
      'DcosConnection.mesosDns(): 16 servers, but CoreDNS forwards to 15 at most; list the masters only',
    ]);
    expect(mesosDns({ servers: [42 as unknown as string] }).problems).toEqual([
      'DcosConnection.mesosDns(): servers[0] (number) is not a string',
    ]);
  });

  test('zones CoreDNS cannot forward apart are refused: the root, the cluster domain, reverse zones, non-names, repeats', () => {
    const dcos = mesosDns({
      servers: ['10.0.1.10'],
      zones: [
        '.',
        'cluster.local',
        'svc.cluster.local',
        '10.in-addr.arpa',
        'bad_zone',
        '-mesos',
        'mesos',
        'MESOS',
        7 as unknown as string,
      ],
    });
    expect(dcos.problems).toEqual([
      expect.stringContaining('zones[0] "." is empty or the root zone'),
      'DcosConnection.mesosDns(): zones[1] "cluster.local" is the cluster\'s own domain: forwarding it would break every Service name',
      'DcosConnection.mesosDns(): zones[2] "svc.cluster.local" is the cluster\'s own domain: forwarding it would break every Service name',
      expect.stringContaining('zones[3] "10.in-addr.arpa" is a reverse zone'),
      expect.stringContaining('zones[4] "bad_zone" is not a DNS name'),
      expect.stringContaining('zones[5] "-mesos" is not a DNS name'),
      'DcosConnection.mesosDns(): zones[7] "MESOS" repeats zones[6]',
      'DcosConnection.mesosDns(): zones[8] (number) is not a string',
    ]);
    expect(dcos.zones).toEqual(['mesos']);
    expect(mesosDns({ servers: ['10.0.1.10'], zones: [] }).problems).toEqual([
      'DcosConnection.mesosDns(): zones is empty, so nothing would be forwarded; leave it out for the DC/OS zones',
    ]);
  });

  test('hostile input never reaches the Corefile: a zone or server that would open a block or a line is refused', () => {
    const dcos = mesosDns({
      servers: ['10.0.1.10 {\n}\n. {\n forward . 203.0.113.1', '10.0.1.11'],
      zones: ['evil {\n forward . 203.0.113.1\n}\n.', 'mesos'],
    });
    expect(dcos.problems).toHaveLength(2);
    // Messages quote the input on one line (JSON escapes).
    expect(dcos.problems.every((problem) => !problem.includes('\n'))).toBe(true);
    const text = corefile(dcos.forwardZones);
    expect(text).not.toContain('203.0.113.1');
    expect(text).toBe(`${EKS_DEFAULT_COREFILE}mesos:53 {\n    errors\n    cache 30\n    forward . 10.0.1.11\n}\n`);
  });

  test('DNS names: normalized for comparison, and checked label by label', () => {
    expect(normalizeDnsName(' Eks.Example.Internal. ')).toBe('eks.example.internal');
    expect(normalizeDnsName('.')).toBeUndefined();
    expect(dnsNameProblem('eks.example.internal')).toBeUndefined();
    expect(dnsNameProblem(`${'a'.repeat(64)}.internal`)).toContain('not a DNS name');
    expect(dnsNameProblem(Array.from({ length: 64 }, () => 'abcd').join('.'))).toContain('253');
  });
});

describe('the Corefile', () => {
  test('keeps EKS’s default block byte for byte, then one block per zone forwarding to exactly the given servers', () => {
    expect(DEFAULT_SERVER_BLOCK).toBe(EKS_DEFAULT_COREFILE);
    expect(corefile([])).toBe(EKS_DEFAULT_COREFILE);
    const text = corefile([
      { zone: 'mesos', servers: ['10.0.1.10', '10.0.1.11:8053'] },
      { zone: 'thisdcos.directory', servers: ['10.0.1.10'] },
    ]);
    expect(text).toBe(
      `${EKS_DEFAULT_COREFILE}mesos:53 {\n    errors\n    cache 30\n    forward . 10.0.1.10 10.0.1.11:8053\n}\n` +
        'thisdcos.directory:53 {\n    errors\n    cache 30\n    forward . 10.0.1.10\n}\n',
    );
  });
});

describe('the coexistence zone', () => {
  const stack = () => new Stack(new App(), 'Zones', { env: { account: '123456789012', region: 'us-east-1' } });

  test('a private zone of the app: its name normalized, its ID and ARN as tokens', () => {
    const scope = stack();
    const vpc = new ec2.Vpc(scope, 'Vpc');
    const zone = new route53.PrivateHostedZone(scope, 'Zone', { zoneName: 'EKS.example.internal', vpc });
    const read = coexistenceZone(zone);
    expect(read.problems).toEqual([]);
    expect(read.zone?.name).toBe('eks.example.internal');
    expect(scope.resolve(read.zone?.id)).toEqual({ Ref: 'ZoneA5DE4B68' });
    expect(read.zone?.arn).toBe(zone.hostedZoneArn);
  });

  test('an imported zone without a name, a public zone, a malformed ID or name: each said', () => {
    const scope = stack();
    expect(coexistenceZone(route53.HostedZone.fromHostedZoneId(scope, 'NoName', 'Z0123456789ABC')).problems).toEqual([
      expect.stringContaining('coexistence.zone has no name (HostedZone.fromHostedZoneId())'),
    ]);
    expect(
      coexistenceZone(new route53.PublicHostedZone(scope, 'Public', { zoneName: 'example.com' })).problems,
    ).toEqual([expect.stringContaining('coexistence.zone "example.com" is a public zone')]);
    const odd = route53.HostedZone.fromHostedZoneAttributes(scope, 'Odd', {
      hostedZoneId: 'Z1{{ .Values }}',
      zoneName: 'eks example',
    });
    expect(coexistenceZone(odd).problems).toEqual([
      expect.stringContaining('coexistence.zone: its name "eks example" is not a DNS name'),
      'coexistence.zone: "Z1{{ .Values }}" is not a Route 53 hosted zone ID (Z…, capital letters and digits)',
    ]);
  });

  test('a workload’s coexistenceDomain must be the zone: named when it differs or when there is no zone', () => {
    expect(coexistenceDomainProblem('estate', undefined, undefined)).toBeUndefined();
    expect(coexistenceDomainProblem('estate', 'EKS.example.internal.', 'eks.example.internal')).toBeUndefined();
    expect(coexistenceDomainProblem('estate', 'eks.example.internal', 'apps.example.internal')).toBe(
      'workload "estate" was translated with coexistenceDomain "eks.example.internal", but the environment\'s coexistence zone is "apps.example.internal": ExternalDNS would never name its NLBs; translate with coexistenceDomain "apps.example.internal" or give the environment that zone',
    );
    expect(coexistenceDomainProblem('estate', 'eks.example.internal', undefined)).toContain(
      'the environment has no coexistence zone: set coexistence: { zone } to the private zone "eks.example.internal"',
    );
  });
});

describe('which add-ons dcos and coexistence turn on', () => {
  test('neither: no managed CoreDNS and no ExternalDNS, and the plan counts EKS’s CoreDNS as before', () => {
    const addons = resolveAddons();
    expect(addons.coreDns).toBeUndefined();
    expect(addons.externalDns).toBeUndefined();
    expect(platformPods(addons).find((pods) => pods.name === 'kube-system/coredns')).toEqual({
      name: 'kube-system/coredns',
      replicas: 2,
      containers: [{ requests: { cpu: '100m', memory: '70Mi' } }],
    });
    expect(platformPods(addons).map((pods) => pods.name)).not.toContain('kube-system/external-dns');
  });

  test('dcos turns CoreDNS on, coexistence ExternalDNS; false keeps each off, true turns it on without them', () => {
    expect(resolveAddons({}, { dcos: true }).coreDns).toEqual({});
    expect(resolveAddons({}, { coexistence: true }).externalDns).toEqual({});
    expect(resolveAddons({ coreDns: false }, { dcos: true }).coreDns).toBeUndefined();
    expect(resolveAddons({ externalDns: false }, { coexistence: true }).externalDns).toBeUndefined();
    expect(resolveAddons({ coreDns: true }).coreDns).toEqual({});
    expect(resolveAddons({ externalDns: { resources: {} } }).externalDns).toEqual({ resources: {} });
  });

  test('the plan counts ExternalDNS’s pod, and CoreDNS’s replicas and resources from its configuration values', () => {
    const pods = platformPods(
      resolveAddons(
        {
          coreDns: {
            configurationValues: { replicaCount: 3, resources: { requests: { cpu: '200m', memory: '100Mi' } } },
          },
        },
        { coexistence: true },
      ),
    );
    expect(pods.find((p) => p.name === 'kube-system/coredns')).toEqual({
      name: 'kube-system/coredns',
      replicas: 3,
      containers: [{ requests: { cpu: '200m', memory: '100Mi' } }],
    });
    expect(pods.find((p) => p.name === 'kube-system/external-dns')).toEqual(ExternalDns.pods()[0]);
    expect(ExternalDns.pods()[0]).toEqual({
      name: 'kube-system/external-dns',
      replicas: 1,
      containers: [{ requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } }],
    });
    expect(CoreDns.pods({ configurationValues: { replicaCount: 'three' } })[0].replicas).toBe(2);
  });

  test('coredns is pinned for 1.33 to 1.35 from cdk-eks-blueprints (0b82904e), and not for 1.36', () => {
    expect(pinnedVersion('coredns', '1.33')).toBe('v1.12.1-eksbuild.2');
    expect(pinnedVersion('coredns', '1.34')).toBe('v1.12.3-eksbuild.1');
    expect(pinnedVersion('coredns', '1.35')).toBe('v1.13.2-eksbuild.3');
    expect(pinnedVersion('coredns', '1.36')).toBeUndefined();
  });
});
