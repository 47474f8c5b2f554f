import { Definition, GroupDefinition } from '../marathon/load/definition';
import { AutoscalerApp, TargetScaling } from './autoscale-rule';
import { planAutoscaling } from './autoscalers';
import { definitionKey } from './definition-key';
import { DiscoveryTarget, discoveryMap } from './discovery';
import { KubeIdentity, assignIdentities, idSegments } from './naming';
import { Notes } from './notes';
import { ResolvedTranslateOptions } from './options';
import { PortInfo, appPorts, podPorts } from './ports';
import { DcosCaller, EstateSelection } from './selection';
import { isStateful } from './statefulness';
import { VipLabel } from './vip-labels';
import { VipService, planVipServices } from './vip-services';

/** What the translation of one definition knows about the rest of the estate. */
export interface EstateContext {
  readonly options: ResolvedTranslateOptions;
  identityOf(definition: Definition): KubeIdentity;
  /** Ports of an app or pod, as translated (the same numbers everywhere). */
  portsOf(definition: Definition): readonly PortInfo[];
  /** What translating those ports said: report lines of that definition (none for jobs). */
  portNotesOf(definition: Definition): Notes | undefined;
  /** Which VIP Service each VIP label of an app or pod landed in. */
  vipServiceFor(definition: Definition, vip: VipLabel): VipService | undefined;
  /** Service-discovery names of DC/OS and their Kubernetes equivalents. */
  readonly discovery: ReadonlyMap<string, DiscoveryTarget>;
  /** `namespace/name` of every Service the estate's apps, pods and VIPs are given, to keep new names clear of them. */
  readonly serviceNames: ReadonlySet<string>;
  /** Apps and pods by Marathon id. */
  readonly services: ReadonlyMap<string, Definition>;
  readonly groups: ReadonlyMap<string, GroupDefinition>;
  /** Whether this run emits the definition: all of them, unless a migration in waves selected a part. */
  isSelected(definition: Definition): boolean;
  /** Whether the workload of this Marathon id (or definition key) is emitted; an id not in the estate is not. */
  isSelectedId(idOrKey: string): boolean;
  /** The apps, pods and jobs left on DC/OS that call a selected workload (none without a selection). */
  dcosCallersOf(definition: Definition): readonly DcosCaller[];
  /** True when only a part of the estate is emitted. */
  readonly partial: boolean;
  /** The wave of an id or definition key in the selection's wave plan (1 without one). */
  waveOf(idOrKey: string): number;
  /** What scaled an app or pod on DC/OS (an autoscaler app, its labels, a pod's `maxInstances`): its HPA's rule. */
  scalingOf(definition: Definition): TargetScaling | undefined;
  /** What an app that scaled other apps (marathon-autoscale, marathon-lb-autoscale…) scaled: it is not emitted. */
  autoscalerOf(definition: Definition): AutoscalerApp | undefined;
}

/** A definition's ports and what translating them said, decided once for the estate and the definition alike. */
interface TranslatedPorts {
  readonly ports: readonly PortInfo[];
  readonly notes: Notes;
}

/** Decides names, ports, VIP Services and the discovery map for a whole estate, before any definition is translated. */
export function buildEstateContext(
  definitions: readonly Definition[],
  groups: readonly GroupDefinition[],
  options: ResolvedTranslateOptions,
  selection?: EstateSelection,
): EstateContext {
  const identityOf = estateIdentities(definitions, options);
  const ports = new Map<string, TranslatedPorts>();
  for (const definition of definitions) {
    if (definition.kind !== 'job') {
      const notes = new Notes();
      const list = definition.kind === 'app' ? appPorts(definition.spec, notes) : podPorts(definition.spec, notes);
      ports.set(definitionKey(definition), { ports: list, notes });
    }
  }
  const portsOf = (definition: Definition) => ports.get(definitionKey(definition))?.ports ?? [];
  const vips = planVipServices(definitions, identityOf, portsOf, options.namespaceStrategy === 'top-level-group');
  const byId = new Map<string, Definition>();
  for (const definition of definitions) {
    if (definition.kind !== 'job' && !byId.has(definition.id)) {
      byId.set(definition.id, definition);
    }
  }
  const autoscaling = planAutoscaling({ definitions, services: byId, portsOf });
  return {
    options,
    identityOf,
    portsOf,
    portNotesOf: (definition) => ports.get(definitionKey(definition))?.notes,
    vipServiceFor: vips.serviceFor,
    discovery: discoveryMap(definitions, identityOf, portsOf, vips.services),
    serviceNames: new Set([
      ...definitions.filter((d) => d.kind !== 'job').map((d) => `${identityOf(d).namespace}/${identityOf(d).name}`),
      ...[...vips.services.values()].map((service) => `${service.namespace}/${service.name}`),
    ]),
    services: byId,
    groups: new Map(groups.map((group) => [group.id, group])),
    ...selectionOf(definitions, selection),
    scalingOf: autoscaling.scalingOf,
    autoscalerOf: autoscaling.autoscalerOf,
  };
}

type SelectionMembers = Pick<EstateContext, 'isSelected' | 'isSelectedId' | 'dcosCallersOf' | 'partial' | 'waveOf'>;

/** What the context says about the selection; ids and definition keys both answer (VIP members are keys). */
function selectionOf(definitions: readonly Definition[], selection: EstateSelection | undefined): SelectionMembers {
  if (!selection) {
    const known = new Set(definitions.flatMap((d) => [d.id, definitionKey(d)]));
    return {
      isSelected: () => true,
      isSelectedId: (id) => known.has(id),
      dcosCallersOf: () => [],
      partial: false,
      waveOf: () => 1,
    };
  }
  const selected = new Set<string>();
  const waves = new Map<string, number>();
  for (const definition of definitions) {
    if (selection.selected.has(definition.id)) {
      selected.add(definition.id).add(definitionKey(definition));
    }
    const wave = selection.waveOf?.get(definition.id) ?? 1;
    waves.set(definition.id, wave).set(definitionKey(definition), wave);
  }
  return {
    isSelected: (definition) => selected.has(definition.id),
    isSelectedId: (id) => selected.has(id),
    dcosCallersOf: (definition) =>
      selected.has(definition.id) ? (selection.dcosCallers.get(definition.id) ?? []) : [],
    partial: definitions.some((definition) => !selected.has(definition.id)),
    waveOf: (idOrKey) => waves.get(idOrKey) ?? 1,
  };
}

/** Apps and pods share Service names, so they are named together; jobs only meet other jobs (CronJobs). */
function estateIdentities(
  definitions: readonly Definition[],
  options: ResolvedTranslateOptions,
): (definition: Definition) => KubeIdentity {
  // CronJob and StatefulSet names stay within 52 characters: their controllers append suffixes to them
  // (a Job's scheduled time; the controller-revision-hash label, kubernetes/kubernetes#64023).
  const limit = (definition: Definition) => (definition.kind === 'job' || isStateful(definition) ? 52 : 63);
  const assign = (kinds: readonly Definition[]) =>
    assignIdentities(
      kinds.map((definition) => ({
        key: definitionKey(definition),
        id: definition.id,
        segments: idSegments(definition.id, definition.kind),
        maxName: limit(definition),
      })),
      options,
    );
  const services = assign(definitions.filter((d) => d.kind !== 'job'));
  const jobs = assign(definitions.filter((d) => d.kind === 'job'));
  return (definition) => {
    const identity = (definition.kind === 'job' ? jobs : services).get(definitionKey(definition));
    if (!identity) {
      throw new Error(`no identity for ${definition.id}`);
    }
    return identity;
  };
}
