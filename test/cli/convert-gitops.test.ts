import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { EXAMPLES, runCapturing as run } from '../helpers/cli';
import { tempDir, tree } from '../helpers/files';

const REPO = 'https://git.example.com/platform/estate.git';

describe('marathon-to-eks convert --layout gitops', () => {
  test('writes the repository layout, and a second run replaces exactly its own nested files', async () => {
    const out = path.join(tempDir(), 'deploy');
    const args = [
      'convert',
      EXAMPLES,
      '--out',
      out,
      '--layout',
      'gitops',
      '--repository',
      REPO,
      '--repo-path',
      'deploy',
    ];
    const first = await run([...args, '--revision', 'main', '--argocd-destination', 'prod', '--wave', '2']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const files = tree(out);
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'README.md',
        'bootstrap.yaml',
        'argocd/project.yaml',
        'argocd/applications/shop.yaml',
        'namespaces/shop/kustomization.yaml',
        'namespaces/shop/namespace.yaml',
        'namespaces/shop/app-postgres.yaml',
        'migration-report.md',
      ]),
    );
    expect(Object.keys(files).some((file) => file.startsWith('shop/') || file === 'namespaces.yaml')).toBe(false);
    const [shop] = parseAllDocuments(files['argocd/applications/shop.yaml']).map((d) => d.toJS());
    expect(shop.spec.source).toEqual({ repoURL: REPO, targetRevision: 'main', path: 'deploy/namespaces/shop' });
    expect(shop.spec.destination.name).toBe('prod');
    expect(shop.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('1');
    expect(files['namespaces/shop/app-frontend.yaml']).toBeUndefined();
    // The whole estate without waves: what wave 3 adds appears, the sync waves go.
    const second = await run(args);
    expect(second.code).toBe(0);
    const again = tree(out);
    expect(again['argocd/applications/shop.yaml']).not.toContain('sync-wave');
    expect(again['namespaces/shop/app-frontend.yaml']).toContain('kind: Deployment');
    expect(Object.keys(files).filter((file) => !(file in again))).toEqual([]);
    // Wave 1 again, a rollback: the files of later waves, nested two folders deep, are removed (they are in the
    // record), once the run says it means it.
    expect((await run([...args, '--wave', '1'])).code).toBe(2);
    expect((await run([...args, '--wave', '1', '--allow-removal'])).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'namespaces/shop/app-frontend.yaml'))).toBe(false);
    // Plain again over the gitops output: the nested folders are removed, since the record says they are ours.
    expect((await run(['convert', EXAMPLES, '--out', out])).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'namespaces'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'argocd'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'shop/app-postgres.yaml'))).toBe(true);
  });

  test('usage errors exit 2 and write nothing: no repository, credentials in the URL, flags without the layout', async () => {
    const out = path.join(tempDir(), 'never');
    const missing = await run(['convert', EXAMPLES, '--out', out, '--layout', 'gitops']);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('--layout gitops needs --repository')]);
    const secret = 'ghp_s3cr3tT0ken';
    const leaked = await run([
      'convert',
      EXAMPLES,
      '--out',
      out,
      '--layout',
      'gitops',
      '--repository',
      `https://bot:${secret}@git.example.com/estate.git`,
    ]);
    expect(leaked.code).toBe(2);
    expect(leaked.stderr).toContain('--repository: the URL carries credentials');
    expect(leaked.stderr + leaked.stdout).not.toContain(secret);
    const traversal = await run([
      'convert',
      EXAMPLES,
      '--out',
      out,
      '--layout',
      'gitops',
      '--repository',
      REPO,
      '--repo-path',
      '../up',
    ]);
    expect([traversal.code, traversal.stderr]).toEqual([
      2,
      expect.stringContaining('--repo-path: "../up" must be a folder'),
    ]);
    const plain = await run(['convert', EXAMPLES, '--out', out, '--repository', REPO]);
    expect([plain.code, plain.stderr]).toEqual([2, expect.stringContaining('--repository: only with --layout gitops')]);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('a run that would drop workloads an earlier one wrote is refused unless --allow-removal says so', async () => {
    const out = path.join(tempDir(), 'deploy');
    const args = ['convert', EXAMPLES, '--out', out, '--layout', 'gitops', '--repository', REPO];
    // Growing (wave 1, then the whole estate) needs no flag.
    expect((await run([...args, '--wave', '1'])).code).toBe(0);
    const full = await run(args);
    expect([full.code, full.stderr]).toEqual([0, '']);
    const before = tree(out);
    const workloads = Object.keys(before).filter((file) => /^namespaces\/[^/]+\/(app|pod|job)-/.test(file));
    expect(workloads).toContain('namespaces/shop/app-api.yaml');
    expect(workloads.length).toBeGreaterThan(3);

    const narrow = await run([...args, '--only', '/shop/api']);
    expect(narrow.code).toBe(2);
    expect(narrow.stderr).toMatch(
      /this run would remove \d+ workload files? and \d+ namespace folders? an earlier run wrote/,
    );
    expect(narrow.stderr).toContain('namespaces/shop/app-postgres.yaml');
    expect(narrow.stderr).toContain('Argo CD deletes those workloads');
    expect(narrow.stderr).toContain('--allow-removal');
    expect(narrow.stdout).toBe('');
    expect(tree(out)).toEqual(before);

    const allowed = await run([...args, '--only', '/shop/api', '--allow-removal']);
    expect(allowed.code).toBe(0);
    const after = tree(out);
    expect(after['namespaces/shop/app-api.yaml']).toContain('kind: Deployment');
    expect(after['namespaces/shop/app-postgres.yaml']).toBeUndefined();
    expect(Object.keys(after).filter((file) => /^namespaces\/[^/]+\/(app|pod|job)-/.test(file))).toEqual([
      'namespaces/shop/app-api.yaml',
    ]);
    // Growing again needs no flag.
    expect((await run(args)).code).toBe(0);
    expect(tree(out)).toEqual(before);
  });

  test('the plain layout is not affected: a narrower plain run replaces a plain output without the flag', async () => {
    const out = path.join(tempDir(), 'plain');
    expect((await run(['convert', EXAMPLES, '--out', out])).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'shop/app-postgres.yaml'))).toBe(true);
    expect((await run(['convert', EXAMPLES, '--out', out, '--only', '/shop/api'])).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'shop/app-postgres.yaml'))).toBe(false);
    // A gitops run over a plain output has nothing Argo CD syncs to lose.
    const first = await run(['convert', EXAMPLES, '--out', out, '--layout', 'gitops', '--repository', REPO]);
    expect(first.code).toBe(0);
    const flag = await run(['convert', EXAMPLES, '--out', out, '--allow-removal']);
    expect([flag.code, flag.stderr]).toEqual([
      2,
      expect.stringContaining('--allow-removal: only with --layout gitops'),
    ]);
  });
});
