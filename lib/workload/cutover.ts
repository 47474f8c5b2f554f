import { compareStrings } from '../util/compare';
import { EstateTranslation, TranslatedWorkload } from '../translate/estate-translation';
import { EXTERNAL_DNS_HOSTNAME } from '../translate/coexistence-service';
import { Ingress } from '../translate/kube';
import { isStateful } from '../translate/statefulness';
import { MIGRATION_DASHBOARD_NAME } from '../translate/migration-dashboard';
import {
  CUTOVER_STEPS,
  CutoverRoute,
  HANDOVER_SET_IDENTIFIER,
  SET_IDENTIFIERS,
  cutoverRoutes,
  hostsByZone,
} from '../translate/traffic-cutover';
import { monitoringFile, workloadFile } from './manifests';
import { ResolvedSelection } from './selection';

/** How one app or pod is replaced by its forwarder in Marathon, and how that is undone. */
export interface MarathonReplacement {
  readonly id: string;
  /** The forwarder's file in the output directory. */
  readonly forwarder: string;
  /** The Marathon API calls of the replacement. */
  readonly how: string;
  /** The calls that put the original back. */
  readonly rollback: string;
}

/** One wave of the cut-over guide: what to deploy, what to replace in Marathon, what to check, how to roll back. */
export interface CutoverStep {
  readonly wave: number;
  /** Workloads of the wave, with the manifest files that hold them. */
  readonly deploy: readonly { readonly id: string; readonly file: string }[];
  /**
   * Workloads of the wave reached from outside through marathon-lb: their DNS names move to the EKS load balancers,
   * by weight for the routes of a weighted cut-over (`check` says which; the report's `routeCutover` how).
   */
  readonly moveExternalTraffic: readonly string[];
  /** Apps and pods with callers left on DC/OS: replaced in Marathon by their forwarder once the EKS side is up. */
  readonly replaceInMarathon: readonly MarathonReplacement[];
  /**
   * Workloads whose every caller is on EKS once this wave is (their own wave, or the last wave of their callers):
   * scaled to 0 in Marathon or Metronome once checked.
   */
  readonly retireOnDcos: readonly string[];
  /** Workloads called from DC/OS with no forwarder (no coexistence domain): they keep running on DC/OS as well. */
  readonly keepOnDcos: readonly string[];
  readonly check: readonly string[];
  readonly rollback: readonly string[];
}

/** The waves of the plan, and the callers of each workload: what the steps are decided from. */
interface GuideScope {
  readonly waveOf: ReadonlyMap<string, number>;
  readonly callersOf: ReadonlyMap<string, readonly string[]>;
  readonly selected: ReadonlySet<string>;
  /** Workloads with a route in the weighted cut-over (option `trafficCutover`): their DNS moves by weight. */
  readonly routed: ReadonlySet<string>;
  /** Whether the translation made monitoring objects (option `alerts`): each namespace's dashboard is applied too. */
  readonly alerts: boolean;
}

/** The cut-over guide of the converted workloads, wave by wave (waves as the estate's wave plan orders them). */
export function cutoverGuide(resolved: ResolvedSelection, translation: EstateTranslation): CutoverStep[] {
  const waveOf = new Map<string, number>();
  for (const wave of resolved.plan.waves) {
    wave.workloads.forEach((id) => waveOf.set(id, wave.wave));
  }
  const callersOf = new Map<string, string[]>();
  for (const edge of resolved.graph.edges) {
    callersOf.set(edge.to, [...(callersOf.get(edge.to) ?? []), edge.from]);
  }
  const routed = new Set(cutoverRoutes(translation).map((route) => route.workload));
  const scope: GuideScope = {
    waveOf,
    callersOf,
    selected: resolved.selection.selected,
    routed,
    alerts: translation.monitoring.length > 0,
  };
  const waves = [...new Set(translation.workloads.flatMap((w) => [waveIn(scope, w), retireWave(scope, w) ?? 0]))]
    .filter((wave) => wave > 0)
    .sort((a, b) => a - b);
  return waves.map((wave) => cutoverStep(scope, wave, translation.workloads));
}

