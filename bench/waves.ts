/**
 * `waves` with the compiled CLI (dist/, built here when missing): the shared corpus (target < 1.5 s end to end: start,
 * load, graph, plan, table), and the generated 1,000-workload estate (bench/waves-estate.ts), with and without the
 * page (ELK lays out ~970 workloads). Run alone with `npx tsx bench/waves.ts`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { measure, report, seconds } from './harness';
import { wavesEstate } from './waves-estate';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'dist/bin/marathon-to-eks.js');

function compiledCli(): string {
  if (!fs.existsSync(CLI)) {
    const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (build.status !== 0) {
      throw new Error(`build failed: ${build.stdout}${build.stderr}`);
    }
  }
  return CLI;
}

function waves(args: string[]): { status: number | null; stdout: string } {
  const run = spawnSync(process.execPath, [compiledCli(), 'waves', ...args], { encoding: 'utf8', cwd: ROOT });
  return { status: run.status, stdout: run.stdout };
}

export async function wavesBenchmarks(corpus: string): Promise<void> {
  compiledCli();
  if (fs.existsSync(corpus)) {
    const run = await measure(5, () => waves([corpus]));
    const summary = run.last.stdout.split('\n').find((line) => / workloads? in \d+ waves?/.test(line)) ?? '';
    report('`waves` on the shared corpus (compiled CLI, median of 5)', seconds(run.medianMs), {
      text: '< 1.5 s',
      met: run.medianMs < 1500 && (run.last.status === 0 || run.last.status === 1),
    });
    report('  runs', run.allMs.map((ms) => seconds(ms)).join(', '));
    report('  plan', summary.slice(0, 100));
  } else {
    console.log(`shared corpus not found at ${corpus}: \`waves\` corpus benchmark skipped`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'm2e-bench-waves-'));
  const estate = wavesEstate(1000);
  fs.writeFileSync(path.join(dir, 'marathon.json'), JSON.stringify(estate.marathon));
  fs.writeFileSync(path.join(dir, 'metronome.json'), JSON.stringify(estate.jobs));
  const table = await measure(3, () => waves([dir]));
  report('`waves` on 1,000 generated workloads (compiled CLI, median of 3)', seconds(table.medianMs));
  const page = path.join(dir, 'waves.html');
  const html = await measure(3, () => waves([dir, '--html', page]));
  report('  with --html (ELK layout of the ~970 with edges), median of 3', seconds(html.medianMs), {
    text: 'exit 0',
    met: html.last.status === 0,
  });
  report('  page size', `${Math.round(fs.statSync(page).size / 1024)} KB`);
  fs.rmSync(dir, { recursive: true, force: true });
}

if (require.main === module) {
  wavesBenchmarks(process.env.MARATHON_CORPUS ?? path.join(ROOT, '../shared/corpus/marathon')).catch(
    (error: unknown) => {
      console.error(`benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
