import { quantityValue } from '../util/quantity';
import { AppDefinition } from '../marathon/load/definition';
import { AutoscalerApp, ScalingDirection, ScalingMetric, TargetScaling } from './autoscale-rule';
import { EstateContext } from './estate';
import { HorizontalPodAutoscaler, KubeObject, PodTemplateSpec } from './kube';
import { sortedRecord } from './metadata';
import { Notes } from './notes';
import { DefinitionScope } from './scope';
import { Translation } from './translation';
import { Workload } from './workload-spec';

/** The annotation naming the Marathon app that scaled the workload on DC/OS. */
export const AUTOSCALER_ANNOTATION = 'marathon-to-eks/autoscaler-id';

// The HPA's own target when it is given no metric (autoscaling/v2 HorizontalPodAutoscalerSpec.metrics, described in
// kubernetes-models 4.5.1): written out where the DC/OS tool measured something an HPA cannot read.
const DEFAULT_CPU_UTILIZATION = 80;

type HpaMetric = NonNullable<NonNullable<HorizontalPodAutoscaler['spec']>['metrics']>[number];
type HpaRules = NonNullable<NonNullable<NonNullable<HorizontalPodAutoscaler['spec']>['behavior']>['scaleUp']>;

/** Whether the workload gets an HPA: the rule, or why not (the target then keeps its replicas). */
function decision(scope: DefinitionScope, workload: Workload): { scaling?: TargetScaling; reason?: string } {
  const scaling = scope.estate.scalingOf(scope.definition);
  if (!scaling) {
    return {};
  }
  if (scaling.unsupported) {
    return { scaling, reason: scaling.unsupported };
  }
  if (workload.kind === 'DaemonSet') {
    return {
      scaling,
      reason: 'a DaemonSet runs one pod on each node and cannot be scaled: no HorizontalPodAutoscaler',
    };
  }
  if (workload.instances === 0) {
    return {
      scaling,
      reason: `instances 0: suspended on DC/OS, where ${scaling.tool ?? 'no autoscaler'} found no task to measure; an HPA would start it, so none is made: add one when you resume it`,
    };
  }
  return { scaling };
}

/** The HPA's replica range when the workload gets one: its controller then leaves `spec.replicas` to the HPA. */
export function hpaRange(scope: DefinitionScope, workload: Workload): { min: number; max: number } | undefined {
  const { scaling, reason } = decision(scope, workload);
  return scaling && !reason ? { min: scaling.min, max: scaling.max } : undefined;
}

/**
 * The HorizontalPodAutoscaler of an app or pod that DC/OS scaled (autoscaling/v2), named after it, on its
 * controller. What the DC/OS rule becomes:
 * - min/max replicas: the tool's bounds (at least 1).
 * - CPU: the tool's midpoint in percent of ONE core ÷ the pod's CPU request in cores = `averageUtilization`, which is
 *   percent of the request (MetricTarget.averageUtilization); memory: percent of the limit × limit ÷ request.
 * - behavior: how long the signal had to hold (stabilization window) and the step the tool took per wait (policies).
 * The rule's report lines (pod `scaling.maxInstances`, the label convention's labels) and remarks are written here.
 */
