import { JsonPath } from '../util/json-path';
import { KubeObject } from './kube';
import { DCOS_METRICS_LABELS } from './labels';
import { PodMonitor, ServiceMonitor } from './monitoring-kinds';
import { PortInfo } from './ports';
import { DefinitionScope } from './scope';
import { workloadServices } from './service';
import { Workload } from './workload-spec';

/**
 * How DC/OS found a task's Prometheus endpoints: dcos-telegraf's prometheus input, at dcos/telegraf@f83bd5ec97d7
 * (branch 1.9.4-dcos) plugins/inputs/prometheus/prometheus.go. A port labelled `DCOS_METRICS_FORMAT=prometheus` is
 * scraped at `DCOS_METRICS_ENDPOINT` (default `/metrics`) (`getEndpointsFromTaskPorts`); a task labelled
 * `DCOS_METRICS_FORMAT=prometheus` is scraped on the port `DCOS_METRICS_PORT_INDEX` (an index into the task's
 * ports) or else `DCOS_METRICS_PORT_NAME` names, at the task's `DCOS_METRICS_ENDPOINT` (`getEndpointFromTaskLabels`).
 * The format must be exactly `prometheus`; an index that is not a number or out of range scrapes nothing (no fallback
 * to the name). Telegraf scrapes at its own, cluster-wide interval: no label sets one.
 */
const PROMETHEUS = 'prometheus';
const DEFAULT_PATH = '/metrics';

/** One port to scrape, and the labels that asked for it. */
interface ScrapeTarget {
  readonly port: PortInfo;
  readonly path: string;
  readonly labels: readonly JsonPath[];
}

/**
 * A DC/OS endpoint as a scrape endpoint's `path` and `params`. Telegraf formatted `http://host:port<endpoint>` and
 * parsed it as a URL (dcos/telegraf@f83bd5ec97d7 plugins/inputs/prometheus/prometheus.go L500, L526-529), so a query
 * in DCOS_METRICS_ENDPOINT was sent as a query; Prometheus takes the path as the URL's path and the query from
 * `params` (prometheus-operator Endpoint `path` and `params`, map of string to list, in the ServiceMonitor and
 * PodMonitor CRDs of prometheus-operator-crds-31.0.1), so a `?` left in the path would be escaped into it. The
 * fragment never reached the server. Params keep their order of first appearance; values their order.
 */
export function scrapeEndpoint(endpoint: string): { path: string; params?: Record<string, string[]> } {
  const withoutFragment = endpoint.split('#', 1)[0];
  const at = withoutFragment.indexOf('?');
  if (at < 0) {
    return { path: withoutFragment };
  }
  // A Map, then own properties: a parameter named `__proto__` stays a parameter.
  const params = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(withoutFragment.slice(at + 1))) {
    params.set(key, [...(params.get(key) ?? []), value]);
  }
  const path = withoutFragment.slice(0, at);
  return params.size > 0 ? { path, params: Object.fromEntries(params) } : { path };
}

/**
 * The ServiceMonitor (ports the workload's own Service offers) and PodMonitor (the others) of an app's or pod's DC/OS
 * metrics labels, named after the workload, in its namespace, selecting its pods by the labels it already has.
 * Every DC/OS metrics label gets its report line here (labels.ts and ports.ts leave them to this function).
 */
