import { Duration, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AlertReceiver, NULL_RECEIVER } from '../../lib/eks/addons/alert-receivers';
import { AlertRouting, EscalationStep, alertmanagerConfig } from '../../lib/eks/addons/alert-routing';
import { Monitoring } from '../../lib/eks/addons/monitoring';
import { AlertmanagerConfig, routesOf, simulate, toldBy } from './alertmanager-model';

/*
 * The routes AlertRouting renders, exactly, and what synth says of impossible escalations. The escalation's behaviour
 * over time, on a synthesized environment, is in alert-escalation.test.ts.
 */

const stack = new Stack();
const secret = (name: string) => secretsmanager.Secret.fromSecretNameV2(stack, name, name);
const slack = AlertReceiver.slack({ channel: '#ops', webhookUrl: secret('slack') });
const email = AlertReceiver.email({
  to: 'ops@example.com',
  from: 'alerts@example.com',
  smarthost: 'email-smtp.eu-west-1.amazonaws.com:587',
  username: 'AKIAEXAMPLE',
  password: secret('smtp'),
});
const pagerDuty = AlertReceiver.pagerDuty({ routingKey: secret('pd'), severities: ['critical'] });

/** alertmanagerConfig as it was before AlertRouting (commit 5983a3c, lib/eks/addons/monitoring.ts), verbatim. */
function configBeforeAlertRouting(receivers: readonly AlertReceiver[]): Record<string, unknown> {
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: NULL_RECEIVER,
      group_by: ['namespace', 'alertname'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '12h',
      routes: [
        { receiver: NULL_RECEIVER, matchers: ['alertname = "Watchdog"'] },
        ...receivers.map((receiver) => ({
          receiver: receiver.name,
          ...(receiver.severities ? { matchers: [`severity =~ "${receiver.severities.join('|')}"`] } : {}),
          continue: true,
        })),
      ],
    },
    receivers: [{ name: NULL_RECEIVER }, ...receivers.map((receiver) => ({ name: receiver.name, ...receiver.config }))],
  };
}

type Rendered = AlertmanagerConfig & { route: { routes: Record<string, unknown>[] } };
const render = (routing: AlertRouting, receivers: AlertReceiver[] = []) =>
  alertmanagerConfig(receivers, routing) as unknown as Rendered;

describe('AlertRouting.bySeverity', () => {
  test('is the default, and renders byte for byte what the configuration rendered before it existed', () => {
    const warnings = AlertReceiver.slack({
      name: 'slack-warnings',
      channel: '#warn',
      webhookUrl: secret('warn'),
      severities: ['warning', 'critical'],
    });
    for (const receivers of [[], [pagerDuty], [slack, pagerDuty, email, warnings]]) {
      const before = JSON.stringify(configBeforeAlertRouting(receivers));
      expect(JSON.stringify(alertmanagerConfig(receivers))).toBe(before);
      expect(JSON.stringify(alertmanagerConfig(receivers, AlertRouting.bySeverity()))).toBe(before);
    }
    expect(AlertRouting.bySeverity().problems([slack, pagerDuty])).toEqual([]);
  });

  test('an alert matching no receiver reaches the null receiver only; the Watchdog goes nowhere', () => {
    const config = render(AlertRouting.bySeverity(), [pagerDuty]);
    expect(routesOf(config, { alertname: 'KubePodCrashLooping', severity: 'warning' })).toEqual([
      { receiver: NULL_RECEIVER, id: '{}' },
    ]);
    expect(routesOf(config, { alertname: 'KubeNodeNotReady', severity: 'critical' }).map((r) => r.receiver)).toEqual([
      'pagerduty',
    ]);
    expect(routesOf(config, { alertname: 'Watchdog', severity: 'none' }).map((r) => r.receiver)).toEqual([
      NULL_RECEIVER,
    ]);
  });
});