export function autoscalingObjects(scope: DefinitionScope, workload: Workload): KubeObject[] {
  const { scaling, reason } = decision(scope, workload);
  if (!scaling) {
    return [];
  }
  const name = `${scope.namespace}/${scope.name}`;
  if (reason) {
    ruleNotes(scope, scaling, { status: 'unsupported', note: reason });
    if (scaling.convention === 'marathon-autoscale' || scaling.convention === 'marathon-lb-autoscale') {
      scope.notes.unsupported(workload.instancesAt, `scaled by ${scaling.tool} ${scaling.autoscalerId}: ${reason}`);
    }
    return [];
  }
  const { metrics, explained } = hpaMetrics(scaling, workload.template);
  const behavior = {
    ...(scaling.up ? { scaleUp: rules(scaling.up) } : {}),
    ...(scaling.down ? { scaleDown: rules(scaling.down) } : {}),
  };
  const metadata = scope.metadata(scope.name);
  const hpa: HorizontalPodAutoscaler = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: scaling.autoscalerId
      ? {
          ...metadata,
          annotations: sortedRecord({ ...metadata.annotations, [AUTOSCALER_ANNOTATION]: scaling.autoscalerId }),
        }
      : metadata,
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: workload.kind, name: scope.name },
      minReplicas: scaling.min,
      maxReplicas: scaling.max,
      metrics,
      ...(Object.keys(behavior).length > 0 ? { behavior } : {}),
    },
  };
  const summary = [
    `HorizontalPodAutoscaler ${name} from ${scaling.tool ? `${scaling.tool} ${scaling.autoscalerId}` : scaling.convention === 'pod' ? "the pod's scaling" : 'the marathon-autoscaler labels'}: replicas ${scaling.min}..${scaling.max}`,
    ...explained,
    ...[
      scaling.up && `scale up ${directionText(scaling.up)}`,
      scaling.down && `scale down ${directionText(scaling.down)}`,
    ].filter((text): text is string => typeof text === 'string'),
  ].join('; ');
  const approximated = [...scaling.approximations, ...(scaling.recipe ? [scaling.recipe] : [])];
  ruleNotes(scope, scaling, {
    status: approximated.length > 0 ? 'approximated' : 'translated',
    note: `${scaling.convention === 'pod' ? `maxReplicas ${scaling.max}` : 'kept'} in the HorizontalPodAutoscaler ${name}`,
  });
  scope.notes.remark(approximated.length > 0 ? `${summary}. Approximated: ${approximated.join('; ')}` : summary);
  wavesRemark(scope, scaling);
  return [hpa];
}

/** Report lines of the leaves that carry the rule on the target itself: its labels, or the pod's `maxInstances`. */
function ruleNotes(
  scope: DefinitionScope,
  scaling: TargetScaling,
  line: { status: 'translated' | 'approximated' | 'unsupported'; note: string },
): void {
  const paths =
    scaling.convention === 'pod'
      ? [['scaling', 'maxInstances']]
      : [...(scaling.labelKeys ?? [])].map((key) => ['labels', key]);
  for (const path of paths) {
    scope.notes[line.status](path, line.note);
  }
}

/** A migration in waves: the HPA travels with its target; the autoscaler app left on DC/OS must stop with it. */
function wavesRemark(scope: DefinitionScope, scaling: TargetScaling): void {
  const autoscaler = scaling.autoscalerId ? scope.estate.services.get(scaling.autoscalerId) : undefined;
  if (autoscaler && !scope.estate.isSelected(autoscaler)) {
    scope.notes.remark(
      `${scaling.tool} ${autoscaler.id} stays on DC/OS in this run (wave ${scope.estate.waveOf(autoscaler.id)}): stop it when ${scope.definition.id} moves here, or it keeps scaling the app on DC/OS while the HPA scales this one`,
    );
  }
}

/** The pods' CPU (cores) and memory (bytes) requests and memory limits, summed over the containers (not init ones). */
function podResources(template: PodTemplateSpec): { cpu: number; memory: number; memoryLimit: number } {
  let cpu = 0;
  let memory = 0;
  let memoryLimit = 0;
  for (const container of template.spec?.containers ?? []) {
    const requests = container.resources?.requests ?? {};
    const limits = container.resources?.limits ?? {};
    const requested = quantityValue(requests.memory) ?? 0;
    cpu += quantityValue(requests.cpu) ?? 0;
    memory += requested;
    memoryLimit += quantityValue(limits.memory) ?? requested;
  }
  return { cpu, memory, memoryLimit };
}

function hpaMetrics(scaling: TargetScaling, template: PodTemplateSpec): { metrics: HpaMetric[]; explained: string[] } {
  const resources = podResources(template);
  const metrics: HpaMetric[] = [];
  const explained: string[] = [];
  const add = (resource: 'cpu' | 'memory', utilization: number) =>
    metrics.push({
      type: 'Resource',
      resource: { name: resource, target: { type: 'Utilization', averageUtilization: Math.max(1, utilization) } },
    });
  for (const metric of scaling.metrics) {
    const utilization = utilizationOf(metric, resources);
    if (utilization === undefined) {
      continue;
    }
    add(metric.resource, utilization.value);
    explained.push(utilization.text);
  }
  if (metrics.length === 0) {
    add('cpu', DEFAULT_CPU_UTILIZATION);
    explained.push(`CPU at ${DEFAULT_CPU_UTILIZATION} % of the request (the HPA's default target)`);
  }
  return { metrics, explained };
}

