import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { mergeValues } from '../../lib/eks/addons/addon-options';
import { AlertReceiver, AlertRouting } from '../../lib/eks/addons/monitoring';
import { AlertmanagerConfig, Notification, simulate, toldBy } from './alertmanager-model';
import { flatten, synthesize } from './helpers';

/*
 * The EKS article's runbook on a synthesized environment: Slack at once, e-mail if the alert still fires after 15
 * minutes, PagerDuty after an hour for critical alerts. The Alertmanager configuration is read from the template's
 * Helm values, merged over the chart's default as Helm does, and played through the model of Alertmanager v0.33.1
 * (alertmanager-model.ts). One synth serves the Prometheus and Grafana selection checks too.
 */

/** Free-form chart values, read by path. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- what JSON.parse returns
type ChartValues = any;

/**
 * kube-prometheus-stack 88.2.0's own `alertmanager.config` (values.yaml:553-592). Helm merges ours over it: maps key by
 * key, lists replaced; the chart renders the result with toYaml into the Secret Alertmanager reads
 * (templates/alertmanager/secret.yaml:24, as `tplConfig` is false, values.yaml:609).
 */
const CHART_CONFIG = {
  global: { resolve_timeout: '5m' },
  inhibit_rules: [
    {
      source_matchers: ['severity = critical'],
      target_matchers: ['severity =~ warning|info'],
      equal: ['namespace', 'alertname'],
    },
    {
      source_matchers: ['severity = warning'],
      target_matchers: ['severity = info'],
      equal: ['namespace', 'alertname'],
    },
    { source_matchers: ['alertname = InfoInhibitor'], target_matchers: ['severity = info'], equal: ['namespace'] },
    { target_matchers: ['alertname = InfoInhibitor'] },
  ],
  route: {
    group_by: ['namespace'],
    group_wait: '30s',
    group_interval: '5m',
    repeat_interval: '12h',
    receiver: 'null',
    routes: [{ receiver: 'null', matchers: ['alertname = "Watchdog"'] }],
  },
  receivers: [{ name: 'null' }],
  templates: ['/etc/alertmanager/config/*.tmpl'],
};

const MINUTE = 60;

