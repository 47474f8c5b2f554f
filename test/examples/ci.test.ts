import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../../lib/cli/program';

const CI = path.join(__dirname, '../../examples/ci');
const ESTATE = path.join(__dirname, '../../examples/estate');

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly if?: string;
  readonly with?: Record<string, string>;
}

/** The `marathon-to-eks …` command line of a pipeline, as arguments for the CLI. */
function convertArgs(command: string): string[] {
  const match = /npx marathon-to-eks (convert [^'"\n]*)/.exec(command);
  if (!match) {
    throw new Error(`no convert command in ${command}`);
  }
  return match[1].trim().split(/\s+/);
}

async function runConvert(args: string[]): Promise<{ code: number; out: string }> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'm2e-ci-'));
  // The pipelines read marathon/ and write manifests/; here the example estate stands in for marathon/.
  const argv = args.map((arg) =>
    arg === 'marathon/' ? ESTATE : arg === 'manifests' ? path.join(out, 'manifests') : arg,
  );
  const code = await runCli(argv, { stdout: () => undefined, stderr: () => undefined, env: {} });
  return { code, out: path.join(out, 'manifests') };
}

describe('examples/ci: GitHub Actions', () => {
  const workflow = parse(fs.readFileSync(path.join(CI, 'marathon-to-eks.yml'), 'utf8')) as {
    on: { pull_request: unknown };
    permissions: Record<string, string>;
    jobs: Record<string, { steps: Step[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

  test('runs on pull requests with least privilege', () => {
    expect(workflow.on.pull_request).toBeDefined();
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  test('convert --strict, then cdk synth, then publishes manifests, report and templates even when a step failed', async () => {
    const convert = steps.findIndex((step) => step.run?.includes('marathon-to-eks convert'));
    const synth = steps.findIndex((step) => step.run?.includes('cdk synth'));
    const upload = steps.findIndex((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(convert).toBeGreaterThan(-1);
    expect(synth).toBeGreaterThan(convert);
    expect(upload).toBeGreaterThan(synth);
    expect(convertArgs(steps[convert].run as string)).toContain('--strict');
    for (const later of steps.slice(convert + 1)) {
      expect(later.if).toContain('!cancelled()');
    }
    expect(steps[upload].with?.path).toContain('manifests/');
    expect(steps[upload].with?.path).toContain('cdk.out/*.template.json');
  });

  test('its convert command line works with this CLI and writes what the later steps publish', async () => {
    const { code, out } = await runConvert(
      convertArgs(steps.find((step) => step.run?.includes('marathon-to-eks convert'))?.run as string),
    );
    // The example estate has two references to DC/OS VIPs that are not part of it: --strict reports them with exit 1.
    expect(code).toBe(1);
    expect(fs.existsSync(path.join(out, 'migration-report.md'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'migration-report.json'))).toBe(true);
    expect(fs.readdirSync(out)).toContain('shop');
  });
});

describe('examples/ci: Jenkinsfile', () => {
  const jenkinsfile = fs.readFileSync(path.join(CI, 'Jenkinsfile'), 'utf8');

  test('convert --strict and cdk synth on change requests; artifacts archived whatever the result', async () => {
    expect(jenkinsfile).toMatch(
      /stage\('Convert'\)[\s\S]*changeRequest\(\)[\s\S]*npx marathon-to-eks convert marathon\/ --out manifests --strict/,
    );
    expect(jenkinsfile).toMatch(/stage\('Synth'\)[\s\S]*npx cdk synth --quiet/);
    expect(jenkinsfile).toMatch(
      /post \{\s*always \{\s*archiveArtifacts artifacts: 'manifests\/\*\*, cdk\.out\/\*\.template\.json'/,
    );
    const { code, out } = await runConvert(convertArgs(jenkinsfile));
    expect(code).toBe(1);
    // The build description reads the status totals from the report's table.
    const totals = fs
      .readFileSync(path.join(out, 'migration-report.md'), 'utf8')
      .split('\n')
      .filter((line) => /^\| (translated|approximated|unsupported|ignored) \| \d+ \|$/.test(line));
    expect(totals).toHaveLength(4);
  });
});
