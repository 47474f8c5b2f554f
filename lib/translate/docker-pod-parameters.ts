import { isIP } from 'node:net';
import { dns1123SubdomainProblem, sysctlNameProblem } from '../validate/kube-syntax';
import { Handler, done } from './docker-effects';
import { dnsLabel } from './naming';

/* `docker run` parameters that Kubernetes sets per pod: host name, host aliases, DNS, sysctls, an init process. */

// validation.go's MaxDNSNameservers and MaxDNSSearchPaths / MaxDNSSearchListChars: what a pod's resolv.conf may hold.
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
const MAX_SEARCH_CHARS = 2048;

const hostname: Handler = (scope, parameter) => {
  const short = parameter.value.split('.')[0];
  if (!/[a-z0-9]/i.test(short)) {
    return scope.notes.unsupported(parameter.path, `docker --hostname ${parameter.value} has no usable host name`);
  }
  const name = dnsLabel(short, 63);
  scope.effects.pod.hostname = name;
  if (name !== short) {
    return scope.notes.approximated(
      parameter.path,
      `docker --hostname ${parameter.value} → pod hostname ${name} (a pod hostname is a DNS-1123 label)`,
    );
  }
  done(scope, parameter, 'pod hostname');
};

const addHost: Handler = (scope, parameter) => {
  const colon = parameter.value.indexOf(':');
  const [host, ip] =
    colon > 0 ? [parameter.value.slice(0, colon).toLowerCase(), parameter.value.slice(colon + 1)] : ['', ''];
  if (isIP(ip) === 0 || dns1123SubdomainProblem(host) !== undefined) {
    return scope.notes.unsupported(
      parameter.path,
      `docker --add-host ${parameter.value}: Kubernetes hostAliases need <host name>:<IP address>`,
    );
  }
  const pod = scope.effects.pod;
  pod.hostAliases = [...(pod.hostAliases ?? []), { ip, hostnames: [host] }];
  done(scope, parameter, 'hostAliases');
};

const dns: Handler = (scope, parameter) => {
  const pod = scope.effects.pod;
  const nameservers = pod.dnsConfig?.nameservers ?? [];
  if (isIP(parameter.value) === 0) {
    return scope.notes.unsupported(parameter.path, `docker --dns ${parameter.value} is not an IP address`);
  }
  if (nameservers.length >= MAX_NAMESERVERS) {
    return scope.notes.unsupported(
      parameter.path,
      `docker --dns ${parameter.value}: a pod has at most ${MAX_NAMESERVERS} nameservers`,
    );
  }
  pod.dnsConfig = { ...(pod.dnsConfig ?? {}), nameservers: [...nameservers, parameter.value] };
  scope.notes.approximated(
    parameter.path,
    'docker --dns → dnsConfig.nameservers (added to the cluster DNS, not replacing it)',
  );
};

const dnsSearch: Handler = (scope, parameter) => {
  const pod = scope.effects.pod;
  const searches = pod.dnsConfig?.searches ?? [];
  // Domain names are case-insensitive; Kubernetes only takes them in lowercase.
  const domain = parameter.value.toLowerCase();
  const problem = dns1123SubdomainProblem(domain.replace(/\.$/, ''));
  if (problem !== undefined) {
    return scope.notes.unsupported(parameter.path, `docker --dns-search ${parameter.value}: ${problem}`);
  }
  if (searches.length >= MAX_SEARCHES || [...searches, domain].join(' ').length > MAX_SEARCH_CHARS) {
    return scope.notes.unsupported(
      parameter.path,
      `docker --dns-search ${parameter.value}: a pod has at most ${MAX_SEARCHES} search domains of ${MAX_SEARCH_CHARS} characters in all`,
    );
  }
  pod.dnsConfig = { ...(pod.dnsConfig ?? {}), searches: [...searches, domain] };
  done(scope, parameter, 'dnsConfig.searches');
};

const sysctl: Handler = (scope, parameter) => {
  const eq = parameter.value.indexOf('=');
  const [name, value] = eq >= 0 ? [parameter.value.slice(0, eq), parameter.value.slice(eq + 1)] : [parameter.value, ''];
  const problem = sysctlNameProblem(name);
  if (problem !== undefined) {
    return scope.notes.unsupported(parameter.path, `docker --sysctl ${parameter.value}: ${problem}`);
  }
  // Docker keeps sysctls in a map: a later setting of the same name replaces the earlier one.
  scope.effects.pod.sysctls = [
    ...(scope.effects.pod.sysctls ?? []).filter((existing) => existing.name !== name),
    { name, value },
  ];
  done(scope, parameter, 'pod securityContext.sysctls');
};

/** The pod's handlers, by parameter name (long and short forms). */
export const POD_HANDLERS: Readonly<Record<string, Handler>> = {
  hostname,
  h: hostname,
  'add-host': addHost,
  dns,
  'dns-search': dnsSearch,
  sysctl,
  init: (scope, { path }) => {
    scope.effects.pod.shareProcessNamespace = true;
    scope.notes.approximated(path, 'docker --init → shareProcessNamespace (the pause container reaps zombies)');
  },
};
