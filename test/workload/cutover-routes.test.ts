import { loadJson } from '../helpers/load';
import { convertEstate } from '../../lib/workload/convert';
import { HANDOVER_SET_IDENTIFIER } from '../../lib/translate/traffic-cutover';
import { WorkloadSelection } from '../../lib/workload/selection';
import { TranslateOptions } from '../../lib/translate/options';
import { App } from 'cdk8s';
import { MarathonWorkload } from '../../lib/workload/marathon-workload';

/*
 * Issue 14, the guide side: with `trafficCutover` the migration report tells, per route in the zone, how to hand an
 * existing record over, the weight steps, what to watch, what health does and how to roll back, with or without a
 * selection. The wave guide moves those routes by weight.
 */

const web = {
  id: '/shop/web',
  cmd: 'python3 -m http.server $PORT0',
  cpus: 0.5,
  mem: 256,
  instances: 2,
  portDefinitions: [{ port: 8080, name: 'http' }],
  labels: { HAPROXY_GROUP: 'external', HAPROXY_0_VHOST: 'shop.example.com,*.example.com,shop.example.org' },
};
const tcp = {
  id: '/shop/mqtt',
  cmd: 'mosquitto -p $PORT0',
  cpus: 0.5,
  mem: 256,
  portDefinitions: [{ port: 1883, name: 'mqtt' }],
  labels: { HAPROXY_GROUP: 'external' },
};
/** A marathon-autoscale app (mesosphere/marathon-autoscale@8949324 examples): it becomes web's HPA, no object of its own. */
const autoscaler = {
  id: '/shop/autoscale-web',
  cpus: 0.1,
  mem: 128,
  container: { type: 'DOCKER', docker: { image: 'mesosphere/marathon-autoscale:latest' } },
  env: {
    AS_MARATHON_APP: '/shop/web',
    AS_TRIGGER_MODE: 'cpu',
    AS_MIN_INSTANCES: '1',
    AS_MAX_INSTANCES: '6',
  },
};

const CUTOVER: TranslateOptions = { trafficCutover: { zone: 'example.com', weight: 10 } };

function convert(options: Parameters<typeof convertEstate>[1]) {
  return convertEstate(loadJson([web, tcp, autoscaler]), options);
}

describe('the route cut-over guide (report routeCutover)', () => {
  const { report, files } = convert(CUTOVER);
  const guide = report.routeCutover!;

  test('one route per host in the zone, with both weights; hosts outside it are listed to move by hand', () => {
    expect(guide).toMatchObject({ zone: 'example.com', weight: 10 });
    expect(guide.routes.map((r) => [r.host, r.weight, r.marathonLbWeight, r.workload, r.ingress])).toEqual([
      ['*.example.com', 10, 90, '/shop/web', 'shop/web'],
      ['shop.example.com', 10, 90, '/shop/web', 'shop/web'],
    ]);
    expect(guide.outsideZone).toEqual([{ host: 'shop.example.org', workload: '/shop/web' }]);
  });

  test('the weight steps go 0 → 10 → 50 → 100, marathon-lb getting the rest, each an in-place update after the first', () => {
    expect(guide.steps.map((s) => [s.alb, s.marathonLb])).toEqual([
      [0, 100],
      [10, 90],
      [50, 50],
      [100, 0],
    ]);
    expect(guide.steps[0].how).toContain('CloudFormation creates marathon-lb at 100, ExternalDNS creates eks at 0');
    expect(guide.steps[2].how).toContain('--cutover-weight 50');
    expect(guide.steps[2].how).toContain('CloudFormation updates marathon-lb to 50 in place');
  });

  test('the #3141 pre-check lists the records of the name without a set identifier (a wildcard as Route 53 lists it)', () => {
    const [wildcard, shop] = guide.routes;
    expect(shop.recordName).toBe('shop.example.com.');
    expect(shop.precheck).toBe(
      `aws route53 list-resource-record-sets --hosted-zone-id <zone id> --query "ResourceRecordSets[?Name == 'shop.example.com.' && !SetIdentifier].[Type, TTL]" --output text`,
    );
    expect(wildcard.recordName).toBe('\\052.example.com.');
    expect(wildcard.precheck).toContain("Name == '\\052.example.com.'");
    expect(guide.zoneId).toContain("HostedZones[?Name == 'example.com.' && !Config.PrivateZone].Id");
  });

  test('the handover: one batch deletes the simple record and creates the weighted stand-in with its values; deploy; delete the stand-in', () => {
    const shop = guide.routes[1];
    expect(
      shop.changeBatch.Changes.map((c) => [c.Action, c.ResourceRecordSet.Name, c.ResourceRecordSet.SetIdentifier]),
    ).toEqual([
      ['DELETE', 'shop.example.com.', undefined],
      ['CREATE', 'shop.example.com.', HANDOVER_SET_IDENTIFIER],
    ]);
    expect(shop.changeBatch.Changes[1].ResourceRecordSet).toMatchObject({ Type: 'A', Weight: 100 });
    // Same values on both sides: the stand-in answers exactly what the simple record did.
    const { SetIdentifier, Weight, ...created } = shop.changeBatch.Changes[1].ResourceRecordSet;
    expect([SetIdentifier, Weight]).toEqual(['marathon-lb-handover', 100]);
    expect(created).toEqual(shop.changeBatch.Changes[0].ResourceRecordSet);
    expect(shop.handover).toHaveLength(5);
    expect(shop.handover[0]).toContain("Type == 'A' && !SetIdentifier] | [0]");
    expect(shop.handover[1]).toContain('{Action: "DELETE", ResourceRecordSet: .}');
    expect(shop.handover[1]).toContain('(. + {SetIdentifier: "marathon-lb-handover", Weight: 100})');
    expect(shop.handover[2]).toBe(
      'aws route53 change-resource-record-sets --hosted-zone-id <zone id> --change-batch file://shop.example.com.handover.json',
    );
    expect(shop.handover[3]).toMatch(/^deploy with weight 0: CloudFormation adds marathon-lb, ExternalDNS adds eks/);
    expect(shop.handover[4]).toContain(
      '{Changes: [{Action: "DELETE", ResourceRecordSet: (. + {SetIdentifier: "marathon-lb-handover"',
    );
    // No file name with the shell's glob character.
    expect(guide.routes[0].handover.join('\n')).not.toMatch(/\*\.example\.com\.\w+\.json/);
  });

  test('watch, health (with its sources) and rollback', () => {
    expect(guide.watch.join('\n')).toContain('marathon-to-eks-migration-overview');
    expect(guide.watch.join('\n')).toContain('HTTPCode_Target_5XX_Count');
    expect(guide.watch.join('\n')).toContain('TargetResponseTime');
    expect(guide.watch.join('\n')).toContain('HealthyHostCount');
    expect(guide.watch.join('\n')).toContain('dig +short <host>');
    expect(guide.health).toHaveLength(3);
    expect(guide.health[0]).toContain('EvaluateTargetHealth true');
    expect(guide.health[2]).toContain('treats every record of the route as healthy');
    expect(guide.health[2]).toContain('health-checks-how-route-53-chooses-records.html');
    expect(guide.rollback[0]).toContain('--cutover-weight 0');
  });

  test('without alerts there is no dashboard to watch', () => {
    const quiet = convert({ ...CUTOVER, alerts: false }).report.routeCutover!;
    expect(quiet.watch.join('\n')).not.toContain('migration-overview');
  });

  test('the markdown report has the part, without a selection', () => {
    const markdown = files.get('migration-report.md')!;
    expect(markdown).not.toContain('## Migrating in waves');
    expect(markdown).toContain('## Cutting over routes');
    expect(markdown).toContain('| `shop.example.com` | `/shop/web` | `shop/web` | 10 % | 90 % |');
    expect(markdown).toContain('```json\n{\n  "Comment": "marathon-to-eks: shop.example.com from a simple record');
  });

  test('without the option the report has no routeCutover', () => {
    const plain = convert({}).report;
    expect('routeCutover' in plain).toBe(false);
    expect(convert({}).files.get('migration-report.md')).not.toContain('Cutting over routes');
  });
});

