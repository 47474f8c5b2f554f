import { validateKubeObject } from '../../lib/validate/kubernetes';
import { Obj, broken, deployment, ingress } from './kube-objects';

const pod = (o: Obj): Obj => o.spec.template.spec;
const web = (o: Obj): Obj => o.spec.template.spec.containers[0];
const S = 'spec.template.spec';
const selector = { matchLabels: { 'app.kubernetes.io/name': 'web' } };

/**
 * Pod settings the translation fills from user values (constraints, docker parameters, `user`) and marathon-lb's
 * Ingress rules: each case breaks one of the API server's rules and expects exactly that problem.
 */
describe('pod settings and Ingress rules of the API server', () => {
  test.each<[string, () => Obj, (o: Obj) => void, string, string]>([
    [
      'nodeSelector value (ValidateLabels)',
      deployment,
      (o) => (pod(o).nodeSelector = { rack: 'rack 1/a' }),
      `${S}.nodeSelector.rack`,
      '"rack 1/a" is not a valid label value',
    ],
    [
      'nodeSelector key',
      deployment,
      (o) => (pod(o).nodeSelector = { 'my attr!': 'x' }),
      `${S}.nodeSelector["my attr!"]`,
      'label key "my attr!"',
    ],
    [
      'node affinity value (ValidateNodeSelectorRequirement)',
      deployment,
      (o) =>
        (pod(o).affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'rack', operator: 'In', values: ['v'.repeat(64)] }] }],
            },
          },
        }),
      `${S}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values[0]`,
      'is 64 characters; a label value has at most 63',
    ],
    [
      'pod anti-affinity topology key',
      deployment,
      (o) =>
        (pod(o).affinity = {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selector, topologyKey: 'a/b/c' }],
          },
        }),
      `${S}.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey`,
      'topology key "a/b/c" has more than one "/"',
    ],
    [
      'topology spread maxSkew',
      deployment,
      (o) =>
        (pod(o).topologySpreadConstraints = [
          { maxSkew: 0, topologyKey: 'rack', whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector },
        ]),
      `${S}.topologySpreadConstraints[0].maxSkew`,
      'must be greater than zero',
    ],
    [
      'hostname is a DNS-1123 label',
      deployment,
      (o) => (pod(o).hostname = 'My_Host'),
      `${S}.hostname`,
      '"My_Host" is not a DNS-1123 label',
    ],
    [
      'host alias IP',
      deployment,
      (o) => (pod(o).hostAliases = [{ ip: 'db', hostnames: ['db.local'] }]),
      `${S}.hostAliases[0].ip`,
      '"db" is not a valid IP address',
    ],
    [
      'host alias host name',
      deployment,
      (o) => (pod(o).hostAliases = [{ ip: '10.0.0.5', hostnames: ['DB Local'] }]),
      `${S}.hostAliases[0].hostnames[0]`,
      'is not a DNS-1123 subdomain',
    ],
    [
      'at most 3 nameservers (MaxDNSNameservers)',
      deployment,
      (o) => (pod(o).dnsConfig = { nameservers: ['1.1.1.1', '8.8.8.8', '9.9.9.9', '8.8.4.4'] }),
      `${S}.dnsConfig.nameservers`,
      'at most 3 nameservers, got 4',
    ],
    [
      'nameserver IP',
      deployment,
      (o) => (pod(o).dnsConfig = { nameservers: ['dns.local'] }),
      `${S}.dnsConfig.nameservers[0]`,
      '"dns.local" is not a valid IP address',
    ],
    [
      'search domain',
      deployment,
      (o) => (pod(o).dnsConfig = { searches: ['Corp Local'] }),
      `${S}.dnsConfig.searches[0]`,
      'is not a DNS-1123 subdomain',
    ],
    [
      'sysctl name (IsValidSysctlName)',
      deployment,
      (o) => (pod(o).securityContext = { sysctls: [{ name: 'bad name', value: '1' }] }),
      `${S}.securityContext.sysctls[0].name`,
      '"bad name" is not a sysctl name',
    ],
    [
      'duplicate sysctl',
      deployment,
      (o) =>
        (pod(o).securityContext = {
          sysctls: [
            { name: 'net.core.somaxconn', value: '1' },
            { name: 'net.core.somaxconn', value: '2' },
          ],
        }),
      `${S}.securityContext.sysctls[1].name`,
      'duplicate sysctl "net.core.somaxconn"',
    ],
    [
      'runAsUser in range (IsValidUserID)',
      deployment,
      (o) => (web(o).securityContext = { runAsUser: 4294967296 }),
      `${S}.containers[0].securityContext.runAsUser`,
      'must be between 0 and 2147483647, got 4294967296',
    ],
    [
      'Ingress host is not an IP',
      ingress,
      (o) => (o.spec.rules[0].host = '10.0.0.1'),
      'spec.rules[0].host',
      '"10.0.0.1" must be a DNS name, not an IP address',
    ],
    [
      'Ingress host is a DNS name',
      ingress,
      (o) => (o.spec.rules[0].host = 'Shop Example'),
      'spec.rules[0].host',
      'is not a DNS-1123 subdomain',
    ],
    [
      'Ingress path is absolute',
      ingress,
      (o) => (o.spec.rules[0].http.paths[0].path = 'api'),
      'spec.rules[0].http.paths[0].path',
      '"api" must be an absolute path',
    ],
    [
      'Ingress path without traversal',
      ingress,
      (o) => (o.spec.rules[0].http.paths[0].path = '/a/../b'),
      'spec.rules[0].http.paths[0].path',
      'must not contain "/../"',
    ],
  ])('%s', (_name, make, edit, path, fragment) => {
    expect(validateKubeObject(broken(make, edit))).toEqual([{ path, message: expect.stringContaining(fragment) }]);
  });

  test.each<[string, () => Obj, (o: Obj) => void]>([
    ['a wildcard Ingress host', ingress, (o) => (o.spec.rules[0].host = '*.example.com')],
    [
      'an IPv6 host alias and a trailing-dot search domain',
      deployment,
      (o) =>
        Object.assign(pod(o), {
          hostAliases: [{ ip: '::1', hostnames: ['db.local'] }],
          dnsConfig: { nameservers: ['10.0.0.2'], searches: ['corp.local.'] },
        }),
    ],
    [
      'slash-separated sysctls',
      deployment,
      (o) => (pod(o).securityContext = { sysctls: [{ name: 'net/ipv4/ip_forward', value: '1' }] }),
    ],
  ])('accepted: %s', (_name, make, edit) => {
    expect(validateKubeObject(broken(make, edit))).toEqual([]);
  });
});
