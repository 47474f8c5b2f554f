import { PathSegment, formatPath } from '../util/json-path';
import { quote } from '../util/describe';
import { Problems, arrayOf, isRecord, recordOf } from './kube-problem';
import { quantityValue } from '../util/quantity';
import { dns1123LabelProblem, envVarNameProblem, portNameProblem } from './kube-syntax';

/**
 * Rules of ValidatePodSpec that a translator can break while every field still has the right type: names,
 * uniqueness, references between containers, mounts and volumes, probe handlers and resource bounds.
 */

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const NO_NAMES: ReadonlySet<string> = new Set();

/** Where a value was first seen, to point at both places when it repeats. */
type FirstSeen = Map<string, readonly PathSegment[]>;

/** Pod-wide state: port, port-name and host-port uniqueness hold across all containers of a pod. */
interface PodScope {
  readonly problems: Problems;
  readonly volumes: ReadonlySet<string>;
  readonly claims: ReadonlySet<string>;
  readonly containerNames: FirstSeen;
  readonly ports: FirstSeen;
  readonly portNames: FirstSeen;
  readonly hostPorts: FirstSeen;
}

/**
 * Checks the pod spec at `at`. `claims` are the StatefulSet's volumeClaimTemplates names, which containers may mount
 * like volumes.
 */
export function checkPodSpec(
  spec: unknown,
  at: readonly PathSegment[],
  problems: Problems,
  claims: ReadonlySet<string> = NO_NAMES,
): void {
  if (!isRecord(spec)) {
    return;
  }
  if (Array.isArray(spec.containers) && spec.containers.length === 0) {
    problems.add([...at, 'containers'], 'a pod needs at least one container');
  }
  const scope: PodScope = {
    problems,
    volumes: checkVolumes(spec.volumes, [...at, 'volumes'], problems),
    claims,
    containerNames: new Map(),
    ports: new Map(),
    portNames: new Map(),
    hostPorts: new Map(),
  };
  for (const list of CONTAINER_LISTS) {
    arrayOf(spec[list]).forEach((container, i) => {
      if (isRecord(container)) {
        checkContainer(container, list, [...at, list, i], scope);
      }
    });
  }
}

/**
 * Remembers `key` at `at`, or reports it as a duplicate of the first place it was seen. `describe` is a constant
 * function so that only duplicates pay for a message.
 */
function unique(
  seen: FirstSeen,
  key: string,
  at: readonly PathSegment[],
  problems: Problems,
  describe: (key: string) => string,
): void {
  const first = seen.get(key);
  if (first === undefined) {
    seen.set(key, at);
  } else {
    problems.add(at, `duplicate ${describe(key)} (also at ${formatPath(first)})`);
  }
}

const VOLUME_NAME = (key: string) => `volume name ${quote(key)}`;
const CONTAINER_NAME = (key: string) => `container name ${quote(key)}`;
const PORT_NAME = (key: string) => `port name ${quote(key)} in this pod`;
const CONTAINER_PORT = (key: string) => `container port ${key} in this pod`;
const HOST_PORT = (key: string) => `host port ${key} in this pod`;
// Kubernetes keeps the last of two same-named variables: the first is silently dropped.
const ENV_NAME = (key: string) => `environment variable ${quote(key)}; the later one would silently win`;
const MOUNT_PATH = (key: string) => `mount path ${quote(key)} in this container`;

function checkVolumes(volumes: unknown, at: readonly PathSegment[], problems: Problems): Set<string> {
  const names = new Set<string>();
  const seen: FirstSeen = new Map();
  arrayOf(volumes).forEach((volume, i) => {
    if (!isRecord(volume)) {
      return;
    }
    const name = volume.name;
    if (typeof name === 'string') {
      const problem = dns1123LabelProblem(name);
      if (problem !== undefined) {
        problems.add([...at, i, 'name'], problem);
      }
      unique(seen, name, [...at, i, 'name'], problems, VOLUME_NAME);
      names.add(name);
    }
    const sources = Object.keys(volume).filter(
      (key) => key !== 'name' && volume[key] !== undefined && volume[key] !== null,
    );
    if (sources.length !== 1) {
      const found = sources.length === 0 ? 'none' : sources.join(', ');
      problems.add(
        [...at, i],
        `a volume needs exactly one source (emptyDir, configMap, secret, persistentVolumeClaim, …); found ${found}`,
      );
    }
  });
  return names;
}

function checkContainer(
  container: Record<string, unknown>,
  list: (typeof CONTAINER_LISTS)[number],
  at: readonly PathSegment[],
  scope: PodScope,
): void {
  const { problems } = scope;
  if (typeof container.name === 'string') {
    const problem = dns1123LabelProblem(container.name);
    if (problem !== undefined) {
      problems.add([...at, 'name'], problem);
    }
    unique(scope.containerNames, container.name, [...at, 'name'], problems, CONTAINER_NAME);
  }
  if (container.image === undefined || container.image === '') {
    problems.add([...at, 'image'], 'required field "image" is missing or empty');
  }
  const portNames = checkPorts(container.ports, [...at, 'ports'], scope);
  checkEnv(container.env, [...at, 'env'], problems);
  checkMounts(container.volumeMounts, [...at, 'volumeMounts'], scope);
  // Only sidecars (init containers with restartPolicy Always) keep running, so only they may have probes.
  const runsToCompletion = list === 'initContainers' && container.restartPolicy !== 'Always';
  for (const probe of PROBES) {
    const value = recordOf(container[probe]);
    if (value === undefined) {
      continue;
    }
    if (runsToCompletion) {
      problems.add([...at, probe], 'init containers may not have probes unless restartPolicy is "Always" (a sidecar)');
    } else {
      checkProbe(value, probe, portNames, [...at, probe], problems);
    }
  }
  checkResources(recordOf(container.resources), [...at, 'resources'], problems);
}

