import { AppDefinition } from '../marathon/load/definition';
import { MarathonApp } from '../marathon/model/app';
import { appImage, applyUser, commandOf } from './container';
import { dockerParameters } from './docker-parameters';
import { CredentialStore } from './credentials';
import { frameworkNotes } from './dcos-packages';
import { dependencyInitContainers } from './dependencies';
import { EstateContext } from './estate';
import { marathonEnvironment, mergeEnvironment, userEnvironment } from './env';
import { SANDBOX_MOUNT, fetchInitContainer } from './fetch';
import { Container, ContainerPort, KubeObject, PodSpec, SecurityContext } from './kube';
import { marathonLb } from './marathon-lb';
import { commonLabels, idAnnotation, metadataOf, selectorLabels, translateLabels } from './metadata';
import { networkNotes, noteIdentity, linuxInfoEffects, otherAppNotes } from './app-notes';
import { limitsOnePerHost, placementOf } from './placement';
import { podTemplate } from './pod-template';
import { appPorts, containerPortsOf } from './ports';
import { appProbes } from './probes';
import { Notes } from './notes';
import { resourcesOf } from './resources';
import {
  daemonSetStrategy,
  deploymentStrategy,
  disruptionBudget,
  statefulSetStrategy,
  unreachableTolerations,
} from './rollout';
import { vipService, workloadService } from './service';
import { appIsStateful, appStorage, containerUse } from './storage';
import { Translation, definitionVips } from './translation';

/**
 * A Marathon app → Deployment (StatefulSet with persistent volumes, DaemonSet when it ran on every agent) + Services +
 * Ingress / NLB + PodDisruptionBudget.
 */
