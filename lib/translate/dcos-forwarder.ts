import { compareStrings } from '../util/compare';
import { isCredential } from '../util/credential-rules';
import { quote } from '../util/describe';
import { JsonPath, formatPath } from '../util/json-path';
import { AppDefinition, PodDefinition } from '../marathon/load/definition';
import { PortDefinition, PortMapping } from '../marathon/model/app';
import { Network, StringMap } from '../marathon/model/common';
import { Endpoint } from '../marathon/model/pod';
import { coexistenceHost, coexistencePort, coexistenceService } from './coexistence-service';
import { Service } from './kube';
import { protocolPortName } from './ports';
import { DefinitionScope } from './scope';
import { shellQuote } from './shell';

/**
 * The label every forwarder carries, naming the EKS host it relays to: a later run (or a person) tells a forwarder
 * from the app it replaced by it.
 */
export const FORWARDER_LABEL = 'MARATHON_TO_EKS_FORWARDER';

/** marathon-lb's labels (`HAPROXY_GROUP`, `HAPROXY_<n>_*`): the forwarder keeps them, so marathon-lb routes to it. */
const MARATHON_LB_LABEL = /^HAPROXY_/;

/**
 * A forwarder's resources: socat relays bytes and forks one small process per connection, so a tenth of a CPU and
 * 64 MiB serve a few relays; each listening socat takes a few MiB more, so an app with a hundred ports (a
 * marathon-lb) gets room for them. The agent reserves what is declared, so the original's share is given back.
 */
const CPUS = 0.1;
const MEM = 64;
const MEM_PER_RELAY = 4;

/**
 * A UDP relay child ends after this many idle seconds: UDP has no end of stream, so without it every peer's child
 * would live for ever (socat(1), option `-T<timeout>`: "Useful with protocols like UDP that cannot transfer EOF").
 */
const UDP_IDLE_SECONDS = 60;

/** The forwarder's Marathon health check: marathon-lb only routes to tasks that pass theirs. */
const HEALTH_CHECK = { gracePeriodSeconds: 30, intervalSeconds: 10, timeoutSeconds: 5, maxConsecutiveFailures: 3 };

export interface DcosForwarder {
  /** Path in the output directory: `dcos/forwarders/<namespace>/<name>.json`. */
  readonly file: string;
  /**
   * The Marathon app definition, ready for `PUT /v2/apps/<id>?partialUpdate=false`. Without `partialUpdate=false`,
   * Marathon merges the body into the running app and keeps every field the body leaves out, such as the original's
   * `args`, `user`, `env`, `secrets`, `constraints` and `fetch` (mesosphere/marathon v1.10.26
   * src/main/scala/mesosphere/marathon/raml/AppConversion.scala `appUpdateRamlReader`; the default is `true`,
   * api/v2/AppsResource.scala). `dcos marathon app update` sends only `force` (dcos/dcos-core-cli
   * python/lib/dcos/dcos/marathon.py `_update_req`), so it does such a merge.
   */
  readonly app: Record<string, unknown>;
  /** What the forwarder could not keep of the original (UDP ports without…, hidden labels…), for the report. */
  readonly notes: readonly string[];
}

type Json = Record<string, unknown>;

/** What a forwarder can stand in for: an app or a pod. */
type Runnable = AppDefinition | PodDefinition;

/** The forwarder's networking, in the original's mode, and where it listens for each of the workload's ports. */
interface Networking {
  readonly containerType: 'DOCKER' | 'MESOS';
  readonly networks: readonly Json[];
  readonly portDefinitions?: readonly Json[];
  readonly portMappings?: readonly Json[];
  readonly requirePorts: boolean;
  /** By the workload's port index: the port number socat listens on, or undefined for `$PORT<n>`. */
  readonly listenPorts: readonly (number | undefined)[];
}

/** One socat: where it listens (a shell word), and where on the NLB it relays to. */
interface Relay {
  readonly index: number;
  readonly listen: string;
  readonly protocol: 'TCP' | 'UDP';
  readonly target: number;
}

