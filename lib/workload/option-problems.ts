import { isIP, isIPv4 } from 'node:net';
import { RUNBOOK_PLACEHOLDERS } from '../translate/alert-rules';
import { TranslateOptions, TrafficCutoverOptions } from '../translate/options';
import { normalizeCutoverZone } from '../translate/options';
import {
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  imageReferenceProblem,
  labelValueProblem,
  qualifiedNameProblem,
} from '../validate/kube-syntax';

/** A translation option whose value would make every object that carries it invalid. */
export interface OptionProblem {
  /** The option's name as a prop (`defaultNamespace`), which the CLI turns into its flag (`--default-namespace`). */
  readonly option: keyof TranslateOptions;
  readonly problem: string;
}

/**
 * Checks the options before any definition is translated: a bad `--default-namespace` would otherwise come out as
 * one "translation bug" per object, long after the real mistake, which was the option.
 */
export function translateOptionProblems(options: TranslateOptions): OptionProblem[] {
  const problems: OptionProblem[] = [];
  const check = (option: keyof TranslateOptions, problem: string | undefined) => {
    if (problem !== undefined) {
      problems.push({ option, problem });
    }
  };
  if (options.defaultNamespace !== undefined) {
    check('defaultNamespace', dns1123LabelProblem(options.defaultNamespace));
  }
  if (options.storageClass !== undefined) {
    check('storageClass', dns1123SubdomainProblem(options.storageClass));
  }
  if (options.ingressClass !== undefined) {
    check('ingressClass', dns1123SubdomainProblem(options.ingressClass));
  }
  for (const arn of options.certificateArns ?? []) {
    check(
      'certificateArns',
      /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/.test(arn)
        ? undefined
        : `expected an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>), got ${JSON.stringify(arn)}`,
    );
  }
  if (options.coexistenceDomain !== undefined) {
    // It ends up in the `external-dns.alpha.kubernetes.io/hostname` annotation and in the forwarders' commands.
    // DNS is case-blind and a trailing dot is the root: coexistenceHost writes it lowercased, without the dot.
    check('coexistenceDomain', dns1123SubdomainProblem(options.coexistenceDomain.toLowerCase().replace(/\.$/, '')));
  }
  if (options.trafficCutover !== undefined) {
    for (const problem of trafficCutoverProblems(options.trafficCutover)) {
      check('trafficCutover', problem);
    }
  }
  if (options.commandImage !== undefined) {
    check('commandImage', imageReferenceProblem(options.commandImage));
  }
  if (options.fetchImage !== undefined) {
    check('fetchImage', imageReferenceProblem(options.fetchImage));
  }
  for (const range of options.coexistenceSourceRanges ?? []) {
    check('coexistenceSourceRanges', cidrProblem(range));
  }
  if (options.forwarderImage !== undefined) {
    check('forwarderImage', imageReferenceProblem(options.forwarderImage));
  }
  if (options.runbookUrl !== undefined) {
    check('runbookUrl', runbookUrlProblem(options.runbookUrl));
  }
  for (const [key, value] of Object.entries(options.extraLabels ?? {})) {
    const keyProblem = qualifiedNameProblem(key);
    check('extraLabels', keyProblem === undefined ? undefined : `label key ${keyProblem}`);
    const valueProblem = labelValueProblem(value);
    check('extraLabels', valueProblem === undefined ? undefined : `label ${key}: ${valueProblem}`);
  }
  for (const option of ['jobBackoffLimit', 'perNodeInstances'] as const) {
    const value = options[option];
    if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > 2_147_483_647)) {
      check(option, `expected a whole number from 0 to 2147483647, got ${value}`);
    }
  }
  return problems;
}

/**
 * The weighted cut-over: a whole percentage (ExternalDNS parses the weight with ParseInt and writes it unchecked,
 * external-dns v0.21.0 provider/aws/aws.go L1007-1017; marathon-lb's record gets 100 − it), and a zone that is a DNS
 * name once lowercased and without its trailing dot, as every reader compares hosts with it (normalizeCutoverZone).
 */
function trafficCutoverProblems(cutover: TrafficCutoverOptions): string[] {
  const problems: string[] = [];
  const { zone, weight } = cutover as { zone?: unknown; weight?: unknown };
  if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > 100) {
    problems.push(
      `weight: expected a whole percentage from 0 to 100 (the ALB's share of each route's queries), got ${JSON.stringify(weight) ?? 'nothing'}`,
    );
  }
  if (typeof zone !== 'string') {
    problems.push(
      `zone: expected the name of a Route 53 public zone, e.g. example.com, got ${JSON.stringify(zone) ?? 'nothing'}`,
    );
  } else {
    const problem = dns1123SubdomainProblem(normalizeCutoverZone(zone));
    if (problem !== undefined) {
      problems.push(`zone: ${problem}`);
    }
  }
  return problems;
}

/**
 * The runbook template: an http(s) URL once its placeholders are filled, with no other braces (Prometheus would read
 * `{{` as a template action) and no whitespace or control characters.
 */
function runbookUrlProblem(template: string): string | undefined {
  const unknown = [...template.matchAll(/\{([^{}]*)\}/g)]
    .map((match) => match[1])
    .filter((name) => !(RUNBOOK_PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    return `unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `{${name}}`).join(', ')}: use {${RUNBOOK_PLACEHOLDERS.join('}, {')}}`;
  }
  const filled = template.replace(/\{(namespace|name|id)\}/g, 'x');
  let url: URL | undefined;
  try {
    url = new URL(filled);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.hostname === '' ||
    /[\s{}]/.test(filled) ||
    [...filled].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
  ) {
    return `expected an http(s) URL with placeholders {${RUNBOOK_PLACEHOLDERS.join('}, {')}}, got ${JSON.stringify(template)}`;
  }
  return undefined;
}

/** An IPv4 or IPv6 CIDR as Kubernetes validates `loadBalancerSourceRanges` (net.ParseCIDR). */
function cidrProblem(range: string): string | undefined {
  const match = /^([0-9.]+|[0-9A-Fa-f:]+)\/(\d{1,3})$/.exec(range);
  const ipv4 = match && isIPv4(match[1]);
  const ipv6 = match && !ipv4 && isIP(match[1]) === 6;
  const bits = match ? Number(match[2]) : -1;
  if (!match || (!ipv4 && !ipv6) || bits > (ipv4 ? 32 : 128)) {
    return `expected a CIDR such as 10.20.0.0/16, got ${JSON.stringify(range)}`;
  }
  return undefined;
}
