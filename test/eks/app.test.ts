import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../..');

describe('bin/app.ts: the complete example environment', () => {
  test('`cdk synth` succeeds offline, with no AWS credentials; the HTTPS Ingress serves the certificate given in context', () => {
    const certificate = 'arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'm2e-synth-'));
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_') && !key.startsWith('CDK_')),
    );
    const result = spawnSync(
      path.join(ROOT, 'node_modules/.bin/cdk'),
      ['synth', '--quiet', '--no-notices', '--output', out, '-c', `marathon-to-eks:certificateArn=${certificate}`],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          ...env,
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
          AWS_CONFIG_FILE: '/nonexistent',
        },
        timeout: 180_000,
      },
    );
    expect([
      result.status,
      result.stderr.includes('Successfully synthesized') || result.stdout.includes('Successfully synthesized'),
    ]).toEqual([0, true]);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string }>;
    };
    const stacks = Object.entries(manifest.artifacts)
      .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
      .map(([name]) => name);
    expect(stacks.sort()).toEqual(['MarathonToEks', 'MarathonToEks-estate-0']);
    const workloads = fs.readFileSync(path.join(out, 'MarathonToEks-estate-0.template.json'), 'utf8');
    expect(workloads).toContain(`alb.ingress.kubernetes.io/certificate-arn\\":\\"${certificate}`);
    fs.rmSync(out, { recursive: true, force: true });
  }, 200_000);
});