/** The Marathon app that takes the place of the workload on DC/OS at cut-over; undefined when it has no ports. */
export function dcosForwarder(scope: DefinitionScope, domain: string): DcosForwarder | undefined {
  const { definition } = scope;
  if (definition.kind === 'job') {
    return undefined;
  }
  const service = coexistenceService(scope, domain);
  if (service === undefined) {
    return undefined;
  }
  const host = coexistenceHost(scope, domain);
  const notes: string[] = [];
  const networking =
    definition.kind === 'app' ? appNetworking(scope, definition, notes) : podNetworking(scope, definition, notes);
  const relays = relaysOf(scope, service, networking, notes);
  const labels = forwarderLabels(scope, host, notes);
  placementNotes(definition, notes);
  const instances = instanceCount(definition, notes);
  const roles = acceptedRoles(definition);
  const { containerType, networks, portDefinitions, portMappings, requirePorts } = networking;
  const app: Json = {
    id: definition.spec.id,
    instances,
    cpus: CPUS,
    mem: MEM + MEM_PER_RELAY * Math.max(0, relays.length - 4),
    cmd: forwardingCommand(relays, host),
    container: {
      type: containerType,
      docker: { image: scope.options.forwarderImage },
      ...(portMappings !== undefined ? { portMappings } : {}),
    },
    networks,
    ...(portDefinitions !== undefined ? { portDefinitions } : {}),
    ...(requirePorts ? { requirePorts } : {}),
    ...(roles.length > 0 ? { acceptedResourceRoles: roles } : {}),
    healthChecks: healthChecks(relays),
    labels,
  };
  return { file: `dcos/forwarders/${scope.namespace}/${scope.name}.json`, app, notes };
}

/**
 * An app's forwarder keeps its networking and container type: the agents it ran on run that containerizer, and both
 * run the forwarder's `cmd` with `/bin/sh -c` in place of the image's entrypoint (apache/mesos 1.11.0
 * src/docker/docker.cpp `Docker::RunOptions::create`: `--entrypoint /bin/sh` when `CommandInfo.shell`;
 * src/slave/containerizer/mesos/isolators/docker/runtime.cpp `getLaunchCommand`: a shell command ignores the image's
 * Entrypoint and Cmd; Marathon's `cmd` is a shell command, include/mesos/mesos.proto `shell` defaults to true). A
 * command app without a container gets the Mesos containerizer (UCR), which every agent runs.
 */
function appNetworking(scope: DefinitionScope, definition: AppDefinition, notes: string[]): Networking {
  const app = definition.spec;
  const containerType = app.container?.type ?? 'MESOS';
  const networks = app.networks.map(networkJson);
  if (app.networks.some((network) => network.mode === 'host')) {
    return {
      containerType,
      networks,
      portDefinitions: app.portDefinitions.map((port, i) => portDefinitionJson(scope, port, i, notes)),
      requirePorts: app.requirePorts,
      listenPorts: app.portDefinitions.map(() => undefined),
    };
  }
  const mappings = app.container?.portMappings ?? [];
  return {
    containerType,
    networks,
    portMappings: mappings.map((mapping, i) => portMappingJson(scope, mapping, i, notes)),
    requirePorts: false,
    // Marathon sets $PORT<n> to the host port of a mapping that has one (mesosphere/marathon v1.10.26
    // src/main/scala/mesosphere/mesos/EnvironmentHelper.scala `portsEnv`), so socat listens on the container port;
    // a container port 0 takes the host port's number (TaskBuilder.scala `boundPortMappings`), which $PORT<n> holds.
    listenPorts: mappings.map((mapping) => (mapping.containerPort !== 0 ? mapping.containerPort : undefined)),
  };
}

/**
 * A pod becomes an app of the same id on the Mesos containerizer (pods only ever ran there), its endpoints port
 * mappings: on the pod's container networks, or in bridge mode when the pod used the host's, each on the pod's host
 * port. Marathon lets no app and pod share an id (v1.10.26 src/main/scala/mesosphere/marathon/state/Group.scala
 * `noAppsAndPodsWithSameId`), so the pod goes first.
 */
