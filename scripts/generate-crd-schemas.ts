/**
 * Generates the openAPIV3Schema tables of the custom resources marathon-to-eks emits, cut down to the keywords
 * lib/validate/crd-schema.ts checks. Four sources, one output file each:
 *
 * - lib/validate/crd-schemas.generated.json: External Secrets Operator ExternalSecret, SecretStore,
 *   ClusterSecretStore, from the CRD bundle of the pinned external-secrets chart (external-secrets/external-secrets
 *   helm-chart-2.9.0, deploy/crds/bundle.yaml).
 * - lib/validate/crd-schemas-monitoring.generated.json: prometheus-operator ServiceMonitor, PodMonitor and
 *   PrometheusRule (monitoring.coreos.com/v1), from the CRD templates of the pinned prometheus-operator-crds chart
 *   (prometheus-community/helm-charts prometheus-operator-crds-31.0.1, operator v0.93.1; lib/eks/addons/monitoring.ts
 *   pins it). The templates are Helm files: the lines that are only a template action (`{{- if … }}`) are dropped, and
 *   any other `{{` stops the script.
 *
 * - lib/validate/crd-schemas-karpenter.generated.json: Karpenter's NodePool (karpenter.sh/v1) and EC2NodeClass
 *   (karpenter.k8s.aws/v1), from aws/karpenter-provider-aws v1.14.1 pkg/apis/crds (the CRDs of the pinned
 *   karpenter-crd chart, lib/eks/capacity/karpenter.ts). Its CEL rules that the objects marathon-to-eks emits could
 *   break are checked by lib/validate/kube-karpenter.ts instead.
 * - lib/validate/crd-schemas-argocd.generated.json: Argo CD's Application and AppProject (argoproj.io/v1alpha1),
 *   from argoproj/argo-cd v3.4.4 manifests/crds (the appVersion of the pinned argo-cd chart; the gitops layout of
 *   `convert` and `Delivery.gitOps` emit them). Their `status` is left out: the tool never writes one.
 *
 * Getting the inputs (in clones of the three repositories):
 *
 *   git -C external-secrets show helm-chart-2.9.0:deploy/crds/bundle.yaml > /tmp/eso-crds.yaml
 *   mkdir -p /tmp/po-crds && for k in servicemonitors podmonitors prometheusrules; do
 *     git -C helm-charts show prometheus-operator-crds-31.0.1:charts/prometheus-operator-crds/charts/crds/templates/crd-$k.yaml \
 *       > /tmp/po-crds/crd-$k.yaml; done
 *   mkdir -p /tmp/karpenter-crds && for f in karpenter.sh_nodepools karpenter.k8s.aws_ec2nodeclasses; do
 *     git -C karpenter-provider-aws show v1.14.1:pkg/apis/crds/$f.yaml > /tmp/karpenter-crds/$f.yaml; done
 *   mkdir -p /tmp/argocd-crds && for f in application-crd appproject-crd; do
 *     git -C argo-cd show v3.4.4:manifests/crds/$f.yaml > /tmp/argocd-crds/$f.yaml; done
 *
 * Running it: every input file is read, and each source whose CRDs are among them is generated (a source with only
 * some of its CRDs present stops the script):
 *
 *   npx tsx scripts/generate-crd-schemas.ts /tmp/eso-crds.yaml /tmp/po-crds/*.yaml /tmp/karpenter-crds/*.yaml \
 *     /tmp/argocd-crds/*.yaml      write the four files
 *   npx tsx scripts/generate-crd-schemas.ts /tmp/eso-crds.yaml /tmp/po-crds/*.yaml --check   print the sha256 of what
 *                                  it would write per file, and exit 1 when a committed file differs
 *   npx tsx scripts/generate-crd-schemas.ts /tmp/eso-crds.yaml [--check]                     External Secrets only
 *
 * Options: --tag <tag> and --path <path> name the source when it is not the pinned one (they are only recorded; they
 * need the inputs to hold a single source, and --path one input file).
 *
 * Descriptions, examples and defaults are dropped, and so are CEL rules (x-kubernetes-validations), which the walker
 * does not evaluate: the script prints how many it dropped per kind. `format` is dropped for External Secrets (as it
 * always was: its output stays byte-identical) and kept for the monitoring kinds where the walker checks it (int32,
 * int64, date-time). List types `set` and `map` (with their keys) are kept: the walker checks uniqueness. A keyword
 * or format it does not know stops it, so a new chart cannot silently loosen validation.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** One upstream chart and the kinds taken from it. */
