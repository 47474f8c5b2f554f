import { CfnResource, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as cdk8s from 'cdk8s';
import {
  CUTOVER_RELEASE,
  CUTOVER_TXT_PREFIX,
  CUTOVER_TXT_WILDCARD_REPLACEMENT,
} from '../../lib/eks/addons/external-dns';
import { EksEnvironment, EksEnvironmentProps } from '../../lib/eks/eks-environment';
import { MAX_CUTOVER_ROUTES, MarathonLbAddress } from '../../lib/eks/traffic-cutover';
import { loadTexts } from '../../lib/marathon/load/estate';
import { hostInZone } from '../../lib/translate/traffic-cutover';
import { MarathonWorkload } from '../../lib/workload/marathon-workload';
import { ENV, NO_ADDONS, Synthesized, flatten, manifestsOf, offlineApp, synthesize } from './helpers';

/*
 * Issue 14 on the synthesized environment: the marathon-lb record of each weighted pair (weight 100 − N, set
 * identifier marathon-lb) with its health checks, the second ExternalDNS release that writes the ALB records from the
 * Ingress annotations (weighted records in the cut-over zone only), the problems synth reports, and a walk
 * 0 → 10 → 100 → 0 that updates the records in place.
 */

const ZONE_ID = 'Z0PUBLIC123456789ABC';
const ZONE_NAME = 'example.com';
const PRIVATE_ZONE_ID = 'Z0123456789ABCDEFGHIJ';
const IPS = ['203.0.113.10', '203.0.113.11'];
const SET_IDENTIFIER = 'external-dns.alpha.kubernetes.io/set-identifier';
const WEIGHT = 'external-dns.alpha.kubernetes.io/aws-weight';

/** Free-form JSON (chart values, policy documents, manifests), read by path. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- what JSON.parse returns
type Json = any;

const app = (id: string, vhost: string) => ({
  id,
  cmd: 'python3 -m http.server $PORT0',
  cpus: 0.1,
  mem: 32,
  instances: 1,
  portDefinitions: [{ port: 10101, name: 'http' }],
  labels: { HAPROXY_GROUP: 'external', HAPROXY_0_VHOST: vhost },
});

const estateOf = (...apps: ReturnType<typeof app>[]) =>
  loadTexts(apps.map((a) => ({ source: `${a.id}.json`, text: JSON.stringify(a), discovered: false })));

/** A MarathonWorkload of these apps translated with `trafficCutover` (none without a weight). */
function workload(apps: ReturnType<typeof app>[], weight?: number, options: { id?: string; zone?: string } = {}) {
  const estate = estateOf(...apps);
  return new MarathonWorkload(new cdk8s.App(), options.id ?? 'estate', {
    definitions: estate.definitions,
    groups: estate.groups,
    ...(weight !== undefined ? { trafficCutover: { zone: options.zone ?? ZONE_NAME, weight } } : {}),
    // No monitoring add-on here, so no prometheus-operator CRDs.
    alerts: false,
  });
}

const SHOP = [app('/shop/web', 'shop.example.com'), app('/shop/admin', 'admin.other.org')];

const publicZone = (stack: Stack) =>
  route53.PublicHostedZone.fromPublicHostedZoneAttributes(stack, 'Public', {
    hostedZoneId: ZONE_ID,
    zoneName: ZONE_NAME,
  });
const privateZone = (stack: Stack) =>
  route53.PrivateHostedZone.fromPrivateHostedZoneAttributes(stack, 'Private', {
    hostedZoneId: PRIVATE_ZONE_ID,
    zoneName: 'eks.example.internal',
  });

type Props = (stack: Stack) => EksEnvironmentProps;

/** The environment built without synthesizing, and every validation problem of its constructs. */
function build(props: Props): { environment: EksEnvironment; problems: string[] } {
  const stack = new Stack(offlineApp(), 'Platform', { env: ENV });
  const environment = new EksEnvironment(stack, 'Eks', props(stack));
  return { environment, problems: stack.node.findAll().flatMap((construct) => construct.node.validate()) };
}

interface RecordSet {
  readonly Type: 'AWS::Route53::RecordSet';
  readonly Properties: Json;
}

function recordSets(template: Template): Record<string, RecordSet> {
  return template.findResources('AWS::Route53::RecordSet') as Record<string, RecordSet>;
}

function chartNamed(template: Template, release: string): Json {
  const found = Object.values(
    template.findResources('Custom::AWSCDK-EKS-HelmChart', { Properties: { Release: release } }),
  ) as Json[];
  expect(found).toHaveLength(1);
  return found[0];
}

/** The policy statements of a role, by its construct. */
function statementsOf(result: Synthesized, role: CfnResource | undefined): Json[] {
  const template = result.templates.get('Platform') as Template;
  const roleId = result.stack.resolve(role?.logicalId) as string;
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
    JSON.stringify((policy as Json).Properties.Roles).includes(roleId),
  ) as Json[];
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument.Statement as Json[];
}

