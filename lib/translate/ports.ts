import { JsonPath } from '../util/json-path';
import { MarathonApp } from '../marathon/model/app';
import { PortProtocol, StringMap } from '../marathon/model/common';
import { MarathonPod } from '../marathon/model/pod';
import { portName } from './naming';
import { Notes } from './notes';

/** A port of the workload as Kubernetes sees it. */
export interface PortInfo {
  /** Position among the app's ports: `$PORT<index>`. */
  readonly index: number;
  /** The Marathon port name, when there was one. */
  readonly marathonName?: string;
  /** IANA port name for Kubernetes (unique within the workload). */
  readonly name: string;
  /** The port the process listens on inside the pod. */
  readonly containerPort: number;
  readonly protocols: readonly ('TCP' | 'UDP')[];
  /** The well-known port clients used (service port, VIP port target); 0 when Marathon would have picked one. */
  readonly servicePort: number;
  /** A host port the app insisted on (requirePorts / fixed hostPort), for the hostPorts option. */
  readonly fixedHostPort?: number;
  readonly labels: StringMap;
  /** The normalized path of the port's definition. */
  readonly path: JsonPath;
  /** The pod container the port belongs to (pods only). */
  readonly container?: string;
}

const DYNAMIC_PORT_BASE = 10000;
const MAX_PORT = 65535;

/**
 * The ports of an app. Marathon assigned dynamic host ports at launch; on Kubernetes every pod has its own IP,
 * so a dynamic port becomes a fixed one (10000 + index, skipping ports in use) and `$PORTn` says which.
 */
export function appPorts(app: MarathonApp, notes: Notes): PortInfo[] {
  const hostMode = app.networks.some((network) => network.mode === 'host');
  const bridge = app.networks.some((network) => network.mode === 'container/bridge');
  const used = new Set<number>();
  const raw = hostMode
    ? app.portDefinitions.map((definition, index) => ({
        index,
        marathonName: definition.name,
        wanted: definition.port,
        servicePort: definition.port,
        fixedHostPort: app.requirePorts && definition.port !== 0 ? definition.port : undefined,
        protocol: definition.protocol,
        labels: definition.labels,
        path: ['portDefinitions', index] as JsonPath,
      }))
    : (app.container?.portMappings ?? []).map((mapping, index) => ({
        index,
        marathonName: mapping.name,
        // containerPort 0 in bridge mode means "the same as the host port".
        wanted: mapping.containerPort !== 0 ? mapping.containerPort : bridge ? (mapping.hostPort ?? 0) : 0,
        servicePort: mapping.servicePort,
        fixedHostPort: mapping.hostPort !== undefined && mapping.hostPort !== 0 ? mapping.hostPort : undefined,
        protocol: mapping.protocol,
        labels: mapping.labels,
        path: ['container', 'portMappings', index] as JsonPath,
      }));
  for (const port of raw) {
    if (port.wanted !== 0) {
      used.add(port.wanted);
    }
  }
  const names = new Set<string>();
  return raw.map((port) => {
    let containerPort = port.wanted;
    if (containerPort === 0) {
      containerPort = nextFree(DYNAMIC_PORT_BASE + port.index, used);
      notes.approximated(
        [...port.path],
        `Marathon picked a dynamic port at launch; on Kubernetes the pod has its own IP, so the app listens on ${containerPort} ($PORT${port.index})`,
      );
    } else {
      notes.translated([...port.path], `container port ${containerPort}`);
    }
    portFieldNotes(notes, port, containerPort, hostMode);
    return {
      index: port.index,
      ...(port.marathonName !== undefined ? { marathonName: port.marathonName } : {}),
      name: uniquePortName(portName(port.marathonName) ?? `port${port.index}`, names),
      containerPort,
      protocols: protocolsOf(port.protocol),
      servicePort: port.servicePort,
      ...(port.fixedHostPort !== undefined ? { fixedHostPort: port.fixedHostPort } : {}),
      labels: port.labels,
      path: port.path,
    };
  });
}