function waveIn(scope: GuideScope, workload: TranslatedWorkload): number {
  return scope.waveOf.get(workload.report.id) ?? 1;
}

/**
 * The wave after which nothing on DC/OS calls the workload any more: its own, or the last of its callers'. None
 * while a caller stays on DC/OS (this run does not move it).
 */
function retireWave(scope: GuideScope, workload: TranslatedWorkload): number | undefined {
  const callers = scope.callersOf.get(workload.report.id) ?? [];
  if (callers.some((caller) => !scope.selected.has(caller))) {
    return undefined;
  }
  return Math.max(waveIn(scope, workload), ...callers.map((caller) => scope.waveOf.get(caller) ?? 1));
}

function cutoverStep(scope: GuideScope, wave: number, all: readonly TranslatedWorkload[]): CutoverStep {
  const workloads = all.filter((w) => waveIn(scope, w) === wave);
  // An app that emits nothing (an autoscaler app: its HorizontalPodAutoscaler is its target's) has no file to apply.
  const deployed = workloads.filter((w) => w.translation.objects.length > 0);
  const replace = workloads.flatMap((w) => replacement(w) ?? []);
  const keep = workloads
    .filter((w) => retireWave(scope, w) === undefined && !w.translation.forwarder)
    .map((w) => w.report.id);
  const retire = all.filter((w) => retireWave(scope, w) === wave).map((w) => w.report.id);
  const exposed = workloads.filter(isExposed).map((w) => w.report.id);
  const byWeight = exposed.filter((id) => scope.routed.has(id));
  const byHand = exposed.filter((id) => !scope.routed.has(id));
  const stateful = workloads.filter((w) => isStateful(w.translation.definition)).map((w) => w.report.id);
  // Each namespace's dashboard is the same whichever wave writes it: applied with every wave, never deleted with one.
  const dashboards = scope.alerts
    ? [...new Set(deployed.map((w) => monitoringFile(w.translation.objects[0].metadata?.namespace ?? 'default')))].sort(
        compareStrings,
      )
    : [];
  const files = [...new Set(deployed.map(workloadFile))];
  const check = [
    ...(stateful.length > 0
      ? [
          `before anything is replaced or scaled down: stop writes on DC/OS and copy the data of ${stateful.join(', ')} (Kubernetes provisions empty volumes)`,
        ]
      : []),
    ...(files.length > 0
      ? [
          `kubectl apply -f namespaces.yaml ${[...files, ...dashboards].map((file) => `-f ${file}`).join(' ')}, then wait until every Deployment, StatefulSet and DaemonSet reports ready (kubectl rollout status)`,
        ]
      : []),
    'from a pod on EKS, the DC/OS names the wave still calls resolve (nslookup <name>.marathon.mesos) and answer',
    ...(byWeight.length > 0
      ? [
          `before retiring ${byWeight.join(', ')}: move their routes to the ALBs by weight, ${CUTOVER_STEPS.join(' → ')} (Cutting over routes), and check them from outside at each step`,
        ]
      : []),
    ...(byHand.length > 0
      ? [
          `before retiring ${byHand.join(', ')}: point their public DNS names at the EKS load balancers (the Ingress / NLB addresses), and check them from outside`,
        ]
      : []),
    ...(replace.length > 0
      ? [
          'after replacing: the forwarders are healthy in Marathon (TCP health check), and a caller on DC/OS reaches the EKS workload through the old name (curl from a DC/OS agent)',
        ]
      : []),
    'error rates and latency of the callers stay where they were on DC/OS (Grafana, the migrated alert rules)',
  ];
  const rollback = [
    ...replace.map((r) => r.rollback),
    ...(retire.length > 0 ? ['scale the retired apps and jobs on DC/OS back to their instances'] : []),
    ...(byWeight.length > 0
      ? [
          `set the cut-over weight back to 0 and deploy: marathon-lb answers every query for the routes of ${byWeight.join(', ')} again once resolvers' cached answers expire (the records' TTL)`,
        ]
      : []),
    ...(byHand.length > 0 ? ['point the public DNS names back at marathon-lb'] : []),
    ...(files.length > 0
      ? [`then remove the wave from EKS (${waveDelete(files)}), or leave it idle until the cause is fixed`]
      : []),
    ...(byWeight.length > 0
      ? [
          `removing the wave leaves the Route 53 records of its routes: ExternalDNS deletes nothing (upsert-only) and CloudFormation keeps the marathon-lb records; once a route is back on marathon-lb for good, delete its eks record (Cutting over routes, per route)`,
        ]
      : []),
  ];
  return {
    wave,
    deploy: deployed.map((w) => ({ id: w.report.id, file: workloadFile(w) })),
    moveExternalTraffic: exposed,
    replaceInMarathon: replace,
    retireOnDcos: retire.sort(compareStrings),
    keepOnDcos: keep,
    check,
    rollback,
  };
}

