/*
 * A small model of what Alertmanager v0.33.1 (kube-prometheus-stack 88.2.0's, values.yaml:1021) does with alerts:
 * routing, aggregation groups and their timers, and the DedupStage, each rule citing prometheus/alertmanager@v0.33.1.
 * Prometheus's side (when it sends an alert, and resends it) is v3.13.2's, the chart's (values.yaml:4347). Times are
 * seconds.
 *
 * Left out, as they do not change the outcomes tested: inhibition and silences (the chart's inhibit rules need a
 * critical alert beside a warning of the same name and namespace), time intervals, clustering, retries of a failed
 * send, the rule's own evaluation interval, and templating.
 */

/** One route of `alertmanager.yaml`, as config/config.go:874-893 reads it. */
export interface RouteConfig {
  readonly receiver?: string;
  readonly group_by?: readonly string[];
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  readonly matchers?: readonly string[];
  readonly continue?: boolean;
  readonly routes?: readonly RouteConfig[];
}

export interface AlertmanagerConfig {
  readonly route: RouteConfig;
  readonly receivers: readonly ({ readonly name: string } & Record<string, unknown>)[];
}

interface Matcher {
  readonly name: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

interface Route {
  readonly receiver: string;
  readonly groupBy: readonly string[];
  readonly groupByAll: boolean;
  readonly groupWait: number;
  readonly groupInterval: number;
  readonly repeatInterval: number;
  readonly matchers: readonly Matcher[];
  readonly continue: boolean;
  routes: Route[];
  /** route.go:186-195: the parent's key, '/', the matchers; part of the group key the notification log is keyed by. */
  readonly key: string;
  /** route.go:198-219, unique: the key and the index among its siblings. */
  readonly id: string;
}

/** model.Duration as prometheus/common parses it: `30s`, `5m`, `1h30m`, `12h`, `2d`. */
export function seconds(duration: string): number {
  const match = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration);
  if (!match || duration === '') {
    throw new Error(`not an Alertmanager duration: ${duration}`);
  }
  const [, y, w, d, h, m, s] = match.map((part) => Number(part ?? 0));
  return (((y * 365 + w * 7 + d) * 24 + h) * 60 + m) * 60 + s;
}

/** pkg/labels/parse.go: `name op "value"`; regular expressions are anchored (pkg/labels/matcher.go:68-73). */
function parseMatcher(text: string): Matcher {
  const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^"\s]*))\s*$/.exec(text);
  if (!match) {
    throw new Error(`the model does not parse the matcher ${text}`);
  }
  return { name: match[1], op: match[2] as Matcher['op'], value: match[3] ?? match[4] };
}

/** pkg/labels/matcher.go:86-98, 184-191: a missing label is the empty string. */
function matches(matcher: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return new RegExp(`^(?:${matcher.value})$`).test(value);
    case '!~':
      return !new RegExp(`^(?:${matcher.value})$`).test(value);
  }
}

/** route.go:32-39. */
const DEFAULT_OPTS = {
  groupBy: [] as string[],
  groupByAll: false,
  groupWait: 30,
  groupInterval: 300,
  repeatInterval: 4 * 3600,
};

/** route.go:68-147: a child starts from its parent's options and overrides what it sets. */
function buildRoute(config: RouteConfig, parent?: Route, index = 0): Route {
  const base = parent ?? { ...DEFAULT_OPTS, receiver: '' };
  // config.go:908-918: `...` is GroupByAll; route.go:79-89: a group_by replaces the parent's.
  const groupBy = config.group_by ? config.group_by.filter((label) => label !== '...') : base.groupBy;
  const groupByAll = config.group_by ? config.group_by.includes('...') : base.groupByAll;
  const matchers = (config.matchers ?? []).map(parseMatcher);
  const matcherText = `{${(config.matchers ?? [])
    .map((m) => m.replace(/\s+/g, ''))
    .sort()
    .join(',')}}`;
  const key = parent ? `${parent.key}/${matcherText}` : matcherText;
  const route: Route = {
    receiver: config.receiver || base.receiver,
    groupBy,
    groupByAll,
    groupWait: config.group_wait ? seconds(config.group_wait) : base.groupWait,
    groupInterval: config.group_interval ? seconds(config.group_interval) : base.groupInterval,
    repeatInterval: config.repeat_interval ? seconds(config.repeat_interval) : base.repeatInterval,
    matchers,
    continue: config.continue ?? false,
    routes: [],
    key,
    id: parent ? `${parent.id}/${matcherText}/${index}` : matcherText,
  };
  route.routes = (config.routes ?? []).map((child, i) => buildRoute(child, route, i));
  return route;
}