function podNetworking(scope: DefinitionScope, definition: PodDefinition, notes: string[]): Networking {
  const pod = definition.spec;
  const hostMode = pod.networks.some((network) => network.mode === 'host');
  const endpoints = pod.containers.flatMap((container, c) =>
    container.endpoints.map((endpoint, e) => ({ endpoint, path: ['containers', c, 'endpoints', e] as JsonPath })),
  );
  notes.push(
    `Marathon lets no app and pod share an id: remove the pod ${quote(pod.id)} (dcos marathon pod remove) before creating the forwarder (POST /v2/apps); roll back by removing the forwarder app and creating the pod again`,
  );
  return {
    containerType: 'MESOS',
    networks: hostMode ? [{ mode: 'container/bridge' }] : pod.networks.map(networkJson),
    portMappings: endpoints.map(({ endpoint, path }) => endpointJson(scope, endpoint, { path, hostMode }, notes)),
    requirePorts: false,
    listenPorts: endpoints.map(({ endpoint }) => {
      const port = (hostMode ? endpoint.hostPort : endpoint.containerPort) ?? 0;
      return port !== 0 ? port : undefined;
    }),
  };
}

function networkJson(network: Network): Json {
  return {
    mode: network.mode,
    ...(network.name !== undefined ? { name: network.name } : {}),
    ...(Object.keys(network.labels).length > 0 ? { labels: network.labels } : {}),
  };
}

/**
 * A field of a port is kept when the user wrote it (in any form Marathon accepts; provenance follows the legacy
 * ones), or when it differs from Marathon's default: what the user left out, Marathon fills in again the same way.
 */
function kept(scope: DefinitionScope, path: JsonPath, field: string, isDefault: boolean): boolean {
  return !isDefault || scope.definition.provenance.originalPathOf([...path, field]) !== undefined;
}

/**
 * A host port as the original declares it: the same `port` (Marathon's service port, which marathon-lb and VIPs
 * use). A port 0 keeps the service port Marathon assigned it, as an update that leaves a service port 0 takes the
 * app's old service ports (v1.10.26 src/main/scala/mesosphere/marathon/core/group/impl/AssignDynamicServiceLogic.scala
 * `assignPorts`).
 */
function portDefinitionJson(scope: DefinitionScope, port: PortDefinition, i: number, notes: string[]): Json {
  const path = ['portDefinitions', i];
  const labels = portLabels(port.labels, path, notes);
  return {
    port: port.port,
    ...(port.name !== undefined ? { name: port.name } : {}),
    ...(kept(scope, path, 'protocol', port.protocol === 'tcp') ? { protocol: port.protocol } : {}),
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
  };
}

function portMappingJson(scope: DefinitionScope, mapping: PortMapping, i: number, notes: string[]): Json {
  const path = ['container', 'portMappings', i];
  const labels = portLabels(mapping.labels, path, notes);
  return {
    containerPort: mapping.containerPort,
    ...(mapping.hostPort !== undefined ? { hostPort: mapping.hostPort } : {}),
    ...(kept(scope, path, 'servicePort', mapping.servicePort === 0) ? { servicePort: mapping.servicePort } : {}),
    ...(mapping.name !== undefined ? { name: mapping.name } : {}),
    ...(kept(scope, path, 'protocol', mapping.protocol === 'tcp') ? { protocol: mapping.protocol } : {}),
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    ...(mapping.networkNames.length > 0 ? { networkNames: mapping.networkNames } : {}),
  };
}

/** A pod endpoint as a port mapping: a pod's `["udp", "tcp"]` is an app's `"udp,tcp"`. */
function endpointJson(
  scope: DefinitionScope,
  endpoint: Endpoint,
  where: { readonly path: JsonPath; readonly hostMode: boolean },
  notes: string[],
): Json {
  const protocols = new Set(endpoint.protocol.map((protocol) => protocol.toLowerCase()));
  const protocol = protocols.has('udp') ? (protocols.has('tcp') ? 'udp,tcp' : 'udp') : 'tcp';
  const labels = portLabels(endpoint.labels, where.path, notes);
  const hostPort = endpoint.hostPort ?? 0;
  return {
    // In bridge mode a container port 0 is "the host port's number" (see appNetworking).
    containerPort: where.hostMode ? hostPort : (endpoint.containerPort ?? 0),
    ...(where.hostMode || endpoint.hostPort !== undefined ? { hostPort } : {}),
    name: endpoint.name,
    ...(kept(scope, where.path, 'protocol', protocol === 'tcp') ? { protocol } : {}),
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    ...(endpoint.networkNames.length > 0 ? { networkNames: endpoint.networkNames } : {}),
  };
}