/**
 * The rollback's delete: the wave's own workload files only. Never namespaces.yaml (deleting a Namespace deletes every
 * object in it, the earlier waves' too) nor a namespace's monitoring.yaml (the dashboard every wave of the namespace
 * shares), though the apply names both.
 */
function waveDelete(files: readonly string[]): string {
  return `kubectl delete ${files.map((file) => `-f ${file}`).join(' ')}; never namespaces.yaml nor a namespace's monitoring.yaml, which earlier waves share`;
}

/**
 * The Marathon calls that swap the workload for its forwarder. A plain PUT merges into the running app
 * (`partialUpdate` defaults to true, AppsResource, marathon v1.10.26), so the whole definition is replaced; Marathon
 * refuses to change a resident app's volumes and resources (AppDefinition.residentUpdateIsValid) and holds no app and
 * pod of one id (Group.noAppsAndPodsWithSameId), so those are deleted first.
 */
function replacement(workload: TranslatedWorkload): MarathonReplacement | undefined {
  const { forwarder, definition } = workload.translation;
  if (!forwarder) {
    return undefined;
  }
  const id = workload.report.id;
  const file = forwarder.file;
  if (definition.kind === 'pod') {
    return {
      id,
      forwarder: file,
      how: `DELETE /v2/pods${id}, then POST ${file} to /v2/apps`,
      rollback: `DELETE /v2/apps${id} (the forwarder), then POST the original pod definition to /v2/pods`,
    };
  }
  if (isStateful(definition)) {
    return {
      id,
      forwarder: file,
      how: `DELETE /v2/apps${id} once its data is copied (its persistent volumes cannot be updated away), then POST ${file} to /v2/apps`,
      rollback: `DELETE /v2/apps${id} (the forwarder), then POST the original definition to /v2/apps (its old volumes are gone: restore the data)`,
    };
  }
  return {
    id,
    forwarder: file,
    how: `PUT ${file} to /v2/apps${id}?partialUpdate=false`,
    rollback: `PUT the original definition to /v2/apps${id}?partialUpdate=false (a plain PUT or dcos marathon app update would merge it into the forwarder)`,
  };
}

/** Reached from outside DC/OS through marathon-lb: an Ingress or an NLB of its own (not the coexistence NLB). */
function isExposed(workload: TranslatedWorkload): boolean {
  return workload.translation.objects.some(
    (object) =>
      object.kind === 'Ingress' ||
      (object.kind === 'Service' &&
        (object as { spec?: { type?: string } }).spec?.type === 'LoadBalancer' &&
        object.metadata?.annotations?.[EXTERNAL_DNS_HOSTNAME] === undefined),
  );
}

