import { Duration } from 'aws-cdk-lib';
import { AlertReceiver, NULL_RECEIVER } from './alert-receivers';

/*
 * How Alertmanager v0.33.1 (the image kube-prometheus-stack 88.2.0 deploys, values.yaml:1021) approximates "tell this
 * receiver if the alert is still firing after N minutes". It has no matcher on an alert's age, so a delayed step is a
 * route of its own whose first flush is N after the alert reaches it (prometheus/alertmanager@v0.33.1):
 *
 * - Every matching route gets the alert (dispatch/route.go:160-183, `continue: true` on every step), and each route
 *   keeps its own aggregation groups, keyed by the route and the `group_by` labels (dispatch/dispatch.go:433-457).
 * - A new group's first flush is `group_wait` after its creation (dispatch.go:660), later ones every
 *   `group_interval` (dispatch.go:709). A delayed step's route has `group_wait: N` and `group_by: ['...']`
 *   (config/config.go:908-911, GroupByAll): every alert is its own group, so it is never a late member of a group
 *   created by another alert, which would be sent at that group's next `group_interval` tick instead of N after it.
 * - At the flush, the DedupStage (notify/dedup_stage.go:52-96) sends an alert the receiver was never told of only if
 *   it is firing: an alert that resolved before N reaches nobody on that route, and the group is then destroyed
 *   (dispatch.go:813-833).
 *
 * Where that differs from "still firing after N", all in docs/alerting.md: N counts from the alert reaching
 * Alertmanager, i.e. from its rule firing (after the rule's `for`; Prometheus sends `StartsAt: FiredAt`,
 * rules/manager.go:478 at v3.13.2), plus the rule's evaluation interval; an alert that resolves and fires again
 * while its delayed group still waits is sent at the original N (it joins the group, dispatch.go:449-456); every
 * restart or configuration reload (cmd/alertmanager/main.go:545, a new dispatcher) recreates the groups, and a
 * recreated group waits a full N again unless the alert's StartsAt is already more than N ago, in which case it
 * flushes at once (dispatch.go:543-552) and the notification log, kept on disk, stops a second notification.
 */

/** The root route's grouping and timers: `bySeverity` and the at-once steps inherit them. */
const ROOT_TIMERS = {
  group_by: ['namespace', 'alertname'],
  group_wait: '30s',
  group_interval: '5m',
  repeat_interval: '12h',
} as const;
const GROUP_INTERVAL_MINUTES = 5;
/**
 * Alertmanager's `--data.retention`: the operator passes `alertmanagerSpec.retention`, 120h in kube-prometheus-stack
 * 88.2.0 (values.yaml:1121). Its notification log forgets what it sent after that, so Alertmanager warns of a
 * repeat_interval beyond it (cmd/alertmanager/main.go:558-568); a step is held to it too.
 */
const DATA_RETENTION_MINUTES = 120 * 60;

/** One step of an escalation: who is told, and how long the alert must have been firing first. */
export interface EscalationStep {
  /**
   * Who is told. Naming a receiver here registers it with Alertmanager (its credential is mounted like those of
   * `alertReceivers`); listing it in `alertReceivers` as well is allowed.
   */
  readonly receiver: AlertReceiver;
  /**
   * How long the alert must have been firing before this receiver is told: 0, or whole minutes from one minute to
   * 120 hours (Alertmanager's data retention). It counts from the alert reaching Alertmanager, i.e. from the rule
   * firing (after its `for`), and an alert that resolved before then never reaches this receiver.
   * @default Duration.seconds(0): at once (after the root route's 30 s `group_wait`)
   */
  readonly after?: Duration;
  /**
   * The alert severities (the `severity` label) this step sends; within the receiver's own `severities`, if it has any.
   * @default the receiver's `severities`, else every alert
   */
  readonly severities?: readonly string[];
  /**
   * How often this receiver is reminded of an alert that is still firing: whole minutes from `group_interval` (5m) to
   * 120 hours.
   * @default 12 hours, the root route's `repeat_interval`
   */
  readonly repeatInterval?: Duration;
}

/** How alerts reach the receivers. */
export class AlertRouting {
  /** Every receiver is told at once of the alerts of its severities. */
  static bySeverity(): AlertRouting {
    return new AlertRouting(undefined);
  }

