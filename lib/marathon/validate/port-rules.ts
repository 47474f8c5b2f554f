import { JsonPath } from '../../util/json-path';
import { MarathonApp } from '../model/app';
import { MarathonPod } from '../model/pod';
import { quote } from '../../util/describe';
import { Finding, error } from './finding';
import { duplicateFindings } from './shared-rules';

/**
 * Port numbers are 16 bits: a task cannot listen on more ports than there are numbers (1–65535). Marathon's RAML
 * sets no maxItems on port lists, but an app asking for more could never get them from an agent (nor Marathon
 * enough service ports from its range), and a pod cannot declare them.
 */
export const MAX_PORTS = 65535;

function portCountFindings(count: number, at: JsonPath, what: string): Finding[] {
  if (count <= MAX_PORTS) {
    return [];
  }
  return [error(at, 'out-of-range', `${what} can have at most ${MAX_PORTS} ports (one per port number), got ${count}`)];
}

/** Port names and numbers of an app: unique, within the number space, on the app's own networks. */
export function portFindings(app: MarathonApp): Finding[] {
  const findings: Finding[] = [];
  findings.push(...portCountFindings(app.portDefinitions.length, ['portDefinitions'], 'an app'));
  findings.push(
    ...duplicateFindings(
      app.portDefinitions.map((port) => port.name),
      (i) => ['portDefinitions', i, 'name'],
      'port name',
    ),
  );
  findings.push(
    ...duplicateFindings(
      app.portDefinitions.map((port) => (port.port === 0 ? undefined : String(port.port))),
      (i) => ['portDefinitions', i, 'port'],
      'port',
    ),
  );
  const mappings = app.container?.portMappings ?? [];
  findings.push(...portCountFindings(mappings.length, ['container', 'portMappings'], 'an app'));
  findings.push(
    ...duplicateFindings(
      mappings.map((mapping) => mapping.name),
      (i) => ['container', 'portMappings', i, 'name'],
      'port name',
    ),
  );
  const networkNames = app.networks.filter((network) => network.mode === 'container').map((network) => network.name);
  mappings.forEach((mapping, i) => {
    mapping.networkNames.forEach((name, j) => {
      if (!networkNames.includes(name)) {
        findings.push(
          error(
            ['container', 'portMappings', i, 'networkNames', j],
            'invalid-value',
            `network ${quote(name)} is not one of the app's container networks`,
          ),
        );
      }
    });
    if (networkNames.length > 1 && mapping.hostPort !== undefined && mapping.networkNames.length !== 1) {
      findings.push(
        error(
          ['container', 'portMappings', i, 'networkNames'],
          'invalid',
          'with more than one container network, a mapping with a hostPort must name exactly one network in networkNames',
        ),
      );
    }
  });
  return findings;
}

/** A pod's containers share one network namespace, so their endpoints together share the port numbers. */
export function podPortCountFindings(pod: MarathonPod): Finding[] {
  return portCountFindings(
    pod.containers.reduce((sum, container) => sum + container.endpoints.length, 0),
    ['containers'],
    'a pod',
  );
}
