import { KubeObject } from './kube';
import { DefinitionScope } from './scope';
import { Workload } from './workload-spec';

/** The HorizontalPodAutoscaler of an app or pod that DC/OS scaled (issue 13: being built). */
export function autoscalingObjects(scope: DefinitionScope, workload: Workload): KubeObject[] {
  void scope;
  void workload;
  return [];
}