/** route.go:160-183: depth first; a child without `continue` that matched ends the search; no match, the node itself. */
function matchRoutes(route: Route, labels: Readonly<Record<string, string>>): Route[] {
  if (!route.matchers.every((matcher) => matches(matcher, labels))) {
    return [];
  }
  const all: Route[] = [];
  for (const child of route.routes) {
    const found = matchRoutes(child, labels);
    all.push(...found);
    if (found.length > 0 && !child.continue) {
      break;
    }
  }
  return all.length > 0 ? all : [route];
}

/** The receivers and routes an alert with these labels is dispatched to (dispatch.go:254-276). */
export function routesOf(config: AlertmanagerConfig, labels: Readonly<Record<string, string>>) {
  return matchRoutes(buildRoute(config.route), labels).map((route) => ({ receiver: route.receiver, id: route.id }));
}

/** One firing of an alert: from `from` (its rule firing) until `to`, if it resolves. */
export interface Firing {
  readonly from: number;
  readonly to?: number;
}

/** One alert (one label set, so one fingerprint) and its firings, in order and apart. */
export interface ModelAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly firings: readonly Firing[];
}

export interface Scenario {
  /** One alert: its labels… */
  readonly labels?: Readonly<Record<string, string>>;
  /** …and its firings. */
  readonly firings?: readonly Firing[];
  /** Or several alerts; notifications then name the alerts they carry. */
  readonly alerts?: readonly ModelAlert[];
  /** Alertmanager restarts at these times: its groups are gone, its notification log is kept (on its volume). */
  readonly restarts?: readonly number[];
  /** Until when to run. */
  readonly until: number;
}

export interface Notification {
  readonly receiver: string;
  readonly at: number;
  /** `firing` if any alert of the group fires, else `resolved`. */
  readonly status: 'firing' | 'resolved';
  /** The firing alerts it carries, by their `instance` label, for scenarios of several alerts. */
  readonly alerts?: readonly string[];
}

/** Prometheus v3.13.2: `--rules.alert.resend-delay` 1m (cmd/prometheus/main.go:603-604). */
const RESEND_DELAY = 60;
/** rules/alerting.go:383: a resolved alert is still sent for 15 minutes. */
const RESOLVED_RETENTION = 15 * 60;

interface AlertState {
  readonly startsAt: number;
  /** Prometheus sends EndsAt = ResolvedAt once resolved (rules/manager.go:484-487); else ValidUntil, in the future. */
  readonly endsAt?: number;
}

interface Group {
  readonly route: Route;
  /** The dispatcher's map key: the route (by index) and the group labels' fingerprint (dispatch.go:445-449). */
  readonly id: string;
  /** The group key the notification log is keyed by (dispatch.go:669-671). */
  readonly key: string;
  /** The group's alerts by fingerprint (store.go:150: a later state of an alert replaces the earlier). */
  readonly alerts: Map<number, AlertState>;
  next: number;
}

/** nflog: what a receiver was last told of a group, and when (set_notifies_stage.go). */
interface LogEntry {
  readonly firing: ReadonlySet<number>;
  readonly resolved: ReadonlySet<number>;
  readonly at: number;
}

interface Send {
  readonly at: number;
  readonly alert: number;
  readonly state: AlertState;
}

/** The times Prometheus sends each alert to Alertmanager (rules/alerting.go:102-113, 618-631), with its state. */
function sends(alerts: readonly ModelAlert[], until: number): Send[] {
  const out: Send[] = [];
  alerts.forEach(({ firings }, alert) => {
    firings.forEach((firing, i) => {
      const next = firings[i + 1]?.from ?? Infinity;
      const end = Math.min(firing.to ?? Infinity, next, until);
      for (let at = firing.from; at < end; at += RESEND_DELAY) {
        out.push({ at, alert, state: { startsAt: firing.from } });
      }
      if (firing.to !== undefined) {
        // Until it fires again: a new firing is a new alert of the same labels (rules/alerting.go:470-477).
        const stop = Math.min(firing.to + RESOLVED_RETENTION, until);
        for (let at = firing.to; at <= stop && at < next; at += RESEND_DELAY) {
          out.push({ at, alert, state: { startsAt: firing.from, endsAt: firing.to } });
        }
      }
    });
  });
  // Stable: at one instant, alerts in the order given.
  return out.sort((a, b) => a.at - b.at);
}

const subset = (set: ReadonlySet<number>, of: ReadonlySet<number>) => [...of].every((fp) => set.has(fp));

/** dedup_stage.go:52-96: whether the receiver is told of the group now. */
function needsUpdate(
  entry: LogEntry | undefined,
  firing: ReadonlySet<number>,
  resolved: ReadonlySet<number>,
  repeat: number,
  now: number,
): boolean {
  if (entry === undefined) {
    return firing.size > 0; // lines 55-60
  }
  if (!subset(entry.firing, firing)) {
    return true; // lines 63-70: new firing alerts
  }
  if (firing.size === 0) {
    return entry.firing.size > 0; // lines 75-84: all resolved
  }
  if (!subset(entry.resolved, resolved)) {
    return true; // lines 86-88: every receiver here has send_resolved
  }
  return entry.at < now - repeat; // lines 90-94
}