export function metricsMonitors(scope: DefinitionScope, workload: Workload): KubeObject[] {
  if (!scope.options.alerts) {
    for (const path of metricsLabelPaths(scope)) {
      scope.notes.ignored(path, 'option alerts is false: no ServiceMonitor or PodMonitor is made');
    }
    return [];
  }
  const targets = scrapeTargets(scope);
  if (targets.length === 0) {
    return [];
  }
  const service = workloadServices(scope, workload.vips, workload.kind === 'StatefulSet').find(
    (candidate) => candidate.metadata?.name === scope.name,
  );
  const byService: { target: ScrapeTarget; portName: string }[] = [];
  const byPod: { target: ScrapeTarget; portName: string }[] = [];
  const containerPorts = (workload.template.spec?.containers ?? []).flatMap((container) => container.ports ?? []);
  for (const target of targets) {
    const servicePort = service?.spec?.ports?.find(
      (port) => port.targetPort === target.port.containerPort && (port.protocol ?? 'TCP') === 'TCP',
    );
    const containerPort = containerPorts.find(
      (port) => port.containerPort === target.port.containerPort && (port.protocol ?? 'TCP') === 'TCP',
    );
    if (servicePort?.name !== undefined) {
      byService.push({ target, portName: servicePort.name });
    } else if (containerPort?.name !== undefined) {
      byPod.push({ target, portName: containerPort.name });
    } else {
      for (const path of target.labels) {
        scope.notes.unsupported(
          path,
          `Prometheus scrapes over HTTP, but port ${target.port.containerPort} is not a TCP port of the pod: nothing is scraped`,
        );
      }
    }
  }
  const objects: KubeObject[] = [];
  const metadata = scope.metadata(scope.name);
  const selector = { matchLabels: scope.selector };
  if (byService.length > 0) {
    const monitor: ServiceMonitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata,
      spec: {
        selector,
        // The workload's VIP Services carry the same labels: only its own Service is scraped, so no pod twice.
        endpoints: byService.map(({ target, portName }) => ({
          port: portName,
          ...scrapeEndpoint(target.path),
          relabelings: [{ sourceLabels: ['__meta_kubernetes_service_name'], regex: scope.name, action: 'keep' }],
        })),
      },
    };
    objects.push(monitor);
    for (const { target, portName } of byService) {
      note(
        scope,
        target,
        `scraped by ServiceMonitor ${scope.name}: Service port ${portName}, ${describeEndpoint(target.path)}`,
      );
    }
  }
  if (byPod.length > 0) {
    const monitor: PodMonitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata,
      spec: {
        selector,
        podMetricsEndpoints: byPod.map(({ target, portName }) => ({ port: portName, ...scrapeEndpoint(target.path) })),
      },
    };
    objects.push(monitor);
    for (const { target, portName } of byPod) {
      note(
        scope,
        target,
        `scraped by PodMonitor ${scope.name}: pod port ${portName}, ${describeEndpoint(target.path)}`,
      );
    }
  }
  return objects;
}

/** `path /stats`, or `path /stats with params format=prometheus` for an endpoint with a query. */
function describeEndpoint(endpoint: string): string {
  const { path, params } = scrapeEndpoint(endpoint);
  const query = Object.entries(params ?? {}).flatMap(([key, values]) => values.map((value) => `${key}=${value}`));
  return query.length > 0 ? `path ${path} with params ${query.join('&')}` : `path ${path}`;
}

function note(scope: DefinitionScope, target: ScrapeTarget, text: string): void {
  for (const path of target.labels) {
    scope.notes.translated(path, text);
  }
}

/** Every DC/OS metrics label of the definition and its ports, by normalized path. */
function* metricsLabelPaths(scope: DefinitionScope): Generator<JsonPath> {
  for (const key of Object.keys(scope.definition.spec.labels).sort()) {
    if (DCOS_METRICS_LABELS.has(key)) {
      yield ['labels', key];
    }
  }
  for (const port of scope.ports) {
    for (const key of Object.keys(port.labels).sort()) {
      if (key === 'DCOS_METRICS_FORMAT' || key === 'DCOS_METRICS_ENDPOINT') {
        yield [...port.path, 'labels', key];
      }
    }
  }
}