function utilizationOf(
  metric: ScalingMetric,
  resources: { cpu: number; memory: number; memoryLimit: number },
): { value: number; text: string } | undefined {
  const percent = Number(metric.percent.toFixed(3));
  if (metric.resource === 'cpu') {
    if (resources.cpu <= 0) {
      return undefined;
    }
    const value = Math.round(metric.percent / resources.cpu);
    return {
      value,
      text: `CPU ${percent} % of one core ÷ the ${Number(resources.cpu.toFixed(3))}-CPU request → averageUtilization ${value} %`,
    };
  }
  if (resources.memory <= 0) {
    return undefined;
  }
  const ratio = resources.memoryLimit / resources.memory;
  const value = Math.round(metric.percent * ratio);
  return {
    value,
    text:
      ratio === 1
        ? `memory ${percent} % of the limit, which equals the request → averageUtilization ${value} %`
        : `memory ${percent} % of the limit × limit ÷ request ${Number(ratio.toFixed(3))} → averageUtilization ${value} %`,
  };
}

function rules(direction: ScalingDirection): HpaRules {
  return {
    stabilizationWindowSeconds: direction.stabilizationSeconds,
    ...(direction.steps.length > 0
      ? {
          policies: direction.steps.map((step) => ({
            type: step.type,
            value: step.value,
            periodSeconds: step.periodSeconds,
          })),
        }
      : {}),
  };
}

function directionText(direction: ScalingDirection): string {
  const steps = direction.steps.map(
    (step) => `at most ${step.value}${step.type === 'Percent' ? ' %' : ' pods'} per ${step.periodSeconds} s`,
  );
  return `after ${direction.stabilizationSeconds} s${steps.length > 0 ? `, ${steps.join(' or ')}` : ''}`;
}

/**
 * An autoscaler app is not emitted: on EKS it would poll DC/OS APIs that are not there and crash-loop. Its report
 * says where its rule went (the HPA on each target) or why it went nowhere; its scaling settings are `translated`
 * (they live on in the HPA), everything else `ignored`.
 */
export function autoscalerTranslation(
  definition: AppDefinition,
  estate: EstateContext,
  autoscaler: AutoscalerApp,
): Translation {
  const notes = new Notes();
  const scaled = autoscaler.targets.flatMap(({ id }) => {
    const target = estate.services.get(id);
    return target && estate.scalingOf(target)?.autoscalerId === definition.id ? [target] : [];
  });
  const hpas = scaled.filter((target) => !estate.scalingOf(target)?.unsupported);
  const names = hpas.map((target) => {
    const { namespace, name } = estate.identityOf(target);
    return `${namespace}/${name}`;
  });
  const what =
    hpas.length > 0
      ? `${autoscaler.tool} polled Marathon to scale ${hpas.map((t) => t.id).join(', ')}; on EKS the HorizontalPodAutoscaler ${names.join(', ')} does that`
      : autoscaler.tool === 'marathon-autoscaler (tendrilinc)'
        ? 'the tendrilinc marathon-autoscaler scaled the apps whose labels opt in (use_marathon_autoscaler); on EKS each of them gets a HorizontalPodAutoscaler from its labels'
        : `${autoscaler.tool} scaled nothing that an HPA can take over`;
  notes.ignored([], `not emitted: ${what}; on EKS it would poll DC/OS APIs that are not there`);
  if (hpas.length > 0) {
    for (const at of autoscaler.settings) {
      notes.translated(at, `lives on in the HorizontalPodAutoscaler ${names.join(', ')}`);
    }
  }
  const unsupported = scaled.map((target) => estate.scalingOf(target)?.unsupported).find((text) => text);
  const problems = [autoscaler.problem, unsupported].filter((text): text is string => typeof text === 'string');
  if (problems.length > 0) {
    notes.unsupported(autoscaler.targetAt, problems.join('; '));
  }
  for (const target of hpas) {
    if (!estate.isSelected(target)) {
      notes.remark(
        `${target.id} stays on DC/OS in this run (wave ${estate.waveOf(target.id)}): its HorizontalPodAutoscaler comes with it, so keep this autoscaler running on DC/OS until then`,
      );
    }
  }
  return { definition, objects: [], notes, secrets: [], nodeLabels: [], nodeTaints: [] };
}
