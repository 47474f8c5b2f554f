import { Definition } from '../marathon/load/definition';
import { coexistenceForwarder } from './coexistence';
import { DcosForwarder } from './dcos-forwarder';
import { KubeObject } from './kube';
import { Notes } from './notes';
import { Placement } from './placement';
import { NodeLabelRequirement, NodeTaintRequirement, SecretRequirement } from './requirements';
import { DefinitionScope } from './scope';

/** Everything one definition turned into. */
export interface Translation {
  readonly definition: Definition;
  readonly objects: KubeObject[];
  readonly notes: Notes;
  readonly secrets: readonly SecretRequirement[];
  readonly nodeLabels: readonly NodeLabelRequirement[];
  readonly nodeTaints: readonly NodeTaintRequirement[];
  /** A migration in waves: the Marathon app that takes the workload's place on DC/OS at cut-over. */
  readonly forwarder?: DcosForwarder;
}

/** What a definition's objects need from the cluster: the Secrets they read, the nodes they run on. */
export interface ClusterNeeds {
  readonly secrets: readonly SecretRequirement[];
  readonly placement: Placement;
}

/** The translation of the scope's definition; its credentials Secret comes after the Secrets it names. */
export function translationOf(scope: DefinitionScope, objects: KubeObject[], needs: ClusterNeeds): Translation {
  const forwarder = coexistenceForwarder(scope);
  return {
    ...(forwarder ? { forwarder } : {}),
    definition: scope.definition,
    objects,
    notes: scope.notes,
    secrets: [...needs.secrets, ...scope.credentials.requirements()],
    nodeLabels: needs.placement.nodeLabels,
    nodeTaints: needs.placement.nodeTaints,
  };
}
