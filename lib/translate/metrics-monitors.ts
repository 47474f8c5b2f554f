import { KubeObject } from './kube';
import { DefinitionScope } from './scope';
import { Workload } from './workload-spec';

/** The ServiceMonitors / PodMonitors of an app's or pod's DC/OS metrics labels (issue 13: being built). */
export function metricsMonitors(scope: DefinitionScope, workload: Workload): KubeObject[] {
  void scope;
  void workload;
  return [];
}