/** The Ingresses of every manifest of every stack. */
function ingresses(result: Synthesized): Json[] {
  return [...result.templates.values()].flatMap((template) =>
    manifestsOf(template)
      .flat()
      .filter((object) => (object as Json).kind === 'Ingress'),
  ) as Json[];
}

describe('a cut-over to marathon-lb’s addresses, health-checked, next to the coexistence zone', () => {
  let result: Synthesized;
  let template: Template;

  beforeAll(() => {
    result = synthesize(
      (stack) => ({
        addons: NO_ADDONS,
        coexistence: { zone: privateZone(stack) },
        trafficCutover: { zone: publicZone(stack), marathonLb: MarathonLbAddress.ips(...IPS), healthCheck: true },
        workloads: [workload(SHOP, 10)],
      }),
      undefined,
      true,
    );
    template = result.templates.get('Platform') as Template;
  }, 120_000);

  test('one weighted A record per vhost in the zone: marathon-lb’s addresses, weight 90, set identifier marathon-lb, TTL 60', () => {
    const records = Object.values(recordSets(template));
    expect(records).toHaveLength(1);
    const properties = records[0].Properties;
    expect(properties).toEqual({
      HostedZoneId: ZONE_ID,
      Name: 'shop.example.com.',
      Type: 'A',
      ResourceRecords: IPS,
      TTL: '60',
      Weight: 90,
      SetIdentifier: 'marathon-lb',
      HealthCheckId: expect.anything(),
      Comment: expect.stringContaining('marathon-lb'),
    });
    expect([...(result.environment.trafficCutover?.records.keys() ?? [])]).toEqual(['shop.example.com']);
  });

  test('the ALB Ingress carries the eks half: set identifier eks, weight 10; the vhost outside the zone carries none', () => {
    const found = ingresses(result);
    const shop = found.filter((ingress) => ingress.spec.rules.some((rule: Json) => rule.host === 'shop.example.com'));
    const admin = found.filter((ingress) => ingress.spec.rules.some((rule: Json) => rule.host === 'admin.other.org'));
    expect(shop).toHaveLength(1);
    expect(admin).toHaveLength(1);
    expect(shop[0].metadata.annotations[SET_IDENTIFIER]).toBe('eks');
    expect(shop[0].metadata.annotations[WEIGHT]).toBe('10');
    expect(admin[0].metadata.annotations[SET_IDENTIFIER]).toBeUndefined();
    expect(admin[0].metadata.annotations[WEIGHT]).toBeUndefined();
  });

  test('one HTTP health check per address on marathon-lb’s 9090/_haproxy_health_check, and a calculated one (1 healthy child) on the record', () => {
    const checks = Object.entries(template.findResources('AWS::Route53::HealthCheck')) as [string, Json][];
    expect(checks).toHaveLength(3);
    const http = checks.filter(([, check]) => check.Properties.HealthCheckConfig.Type === 'HTTP');
    expect(http.map(([, check]) => check.Properties.HealthCheckConfig)).toEqual(
      IPS.map((ip) =>
        expect.objectContaining({ IPAddress: ip, Port: 9090, ResourcePath: '/_haproxy_health_check', Type: 'HTTP' }),
      ),
    );
    const calculated = checks.filter(([, check]) => check.Properties.HealthCheckConfig.Type === 'CALCULATED');
    expect(calculated).toHaveLength(1);
    const [parentId, parent] = calculated[0];
    expect(parent.Properties.HealthCheckConfig.HealthThreshold).toBe(1);
    expect(parent.Properties.HealthCheckConfig.ChildHealthChecks).toEqual(http.map(([id]) => ({ Ref: id })));
    const [record] = Object.values(recordSets(template));
    expect(record.Properties.HealthCheckId).toEqual({ Ref: parentId });
  });

  test('a second ExternalDNS release writes the ALB records: Ingresses with set identifier eks, the public zone by ID, no AAAA', () => {
    const chart = chartNamed(template, 'external-dns-cutover').Properties;
    expect([chart.Chart, chart.Version, chart.Namespace]).toEqual(['external-dns', '1.21.1', 'kube-system']);
    const values = JSON.parse(flatten(chart.Values)) as Json;
    expect(values).toEqual({
      fullnameOverride: 'external-dns-cutover',
      provider: { name: 'aws' },
      sources: ['ingress'],
      domainFilters: [ZONE_NAME],
      annotationFilter: 'external-dns.alpha.kubernetes.io/set-identifier=eks',
      policy: 'upsert-only',
      registry: 'txt',
      txtOwnerId: result.environment.clusterName,
      // templates/deployment.yaml L106-107 (chart 1.21.1): --txt-prefix=_m2e-%{record_type}.
      txtPrefix: '_m2e-%{record_type}.',
      extraArgs: {
        'aws-zone-type': 'public',
        'zone-id-filter': ZONE_ID,
        'exclude-record-types': 'AAAA',
        'txt-wildcard-replacement': '_wildcard',
      },
      serviceAccount: { create: true, name: 'external-dns-cutover' },
      env: [{ name: 'AWS_DEFAULT_REGION', value: 'us-east-1' }],
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
    });
    const nodegroups = Object.keys(template.findResources('AWS::EKS::Nodegroup'));
    expect(nodegroups.length).toBeGreaterThan(0);
    expect(chartNamed(template, 'external-dns-cutover').DependsOn).toEqual(expect.arrayContaining(nodegroups));
  });

  test('its Pod Identity role changes A and TXT records in the cut-over zone only; the coexistence role is unchanged', () => {
    const zoneArn = (id: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:route53:::hostedzone/${id}`]],
    });
    const listHostedZones = { Action: 'route53:ListHostedZones', Effect: 'Allow', Resource: '*' };
    const cutover = result.environment.cutoverExternalDns?.role.node.defaultChild as CfnResource;
    const coexistence = result.environment.externalDns?.role.node.defaultChild as CfnResource;
    // The condition key of docs/tutorials/aws.md L58-64 (external-dns v0.21.0, the ABAC example), with exact types;
    // Route 53 wants them uppercase (DeveloperGuide/specifying-conditions-route53.html). The list calls stay free.
    expect(statementsOf(result, cutover)).toEqual([
      {
        Action: 'route53:ChangeResourceRecordSets',
        Condition: { 'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'TXT'] } },
        Effect: 'Allow',
        Resource: zoneArn(ZONE_ID),
      },
      {
        Action: ['route53:ListResourceRecordSets', 'route53:ListTagsForResources'],
        Effect: 'Allow',
        Resource: zoneArn(ZONE_ID),
      },
      listHostedZones,
    ]);
    expect(statementsOf(result, coexistence)).toEqual([
      {
        Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources'],
        Effect: 'Allow',
        Resource: zoneArn(PRIVATE_ZONE_ID),
      },
      listHostedZones,
    ]);
    const associations = Object.values(template.findResources('AWS::EKS::PodIdentityAssociation')).map(
      (resource) => (resource as Json).Properties,
    );
    const roleId = result.stack.resolve(cutover.logicalId) as string;
    expect(associations).toContainEqual(
      expect.objectContaining({
        Namespace: 'kube-system',
        ServiceAccount: 'external-dns-cutover',
        RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
      }),
    );
    // The coexistence release is as before: its own name, Services, the private zone, ExternalDNS's TXT names.
    const values = JSON.parse(flatten(chartNamed(template, 'external-dns').Properties.Values)) as Json;
    expect(values.fullnameOverride).toBeUndefined();
    expect(values.txtPrefix).toBeUndefined();
    expect(values.sources).toEqual(['service']);
    expect(values.extraArgs).toEqual({ 'aws-zone-type': 'private', 'zone-id-filter': PRIVATE_ZONE_ID });
  });

  test('the marathon-lb records and their health checks are retained: CloudFormation never deletes them', () => {
    const resources = {
      ...template.findResources('AWS::Route53::RecordSet'),
      ...template.findResources('AWS::Route53::HealthCheck'),
    } as Record<string, Json>;
    expect(Object.keys(resources)).toHaveLength(4);
    for (const resource of Object.values(resources)) {
      expect([resource.DeletionPolicy, resource.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    }
  });

  test('no synth warning of a cut-over with routes and a TTL of 60 s', () => {
    const warnings = Annotations.fromStack(result.stack)
      .findWarning('*', Match.anyValue())
      .map((warning) => JSON.stringify(warning.entry.data));
    expect(warnings.filter((warning) => /cutoverTtl|noCutoverRoutes/.test(warning))).toEqual([]);
  });

  test('the capacity plan counts both ExternalDNS releases', () => {
    const placed = (result.environment.capacityPlan?.groups ?? []).flatMap((group) =>
      group.nodes.flatMap((node) => node.slots.map((slot) => slot.workload)),
    );
    expect(placed).toEqual(expect.arrayContaining(['kube-system/external-dns', 'kube-system/external-dns-cutover']));
  });

  test('cdk-nag: no unacknowledged finding; the cut-over role’s one wildcard is acknowledged with its reason', () => {
    const nag = result.validationReport.pluginReports.find((report) => report.pluginName === 'AwsSolutions');
    expect(nag?.violations).toEqual([]);
    const suppressed = (nag?.suppressedViolations ?? []).filter((violation) =>
      violation.reason.endsWith('limited to the traffic cut-over zone by its ARN, and to A and TXT records'),
    );
    expect(suppressed.map((violation) => violation.acknowledgedId)).toEqual([
      'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    ]);
  });
});

describe('a cut-over to the load balancer in front of marathon-lb', () => {
  test('the marathon-lb record is a weighted alias A record evaluating the target’s health, without TTL or health check', () => {
    const { environment } = build((stack) => ({
      addons: NO_ADDONS,
      trafficCutover: {
        zone: publicZone(stack),
        marathonLb: MarathonLbAddress.loadBalancer({
          dnsName: 'mlb-0123456789.elb.us-east-1.amazonaws.com',
          hostedZoneId: 'Z35SXDOTRQ7X7K',
        }),
        ttl: Duration.seconds(30),
      },
      nodeGroups: [{ name: 'general' }],
      workloads: [workload(SHOP, 50)],
    }));
    const template = Template.fromStack(Stack.of(environment));
    const records = Object.values(recordSets(template));
    expect(records.map((record) => record.Properties)).toEqual([
      {
        HostedZoneId: ZONE_ID,
        Name: 'shop.example.com.',
        Type: 'A',
        AliasTarget: {
          DNSName: 'mlb-0123456789.elb.us-east-1.amazonaws.com',
          HostedZoneId: 'Z35SXDOTRQ7X7K',
          EvaluateTargetHealth: true,
        },
        Weight: 50,
        SetIdentifier: 'marathon-lb',
        Comment: expect.any(String),
      },
    ]);
    template.resourceCountIs('AWS::Route53::HealthCheck', 0);
  }, 60_000);

  test('the TTL of address records is the one given; a wildcard vhost is a record too', () => {
    const { environment } = build((stack) => ({
      addons: NO_ADDONS,
      trafficCutover: { zone: publicZone(stack), marathonLb: MarathonLbAddress.ips(IPS[0]), ttl: Duration.seconds(30) },
      nodeGroups: [{ name: 'general' }],
      workloads: [workload(SHOP, 0)],
    }));
    environment.trafficCutover?.addRoute({
      host: '*.example.com',
      weight: 0,
      workload: '/shop/any',
      ingress: 'shop/any',
    });
    const template = Template.fromStack(Stack.of(environment));
    const records = Object.values(recordSets(template)).map((record) => record.Properties);
    expect(records.map(({ Name, TTL, Weight, HealthCheckId }) => [Name, TTL, Weight, HealthCheckId])).toEqual([
      ['shop.example.com.', '30', 100, undefined],
      ['*.example.com.', '30', 100, undefined],
    ]);
    // resource-record-sets-values-weighted.html, TTL: 60 s for non-alias records beside an ELB alias.
    expect(ttlWarnings(Stack.of(environment))).toEqual([expect.stringContaining('trafficCutover.ttl is 30 s')]);
    expect(ttlWarnings(Stack.of(environment))[0]).toContain('Use Duration.seconds(60)');
  }, 60_000);

  test('no TTL warning for an alias to a load balancer (it has no TTL of its own), nor for 60 s given as a minute', () => {
    const lb = build((stack) => ({
      addons: NO_ADDONS,
      trafficCutover: {
        zone: publicZone(stack),
        marathonLb: MarathonLbAddress.loadBalancer({
          dnsName: 'mlb.elb.amazonaws.com',
          hostedZoneId: 'Z35SXDOTRQ7X7K',
        }),
        ttl: Duration.seconds(300),
      },
      nodeGroups: [{ name: 'general' }],
      workloads: [workload(SHOP, 0)],
    }));
    const minute = build((stack) => ({
      addons: NO_ADDONS,
      trafficCutover: { zone: publicZone(stack), marathonLb: MarathonLbAddress.ips(IPS[0]), ttl: Duration.minutes(1) },
      nodeGroups: [{ name: 'general' }],
      workloads: [workload(SHOP, 0)],
    }));
    expect(ttlWarnings(Stack.of(lb.environment))).toEqual([]);
    expect(ttlWarnings(Stack.of(minute.environment))).toEqual([]);
  }, 60_000);
});

/** The messages of the `marathon-to-eks:cutoverTtl` warnings of a stack (synthesizing it). */
function ttlWarnings(stack: Stack): string[] {
  return warningsOf(stack, 'marathon-to-eks:cutoverTtl');
}

/** The messages of one kind of warning of a stack (synthesizing it): `addWarningV2` appends `[ack: id]`. */
function warningsOf(stack: Stack, id: string): string[] {
  return Annotations.fromStack(stack)
    .findWarning('*', Match.stringLikeRegexp(`\\[ack: ${id}\\]`))
    .map((warning) => String(warning.entry.data));
}

describe('synth-time problems of a cut-over', () => {
  const cutover = (stack: Stack) => ({ zone: publicZone(stack), marathonLb: MarathonLbAddress.ips(...IPS) });
  const base = { addons: NO_ADDONS, nodeGroups: [{ name: 'general' }] };

  test('a private zone, a zone without a name, bad addresses and health checks on a load balancer', () => {
    const vpc = (stack: Stack) =>
      ec2.Vpc.fromVpcAttributes(stack, 'Other', { vpcId: 'vpc-0123456789', availabilityZones: ['us-east-1a'] });
    expect(
      build((stack) => ({
        ...base,
        trafficCutover: {
          zone: new route53.PrivateHostedZone(stack, 'Zone', { zoneName: ZONE_NAME, vpc: vpc(stack) }),
          marathonLb: MarathonLbAddress.ips('203.0.113.300', '203.0.113.10', '203.0.113.10'),
        },
      })).problems,
    ).toEqual(
      expect.arrayContaining([
        `trafficCutover.zone "${ZONE_NAME}" is a private zone: the vhosts are public names, answered from a public zone (PublicHostedZone)`,
        'MarathonLbAddress.ips(): "203.0.113.300" is not an IPv4 address (a.b.c.d, 0–255 each)',
        'MarathonLbAddress.ips(): "203.0.113.10" is given twice',
      ]),
    );
    const problems = build((stack) => ({
      ...base,
      trafficCutover: {
        zone: route53.HostedZone.fromHostedZoneId(stack, 'Zone', ZONE_ID),
        marathonLb: MarathonLbAddress.loadBalancer({ dnsName: 'mlb.elb.amazonaws.com', hostedZoneId: 'not-a-zone' }),
        healthCheck: true,
      },
    })).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('trafficCutover.zone has no name (HostedZone.fromHostedZoneId())'),
        expect.stringContaining('MarathonLbAddress.loadBalancer(): hostedZoneId "not-a-zone" is not a hosted zone ID'),
        expect.stringContaining('trafficCutover.healthCheck checks marathon-lb’s addresses'),
      ]),
    );
    expect(MarathonLbAddress.ips().problems).toEqual(['MarathonLbAddress.ips() needs at least one IPv4 address']);
  }, 60_000);

  test('health checks of private addresses, or on a bad port or path', () => {
    const problems = build((stack) => ({
      ...base,
      trafficCutover: {
        zone: publicZone(stack),
        marathonLb: MarathonLbAddress.ips('10.0.0.5', '203.0.113.10'),
        healthCheck: { port: 0, path: 'health' },
      },
    })).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'trafficCutover.healthCheck.port 0 is not a port (1–65535)',
        'trafficCutover.healthCheck.path "health" must start with /',
        `trafficCutover.healthCheck: "10.0.0.5" is not a public address, which Route 53's health checkers cannot reach`,
      ]),
    );
  }, 60_000);

  test('a workload translated with trafficCutover needs the environment’s, in the same zone', () => {
    expect(build(() => ({ ...base, workloads: [workload(SHOP, 10)] })).problems).toContain(
      `workload "estate" was translated with trafficCutover (zone "${ZONE_NAME}"), but the environment has no trafficCutover: set trafficCutover: { zone, marathonLb } with the public zone "${ZONE_NAME}", where the marathon-lb records pair with the ALBs`,
    );
    const mismatch = build((stack) => ({
      ...base,
      trafficCutover: cutover(stack),
      workloads: [workload([app('/shop/web', 'shop.example.org')], 10, { zone: 'example.org' })],
    }));
    expect(mismatch.problems).toContain(
      `workload "estate" was translated with trafficCutover zone "example.org", but the environment's trafficCutover zone is "${ZONE_NAME}": no pair would be complete; translate with zone "${ZONE_NAME}" or give the environment that zone`,
    );
    expect(mismatch.environment.trafficCutover?.records.size).toBe(0);
  }, 60_000);

  test('two workloads with one host: one record with the same weight, a problem with different weights', () => {
    const same = build((stack) => ({
      ...base,
      trafficCutover: cutover(stack),
      workloads: [workload(SHOP, 10, { id: 'a' }), workload([app('/shop/web2', 'shop.example.com')], 10, { id: 'b' })],
    }));
    expect(same.problems.filter((problem) => problem.startsWith('trafficCutover'))).toEqual([]);
    expect(same.environment.trafficCutover?.records.size).toBe(1);
    const different = build((stack) => ({
      ...base,
      trafficCutover: cutover(stack),
      workloads: [workload(SHOP, 10, { id: 'a' }), workload([app('/shop/web2', 'shop.example.com')], 50, { id: 'b' })],
    }));
    expect(different.problems).toContain(
      'trafficCutover: host "shop.example.com" is routed by /shop/web (weight 10) and by /shop/web2 (weight 50): a host has one weighted pair, so translate both with the same trafficCutover.weight',
    );
  }, 60_000);

  test(`more than ${MAX_CUTOVER_ROUTES} routes: cut over in batches`, () => {
    const { environment } = build((stack) => ({ ...base, trafficCutover: cutover(stack) }));
    const cut = environment.trafficCutover;
    for (let i = 0; i <= MAX_CUTOVER_ROUTES; i++) {
      cut?.addRoute({ host: `app${i}.${ZONE_NAME}`, weight: 10, workload: `/app${i}`, ingress: `shop/app${i}` });
    }
    expect(cut?.node.validate()).toEqual([expect.stringContaining(`trafficCutover: ${MAX_CUTOVER_ROUTES + 1} routes`)]);
    expect(cut?.node.validate()[0]).toContain('cut over in batches');
  }, 60_000);

  test('the externalDns add-on off', () => {
    expect(
      build((stack) => ({ ...base, addons: { ...NO_ADDONS, externalDns: false }, trafficCutover: cutover(stack) }))
        .problems,
    ).toContain(
      'trafficCutover needs the externalDns add-on (addons.externalDns is false): ExternalDNS writes the ALB record (set identifier eks) of every weighted pair',
    );
  }, 60_000);
});

