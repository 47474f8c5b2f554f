/**
 * Generates lib/validate/crd-schemas.generated.json: the openAPIV3Schema of the custom resources the EKS environment
 * emits (External Secrets Operator ExternalSecret, SecretStore, ClusterSecretStore), cut down to the keywords
 * lib/validate/crd-schema.ts checks. The input is the CRD bundle of the pinned external-secrets chart:
 *
 *   git show helm-chart-2.9.0:deploy/crds/bundle.yaml > /tmp/eso-crds.yaml      (in a clone of external-secrets)
 *   curl -o /tmp/eso-crds.yaml https://raw.githubusercontent.com/external-secrets/external-secrets/helm-chart-2.9.0/deploy/crds/bundle.yaml
 *
 *   npx tsx scripts/generate-crd-schemas.ts /tmp/eso-crds.yaml           write the file
 *   npx tsx scripts/generate-crd-schemas.ts /tmp/eso-crds.yaml --check   print the sha256 of what it would write, and
 *                                                                        exit 1 when the committed file differs
 *
 * Options: --tag <tag> and --path <path> name the source when it is not the pinned one (they are only recorded).
 *
 * Descriptions, examples, defaults and formats are dropped, and so are CEL rules (x-kubernetes-validations), which
 * the walker does not evaluate: the script prints how many it dropped per kind. A keyword it does not know stops it,
 * so a new chart cannot silently loosen validation.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const REPOSITORY = 'external-secrets/external-secrets';
const PINNED_TAG = 'helm-chart-2.9.0';
const PINNED_PATH = 'deploy/crds/bundle.yaml';

/** The CRDs wanted, and the version of each. */
const CRDS: readonly { readonly name: string; readonly version: string }[] = [
  { name: 'externalsecrets.external-secrets.io', version: 'v1' },
  { name: 'secretstores.external-secrets.io', version: 'v1' },
  { name: 'clustersecretstores.external-secrets.io', version: 'v1' },
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
const DROPPED = new Set([
  'description',
  'example',
  'default',
  'format',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
]);

const OUTPUT = join(__dirname, '..', 'lib', 'validate', 'crd-schemas.generated.json');

type Schema = Record<string, unknown>;

interface Crd {
  readonly metadata: { readonly name: string };
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

interface Counts {
  celRules: number;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The schema with only the kept keywords, at every depth; `at` names the place in errors. */
function strip(schema: Schema, at: string, counts: Counts): Schema {
  const out: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'x-kubernetes-validations') {
      counts.celRules += Array.isArray(value) ? value.length : 0;
    }
    if (keyword === 'x-kubernetes-list-type') {
      // atomic lists are plain arrays; set and map lists need uniqueness checks the walker does not have.
      if (value !== 'atomic') {
        throw new Error(`${at}: x-kubernetes-list-type ${JSON.stringify(value)} is not supported`);
      }
      continue;
    }
    if (DROPPED.has(keyword)) {
      continue;
    }
    if (!KEPT.has(keyword)) {
      throw new Error(`${at}: keyword ${JSON.stringify(keyword)} is not supported by lib/validate/crd-schema.ts`);
    }
    if (keyword === 'pattern') {
      new RegExp(value as string, 'u');
    } // throws when the pattern is not a JavaScript one
    if (keyword === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, Schema>).map(([name, child]) => [
          name,
          strip(child, `${at}.${name}`, counts),
        ]),
      );
    } else if (keyword === 'items' || (keyword === 'additionalProperties' && isSchema(value))) {
      out[keyword] = strip(value as Schema, `${at}${keyword === 'items' ? '[]' : '{}'}`, counts);
    } else if (keyword === 'anyOf') {
      out.anyOf = (value as Schema[]).map((branch, i) => strip(branch, `${at}|${i}`, counts));
    } else {
      out[keyword] = value;
    }
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

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

function generate(input: string): string {
  const text = readFileSync(input, 'utf8');
  const crds = new Map<string, Crd>();
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw new Error(`${input}: ${document.errors[0].message}`);
    }
    const value = document.toJS() as { kind?: string; metadata?: { name?: string } } | null;
    if (value?.kind === 'CustomResourceDefinition' && typeof value.metadata?.name === 'string') {
      crds.set(value.metadata.name, value as unknown as Crd);
    }
  }
  const kinds: Record<string, { crd: string; scope: string; schema: string }> = {};
  const schemas: Record<string, Schema> = {};
  const byContent = new Map<string, string>();
  for (const { name, version } of [...CRDS].sort((a, b) => a.name.localeCompare(b.name))) {
    const crd = crds.get(name);
    if (crd === undefined) {
      throw new Error(`${input} has no CustomResourceDefinition ${name}`);
    }
    const served = crd.spec.versions.find((v) => v.name === version);
    if (served?.schema === undefined) {
      throw new Error(`${name} has no schema for version ${version}`);
    }
    if (!served.served) {
      throw new Error(`${name} does not serve version ${version}`);
    }
    const counts: Counts = { celRules: 0 };
    const schema = strip(served.schema.openAPIV3Schema, crd.spec.names.kind, counts);
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
  const source = {
    repository: REPOSITORY,
    tag: option('--tag', PINNED_TAG),
    path: option('--path', PINNED_PATH),
    sha256: sha256(text),
  };
  const sortedKinds = Object.fromEntries(
    Object.keys(kinds)
      .sort()
      .map((key) => [key, kinds[key]]),
  );
  return [
    '{',
    ` "generatedBy": "scripts/generate-crd-schemas.ts",`,
    ` "source": ${JSON.stringify(source)},`,
    ` "kinds": ${serialize(sortedKinds, ' ')},`,
    ` "schemas": ${serialize(schemas, ' ')}`,
    '}',
    '',
  ].join('\n');
}

function main(): void {
  const input = process.argv
    .slice(2)
    .find((arg, i, args) => !arg.startsWith('--') && !['--tag', '--path'].includes(args[i - 1]));
  if (input === undefined) {
    console.error(
      'usage: npx tsx scripts/generate-crd-schemas.ts <crd bundle.yaml> [--tag <tag>] [--path <path>] [--check]',
    );
    process.exit(2);
  }
  const text = generate(input);
  if (process.argv.includes('--check')) {
    const committed = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : '';
    console.log(`sha256 ${sha256(text)}`);
    if (committed !== text) {
      console.error(`${OUTPUT} is out of date; run: npx tsx scripts/generate-crd-schemas.ts ${input}`);
      process.exit(1);
    }
    return;
  }
  writeFileSync(OUTPUT, text);
  console.log(`wrote ${OUTPUT} (sha256 ${sha256(text)})`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(3);
}
