import { MarathonPod } from '../model/pod';
import { pathIdProblem } from '../path-id';
import { PodInput } from '../schema/pod';
import { quote } from '../../util/describe';
import { Finding, error, warning } from './finding';
import { unreachableFindings } from './app-rules';
import { podPortCountFindings } from './port-rules';
import {
  constraintFindings,
  duplicateFindings,
  envFindings,
  roleNameProblem,
  undefinedSecret,
  uriProblem,
} from './shared-rules';

/** Checks on the pod as written (its raw id is validated before resolution, as Marathon does). */
export function rawPodFindings(pod: PodInput): Finding[] {
  const findings: Finding[] = [];
  const problem = pathIdProblem(pod.id);
  if (problem) {
    findings.push(error(['id'], 'invalid-id', problem));
  }
  pod.containers.forEach((container, i) => {
    for (const [path, command] of [
      [['containers', i, 'exec', 'command'], container.exec?.command],
      [['containers', i, 'healthCheck', 'exec', 'command'], container.healthCheck?.exec?.command],
      [['containers', i, 'check', 'exec', 'command'], container.check?.exec?.command],
    ] as const) {
      if (command === undefined) {
        continue;
      }
      if (command.shell !== undefined && command.argv !== undefined) {
        findings.push(error([...path], 'conflict', 'give either shell or argv, not both'));
      }
      if (command.shell === undefined && command.argv === undefined) {
        findings.push(error([...path], 'missing-field', 'a command needs shell or argv'));
      }
    }
  });
  return findings;
}

