import { AppDefinition } from '../marathon/load/definition';
import { MarathonApp } from '../marathon/model/app';
import { appContainer } from './app-container';
import { autoscalerTranslation } from './autoscaling';
import { frameworkNotes } from './dcos-packages';
import { dependencyInitContainers } from './dependencies';
import { EstateContext } from './estate';
import { appExecutorNotes } from './executor';
import { fetchInitContainer } from './fetch';
import { definitionScope } from './definition-scope';
import { isMarathonLbLabel, marathonLb } from './marathon-lb';
import { idAnnotation } from './metadata';
import { appNetworking } from './networking';
import { limitsOnePerHost } from './placement';
import { podTemplate } from './pod-template';
import { backoffNotes, killSelectionNote, unreachableTolerations } from './rollout';
import { placementOf } from './scheduling';
import { DefinitionScope } from './scope';
import { pullSecretNames } from './secrets';
import { appIsStateful } from './statefulness';
import { Translation, translationOf } from './translation';
import { workloadObjects } from './workload';
import { ControllerKind } from './workload-spec';
import { vipPodLabels, workloadVips } from './workload-vips';

/**
 * A Marathon app → Deployment (StatefulSet with persistent volumes, DaemonSet when it ran on every agent) + Services +
 * Ingress / NLB + PodDisruptionBudget.
 */
export function translateApp(definition: AppDefinition, estate: EstateContext): Translation {
  const app: MarathonApp = definition.spec;
  const autoscaler = estate.autoscalerOf(definition);
  if (autoscaler) {
    return autoscalerTranslation(definition, estate, autoscaler);
  }
  // The marathon-autoscaler labels are reported with the HPA they become.
  const scalingLabels = estate.scalingOf(definition)?.labelKeys;
  const consumed = scalingLabels
    ? (key: string) => isMarathonLbLabel(key) || scalingLabels.has(key)
    : isMarathonLbLabel;
  const scope = definitionScope(definition, estate, { consumed, readByContainer: true });
  const vips = workloadVips(scope);
  const hostNetwork = appNetworking(scope, app);
  const container = appContainer(scope, app, hostNetwork);
  const fetch = fetchInitContainer(scope, app.fetch, ['fetch']);
  const waits = dependencyInitContainers(scope, app.dependencies, ['dependencies']);
  const kind = appController(scope, app);
  const placement = placementOf(scope, {
    constraints: app.constraints,
    at: ['constraints'],
    roles: {
      accepted: app.acceptedResourceRoles,
      acceptedAt: ['acceptedResourceRoles'],
      ...(app.role !== undefined ? { role: app.role, roleAt: ['role'] } : {}),
    },
    perNode: kind === 'DaemonSet',
  });
  const tolerations = unreachableTolerations(scope, app.unreachableStrategy, ['unreachableStrategy']);
  if (app.taskKillGracePeriodSeconds !== undefined) {
    scope.notes.translated(
      ['taskKillGracePeriodSeconds'],
      `terminationGracePeriodSeconds ${app.taskKillGracePeriodSeconds}`,
    );
  }
  killSelectionNote(scope, app.killSelection, ['killSelection']);
  backoffNotes(scope, [['backoffSeconds'], ['backoffFactor'], ['maxLaunchDelaySeconds']]);
  appExecutorNotes(scope, app.executor, app.executorResources);
  frameworkNotes(scope, app.labels);

  const template = podTemplate({
    metadata: {
      labels: { ...scope.labels, ...container.podLabels, ...vipPodLabels(vips) },
      annotations: { [idAnnotation('app')]: app.id, ...container.podAnnotations },
    },
    containers: [container.container],
    initContainers: [...(fetch ? [fetch] : []), ...waits],
    volumes: container.volumes,
    placement,
    tolerations,
    ...(app.taskKillGracePeriodSeconds !== undefined
      ? { terminationGracePeriodSeconds: app.taskKillGracePeriodSeconds }
      : {}),
    hostNetwork,
    imagePullSecrets: pullSecretNames(container.secrets),
    extra: container.podSettings,
  });
  const workload = {
    kind,
    instances: app.instances,
    instancesAt: ['instances'],
    upgrade: app.upgradeStrategy,
    upgradeAt: ['upgradeStrategy'],
    template,
    claimTemplates: container.claimTemplates,
    vips,
  };
  const objects = workloadObjects(scope, workload, marathonLb(scope, app.labels));
  return translationOf(scope, objects, { secrets: container.secrets, placement });
}

/**
 * Persistent volumes make a StatefulSet; an app limited to one instance per host with at least `perNodeInstances`
 * instances ran on every agent, which is a DaemonSet's job; everything else is a Deployment.
 */
function appController(scope: DefinitionScope, app: MarathonApp): ControllerKind {
  if (appIsStateful(app)) {
    return 'StatefulSet';
  }
  const { perNodeInstances } = scope.options;
  return perNodeInstances > 0 && app.instances >= perNodeInstances && limitsOnePerHost(app.constraints)
    ? 'DaemonSet'
    : 'Deployment';
}
