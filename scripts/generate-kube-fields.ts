/**
 * Generates lib/validate/kube-fields.generated.json: the JSON field names and types of every Kubernetes type
 * reachable from the kinds marathon-to-eks emits, taken from the OpenAPI models that @kubernetes/client-node
 * generates. lib/validate walks emitted objects against this table to reject unknown fields, which
 * kubernetes-models (used for types and required fields) silently accepts.
 *
 *   npx tsx scripts/generate-kube-fields.ts           write the table
 *   npx tsx scripts/generate-kube-fields.ts --check   print the sha256 of the table it would write, and exit 1 when
 *                                                     the committed file differs (used by the tests)
 *
 * client-node is ESM-only, so this runs as a script (tsx), never inside jest.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The built-in kinds the tool emits (convert and the EKS environment), keyed `apiVersion/kind`, and the client-node model class of each. */
const KINDS: Readonly<Record<string, string>> = {
  'v1/Namespace': 'V1Namespace',
  'v1/Service': 'V1Service',
  'v1/ConfigMap': 'V1ConfigMap',
  'v1/Secret': 'V1Secret',
  'v1/ServiceAccount': 'V1ServiceAccount',
  'v1/PersistentVolumeClaim': 'V1PersistentVolumeClaim',
  'apps/v1/Deployment': 'V1Deployment',
  'apps/v1/StatefulSet': 'V1StatefulSet',
  'apps/v1/DaemonSet': 'V1DaemonSet',
  'batch/v1/Job': 'V1Job',
  'batch/v1/CronJob': 'V1CronJob',
  'networking.k8s.io/v1/Ingress': 'V1Ingress',
  'networking.k8s.io/v1/NetworkPolicy': 'V1NetworkPolicy',
  'policy/v1/PodDisruptionBudget': 'V1PodDisruptionBudget',
  'autoscaling/v2/HorizontalPodAutoscaler': 'V2HorizontalPodAutoscaler',
  // Emitted by the EKS environment (lib/eks) rather than by convert.
  'storage.k8s.io/v1/StorageClass': 'V1StorageClass',
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': 'V1ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': 'V1ValidatingAdmissionPolicyBinding',
};

/** Type strings that are leaves rather than model classes (what the client-node ObjectSerializer treats as primitive). */
const LEAVES = new Set(['string', 'number', 'boolean', 'Date', 'any', 'object', 'IntOrString']);

/** Types client-node names but does not generate a class for; both are RFC 3339 strings on the wire. */
const ALIASES: Readonly<Record<string, string>> = { V1MicroTime: 'Date' };

const ROOT = join(__dirname, '..');
const PACKAGE_DIR = join(ROOT, 'node_modules', '@kubernetes', 'client-node');
const MODELS_DIR = join(PACKAGE_DIR, 'dist', 'gen', 'models');
const OUTPUT = join(ROOT, 'lib', 'validate', 'kube-fields.generated.json');

interface Attribute {
  readonly name: string;
  readonly baseName: string;
  readonly type: string;
  readonly format: string;
}

interface ModelClass {
  getAttributeTypeMap(): Attribute[];
}

interface Table {
  readonly generatedBy: string;
  readonly source: { readonly package: string; readonly version: string; readonly openapi: string };
  readonly kinds: Record<string, string>;
  readonly types: Record<string, Record<string, string>>;
}

/** The model class names a type string refers to: `Array<V1Container>` → V1Container, `{ [key: string]: X; }` → X. */
function referencedModels(type: string): string[] {
  const element = elementType(type);
  if (element !== undefined) {
    return referencedModels(element);
  }
  return LEAVES.has(type) ? [] : [type];
}

/** The item or value type of an array or map type string, or `undefined` for anything else. */
function elementType(type: string): string | undefined {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    return array[1];
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  return map ? map[1] : undefined;
}

/** Replaces alias names inside a type string, keeping its array/map structure. */
function resolveAliases(type: string): string {
  const element = elementType(type);
  if (element !== undefined) {
    return type.replace(element, resolveAliases(element));
  }
  return ALIASES[type] ?? type;
}

async function loadModel(name: string): Promise<ModelClass> {
  const file = join(MODELS_DIR, `${name}.js`);
  if (!existsSync(file)) {
    throw new Error(`client-node has no model ${name} (${file})`);
  }
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const model = module[name] as ModelClass | undefined;
  if (typeof model?.getAttributeTypeMap !== 'function') {
    throw new Error(`${file} does not export a model class ${name}`);
  }
  return model;
}

/** Breadth-first over the type graph, so only the models the emitted kinds can reach are loaded. */
async function collectTypes(roots: readonly string[]): Promise<Record<string, Record<string, string>>> {
  const types: Record<string, Record<string, string>> = {};
  const queue = [...roots];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const name = queue.shift() as string;
    const fields: Record<string, string> = {};
    for (const attribute of (await loadModel(name)).getAttributeTypeMap()) {
      const type = resolveAliases(attribute.type);
      fields[attribute.baseName] = type;
      for (const ref of referencedModels(type)) {
        if (!seen.has(ref)) {
          seen.add(ref);
          queue.push(ref);
        }
      }
    }
    types[name] = fields;
  }
  return types;
}

function sortedObject<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]]),
  );
}

/** The OpenAPI version stated in the generated models' header ("OpenAPI spec version: v1.34.0"). */
function openApiVersion(): string {
  const header = readFileSync(join(MODELS_DIR, 'V1Deployment.js'), 'utf8');
  const match = /OpenAPI spec version: (\S+)/.exec(header);
  if (!match) {
    throw new Error('no "OpenAPI spec version" in the client-node model header');
  }
  return match[1];
}

/** One line per type keeps the file diffable and small without losing determinism. */
function serialize(table: Table): string {
  const lines = Object.entries(table.types).map(
    ([name, fields]) => `    ${JSON.stringify(name)}: ${JSON.stringify(fields)}`,
  );
  return [
    '{',
    `  "generatedBy": ${JSON.stringify(table.generatedBy)},`,
    `  "source": ${JSON.stringify(table.source)},`,
    `  "kinds": ${JSON.stringify(table.kinds, null, 2).replace(/\n/g, '\n  ')},`,
    '  "types": {',
    lines.join(',\n'),
    '  }',
    '}',
    '',
  ].join('\n');
}

async function generate(): Promise<{ text: string; typeCount: number }> {
  const version = (JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }).version;
  const types = await collectTypes(Object.values(KINDS));
  const text = serialize({
    generatedBy: 'scripts/generate-kube-fields.ts',
    source: { package: '@kubernetes/client-node', version, openapi: openApiVersion() },
    kinds: sortedObject({ ...KINDS }),
    types: sortedObject(
      Object.fromEntries(Object.entries(types).map(([name, fields]) => [name, sortedObject(fields)])),
    ),
  });
  return { text, typeCount: Object.keys(types).length };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function main(): Promise<void> {
  if (!existsSync(MODELS_DIR)) {
    console.error(`@kubernetes/client-node is not installed (${MODELS_DIR} is missing)`);
    process.exit(2);
  }
  const { text, typeCount } = await generate();
  if (process.argv.includes('--check')) {
    const committed = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : '';
    console.log(`sha256 ${sha256(text)}`);
    if (committed !== text) {
      console.error(`${OUTPUT} is out of date; run: npx tsx scripts/generate-kube-fields.ts`);
      process.exit(1);
    }
    return;
  }
  writeFileSync(OUTPUT, text);
  console.log(`wrote ${OUTPUT} (${typeCount} types, sha256 ${sha256(text)})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(3);
});
