import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runCapturing as run } from '../helpers/cli';
import { tempDir, writeTree } from '../helpers/files';
import { Ingress, KubeObject } from '../../lib/translate/kube';
import { CUTOVER_ANNOTATIONS } from '../../lib/translate/traffic-cutover';
import { validateKubeObjects } from '../../lib/validate/kubernetes';
import { MigrationReport } from '../../lib/workload/migration-report';

/** A small estate: one app behind marathon-lb with a host in example.com and one outside it. */
function estate(): string {
  const dir = tempDir('m2e-cutover-');
  writeTree(dir, {
    'shop.json': {
      id: '/shop/web',
      cmd: 'python3 -m http.server $PORT0',
      cpus: 0.5,
      mem: 256,
      portDefinitions: [{ port: 8080, name: 'http' }],
      labels: { HAPROXY_GROUP: 'external', HAPROXY_0_VHOST: 'shop.example.com,shop.example.org' },
    },
  });
  return dir;
}

function objectsOf(file: string): KubeObject[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map((doc) => doc.toJS() as KubeObject);
}

describe('convert --cutover-weight --cutover-zone', () => {
  test('writes the weighted-record annotations into the Ingress, which passes validation; the report guides the cut-over', async () => {
    const input = estate();
    const out = path.join(tempDir(), 'out');
    const { code, stderr, stdout } = await run([
      'convert',
      input,
      '--out',
      out,
      '--cutover-weight',
      '10',
      '--cutover-zone',
      'Example.com.',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(
      'cut-over by weight in example.com: 1 route at 10 % to the ALBs, 90 % to marathon-lb (report: routeCutover)',
    );
    const objects = objectsOf(path.join(out, 'shop/app-web.yaml'));
    const ingress = objects.find((o) => o.kind === 'Ingress') as Ingress;
    expect(ingress.metadata?.annotations?.[CUTOVER_ANNOTATIONS.setIdentifier]).toBe('eks');
    expect(ingress.metadata?.annotations?.[CUTOVER_ANNOTATIONS.weight]).toBe('10');
    expect(validateKubeObjects(objects)).toEqual([]);

    const report = JSON.parse(fs.readFileSync(path.join(out, 'migration-report.json'), 'utf8')) as MigrationReport;
    // No selection: the wave guide is not there, the route guide is.
    expect(report.cutover).toBeUndefined();
    expect(report.routeCutover).toMatchObject({ zone: 'example.com', weight: 10 });
    expect(report.routeCutover?.routes.map((r) => [r.host, r.weight, r.marathonLbWeight])).toEqual([
      ['shop.example.com', 10, 90],
    ]);
    const markdown = fs.readFileSync(path.join(out, 'migration-report.md'), 'utf8');
    expect(markdown).toContain('## Cutting over routes');
    expect(markdown).toContain(
      'so not weighted: move these names to their ALB by hand: `shop.example.org` (`/shop/web`).',
    );
    expect(report.routeCutover?.outsideZone).toEqual([{ host: 'shop.example.org', workload: '/shop/web' }]);
    const vhost = report.workloads[0].fields.find((f) => f.path === 'labels.HAPROXY_0_VHOST');
    expect(vhost?.note).toContain('shop.example.org is not in the cut-over zone example.com: move its DNS by hand');
  });

  test.each([
    [['--cutover-weight', '10'], '--cutover-weight needs --cutover-zone <zone>'],
    [['--cutover-zone', 'example.com'], '--cutover-zone needs --cutover-weight <percent>'],
  ])('%j alone is a usage error naming the missing flag (exit 2, no stack trace)', async (flags, message) => {
    const out = path.join(tempDir(), 'out');
    const { code, stderr } = await run(['convert', estate(), '--out', out, ...flags]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(out)).toBe(false);
  });

  test.each(['101', '-1', '2.5', 'ten', ''])('--cutover-weight %j is refused (exit 2)', async (weight) => {
    const { code, stderr } = await run([
      'convert',
      estate(),
      '--out',
      path.join(tempDir(), 'out'),
      '--cutover-weight',
      weight,
      '--cutover-zone',
      'example.com',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('expected a whole percentage from 0 to 100');
  });

  test('a zone that is not a DNS name is refused under its flag', async () => {
    const { code, stderr } = await run([
      'convert',
      estate(),
      '--out',
      path.join(tempDir(), 'out'),
      '--cutover-weight',
      '10',
      '--cutover-zone',
      'exa mple.com',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('marathon-to-eks: --cutover-zone: "exa mple.com" is not a DNS-1123 subdomain');
  });

  test('the help text lists both flags', async () => {
    const { stdout } = await run(['convert', '--help']);
    expect(stdout).toContain('--cutover-weight <percent>');
    expect(stdout).toContain('--cutover-zone <zone>');
  });
});
