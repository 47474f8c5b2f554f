import { compareStrings } from '../util/compare';
import { EstateTranslation, TranslatedWorkload } from '../translate/estate-translation';
import { DependencyEdge } from '../waves/graph';
import { workloadFile } from './manifests';
import { ResolvedSelection } from './selection';

/*
 * While a part of the estate runs on EKS and the rest on DC/OS, every reference across that line is traffic that
 * must keep flowing: the report lists each one, with which way it goes and what carries it.
 */

/** A reference between a workload this run converts and one left on DC/OS. */
export interface CoexistenceReference {
  /** The workload whose definition holds the reference. */
  readonly from: string;
  /** The workload it names. */
  readonly to: string;
  /** The name as written (`api-shop.marathon.mesos:8000`, `/shop/api` for a dependency). */
  readonly name: string;
  /** Where in `from`'s definition. */
  readonly via: string;
  /** `eks-to-dcos`: a migrated workload calls one still on DC/OS; `dcos-to-eks`: the other way round. */
  readonly direction: 'eks-to-dcos' | 'dcos-to-eks';
  /** What keeps it working meanwhile, or what is still missing. */
  readonly how: string;
}

/** Every reference crossing the line between this run's workloads and DC/OS, sorted by direction, to, from, via. */
export function coexistenceReferences(
  resolved: ResolvedSelection,
  translation: EstateTranslation,
): CoexistenceReference[] {
  const { selected } = resolved.selection;
  const byId = new Map(translation.workloads.map((workload) => [workload.report.id, workload]));
  const references: CoexistenceReference[] = [];
  for (const edge of resolved.graph.edges) {
    if (selected.has(edge.from) && !selected.has(edge.to)) {
      references.push({ ...reference(edge), direction: 'eks-to-dcos', how: eksToDcos(edge) });
    } else if (!selected.has(edge.from) && selected.has(edge.to)) {
      references.push({
        ...reference(edge),
        direction: 'dcos-to-eks',
        how: dcosToEks(edge, byId.get(edge.to), translation.options.coexistenceDomain),
      });
    }
  }
  return references.sort(
    (a, b) =>
      compareStrings(a.direction, b.direction) ||
      compareStrings(a.to, b.to) ||
      compareStrings(a.from, b.from) ||
      compareStrings(a.via, b.via) ||
      compareStrings(a.name, b.name),
  );
}

function reference(edge: DependencyEdge): Pick<CoexistenceReference, 'from' | 'to' | 'name' | 'via'> {
  return { from: edge.from, to: edge.to, name: edge.name, via: edge.via };
}

function eksToDcos(edge: DependencyEdge): string {
  if (edge.kind === 'dependency') {
    return `start order only: ${edge.to} keeps running on DC/OS, so there is nothing to wait for on EKS`;
  }
  const resolution =
    'CoreDNS forwards the DC/OS zones to Mesos-DNS (EksEnvironment dcos: DcosConnection.mesosDns; network path in docs/dcos-coexistence.md)';
  if (edge.kind === 'marathon-lb') {
    return `the name is kept: it resolves to marathon-lb on DC/OS, which routes to the tasks of ${edge.to} until it migrates; ${resolution}`;
  }
  return `the name is kept and resolves to DC/OS until ${edge.to} migrates: ${resolution}`;
}

function dcosToEks(edge: DependencyEdge, target: TranslatedWorkload | undefined, domain: string | undefined): string {
  const forwarder = target?.translation.forwarder;
  if (forwarder && edge.kind === 'dependency') {
    return `a Marathon dependency: ${forwarder.file} keeps the id ${edge.to} in Marathon after cut-over, so the dependency of ${edge.from} stays satisfied`;
  }
  if (forwarder) {
    return `at cut-over, replace ${edge.to} in Marathon with ${forwarder.file} (PUT /v2/apps${edge.to}?partialUpdate=false): it keeps the id, VIPs, service ports and marathon-lb labels, so ${edge.name} keeps answering, and forwards to ${edge.to} on EKS through its internal NLB`;
  }
  if (target?.translation.definition.kind === 'job') {
    return `a Metronome job dependency: keep ${edge.to} scheduled on DC/OS until ${edge.from} moves too, or drop the dependency`;
  }
  if (domain === undefined) {
    return `no coexistence domain: with --coexistence-domain (TranslateOptions.coexistenceDomain) convert writes an internal NLB and a Marathon forwarder for ${edge.to}; until then keep ${edge.to} running on DC/OS as well`;
  }
  return `${edge.to} has no ports to forward: keep it running on DC/OS until ${edge.from} moves too`;
}