/** Returns the container's own port names, which its probes may refer to. */
function checkPorts(ports: unknown, at: readonly PathSegment[], scope: PodScope): ReadonlySet<string> {
  const { problems } = scope;
  const list = arrayOf(ports);
  if (list.length === 0) {
    return NO_NAMES;
  }
  const names = new Set<string>();
  list.forEach((port, i) => {
    if (!isRecord(port)) {
      return;
    }
    const protocol = typeof port.protocol === 'string' ? port.protocol : 'TCP';
    if (typeof port.name === 'string') {
      const problem = portNameProblem(port.name);
      if (problem !== undefined) {
        problems.add([...at, i, 'name'], problem);
      }
      unique(scope.portNames, port.name, [...at, i, 'name'], problems, PORT_NAME);
      names.add(port.name);
    }
    if (typeof port.containerPort === 'number') {
      checkPortNumber(port.containerPort, [...at, i, 'containerPort'], problems);
      unique(scope.ports, `${port.containerPort}/${protocol}`, [...at, i], problems, CONTAINER_PORT);
    }
    if (typeof port.hostPort === 'number' && port.hostPort !== 0) {
      checkPortNumber(port.hostPort, [...at, i, 'hostPort'], problems);
      const hostIP = typeof port.hostIP === 'string' && port.hostIP !== '' ? `${port.hostIP}:` : '';
      unique(scope.hostPorts, `${hostIP}${port.hostPort}/${protocol}`, [...at, i, 'hostPort'], problems, HOST_PORT);
    }
  });
  return names;
}

/** A port number is 1–65535 (kubernetes-models only checks that it is an integer). */
export function checkPortNumber(port: number, at: readonly PathSegment[], problems: Problems): void {
  if (Number.isInteger(port) && (port < 1 || port > 65535)) {
    problems.add(at, `must be a port number between 1 and 65535, got ${port}`);
  }
}

function checkEnv(env: unknown, at: readonly PathSegment[], problems: Problems): void {
  const seen: FirstSeen = new Map();
  arrayOf(env).forEach((variable, i) => {
    if (!isRecord(variable) || typeof variable.name !== 'string') {
      return;
    }
    const problem = envVarNameProblem(variable.name);
    if (problem !== undefined) {
      problems.add([...at, i, 'name'], problem);
    }
    unique(seen, variable.name, [...at, i, 'name'], problems, ENV_NAME);
  });
}

function checkMounts(mounts: unknown, at: readonly PathSegment[], scope: PodScope): void {
  const { problems } = scope;
  const paths: FirstSeen = new Map();
  arrayOf(mounts).forEach((mount, i) => {
    if (!isRecord(mount)) {
      return;
    }
    if (typeof mount.name === 'string' && !scope.volumes.has(mount.name) && !scope.claims.has(mount.name)) {
      const declared = [...scope.volumes, ...scope.claims];
      const known =
        declared.length > 0 ? `declared: ${declared.map((n) => quote(n)).join(', ')}` : 'the pod declares no volumes';
      problems.add([...at, i, 'name'], `mounts volume ${quote(mount.name)}, which the pod does not declare (${known})`);
    }
    if (typeof mount.mountPath === 'string') {
      unique(paths, mount.mountPath, [...at, i, 'mountPath'], problems, MOUNT_PATH);
    }
  });
}

function checkProbe(
  probe: Record<string, unknown>,
  kind: (typeof PROBES)[number],
  portNames: ReadonlySet<string>,
  at: readonly PathSegment[],
  problems: Problems,
): void {
  const handlers = PROBE_HANDLERS.filter((handler) => probe[handler] !== undefined && probe[handler] !== null);
  if (handlers.length !== 1) {
    const found = handlers.length === 0 ? 'none' : handlers.join(' and ');
    problems.add(at, `a probe needs exactly one handler (exec, httpGet, tcpSocket or grpc); found ${found}`);
  }
  for (const handler of ['httpGet', 'tcpSocket'] as const) {
    const port = recordOf(probe[handler])?.port;
    const portAt = [...at, handler, 'port'];
    if (typeof port === 'number') {
      checkPortNumber(port, portAt, problems);
    }
    // The kubelet resolves a named probe port against this container's ports only.
    if (typeof port === 'string' && !portNames.has(port)) {
      const known =
        portNames.size > 0
          ? `its ports are ${[...portNames].map((n) => quote(n)).join(', ')}`
          : 'it has no named ports';
      problems.add(portAt, `refers to port ${quote(port)}, which this container does not declare (${known})`);
    }
  }
  if (kind !== 'readinessProbe' && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    problems.add([...at, 'successThreshold'], `must be 1 for a ${kind}, got ${JSON.stringify(probe.successThreshold)}`);
  }
}

/** The API server rejects a request above its limit ("must be less than or equal to … limit"). */
function checkResources(
  resources: Record<string, unknown> | undefined,
  at: readonly PathSegment[],
  problems: Problems,
): void {
  const requests = recordOf(resources?.requests);
  const limits = recordOf(resources?.limits);
  if (requests === undefined || limits === undefined) {
    return;
  }
  for (const [resource, request] of Object.entries(requests)) {
    const requested = quantityValue(request);
    const limit = quantityValue(limits[resource]);
    if (requested !== undefined && limit !== undefined && requested > limit) {
      problems.add(
        [...at, 'requests', resource],
        `request ${JSON.stringify(request)} is above the limit ${JSON.stringify(limits[resource])}`,
      );
    }
  }
}