/** The ports DC/OS scraped, in port order, one target per port; labels that scraped nothing are reported here. */
function scrapeTargets(scope: DefinitionScope): ScrapeTarget[] {
  const byPort = new Map<number, { path: string; labels: JsonPath[] }>();
  const add = (port: PortInfo, path: string, labels: JsonPath[]) => {
    const known = byPort.get(port.index);
    if (known && known.path !== path) {
      // Telegraf scraped both; one endpoint per port keeps the monitor simple, and the port label is the port's own.
      for (const label of labels) {
        scope.notes.approximated(label, `port ${port.name} is already scraped at ${known.path} (its port labels)`);
      }
      return;
    }
    byPort.set(port.index, { path, labels: [...(known?.labels ?? []), ...labels] });
  };
  for (const port of scope.ports) {
    const format = port.labels.DCOS_METRICS_FORMAT;
    const formatAt: JsonPath = [...port.path, 'labels', 'DCOS_METRICS_FORMAT'];
    const endpointAt: JsonPath = [...port.path, 'labels', 'DCOS_METRICS_ENDPOINT'];
    const hasEndpoint = port.labels.DCOS_METRICS_ENDPOINT !== undefined;
    if (format === PROMETHEUS) {
      add(port, metricsPath(scope, port.labels.DCOS_METRICS_ENDPOINT, endpointAt), [
        formatAt,
        ...(hasEndpoint ? [endpointAt] : []),
      ]);
      continue;
    }
    if (format !== undefined) {
      scope.notes.ignored(formatAt, notPrometheus(format));
    }
    if (hasEndpoint) {
      scope.notes.ignored(endpointAt, 'DC/OS read it only on a port labelled DCOS_METRICS_FORMAT=prometheus');
    }
  }
  const labels = scope.definition.spec.labels;
  if ([...DCOS_METRICS_LABELS].some((key) => labels[key] !== undefined)) {
    const task = taskMetricsPort(scope, labels);
    if (task) {
      const endpointAt: JsonPath = ['labels', 'DCOS_METRICS_ENDPOINT'];
      const used = ['DCOS_METRICS_FORMAT', 'DCOS_METRICS_ENDPOINT', task.by]
        .filter((key) => labels[key] !== undefined)
        .map((key): JsonPath => ['labels', key]);
      add(task.port, metricsPath(scope, labels.DCOS_METRICS_ENDPOINT, endpointAt), used);
    }
  }
  return [...byPort.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, target]) => ({ port: scope.ports.find((port) => port.index === index) as PortInfo, ...target }));
}

/**
 * The port a definition's task labels point the scraper at (index first, then name, as telegraf does), or none:
 * then every one of those labels is reported with why.
 */
function taskMetricsPort(
  scope: DefinitionScope,
  labels: Readonly<Record<string, string>>,
): { port: PortInfo; by: 'DCOS_METRICS_PORT_INDEX' | 'DCOS_METRICS_PORT_NAME' } | undefined {
  const { notes } = scope;
  const all = (why: string) => {
    for (const key of DCOS_METRICS_LABELS) {
      if (labels[key] !== undefined) {
        notes.ignored(['labels', key], why);
      }
    }
    return undefined;
  };
  const format = labels.DCOS_METRICS_FORMAT;
  if (format !== PROMETHEUS) {
    return all(format === undefined ? 'DC/OS read it only with DCOS_METRICS_FORMAT=prometheus' : notPrometheus(format));
  }
  const index = labels.DCOS_METRICS_PORT_INDEX;
  const name = labels.DCOS_METRICS_PORT_NAME;
  if (index !== undefined && index !== '') {
    // Go's strconv.Atoi: optional sign, decimal digits.
    const number = /^[+-]?\d+$/.test(index) ? Number(index) : NaN;
    const port = scope.ports.find((candidate) => candidate.index === number);
    if (!port) {
      return all(
        `DCOS_METRICS_PORT_INDEX ${JSON.stringify(index)} names none of the ${scope.ports.length} ports: DC/OS scraped nothing either (telegraf logs "Could not retrieve port index")`,
      );
    }
    if (name !== undefined) {
      notes.ignored(['labels', 'DCOS_METRICS_PORT_NAME'], 'DCOS_METRICS_PORT_INDEX takes priority, as on DC/OS');
    }
    return { port, by: 'DCOS_METRICS_PORT_INDEX' };
  }
  if (name !== undefined && name !== '') {
    // Telegraf keeps the last port of that name.
    const port = [...scope.ports].reverse().find((candidate) => candidate.marathonName === name);
    if (!port) {
      return all(
        `no port is named ${JSON.stringify(name)}: DC/OS scraped nothing either (telegraf logs "Could not match port name")`,
      );
    }
    return { port, by: 'DCOS_METRICS_PORT_NAME' };
  }
  return all('neither DCOS_METRICS_PORT_INDEX nor DCOS_METRICS_PORT_NAME says which port: DC/OS scraped none');
}

function notPrometheus(format: string): string {
  return `DCOS_METRICS_FORMAT ${JSON.stringify(format)}: DC/OS scraped only ports and tasks labelled "prometheus"`;
}

/** The scrape path: the label's value, or `/metrics`; telegraf appended it to `http://host:port`, so it starts with `/`. */
function metricsPath(scope: DefinitionScope, value: string | undefined, at: JsonPath): string {
  if (value === undefined || value === '') {
    return DEFAULT_PATH;
  }
  if (!value.startsWith('/')) {
    scope.notes.approximated(
      at,
      `path /${value}: DC/OS appended it to the port without a slash, which no server answers`,
    );
    return `/${value}`;
  }
  return value;
}
