import { PodDefinition } from '../marathon/load/definition';
import { MarathonPod } from '../marathon/model/pod';
import { applyUser, execCommandOf } from './container';
import { EstateContext } from './estate';
import { CredentialStore, isCredential } from './credentials';
import { marathonEnvironment, mergeEnvironment, secretFor, userEnvironment } from './env';
import { SANDBOX_MOUNT, fetchInitContainer } from './fetch';
import { Container, KubeObject, SecurityContext } from './kube';
import { HIDDEN_CREDENTIAL, commonLabels, idAnnotation, metadataOf, selectorLabels, translateLabels } from './metadata';
import { noteIdentity, linuxInfoEffects } from './app-notes';
import { placementOf } from './placement';
import { podTemplate } from './pod-template';
import { containerPortsOf, podPorts } from './ports';
import { podProbes } from './probes';
import { Notes } from './notes';
import { SecretRequirement } from './requirements';
import { LABELS_COPY_BYTES, boundedCopy } from './annotations';
import { resourcesOf } from './resources';
import {
  backoffNotes,
  deploymentStrategy,
  disruptionBudget,
  killSelectionNote,
  statefulSetStrategy,
  unreachableTolerations,
} from './rollout';
import { vipService, workloadService } from './service';
import { podIsStateful, podStorage } from './storage';
import { Translation, definitionVips } from './translation';
import { dnsLabel } from './naming';

