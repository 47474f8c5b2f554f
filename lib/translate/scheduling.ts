import { JsonPath } from '../util/json-path';
import { Constraint } from '../marathon/model/common';
import { placeConstraints } from './constraints';
import { Placement, emptyPlacement } from './placement';
import { RoleRequest, placeRoles } from './roles';
import { DefinitionScope } from './scope';

/** Where a definition says its instances may run. */
export interface PlacementRequest {
  readonly constraints: readonly Constraint[];
  readonly at: JsonPath;
  readonly roles: RoleRequest;
  /** The pods belong to a DaemonSet: one per node needs no anti-affinity, and public agents mean public nodes too. */
  readonly perNode?: boolean;
}

/**
 * Marathon constraints and accepted resource roles as node selectors, affinities, topology spreads and tolerations
 * of the workload's pods (selected by the scope's selector), and the node labels and taints they need.
 */
export function placementOf(scope: DefinitionScope, request: PlacementRequest): Placement {
  const placement = emptyPlacement();
  const perNode = request.perNode ?? false;
  placeConstraints(scope, placement, { constraints: request.constraints, at: request.at, perNode });
  placeRoles(scope, placement, request.roles, perNode);
  return placement;
}