/** One step of a weighted cut-over: the weights of every route's pair after the deploy, and what that deploy does. */
export interface RouteWeightStep {
  /** The ALB's weight (record `eks`, the translation option `trafficCutover.weight`). */
  readonly alb: number;
  /** marathon-lb's weight (record `marathon-lb`): 100 − `alb`. */
  readonly marathonLb: number;
  readonly how: string;
}

/**
 * The change batch that turns a route's simple record into a weighted one without a gap: Route 53 refuses to create
 * a weighted record beside a simple one of the same name and type ("cannot be created as a non-weighted set exists
 * with the same name and type", external-dns #3141), and changes in one batch are applied together. Values in angle
 * brackets are the simple record's, as the pre-check lists them; `handover` builds the batch from that output.
 */
export interface HandoverChangeBatch {
  readonly Comment: string;
  readonly Changes: readonly {
    readonly Action: 'DELETE' | 'CREATE';
    readonly ResourceRecordSet: Readonly<Record<string, unknown>>;
  }[];
}

/** One route of the weighted cut-over, with how to take it over from a record that exists already. */
export interface RouteHandover extends CutoverRoute {
  /** marathon-lb's weight after this run: 100 − `weight`. */
  readonly marathonLbWeight: number;
  /** The name as Route 53 lists it: absolute, with a leading `*` as `\052`. */
  readonly recordName: string;
  /** Lists the route's records without a set identifier: if it prints any, hand the route over before deploying. */
  readonly precheck: string;
  /**
   * The handover, in order: save the simple record, build the batch, apply it; deploy; save the live stand-in, delete
   * it (built from the live record: the deploy changed its TTL, see {@link routeHandover}).
   */
  readonly handover: readonly string[];
  /** The batch `handover` applies (the simple record's values in angle brackets). */
  readonly changeBatch: HandoverChangeBatch;
  /**
   * Leaving the cut-over once the route is on EKS for good (weight 100): delete the `marathon-lb` record, which
   * CloudFormation keeps when it leaves the stack; `eks` alone then answers every query.
   */
  readonly removeMarathonLb: readonly string[];
  /**
   * Leaving the cut-over once the route is back on marathon-lb for good (weight 0): delete the `eks` record, which
   * ExternalDNS never deletes, and its TXT ownership record; `marathon-lb` alone then answers every query.
   */
  readonly removeEks: readonly string[];
}

/** The weighted cut-over of marathon-lb's routes to the ALBs (option `trafficCutover`): part of the migration report. */
export interface RouteCutoverGuide {
  /** The public zone the routes are in (lowercase, no trailing dot). */
  readonly zone: string;
  /** The ALBs' weight this run wrote into the Ingresses. */
  readonly weight: number;
  /** Sets the shell variable `ZONE_ID` to the zone's ID (without `/hostedzone/`): the commands below use `"$ZONE_ID"`. */
  readonly zoneId: string;
  readonly steps: readonly RouteWeightStep[];
  readonly routes: readonly RouteHandover[];
  /** Ingress hosts outside the zone: they keep their DNS as it is, and move to the ALB by hand. */
  readonly outsideZone: readonly { readonly host: string; readonly workload: string }[];
  /** What to look at during each step. */
  readonly watch: readonly string[];
  /** What Route 53 does when either side, or both, fails health. */
  readonly health: readonly string[];
  /** Back to marathon-lb, and leaving the cut-over (what stays in Route 53 and must be deleted by hand). */
  readonly rollback: readonly string[];
}

const ROUTE53_HEALTH =
  'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html';
const ROUTE53_ALIAS_HEALTH = 'https://docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html';
/** Weight: "if you set Weight to 0 for all resource record sets that have the same combination of DNS name and type,
 * traffic is routed to all resources with equal probability", so a lone weighted record gets every query. */
const ROUTE53_WEIGHT = 'https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html';