interface Source {
  readonly repository: string;
  readonly tag: string;
  /** Where the CRDs live in the repository; `{file}` stands for the input file's name. */
  readonly path: string;
  readonly output: string;
  /** The CRDs wanted, and the version of each. */
  readonly crds: readonly { readonly name: string; readonly version: string }[];
  /** `format` values kept for the walker; `undefined`: every format is dropped. */
  readonly formats?: ReadonlySet<string>;
  /** The `operator.prometheus.io/version` annotation every CRD must carry, when the chart stamps one. */
  readonly operatorVersion?: string;
  /**
   * Leave the top-level `status` out of the schema (so an object that carries one is rejected): the tool never writes
   * status, and an Application's is most of its CRD (the sync and health history, every resource's state).
   */
  readonly omitStatus?: boolean;
}

const VALIDATE = join(__dirname, '..', 'lib', 'validate');

const SOURCES: readonly Source[] = [
  {
    repository: 'external-secrets/external-secrets',
    tag: 'helm-chart-2.9.0',
    path: 'deploy/crds/bundle.yaml',
    output: join(VALIDATE, 'crd-schemas.generated.json'),
    crds: [
      { name: 'externalsecrets.external-secrets.io', version: 'v1' },
      { name: 'secretstores.external-secrets.io', version: 'v1' },
      { name: 'clustersecretstores.external-secrets.io', version: 'v1' },
    ],
  },
  {
    repository: 'prometheus-community/helm-charts',
    tag: 'prometheus-operator-crds-31.0.1',
    path: 'charts/prometheus-operator-crds/charts/crds/templates/{file}',
    output: join(VALIDATE, 'crd-schemas-monitoring.generated.json'),
    crds: [
      { name: 'servicemonitors.monitoring.coreos.com', version: 'v1' },
      { name: 'podmonitors.monitoring.coreos.com', version: 'v1' },
      { name: 'prometheusrules.monitoring.coreos.com', version: 'v1' },
    ],
    formats: new Set(['int32', 'int64', 'date-time']),
    operatorVersion: '0.93.1',
  },
  {
    // lib/eks/capacity/karpenter.ts pins the chart of this release; NodeClaim is not emitted.
    repository: 'aws/karpenter-provider-aws',
    tag: 'v1.14.1',
    path: 'pkg/apis/crds/{file}',
    output: join(VALIDATE, 'crd-schemas-karpenter.generated.json'),
    crds: [
      { name: 'nodepools.karpenter.sh', version: 'v1' },
      { name: 'ec2nodeclasses.karpenter.k8s.aws', version: 'v1' },
    ],
    formats: new Set(['int32', 'int64', 'date-time']),
  },
  {
    // The Argo CD the gitops delivery installs (argo-helm argo-cd 10.1.1, appVersion v3.4.4; lib/gitops/argocd-objects.ts).
    // ApplicationSet is not emitted (the layout is app-of-apps), and its CRD alone is 1.4 MB.
    repository: 'argoproj/argo-cd',
    tag: 'v3.4.4',
    path: 'manifests/crds/{file}',
    output: join(VALIDATE, 'crd-schemas-argocd.generated.json'),
    crds: [
      { name: 'applications.argoproj.io', version: 'v1alpha1' },
      { name: 'appprojects.argoproj.io', version: 'v1alpha1' },
    ],
    formats: new Set(['int32', 'int64', 'date-time']),
    omitStatus: true,
  },
];

