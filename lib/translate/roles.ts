import { JsonPath } from '../util/json-path';
import { PUBLIC_NODE } from './options';
import { Placement, onPublicNodes, toleratePublicNodes } from './placement';
import { DefinitionScope } from './scope';

/** A workload's Mesos roles: the roles whose resources it accepted, and its own role (apps and pods). */
export interface RoleRequest {
  readonly accepted: readonly string[];
  readonly acceptedAt: JsonPath;
  readonly role?: string;
  readonly roleAt?: JsonPath;
}

const PUBLIC = `${PUBLIC_NODE.key}=${PUBLIC_NODE.value}`;

/**
 * Mesos roles have no Kubernetes counterpart but one: `slave_public`, the public agents, which the public node group
 * (labelled and tainted) stands for. With `perNode` the pods belong to a DaemonSet, which runs on public nodes too when
 * the app accepted public agents.
 */
export function placeRoles(scope: DefinitionScope, placement: Placement, roles: RoleRequest, perNode: boolean): void {
  const { notes } = scope;
  const accepted = roles.accepted.filter((role) => role !== '*');
  if (roles.accepted.length > 0) {
    if (accepted.length === 1 && accepted[0] === 'slave_public' && !roles.accepted.includes('*')) {
      onPublicNodes(placement, 'acceptedResourceRoles [slave_public]: runs on the public node group');
      placement.nodeTaints.push({
        key: PUBLIC_NODE.key,
        value: PUBLIC_NODE.value,
        effect: 'NoSchedule',
        reason: 'public nodes only take workloads that ran on public agents',
      });
      notes.translated(roles.acceptedAt, `public agents → nodeSelector and toleration ${PUBLIC}`);
    } else if (perNode && accepted.includes('slave_public')) {
      toleratePublicNodes(placement);
      notes.translated(
        roles.acceptedAt,
        `private and public agents → every node, public ones too (toleration ${PUBLIC})`,
      );
    } else if (accepted.length === 0) {
      notes.translated(roles.acceptedAt, 'any node');
    } else if (accepted.every((role) => role === 'slave_public') && roles.accepted.includes('*')) {
      notes.approximated(
        roles.acceptedAt,
        `private or public agents → private nodes: the public node group is tainted (${PUBLIC}) for workloads that ran only on public agents`,
      );
    } else {
      notes.approximated(
        roles.acceptedAt,
        `Mesos roles ${accepted.join(', ')} reserved resources; Kubernetes has no roles: use a node group with a label and taint, or a namespace ResourceQuota`,
      );
    }
  }
  if (roles.role !== undefined && roles.roleAt) {
    if (roles.role === 'slave_public' && placement.nodeSelector[PUBLIC_NODE.key] === undefined) {
      onPublicNodes(placement, 'role slave_public: runs on the public node group');
      notes.translated(roles.roleAt, `role slave_public → public node group (${PUBLIC})`);
    } else if (roles.role === '*' || roles.role === 'slave_public') {
      notes.translated(roles.roleAt, roles.role === '*' ? 'the default role' : 'public node group');
    } else {
      notes.approximated(
        roles.roleAt,
        `Mesos role ${roles.role} (quota and reservations): on Kubernetes use a namespace ResourceQuota`,
      );
    }
  }
}