/** A port's labels (VIP_<n> above all), but none whose value looks like a credential. */
function portLabels(labels: StringMap, path: JsonPath, notes: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels).sort(compareStrings)) {
    if (isCredential(labels[key], key)) {
      notes.push(`port label ${quote(key)} of ${formatPath(path)} is not copied: its value looks like a credential`);
    } else {
      out[key] = labels[key];
    }
  }
  return out;
}

/**
 * One relay per port and protocol, to the NLB port the coexistence Service offers for it (the workload's own
 * Service's numbers). In host mode socat listens on `$PORT<n>`, the host port Marathon gave the task.
 */
function relaysOf(scope: DefinitionScope, service: Service, networking: Networking, notes: string[]): Relay[] {
  const relays = scope.ports.flatMap((port, index) => {
    const fixed = networking.listenPorts[index];
    const listen = fixed !== undefined ? String(fixed) : `"$PORT${index}"`;
    return port.protocols.flatMap((protocol): Relay[] => {
      const target = coexistencePort(
        service,
        { name: protocolPortName(port, protocol), containerPort: port.containerPort },
        protocol,
      );
      if (target === undefined) {
        notes.push(`port ${index} (${protocol}) is not relayed: the coexistence Service offers no port for it`);
        return [];
      }
      return [{ index, listen, protocol, target }];
    });
  });
  if (!relays.some((relay) => relay.protocol === 'TCP')) {
    notes.push(
      'no port has TCP, so the forwarder has no health check (Marathon health checks cannot probe UDP): marathon-lb and Marathon take a running task for a ready one',
    );
  }
  if (relays.some((relay) => relay.protocol === 'UDP')) {
    notes.push(UDP_ON_THE_NLB);
  }
  return relays;
}

/**
 * UDP through the NLB (AWS Load Balancer Controller v3.2.2): health checks are TCP on the traffic port unless the
 * Service says otherwise (docs/guide/service/annotations.md `healthcheck-protocol`); UDP targets always see the
 * client's address, and for an internal NLB the pods' security group admits the VPC's CIDRs only
 * (pkg/service/model_build_target_group.go `getDefaultIPSourceRanges`).
 */
const UDP_ON_THE_NLB =
  "UDP on the NLB: its health checks of the pods are TCP on the same port (the load balancer controller's default), and UDP arrives from the DC/OS agents' own addresses, which the pods' security group admits from the VPC's CIDRs only: set the coexistence Service's loadBalancerSourceRanges when the agents are outside the EKS VPC";

/**
 * One socat per relay, all in the background. The first to end ends the task: `kill $$` runs the TERM trap, which
 * stops the other relays of the process group (`kill 0`) and exits, so Marathon restarts a forwarder that no longer
 * relays every port; Marathon's own TERM at a kill takes the same way. The trap clears itself first, so `kill 0` does
 * not run it again; the shell may be PID 1 of the container, which takes no default action on a signal, hence the
 * `exit`. Every interpolated value is quoted for the shell.
 */
function forwardingCommand(relays: readonly Relay[], host: string): string {
  const jobs = relays.map((relay) => `{ ${socat(relay, host)}; kill $$; } &`);
  return ["trap 'trap - TERM; kill 0; exit 1' TERM;", ...jobs, 'wait'].join(' ');
}

/**
 * socat(1): `TCP4-LISTEN:<port>,fork,reuseaddr` accepts each connection in a child, which opens `TCP4:<host>:<port>`
 * (resolving the NLB's name per connection); `UDP4-LISTEN` does the same per peer. IPv4: DC/OS agents and the
 * internal NLB speak it, so a name that also has AAAA records never picks an unreachable address.
 */
function socat(relay: Relay, host: string): string {
  const target = shellQuote(`${relay.protocol}4:${host}:${relay.target}`);
  return relay.protocol === 'TCP'
    ? `socat TCP4-LISTEN:${relay.listen},fork,reuseaddr ${target}`
    : `socat -T${UDP_IDLE_SECONDS} UDP4-LISTEN:${relay.listen},fork,reuseaddr ${target}`;
}