/** One wave of the cut-over guide: what to deploy, what to replace in Marathon, what to check, how to roll back. */
export interface CutoverStep {
  readonly wave: number;
  /** Workloads of the wave, with the manifest files that hold them. */
  readonly deploy: readonly { readonly id: string; readonly file: string }[];
  /**
   * Apps and pods with callers left on DC/OS: replaced in Marathon by their forwarder once the EKS side is up, with
   * `PUT /v2/apps/<id>?partialUpdate=false` (Marathon merges a plain PUT into the running app; AppsResource,
   * marathon v1.10.26). A pod is removed first: Marathon holds no app and pod of one id.
   */
  readonly replaceInMarathon: readonly { readonly id: string; readonly forwarder: string }[];
  /** Workloads no one left on DC/OS calls: scaled to 0 in Marathon (or Metronome) once the EKS side is checked. */
  readonly retireOnDcos: readonly string[];
  readonly check: readonly string[];
  readonly rollback: readonly string[];
}

/** The cut-over guide of the converted workloads, wave by wave (waves as the estate's wave plan orders them). */
export function cutoverGuide(resolved: ResolvedSelection, translation: EstateTranslation): CutoverStep[] {
  const waveOf = new Map<string, number>();
  for (const wave of resolved.plan.waves) {
    wave.workloads.forEach((id) => waveOf.set(id, wave.wave));
  }
  const byWave = new Map<number, TranslatedWorkload[]>();
  for (const workload of translation.workloads) {
    const wave = waveOf.get(workload.report.id) ?? 1;
    byWave.set(wave, [...(byWave.get(wave) ?? []), workload]);
  }
  return [...byWave.entries()]
    .sort(([a], [b]) => a - b)
    .map(([wave, workloads]) => cutoverStep(wave, workloads, resolved));
}

function cutoverStep(wave: number, workloads: readonly TranslatedWorkload[], resolved: ResolvedSelection): CutoverStep {
  const called = (workload: TranslatedWorkload) =>
    (resolved.selection.dcosCallers.get(workload.report.id) ?? []).length > 0;
  const replace = workloads.flatMap((w) =>
    w.translation.forwarder ? [{ id: w.report.id, forwarder: w.translation.forwarder.file }] : [],
  );
  const retire = workloads.filter((w) => !called(w)).map((w) => w.report.id);
  const files = [...new Set(workloads.map(workloadFile))];
  const stateful = workloads
    .filter((w) => w.translation.objects.some((object) => object.kind === 'StatefulSet'))
    .map((w) => w.report.id);
  const check = [
    ...(stateful.length > 0
      ? [
          `before anything is replaced or scaled down: copy the data of ${stateful.join(', ')} from DC/OS (Kubernetes provisions empty volumes) and stop writes on DC/OS while it is copied`,
        ]
      : []),
    `kubectl apply -f namespaces.yaml ${files.map((file) => `-f ${file}`).join(' ')}, then wait until every Deployment, StatefulSet and DaemonSet reports ready (kubectl rollout status)`,
    'from a pod on EKS, the DC/OS names the wave still calls resolve (nslookup <name>.marathon.mesos) and answer',
    ...(replace.length > 0
      ? [
          'after replacing: the forwarders are healthy in Marathon (TCP health checks), and a caller on DC/OS reaches the EKS workload through the old name (curl from a DC/OS agent)',
        ]
      : []),
    'error rates and latency of the callers stay where they were on DC/OS (Grafana, the migrated alert rules)',
  ];
  const rollback = [
    ...(replace.length > 0
      ? [
          'put each replaced app back: PUT its original definition (the file it came from) to /v2/apps/<id>?partialUpdate=false, which replaces the forwarder by the original tasks (a plain PUT or dcos marathon app update would merge the two)',
        ]
      : []),
    ...(retire.length > 0 ? ['scale the retired apps and jobs on DC/OS back to their instances'] : []),
    'then remove the wave from EKS (kubectl delete -f the files above), or leave it idle until the cause is fixed',
  ];
  return {
    wave,
    deploy: workloads.map((w) => ({ id: w.report.id, file: workloadFile(w) })),
    replaceInMarathon: replace,
    retireOnDcos: retire,
    check,
    rollback,
  };
}
