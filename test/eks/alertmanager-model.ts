/*
 * A small model of what Alertmanager v0.33.1 (kube-prometheus-stack 88.2.0's, values.yaml:1021) does with one alert:
 * routing, aggregation groups and their timers, and the DedupStage, each rule citing prometheus/alertmanager@v0.33.1.
 * Prometheus's side is v3.13.2's (the chart's, values.yaml:4347). Times are seconds from the alert firing.
 *
 * Left out, as they do not change one alert's fate under the configurations tested: inhibition and silences (the
 * chart's inhibit rules need a second, critical alert of the same name and namespace), time intervals, clustering,
 * retries of a failed send, and templating.
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

/** One firing of the alert: from `from` (its rule firing) until `to`, if it resolves. */
export interface Firing {
  readonly from: number;
  readonly to?: number;
}

export interface Scenario {
  readonly labels: Readonly<Record<string, string>>;
  /** The alert's firings, in order and apart. */
  readonly firings: readonly Firing[];
  /** Alertmanager restarts at these times: its groups are gone, its notification log is kept (on its volume). */
  readonly restarts?: readonly number[];
  /** Until when to run. */
  readonly until: number;
}

export interface Notification {
  readonly receiver: string;
  readonly at: number;
  readonly status: 'firing' | 'resolved';
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
  alert: AlertState;
  next: number;
}

interface LogEntry {
  readonly firing: boolean;
  readonly at: number;
}

/** The times Prometheus sends the alert to Alertmanager (rules/alerting.go:102-113, 618-631), with its state. */
function sends(scenario: Scenario): { at: number; alert: AlertState }[] {
  const out: { at: number; alert: AlertState }[] = [];
  scenario.firings.forEach((firing, i) => {
    const next = scenario.firings[i + 1]?.from ?? Infinity;
    const end = Math.min(firing.to ?? Infinity, next, scenario.until);
    for (let at = firing.from; at < end; at += RESEND_DELAY) {
      out.push({ at, alert: { startsAt: firing.from } });
    }
    if (firing.to !== undefined) {
      // Until it fires again: a new firing is a new alert of the same labels (rules/alerting.go:470-477).
      const stop = Math.min(firing.to + RESOLVED_RETENTION, scenario.until);
      for (let at = firing.to; at <= stop && at < next; at += RESEND_DELAY) {
        out.push({ at, alert: { startsAt: firing.from, endsAt: firing.to } });
      }
    }
  });
  return out.sort((a, b) => a.at - b.at);
}

/** Which receivers are told of the alert, and when, under this configuration. */
export function simulate(config: AlertmanagerConfig, scenario: Scenario): Notification[] {
  const root = buildRoute(config.route);
  // A receiver with no integration (the null receiver) sends nothing and logs nothing (notify.go:192-216).
  const integrated = new Set(
    config.receivers.filter((r) => Object.keys(r).some((k) => k.endsWith('_configs'))).map((r) => r.name),
  );
  const routes = matchRoutes(root, scenario.labels);
  const log = new Map<string, LogEntry>();
  const notifications: Notification[] = [];
  let groups = new Map<string, Group>();
  const restarts = [...(scenario.restarts ?? [])].sort((a, b) => a - b);

  const groupLabels = (route: Route) =>
    Object.keys(scenario.labels)
      .filter((label) => route.groupByAll || route.groupBy.includes(label))
      .sort()
      .map((label) => `${label}=${JSON.stringify(scenario.labels[label])}`)
      .join(',');

  /** dispatch.go:433-564: into the route's group for these labels, or a new one. */
  const receive = (at: number, alert: AlertState) => {
    for (const route of routes) {
      const id = `${route.id}:{${groupLabels(route)}}`;
      const existing = groups.get(id);
      if (existing) {
        existing.alert = alert; // dispatch.go:449-456, store.go:150: the alert replaces its earlier state.
        continue;
      }
      // dispatch.go:660: first flush group_wait after creation; dispatch.go:543-552: at once if the alert started
      // more than group_wait ago.
      const next = alert.startsAt + route.groupWait < at ? at : at + route.groupWait;
      groups.set(id, { route, id, key: `${route.key}:{${groupLabels(route)}}`, alert, next });
    }
  };

  /** dispatch.go:677-739 and 788-834, notify/dedup_stage.go:52-96. */
  const flush = (group: Group, now: number) => {
    group.next = now + group.route.groupInterval; // dispatch.go:709
    const resolved = group.alert.endsAt !== undefined && group.alert.endsAt <= now;
    const receiver = group.route.receiver;
    if (integrated.has(receiver)) {
      const logKey = `${group.key}|${receiver}`;
      const entry = log.get(logKey);
      let send: 'firing' | 'resolved' | undefined;
      if (entry === undefined) {
        send = resolved ? undefined : 'firing'; // dedup_stage.go:55-60
      } else if (!resolved && !entry.firing) {
        send = 'firing'; // dedup_stage.go:63-70
      } else if (resolved) {
        send = entry.firing ? 'resolved' : undefined; // dedup_stage.go:75-84
      } else if (entry.at < now - group.route.repeatInterval) {
        send = 'firing'; // dedup_stage.go:90-94
      }
      if (send) {
        notifications.push({ receiver, at: now, status: send });
        log.set(logKey, { firing: send === 'firing', at: now }); // set_notifies_stage.go: the log records the send
      }
    }
    if (resolved) {
      // dispatch.go:813-833: the resolved alert is deleted once sent (or found needing no send), and the empty group
      // is destroyed; the alert's next arrival makes a new one (dispatch.go:454-459).
      groups.delete(group.id);
    }
  };

  const events = sends(scenario);
  let time = 0;
  let e = 0;
  while (time <= scenario.until) {
    // The earliest of: Prometheus's next send, a restart, a group's flush.
    const nextSend = events[e]?.at ?? Infinity;
    const nextRestart = restarts[0] ?? Infinity;
    const nextFlush = Math.min(...[...groups.values()].map((g) => g.next), Infinity);
    time = Math.min(nextSend, nextRestart, nextFlush);
    if (time > scenario.until || time === Infinity) {
      break;
    }
    if (nextRestart === time) {
      restarts.shift();
      groups = new Map(); // The groups live in memory; the alerts come back with Prometheus's next send.
      continue;
    }
    if (nextFlush === time) {
      for (const group of [...groups.values()].filter((g) => g.next === time)) {
        flush(group, time);
      }
      continue;
    }
    receive(time, events[e].alert);
    e++;
  }
  return notifications;
}

/** The receivers told of the alert while it fired, by `at` (firing notifications only). */
export function toldBy(notifications: readonly Notification[], at: number): string[] {
  return [...new Set(notifications.filter((n) => n.status === 'firing' && n.at <= at).map((n) => n.receiver))].sort();
}