/**
 * A JMESPath JSON literal (`` `false` ``, `` `null` ``) inside the double-quoted `--query` of a command: the backticks
 * escaped for the shell. The queries compare SetIdentifier with the literal null rather than say `!SetIdentifier`:
 * an interactive bash expands `!word` inside double quotes as a history event ("event not found"), and a guide's
 * commands are pasted into one.
 */
function literal(json: string): string {
  return `\\\`${json}\\\``;
}

/**
 * The guide to moving each route of the cut-over zone from marathon-lb to its ALB by weight, or undefined without
 * `trafficCutover`. It needs no selection: a whole estate moves route by route as well as wave by wave.
 */
export function routeCutoverGuide(translation: EstateTranslation): RouteCutoverGuide | undefined {
  const cutover = translation.options.trafficCutover;
  if (!cutover) {
    return undefined;
  }
  const { zone } = cutover;
  return {
    zone,
    weight: cutover.weight,
    zoneId: `ZONE_ID=$(aws route53 list-hosted-zones-by-name --dns-name ${zone} --query "HostedZones[?Name == '${zone}.' && Config.PrivateZone == ${literal('false')}].Id" --output text) && ZONE_ID=\${ZONE_ID##*/}`,
    steps: CUTOVER_STEPS.map(weightStep),
    routes: cutoverRoutes(translation).map(routeHandover),
    outsideZone: hostsOutside(translation, zone),
    watch: [
      ...(translation.options.alerts
        ? [
            `the Grafana dashboard ${MIGRATION_DASHBOARD_NAME} of each namespace (monitoring add-on): the workloads' error rates and latency on EKS as their share grows`,
          ]
        : []),
      "each ALB's CloudWatch metrics (namespace AWS/ApplicationELB): HTTPCode_Target_5XX_Count and TargetResponseTime by LoadBalancer, HealthyHostCount by TargetGroup and LoadBalancer",
      `both answers: NS=$(aws route53 get-hosted-zone --id "$ZONE_ID" --query "DelegationSet.NameServers[0]" --output text), then dig +short the route's name @"$NS" a few dozen times (a resolver caches one answer for the TTL, the zone's name servers answer by weight each time); the ALB's addresses come back in about the share of its weight`,
    ],
    health: [
      `the ALB fails health: ExternalDNS writes its record as an alias A with EvaluateTargetHealth true (external-dns v0.21.0 provider/aws/aws.go L972-981, flag --aws-evaluate-target-health, default true, docs/flags.md L81), and Route 53 counts an ALB unhealthy when its target groups have no healthy target (${ROUTE53_ALIAS_HEALTH}); it then answers with marathon-lb, at weight 100 too, since a record of weight 0 is used when every record of non-zero weight is unhealthy (${ROUTE53_HEALTH})`,
      `marathon-lb fails health: Route 53 only knows with the marathon-lb side's health check (EksEnvironment trafficCutover.healthCheck, for the IP addresses of MarathonLbAddress.ips; an alias to a load balancer takes that load balancer's health). A record without a health check is always healthy (${ROUTE53_HEALTH}), so without one marathon-lb keeps its share`,
      `both fail health: Route 53 treats every record of the route as healthy and answers by weight again (${ROUTE53_HEALTH}): the split is the weights, whatever the health checks say`,
    ],
    rollback: [
      'set the weight back to 0 (convert --cutover-weight 0, or trafficCutover.weight in the MarathonWorkload options) and deploy: ExternalDNS sets eks to 0 and CloudFormation sets marathon-lb to 100, both in place',
      "resolvers keep the answer they have for the record's TTL (marathon-lb's record: EksEnvironment trafficCutover.ttl, 60 s by default; the ALB's alias answer takes the TTL of the load balancer's own record): clients move back within that",
      `leaving the cut-over (deploying without trafficCutover, or a workload leaving the environment or the selection) deletes no record: CloudFormation keeps the ${SET_IDENTIFIERS.marathonLb} records it no longer manages (removal policy RETAIN), and ExternalDNS never deletes ${SET_IDENTIFIERS.eks} (upsert-only, plan/policy.go L39-49), so both stay at their last weights. Leave only once the route is fully on one side, then delete the other side's record by hand (the commands under each route): at weight 100 ${SET_IDENTIFIERS.marathonLb}, at weight 0 ${SET_IDENTIFIERS.eks} and its TXT ownership record. A lone weighted record answers every query whatever its weight, 0 included (Weight: with every record of the group at 0, Route 53 answers with each at equal probability, ${ROUTE53_WEIGHT})`,
    ],
  };
}