describe('the wave guide with a weighted cut-over', () => {
  const { report } = convert({ ...CUTOVER, select: WorkloadSelection.only('/shop/*') });
  const wave = report.cutover![0];

  test('both guides are in the report', () => {
    expect(report.routeCutover?.routes).toHaveLength(2);
    expect(report.cutover).toHaveLength(1);
  });

  test('a workload with weighted routes moves by weight, one without (an NLB) by hand', () => {
    expect(wave.moveExternalTraffic).toEqual(['/shop/web', '/shop/mqtt']);
    expect(wave.check).toContainEqual(
      expect.stringContaining('before retiring /shop/web: move their routes to the ALBs by weight, 0 → 10 → 50 → 100'),
    );
    expect(wave.check).toContainEqual(
      expect.stringContaining('before retiring /shop/mqtt: point their public DNS names at the EKS load balancers'),
    );
    expect(wave.rollback).toContainEqual(expect.stringContaining('set the cut-over weight back to 0 and deploy'));
    expect(wave.rollback).toContain('point the public DNS names back at marathon-lb');
  });

  test('a workload that emits no object (an autoscaler app) is not in the deploy list nor in kubectl apply', () => {
    expect(report.workloads.find((w) => w.id === '/shop/autoscale-web')?.objects).toEqual([]);
    // It is in the wave: retired on DC/OS with the others, since its HPA takes over.
    expect(wave.retireOnDcos).toContain('/shop/autoscale-web');
    expect(wave.deploy.map((d) => d.id)).toEqual(['/shop/web', '/shop/mqtt']);
    const apply = wave.check.find((c) => c.startsWith('kubectl apply'))!;
    expect(apply).not.toContain('autoscale');
    expect(apply).toContain('-f shop/app-web.yaml');
    // The namespace's dashboard goes with every wave; the rollback deletes the wave's own files only.
    expect(apply).toBe(
      'kubectl apply -f namespaces.yaml -f shop/app-web.yaml -f shop/app-mqtt.yaml -f shop/monitoring.yaml, then wait until every Deployment, StatefulSet and DaemonSet reports ready (kubectl rollout status)',
    );
    expect(wave.rollback.join('\n')).not.toContain('monitoring.yaml');
  });
});

describe('MarathonWorkload with trafficCutover', () => {
  const definitions = loadJson([web]).definitions;

  test('checks the option with the others, every problem at once', () => {
    expect(
      () =>
        new MarathonWorkload(new App(), 'estate', {
          definitions,
          trafficCutover: { zone: 'not a zone', weight: 150 },
        }),
    ).toThrow(
      /^MarathonWorkload estate: trafficCutover: weight: expected a whole percentage from 0 to 100 .*; trafficCutover: zone: "not a zone" is not a DNS-1123 subdomain/,
    );
  });

  test('its report has the route guide, the zone as given compared lowercase', () => {
    const workload = new MarathonWorkload(new App(), 'estate', {
      definitions,
      trafficCutover: { zone: 'Example.com.', weight: 50 },
    });
    expect(workload.report.routeCutover?.zone).toBe('example.com');
    expect(workload.report.routeCutover?.routes.map((r) => [r.host, r.weight, r.marathonLbWeight])).toEqual([
      ['*.example.com', 50, 50],
      ['shop.example.com', 50, 50],
    ]);
  });
});
