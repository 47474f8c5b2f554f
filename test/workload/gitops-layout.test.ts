import { parseAllDocuments } from 'yaml';
import {
  KEEP_NAMESPACE_SYNC_OPTIONS,
  SYNC_OPTIONS_ANNOTATION,
  SYNC_WAVE_ANNOTATION,
  bootstrapProject,
  estateProject,
  namespaceApplication,
  rootApplication,
} from '../../lib/gitops/argocd-objects';
import { LoadResult } from '../../lib/marathon/load/definition';
import { loadEstate } from '../../lib/marathon/load/estate';
import { KubeObject } from '../../lib/translate/kube';
import * as kustomizationModule from '../../lib/validate/kustomization';
import { kustomizationProblems } from '../../lib/validate/kustomization';
import { validateKubeObject, validateKubeObjects } from '../../lib/validate/kubernetes';
import { Conversion, convertEstate } from '../../lib/workload/convert';
import { GitOpsLayout } from '../../lib/workload/gitops-layout';
import { WorkloadSelection } from '../../lib/workload/selection';
import { secretSync } from '../../lib/translate/external-secret-objects';
import { translateEstate } from '../../lib/translate/estate-translation';
import { EXAMPLES } from '../helpers/cli';
import { CORPUS_DIR, describeWithCorpus } from '../helpers/corpus';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML, read by path
type Doc = Record<string, any>;

const SOURCE = { repository: 'https://git.example.com/platform/estate.git', revision: 'main', path: 'deploy' };

function documents(text: string): Doc[] {
  return parseAllDocuments(text).map((document) => document.toJS() as Doc);
}

/** Every object of every YAML file but the kustomizations, with its file. */
function objectsOf(files: ReadonlyMap<string, string>): { path: string; object: Doc }[] {
  return [...files.entries()]
    .filter(([path]) => path.endsWith('.yaml') && !path.endsWith('/kustomization.yaml'))
    .flatMap(([path, text]) => documents(text).map((object) => ({ path, object })));
}

/** The namespace folders, each with its files. */
function foldersOf(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const folders = new Map<string, string[]>();
  for (const path of [...files.keys()].filter((p) => p.startsWith('namespaces/'))) {
    const [, namespace, file] = path.split('/');
    folders.set(namespace, [...(folders.get(namespace) ?? []), file]);
  }
  return folders;
}

function shuffled(estate: LoadResult): LoadResult {
  // A fixed permutation (odd positions first, then even ones, each reversed): any input order must do.
  const permute = <T>(items: readonly T[]) => [
    ...items.filter((_, i) => i % 2 === 1).reverse(),
    ...items.filter((_, i) => i % 2 === 0).reverse(),
  ];
  return { ...estate, definitions: permute(estate.definitions), groups: permute(estate.groups) };
}