  /**
   * Receivers told one after another while an alert keeps firing, e.g. Slack at once, e-mail after 15 minutes,
   * PagerDuty after an hour for critical alerts only. Steps are listed in the order they notify.
   */
  static escalation(steps: readonly EscalationStep[]): AlertRouting {
    return new AlertRouting([...steps]);
  }

  private constructor(
    /** The escalation's steps; none for `bySeverity`. */
    readonly steps: readonly EscalationStep[] | undefined,
  ) {}

  /** Every receiver Alertmanager must know: `alertReceivers`, then the steps' receivers that are not among them. */
  receivers(alertReceivers: readonly AlertReceiver[]): AlertReceiver[] {
    const all = [...alertReceivers];
    for (const { receiver } of this.steps ?? []) {
      if (!all.includes(receiver)) {
        all.push(receiver);
      }
    }
    return all;
  }

  /** What synth reports of the steps, given the `alertReceivers` beside them. */
  problems(alertReceivers: readonly AlertReceiver[]): string[] {
    const steps = this.steps;
    if (steps === undefined) {
      return [];
    }
    if (steps.length === 0) {
      return ['alertRouting.escalation has no steps: give it at least one, or use AlertRouting.bySeverity()'];
    }
    const problems: string[] = [];
    const named = (i: number) => `escalation step ${i + 1} (${JSON.stringify(steps[i].receiver.name)})`;
    steps.forEach((step, i) => {
      problems.push(
        ...durationProblems(named(i), 'after', step.after, { min: 1, max: DATA_RETENTION_MINUTES, zero: true }),
      );
      problems.push(
        ...durationProblems(named(i), 'repeatInterval', step.repeatInterval, {
          min: GROUP_INTERVAL_MINUTES,
          max: DATA_RETENTION_MINUTES,
          zero: false,
        }),
      );
      const own = step.receiver.severities;
      if (step.severities !== undefined && step.severities.length === 0) {
        problems.push(`${named(i)}: severities is empty, so it would send nothing; leave it out to send every alert`);
      } else if (own !== undefined && step.severities !== undefined) {
        const foreign = step.severities.filter((severity) => !own.includes(severity));
        if (foreign.length > 0) {
          problems.push(
            `${named(i)} sends severities ${list(foreign)}, but the receiver takes only ${list(own)}: widen the receiver's severities or narrow the step's`,
          );
        }
      }
      if (i > 0 && minutesOf(step.after) < minutesOf(steps[i - 1].after)) {
        problems.push(
          `${named(i)} is due after ${describe(step.after)}, before ${named(i - 1)} (${describe(steps[i - 1].after)}): list the steps in the order they notify`,
        );
      }
      for (let j = 0; j < i; j++) {
        if (steps[j].receiver.name === step.receiver.name && overlap(severitiesOf(steps[j]), severitiesOf(step))) {
          problems.push(
            `${named(j)} and step ${i + 1} both send ${overlapDescription(severitiesOf(steps[j]), severitiesOf(step))} alerts to ${JSON.stringify(step.receiver.name)}, which would be told twice of one alert, or once if both steps share a notification log entry: merge them, or give them severities that do not overlap`,
          );
        }
      }
    });
    for (const receiver of alertReceivers) {
      if (!steps.some((step) => step.receiver === receiver)) {
        problems.push(
          `alert receiver ${JSON.stringify(receiver.name)} is in alertReceivers but in no escalation step, so nothing would reach it: add a step for it (no after, to tell it at once)`,
        );
      }
    }
    return problems;
  }

  /** The routes after the Watchdog's, in order, one per receiver or step. */
  routes(alertReceivers: readonly AlertReceiver[]): Record<string, unknown>[] {
    if (this.steps === undefined) {
      return alertReceivers.map((receiver) => ({
        receiver: receiver.name,
        ...(receiver.severities ? { matchers: [severityMatcher(receiver.severities)] } : {}),
        continue: true,
      }));
    }
    return this.steps.map((step) => {
      const severities = severitiesOf(step);
      const after = minutesOf(step.after);
      return {
        receiver: step.receiver.name,
        ...(severities ? { matchers: [severityMatcher(severities)] } : {}),
        // Each alert its own group, first flushed `after` its arrival: see the comment at the top of this file.
        ...(after > 0 ? { group_by: ['...'], group_wait: alertmanagerDuration(after) } : {}),
        ...(step.repeatInterval ? { repeat_interval: alertmanagerDuration(minutesOf(step.repeatInterval)) } : {}),
        continue: true,
      };
    });
  }
}