/**
 * ExternalDNS v0.21.0's TXT name of a record, with a prefix and no suffix: registry/mapper/mapper.go ToTXTName
 * (L88-110: split at the first dot, the wildcard replaced, the type glued to the first label unless the prefix has
 * `%{record_type}`, L112-127), after NewAffixNameMapper lowercases the affixes (L57-63). An alias A is type `cname`
 * (registry/txt/registry.go L310-314).
 */
function txtName(prefix: string, wildcardReplacement: string, host: string, recordType = 'CNAME'): string {
  const template = '%{record_type}';
  const dot = host.indexOf('.');
  let first = dot < 0 ? host : host.slice(0, dot);
  const type = recordType.toLowerCase();
  if (wildcardReplacement !== '' && first === '*') {
    first = wildcardReplacement.toLowerCase();
  }
  if (!prefix.includes(template)) {
    first = `${type}-${first}`;
  }
  const affix = prefix.toLowerCase().split(template).join(type);
  return dot < 0 ? affix + first : `${affix}${first}.${host.slice(dot + 1)}`;
}

/** Back: mapper.go dropAffixExtractType (L143-160), for a prefix with `%{record_type}`, the types of L30-39 in order. */
function endpointName(prefix: string, txt: string): [string, string] | undefined {
  for (const type of ['A', 'AAAA', 'CNAME', 'NS', 'MX', 'PTR', 'SRV', 'NAPTR']) {
    const affix = prefix.toLowerCase().split('%{record_type}').join(type.toLowerCase());
    if (txt.startsWith(affix)) {
      return [txt.slice(affix.length), type];
    }
  }
  return undefined;
}

