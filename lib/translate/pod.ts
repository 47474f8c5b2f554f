import { PodDefinition } from '../marathon/load/definition';
import { MarathonPod } from '../marathon/model/pod';
import { containerLabelsAnnotation } from './container-labels';
import { containerPorts } from './container-ports';
import { marathonEnvironment, userEnvironment } from './env';
import { EstateContext } from './estate';
import { podExecutorNotes } from './executor';
import { definitionScope } from './definition-scope';
import { podLinuxInfoNote } from './linux-info';
import { idAnnotation } from './metadata';
import { podNetworking } from './networking';
import { PodContainerParts, podContainer } from './pod-containers';
import { podTemplate } from './pod-template';
import { podStorage } from './pod-volumes';
import { backoffNotes, killSelectionNote, unreachableTolerations } from './rollout';
import { placementOf } from './scheduling';
import { DefinitionScope } from './scope';
import { pullSecretNames, secretDeclarations } from './secrets';
import { podIsStateful } from './statefulness';
import { Translation, translationOf } from './translation';
import { workloadObjects } from './workload';
import { vipPodLabels, workloadVips } from './workload-vips';

/** A Marathon pod → one Kubernetes workload with a container per pod container (they already shared a network). */
export function translatePod(definition: PodDefinition, estate: EstateContext): Translation {
  const pod: MarathonPod = definition.spec;
  const scope = definitionScope(definition, estate);
  const vips = workloadVips(scope);
  const hostNetwork = podNetworking(scope, pod);
  const storage = podStorage(scope, pod);
  const podEnv = userEnvironment(scope, { env: pod.environment, at: ['environment'], secrets: pod.secrets });
  secretDeclarations(scope, pod.secrets, ['secrets']);
  const shared = {
    storage,
    env: podEnv.env,
    injected: marathonEnvironment(scope, { hostNetwork, endpoints: true }),
    ports: containerPorts(scope),
  };
  const containers = pod.containers.map((_, c) => podContainer(scope, pod, c, shared));
  const { scheduling } = pod;
  const placement = placementOf(scope, {
    constraints: scheduling.placement.constraints,
    at: ['scheduling', 'placement', 'constraints'],
    roles: {
      accepted: scheduling.placement.acceptedResourceRoles,
      acceptedAt: ['scheduling', 'placement', 'acceptedResourceRoles'],
      ...(pod.role !== undefined ? { role: pod.role, roleAt: ['role'] } : {}),
    },
  });
  const tolerations = unreachableTolerations(scope, scheduling.unreachableStrategy, [
    'scheduling',
    'unreachableStrategy',
  ]);
  killSelectionNote(scope, scheduling.killSelection, ['scheduling', 'killSelection']);
  backoffNotes(scope, [['scheduling', 'backoff']]);
  podLinuxInfoNote(scope, pod.linuxInfo);
  podExecutorNotes(scope, pod.executorResources, pod.legacySharedCgroups);
  podScalingNotes(scope);
  if (pod.version !== undefined) {
    scope.notes.ignored(['version'], 'read-only version of the API response');
  }

  const secrets = [...podEnv.secrets, ...storage.secrets, ...containers.flatMap((parts) => parts.secrets)];
  const terminationGracePeriodSeconds = longestGracePeriod(containers);
  const template = podTemplate({
    metadata: {
      labels: { ...scope.labels, ...vipPodLabels(vips) },
      annotations: { [idAnnotation('pod')]: pod.id, ...containerLabelsAnnotation(scope, pod) },
    },
    containers: containers.map((parts) => parts.container),
    initContainers: containers.flatMap((parts) => (parts.fetch ? [parts.fetch] : [])),
    volumes: storage.volumes,
    placement,
    tolerations,
    ...(terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds } : {}),
    hostNetwork,
    imagePullSecrets: pullSecretNames(secrets),
  });
  if (pod.user !== undefined && pod.containers.every((c) => c.user !== undefined)) {
    scope.notes.translated(['user'], 'every container sets its own user');
  }
  const objects = workloadObjects(scope, {
    kind: podIsStateful(pod) ? 'StatefulSet' : 'Deployment',
    instances: pod.scaling.instances,
    instancesAt: ['scaling', 'instances'],
    upgrade: scheduling.upgrade,
    upgradeAt: ['scheduling', 'upgrade'],
    template,
    claimTemplates: storage.claimTemplates,
    vips,
  });
  return translationOf(scope, objects, { secrets, placement });
}

/** terminationGracePeriodSeconds is per pod: the longest of its containers' kill grace periods. */
function longestGracePeriod(containers: readonly PodContainerParts[]): number | undefined {
  const periods = containers.flatMap((parts) =>
    parts.killGracePeriodSeconds !== undefined ? [parts.killGracePeriodSeconds] : [],
  );
  return periods.length > 0 ? Math.max(0, ...periods) : undefined;
}

/** A pod scales by a fixed number of instances (the controller reports `instances`, autoscaling.ts `maxInstances`). */
function podScalingNotes(scope: DefinitionScope): void {
  scope.notes.translated(['scaling', 'kind'], 'fixed scaling');
}
