import { compareStrings } from '../util/compare';
import { EstateTranslation, TranslatedWorkload } from '../translate/estate-translation';
import { answersOnlyInsideDcos } from '../translate/service-names';
import { DependencyEdge } from '../waves/graph';
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
  if (answersOnlyInsideDcos(edge.name)) {
    return `unreachable while ${edge.to} stays on DC/OS: VIP and container addresses answer only inside DC/OS (docs/dcos-coexistence.md); move both in one wave (waves --pin) or call ${edge.to} by its Mesos-DNS name`;
  }
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