describe('the cut-over release’s TXT ownership records', () => {
  const hosts = ['example.com', 'shop.example.com', '*.example.com', '*.shop.example.com', 'wildcard.example.com'];

  test('without a prefix, the apex’s TXT falls outside the zone (so its eks record would have no owner)', () => {
    // The AWS provider skips a change outside its zones (provider/aws/aws.go L1315-1321).
    expect(txtName('', '', 'example.com')).toBe('cname-example.com');
    expect(hostInZone(txtName('', '', 'example.com'), ZONE_NAME)).toBe(false);
    // A prefix without %{record_type} still glues the type to the first label: the apex's TXT is outside too.
    expect(txtName('owner.', '', 'example.com')).toBe('owner.cname-example.com');
  });

  test('with the release’s prefix and wildcard label, every TXT is in the zone, under its host, without a *', () => {
    expect([CUTOVER_RELEASE.txtPrefix, CUTOVER_RELEASE.txtWildcardReplacement]).toEqual([
      CUTOVER_TXT_PREFIX,
      CUTOVER_TXT_WILDCARD_REPLACEMENT,
    ]);
    const names = hosts.map((host) => txtName(CUTOVER_TXT_PREFIX, CUTOVER_TXT_WILDCARD_REPLACEMENT, host));
    expect(names).toEqual([
      '_m2e-cname.example.com',
      '_m2e-cname.shop.example.com',
      '_m2e-cname._wildcard.example.com',
      '_m2e-cname._wildcard.shop.example.com',
      '_m2e-cname.wildcard.example.com',
    ]);
    expect(names.filter((name) => !hostInZone(name, ZONE_NAME) || name.includes('*'))).toEqual([]);
    // One TXT per host: the wildcard's label cannot be a vhost's (no underscore in a DNS-1123 Ingress host).
    expect(new Set(names).size).toBe(hosts.length);
    // The prefix is a label of its own: the host's first label keeps its 63 characters.
    const long = `${'a'.repeat(63)}.${ZONE_NAME}`;
    expect(txtName(CUTOVER_TXT_PREFIX, CUTOVER_TXT_WILDCARD_REPLACEMENT, long).split('.')[1]).toHaveLength(63);
  });

  test('each TXT name leads back to its host’s alias A (type CNAME in the registry), the wildcard by its label', () => {
    // registry/txt/registry.go L228-234 (TXT → key) and L243-258 (the endpoint's key, `*` replaced, alias A → CNAME).
    const key = (host: string) => [host.replace(/^\*\./, `${CUTOVER_TXT_WILDCARD_REPLACEMENT}.`), 'CNAME'];
    for (const host of hosts) {
      const txt = txtName(CUTOVER_TXT_PREFIX, CUTOVER_TXT_WILDCARD_REPLACEMENT, host);
      expect(endpointName(CUTOVER_TXT_PREFIX, txt)).toEqual(key(host));
    }
    // The dot ends the type: an AAAA record's TXT is not read as an A record's.
    expect(endpointName(CUTOVER_TXT_PREFIX, txtName(CUTOVER_TXT_PREFIX, '', 'shop.example.com', 'AAAA'))).toEqual([
      'shop.example.com',
      'AAAA',
    ]);
  });
});