/** Marathon's pod rules (`PodsValidation.scala`), checked on the normalized pod. */
export function podFindings(pod: MarathonPod): Finding[] {
  const findings: Finding[] = [];
  const containerNetworking = pod.networks.some((network) => network.mode === 'container');
  const hostNetworking = pod.networks.some((network) => network.mode === 'host');
  const volumeNames = new Set(pod.volumes.map((volume) => volume.name));
  const mounted = new Set<string>();

  findings.push(
    ...duplicateFindings(
      pod.containers.map((c) => c.name),
      (i) => ['containers', i, 'name'],
      'container name',
    ),
  );
  findings.push(...podPortCountFindings(pod));
  const allEndpoints = pod.containers.flatMap((container, i) =>
    container.endpoints.map((endpoint, j) => ({ endpoint, at: ['containers', i, 'endpoints', j] })),
  );
  const endpointPath = (k: number, field: string) => [...allEndpoints[k].at, field];
  findings.push(
    ...duplicateFindings(
      allEndpoints.map((e) => e.endpoint.name),
      (k) => endpointPath(k, 'name'),
      'endpoint name',
    ),
  );
  findings.push(
    ...duplicateFindings(
      allEndpoints.map((e) => (e.endpoint.containerPort ? String(e.endpoint.containerPort) : undefined)),
      (k) => endpointPath(k, 'containerPort'),
      'container port',
    ),
  );
  findings.push(
    ...duplicateFindings(
      allEndpoints.map((e) => (e.endpoint.hostPort ? String(e.endpoint.hostPort) : undefined)),
      (k) => endpointPath(k, 'hostPort'),
      'host port',
    ),
  );
  const networkNames = pod.networks.map((network) => network.name).filter((name): name is string => name !== undefined);

  pod.containers.forEach((container, i) => {
    const at = ['containers', i];
    container.endpoints.forEach((endpoint, j) => {
      const endpointAt = [...at, 'endpoints', j];
      if (hostNetworking && endpoint.containerPort !== undefined) {
        findings.push(
          warning(
            [...endpointAt, 'containerPort'],
            'unused',
            'containerPort has no effect with host networking (the process listens on the host port); Marathon 1.5+ rejects it',
          ),
        );
      }
      if (containerNetworking && endpoint.containerPort === undefined) {
        findings.push(error(endpointAt, 'missing-field', 'containerPort is required with container networking'));
      }
      findings.push(...duplicateFindings(endpoint.protocol, (k) => [...endpointAt, 'protocol', k], 'protocol'));
      endpoint.networkNames.forEach((name, k) => {
        if (!networkNames.includes(name)) {
          findings.push(
            error(
              [...endpointAt, 'networkNames', k],
              'invalid-value',
              `network ${quote(name)} is not one of the pod's networks`,
            ),
          );
        }
      });
    });
    const health = container.healthCheck;
    if (health) {
      const kinds = [health.http, health.tcp, health.exec].filter((kind) => kind !== undefined).length;
      if (kinds !== 1) {
        findings.push(
          error([...at, 'healthCheck'], 'invalid', 'a health check needs exactly one of http, tcp or exec'),
        );
      }
      const endpoint = health.http?.endpoint ?? health.tcp?.endpoint;
      if (endpoint !== undefined && !container.endpoints.some((e) => e.name === endpoint)) {
        const key = health.http ? 'http' : 'tcp';
        findings.push(
          error(
            [...at, 'healthCheck', key, 'endpoint'],
            'invalid',
            `endpoint ${quote(endpoint)} is not an endpoint of container ${quote(container.name)}`,
          ),
        );
      }
      if (health.timeoutSeconds >= health.intervalSeconds) {
        findings.push(
          warning(
            [...at, 'healthCheck', 'timeoutSeconds'],
            'out-of-range',
            `timeoutSeconds (${health.timeoutSeconds}) should be less than intervalSeconds (${health.intervalSeconds}); Marathon's validator asks for it, Kubernetes does not`,
          ),
        );
      }
    }
    container.volumeMounts.forEach((mount, j) => {
      mounted.add(mount.name);
      if (!volumeNames.has(mount.name)) {
        findings.push(
          error([...at, 'volumeMounts', j, 'name'], 'invalid', `no pod volume is named ${quote(mount.name)}`),
        );
      }
    });
    container.artifacts.forEach((artifact, j) => {
      const problem = uriProblem(artifact.uri);
      if (problem) {
        findings.push(error([...at, 'artifacts', j, 'uri'], 'invalid-uri', problem));
      }
    });
    findings.push(...envFindings(container.environment, pod.secrets, [...at, 'environment']));
    const limits = container.resourceLimits;
    for (const resource of ['cpus', 'mem'] as const) {
      const limit = limits?.[resource];
      if (typeof limit === 'number' && limit < container.resources[resource]) {
        findings.push(
          error(
            [...at, 'resourceLimits', resource],
            'out-of-range',
            `resource limit must be at least the requested ${resource} (${container.resources[resource]}), got ${limit}`,
          ),
        );
      }
    }
    if (limits !== undefined && pod.legacySharedCgroups === true) {
      findings.push(
        error(
          [...at, 'resourceLimits'],
          'conflict',
          'resourceLimits cannot be defined when legacySharedCgroups is enabled',
        ),
      );
    }
    const pullSecret = container.image?.pullConfig?.secret;
    if (pullSecret !== undefined && pod.secrets[pullSecret] === undefined) {
      findings.push(undefinedSecret([...at, 'image', 'pullConfig', 'secret'], pullSecret));
    }
    if (container.user === '') {
      findings.push(error([...at, 'user'], 'invalid', 'user must not be empty'));
    }
  });

  findings.push(
    ...duplicateFindings(
      pod.volumes.map((v) => v.name),
      (i) => ['volumes', i, 'name'],
      'volume name',
    ),
  );
  pod.volumes.forEach((volume, i) => {
    if (!mounted.has(volume.name)) {
      findings.push(error(['volumes', i], 'invalid', `volume ${quote(volume.name)} is not mounted by any container`));
    }
    if (volume.kind === 'secret' && pod.secrets[volume.secret] === undefined) {
      findings.push(undefinedSecret(['volumes', i, 'secret'], volume.secret));
    }
  });
  findings.push(...envFindings(pod.environment, pod.secrets, ['environment']));
  findings.push(
    ...constraintFindings(pod.scheduling.placement.constraints, ['scheduling', 'placement', 'constraints']),
  );
  pod.scheduling.placement.acceptedResourceRoles.forEach((role, i) => {
    const problem = roleNameProblem(role);
    if (problem) {
      findings.push(error(['scheduling', 'placement', 'acceptedResourceRoles', i], 'invalid-role', problem));
    }
  });
  findings.push(...unreachableFindings(pod.scheduling.unreachableStrategy, ['scheduling', 'unreachableStrategy']));
  if (pod.volumes.some((volume) => volume.kind === 'persistent')) {
    if (pod.scheduling.upgrade.maximumOverCapacity !== 0) {
      findings.push(
        error(
          ['scheduling', 'upgrade', 'maximumOverCapacity'],
          'invalid',
          'pods with persistent volumes must use maximumOverCapacity 0',
        ),
      );
    }
    if (pod.scheduling.unreachableStrategy !== 'disabled') {
      findings.push(
        warning(
          ['scheduling', 'unreachableStrategy'],
          'resident-unreachable',
          'pods with persistent volumes cannot be replaced elsewhere; Marathon 1.5+ requires unreachableStrategy "disabled" and treats it so',
        ),
      );
    }
    if (pod.role === '*') {
      findings.push(error(['role'], 'invalid-role', 'pods with persistent volumes cannot have the role "*"'));
    }
  }
  if (pod.user === '') {
    findings.push(error(['user'], 'invalid', 'user must not be empty'));
  }
  return findings;
}