/** Every Ingress host that is not in the zone, once, by host. */
function hostsOutside(translation: EstateTranslation, zone: string): { host: string; workload: string }[] {
  const found = new Map<string, string>();
  for (const workload of translation.workloads) {
    for (const object of workload.translation.objects) {
      if (object.kind !== 'Ingress') {
        continue;
      }
      const hosts = ((object as Ingress).spec?.rules ?? []).map((rule) => rule.host ?? '');
      for (const host of hostsByZone(hosts, zone).outside) {
        if (!found.has(host)) {
          found.set(host, workload.report.id);
        }
      }
    }
  }
  return [...found].sort(([a], [b]) => compareStrings(a, b)).map(([host, workload]) => ({ host, workload }));
}

function weightStep(alb: number, index: number): RouteWeightStep {
  const marathonLb = 100 - alb;
  const how =
    index === 0
      ? `first deploy with weight ${alb} (after the pre-check and, where it finds a simple record, the handover): CloudFormation creates ${SET_IDENTIFIERS.marathonLb} at ${marathonLb}, ExternalDNS creates ${SET_IDENTIFIERS.eks} at ${alb} once the load balancer controller has made the ALB; no query goes to the ALB yet (check it directly: ALB=$(kubectl get ingress -n NAMESPACE NAME -o jsonpath='{.status.loadBalancer.ingress[0].hostname}') for the route's Ingress, then curl --resolve "HOST:443:$(dig +short "$ALB" | head -n 1)" https://HOST/ for the route's name)`
      : `convert with --cutover-weight ${alb} (or trafficCutover.weight: ${alb}) and deploy: ExternalDNS updates ${SET_IDENTIFIERS.eks} to ${alb}, CloudFormation updates ${SET_IDENTIFIERS.marathonLb} to ${marathonLb} in place${alb === 100 ? '; marathon-lb stays the fallback at 0 until it is retired' : ''}`;
  return { alb, marathonLb, how };
}

/** The name as Route 53 writes it in its answers to ListResourceRecordSets: absolute, `*` escaped as `\052`. */
function recordNameOf(host: string): string {
  return `${host.replace(/^\*/, '\\052')}.`;
}

/**
 * The two commands that delete a record as Route 53 lists it now: save the live record, wrap it in a DELETE. A DELETE
 * must match the record exactly, and the values of a weighted record change under it: Route 53 gives every record of
 * a weighted group the TTL given last: records of one name and type created with different TTLs all get the TTL
 * specified last (Route 53 Developer Guide, "Values specific for weighted records", TTL (seconds):
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-weighted.html#rrsets-values-weighted-ttl).
 */
function deleteLive(recordName: string, setIdentifier: string, file: string): string[] {
  return [
    `aws route53 list-resource-record-sets --hosted-zone-id "$ZONE_ID" --query "ResourceRecordSets[?Name == '${recordName}' && Type == 'A' && SetIdentifier == '${setIdentifier}'] | [0]" --output json > ${file}.json`,
    `jq '{Changes: [{Action: "DELETE", ResourceRecordSet: .}]}' ${file}.json > ${file}.delete.json && aws route53 change-resource-record-sets --hosted-zone-id "$ZONE_ID" --change-batch file://${file}.delete.json`,
  ];
}