describe('routes of manifests applied outside this app (trafficCutover.routes)', () => {
  const base = { addons: NO_ADDONS, nodeGroups: [{ name: 'general' }] };
  const cutover = (stack: Stack) => ({ zone: publicZone(stack), marathonLb: MarathonLbAddress.ips(...IPS) });

  test('the migration report’s routeCutover.routes, as migration-report.json has them, make the records alone', () => {
    const translated = workload([SHOP[0], app('/apex', 'example.com'), app('/any', '*.example.com')], 10);
    const routes = JSON.parse(JSON.stringify(translated.report.routeCutover?.routes)) as Json[];
    expect(routes.map((route) => [route.host, route.weight])).toEqual([
      ['*.example.com', 10],
      ['example.com', 10],
      ['shop.example.com', 10],
    ]);
    const { environment, problems } = build((stack) => ({ ...base, trafficCutover: { ...cutover(stack), routes } }));
    expect(problems).toEqual([]);
    const template = Template.fromStack(Stack.of(environment));
    expect(
      Object.values(recordSets(template)).map((record) => [record.Properties.Name, record.Properties.Weight]),
    ).toEqual([
      ['*.example.com.', 90],
      ['example.com.', 90],
      ['shop.example.com.', 90],
    ]);
    expect(warningsOf(Stack.of(environment), 'marathon-to-eks:noCutoverRoutes')).toEqual([]);
  }, 60_000);

  test('merged with the delivered workloads’ routes: one record for the same host and weight, a problem otherwise', () => {
    const merged = build((stack) => ({
      ...base,
      trafficCutover: {
        ...cutover(stack),
        routes: [
          { host: 'Shop.Example.com.', weight: 10 },
          { host: 'kubectl.example.com', weight: 10 },
        ],
      },
      workloads: [workload(SHOP, 10)],
    }));
    expect(merged.problems).toEqual([]);
    expect([...(merged.environment.trafficCutover?.records.keys() ?? [])]).toEqual([
      'shop.example.com',
      'kubectl.example.com',
    ]);
    expect(merged.environment.trafficCutover?.routes.map((route) => route.workload)).toEqual([
      'trafficCutover.routes[1]',
      'trafficCutover.routes[0]',
    ]);
    const clash = build((stack) => ({
      ...base,
      trafficCutover: { ...cutover(stack), routes: [{ host: 'shop.example.com', weight: 50 }] },
      workloads: [workload(SHOP, 10)],
    }));
    expect(clash.problems).toContain(
      'trafficCutover: host "shop.example.com" is routed by trafficCutover.routes[0] (weight 50) and by /shop/web (weight 10): a host has one weighted pair, so translate both with the same trafficCutover.weight',
    );
  }, 60_000);

  test('a host that is not a DNS name or not in the zone, a weight out of range, a routes that is no list', () => {
    const { problems } = build((stack) => ({
      ...base,
      trafficCutover: {
        ...cutover(stack),
        routes: [
          { host: 'shop_1.example.com', weight: 10 },
          { host: 'shop.example.org', weight: 10 },
          { host: 'a.example.com', weight: 101 },
          { host: 3 as unknown as string, weight: 10 },
        ],
      },
    }));
    expect(problems).toEqual([
      'trafficCutover.routes[0]: host "shop_1.example.com" is not a DNS name (labels of letters, digits and inner hyphens, up to 63 characters each)',
      'trafficCutover: host "shop.example.org" of trafficCutover.routes[1] is not in the zone "example.com"',
      'trafficCutover: trafficCutover.routes[2] routes "a.example.com" with weight 101: the weight is a percentage, an integer from 0 to 100',
      'trafficCutover.routes[3]: host "3" is not a DNS name',
    ]);
    expect(
      build((stack) => ({
        ...base,
        trafficCutover: { ...cutover(stack), routes: 'shop.example.com' as unknown as [] },
      })).problems,
    ).toEqual(['trafficCutover.routes must be a list of routes ({ host, weight })']);
  }, 60_000);

  test('no route at all: a synth warning that ExternalDNS would write lone eks records', () => {
    const { environment } = build((stack) => ({ ...base, trafficCutover: cutover(stack) }));
    const warnings = warningsOf(Stack.of(environment), 'marathon-to-eks:noCutoverRoutes');
    expect(warnings).toEqual([expect.stringContaining('trafficCutover is set, but no route was added')]);
    expect(warnings[0]).toContain('a lone weighted record answers every query');
    expect(warnings[0]).toContain('trafficCutover.routes');
  }, 60_000);
});

