import { MarathonApp } from '../marathon/model/app';
import { StringMap } from '../marathon/model/common';
import { imageOf } from './autoscale-cli';
import {
  MAX_PERIOD_SECONDS,
  MAX_STABILIZATION_SECONDS,
  ScalingDirection,
  ScalingMetric,
  TargetScaling,
} from './autoscale-rule';

/**
 * tendrilinc/marathon-autoscaler, read at 0fc7e8a (master): one autoscaler app polls every Marathon app and scales
 * those whose labels opt in (lib/marathon_autoscaler/application_definition.py `is_app_participating`: a label
 * whose key contains `use_marathon_autoscaler`, its value one of true, t, yes, y, 1 or the autoscaler's version
 * 0.0.3, constants.py). rules_manager.py `_find_autoscaler_rules`: a key matching `^mas_rule_<name>[_<part>]` (the
 * prefix is `--rules-prefix`, default mas_rule, settings.py) is a rule part `metric | <op><value> | tolerance |
 * scale_factor | backoff [| weight]` (split on whitespace , | /); otherwise a key containing `max_instances` /
 * `min_instances` is the bound. Parts of one name must all match (and). Metrics: `cpu` (percent of one core) and
 * `mem` (percent of the memory limit), poller.py; a rule metric matches a measure whose name contains it. A
 * matched rule scales by scale_factor instances (scaler.py, clamped to the bounds) once its votes were unanimous for
 * `tolerance` and no change of that direction happened within `backoff` (history_manager.py; ISO 8601 durations).
 */
export const LABELS_SOURCE = 'tendrilinc/marathon-autoscaler@0fc7e8a:lib/marathon_autoscaler/rules_manager.py';

const TRUTHINESS = ['true', 't', 'yes', 'y', '1'];
const VERSION = '0.0.3';
const RULE = /^mas_rule_([A-Za-z0-9]+)_?([A-Za-z0-9]+)*/;
const THRESHOLD = /([=><]{1,2})\s*([+-]?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)/;

/**
 * The tendrilinc autoscaler's own image: Docker Hub tendril/marathon-autoscaler (README), or the one its README builds
 * and pushes as `{{registry_url}}/marathon_autoscaler:latest` (scripts/data/marathon_autoscaler_app.json).
 */
const IMAGE = /(^|\/)(tendril\/marathon-autoscaler|marathon_autoscaler)([:@]|$)/;

export function isTendrilAutoscaler(app: MarathonApp): boolean {
  return IMAGE.test(imageOf(app));
}

/** Whether an app's labels opt it into the tendrilinc autoscaler (any value: a falsy one is reported too). */
export function hasScalingLabels(labels: StringMap): boolean {
  return Object.keys(labels).some((key) => key.includes('use_marathon_autoscaler'));
}

interface RulePart {
  readonly key: string;
  readonly name: string;
  readonly metric: string;
  readonly op: string;
  readonly value: number;
  readonly tolerance: number;
  readonly factor: number;
  readonly backoff: number;
}

/** The rule the labels of an app describe, or why the autoscaler would not scale it. */
export function labelScaling(labels: StringMap): TargetScaling | string {
  const keys = Object.keys(labels).sort();
  const use = keys.find((key) => key.includes('use_marathon_autoscaler')) as string;
  const labelKeys = new Set<string>([use]);
  const participating = TRUTHINESS.includes(labels[use].toLowerCase()) || labels[use] === VERSION;
  const parts: RulePart[] = [];
  const ignoredParts: string[] = [];
  let min: number | undefined;
  let max: number | undefined;
  for (const key of keys) {
    const match = RULE.exec(key);
    if (match) {
      labelKeys.add(key);
      const part = rulePart(key, match[1], labels[key]);
      if (typeof part === 'string') {
        ignoredParts.push(part);
      } else {
        parts.push(part);
      }
    } else if (key.toLowerCase().includes('max_instances')) {
      labelKeys.add(key);
      max = integer(labels[key]);
    } else if (key.toLowerCase().includes('min_instances')) {
      labelKeys.add(key);
      min = integer(labels[key]);
    }
  }
  if (!participating) {
    return `${use}=${labels[use]} is neither true, t, yes, y, 1 nor the autoscaler's version ${VERSION}: the app did not take part (${LABELS_SOURCE.replace('rules_manager.py', 'application_definition.py')})`;
  }
  if (min === undefined || max === undefined) {
    return `use_marathon_autoscaler without integer min_instances and max_instances labels: the autoscaler fails on this app (rules_manager.py is_app_within_min_or_max) and never scaled it`;
  }
  if (min > max) {
    return `min_instances ${min} exceeds max_instances ${max}: no HorizontalPodAutoscaler can hold that range`;
  }
  return rulesScaling({ min, max, parts, ignoredParts, labelKeys });
}

