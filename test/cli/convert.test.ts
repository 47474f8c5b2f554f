import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { EXAMPLES, runCapturing as run } from '../helpers/cli';
import { tempDir, tree } from '../helpers/files';

describe('marathon-to-eks convert', () => {
  test('writes one file per workload by namespace, the namespaces and both reports; exit 0', async () => {
    const out = path.join(tempDir(), 'manifests');
    const { code, stdout } = await run(['convert', EXAMPLES, '--out', out]);
    expect(code).toBe(0);
    expect(Object.keys(tree(out)).sort()).toEqual([
      '.marathon-to-eks-output.json',
      'legacy/app-cache.yaml',
      'legacy/monitoring.yaml',
      'migration-report.json',
      'migration-report.md',
      'namespaces.yaml',
      'payments/monitoring.yaml',
      'payments/pod-gateway.yaml',
      'shop/app-api.yaml',
      'shop/app-frontend.yaml',
      'shop/app-postgres.yaml',
      'shop/app-worker.yaml',
      'shop/job-db-vacuum.yaml',
      'shop/job-nightly-report.yaml',
      'shop/monitoring.yaml',
    ]);
    // 23 workload objects (the API's metrics port adds a ServiceMonitor), a PrometheusRule for each of the 8
    // workloads, and a dashboard ConfigMap for each of the 3 namespaces.
    expect(stdout).toContain('converted 5 apps, 1 pod, 2 jobs into 34 objects');
    const frontend = parseAllDocuments(fs.readFileSync(path.join(out, 'shop/app-frontend.yaml'), 'utf8')).map((doc) =>
      doc.toJS(),
    );
    expect(frontend.map((o) => o.kind)).toEqual([
      'Deployment',
      'Service',
      'Ingress',
      'PodDisruptionBudget',
      'PrometheusRule',
    ]);
  });

  test('the report JSON follows its contract', async () => {
    const out = tempDir();
    await run(['convert', EXAMPLES, '--out', out]);
    const report = JSON.parse(fs.readFileSync(path.join(out, 'migration-report.json'), 'utf8'));
    expect(Object.keys(report).sort()).toEqual([
      'errors',
      'nodeLabels',
      'nodeTaints',
      'secrets',
      'summary',
      'workloads',
    ]);
    for (const workload of report.workloads) {
      expect(Object.keys(workload).sort()).toEqual(['fields', 'id', 'kind', 'objects', 'pointer', 'remarks', 'source']);
      expect(['app', 'pod', 'job']).toContain(workload.kind);
      for (const object of workload.objects) {
        expect(Object.keys(object).sort()).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'name']));
      }
      for (const field of workload.fields) {
        expect(Object.keys(field).sort()).toEqual(['note', 'path', 'status']);
        expect(['translated', 'approximated', 'unsupported', 'ignored']).toContain(field.status);
      }
    }
    const api = report.workloads.find((w: { id: string }) => w.id === '/shop/api');
    expect(api.fields).toContainEqual({
      path: 'container.portMappings[0].labels.VIP_0',
      status: 'translated',
      note: 'VIP shopapi.marathon.l4lb.thisdcos.directory:8000 → Service api.shop.svc.cluster.local:8000',
    });
    expect(report.summary).toMatchObject({
      definitions: { app: 5, pod: 1, job: 2 },
      rejected: 0,
      errors: 0,
      fields: {
        translated: expect.any(Number),
        approximated: expect.any(Number),
        unsupported: expect.any(Number),
        ignored: expect.any(Number),
      },
    });
  });

  test('output is byte-for-byte deterministic', async () => {
    const first = tempDir();
    const second = tempDir();
    await run(['convert', EXAMPLES, '--out', first]);
    await run(['convert', EXAMPLES, '--out', second]);
    expect(tree(second)).toEqual(tree(first));
  });

  test('no secret value and no password in the manifests', async () => {
    const out = tempDir();
    await run(['convert', EXAMPLES, '--out', out]);
    const manifests = Object.entries(tree(out))
      .filter(([file]) => file.endsWith('.yaml'))
      .map(([, text]) => text)
      .join('\n');
    expect(manifests).not.toMatch(/kind: Secret\b/);
    expect(manifests).toMatch(/secretKeyRef/);
  });

  test('invalid inputs: the valid ones are still written, exit 1', async () => {
    const input = tempDir();
    fs.writeFileSync(path.join(input, 'good.json'), JSON.stringify({ id: '/good', cmd: 'sleep 1' }));
    fs.writeFileSync(path.join(input, 'bad.json'), JSON.stringify({ id: '/Bad', cmd: 'sleep 1' }));
    const out = tempDir();
    const { code, stderr } = await run(['convert', input, '--out', out]);
    expect(code).toBe(1);
    expect(stderr).toContain('bad.json: id: segment "Bad"');
    expect(fs.existsSync(path.join(out, 'default/app-good.yaml'))).toBe(true);
    const report = JSON.parse(fs.readFileSync(path.join(out, 'migration-report.json'), 'utf8'));
    expect(report.errors).toEqual([expect.objectContaining({ source: path.join(input, 'bad.json'), path: 'id' })]);
  });

  test('--strict fails on unsupported fields', async () => {
    const input = tempDir();
    fs.writeFileSync(
      path.join(input, 'app.json'),
      JSON.stringify({ id: '/a', cmd: 'x', constraints: [['rack', 'LIKE', 'r[0-9]+']] }),
    );
    expect((await run(['convert', input, '--out', tempDir()])).code).toBe(0);
    expect((await run(['convert', input, '--out', tempDir(), '--strict'])).code).toBe(1);
  });

  test('a later run replaces its own output, so a deleted app leaves no stale manifest; a foreign directory is never cleared', async () => {
    const input = tempDir();
    fs.writeFileSync(path.join(input, 'a.json'), JSON.stringify({ id: '/shop/a', cmd: 'sleep 1' }));
    fs.writeFileSync(path.join(input, 'b.json'), JSON.stringify({ id: '/shop/b', cmd: 'sleep 1' }));
    const out = path.join(tempDir(), 'manifests');
    expect((await run(['convert', input, '--out', out])).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'shop/app-b.yaml'))).toBe(true);
    fs.rmSync(path.join(input, 'b.json'));
    expect((await run(['convert', input, '--out', out])).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'shop/app-a.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'shop/app-b.yaml'))).toBe(false);
    const foreign = tempDir();
    fs.writeFileSync(path.join(foreign, 'notes.txt'), 'mine');
    const refused = await run(['convert', EXAMPLES, '--out', foreign]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is not empty and was not written by marathon-to-eks');
    expect(fs.readFileSync(path.join(foreign, 'notes.txt'), 'utf8')).toBe('mine');
  });

  test('options: namespace strategy, labels, storage class', async () => {
    const out = tempDir();
    const { code } = await run([
      'convert',
      EXAMPLES,
      '--out',
      out,
      '--namespace-strategy',
      'single',
      '--default-namespace',
      'migrated',
      '--label',
      'env=prod',
      '--storage-class',
      'io2',
    ]);
    expect(code).toBe(0);
    const postgres = parseAllDocuments(fs.readFileSync(path.join(out, 'migrated/app-shop-postgres.yaml'), 'utf8')).map(
      (doc) => doc.toJS(),
    );
    expect(postgres[0].metadata.labels.env).toBe('prod');
    expect(postgres[0].spec.volumeClaimTemplates[0].spec.storageClassName).toBe('io2');
    expect((await run(['convert', EXAMPLES, '--out', tempDir(), '--namespace-strategy', 'flat'])).code).toBe(2);
  });

  test('--certificate-arn puts the ACM certificate on the HTTPS Ingress; a malformed ARN is a usage error naming the flag', async () => {
    const out = tempDir();
    const arn = 'arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';
    expect((await run(['convert', EXAMPLES, '--out', out, '--certificate-arn', arn])).code).toBe(0);
    const frontend = parseAllDocuments(fs.readFileSync(path.join(out, 'shop/app-frontend.yaml'), 'utf8')).map((doc) =>
      doc.toJS(),
    );
    expect(
      frontend.find((o) => o.kind === 'Ingress').metadata.annotations['alb.ingress.kubernetes.io/certificate-arn'],
    ).toBe(arn);
    const bad = await run(['convert', EXAMPLES, '--out', tempDir(), '--certificate-arn', 'arn:aws:iam::1:role/x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--certificate-arn: expected an ACM certificate ARN');
  });
});