/**
 * The handover of a route's simple record. The stand-in is created with the simple record's TTL (often 300 s), and
 * CloudFormation then creates `marathon-lb` in its group with EksEnvironment `trafficCutover.ttl` (60 s): Route 53
 * moves the stand-in to that TTL too (see {@link deleteLive}), so its cleanup is built from the live stand-in, never
 * from the saved simple record, whose DELETE would no longer match (InvalidChangeBatch) and leave it at weight 100.
 */
function routeHandover(route: CutoverRoute): RouteHandover {
  const recordName = recordNameOf(route.host);
  // A file name without the shell's glob character.
  const stem = route.host.replace(/^\*/, 'wildcard');
  const simple = `"ResourceRecordSets[?Name == '${recordName}' && Type == 'A' && SetIdentifier == ${literal('null')}] | [0]"`;
  const comment = `marathon-to-eks: ${route.host} from a simple record to the weighted ${HANDOVER_SET_IDENTIFIER}, in one change`;
  const standIn = `(. + {SetIdentifier: "${HANDOVER_SET_IDENTIFIER}", Weight: 100})`;
  const values = {
    TTL: '<TTL of the simple record>',
    ResourceRecords: [{ Value: '<each value of the simple record>' }],
  };
  return {
    ...route,
    marathonLbWeight: 100 - route.weight,
    recordName,
    precheck: `aws route53 list-resource-record-sets --hosted-zone-id "$ZONE_ID" --query "ResourceRecordSets[?Name == '${recordName}' && SetIdentifier == ${literal('null')}].[Type, TTL]" --output text`,
    handover: [
      `aws route53 list-resource-record-sets --hosted-zone-id "$ZONE_ID" --query ${simple} --output json > ${stem}.simple.json`,
      `jq '{Comment: "${comment}", Changes: [{Action: "DELETE", ResourceRecordSet: .}, {Action: "CREATE", ResourceRecordSet: ${standIn}}]}' ${stem}.simple.json > ${stem}.handover.json`,
      `aws route53 change-resource-record-sets --hosted-zone-id "$ZONE_ID" --change-batch file://${stem}.handover.json`,
      `deploy with weight 0: CloudFormation adds ${SET_IDENTIFIERS.marathonLb}, ExternalDNS adds ${SET_IDENTIFIERS.eks}; wait until both are listed (aws route53 list-resource-record-sets --hosted-zone-id "$ZONE_ID" --query "ResourceRecordSets[?Name == '${recordName}'].SetIdentifier"), then delete the stand-in as it is now (its TTL is the group's)`,
      ...deleteLive(recordName, HANDOVER_SET_IDENTIFIER, `${stem}.stand-in`),
    ],
    changeBatch: {
      Comment: comment,
      Changes: [
        { Action: 'DELETE', ResourceRecordSet: { Name: `${route.host}.`, Type: 'A', ...values } },
        {
          Action: 'CREATE',
          ResourceRecordSet: {
            Name: `${route.host}.`,
            Type: 'A',
            SetIdentifier: HANDOVER_SET_IDENTIFIER,
            Weight: 100,
            ...values,
          },
        },
      ],
    },
    removeMarathonLb: deleteLive(recordName, SET_IDENTIFIERS.marathonLb, `${stem}.marathon-lb`),
    removeEks: [
      ...deleteLive(recordName, SET_IDENTIFIERS.eks, `${stem}.eks`),
      `then its TXT ownership record (type TXT, set identifier ${SET_IDENTIFIERS.eks}, named after the route by the cut-over release's TXT prefix) the same way; list them with: aws route53 list-resource-record-sets --hosted-zone-id "$ZONE_ID" --query "ResourceRecordSets[?Type == 'TXT' && SetIdentifier == '${SET_IDENTIFIERS.eks}'].Name" --output text`,
    ],
  };
}