function rulesScaling(read: {
  min: number;
  max: number;
  parts: readonly RulePart[];
  ignoredParts: readonly string[];
  labelKeys: ReadonlySet<string>;
}): TargetScaling {
  const { min, max, parts, ignoredParts, labelKeys } = read;
  const approximations = [...ignoredParts];
  const metrics: ScalingMetric[] = [];
  for (const [metric, resource] of [
    ['cpu', 'cpu'],
    ['mem', 'memory'],
  ] as const) {
    const ups = parts.filter((p) => p.metric === metric && p.factor > 0 && p.op.includes('>')).map((p) => p.value);
    const downs = parts.filter((p) => p.metric === metric && p.factor < 0 && p.op.includes('<')).map((p) => p.value);
    if (ups.length > 0 || downs.length > 0) {
      const up = ups.length > 0 ? Math.min(...ups) : undefined;
      const down = downs.length > 0 ? Math.max(...downs) : undefined;
      const percent = up !== undefined && down !== undefined ? (up + down) / 2 : ((up ?? down) as number);
      metrics.push({ resource, percent });
    }
  }
  const names = new Set(parts.map((p) => p.name));
  if ([...names].some((name) => new Set(parts.filter((p) => p.name === name).map((p) => p.metric)).size > 1)) {
    approximations.push(
      'a rule whose parts name cpu and mem acted only when both matched; an HPA follows whichever metric asks for more replicas',
    );
  }
  approximations.push(
    'the rules scaled by fixed steps past thresholds; the HPA aims at the midpoint of the lowest scale-up and the highest scale-down threshold of each metric, with the rules’ tolerance as stabilization window and their steps per backoff as policies',
  );
  if (metrics.length === 0) {
    approximations.push('no rule on cpu or mem: the HPA scales on CPU at 80 % of the requests, its own default target');
  }
  const direction = (sign: 1 | -1): ScalingDirection | undefined => {
    const rules = parts.filter((p) => Math.sign(p.factor) === sign);
    if (rules.length === 0) {
      return undefined;
    }
    // The first part of each rule carries its tolerance, factor and backoff (README "Scaling Rules").
    const firsts = [...new Set(rules.map((p) => p.name))].map((name) => rules.find((p) => p.name === name) as RulePart);
    return {
      stabilizationSeconds: Math.min(MAX_STABILIZATION_SECONDS, ...firsts.map((p) => p.tolerance)),
      steps: firsts.map((p) => ({
        type: 'Pods' as const,
        value: Math.abs(p.factor),
        periodSeconds: Math.min(MAX_PERIOD_SECONDS, Math.max(1, p.backoff)),
      })),
    };
  };
  const up = direction(1);
  const down = direction(-1);
  return {
    convention: 'labels',
    min: Math.max(1, min),
    max,
    metrics,
    ...(metrics.length > 1 ? { combine: 'or' as const } : {}),
    ...(up ? { up } : {}),
    ...(down ? { down } : {}),
    approximations:
      min < 1 ? [...approximations, `min_instances ${min}: an HPA keeps at least 1 replica`] : approximations,
    labelKeys,
  };
}

/** One `mas_rule_*` label, or why the autoscaler disregards it. */
function rulePart(key: string, name: string, value: string): RulePart | string {
  const fields = value.split(/[\s,|/]+/).filter((field) => field !== '');
  if (fields.length < 5) {
    return `${key}: fewer than 5 fields, which the autoscaler disregards`;
  }
  const [metric, threshold, tolerance, factor, backoff] = fields;
  const parsed = THRESHOLD.exec(threshold);
  const step = /^[+-]?\d+$/.test(factor) ? Number(factor) : undefined;
  if (!parsed || step === undefined) {
    return `${key}: threshold or scale factor unreadable, the autoscaler fails on it`;
  }
  if (metric !== 'cpu' && metric !== 'mem') {
    return `${key}: metric ${metric} matches neither of the autoscaler's measures (cpu, mem), so the rule never fired`;
  }
  return {
    key,
    name,
    metric,
    op: parsed[1],
    value: Number(parsed[2]),
    tolerance: isoSeconds(tolerance),
    factor: step,
    backoff: isoSeconds(backoff),
  };
}

/** An ISO 8601 duration (PnDTnHnMnS) in seconds; unparseable is 0, as `get_timedelta` answers. */
function isoSeconds(duration: string): number {
  const match = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
    duration,
  );
  if (!match) {
    return 0;
  }
  const [, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  return Math.round(days * 86400 + hours * 3600 + minutes * 60 + seconds);
}

function integer(value: string): number | undefined {
  return /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : undefined;
}
