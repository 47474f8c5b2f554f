import { quote } from '../util/describe';

/**
 * The name syntaxes of k8s.io/apimachinery/pkg/util/validation (IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label,
 * IsValidPortName, IsQualifiedName, IsValidLabelValue, IsEnvVarName, IsConfigMapKey). Each returns why `value` is
 * not valid, or `undefined` when it is. kubernetes-models types these fields as plain strings, so without these
 * checks a bad name is first noticed by the API server, at deploy time.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

const DNS1123_LABEL_MAX = 63;
const DNS1123_SUBDOMAIN_MAX = 253;
const LABEL_VALUE_MAX = 63;
const PORT_NAME_MAX = 15;

function tooLong(value: string, max: number, what: string): string {
  return `${quote(value)} is ${value.length} characters; ${what} has at most ${max}`;
}

/** A DNS-1123 label: container, volume and namespace names. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length > DNS1123_LABEL_MAX) {
    return tooLong(value, DNS1123_LABEL_MAX, 'a DNS-1123 label');
  }
  if (!DNS1123_LABEL.test(value)) {
    return `${quote(value)} is not a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit`;
  }
  return undefined;
}

/** A DNS-1123 subdomain: the names of most objects. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length > DNS1123_SUBDOMAIN_MAX) {
    return tooLong(value, DNS1123_SUBDOMAIN_MAX, 'a DNS-1123 subdomain');
  }
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return `${quote(value)} is not a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit`;
  }
  return undefined;
}

/** A DNS-1035 label: Service names, which become DNS names and environment variable prefixes. */
export function dns1035LabelProblem(value: string): string | undefined {
  if (value.length > DNS1123_LABEL_MAX) {
    return tooLong(value, DNS1123_LABEL_MAX, 'a DNS-1035 label');
  }
  if (!DNS1035_LABEL.test(value)) {
    return `${quote(value)} is not a DNS-1035 label: lowercase letters, digits and "-", starting with a letter and ending with a letter or digit`;
  }
  return undefined;
}

/** IANA_SVC_NAME (RFC 6335): container port names, which probes and Services refer to. */
export function portNameProblem(value: string): string | undefined {
  const reasons: string[] = [];
  if (value.length > PORT_NAME_MAX) {
    reasons.push(`have at most ${PORT_NAME_MAX} characters (it has ${value.length})`);
  }
  if (!/^[-a-z0-9]*$/.test(value)) {
    reasons.push('contain only lowercase letters, digits and "-"');
  } else if (!/[a-z]/.test(value)) {
    reasons.push('contain at least one letter');
  }
  if (value.startsWith('-') || value.endsWith('-')) {
    reasons.push('not start or end with "-"');
  }
  if (value.includes('--')) {
    reasons.push('not contain "--"');
  }
  return reasons.length === 0
    ? undefined
    : `${quote(value)} is not an IANA service name: it must ${reasons.join(', ')}`;
}

/**
 * A label or annotation key: an optional DNS-1123 subdomain prefix and "/", then a name of at most 63 characters.
 * The message starts with the quoted key, so callers can say which kind of key it is.
 */
export function qualifiedNameProblem(value: string): string | undefined {
  const parts = value.split('/');
  if (parts.length > 2) {
    return `${quote(value)} has more than one "/"; a key is [prefix/]name`;
  }
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix === '') {
      return `${quote(value)} has an empty prefix before "/"`;
    }
    if (prefix.length > DNS1123_SUBDOMAIN_MAX || !DNS1123_SUBDOMAIN.test(prefix)) {
      return `${quote(value)}: the prefix must be a DNS-1123 subdomain (at most ${DNS1123_SUBDOMAIN_MAX} lowercase letters, digits, "-" and ".")`;
    }
  }
  if (name === '') {
    return `${quote(value)} has an empty name`;
  }
  if (name.length > LABEL_VALUE_MAX || !QUALIFIED_NAME_PART.test(name)) {
    return `${quote(value)}: the name must be at most ${LABEL_VALUE_MAX} letters, digits, "-", "_" and ".", starting and ending with a letter or digit`;
  }
  return undefined;
}

