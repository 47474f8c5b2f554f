import { ExecutorResources } from '../marathon/model/common';
import { DefinitionScope } from './scope';

/*
 * The Mesos executor ran a workload's tasks on the agent; Kubernetes has no executor (the kubelet runs pods, and its
 * overhead is in the node reservation), so these fields only get their report lines.
 */

/** An app's `executor` and `executorResources`. */
export function appExecutorNotes(
  scope: DefinitionScope,
  executor: string | undefined,
  resources: ExecutorResources | undefined,
): void {
  if (executor !== undefined) {
    const standard = executor === '' || executor === '//cmd';
    scope.notes[standard ? 'ignored' : 'unsupported'](
      ['executor'],
      standard ? 'the default executor' : `custom Mesos executor ${executor} has no Kubernetes counterpart`,
    );
  }
  if (resources) {
    scope.notes.ignored(
      ['executorResources'],
      'resources of the Mesos executor; Kubernetes has no executor (its overhead is in the node reservation)',
    );
  }
}

/** A pod's `executorResources` and `legacySharedCgroups` (the executor's cgroup the containers shared). */
export function podExecutorNotes(
  scope: DefinitionScope,
  resources: ExecutorResources | undefined,
  legacySharedCgroups: boolean | undefined,
): void {
  if (resources) {
    scope.notes.ignored(['executorResources'], 'resources of the Mesos executor; Kubernetes has no executor');
  }
  if (legacySharedCgroups !== undefined) {
    scope.notes.ignored(
      ['legacySharedCgroups'],
      'Kubernetes gives each container its own cgroup; pod-level limits are the sum of the containers’',
    );
  }
}