describe('the walk 0 → 10 → 100 → 0', () => {
  const weights = [0, 10, 100, 0];
  let steps: Template[];
  let results: Synthesized[];

  beforeAll(() => {
    results = weights.map((weight) =>
      synthesize(
        (stack) => ({
          ...{ addons: NO_ADDONS, nodeGroups: [{ name: 'general' }] },
          trafficCutover: { zone: publicZone(stack), marathonLb: MarathonLbAddress.ips(...IPS), healthCheck: true },
          workloads: [workload([SHOP[0]], weight)],
        }),
        undefined,
        false,
      ),
    );
    steps = results.map((result) => result.templates.get('Platform') as Template);
  }, 120_000);

  test('marathon-lb’s record weighs 100 − N and the Ingress carries N at each step', () => {
    expect(steps.map((template) => Object.values(recordSets(template)).map((r) => r.Properties.Weight))).toEqual([
      [100],
      [90],
      [0],
      [100],
    ]);
    expect(results.map((result) => ingresses(result).map((ingress) => ingress.metadata.annotations[WEIGHT]))).toEqual([
      ['0'],
      ['10'],
      ['100'],
      ['0'],
    ]);
  });

  test('no record or health check is replaced: same logical ids, and the same Name, Type, SetIdentifier, HostedZoneId', () => {
    const ids = (template: Template, type: string) => Object.keys(template.findResources(type)).sort();
    for (const type of ['AWS::Route53::RecordSet', 'AWS::Route53::HealthCheck']) {
      const first = ids(steps[0], type);
      expect(first.length).toBeGreaterThan(0);
      expect(steps.map((template) => ids(template, type))).toEqual(steps.map(() => first));
    }
    const identity = (template: Template) =>
      Object.entries(recordSets(template)).map(([id, record]) => {
        const { Name, Type, SetIdentifier, HostedZoneId } = record.Properties;
        return { id, Name, Type, SetIdentifier, HostedZoneId };
      });
    expect(steps.map(identity)).toEqual(steps.map(() => identity(steps[0])));
    const checks = (template: Template) => JSON.stringify(template.findResources('AWS::Route53::HealthCheck'));
    expect(steps.map(checks)).toEqual(steps.map(() => checks(steps[0])));
  });
});
