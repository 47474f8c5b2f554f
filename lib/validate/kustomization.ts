import { closestMatch, describeValue, quote } from '../util/describe';
import { KubeProblem, Problems, isRecord } from './kube-problem';

/**
 * The `kustomization.yaml` files of the gitops layout, checked as kustomize reads them: Argo CD v3.4.4 builds a
 * folder holding one with its bundled kustomize 5.8.1 (hack/tool-versions.sh, `kustomize5_version`), whose
 * `Kustomization` type is kubernetes-sigs/kustomize kustomize/v5.8.1 api/types/kustomization.go. kustomize decodes
 * the file strictly (an unknown field fails the build, so the Application never syncs), so an unknown field is an
 * error here too. Only the fields the layout writes get rules of their own: `apiVersion` and `kind` (the
 * `KustomizationVersion` and `KustomizationKind` constants) and `resources`, files of the same folder.
 */

export const KUSTOMIZATION_API_VERSION = 'kustomize.config.k8s.io/v1beta1';
export const KUSTOMIZATION_KIND = 'Kustomization';

/** The JSON names of every field of `types.Kustomization` at v5.8.1 (TypeMeta inline: apiVersion, kind). */
const FIELDS: readonly string[] = [
  'apiVersion',
  'kind',
  'metadata',
  'openapi',
  'namePrefix',
  'nameSuffix',
  'namespace',
  'commonLabels',
  'labels',
  'commonAnnotations',
  'patchesStrategicMerge',
  'patchesJson6902',
  'patches',
  'images',
  'imageTags',
  'replacements',
  'replicas',
  'vars',
  'sortOptions',
  'resources',
  'components',
  'crds',
  'bases',
  'configMapGenerator',
  'secretGenerator',
  'helmGlobals',
  'helmCharts',
  'helmChartInflationGenerator',
  'generatorOptions',
  'configurations',
  'generators',
  'transformers',
  'validators',
  'buildMetadata',
];

/**
 * Everything wrong with a parsed `kustomization.yaml`; empty when kustomize builds it. `folderFiles`, when given,
 * are the other files of its folder: `resources` must list exactly those, each once.
 */
export function kustomizationProblems(value: unknown, folderFiles?: readonly string[]): KubeProblem[] {
  // Linear in the folder's files: convert checks every folder it writes, some with thousands of files.
  const problems = new Problems();
  if (!isRecord(value)) {
    problems.add([], `expected a Kustomization, got ${describeValue(value)}`);
    return problems.list;
  }
  for (const key of Object.keys(value)) {
    if (!FIELDS.includes(key)) {
      const near = closestMatch(key, FIELDS);
      problems.add(
        [key],
        `unknown field ${quote(key)}${near ? ` (did you mean ${quote(near)}?)` : ''}: kustomize 5.8.1 rejects it`,
      );
    }
  }
  if (value.apiVersion !== KUSTOMIZATION_API_VERSION) {
    problems.add(
      ['apiVersion'],
      `expected ${quote(KUSTOMIZATION_API_VERSION)}, got ${describeValue(value.apiVersion)}`,
    );
  }
  if (value.kind !== KUSTOMIZATION_KIND) {
    problems.add(['kind'], `expected ${quote(KUSTOMIZATION_KIND)}, got ${describeValue(value.kind)}`);
  }
  const { resources } = value;
  if (!Array.isArray(resources) || resources.length === 0) {
    problems.add(['resources'], `expected a list of files, got ${describeValue(resources)}`);
    return problems.list;
  }
  const seen = new Set<string>();
  resources.forEach((resource: unknown, i) => {
    if (typeof resource !== 'string' || !/^[^/\\]+\.yaml$/.test(resource) || resource === 'kustomization.yaml') {
      // The layout writes a folder's own files only: no path out of it (kustomize's load restrictor refuses those).
      problems.add(['resources', i], `expected a file of this folder, got ${describeValue(resource)}`);
    } else if (seen.has(resource)) {
      problems.add(['resources', i], `${quote(resource)} is listed twice (kustomize refuses a resource added twice)`);
    } else {
      seen.add(resource);
    }
  });
  if (folderFiles !== undefined) {
    for (const file of folderFiles) {
      if (file !== 'kustomization.yaml' && !seen.has(file)) {
        problems.add(['resources'], `${quote(file)} is in the folder but not listed: Argo CD would never apply it`);
      }
    }
    const inFolder = new Set(folderFiles);
    for (const resource of seen) {
      if (!inFolder.has(resource)) {
        problems.add(['resources'], `${quote(resource)} is listed but not in the folder: kustomize fails to build`);
      }
    }
  }
  return problems.list;
}
