import { JsonPath } from '../util/json-path';
import { MarathonApp } from '../marathon/model/app';
import { cliOptions, commandText, hpaSeconds, imageOf, integerOf, numberOf } from './autoscale-cli';
import { AutoscalerApp, MAX_STABILIZATION_SECONDS, TargetScaling } from './autoscale-rule';

/**
 * mesosphere/marathon-lb-autoscale, read at dfb0aa2 (master): `autoscale.rb` samples HAProxy's frontend
 * `<app>_<servicePort>` (rate + qcur) every `--interval` seconds (default 60), averages the last `--samples` (10),
 * and wants ceil(average ÷ `--target-rps` (1000)) instances, held to `--min-instances` (1) and `--max-instances`
 * (Integer::MAX, "a huge number"). It scales once the wish differs by `--threshold-percent` (0.5) of the target rate
 * or `--threshold-instances` (3) instances for 3 consecutive intervals (`intervals_past_threshold`, no option), not
 * sooner than (`--cooldown` (5) + samples) × interval after its last change, straight to the wish. `--apps` names
 * each frontend as the app id without its leading "/", "/" → "_", then "_<servicePort>" (`update_current_marathon_
 * instances`, `build_scaling_list`); several frontends of one app scale it to the largest wish.
 */
export const MARATHON_LB_AUTOSCALE_SOURCE = 'mesosphere/marathon-lb-autoscale@dfb0aa2:autoscale.rb';

const DEFAULTS = { interval: 60, samples: 10, cooldown: 5, targetRps: 1000, minInstances: 1 } as const;
const INTERVALS_PAST_THRESHOLD = 3;
// Integer::MAX in autoscale.rb is far beyond an HPA's int32 maxReplicas: the largest an HPA holds stands for it.
const HPA_MAX_REPLICAS = 2147483647;

const OPTIONS = [
  '--apps',
  '--target-rps',
  '--min-instances',
  '--max-instances',
  '--interval',
  '--samples',
  '--cooldown',
  '--threshold-percent',
  '--threshold-instances',
];

// The README's and marathon-lb-autoscale.json's image; the DC/OS docs' scaling tutorial runs the author's.
const IMAGE = /(^|\/)(mesosphere|brndnmtthws)\/marathon-lb-autoscale([:@]|$)/;

/** An app running marathon-lb-autoscale: its image, or `autoscale.rb` with `--apps`. */
export function isMarathonLbAutoscale(app: MarathonApp): boolean {
  const command = commandText(app);
  return IMAGE.test(imageOf(app)) || (command.includes('autoscale.rb') && command.includes('--apps'));
}