/** The endpoints of a pod's containers. */
export function podPorts(pod: MarathonPod, notes: Notes): PortInfo[] {
  const containerMode = pod.networks.some((network) => network.mode !== 'host');
  const used = new Set<number>();
  const raw = pod.containers.flatMap((container, c) =>
    container.endpoints.map((endpoint, e) => ({
      container: container.name,
      marathonName: endpoint.name,
      wanted: containerMode ? (endpoint.containerPort ?? 0) : (endpoint.hostPort ?? 0),
      fixedHostPort: endpoint.hostPort !== undefined && endpoint.hostPort !== 0 ? endpoint.hostPort : undefined,
      protocols: endpoint.protocol,
      labels: endpoint.labels,
      path: ['containers', c, 'endpoints', e] as JsonPath,
    })),
  );
  for (const port of raw) {
    if (port.wanted !== 0) {
      used.add(port.wanted);
    }
  }
  const names = new Set<string>();
  return raw.map((port, index) => {
    let containerPort = port.wanted;
    if (containerPort === 0) {
      containerPort = nextFree(DYNAMIC_PORT_BASE + index, used);
      notes.approximated(
        [...port.path],
        `Marathon allocated a host port at launch; on Kubernetes the pod listens on ${containerPort} ($ENDPOINT_${envName(port.marathonName)})`,
      );
    } else {
      notes.translated([...port.path], `container port ${containerPort}`);
    }
    return {
      index,
      marathonName: port.marathonName,
      name: uniquePortName(portName(port.marathonName) ?? `port${index}`, names),
      containerPort,
      protocols: port.protocols.map((protocol) => (protocol.toLowerCase() === 'udp' ? 'UDP' : 'TCP')),
      servicePort: 0,
      ...(port.fixedHostPort !== undefined ? { fixedHostPort: port.fixedHostPort } : {}),
      labels: port.labels,
      path: port.path,
      container: port.container,
    };
  });
}

function protocolsOf(protocol: PortProtocol): ('TCP' | 'UDP')[] {
  return protocol === 'udp,tcp' ? ['TCP', 'UDP'] : protocol === 'udp' ? ['UDP'] : ['TCP'];
}

/** Kubernetes port names, one per (port, protocol); the second protocol of a `udp,tcp` port gets a suffix. */
export function protocolPortName(port: PortInfo, protocol: 'TCP' | 'UDP'): string {
  if (port.protocols.length === 1 || protocol === port.protocols[0]) {
    return port.name;
  }
  return `${trimmed(port.name, 11)}-${protocol.toLowerCase()}`;
}

/** The first `length` characters, without a trailing "-" that would make "--" (not an IANA service name). */
function trimmed(name: string, length: number): string {
  return name.slice(0, length).replace(/-+$/, '');
}

/** The name Marathon gives a port's environment variable: `PORT_HTTP_API` for `http-api`. */
export function envName(name: string | undefined): string {
  return (name ?? '').toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/** What each field of a port definition or mapping became. */
function portFieldNotes(
  notes: Notes,
  { path, servicePort }: { readonly path: JsonPath; readonly servicePort: number },
  containerPort: number,
  hostMode: boolean,
): void {
  const field = (name: string) => [...path, name];
  notes.translated(field('name'), 'port name (IANA form) on the container and the Service');
  notes.translated(field('protocol'), 'container and Service port protocol');
  if (hostMode) {
    notes.translated(
      field('port'),
      servicePort !== 0 ? `container port and Service port ${servicePort}` : `dynamic: container port ${containerPort}`,
    );
  } else {
    notes.translated(field('containerPort'), `container port ${containerPort}`);
    notes.approximated(
      field('hostPort'),
      'pods have their own IP, so no host port is taken (option hostPorts keeps fixed ones)',
    );
    notes.translated(
      field('servicePort'),
      servicePort !== 0
        ? `Service port ${servicePort}`
        : `Service port ${containerPort} (Marathon assigned a random service port)`,
    );
    notes.translated(field('networkNames'), 'the pod network');
  }
  notes.ignored(field('labels'), 'port labels are metadata for DC/OS tools; VIP labels are translated on their own');
}

/**
 * The first port from `start` not in use, wrapping around below it once the port numbers run out: validation
 * bounds a workload to as many ports as there are numbers, so one is always free.
 */
export function nextFree(start: number, used: Set<number>): number {
  let port = Math.min(start, MAX_PORT);
  while (used.has(port)) {
    port = port === MAX_PORT ? 1 : port + 1;
  }
  used.add(port);
  return port;
}

/** `base`, or `base-2`, `base-3`…: the first not in `taken`, still an IANA service name (≤ 15 characters, no "--"). */
export function uniquePortName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) {
    name = `${trimmed(base, Math.min(12, 14 - String(i).length))}-${i}`;
  }
  taken.add(name);
  return name;
}