/**
 * A Mesos TCP check of the first TCP port (`portIndex`: its place in the app's ports), so marathon-lb routes to a
 * forwarder once it listens. One only: Marathon takes at most one Mesos health check per app (mesosphere/marathon
 * v1.10.26 src/main/scala/mesosphere/marathon/api/v2/validation/AppValidation.scala, state/AppDefinition.scala
 * "AppDefinition can contain at most one Mesos health check"); the relays of the other ports are watched by the
 * command, which ends the task when one of them ends.
 */
function healthChecks(relays: readonly Relay[]): Json[] {
  const first = relays.find((relay) => relay.protocol === 'TCP');
  return first !== undefined ? [{ protocol: 'MESOS_TCP', portIndex: first.index, ...HEALTH_CHECK }] : [];
}

/**
 * The original's marathon-lb labels, so its routes (`HAPROXY_GROUP`, `HAPROXY_0_VHOST`…) now reach the forwarder,
 * and {@link FORWARDER_LABEL}. A label the translation hides (a credential in a HAProxy option) is left out.
 */
function forwarderLabels(scope: DefinitionScope, host: string, notes: string[]): Record<string, string> {
  const original: StringMap = scope.definition.spec.labels;
  const labels: Record<string, string> = {};
  const others: string[] = [];
  for (const key of Object.keys(original).sort(compareStrings)) {
    if (key === FORWARDER_LABEL) {
      continue;
    }
    if (!MARATHON_LB_LABEL.test(key)) {
      others.push(key);
    } else if (scope.hiddenLabels.has(key)) {
      notes.push(
        `label ${quote(key)} is not copied: its value looks like a credential, so marathon-lb no longer applies it; set it on the forwarder by hand if it is needed`,
      );
    } else {
      labels[key] = original[key];
    }
  }
  if (others.length > 0) {
    notes.push(
      `labels not kept (a forwarder carries only marathon-lb's HAPROXY_* labels): ${others.map((key) => quote(key)).join(', ')}`,
    );
  }
  labels[FORWARDER_LABEL] = host;
  return labels;
}

/** A forwarder runs on any agent: the original's constraints placed its own work, not a relay's. */
function placementNotes(definition: Runnable, notes: string[]): void {
  const constraints =
    definition.kind === 'app' ? definition.spec.constraints : definition.spec.scheduling.placement.constraints;
  if (constraints.length > 0) {
    const list = constraints.map((c) =>
      [c.fieldName, c.operator, ...(c.value !== undefined ? [c.value] : [])].join(' '),
    );
    notes.push(
      `placement not kept: the original's constraints (${list.map((text) => quote(text)).join(', ')}) do not apply to the forwarder, which runs on any agent`,
    );
  }
  const volumes: readonly { readonly kind: string }[] =
    definition.kind === 'app' ? (definition.spec.container?.volumes ?? []) : definition.spec.volumes;
  const stored = volumes.filter((volume) => volume.kind === 'persistent' || volume.kind === 'external').length;
  if (stored > 0) {
    notes.push(
      `the original's ${stored === 1 ? 'persistent volume is' : `${stored} persistent volumes are`} not kept (a forwarder holds no data): move the data to EKS before the cut-over, and keep the original definition to roll back`,
    );
  }
}

/** The original's instance count, at least one: DC/OS callers need a relay even when the original was suspended. */
function instanceCount(definition: Runnable, notes: string[]): number {
  const instances = definition.kind === 'app' ? definition.spec.instances : definition.spec.scaling.instances;
  if (instances < 1) {
    notes.push('the original has 0 instances (suspended); the forwarder runs 1 so DC/OS callers keep a route');
  }
  return Math.max(1, instances);
}

/**
 * The original's accepted resource roles: on public agents (`slave_public`) a host port is an address callers outside
 * the cluster use, so the forwarder stays on the kind of agent the original ran on.
 */
function acceptedRoles(definition: Runnable): readonly string[] {
  return definition.kind === 'app'
    ? definition.spec.acceptedResourceRoles
    : definition.spec.scheduling.placement.acceptedResourceRoles;
}