/** A Marathon pod → one Kubernetes workload with a container per pod container (they already shared a network). */
export function translatePod(definition: PodDefinition, context: EstateContext): Translation {
  const pod: MarathonPod = definition.spec;
  const { options } = context;
  const notes = new Notes();
  const identity = context.identityOf(definition);
  const { namespace, name } = identity;
  noteIdentity(definition, identity, notes);

  const ports = podPorts(pod, notes);
  const vips = definitionVips(definition, ports, context, notes);
  const hostMode = pod.networks.some((network) => network.mode === 'host');
  const hostNetwork = options.hostNetworking && hostMode;
  pod.networks.forEach((network, i) => {
    const text =
      network.mode === 'host'
        ? hostNetwork
          ? 'hostNetwork: true'
          : 'host networking → the pod network (its own IP)'
        : 'the pod network';
    notes[network.mode === 'container/bridge' || hostNetwork ? 'translated' : 'approximated'](['networks', i], text);
  });

  const selector = selectorLabels(identity);
  const credentials = new CredentialStore(namespace, name, `pod ${pod.id}`);
  const labelInfo = translateLabels(pod.labels, ['labels'], () => false, notes);
  const labels = commonLabels(identity, options.extraLabels, labelInfo.labels);
  const annotations = { [idAnnotation('pod')]: pod.id, ...labelInfo.annotations };
  const meta = (objectName: string) => metadataOf(objectName, namespace, labels, annotations);

  const storage = podStorage(pod, namespace, options.storageClass, notes);
  const podEnv = userEnvironment(
    pod.environment,
    pod.secrets,
    ['environment'],
    ['secrets'],
    namespace,
    context.discovery,
    notes,
    credentials,
  );
  const injected = marathonEnvironment({ id: pod.id, ports, hostNetwork, endpoints: true });
  const secrets: SecretRequirement[] = [...podEnv.secrets, ...storage.secrets];
  const initContainers: Container[] = [];
  let terminationGracePeriodSeconds: number | undefined;

  const podPortsTaken = new Set<string>();
  const containers = pod.containers.map((spec, c): Container => {
    const at = ['containers', c];
    const containerName = dnsLabel(spec.name, 63);
    notes.translated([...at, 'name'], `container ${containerName}`);
    const env = userEnvironment(
      spec.environment,
      pod.secrets,
      [...at, 'environment'],
      ['secrets'],
      namespace,
      context.discovery,
      notes,
      credentials,
    );
    secrets.push(...env.secrets);
    const securityContext: SecurityContext = {
      ...linuxInfoEffects(spec.linuxInfo, [...at, 'linuxInfo'], notes).securityContext,
    };
    applyUser(spec.user ?? pod.user, spec.user !== undefined ? [...at, 'user'] : ['user'], securityContext, notes);
    let image = options.commandImage;
    let imagePullPolicy: 'Always' | 'IfNotPresent' = 'IfNotPresent';
    if (spec.image) {
      image = spec.image.id;
      imagePullPolicy = spec.image.forcePull ? 'Always' : 'IfNotPresent';
      notes.translated([...at, 'image'], `image ${spec.image.id}, imagePullPolicy ${imagePullPolicy}`);
      if (spec.image.pullConfig) {
        const declared = pod.secrets[spec.image.pullConfig.secret];
        if (declared) {
          secrets.push(secretFor(declared.source, namespace, 'kubernetes.io/dockerconfigjson'));
        }
      }
      for (const key of Object.keys(spec.image.labels)) {
        notes.ignored([...at, 'image', 'labels', key], 'image discovery labels of the Mesos containerizer');
      }
    } else {
      notes.remark(`container ${spec.name} has no image: it runs in ${options.commandImage}`);
    }
    const fetch = fetchInitContainer(
      spec.artifacts,
      [...at, 'artifacts'],
      options.fetchImage,
      notes,
      credentials,
      dnsLabel(`fetch-${containerName}`, 63),
    );
    if (fetch) {
      initContainers.push(fetch);
    }
    const commandCredentials = { store: credentials, container: containerName };
    const command = spec.exec
      ? execCommandOf(
          spec.exec.command,
          spec.exec.overrideEntrypoint,
          [...at, 'exec'],
          context.discovery,
          notes,
          commandCredentials,
        )
      : {};
    const probes = spec.healthCheck
      ? podProbes(
          spec.healthCheck,
          ports,
          spec.name,
          [...at, 'healthCheck'],
          context.discovery,
          notes,
          commandCredentials,
        )
      : {};
    if (spec.lifecycle?.killGracePeriodSeconds !== undefined) {
      terminationGracePeriodSeconds = Math.max(
        terminationGracePeriodSeconds ?? 0,
        Math.ceil(spec.lifecycle.killGracePeriodSeconds),
      );
      notes.approximated(
        [...at, 'lifecycle', 'killGracePeriodSeconds'],
        'terminationGracePeriodSeconds is per pod: the longest container grace period is used',
      );
    }
    if (spec.check) {
      notes.ignored([...at, 'check'], 'Mesos checks only report a status; nothing to translate');
    }
    const containerPorts = containerPortsOf(
      ports.filter((port) => port.container === spec.name),
      { hostPorts: options.hostPorts, taken: podPortsTaken },
    );
    if (spec.tty !== undefined) {
      notes.translated([...at, 'tty'], spec.tty ? 'tty and stdin' : 'no tty');
    }
    return {
      name: containerName,
      image,
      imagePullPolicy,
      ...command,
      ...(containerPorts.length > 0 ? { ports: containerPorts } : {}),
      env: mergeEnvironment(
        [...injected, ...credentials.envFor(containerName)],
        [...podEnv.env.filter((v) => !env.env.some((own) => own.name === v.name)), ...env.env],
      ),
      resources: resourcesOf(
        { ...spec.resources, ...(spec.resourceLimits ? { limits: spec.resourceLimits } : {}) },
        {
          cpus: [...at, 'resources', 'cpus'],
          mem: [...at, 'resources', 'mem'],
          disk: [...at, 'resources', 'disk'],
          gpus: [...at, 'resources', 'gpus'],
          limits: [...at, 'resourceLimits'],
        },
        options.dropCpuLimits,
        notes,
      ),
      ...probes,
      volumeMounts: [SANDBOX_MOUNT, ...(storage.mounts.get(spec.name) ?? [])],
      ...(Object.keys(securityContext).length > 0 ? { securityContext } : {}),
      ...(spec.tty ? { tty: true, stdin: true } : {}),
    };
  });

  const scheduling = pod.scheduling;
  const placement = placementOf(
    scheduling.placement.constraints,
    ['scheduling', 'placement', 'constraints'],
    {
      accepted: scheduling.placement.acceptedResourceRoles,
      acceptedAt: ['scheduling', 'placement', 'acceptedResourceRoles'],
      ...(pod.role !== undefined ? { role: pod.role, roleAt: ['role'] } : {}),
    },
    selector,
    notes,
  );
  const tolerations = unreachableTolerations(
    scheduling.unreachableStrategy,
    ['scheduling', 'unreachableStrategy'],
    notes,
  );
  killSelectionNote(scheduling.killSelection, ['scheduling', 'killSelection'], notes);
  backoffNotes([['scheduling', 'backoff']], notes);
  if (pod.linuxInfo) {
    notes.approximated(
      ['linuxInfo'],
      'pod-level seccomp / IPC: containers of a Kubernetes pod already share IPC; set securityContext per container if a profile is needed',
    );
  }
  if (pod.executorResources) {
    notes.ignored(['executorResources'], 'resources of the Mesos executor; Kubernetes has no executor');
  }
  if (pod.legacySharedCgroups !== undefined) {
    notes.ignored(
      ['legacySharedCgroups'],
      'Kubernetes gives each container its own cgroup; pod-level limits are the sum of the containers’',
    );
  }
  if (pod.version !== undefined) {
    notes.ignored(['version'], 'read-only version of the API response');
  }
  if (pod.scaling.maxInstances !== undefined) {
    notes.unsupported(
      ['scaling', 'maxInstances'],
      'add a HorizontalPodAutoscaler with maxReplicas to scale automatically',
    );
  }
  notes.translated(['scaling', 'kind'], 'fixed scaling');
  notes.translated(['scaling', 'instances'], `replicas ${pod.scaling.instances}`);

  const template = podTemplate({
    metadata: {
      labels: { ...labels, ...Object.fromEntries(vips.sharedLabels.map((label) => [label.key, label.value])) },
      annotations: { [idAnnotation('pod')]: pod.id, ...containerLabelsAnnotation(pod, notes) },
    },
    containers,
    initContainers,
    volumes: storage.volumes,
    placement,
    tolerations,
    ...(terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds } : {}),
    hostNetwork,
    imagePullSecrets: secrets
      .filter((secret) => secret.type === 'kubernetes.io/dockerconfigjson')
      .map((secret) => secret.name),
  });
  if (pod.user !== undefined && pod.containers.every((c) => c.user !== undefined)) {
    notes.translated(['user'], 'every container sets its own user');
  }

  const stateful = podIsStateful(pod);
  const instances = pod.scaling.instances;
  const objects: KubeObject[] = [];
  if (stateful) {
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta(name),
      spec: {
        serviceName: name,
        replicas: instances,
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: selector },
        template,
        updateStrategy: statefulSetStrategy(scheduling.upgrade, instances, ['scheduling', 'upgrade'], notes) as never,
        volumeClaimTemplates: storage.claimTemplates,
      },
    });
  } else {
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(name),
      spec: {
        replicas: instances,
        selector: { matchLabels: selector },
        strategy: deploymentStrategy(scheduling.upgrade, ['scheduling', 'upgrade'], notes),
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
  const pdb = disruptionBudget(scheduling.upgrade, instances, meta(name), selector);
  if (pdb) {
    objects.push(pdb);
  }
  return {
    definition,
    objects,
    notes,
    secrets: [...secrets, ...credentials.requirements()],
    nodeLabels: placement.nodeLabels,
    nodeTaints: placement.nodeTaints,
  };
}

const CONTAINER_LABELS = 'marathon-to-eks/container-labels';

/**
 * Container labels have no Kubernetes place: they are kept, per container, in one pod annotation, each container's
 * share of it bounded so the whole fits Kubernetes' annotation limit.
 */
function containerLabelsAnnotation(pod: MarathonPod, notes: Notes): Record<string, string> {
  const labelled = pod.containers
    .map((container, c) => ({ container, c }))
    .filter(({ container }) => Object.keys(container.labels).length > 0);
  if (labelled.length === 0) {
    return {};
  }
  const parts = labelled.map(({ container, c }) => {
    const shown = Object.fromEntries(
      Object.entries(container.labels).map(([key, value]) => [
        key,
        isCredential(value, key) ? HIDDEN_CREDENTIAL : value,
      ]),
    );
    const copy = boundedCopy(CONTAINER_LABELS, shown, LABELS_COPY_BYTES / labelled.length);
    const shortened = new Set(copy.shortened);
    for (const key of Object.keys(container.labels)) {
      const note = isCredential(container.labels[key], key)
        ? 'container label that looks like a credential: its value is not copied'
        : shortened.has(key)
          ? 'container label too large to keep in a pod annotation (Kubernetes allows 256 KiB of annotations per object): not copied'
          : `container label; kept in the pod annotation ${CONTAINER_LABELS}`;
      notes.approximated(['containers', c, 'labels', key], note);
    }
    return `${JSON.stringify(container.name)}:${copy.json}`;
  });
  return { [CONTAINER_LABELS]: `{${parts.join(',')}}` };
}
