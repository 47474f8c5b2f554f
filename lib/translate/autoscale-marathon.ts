import { JsonPath } from '../util/json-path';
import { MarathonApp } from '../marathon/model/app';
import { CliSetting, cliOptions, commandText, hpaSeconds, imageOf, integerOf, numberOf } from './autoscale-cli';
import {
  AutoscalerApp,
  MAX_PERIOD_SECONDS,
  MAX_STABILIZATION_SECONDS,
  ScalingDirection,
  ScalingMetric,
  TargetScaling,
} from './autoscale-rule';

/**
 * mesosphere/marathon-autoscale, read at 8949324 (master): `marathon_autoscaler.py` takes every setting from an
 * `AS_*` variable or its command-line option (`env_or_req`: a non-empty variable is the option's default, else the
 * option is required, so an empty variable counts as missing and the tool exits at start). Modes: `cpu` / `mem` /
 * `and` / `or` / `sqs` (`MODES`). Every `AS_INTERVAL` seconds it measures; `AS_SCALE_UP_FACTOR` consecutive
 * measurements above `AS_MAX_RANGE` scale up to ceil(instances × `AS_AUTOSCALE_MULTIPLIER`) (at most
 * `AS_MAX_INSTANCES`), `AS_COOL_DOWN_FACTOR` consecutive ones below `AS_MIN_RANGE` scale down to
 * floor(instances ÷ multiplier) (at least `AS_MIN_INSTANCES`); each counter restarts after it acts (`autoscale`,
 * `scale_app`). CPU is percent of ONE core (autoscaler/modes/scalecpu.py: cpu time delta ÷ wall time × 100), memory
 * percent of the task's memory limit (scalemem.py: mem_rss_bytes ÷ mem_limit_bytes × 100).
 */
export const MARATHON_AUTOSCALE_SOURCE = 'mesosphere/marathon-autoscale@8949324:marathon_autoscaler.py';

/** Option of each variable (`parse_arguments`); spelled with dashes or underscores exactly as there. */
const OPTIONS: Readonly<Record<string, string>> = {
  AS_DCOS_MASTER: '--dcos-master',
  AS_TRIGGER_MODE: '--trigger_mode',
  AS_AUTOSCALE_MULTIPLIER: '--autoscale_multiplier',
  AS_MAX_INSTANCES: '--max_instances',
  AS_MARATHON_APP: '--marathon-app',
  AS_MIN_INSTANCES: '--min_instances',
  AS_COOL_DOWN_FACTOR: '--cool_down_factor',
  AS_SCALE_UP_FACTOR: '--scale_up_factor',
  AS_INTERVAL: '--interval',
  AS_MIN_RANGE: '--min_range',
  AS_MAX_RANGE: '--max_range',
};

/** The settings the HPA carries on (the rest, credentials and the DC/OS address, have no use on EKS). */
const RULE_SETTINGS = [
  'AS_MARATHON_APP',
  'AS_TRIGGER_MODE',
  'AS_MIN_INSTANCES',
  'AS_MAX_INSTANCES',
  'AS_AUTOSCALE_MULTIPLIER',
  'AS_SCALE_UP_FACTOR',
  'AS_COOL_DOWN_FACTOR',
  'AS_INTERVAL',
  'AS_MIN_RANGE',
  'AS_MAX_RANGE',
] as const;

// The Dockerfile's image (README: mesosphere/marathon-autoscale), the universe package's
// (repo/packages/M/marathon-autoscaler/0/resource.json: mesosphere/marathon-autoscaler) and the examples'
// (marathon_definitions/autoscale_examples: adamiezzi/marathon-autoscale).
const IMAGE = /(^|\/)(mesosphere\/marathon-autoscaler?|adamiezzi\/marathon-autoscale)([:@]|$)/;

/** An app running marathon-autoscale: its image, its script, or its `AS_MARATHON_APP` variable. */
export function isMarathonAutoscale(app: MarathonApp): boolean {
  return (
    IMAGE.test(imageOf(app)) || 'AS_MARATHON_APP' in app.env || commandText(app).includes('marathon_autoscaler.py')
  );
}

/** What a marathon-autoscale app scales and how. */
export function marathonAutoscale(app: MarathonApp): AutoscalerApp {
  const settings = readSettings(app);
  const value = (name: string) => settings.get(name)?.value;
  const used = RULE_SETTINGS.flatMap((name) => (settings.has(name) ? [settings.get(name)?.at as JsonPath] : []));
  const rawTarget = value('AS_MARATHON_APP');
  const targetAt = settings.get('AS_MARATHON_APP')?.at ?? ['env', 'AS_MARATHON_APP'];
  const base = { tool: 'marathon-autoscale' as const, settings: used, targetAt };
  if (rawTarget === undefined || rawTarget.trim() === '') {
    return {
      ...base,
      targets: [],
      problem: `AS_MARATHON_APP is ${rawTarget === undefined ? 'missing' : 'empty'}: marathon-autoscale exits at start (--marathon-app is required, ${MARATHON_AUTOSCALE_SOURCE} env_or_req) and scaled no app`,
    };
  }
  // `app_name = '/' + app_name` unless it starts with '/'.
  const id = rawTarget.startsWith('/') ? rawTarget : `/${rawTarget}`;
  const targets = [{ id }];
  const rule = marathonAutoscaleRule(value);
  return typeof rule === 'string' ? { ...base, targets, problem: rule } : { ...base, targets, scaling: rule };
}

