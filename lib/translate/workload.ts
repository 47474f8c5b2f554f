import { DaemonSet, Deployment, KubeObject, StatefulSet } from './kube';
import { autoscalingObjects, hpaRange } from './autoscaling';
import { coexistenceServices } from './coexistence';
import { metricsMonitors } from './metrics-monitors';
import { daemonSetStrategy, deploymentStrategy, disruptionBudget, statefulSetStrategy } from './rollout';
import { DefinitionScope } from './scope';
import { workloadServices } from './service';
import { Workload } from './workload-spec';

/**
 * The objects of one app or pod, in the order they are written: the controller, its Service and the VIP Services it
 * owns, how it is exposed outside the cluster (`exposure`: marathon-lb's Ingress and NLB, apps only), its
 * PodDisruptionBudget. Objects that watch or scale the workload (HorizontalPodAutoscalers, ServiceMonitors, alert
 * rules) are added here, after the budget, so apps and pods get them alike.
 */
export function workloadObjects(
  scope: DefinitionScope,
  workload: Workload,
  exposure: readonly KubeObject[] = [],
): KubeObject[] {
  const objects: KubeObject[] = [controller(scope, workload)];
  objects.push(...workloadServices(scope, workload.vips, workload.kind === 'StatefulSet'));
  objects.push(...exposure, ...coexistenceServices(scope));
  // Draining a node never evicts DaemonSet pods, so a budget would guard nothing.
  const budget =
    workload.kind === 'DaemonSet' ? undefined : disruptionBudget(scope, workload.upgrade, workload.instances);
  if (budget) {
    objects.push(budget);
  }
  objects.push(...autoscalingObjects(scope, workload), ...metricsMonitors(scope, workload));
  return objects;
}

function controller(scope: DefinitionScope, workload: Workload): Deployment | StatefulSet | DaemonSet {
  const { instances, upgrade, upgradeAt, template } = workload;
  const metadata = scope.metadata(scope.name);
  const selector = { matchLabels: scope.selector };
  if (workload.kind === 'DaemonSet') {
    scope.notes.approximated(
      workload.instancesAt,
      `${instances} instances, one per host: DC/OS's way of running on every agent → a DaemonSet, one pod on every node its placement allows, however many nodes there are (option perNodeInstances: ${scope.options.perNodeInstances})`,
    );
    return {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata,
      spec: { selector, template, updateStrategy: daemonSetStrategy(scope, upgrade, upgradeAt) },
    };
  }
  // With an HPA the controller leaves out `spec.replicas`: every re-apply would otherwise reset what the HPA chose.
  const range = hpaRange(scope, workload);
  if (range) {
    scope.notes.approximated(
      workload.instancesAt,
      `replicas left to HPA ${scope.namespace}/${scope.name} (${range.min}..${range.max}); Marathon's instances ${instances}${startingReplicas(scope, workload.kind, { instances, ...range })}`,
    );
  } else {
    scope.notes.translated(workload.instancesAt, `replicas ${instances}`);
  }
  const replicas = range ? {} : { replicas: instances };
  if (workload.kind === 'StatefulSet') {
    return {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata,
      spec: {
        serviceName: scope.name,
        ...replicas,
        podManagementPolicy: 'Parallel',
        selector,
        template,
        updateStrategy: statefulSetStrategy(scope, upgrade, instances, upgradeAt),
        volumeClaimTemplates: workload.claimTemplates,
      },
    };
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: { ...replicas, selector, strategy: deploymentStrategy(scope, upgrade, upgradeAt), template },
  };
}

/**
 * Without `spec.replicas` a new Deployment or StatefulSet starts with 1 pod (its API default), and the HPA raises it to
 * minReplicas at its next sync; a workload that ran more instances than that needs one `kubectl scale` to start where
 * it was, after which the HPA takes over from that count.
 */
function startingReplicas(
  scope: DefinitionScope,
  kind: 'Deployment' | 'StatefulSet',
  counts: { instances: number; min: number; max: number },
): string {
  const start = Math.min(Math.max(counts.instances, counts.min), counts.max);
  if (start <= counts.min) {
    return '';
  }
  const raised = counts.min > 1 ? ` and the HPA raises it to ${counts.min}` : '';
  return `; it starts at 1 pod${raised}: to start at ${start} as on DC/OS, run kubectl scale ${kind.toLowerCase()}/${scope.name} -n ${scope.namespace} --replicas=${start} once after the first apply`;
}