describe('an environment with an escalation', () => {
  let values: ChartValues;
  let config: AlertmanagerConfig;

  beforeAll(() => {
    const { templates } = synthesize(
      (stack) => {
        const secret = (name: string) => secretsmanager.Secret.fromSecretNameV2(stack, name, name);
        const slack = AlertReceiver.slack({ channel: '#ops', webhookUrl: secret('slack') });
        const email = AlertReceiver.email({
          to: 'oncall@example.com',
          from: 'alerts@example.com',
          smarthost: 'email-smtp.us-east-1.amazonaws.com:587',
          username: 'AKIAEXAMPLE',
          password: secret('smtp'),
        });
        const pagerDuty = AlertReceiver.pagerDuty({ routingKey: secret('pagerduty') });
        return {
          addons: {
            loadBalancerController: false,
            metricsServer: false,
            clusterAutoscaler: false,
            monitoring: {
              alertRouting: AlertRouting.escalation([
                { receiver: slack },
                { receiver: email, after: Duration.minutes(15) },
                { receiver: pagerDuty, after: Duration.hours(1), severities: ['critical'] },
              ]),
            },
          },
        };
      },
      undefined,
      false,
    );
    const template = templates.get('Platform') as Template;
    const chart = Object.values(template.findResources('Custom::AWSCDK-EKS-HelmChart')).find(
      (resource) => (resource as { Properties: { Chart: string } }).Properties.Chart === 'kube-prometheus-stack',
    ) as { Properties: { Values: unknown } };
    values = JSON.parse(flatten(chart.Properties.Values)) as ChartValues;
    config = mergeValues(CHART_CONFIG, values.alertmanager.config) as unknown as AlertmanagerConfig;
  }, 120_000);

  test('the values hold the escalation’s routes; Helm’s merge keeps the chart’s inhibit rules and templates', () => {
    expect(values.alertmanager.config.route.routes).toEqual([
      { receiver: 'null', matchers: ['alertname = "Watchdog"'] },
      { receiver: 'slack', continue: true },
      { receiver: 'email', group_by: ['...'], group_wait: '15m', continue: true },
      {
        receiver: 'pagerduty',
        matchers: ['severity =~ "critical"'],
        group_by: ['...'],
        group_wait: '1h',
        continue: true,
      },
    ]);
    // Every key of the chart's root route is ours, so the merged route is exactly the rendered one.
    expect(config.route).toEqual(values.alertmanager.config.route);
    expect((config as unknown as typeof CHART_CONFIG).inhibit_rules).toEqual(CHART_CONFIG.inhibit_rules);
    expect(config.receivers.map((r) => r.name)).toEqual(['null', 'slack', 'email', 'pagerduty']);
    // The steps' receivers' credentials are mounted although no alertReceivers were given.
    expect(values.alertmanager.alertmanagerSpec.secrets).toEqual(['alertmanager-receivers']);
  });

  const fire = (severity: string, to?: number, restarts?: number[]): Notification[] =>
    simulate(config, {
      labels: { alertname: 'MarathonAppUnderCapacity', namespace: 'shop', severity },
      firings: [{ from: 0, to }],
      restarts,
      until: 3 * 60 * MINUTE,
    });

  test('a warning: Slack at once (30 s group_wait), e-mail at 15 minutes, never PagerDuty', () => {
    const told = fire('warning');
    expect(toldBy(told, 0)).toEqual([]);
    expect(toldBy(told, 1 * MINUTE)).toEqual(['slack']);
    expect(toldBy(told, 20 * MINUTE)).toEqual(['email', 'slack']);
    expect(toldBy(told, 70 * MINUTE)).toEqual(['email', 'slack']);
    expect(told).toEqual([
      { receiver: 'slack', at: 30, status: 'firing' },
      { receiver: 'email', at: 15 * MINUTE, status: 'firing' },
    ]);
  });

  test('a critical alert: Slack at once, e-mail at 15 minutes, PagerDuty at 60', () => {
    const told = fire('critical');
    expect(toldBy(told, 0)).toEqual([]);
    expect(toldBy(told, 20 * MINUTE)).toEqual(['email', 'slack']);
    expect(toldBy(told, 70 * MINUTE)).toEqual(['email', 'pagerduty', 'slack']);
    expect(told.map((n) => [n.receiver, n.at])).toEqual([
      ['slack', 30],
      ['email', 15 * MINUTE],
      ['pagerduty', 60 * MINUTE],
    ]);
  });

  test('an alert resolved at 10 minutes never reaches e-mail or PagerDuty; Slack hears it resolve', () => {
    const told = fire('critical', 10 * MINUTE);
    expect(told).toEqual([
      { receiver: 'slack', at: 30, status: 'firing' },
      // The next group_interval tick of Slack's group: 30 s + 2 × 5 min.
      { receiver: 'slack', at: 10 * MINUTE + 30, status: 'resolved' },
    ]);
  });

  test('resolved after the e-mail, the e-mail hears it resolve at its group’s next tick', () => {
    const told = fire('warning', 17 * MINUTE);
    expect(told.filter((n) => n.receiver === 'email')).toEqual([
      { receiver: 'email', at: 15 * MINUTE, status: 'firing' },
      { receiver: 'email', at: 20 * MINUTE, status: 'resolved' },
    ]);
  });

  test('where it differs: a restart before a step is due postpones it by the time already waited', () => {
    // Restarted at 10 minutes, the e-mail group starts over: 10 + 15 minutes. Slack is not told twice: its group
    // flushes at once (the alert is older than 30 s) and the notification log, on Alertmanager's volume, has it.
    expect(fire('critical', undefined, [10 * MINUTE]).map((n) => [n.receiver, n.at])).toEqual([
      ['slack', 30],
      ['email', 25 * MINUTE],
      ['pagerduty', 70 * MINUTE],
    ]);
    // Restarted at 20 minutes: the e-mail is not sent again, PagerDuty waits until 20 + 60 minutes.
    expect(fire('critical', undefined, [20 * MINUTE]).map((n) => [n.receiver, n.at])).toEqual([
      ['slack', 30],
      ['email', 15 * MINUTE],
      ['pagerduty', 80 * MINUTE],
    ]);
  });

  test('where it differs: an alert that resolves and fires again before 15 minutes is e-mailed at 15', () => {
    const told = simulate(config, {
      labels: { alertname: 'MarathonAppUnderCapacity', namespace: 'shop', severity: 'warning' },
      firings: [{ from: 0, to: 8 * MINUTE }, { from: 12 * MINUTE }],
      until: 30 * MINUTE,
    });
    // It joined its e-mail group, still waiting since 0; a new firing after the group is gone would wait 15 minutes.
    expect(told.filter((n) => n.receiver === 'email')).toEqual([
      { receiver: 'email', at: 15 * MINUTE, status: 'firing' },
    ]);
  });

  test('each alert waits its own 15 minutes: with the root’s grouping a later alert would ride on an earlier one', () => {
    const pod = (instance: string, from: number) => ({
      labels: { alertname: 'KubePodNotReady', namespace: 'shop', severity: 'warning', instance },
      firings: [{ from }],
    });
    const scenario = { alerts: [pod('a', 0), pod('b', 10 * MINUTE)], until: 40 * MINUTE };
    const emails = (c: AlertmanagerConfig) =>
      simulate(c, scenario)
        .filter((n) => n.receiver === 'email')
        .map((n) => [n.at / MINUTE, n.alerts]);
    expect(emails(config)).toEqual([
      [15, ['a']],
      [25, ['b']],
    ]);
    // Had the e-mail route kept the root's group_by (namespace, alertname), b would join a's group and be e-mailed
    // with it at 15 minutes, 5 after it fired.
    const routes = config.route.routes ?? [];
    const rootGrouped = {
      ...config,
      route: { ...config.route, routes: routes.map(({ group_by: _, ...route }) => route) },
    };
    expect(emails(rootGrouped)).toEqual([[15, ['a', 'b']]]);
  });

  test('the Watchdog reaches nobody', () => {
    expect(
      simulate(config, {
        labels: { alertname: 'Watchdog', severity: 'none' },
        firings: [{ from: 0 }],
        until: 3 * 60 * MINUTE,
      }),
    ).toEqual([]);
  });

  test('Prometheus selects every ServiceMonitor, PodMonitor and PrometheusRule of every namespace', () => {
    // kube-prometheus-stack 88.2.0 templates/prometheus/prometheus.yaml:193-224, 271-286: with the NilUsesHelmValues
    // switches off, each empty selector renders as `{}`; prometheus-operator-crds 31.0.1 crd-prometheuses.yaml: an
    // empty selector matches every object, an empty namespace selector every namespace.
    const spec = values.prometheus.prometheusSpec;
    for (const kind of ['serviceMonitor', 'podMonitor', 'rule']) {
      expect([
        kind,
        spec[`${kind}SelectorNilUsesHelmValues`],
        spec[`${kind}Selector`],
        spec[`${kind}NamespaceSelector`],
      ]).toEqual([kind, false, {}, {}]);
    }
  });

  test('Grafana loads dashboards from ConfigMaps labelled grafana_dashboard: "1" in every namespace', () => {
    expect(values.grafana.sidecar).toEqual({
      dashboards: { enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: 'ALL' },
    });
  });
});