/** Each variable's value and leaf; a command-line option overrides its variable (argparse: the env is the default). */
function readSettings(app: MarathonApp): Map<string, CliSetting> {
  const settings = new Map<string, CliSetting>();
  for (const name of Object.keys(OPTIONS)) {
    const value = app.env[name];
    // `os.environ.get(key)` is falsy for "": the option is then required.
    if (typeof value === 'string' && value !== '') {
      settings.set(name, { value, at: ['env', name] });
    }
  }
  const byOption = new Map(Object.entries(OPTIONS).map(([name, option]) => [option, name]));
  for (const [option, setting] of cliOptions(app, new Set(byOption.keys()))) {
    settings.set(byOption.get(option) as string, setting);
  }
  if (!settings.has('AS_MARATHON_APP') && app.env.AS_MARATHON_APP === '') {
    settings.set('AS_MARATHON_APP', { value: '', at: ['env', 'AS_MARATHON_APP'] });
  }
  return settings;
}

/** The rule, or why the tool would not have run with these settings. */
function marathonAutoscaleRule(value: (name: string) => string | undefined): TargetScaling | string {
  const mode = value('AS_TRIGGER_MODE');
  const min = integerOf(value('AS_MIN_INSTANCES'));
  const max = integerOf(value('AS_MAX_INSTANCES'));
  const multiplier = numberOf(value('AS_AUTOSCALE_MULTIPLIER'));
  const upFactor = integerOf(value('AS_SCALE_UP_FACTOR'));
  const downFactor = integerOf(value('AS_COOL_DOWN_FACTOR'));
  const interval = integerOf(value('AS_INTERVAL'));
  const minRange = ranges(value('AS_MIN_RANGE'));
  const maxRange = ranges(value('AS_MAX_RANGE'));
  const missing = [
    ['AS_TRIGGER_MODE', mode],
    ['AS_MIN_INSTANCES', min],
    ['AS_MAX_INSTANCES', max],
    ['AS_AUTOSCALE_MULTIPLIER', multiplier],
    ['AS_SCALE_UP_FACTOR', upFactor],
    ['AS_COOL_DOWN_FACTOR', downFactor],
    ['AS_INTERVAL', interval],
    ['AS_MIN_RANGE', minRange],
    ['AS_MAX_RANGE', maxRange],
  ].flatMap(([name, parsed]) => (parsed === undefined ? [name as string] : []));
  if (missing.length > 0) {
    return `${missing.join(', ')} missing or not a number: marathon-autoscale exits at start (${MARATHON_AUTOSCALE_SOURCE} parse_arguments) and scaled nothing`;
  }
  const [lowest, highest, factor, up, down, every, low, high] = [
    min,
    max,
    multiplier,
    upFactor,
    downFactor,
    interval,
    minRange,
    maxRange,
  ] as [number, number, number, number, number, number, number[], number[]];
  if (!['cpu', 'mem', 'and', 'or', 'sqs'].includes(mode as string)) {
    return `AS_TRIGGER_MODE ${mode} is none of cpu, mem, and, or, sqs: marathon-autoscale exits at start ("Scale mode is not found.")`;
  }
  const both = mode === 'and' || mode === 'or';
  if (both && (low.length < 2 || high.length < 2)) {
    return `AS_TRIGGER_MODE ${mode} needs two comma-separated values (cpu,mem) in AS_MIN_RANGE and AS_MAX_RANGE: marathon-autoscale exits at start (autoscaler/modes/scalecpuandmem.py)`;
  }
  if (lowest > highest) {
    return `AS_MIN_INSTANCES ${lowest} exceeds AS_MAX_INSTANCES ${highest}: no HorizontalPodAutoscaler can hold that range`;
  }
  const approximations: string[] = [
    `marathon-autoscale kept the measure between AS_MIN_RANGE and AS_MAX_RANGE; the HPA aims at their midpoint and acts beyond its tolerance (10 % by default)`,
  ];
  if (lowest < 1) {
    approximations.push(`AS_MIN_INSTANCES ${lowest}: an HPA keeps at least 1 replica`);
  }
  const midpoint = (index: number) => (low[index] + high[index]) / 2;
  const metrics: ScalingMetric[] =
    mode === 'cpu'
      ? [{ resource: 'cpu', percent: midpoint(0) }]
      : mode === 'mem'
        ? [{ resource: 'memory', percent: midpoint(0) }]
        : both
          ? [
              { resource: 'cpu', percent: midpoint(0) },
              { resource: 'memory', percent: midpoint(1) },
            ]
          : [];
  if (both) {
    approximations.push(
      mode === 'and'
        ? 'AS_TRIGGER_MODE and scaled only when CPU and memory agreed; an HPA follows whichever metric asks for more replicas (the or of both)'
        : 'AS_TRIGGER_MODE or: an HPA also follows whichever metric asks for more replicas, though marathon-autoscale let a metric below its range win over one above it (direction -1 | 1 = -1)',
    );
    // scalecpuandmem.py and scalebycpuormem.py build their cpu and mem modes as `(api_client, app, dimension=…)`,
    // which lands the app in `agent_stats`: each measurement raises, run() logs it, and nothing is scaled.
    approximations.push(
      `at 8949324 marathon-autoscale's ${mode} mode passes the app where its cpu and mem modes expect agent_stats (autoscaler/modes/${mode === 'and' ? 'scalecpuandmem' : 'scalebycpuormem'}.py), so on DC/OS it failed at every interval and never scaled; the HPA does what the mode was meant to do`,
    );
  }
  const scaling = {
    convention: 'marathon-autoscale' as const,
    tool: 'marathon-autoscale' as const,
    min: Math.max(1, lowest),
    max: highest,
    metrics,
    ...(both ? { combine: mode as 'and' | 'or' } : {}),
  };
  const behavior = marathonAutoscaleBehavior({ factor, up, down, every }, approximations);
  if (mode === 'sqs') {
    return {
      ...scaling,
      ...behavior,
      approximations,
      unsupported: `AS_TRIGGER_MODE sqs scaled on the SQS queue's ApproximateNumberOfMessages (AS_QUEUE_URL; autoscaler/modes/scalesqs.py), which no HorizontalPodAutoscaler can read without an external-metrics adapter, so no HPA is made and the replicas stay fixed: install KEDA and add a ScaledObject (keda.sh/v1alpha1) on this workload with minReplicaCount ${Math.max(1, lowest)}, maxReplicaCount ${highest} and a trigger of type aws-sqs-queue, metadata queueURL (the AS_QUEUE_URL), queueLength (messages one replica handles: marathon-autoscale kept the queue between ${low[0]} and ${high[0]} messages in all) and awsRegion (https://keda.sh/docs/2.15/scalers/aws-sqs/)`,
    };
  }
  return { ...scaling, ...behavior, approximations };
}