/** Which receivers are told, and when, under this configuration. */
export function simulate(config: AlertmanagerConfig, scenario: Scenario): Notification[] {
  const alerts = scenario.alerts ?? [{ labels: scenario.labels ?? {}, firings: scenario.firings ?? [] }];
  const root = buildRoute(config.route);
  // A receiver with no integration (the null receiver) sends nothing and logs nothing (notify.go:192-216).
  const integrated = new Set(
    config.receivers.filter((r) => Object.keys(r).some((k) => k.endsWith('_configs'))).map((r) => r.name),
  );
  const routes = alerts.map((alert) => matchRoutes(root, alert.labels));
  const log = new Map<string, LogEntry>();
  const notifications: Notification[] = [];
  let groups = new Map<string, Group>();
  const restarts = [...(scenario.restarts ?? [])].sort((a, b) => a - b);

  /** dispatch.go:587-600: the alert's values of the route's group_by labels (all of them for `...`). */
  const groupLabels = (route: Route, labels: Readonly<Record<string, string>>) =>
    Object.keys(labels)
      .filter((label) => route.groupByAll || route.groupBy.includes(label))
      .sort()
      .map((label) => `${label}=${JSON.stringify(labels[label])}`)
      .join(',');

  /** dispatch.go:254-276, 433-564: into each matching route's group for the alert's labels, or a new one. */
  const receive = ({ at, alert, state }: Send) => {
    for (const route of routes[alert]) {
      const labels = groupLabels(route, alerts[alert].labels);
      const id = `${route.id}:{${labels}}`;
      const existing = groups.get(id);
      if (existing) {
        existing.alerts.set(alert, state); // dispatch.go:449-456
        continue;
      }
      // dispatch.go:660: first flush group_wait after creation; dispatch.go:543-552: at once if the alert started
      // more than group_wait ago.
      const next = state.startsAt + route.groupWait < at ? at : at + route.groupWait;
      groups.set(id, { route, id, key: `${route.key}:{${labels}}`, alerts: new Map([[alert, state]]), next });
    }
  };

  /** dispatch.go:677-739 and 788-834. */
  const flush = (group: Group, now: number) => {
    group.next = now + group.route.groupInterval; // dispatch.go:709
    const resolved = new Set(
      [...group.alerts].filter(([, a]) => a.endsAt !== undefined && a.endsAt <= now).map(([fp]) => fp),
    );
    const firing = new Set([...group.alerts.keys()].filter((fp) => !resolved.has(fp)));
    const receiver = group.route.receiver;
    if (integrated.has(receiver)) {
      const logKey = `${group.key}|${receiver}`;
      if (needsUpdate(log.get(logKey), firing, resolved, group.route.repeatInterval, now)) {
        notifications.push({
          receiver,
          at: now,
          status: firing.size > 0 ? 'firing' : 'resolved',
          ...(scenario.alerts ? { alerts: [...firing].map((fp) => alerts[fp].labels.instance ?? String(fp)) } : {}),
        });
        log.set(logKey, { firing, resolved, at: now });
      }
    }
    // dispatch.go:813-833: resolved alerts are deleted once sent (or found needing no send); an empty group is
    // destroyed, and an alert's next arrival makes a new one (dispatch.go:454-459).
    for (const fp of resolved) {
      group.alerts.delete(fp);
    }
    if (group.alerts.size === 0) {
      groups.delete(group.id);
    }
  };

  const events = sends(alerts, scenario.until);
  let e = 0;
  for (;;) {
    // The earliest of: Prometheus's next send, a restart, a group's flush.
    const nextSend = events[e]?.at ?? Infinity;
    const nextRestart = restarts[0] ?? Infinity;
    const nextFlush = Math.min(...[...groups.values()].map((g) => g.next), Infinity);
    const time = Math.min(nextSend, nextRestart, nextFlush);
    if (time > scenario.until || time === Infinity) {
      break;
    }
    if (nextRestart === time) {
      restarts.shift();
      groups = new Map(); // The groups live in memory; the alerts come back with Prometheus's next send.
    } else if (nextFlush === time) {
      for (const group of [...groups.values()].filter((g) => g.next === time)) {
        flush(group, time);
      }
    } else {
      receive(events[e]);
      e++;
    }
  }
  return notifications;
}

/** The receivers told of a firing alert by `at`. */
export function toldBy(notifications: readonly Notification[], at: number): string[] {
  return [...new Set(notifications.filter((n) => n.status === 'firing' && n.at <= at).map((n) => n.receiver))].sort();
}