/** Keywords lib/validate/crd-schema.ts checks; kept in the output. */
const KEPT = new Set([
  'type',
  'properties',
  'required',
  'enum',
  'items',
  'additionalProperties',
  'anyOf',
  'nullable',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
]);

/** Keywords that do not constrain what a manifest may contain, or that the walker deliberately leaves unchecked. */
const DROPPED = new Set(['description', 'example', 'default', 'x-kubernetes-map-type', 'x-kubernetes-validations']);

type Schema = Record<string, unknown>;

interface Crd {
  readonly metadata: { readonly name: string; readonly annotations?: Record<string, string> };
  readonly spec: {
    readonly group: string;
    readonly scope: 'Namespaced' | 'Cluster';
    readonly names: { readonly kind: string };
    readonly versions: readonly {
      readonly name: string;
      readonly served: boolean;
      readonly schema?: { readonly openAPIV3Schema: Schema };
    }[];
  };
}

/** A CRD found in an input, and that input. */
interface Found {
  readonly crd: Crd;
  readonly file: string;
  readonly sha256: string;
}

interface Counts {
  celRules: number;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The JavaScript form of a CRD pattern, as lib/validate/crd-schema.ts compiles it: RE2's `(?i)` at the start (or
 * right after `^`) becomes the `i` flag; any other RE2-only syntax fails to compile here.
 */
function compilePattern(pattern: string): RegExp {
  const insensitive = /^\^?\(\?i\)/.exec(pattern);
  return insensitive === null ? new RegExp(pattern, 'u') : new RegExp(pattern.replace('(?i)', ''), 'iu');
}

/** The top-level schema without `status` when the source says so; the rest untouched. */
function withoutStatus(schema: Schema, source: Source): Schema {
  if (source.omitStatus !== true || !isSchema(schema.properties)) {
    return schema;
  }
  const { status: _status, ...properties } = schema.properties;
  const required = Array.isArray(schema.required) ? schema.required.filter((name) => name !== 'status') : undefined;
  return { ...schema, properties, ...(required !== undefined ? { required } : {}) };
}

/** The schema with only the kept keywords, at every depth; `at` names the place in errors. */
function strip(schema: Schema, at: string, counts: Counts, source: Source): Schema {
  const out: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'x-kubernetes-validations') {
      counts.celRules += Array.isArray(value) ? value.length : 0;
    }
    if (keyword === 'x-kubernetes-list-type') {
      // atomic lists are plain arrays; set and map lists carry uniqueness, which the walker checks.
      if (value === 'atomic') {
        continue;
      }
      if (value !== 'set' && value !== 'map') {
        throw new Error(`${at}: x-kubernetes-list-type ${JSON.stringify(value)} is not supported`);
      }
      out[keyword] = value;
      continue;
    }
    if (keyword === 'format') {
      if (source.formats === undefined) {
        continue;
      }
      if (!source.formats.has(value as string)) {
        throw new Error(`${at}: format ${JSON.stringify(value)} is not supported by lib/validate/crd-schema.ts`);
      }
      out[keyword] = value;
      continue;
    }
    if (DROPPED.has(keyword)) {
      continue;
    }
    if (!KEPT.has(keyword)) {
      throw new Error(`${at}: keyword ${JSON.stringify(keyword)} is not supported by lib/validate/crd-schema.ts`);
    }
    if (keyword === 'pattern') {
      compilePattern(value as string);
    } // throws when the pattern is not a JavaScript one
    if (keyword === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, Schema>).map(([name, child]) => [
          name,
          strip(child, `${at}.${name}`, counts, source),
        ]),
      );
    } else if (keyword === 'items' || (keyword === 'additionalProperties' && isSchema(value))) {
      out[keyword] = strip(value as Schema, `${at}${keyword === 'items' ? '[]' : '{}'}`, counts, source);
    } else if (keyword === 'anyOf') {
      out.anyOf = (value as Schema[]).map((branch, i) => strip(branch, `${at}|${i}`, counts, source));
    } else {
      out[keyword] = value;
    }
  }
  if (out['x-kubernetes-list-type'] === 'map' && !Array.isArray(out['x-kubernetes-list-map-keys'])) {
    throw new Error(`${at}: a map list without x-kubernetes-list-map-keys`);
  }
  return out;
}