describe('AlertRouting.escalation', () => {
  const runbook: EscalationStep[] = [
    { receiver: slack },
    { receiver: email, after: Duration.minutes(15) },
    { receiver: pagerDuty, after: Duration.hours(1), repeatInterval: Duration.minutes(30) },
  ];

  test('renders one route per step: at once with the root’s grouping, delayed as one group per alert', () => {
    const config = render(AlertRouting.escalation(runbook));
    expect(config.route).toEqual({
      receiver: NULL_RECEIVER,
      group_by: ['namespace', 'alertname'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '12h',
      routes: [
        { receiver: NULL_RECEIVER, matchers: ['alertname = "Watchdog"'] },
        { receiver: 'slack', continue: true },
        { receiver: 'email', group_by: ['...'], group_wait: '15m', continue: true },
        {
          receiver: 'pagerduty',
          matchers: ['severity =~ "critical"'],
          group_by: ['...'],
          group_wait: '1h',
          repeat_interval: '30m',
          continue: true,
        },
      ],
    });
    // The steps' receivers are registered without being listed in alertReceivers.
    expect(config.receivers.map((r) => r.name)).toEqual([NULL_RECEIVER, 'slack', 'email', 'pagerduty']);
    expect(config.receivers[3]).toEqual({
      name: 'pagerduty',
      pagerduty_configs: [
        {
          routing_key_file: '/etc/alertmanager/secrets/alertmanager-receivers/pagerduty-routing-key',
          send_resolved: true,
        },
      ],
    });
  });

  test('a receiver in both alertReceivers and a step is registered once; a step’s severities narrow the receiver’s', () => {
    const routing = AlertRouting.escalation([
      { receiver: slack, severities: ['warning', 'critical'] },
      { receiver: email, after: Duration.minutes(90) },
    ]);
    expect(routing.receivers([slack]).map((r) => r.name)).toEqual(['slack', 'email']);
    expect(routing.problems([slack])).toEqual([]);
    expect(render(routing, [slack]).route.routes.slice(1)).toEqual([
      { receiver: 'slack', matchers: ['severity =~ "warning|critical"'], continue: true },
      { receiver: 'email', group_by: ['...'], group_wait: '90m', continue: true },
    ]);
  });

  test('the steps’ receivers get their credentials mounted, as alertReceivers do', () => {
    expect(Monitoring.problems({ alertRouting: AlertRouting.escalation(runbook) })).toEqual([]);
    const receivers = AlertRouting.escalation(runbook).receivers([]);
    expect(receivers.flatMap((r) => r.secrets.map((s) => s.key))).toEqual([
      'slack-webhook-url',
      'email-smtp-password',
      'pagerduty-routing-key',
    ]);
  });

  test('synth names impossible steps: order, delays, intervals, severities, a receiver twice or in no step', () => {
    const problems = (steps: EscalationStep[], alertReceivers: AlertReceiver[] = []) =>
      Monitoring.problems({ alertReceivers, alertRouting: AlertRouting.escalation(steps) });
    expect(problems([])).toEqual([
      'alertRouting.escalation has no steps: give it at least one, or use AlertRouting.bySeverity()',
    ]);
    expect(
      problems([
        { receiver: slack, after: Duration.hours(1) },
        { receiver: email, after: Duration.minutes(15) },
      ]),
    ).toEqual([
      'escalation step 2 ("email") is due after 15m, before escalation step 1 ("slack") (1h): list the steps in the order they notify',
    ]);
    expect(problems([{ receiver: slack, after: Duration.seconds(30) }])).toEqual([
      'escalation step 1 ("slack"): after 30s is too short (shorter delays are lost in the rule evaluation interval and the 30s group_wait of the first notification); it must be 0 or whole minutes from 1m to 120h',
    ]);
    expect(problems([{ receiver: slack, after: Duration.seconds(90) }])).toEqual([
      'escalation step 1 ("slack"): after 90s is not a whole number of minutes; it must be 0 or whole minutes from 1m to 120h',
    ]);
    expect(problems([{ receiver: slack, after: Duration.days(6) }])).toEqual([
      'escalation step 1 ("slack"): after 144h is beyond Alertmanager\'s data retention (120h), the longest it remembers a notification; it must be 0 or whole minutes from 1m to 120h',
    ]);
    // aws-cdk-lib refuses a negative Duration before the step sees it.
    expect(() => Duration.minutes(-5)).toThrow('Duration amounts cannot be negative');
    expect(problems([{ receiver: slack, repeatInterval: Duration.minutes(1) }])).toEqual([
      'escalation step 1 ("slack"): repeatInterval 1m is too short (Alertmanager does not repeat more often than the route\'s group_interval (5m)); it must be whole minutes from 5m to 120h',
    ]);
    expect(problems([{ receiver: pagerDuty, severities: ['warning', 'critical'] }])).toEqual([
      'escalation step 1 ("pagerduty") sends severities "warning", but the receiver takes only "critical": widen the receiver\'s severities or narrow the step\'s',
    ]);
    expect(problems([{ receiver: slack, severities: [] }])).toEqual([
      'escalation step 1 ("slack"): severities is empty, so it would send nothing; leave it out to send every alert',
    ]);
    expect(problems([{ receiver: slack }, { receiver: slack, after: Duration.minutes(30) }])).toEqual([
      'escalation step 1 ("slack") and step 2 both send all alerts to "slack", which would be told twice of one alert, or once if both steps share a notification log entry: merge them, or give them severities that do not overlap',
    ]);
    // One receiver in two steps of disjoint severities is fine: warnings at once, critical alerts after 5 minutes.
    expect(
      problems([
        { receiver: slack, severities: ['warning'] },
        { receiver: slack, severities: ['critical'], after: Duration.minutes(5) },
      ]),
    ).toEqual([]);
    expect(problems([{ receiver: slack }], [slack, email])).toEqual([
      'alert receiver "email" is in alertReceivers but in no escalation step, so nothing would reach it: add a step for it (no after, to tell it at once)',
    ]);
    const otherSlack = AlertReceiver.slack({ channel: '#other', webhookUrl: secret('other') });
    expect(
      problems([
        { receiver: slack, severities: ['warning'] },
        { receiver: otherSlack, severities: ['critical'] },
      ]),
    ).toEqual(['two alert receivers are named "slack"; give one a name']);
  });

  test('the Watchdog, firing forever, reaches no receiver of an escalation', () => {
    const config = render(AlertRouting.escalation(runbook));
    const watchdog = simulate(config, {
      labels: { alertname: 'Watchdog', severity: 'none', namespace: 'monitoring' },
      firings: [{ from: 0 }],
      until: 3 * 3600,
    });
    expect(watchdog).toEqual([]);
    expect(toldBy(watchdog, 3 * 3600)).toEqual([]);
  });
});
