/**
 * One CDK synth of the complete environment carrying a generated estate, in its own process so its peak memory is
 * its own. Run by bench/run.ts: `tsx bench/synth-child.ts <count> <corpusDir> [cloudformation|gitops]`; prints one
 * JSON line. With `gitops` the estate is delivered by `Delivery.gitOps` (Argo CD from its chart): the stacks hold the
 * Namespaces, Secrets and Argo CD's bootstrap objects, not the manifests.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as cdk8s from 'cdk8s';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EksEnvironment } from '../lib/eks/eks-environment';
import { Delivery, GitOpsEngine } from '../lib/eks/gitops/gitops-options';
import { loadTexts } from '../lib/marathon/load/estate';
import { MarathonWorkload } from '../lib/workload/marathon-workload';
import { generatedApps } from './estate';

/**
 * Loads and compiles the estate and builds the environment on it. In a function of its own, as an app would, so the
 * compiled estate is garbage once it is delivered: under GitOps nothing of it is needed at synth, and a 10,000-app
 * estate kept alive makes the synth's garbage collections (aws-cdk-lib's built-in template validation runs in
 * WebAssembly, whose memory growth forces full collections) walk 600 MB each time.
 */
function buildApp(app: App, count: number, text: string, gitOps: boolean): void {
  const estate = loadTexts([{ source: `generated-${count}.json`, text, discovered: false }]);
  const stack = new Stack(app, 'Platform', { env: { account: '123456789012', region: 'us-east-1' } });
  const environment = new EksEnvironment(stack, 'Eks', gitOps ? { gitOpsEngine: GitOpsEngine.argoCdHelm() } : {});
  environment.addWorkload(
    new MarathonWorkload(new cdk8s.App(), 'estate', { definitions: estate.definitions, groups: estate.groups }),
    gitOps ? { delivery: Delivery.gitOps({ repository: 'https://git.example.com/platform/estate.git' }) } : {},
  );
}

async function main(): Promise<void> {
  const count = Number(process.argv[2]);
  const gitOps = process.argv[4] === 'gitops';
  const texts = [JSON.stringify(await generatedApps(count, process.argv[3]))];
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'm2e-synth-bench-'));
  try {
    const start = performance.now();
    const app = new App({
      outdir,
      context: {
        'availability-zones:account=123456789012:region=us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      },
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    buildApp(app, count, texts.pop() as string, gitOps);
    const built = performance.now();
    const assembly = app.synth();
    const synthMs = performance.now() - start;
    const synthOnlyMs = performance.now() - built;
    const templates = assembly.stacks.map((artifact) => {
      const file = path.join(assembly.directory, artifact.templateFile);
      const template = JSON.parse(fs.readFileSync(file, 'utf8')) as { Resources: object };
      return { bytes: fs.statSync(file).size, resources: Object.keys(template.Resources).length };
    });
    console.log(
      JSON.stringify({
        count,
        delivery: gitOps ? 'gitops' : 'cloudformation',
        synthMs,
        synthOnlyMs,
        peakBytes: process.resourceUsage().maxRSS * 1024,
        stacks: templates.length,
        largestTemplateBytes: Math.max(...templates.map((t) => t.bytes)),
        mostResources: Math.max(...templates.map((t) => t.resources)),
      }),
    );
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`synth benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