/**
 * JSON with short subtrees on one line and long ones expanded, keys in source order: diffable line by line, and a
 * fraction of the size of `JSON.stringify(x, null, 2)`.
 */
function serialize(value: unknown, indent = ''): string {
  const flat = JSON.stringify(value);
  if (flat.length + indent.length <= 160 || (!isSchema(value) && !Array.isArray(value))) {
    return flat;
  }
  // One space per level: the schemas nest twenty deep.
  const inner = `${indent} `;
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => inner + serialize(item, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).map(
    ([key, child]) => `${inner}${JSON.stringify(key)}: ${serialize(child, inner)}`,
  );
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/** A CRD file as YAML: Helm templates lose their lines that hold only a template action. */
function yamlOf(file: string, text: string): string {
  const kept = text.split('\n').filter((line) => !/^\s*\{\{-?[^}]*-?\}\}\s*$/.test(line));
  const left = kept.findIndex((line) => line.includes('{{'));
  if (left >= 0) {
    throw new Error(`${file}:${left + 1}: a template action inside a line is not supported: ${kept[left].trim()}`);
  }
  return kept.join('\n');
}

/** Every CustomResourceDefinition in the inputs, by name. */
function readCrds(inputs: readonly string[]): Map<string, Found> {
  const crds = new Map<string, Found>();
  for (const file of inputs) {
    const text = readFileSync(file, 'utf8');
    for (const document of parseAllDocuments(yamlOf(file, text))) {
      if (document.errors.length > 0) {
        throw new Error(`${file}: ${document.errors[0].message}`);
      }
      const value = document.toJS() as { kind?: string; metadata?: { name?: string } } | null;
      if (value?.kind === 'CustomResourceDefinition' && typeof value.metadata?.name === 'string') {
        if (crds.has(value.metadata.name)) {
          throw new Error(`${file}: ${value.metadata.name} is also in ${crds.get(value.metadata.name)?.file}`);
        }
        crds.set(value.metadata.name, { crd: value as unknown as Crd, file, sha256: sha256(text) });
      }
    }
  }
  return crds;
}

