import { compareStrings } from '../util/compare';
import { EstateTranslation, TranslatedWorkload } from '../translate/estate-translation';
import { EXTERNAL_DNS_HOSTNAME } from '../translate/coexistence-service';
import { isStateful } from '../translate/statefulness';
import { workloadFile } from './manifests';
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
  /** Workloads of the wave reached from outside through marathon-lb: their DNS names move to the EKS load balancers. */
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
  const scope: GuideScope = { waveOf, callersOf, selected: resolved.selection.selected };
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
  const replace = workloads.flatMap((w) => replacement(w) ?? []);
  const keep = workloads
    .filter((w) => retireWave(scope, w) === undefined && !w.translation.forwarder)
    .map((w) => w.report.id);
  const retire = all.filter((w) => retireWave(scope, w) === wave).map((w) => w.report.id);
  const exposed = workloads.filter(isExposed).map((w) => w.report.id);
  const stateful = workloads.filter((w) => isStateful(w.translation.definition)).map((w) => w.report.id);
  const files = [...new Set(workloads.map(workloadFile))];
  const check = [
    ...(stateful.length > 0
      ? [
          `before anything is replaced or scaled down: stop writes on DC/OS and copy the data of ${stateful.join(', ')} (Kubernetes provisions empty volumes)`,
        ]
      : []),
    ...(files.length > 0
      ? [
          `kubectl apply -f namespaces.yaml ${files.map((file) => `-f ${file}`).join(' ')}, then wait until every Deployment, StatefulSet and DaemonSet reports ready (kubectl rollout status)`,
        ]
      : []),
    'from a pod on EKS, the DC/OS names the wave still calls resolve (nslookup <name>.marathon.mesos) and answer',
    ...(exposed.length > 0
      ? [
          `before retiring ${exposed.join(', ')}: point their public DNS names at the EKS load balancers (the Ingress / NLB addresses), and check them from outside`,
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
    ...(exposed.length > 0 ? ['point the public DNS names back at marathon-lb'] : []),
    'then remove the wave from EKS (kubectl delete -f the files above), or leave it idle until the cause is fixed',
  ];
  return {
    wave,
    deploy: workloads.map((w) => ({ id: w.report.id, file: workloadFile(w) })),
    moveExternalTraffic: exposed,
    replaceInMarathon: replace,
    retireOnDcos: retire.sort(compareStrings),
    keepOnDcos: keep,
    check,
    rollback,
  };
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