/** What a marathon-lb-autoscale app scales and how. */
export function marathonLbAutoscale(app: MarathonApp): AutoscalerApp {
  const options = cliOptions(app, new Set(OPTIONS));
  const value = (name: string) => options.get(name)?.value;
  const settings = OPTIONS.flatMap((name) => (options.has(name) ? [options.get(name)?.at as JsonPath] : []));
  const apps = options.get('--apps');
  const targetAt = apps?.at ?? (app.args !== undefined ? ['args'] : ['cmd']);
  const base = { tool: 'marathon-lb-autoscale' as const, settings, targetAt };
  // OptionParser's `--apps [APPS]`: comma-separated `<app>_<service port>`; `(.*)_\d+$` splits them.
  const targets = (apps?.value ?? '')
    .split(',')
    .filter((frontend) => frontend !== '')
    .flatMap((frontend) => {
      const match = /^(.*)_(\d+)$/.exec(frontend);
      return match ? [{ id: `/${match[1].replace(/_/g, '/')}`, servicePort: Number(match[2]) }] : [];
    });
  if (targets.length === 0) {
    return {
      ...base,
      targets,
      problem: `--apps names no <app>_<servicePort> frontend${apps ? ` (${apps.value})` : ''}: marathon-lb-autoscale scaled nothing`,
    };
  }
  const number = (name: string, fallback: number, parse = integerOf) =>
    options.has(name) ? parse(value(name)) : fallback;
  const rps = number('--target-rps', DEFAULTS.targetRps);
  const min = number('--min-instances', DEFAULTS.minInstances);
  const max = number('--max-instances', HPA_MAX_REPLICAS);
  const interval = number('--interval', DEFAULTS.interval, numberOf);
  const samples = number('--samples', DEFAULTS.samples);
  const cooldown = number('--cooldown', DEFAULTS.cooldown);
  const malformed = [
    ['--target-rps', rps],
    ['--min-instances', min],
    ['--max-instances', max],
    ['--interval', interval],
    ['--samples', samples],
    ['--cooldown', cooldown],
  ].flatMap(([name, parsed]) => (parsed === undefined ? [name as string] : []));
  if (malformed.length > 0) {
    return {
      ...base,
      targets,
      problem: `${malformed.join(', ')} not a number: marathon-lb-autoscale exits at start (${MARATHON_LB_AUTOSCALE_SOURCE} Optparser)`,
    };
  }
  const [lowest, highest, every, kept, rest] = [min, max, interval, samples, cooldown] as number[];
  if (Math.max(1, lowest) > Math.min(highest, HPA_MAX_REPLICAS)) {
    return {
      ...base,
      targets,
      problem: `--min-instances ${lowest} exceeds --max-instances ${highest}: no HorizontalPodAutoscaler can hold that range`,
    };
  }
  const window = hpaSeconds(every * INTERVALS_PAST_THRESHOLD, MAX_STABILIZATION_SECONDS);
  const approximations = [
    `marathon-lb-autoscale scaled to ceil(requests per second ÷ --target-rps ${rps}) from marathon-lb's HAProxy; no request-rate metric exists on EKS without an adapter, so the HPA scales on CPU (80 % of the requests, the HPA's own default target) until you replace it`,
    `it waited ${INTERVALS_PAST_THRESHOLD} intervals of ${every} s beyond its thresholds (the HPA's stabilization window, ${window.seconds} s${window.capped ? `, capped at ${MAX_STABILIZATION_SECONDS} s` : ''}) and (--cooldown ${rest} + --samples ${kept}) × ${every} s = ${(rest + kept) * every} s after each change, which an HPA cannot hold: it keeps its default rates`,
    ...(options.has('--max-instances')
      ? []
      : [
          `no --max-instances: marathon-lb-autoscale had no ceiling, so maxReplicas is ${HPA_MAX_REPLICAS}, the largest an HPA holds: set a real one`,
        ]),
    ...(lowest < 1 ? [`--min-instances ${lowest}: an HPA keeps at least 1 replica`] : []),
  ];
  const scaling: TargetScaling = {
    convention: 'marathon-lb-autoscale',
    tool: 'marathon-lb-autoscale',
    min: Math.max(1, lowest),
    max: Math.min(highest, HPA_MAX_REPLICAS),
    metrics: [],
    up: { stabilizationSeconds: window.seconds, steps: [] },
    down: { stabilizationSeconds: window.seconds, steps: [] },
    approximations,
    recipe: requestRateRecipe(rps as number),
  };
  return { ...base, targets, scaling };
}

/** How to get what marathon-lb-autoscale did, request-rate scaling, on EKS (checked against the cited pages). */
export function requestRateRecipe(targetRps: number): string {
  return [
    `to scale on requests per second as marathon-lb-autoscale did (--target-rps ${targetRps}), install KEDA and replace this HPA by a ScaledObject (keda.sh/v1alpha1; annotation scaledobject.keda.sh/transfer-hpa-ownership "true" takes it over) with an aws-cloudwatch trigger:`,
    `namespace AWS/ApplicationELB, metricName RequestCountPerTarget, dimensionName TargetGroup, dimensionValue the target group of this workload's Ingress, metricStat Sum, metricStatPeriod 60, targetMetricValue ${targetRps * 60} (requests per target per minute), awsRegion, and the trigger's metricType Value: RequestCountPerTarget is already per target, and the default AverageValue would divide it by the replicas again (kedacore/keda-docs@a55c5d3 content/docs/2.15/reference/scaledobject-spec.md, triggers metricType)`,
    '(https://keda.sh/docs/2.15/scalers/aws-cloudwatch/, https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html);',
    'or serve the rate from Prometheus through prometheus-adapter as an External or Pods metric',
  ].join(' ');
}