/** The output file's text for one source; `found` holds all of its CRDs. */
function generate(source: Source, found: ReadonlyMap<string, Found>, single: boolean): string {
  const kinds: Record<string, { crd: string; scope: string; schema: string }> = {};
  const schemas: Record<string, Schema> = {};
  const byContent = new Map<string, string>();
  const files = new Map<string, string>();
  for (const { name, version } of [...source.crds].sort((a, b) => a.name.localeCompare(b.name))) {
    const { crd, file, sha256: digest } = found.get(name) as Found;
    files.set(file, digest);
    const annotated = crd.metadata.annotations?.['operator.prometheus.io/version'];
    if (source.operatorVersion !== undefined && annotated !== source.operatorVersion) {
      throw new Error(`${name} is from operator ${annotated}, expected ${source.operatorVersion}`);
    }
    const served = crd.spec.versions.find((v) => v.name === version);
    if (served?.schema === undefined) {
      throw new Error(`${name} has no schema for version ${version}`);
    }
    if (!served.served) {
      throw new Error(`${name} does not serve version ${version}`);
    }
    const counts: Counts = { celRules: 0 };
    const schema = strip(withoutStatus(served.schema.openAPIV3Schema, source), crd.spec.names.kind, counts, source);
    // The API server validates metadata as an ObjectMeta whatever the CRD says; so does lib/validate.
    if (JSON.stringify((schema.properties as Record<string, unknown> | undefined)?.metadata) !== '{"type":"object"}') {
      throw new Error(`${name}: expected metadata to be a bare {type: object}`);
    }
    const content = JSON.stringify(schema);
    const shared = byContent.get(content);
    if (shared === undefined) {
      byContent.set(content, name);
      schemas[name] = schema;
    }
    const key = `${crd.spec.group}/${version}/${crd.spec.names.kind}`;
    kinds[key] = { crd: name, scope: crd.spec.scope, schema: shared ?? name };
    console.error(
      `${key}: ${shared !== undefined ? `same schema as ${shared}` : `${content.length} bytes`}; ${counts.celRules} CEL rules not checked`,
    );
  }
  const tag = (single ? option('--tag') : undefined) ?? source.tag;
  const path = (single ? option('--path') : undefined) ?? source.path;
  // One input file: its digest, as the External Secrets table always recorded. Several: each repository path's.
  const recorded =
    files.size === 1
      ? { path: path.replace('{file}', basename([...files.keys()][0])), sha256: [...files.values()][0] }
      : {
          files: Object.fromEntries(
            [...files.entries()]
              .map(([file, digest]) => [path.replace('{file}', basename(file)), digest] as const)
              .sort(([a], [b]) => a.localeCompare(b)),
          ),
        };
  const sortedKinds = Object.fromEntries(
    Object.keys(kinds)
      .sort()
      .map((key) => [key, kinds[key]]),
  );
  return [
    '{',
    ` "generatedBy": "scripts/generate-crd-schemas.ts",`,
    ` "source": ${JSON.stringify({ repository: source.repository, tag, ...recorded })},`,
    ` "kinds": ${serialize(sortedKinds, ' ')},`,
    ` "schemas": ${serialize(schemas, ' ')}`,
    '}',
    '',
  ].join('\n');
}

function main(): void {
  const inputs = process.argv
    .slice(2)
    .filter((arg, i, args) => !arg.startsWith('--') && !['--tag', '--path'].includes(args[i - 1]));
  if (inputs.length === 0) {
    console.error(
      'usage: npx tsx scripts/generate-crd-schemas.ts <crd file.yaml>... [--tag <tag>] [--path <path>] [--check]',
    );
    process.exit(2);
  }
  const found = readCrds(inputs);
  const present = SOURCES.filter((source) => source.crds.some(({ name }) => found.has(name)));
  if (present.length === 0) {
    throw new Error(
      `the inputs hold none of the CRDs: ${SOURCES.flatMap((s) => s.crds.map((c) => c.name)).join(', ')}`,
    );
  }
  for (const source of present) {
    const missing = source.crds.filter(({ name }) => !found.has(name)).map(({ name }) => name);
    if (missing.length > 0) {
      throw new Error(`the inputs have no CustomResourceDefinition ${missing.join(', ')} (${source.repository})`);
    }
  }
  if ((option('--tag') !== undefined || option('--path') !== undefined) && present.length > 1) {
    throw new Error('--tag and --path name one source; the inputs hold several');
  }
  let stale = false;
  for (const source of present) {
    const text = generate(source, found, present.length === 1);
    if (process.argv.includes('--check')) {
      const committed = existsSync(source.output) ? readFileSync(source.output, 'utf8') : '';
      console.log(`sha256 ${sha256(text)}${present.length > 1 ? ` ${basename(source.output)}` : ''}`);
      if (committed !== text) {
        console.error(
          `${source.output} is out of date; run: npx tsx scripts/generate-crd-schemas.ts ${inputs.join(' ')}`,
        );
        stale = true;
      }
    } else {
      writeFileSync(source.output, text);
      console.log(`wrote ${source.output} (sha256 ${sha256(text)})`);
    }
  }
  if (stale) {
    process.exit(1);
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(3);
}
