import { isIP } from 'node:net';
import { quote } from '../util/describe';
import { Problems, arrayOf, isRecord, recordOf } from './kube-problem';
import { dns1123SubdomainProblem } from './kube-syntax';

/**
 * Ingress rules as kubernetes/kubernetes pkg/apis/networking/validation/validation.go checks them (validateIngressRules,
 * validateHTTPIngressPath): hosts are DNS names (a leading `*.` allowed), never IP addresses; Prefix and Exact paths
 * are absolute and free of the traversal sequences in its invalidPathSequences / invalidPathSuffixes.
 */

const INVALID_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_SUFFIXES = ['/..', '/.'];

/** Why `host` cannot be an Ingress rule's host, or `undefined`. */
export function ingressHostProblem(host: string): string | undefined {
  if (isIP(host) !== 0) {
    return `${quote(host)} must be a DNS name, not an IP address`;
  }
  return dns1123SubdomainProblem(host.startsWith('*.') ? host.slice(2) : host);
}

/** Why `path` cannot be a Prefix or Exact Ingress path, or `undefined`. */
export function ingressPathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) {
    return `${quote(path)} must be an absolute path`;
  }
  const sequence = INVALID_SEQUENCES.find((part) => path.includes(part));
  if (sequence !== undefined) {
    return `${quote(path)} must not contain ${quote(sequence)}`;
  }
  const suffix = INVALID_SUFFIXES.find((part) => path.endsWith(part));
  if (suffix !== undefined) {
    return `${quote(path)} must not end with ${quote(suffix)}`;
  }
  return undefined;
}

/** Checks that apply to an Ingress: its rules' hosts and paths. */
export function checkIngress(object: Record<string, unknown>, problems: Problems): void {
  arrayOf(recordOf(object.spec)?.rules).forEach((rule, i) => {
    if (!isRecord(rule)) {
      return;
    }
    if (typeof rule.host === 'string' && rule.host !== '') {
      const problem = ingressHostProblem(rule.host);
      if (problem !== undefined) {
        problems.add(['spec', 'rules', i, 'host'], problem);
      }
    }
    arrayOf(recordOf(rule.http)?.paths).forEach((entry, j) => {
      if (!isRecord(entry) || typeof entry.path !== 'string' || entry.pathType === 'ImplementationSpecific') {
        return;
      }
      const problem = ingressPathProblem(entry.path);
      if (problem !== undefined) {
        problems.add(['spec', 'rules', i, 'http', 'paths', j, 'path'], problem);
      }
    });
  });
}