/**
 * marathon-autoscale acts after N consecutive intervals beyond the range and then counts again from zero: the
 * stabilization window (the HPA acts on the mildest recommendation of the window) is N × interval, and one step of
 * the multiplier per N × interval is the rate limit (Percent policy: +(multiplier − 1) up, −(1 − 1/multiplier) down,
 * rounded up to whole percents).
 */
function marathonAutoscaleBehavior(
  settings: { factor: number; up: number; down: number; every: number },
  approximations: string[],
): { up?: ScalingDirection; down?: ScalingDirection } {
  const { factor, up, down, every } = settings;
  if (factor <= 1) {
    approximations.push(
      `AS_AUTOSCALE_MULTIPLIER ${factor} is not above 1: marathon-autoscale could not change the instance count by it; the HPA keeps its default scaling rates`,
    );
    return {};
  }
  const direction = (cycles: number, percent: number, name: string): ScalingDirection => {
    const window = hpaSeconds(cycles * every, MAX_STABILIZATION_SECONDS);
    const period = hpaSeconds(cycles * every, MAX_PERIOD_SECONDS);
    if (window.capped || period.capped) {
      approximations.push(
        `${name} × AS_INTERVAL = ${cycles * every} s exceeds what an HPA holds (stabilization ≤ ${MAX_STABILIZATION_SECONDS} s, policy period ≤ ${MAX_PERIOD_SECONDS} s)`,
      );
    }
    return {
      stabilizationSeconds: window.seconds,
      steps: [{ type: 'Percent', value: percent, periodSeconds: Math.max(1, period.seconds) }],
    };
  };
  return {
    up: direction(up, Math.ceil(Number(((factor - 1) * 100).toFixed(6))), 'AS_SCALE_UP_FACTOR'),
    down: direction(down, Math.ceil(Number(((1 - 1 / factor) * 100).toFixed(6))), 'AS_COOL_DOWN_FACTOR'),
  };
}

/** `[float(i) for i in args.min_range.split(',')]`: undefined when one of them is not a number. */
function ranges(value: string | undefined): number[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  const numbers = value.split(',').map(numberOf);
  return numbers.every((n) => n !== undefined) ? (numbers as number[]) : undefined;
}
