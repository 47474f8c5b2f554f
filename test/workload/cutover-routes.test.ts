import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
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

/** The lines of every ```sh block of a Markdown text. */
function shellLines(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap((block) => block[1].split('\n')).filter(Boolean);
}

/**
 * Lines a pasted command would break on: `<` or `>` other than the guide's `> file.json` redirections (bash reads
 * `<zone id>` as a redirection), and `!` (an interactive bash expands `!word` inside double quotes as a history event).
 */
function shellProblems(lines: readonly string[]): string[] {
  return lines.filter((line) => /[<>!]/.test(line.replace(/ > [\w.-]+\.json(?= |$)/g, '')));
}

/** Each ```sh block of a Markdown text, checked by `bash -n` (syntax only: nothing runs). */
function bashSyntaxErrors(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)]
    .map((block) => spawnSync('bash', ['-n'], { input: block[1], encoding: 'utf8' }))
    .filter((result) => result.status !== 0)
    .map((result) => result.stderr);
}

describe('docs/traffic-cutover.md', () => {
  const doc = fs.readFileSync(path.join(__dirname, '../../docs/traffic-cutover.md'), 'utf8');

  test('its shell blocks paste into bash: no <placeholder>, no history expansion, valid syntax', () => {
    const lines = shellLines(doc);
    expect(lines.length).toBeGreaterThan(20);
    expect(shellProblems(lines)).toEqual([]);
    expect(bashSyntaxErrors(doc)).toEqual([]);
  });

  test('the stand-in is deleted as listed after the deploy, and leaving says what stays and how to delete it', () => {
    expect(doc).toContain("SetIdentifier == 'marathon-lb-handover'] | [0]");
    expect(doc).toContain(
      `jq '{Changes: [{Action: "DELETE", ResourceRecordSet: .}]}' shop.example.com.stand-in.json > shop.example.com.stand-in.delete.json`,
    );
    expect(doc).not.toContain('simple.json > shop.example.com.cleanup.json');
    expect(doc).toContain('resource-record-sets-values-weighted.html#rrsets-values-weighted-ttl');
    expect(doc).toContain('## Leaving the cut-over: the records stay');
    expect(doc).toContain("SetIdentifier == 'marathon-lb'] | [0]");
    expect(doc).toContain('`routes` (`CutoverRoute[]`, e.g. `routeCutover.routes`');
  });
});

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
      'aws route53 list-resource-record-sets --hosted-zone-id "$ZONE_ID" --query "ResourceRecordSets[?Name == \'shop.example.com.\' && SetIdentifier == \\`null\\`].[Type, TTL]" --output text',
    );
    expect(wildcard.recordName).toBe('\\052.example.com.');
    expect(wildcard.precheck).toContain("Name == '\\052.example.com.'");
    // One variable for every command, without the /hostedzone/ prefix the API returns.
    expect(guide.zoneId).toBe(
      'ZONE_ID=$(aws route53 list-hosted-zones-by-name --dns-name example.com --query "HostedZones[?Name == \'example.com.\' && Config.PrivateZone == \\`false\\`].Id" --output text) && ZONE_ID=${ZONE_ID##*/}',
    );
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
    expect(shop.handover).toHaveLength(6);
    expect(shop.handover[0]).toContain("Type == 'A' && SetIdentifier == \\`null\\`] | [0]");
    expect(shop.handover[1]).toContain('{Action: "DELETE", ResourceRecordSet: .}');
    expect(shop.handover[1]).toContain('(. + {SetIdentifier: "marathon-lb-handover", Weight: 100})');
    expect(shop.handover[2]).toBe(
      'aws route53 change-resource-record-sets --hosted-zone-id "$ZONE_ID" --change-batch file://shop.example.com.handover.json',
    );
    expect(shop.handover[3]).toMatch(/^deploy with weight 0: CloudFormation adds marathon-lb, ExternalDNS adds eks/);
    // The cleanup deletes the stand-in as Route 53 lists it after the deploy, not as saved before it: once
    // CloudFormation creates marathon-lb with TTL 60 in the group, Route 53 gives the stand-in that TTL too (Route 53
    // Developer Guide, "Values specific for weighted records", TTL: records of one name and type created with
    // different TTLs all get the TTL specified last), and a DELETE built from simple.json (TTL 300) would not match.
    expect(shop.handover.slice(4)).toEqual([
      "aws route53 list-resource-record-sets --hosted-zone-id \"$ZONE_ID\" --query \"ResourceRecordSets[?Name == 'shop.example.com.' && Type == 'A' && SetIdentifier == 'marathon-lb-handover'] | [0]\" --output json > shop.example.com.stand-in.json",
      'jq \'{Changes: [{Action: "DELETE", ResourceRecordSet: .}]}\' shop.example.com.stand-in.json > shop.example.com.stand-in.delete.json && aws route53 change-resource-record-sets --hosted-zone-id "$ZONE_ID" --change-batch file://shop.example.com.stand-in.delete.json',
    ]);
    expect(shop.handover.slice(4).join('\n')).not.toContain('simple.json');
    // No file name with the shell's glob character.
    expect(guide.routes[0].handover.join('\n')).not.toMatch(/\*\.example\.com\.\w+\.json/);
  });

  test('watch, health (with its sources) and rollback', () => {
    expect(guide.watch.join('\n')).toContain('marathon-to-eks-migration-overview');
    expect(guide.watch.join('\n')).toContain('HTTPCode_Target_5XX_Count');
    expect(guide.watch.join('\n')).toContain('TargetResponseTime');
    expect(guide.watch.join('\n')).toContain('HealthyHostCount');
    expect(guide.watch.join('\n')).toContain('dig +short the route\'s name @"$NS"');
    expect(guide.health).toHaveLength(3);
    expect(guide.health[0]).toContain('EvaluateTargetHealth true');
    expect(guide.health[2]).toContain('treats every record of the route as healthy');
    expect(guide.health[2]).toContain('health-checks-how-route-53-chooses-records.html');
    expect(guide.rollback[0]).toContain('--cutover-weight 0');
  });

  test('leaving the cut-over: both records stay, and each route says how to delete the side it left, as listed now', () => {
    const leaving = guide.rollback[2];
    expect(leaving).toContain(
      'CloudFormation keeps the marathon-lb records it no longer manages (removal policy RETAIN)',
    );
    expect(leaving).toContain('ExternalDNS never deletes eks (upsert-only');
    expect(leaving).toContain('A lone weighted record answers every query whatever its weight');
    const shop = guide.routes[1];
    expect(shop.removeMarathonLb).toEqual([
      "aws route53 list-resource-record-sets --hosted-zone-id \"$ZONE_ID\" --query \"ResourceRecordSets[?Name == 'shop.example.com.' && Type == 'A' && SetIdentifier == 'marathon-lb'] | [0]\" --output json > shop.example.com.marathon-lb.json",
      'jq \'{Changes: [{Action: "DELETE", ResourceRecordSet: .}]}\' shop.example.com.marathon-lb.json > shop.example.com.marathon-lb.delete.json && aws route53 change-resource-record-sets --hosted-zone-id "$ZONE_ID" --change-batch file://shop.example.com.marathon-lb.delete.json',
    ]);
    expect(shop.removeEks[0]).toContain("SetIdentifier == 'eks'] | [0]\" --output json > shop.example.com.eks.json");
    expect(shop.removeEks[2]).toContain("ResourceRecordSets[?Type == 'TXT' && SetIdentifier == 'eks'].Name");
    // A wildcard's files are named without the glob character, its record as Route 53 lists it.
    expect(guide.routes[0].removeMarathonLb[0]).toContain("Name == '\\052.example.com.'");
    expect(guide.routes[0].removeMarathonLb[0]).toContain('> wildcard.example.com.marathon-lb.json');
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
    // The CLI-only path: the marathon-lb records come from the environment's workloads or trafficCutover.routes.
    expect(markdown).toContain('or, for these manifests applied with kubectl, from `trafficCutover.routes`');
  });

  test("every line of the report's shell blocks runs as pasted into bash: no <placeholder>, no history expansion", () => {
    const lines = shellLines(files.get('migration-report.md')!);
    expect(lines.length).toBeGreaterThan(20);
    expect(lines[0]).toBe(guide.zoneId);
    expect(shellProblems(lines)).toEqual([]);
    expect(bashSyntaxErrors(files.get('migration-report.md')!)).toEqual([]);
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
    // The rollback deletes the wave's workload files only: never namespaces.yaml (every object of the namespace, the
    // earlier waves' too) nor monitoring.yaml (the dashboard the namespace's waves share).
    const remove = wave.rollback.find((r) => r.includes('kubectl delete'))!;
    expect(remove).toBe(
      "then remove the wave from EKS (kubectl delete -f shop/app-web.yaml -f shop/app-mqtt.yaml; never namespaces.yaml nor a namespace's monitoring.yaml, which earlier waves share), or leave it idle until the cause is fixed",
    );
    expect(remove.match(/kubectl delete [^;]*/)![0]).not.toMatch(/namespaces\.yaml|monitoring\.yaml/);
    expect(wave.rollback).toContainEqual(expect.stringContaining('removing the wave leaves the Route 53 records'));
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