export function translateApp(definition: AppDefinition, context: EstateContext): Translation {
  const app: MarathonApp = definition.spec;
  const { options } = context;
  const notes = new Notes();
  const identity = context.identityOf(definition);
  const { namespace, name } = identity;
  noteIdentity(definition, identity, notes);

  const ports = appPorts(app, notes);
  const vips = definitionVips(definition, ports, context, notes);
  const hostNetwork = options.hostNetworking && app.networks.some((network) => network.mode === 'host');
  networkNotes(app, hostNetwork, notes);

  const selector = selectorLabels(identity);
  const credentials = new CredentialStore(namespace, name, `app ${app.id}`);
  const lbLabels = new Set(Object.keys(app.labels).filter((key) => key.startsWith('HAPROXY_')));
  const labelInfo = translateLabels(app.labels, ['labels'], (key) => lbLabels.has(key), notes, {
    store: credentials,
    container: name,
  });
  const labels = commonLabels(identity, options.extraLabels, labelInfo.labels);
  const annotations = { [idAnnotation('app')]: app.id, ...labelInfo.annotations };
  const meta = (objectName: string) => metadataOf(objectName, namespace, labels, annotations);

  // The container.
  const image = appImage(app, namespace, options.commandImage, notes);
  const command = commandOf(app.cmd, app.args, { cmd: ['cmd'], args: ['args'] }, context.discovery, notes, {
    store: credentials,
    container: name,
  });
  const linux = linuxInfoEffects(app.container?.linuxInfo, ['container', 'linuxInfo'], notes);
  const linuxUse = {
    mountPaths: new Set(linux.mounts.map((mount) => mount.mountPath)),
    volumeNames: new Set(linux.volumes.map((volume) => volume.name)),
  };
  const storage = appStorage(app, namespace, name, options.storageClass, notes, linuxUse);
  const use = containerUse(storage, name, { volumes: linux.volumes, mounts: linux.mounts });
  const docker = dockerParameters(
    app.container?.docker?.parameters ?? [],
    ['container', 'docker', 'parameters'],
    notes,
    credentials,
    use,
  );
  const userEnv = userEnvironment(
    app.env,
    app.secrets,
    ['env'],
    ['secrets'],
    namespace,
    context.discovery,
    notes,
    credentials,
  );
  const injected = marathonEnvironment({
    id: app.id,
    ...(app.version !== undefined ? { version: app.version } : {}),
    ...(app.container?.docker ? { image: app.container.docker.image } : {}),
    ports,
    resources: { cpus: app.cpus, mem: app.mem, disk: app.disk, gpus: app.gpus },
    labels: app.labels,
    hiddenLabels: labelInfo.hidden,
    hostNetwork,
    endpoints: false,
    labelNotes: { notes, at: ['labels'] },
  });
  const securityContext: SecurityContext = { ...docker.securityContext, ...linux.securityContext };
  applyUser(app.user, ['user'], securityContext, notes);
  if (app.container?.docker) {
    if (app.container.docker.privileged) {
      securityContext.privileged = true;
      notes.translated(
        ['container', 'docker', 'privileged'],
        'securityContext.privileged: true — full access to the node; review whether it is still needed',
      );
    } else {
      notes.translated(['container', 'docker', 'privileged'], 'not privileged');
    }
  }
  // Before the container is assembled: probes may move credentials into its environment.
  const probes = appProbes(app, ports, context.discovery, notes, { store: credentials, container: name });
  const containerPorts: ContainerPort[] = containerPortsOf(ports, { hostPorts: options.hostPorts });
  const container: Container = {
    name,
    image: image.image,
    imagePullPolicy: image.imagePullPolicy,
    ...(docker.command ? { command: docker.command } : {}),
    ...command,
    ...((docker.workingDir ?? image.workingDir) ? { workingDir: docker.workingDir ?? image.workingDir } : {}),
    ...(containerPorts.length > 0 ? { ports: containerPorts } : {}),
    env: mergeEnvironment([...injected, ...docker.env, ...credentials.envFor(name)], userEnv.env),
    resources: resourcesOf(
      {
        cpus: app.cpus,
        mem: app.mem,
        disk: app.disk,
        gpus: app.gpus,
        ...(app.resourceLimits ? { limits: app.resourceLimits } : {}),
      },
      { cpus: ['cpus'], mem: ['mem'], disk: ['disk'], gpus: ['gpus'], limits: ['resourceLimits'] },
      options.dropCpuLimits,
      notes,
    ),
    ...probes,
    volumeMounts: [SANDBOX_MOUNT, ...(storage.mounts.get(name) ?? []), ...docker.mounts, ...linux.mounts],
    ...(Object.keys(securityContext).length > 0 ? { securityContext } : {}),
    ...(app.tty ? { tty: true, stdin: true } : {}),
  };
  if (app.tty !== undefined) {
    notes.translated(['tty'], app.tty ? 'tty and stdin' : 'no tty');
  }

  const fetch = fetchInitContainer(app.fetch, ['fetch'], options.fetchImage, notes, credentials);
  const waits = dependencyInitContainers(app.dependencies, ['dependencies'], context, notes);
  const stateful = appIsStateful(app);
  const perNode =
    !stateful &&
    options.perNodeInstances > 0 &&
    app.instances >= options.perNodeInstances &&
    limitsOnePerHost(app.constraints);
  const placement = placementOf(
    app.constraints,
    ['constraints'],
    {
      accepted: app.acceptedResourceRoles,
      acceptedAt: ['acceptedResourceRoles'],
      ...(app.role !== undefined ? { role: app.role, roleAt: ['role'] } : {}),
    },
    selector,
    notes,
    perNode,
  );
  const tolerations = unreachableTolerations(app.unreachableStrategy, ['unreachableStrategy'], notes);
  if (app.taskKillGracePeriodSeconds !== undefined) {
    notes.translated(['taskKillGracePeriodSeconds'], `terminationGracePeriodSeconds ${app.taskKillGracePeriodSeconds}`);
  }
  otherAppNotes(app, notes);
  frameworkNotes(app.labels, notes);

  const podLabels = {
    ...labels,
    ...docker.podLabels,
    ...Object.fromEntries(vips.sharedLabels.map((label) => [label.key, label.value])),
  };
  const template = podTemplate({
    metadata: { labels: podLabels, annotations: { [idAnnotation('app')]: app.id, ...docker.podAnnotations } },
    containers: [container],
    initContainers: [...(fetch ? [fetch] : []), ...waits],
    volumes: [...storage.volumes, ...docker.volumes, ...linux.volumes],
    placement,
    tolerations,
    ...(app.taskKillGracePeriodSeconds !== undefined
      ? { terminationGracePeriodSeconds: app.taskKillGracePeriodSeconds }
      : {}),
    hostNetwork,
    imagePullSecrets: image.pullSecret ? [image.pullSecret.name] : [],
    extra: podExtras(docker.pod),
  });

  const objects: KubeObject[] = [];
  if (perNode) {
    notes.approximated(
      ['instances'],
      `${app.instances} instances, one per host: DC/OS's way of running on every agent → a DaemonSet, one pod on every node its placement allows, however many nodes there are (option perNodeInstances: ${options.perNodeInstances})`,
    );
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta(name),
      spec: {
        selector: { matchLabels: selector },
        template,
        updateStrategy: daemonSetStrategy(app.upgradeStrategy, ['upgradeStrategy'], notes),
      },
    });
  } else if (stateful) {
    notes.translated(['instances'], `replicas ${app.instances}`);
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta(name),
      spec: {
        serviceName: name,
        replicas: app.instances,
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: selector },
        template,
        updateStrategy: statefulSetStrategy(app.upgradeStrategy, app.instances, ['upgradeStrategy'], notes) as never,
        volumeClaimTemplates: storage.claimTemplates,
      },
    });
  } else {
    notes.translated(['instances'], `replicas ${app.instances}`);
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(name),
      spec: {
        replicas: app.instances,
        selector: { matchLabels: selector },
        strategy: deploymentStrategy(app.upgradeStrategy, ['upgradeStrategy'], notes),
        template,
      },
    });
  }
  const merged = vips.services.filter((service) => service.mergedInto !== undefined);
  const service = workloadService(meta(name), ports, selector, merged, stateful);
  if (service) {
    objects.push(service);
  }
  for (const vip of vips.services.filter((service) => service.mergedInto === undefined && vips.owns(service))) {
    objects.push(vipService(vip, meta(vip.name), selector));
  }
  const lb = marathonLb(app.labels, ['labels'], ports, name, meta, selector, options, notes);
  if (lb.ingress) {
    objects.push(lb.ingress);
  }
  if (lb.loadBalancer) {
    objects.push(lb.loadBalancer);
  }
  // Draining a node never evicts DaemonSet pods, so a budget would guard nothing.
  const pdb = perNode ? undefined : disruptionBudget(app.upgradeStrategy, app.instances, meta(name), selector);
  if (pdb) {
    objects.push(pdb);
  }

  return {
    definition,
    objects,
    notes,
    secrets: [
      ...userEnv.secrets,
      ...storage.secrets,
      ...(image.pullSecret ? [image.pullSecret] : []),
      ...credentials.requirements(),
    ],
    nodeLabels: placement.nodeLabels,
    nodeTaints: placement.nodeTaints,
  };
}

/** Pod-level settings from docker parameters (hostname, host aliases, DNS, sysctls, shared PID namespace). */
function podExtras(pod: ReturnType<typeof dockerParameters>['pod']): Partial<PodSpec> {
  const { sysctls, ...rest } = pod;
  return { ...rest, ...(sysctls ? { securityContext: { sysctls } } : {}) };
}