/** A label value: empty, or at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > LABEL_VALUE_MAX) {
    return tooLong(value, LABEL_VALUE_MAX, 'a label value');
  }
  if (value !== '' && !QUALIFIED_NAME_PART.test(value)) {
    return `${quote(value)} is not a valid label value: letters, digits, "-", "_" and ".", starting and ending with a letter or digit`;
  }
  return undefined;
}

/**
 * An environment variable name. Kubernetes 1.32+ can relax this (RelaxedEnvironmentVariableValidation), but the
 * classic rule is what every cluster version and every shell accepts.
 */
export function envVarNameProblem(value: string): string | undefined {
  if (!ENV_VAR_NAME.test(value)) {
    return `${quote(value)} is not a valid environment variable name: letters, digits, "_", "-" and ".", not starting with a digit`;
  }
  return relativePathProblem(value);
}

/** A ConfigMap or Secret data key, which becomes a file name when the object is mounted. */
export function configMapKeyProblem(value: string): string | undefined {
  if (value.length > DNS1123_SUBDOMAIN_MAX) {
    return tooLong(value, DNS1123_SUBDOMAIN_MAX, 'a data key');
  }
  if (!CONFIG_MAP_KEY.test(value)) {
    return `${quote(value)} is not a valid data key: letters, digits, "-", "_" and "."`;
  }
  return relativePathProblem(value);
}

/** Kubernetes' hasChDirPrefix: these names would escape the directory they are mounted into. */
function relativePathProblem(value: string): string | undefined {
  if (value === '.' || value === '..') {
    return `${quote(value)} is not allowed`;
  }
  if (value.startsWith('..')) {
    return `${quote(value)} must not start with ".."`;
  }
  return undefined;
}

/*
 * A container image reference as the kubelet's runtime parses it: distribution/reference regexp.go (v0.6.0,
 * ff14faf), `[domain[:port]/]path[:tag][@digest]` with lowercase path components. Kubernetes itself only requires
 * a non-empty string, so a bad image is otherwise first noticed as ErrImagePull on the node.
 */
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const IMAGE_REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);
/** reference.go NameTotalLengthMax: the name (without tag and digest) has at most 255 characters. */
const IMAGE_NAME_MAX = 255;

export function imageReferenceProblem(value: string): string | undefined {
  if (value.length > 4096) {
    return `${quote(value.slice(0, 40))}… is ${value.length} characters; not an image reference`;
  }
  if (!IMAGE_REFERENCE.test(value)) {
    return `${quote(value)} is not an image reference: [registry[:port]/]name[:tag][@digest], the name in lowercase letters, digits and separators (e.g. debian:bookworm-slim)`;
  }
  const name = value.replace(/@.*$/, '').replace(/:[\w][\w.-]{0,127}$/, '');
  if (name.length > IMAGE_NAME_MAX) {
    return tooLong(name, IMAGE_NAME_MAX, 'an image name');
  }
  return undefined;
}

// SysctlMaxLength and SysctlContainSlashFmt of k8s.io/apimachinery/pkg/util/validation (IsValidSysctlName).
const SYSCTL_MAX = 253;
const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

/** A kernel parameter name, dot- or slash-separated (`net.core.somaxconn`, `net/ipv4/ip_forward`). */
export function sysctlNameProblem(value: string): string | undefined {
  if (value.length > SYSCTL_MAX) {
    return tooLong(value, SYSCTL_MAX, 'a sysctl name');
  }
  if (!SYSCTL_NAME.test(value)) {
    return `${quote(value)} is not a sysctl name: lowercase letters, digits, "-" and "_", separated by "." or "/"`;
  }
  return undefined;
}