/**
 * Alertmanager's configuration. The root route sends to the null receiver, so an alert that matches no receiver's
 * severities reaches nobody (Alertmanager sends an alert no child route matches to the root's receiver); the chart's
 * Watchdog route is kept; the routing then adds its routes, and every matching one is followed (`continue`).
 */
export function alertmanagerConfig(
  receivers: readonly AlertReceiver[],
  routing: AlertRouting = AlertRouting.bySeverity(),
): Record<string, unknown> {
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: NULL_RECEIVER,
      ...ROOT_TIMERS,
      group_by: [...ROOT_TIMERS.group_by],
      routes: [{ receiver: NULL_RECEIVER, matchers: ['alertname = "Watchdog"'] }, ...routing.routes(receivers)],
    },
    receivers: [
      { name: NULL_RECEIVER },
      ...routing.receivers(receivers).map((receiver) => ({ name: receiver.name, ...receiver.config })),
    ],
  };
}

function severityMatcher(severities: readonly string[]): string {
  return `severity =~ "${severities.join('|')}"`;
}

/** The severities a step sends: its own, else its receiver's; undefined for every alert. */
function severitiesOf(step: EscalationStep): readonly string[] | undefined {
  return step.severities ?? step.receiver.severities;
}

function overlap(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return a === undefined || b === undefined || a.some((severity) => b.includes(severity));
}

function overlapDescription(a: readonly string[] | undefined, b: readonly string[] | undefined): string {
  if (a === undefined && b === undefined) {
    return 'all';
  }
  const common = a === undefined ? b : b === undefined ? a : a.filter((severity) => b.includes(severity));
  return list(common ?? []);
}

function list(severities: readonly string[]): string {
  return severities.map((severity) => JSON.stringify(severity)).join(', ');
}

const MINUTE_MS = 60_000;

/** Whole or fractional minutes of a duration; 0 when left out. */
function minutesOf(duration: Duration | undefined): number {
  return duration === undefined ? 0 : duration.toMilliseconds({ integral: false }) / MINUTE_MS;
}

function describe(duration: Duration | undefined): string {
  const minutes = minutesOf(duration);
  return Number.isInteger(minutes) && minutes > 0 ? alertmanagerDuration(minutes) : `${minutes * 60}s`;
}

/** What Alertmanager's duration format (model.Duration) reads: `15m`, `1h`, `90m`. */
function alertmanagerDuration(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

function durationProblems(
  step: string,
  field: string,
  duration: Duration | undefined,
  limits: { readonly min: number; readonly max: number; readonly zero: boolean },
): string[] {
  if (duration === undefined) {
    return [];
  }
  const minutes = minutesOf(duration);
  const range = `${limits.zero ? '0 or ' : ''}whole minutes from ${alertmanagerDuration(limits.min)} to ${alertmanagerDuration(limits.max)}`;
  if (minutes === 0 && limits.zero) {
    return [];
  }
  if (minutes < 0) {
    return [`${step}: ${field} is negative; it must be ${range}`];
  }
  if (minutes < limits.min) {
    const why =
      field === 'after'
        ? 'shorter delays are lost in the rule evaluation interval and the 30s group_wait of the first notification'
        : `Alertmanager does not repeat more often than the route's group_interval (${alertmanagerDuration(GROUP_INTERVAL_MINUTES)})`;
    return [`${step}: ${field} ${describe(duration)} is too short (${why}); it must be ${range}`];
  }
  if (!Number.isInteger(minutes)) {
    return [`${step}: ${field} ${describe(duration)} is not a whole number of minutes; it must be ${range}`];
  }
  if (minutes > limits.max) {
    return [
      `${step}: ${field} ${describe(duration)} is beyond Alertmanager's data retention (${alertmanagerDuration(limits.max)}), the longest it remembers a notification; it must be ${range}`,
    ];
  }
  return [];
}
