import { Definition } from '../marathon/load/definition';
import { MarathonApp } from '../marathon/model/app';
import { hasScalingLabels, isTendrilAutoscaler, labelScaling } from './autoscale-labels';
import { isMarathonAutoscale, marathonAutoscale } from './autoscale-marathon';
import { isMarathonLbAutoscale, marathonLbAutoscale } from './autoscale-mlb';
import { AutoscalerApp, TargetScaling } from './autoscale-rule';
import { definitionKey } from './definition-key';
import { PortInfo } from './ports';

/** Which definitions scaled others on DC/OS, and the rule each scaled workload gets, decided for the whole estate. */
export interface AutoscalingPlan {
  /** The rule that scales an app or pod (an HPA, unless it says `unsupported`); none for most. */
  scalingOf(definition: Definition): TargetScaling | undefined;
  /** What an autoscaler app scaled; such an app is not emitted. */
  autoscalerOf(definition: Definition): AutoscalerApp | undefined;
}

/** The estate's view the plan needs: apps and pods by Marathon id, and their ports. */
export interface AutoscalingInputs {
  readonly definitions: readonly Definition[];
  readonly services: ReadonlyMap<string, Definition>;
  readonly portsOf: (definition: Definition) => readonly PortInfo[];
}

/**
 * One pass over the estate: each app is checked once for the three autoscaler programs (its image, command and
 * variables), then each named target gets the rule. A target scaled by two autoscalers keeps the first one's (in
 * estate order); the other one's report says so. The labels convention and pods' `scaling` apply where no
 * autoscaler app named the workload.
 */
export function planAutoscaling(inputs: AutoscalingInputs): AutoscalingPlan {
  const autoscalers = new Map<string, AutoscalerApp>();
  const scalings = new Map<string, TargetScaling>();
  for (const definition of inputs.definitions) {
    if (definition.kind !== 'app') {
      continue;
    }
    const found = autoscalerApp(definition.spec);
    if (!found) {
      continue;
    }
    const { app, targetProblem } = withTargets(found, definition, inputs, scalings);
    autoscalers.set(definitionKey(definition), targetProblem ? { ...app, problem: targetProblem } : app);
  }
  for (const definition of inputs.definitions) {
    const key = definitionKey(definition);
    if (scalings.has(key) || autoscalers.has(key)) {
      continue;
    }
    if (definition.kind === 'app' && hasScalingLabels(definition.spec.labels)) {
      scalings.set(key, fromLabels(definition.spec));
    } else if (definition.kind === 'pod' && definition.spec.scaling.maxInstances !== undefined) {
      scalings.set(key, podScaling(definition.spec.scaling.instances, definition.spec.scaling.maxInstances));
    }
  }
  return {
    scalingOf: (definition) => scalings.get(definitionKey(definition)),
    autoscalerOf: (definition) => autoscalers.get(definitionKey(definition)),
  };
}

function autoscalerApp(app: MarathonApp): AutoscalerApp | undefined {
  if (isMarathonLbAutoscale(app)) {
    return marathonLbAutoscale(app);
  }
  if (isTendrilAutoscaler(app)) {
    return {
      tool: 'marathon-autoscaler (tendrilinc)',
      targets: [],
      settings: [],
      targetAt: [],
    };
  }
  return isMarathonAutoscale(app) ? marathonAutoscale(app) : undefined;
}

/** Gives each target found in the estate the autoscaler's rule; says which targets are missing. */
function withTargets(
  app: AutoscalerApp,
  definition: Definition,
  inputs: AutoscalingInputs,
  scalings: Map<string, TargetScaling>,
): { app: AutoscalerApp; targetProblem?: string } {
  const missing: string[] = [];
  const shared: string[] = [];
  for (const { id, servicePort } of app.targets) {
    const target = inputs.services.get(id);
    // Both programs read Marathon's /v2/apps: a pod of that id was never theirs to scale.
    if (!target || target.kind !== 'app') {
      missing.push(id);
      continue;
    }
    if (!app.scaling) {
      continue;
    }
    const key = definitionKey(target);
    const other = scalings.get(key);
    if (other) {
      shared.push(`${id} is also scaled by ${other.autoscalerId}, whose rule its HPA follows`);
      continue;
    }
    // This target's own: another target of the same autoscaler has its own ports.
    const approximations =
      servicePort !== undefined && !inputs.portsOf(target).some((port) => port.servicePort === servicePort)
        ? [
            `${id} has no service port ${servicePort}: marathon-lb had no frontend ${id.slice(1).replace(/\//g, '_')}_${servicePort}, so marathon-lb-autoscale saw no requests and held it at its minimum`,
          ]
        : [];
    scalings.set(key, {
      ...app.scaling,
      autoscalerId: definition.id,
      approximations: [...app.scaling.approximations, ...approximations],
    });
  }
  const problems = [
    ...(missing.length > 0
      ? [
          `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} no app of this estate: ${app.tool} polled Marathon for ${missing.length > 1 ? 'them' : 'it'} in vain and would crash-loop on EKS; convert ${missing.length > 1 ? 'those apps' : 'that app'} with it to get ${missing.length > 1 ? 'their' : 'its'} HPA`,
        ]
      : []),
    ...shared,
  ];
  const targetProblem = [app.problem, ...problems].filter((p) => p !== undefined).join('; ');
  return { app, ...(targetProblem !== '' ? { targetProblem } : {}) };
}

function fromLabels(app: MarathonApp): TargetScaling {
  const scaling = labelScaling(app.labels);
  if (typeof scaling !== 'string') {
    return scaling;
  }
  const keys = Object.keys(app.labels).filter(
    (key) => /^mas_rule_/.test(key) || /use_marathon_autoscaler|min_instances|max_instances/i.test(key),
  );
  return {
    convention: 'labels',
    min: 0,
    max: 0,
    metrics: [],
    approximations: [],
    unsupported: scaling,
    labelKeys: new Set(keys),
  };
}

/**
 * Marathon never scaled a pod by itself: `scaling.maxInstances` only capped how far it could be scaled (a `fixed`
 * scaling policy is the only kind Marathon knows). The HPA keeps that range and, with no measure to copy, the HPA's default target: 80 %
 * average CPU utilization (autoscaling/v2 HorizontalPodAutoscalerSpec.metrics), written out so it shows.
 */
function podScaling(instances: number, maxInstances: number): TargetScaling {
  const base = { convention: 'pod' as const, metrics: [], approximations: [] };
  if (maxInstances < Math.max(1, instances)) {
    return {
      ...base,
      min: instances,
      max: maxInstances,
      unsupported: `maxInstances ${maxInstances} is below ${instances < 1 ? 'the 1 replica an HPA keeps' : `instances ${instances}`}: no HorizontalPodAutoscaler can hold that range`,
    };
  }
  return {
    ...base,
    min: Math.max(1, instances),
    max: maxInstances,
    approximations: [
      'Marathon did not scale pods by itself (maxInstances only capped scaling); the HPA scales on CPU at 80 % of the requests, its own default target: set the target your pods need',
    ],
  };
}