function sortedEntries(files: ReadonlyMap<string, string>): [string, string][] {
  return [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Checks every file of a gitops layout: objects valid, kustomizations exact, one Application per folder. */
function expectValidLayout(conversion: Conversion, plain: Conversion): void {
  const { files } = conversion;
  // The Namespaces the plain layout creates (not `default`, which every cluster has), each in its folder.
  const created = documents(plain.files.get('namespaces.yaml') as string).map((n) => n.metadata.name as string);
  const objects = objectsOf(files);
  expect(objects.length).toBeGreaterThan(0);
  expect(validateKubeObjects(objects.map(({ object }) => object))).toEqual([]);
  const folders = foldersOf(files);
  for (const [namespace, folderFiles] of folders) {
    expect(folderFiles).toContain('kustomization.yaml');
    expect([namespace, folderFiles.includes('namespace.yaml')]).toEqual([namespace, created.includes(namespace)]);
    const [kustomization] = documents(files.get(`namespaces/${namespace}/kustomization.yaml`) as string);
    expect(kustomizationProblems(kustomization, folderFiles)).toEqual([]);
    expect(kustomization.resources).toEqual(folderFiles.filter((file) => file !== 'kustomization.yaml').sort());
    // Every object of a folder is of that namespace (or is that Namespace): the Application's destination.
    for (const { object } of objects.filter(({ path }) => path.startsWith(`namespaces/${namespace}/`))) {
      expect(object.kind === 'Namespace' ? object.metadata.name : object.metadata.namespace).toBe(namespace);
    }
  }
  const applications = [...files.keys()].filter((path) => path.startsWith('argocd/applications/'));
  expect(applications.sort()).toEqual(
    [...folders.keys()].map((namespace) => `argocd/applications/${namespace}.yaml`).sort(),
  );
  const [project] = documents(files.get('argocd/project.yaml') as string);
  expect(project.spec.destinations.map((d: { namespace: string }) => d.namespace)).toEqual([...folders.keys()].sort());
  expect(documents(files.get('bootstrap.yaml') as string).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
    'AppProject/marathon-to-eks-bootstrap',
    'Application/marathon-to-eks',
  ]);
}

describe('convert with layout gitops, on the example estate', () => {
  let estate: LoadResult;
  let plain: Conversion;
  let gitOps: Conversion;
  beforeAll(async () => {
    estate = await loadEstate({ paths: [EXAMPLES] });
    plain = convertEstate(estate);
    gitOps = convertEstate(estate, { layout: 'gitops', gitOps: SOURCE });
  });

  test('every namespace file of the plain layout moves to namespaces/<ns>/, byte for byte; the rest stays', () => {
    for (const [path, text] of plain.files) {
      if (path === 'namespaces.yaml') {
        continue;
      }
      const moved = /^[a-z0-9-]+\/[^/]+\.yaml$/.test(path) && !path.startsWith('dcos/') ? `namespaces/${path}` : path;
      expect([path, gitOps.files.get(moved)]).toEqual([path, text]);
    }
    const namespaces = documents(plain.files.get('namespaces.yaml') as string);
    expect(namespaces.length).toBeGreaterThan(0);
    for (const namespace of namespaces) {
      const [written] = documents(gitOps.files.get(`namespaces/${namespace.metadata.name}/namespace.yaml`) as string);
      expect(written.metadata.annotations).toEqual({
        ...(namespace.metadata.annotations ?? {}),
        [SYNC_OPTIONS_ANNOTATION]: KEEP_NAMESPACE_SYNC_OPTIONS,
      });
      expect({ ...written, metadata: { ...written.metadata, annotations: namespace.metadata.annotations } }).toEqual(
        namespace,
      );
    }
    expect(gitOps.files.has('namespaces.yaml')).toBe(false);
    expect(gitOps.files.has('README.md')).toBe(true);
  });

  test('the layout validates: objects strictly, kustomizations listing exactly their folder', () => {
    expectValidLayout(gitOps, plain);
    expect(gitOps.invalidObjects).toBe(0);
    expect(gitOps.report).toEqual(plain.report);
  });

  test('the Applications point at the repository folder, with prune and self-heal; the root does not prune', () => {
    const [shop] = documents(gitOps.files.get('argocd/applications/shop.yaml') as string);
    expect(shop.spec.source).toEqual({
      repoURL: SOURCE.repository,
      targetRevision: 'main',
      path: 'deploy/namespaces/shop',
    });
    expect(shop.spec.destination).toEqual({ name: 'in-cluster', namespace: 'shop' });
    expect(shop.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(shop.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
    const [, root] = documents(gitOps.files.get('bootstrap.yaml') as string);
    expect(root.spec.source.path).toBe('deploy/argocd');
    expect(root.spec.syncPolicy.automated).toEqual({ prune: false, selfHeal: true });
  });

  test('without --wave no object carries a sync wave', () => {
    const annotated = objectsOf(gitOps.files).filter(
      ({ object }) => object.metadata?.annotations?.[SYNC_WAVE_ANNOTATION],
    );
    expect(annotated).toEqual([]);
    expect(gitOps.files.get('README.md')).toContain('no sync waves');
  });

  test('with a wave plan each workload carries its wave and each Application the smallest of its namespace', () => {
    const waved = convertEstate(estate, {
      layout: 'gitops',
      gitOps: SOURCE,
      select: WorkloadSelection.throughWave(99),
    });
    expectValidLayout(waved, plain);
    const waveOfFile = (path: string) =>
      documents(waved.files.get(path) as string).map((o) => o.metadata.annotations?.[SYNC_WAVE_ANNOTATION]);
    // The example estate: postgres first, the api that depends on it next, the frontend calling the api last.
    expect(new Set(waveOfFile('namespaces/shop/app-postgres.yaml'))).toEqual(new Set(['1']));
    expect(new Set(waveOfFile('namespaces/shop/app-api.yaml'))).toEqual(new Set(['2']));
    expect(new Set(waveOfFile('namespaces/shop/app-frontend.yaml'))).toEqual(new Set(['3']));
    expect(waveOfFile('argocd/applications/shop.yaml')).toEqual(['1']);
    expect(waveOfFile('namespaces/shop/namespace.yaml')).toEqual([undefined]);
    // The ExternalSecrets come with the namespace's first wave, before any later workload waits on its Secrets.
    expect(new Set(waveOfFile('namespaces/shop/externalsecrets.yaml'))).toEqual(new Set(['1']));
    expect(waved.files.get('README.md')).toContain('| 1 | `legacy`, `payments`, `shop` |');
  });

  test('each namespace with Secrets has its ExternalSecrets, read under the prefix through its SecretStore', () => {
    const files = convertEstate(estate, { layout: 'gitops', gitOps: { ...SOURCE, secretsPrefix: 'prod/' } }).files;
    const shop = documents(files.get('namespaces/shop/externalsecrets.yaml') as string);
    expect(shop.length).toBeGreaterThan(0);
    for (const object of shop) {
      expect(object).toMatchObject({
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { namespace: 'shop' },
        spec: { secretStoreRef: { kind: 'SecretStore', name: 'aws-secrets-manager' } },
      });
      for (const entry of object.spec.data) {
        expect(entry.remoteRef.key).toMatch(/^prod\//);
      }
      expect(validateKubeObject(object as KubeObject)).toEqual([]);
    }
    expect(documents(files.get('namespaces/shop/kustomization.yaml') as string)[0].resources).toContain(
      'externalsecrets.yaml',
    );
    // A namespace without Secrets has none.
    expect(files.has('namespaces/legacy/externalsecrets.yaml')).toBe(false);
  });

  test('the same estate in another order gives the same files', () => {
    const again = convertEstate(shuffled(estate), {
      layout: 'gitops',
      gitOps: SOURCE,
      select: WorkloadSelection.throughWave(99),
    });
    const first = convertEstate(estate, {
      layout: 'gitops',
      gitOps: SOURCE,
      select: WorkloadSelection.throughWave(99),
    });
    expect(sortedEntries(again.files)).toEqual(sortedEntries(first.files));
  });

  test('the plain layout is what it was: the default, and layout plain, ignoring gitOps', () => {
    const explicit = convertEstate(estate, { layout: 'plain', gitOps: SOURCE });
    expect(sortedEntries(explicit.files)).toEqual(sortedEntries(plain.files));
    expect([...plain.files.keys()].some((path) => path.startsWith('argocd/') || path.startsWith('namespaces/'))).toBe(
      false,
    );
  });

  test('a repository URL with credentials, or no source, is refused before anything is made', () => {
    expect(() =>
      convertEstate(estate, { layout: 'gitops', gitOps: { repository: 'https://bot:t0ken@git.example.com/e.git' } }),
    ).toThrow(/carries credentials/);
    expect(() =>
      convertEstate(estate, { layout: 'gitops', gitOps: { repository: 'https://bot:t0ken@git.example.com/e.git' } }),
    ).not.toThrow(/t0ken/);
    expect(() => convertEstate(estate, { layout: 'gitops' })).toThrow(/needs gitOps/);
  });
});

describe('the README of the layout: --allow-removal and the limits of the EKS Argo CD capability', () => {
  test('a folder of more than 150 objects, Namespace included, is listed; 150 is not', () => {
    // Files written so far, with the number of objects in each.
    const files = new Map([
      ['namespaces/big/namespace.yaml', 1],
      ['namespaces/big/app-a.yaml', 100],
      ['namespaces/big/app-b.yaml', 50],
      ['namespaces/edge/namespace.yaml', 1],
      ['namespaces/edge/app-a.yaml', 149],
      ['namespaces/small/app-a.yaml', 3],
    ]);
    const { readme, kustomizations } = new GitOpsLayout(SOURCE).finish(files);
    expect(kustomizations.map((k) => k.path)).toEqual([
      'namespaces/big/kustomization.yaml',
      'namespaces/edge/kustomization.yaml',
      'namespaces/small/kustomization.yaml',
    ]);
    expect(readme).toContain('at most 150 objects per Application and 3,000 Applications');
    expect(readme).toContain('This layout makes 4 Applications');
    expect(readme).toContain(
      'under the managed capability their Application would not sync; with Argo CD from its chart it does',
    );
    expect(readme).toContain('| `namespaces/big/` | 151 |');
    expect(readme).not.toContain('namespaces/edge/`');
    expect(readme).not.toContain('namespaces/small/`');
    expect(readme).toContain('--allow-removal');
    expect(new GitOpsLayout(SOURCE).finish(new Map(files)).readme).toBe(readme);
  });

  test('the example estate has no folder over the limit', async () => {
    const estate = await loadEstate({ paths: [EXAMPLES] });
    const { files } = convertEstate(estate, { layout: 'gitops', gitOps: SOURCE });
    expect(files.get('README.md')).toContain('No namespace folder holds more than 150 objects.');
    expect(files.get('README.md')).toContain('`--allow-removal`');
  });

  test('convert checks every kustomization it writes: a bad one is a translation bug, not written', async () => {
    const estate = await loadEstate({ paths: [EXAMPLES] });
    const checked: string[][] = [];
    const real = kustomizationModule.kustomizationProblems;
    const spy = jest.spyOn(kustomizationModule, 'kustomizationProblems').mockImplementation((value, folderFiles) => {
      checked.push([...(folderFiles ?? [])]);
      return (folderFiles ?? []).includes('app-api.yaml')
        ? [{ path: 'resources', message: 'made up' }]
        : real(value, folderFiles);
    });
    try {
      const conversion = convertEstate(estate, { layout: 'gitops', gitOps: SOURCE });
      expect(checked.length).toBe(foldersOf(conversion.files).size);
      expect(conversion.files.has('namespaces/shop/kustomization.yaml')).toBe(false);
      expect(conversion.files.has('namespaces/shop/app-api.yaml')).toBe(true);
      expect(conversion.report.errors).toContainEqual({
        source: '(gitops layout)',
        path: '$',
        message:
          'translation bug: namespaces/shop/kustomization.yaml is invalid at resources: made up (not written; please report it)',
      });
    } finally {
      spy.mockRestore();
    }
  });
});

describe('strict validation of the Argo CD objects (argo-cd v3.4.4 CRDs)', () => {
  test('the bootstrap objects, the estate project and a namespace Application pass', () => {
    const objects = [
      bootstrapProject(SOURCE),
      rootApplication(SOURCE),
      estateProject(SOURCE, ['shop', 'billing']),
      namespaceApplication(SOURCE, 'shop', 3),
    ];
    expect(validateKubeObjects(objects)).toEqual([]);
  });

  test('an unknown field, a wrong type and a status are rejected', () => {
    const root = rootApplication(SOURCE);
    const typo = { ...root, spec: { ...root.spec, syncPolicy: { automated: { prune: false, selfheal: true } } } };
    expect(validateKubeObject(typo)).toEqual([
      expect.objectContaining({
        path: 'spec.syncPolicy.automated.selfheal',
        message: expect.stringMatching(
          /unknown field "selfheal" \(did you mean "selfHeal"\?\).*argoproj\/argo-cd v3\.4\.4/,
        ),
      }),
    ]);
    const wrongType = { ...root, spec: { ...root.spec, source: { ...(root.spec.source as object), path: 7 } } };
    expect(validateKubeObject(wrongType).map((p) => p.path)).toEqual(['spec.source.path']);
    expect(validateKubeObject({ ...root, status: { sync: { status: 'Synced' } } }).map((p) => p.path)).toEqual([
      'status',
    ]);
    const project = bootstrapProject(SOURCE);
    expect(validateKubeObject({ ...project, spec: { ...project.spec, destination: [] } }).map((p) => p.path)).toEqual([
      'spec.destination',
    ]);
  });

  test('a Kustomization with an unknown field, another apiVersion or a file outside its folder is rejected', () => {
    const good = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['a.yaml'] };
    expect(kustomizationProblems(good, ['a.yaml', 'kustomization.yaml'])).toEqual([]);
    expect(kustomizationProblems({ ...good, resource: ['a.yaml'] }).map((p) => p.message)).toEqual([
      expect.stringContaining('unknown field "resource" (did you mean "resources"?)'),
    ]);
    expect(kustomizationProblems({ ...good, apiVersion: 'kustomize.config.k8s.io/v1' }).map((p) => p.path)).toEqual([
      'apiVersion',
    ]);
    expect(kustomizationProblems({ ...good, resources: ['../x.yaml', 'a.yaml', 'a.yaml'] }).map((p) => p.path)).toEqual(
      ['resources[0]', 'resources[2]'],
    );
    expect(kustomizationProblems(good, ['a.yaml', 'b.yaml']).map((p) => p.message)).toEqual([
      expect.stringContaining('"b.yaml" is in the folder but not listed'),
    ]);
  });
});

describeWithCorpus('the whole shared corpus in the gitops layout', () => {
  test('converts, and every object and kustomization validates, with and without waves', async () => {
    const estate = await loadEstate({ paths: [CORPUS_DIR] });
    const plain = convertEstate(estate);
    const gitOps = convertEstate(estate, {
      layout: 'gitops',
      gitOps: SOURCE,
      select: WorkloadSelection.throughWave(1000),
    });
    expectValidLayout(gitOps, plain);
    expect(gitOps.invalidObjects).toBe(plain.invalidObjects);
    // The same objects as the plain layout, plus the ExternalSecrets (CloudFormation delivery applies them from the
    // stacks), one AppProject and Application per folder and the bootstrap two.
    const count = (files: ReadonlyMap<string, string>) =>
      objectsOf(files).filter(
        ({ object }) => !object.apiVersion.startsWith('argoproj.io/') && object.kind !== 'ExternalSecret',
      ).length;
    expect(count(gitOps.files)).toBe(count(plain.files));
    const externalSecrets = objectsOf(gitOps.files).filter(({ object }) => object.kind === 'ExternalSecret');
    expect(externalSecrets.length).toBe(
      secretSync(translateEstate(estate.definitions, estate.groups).secrets, 'marathon-to-eks/').objects.size,
    );
    expect(externalSecrets.every(({ path }) => path.endsWith('/externalsecrets.yaml'))).toBe(true);
    const argo = objectsOf(gitOps.files).filter(({ object }) => object.apiVersion.startsWith('argoproj.io/'));
    expect(argo.length).toBe(foldersOf(gitOps.files).size + 3);
    const waved = objectsOf(gitOps.files).filter(({ object }) => object.metadata.annotations?.[SYNC_WAVE_ANNOTATION]);
    expect(waved.length).toBeGreaterThan(0);
    expect(validateKubeObjects(waved.map(({ object }) => object as KubeObject))).toEqual([]);
  }, 180_000);
});
