/**
 * `npm run bench`: timings that issues ask for, measured on this machine and printed with their targets.
 * Benchmarks never run in `npm test`; see bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEstate, loadTexts } from '../lib/marathon/load/estate';
import { translateEstate } from '../lib/translate/estate-translation';
import { convertEstate } from '../lib/workload/convert';
import { generatedApps } from './estate';
import { planBenchmarks } from './plan';
import { wavesBenchmarks } from './waves';
import { measure, megabytes, report, seconds } from './harness';

const ROOT = path.join(__dirname, '..');
const CORPUS = process.env.MARATHON_CORPUS ?? path.join(ROOT, '../shared/corpus/marathon');

async function main(): Promise<void> {
  console.log(
    `marathon-to-eks benchmarks — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  );
  console.log('');

  if (fs.existsSync(CORPUS)) {
    const cli = await measure(3, () =>
      spawnSync(process.execPath, [path.join(ROOT, 'dist/bin/marathon-to-eks.js'), 'validate', CORPUS], {
        encoding: 'utf8',
        cwd: ROOT,
      }),
    );
    const crashed = cli.last.status !== 0 && cli.last.status !== 1;
    report('`validate` on the shared corpus (compiled CLI, median of 3)', seconds(cli.medianMs), {
      text: '< 1.5 s',
      met: cli.medianMs < 1500 && !crashed,
    });
    report('  runs', cli.allMs.map((ms) => seconds(ms)).join(', '));
    report('  exit code (1 = some corpus files are invalid, as intended)', String(cli.last.status));
    const inProcess = await measure(5, () => loadEstate({ paths: [CORPUS] }));
    const estate = inProcess.last;
    report('  load + validate + normalize in process (median of 5)', seconds(inProcess.medianMs));
    report(
      '  files / valid definitions / rejected',
      `${estate.sources.length} / ${estate.definitions.length} / ${estate.rejected.length}`,
    );
  } else {
    console.log(`shared corpus not found at ${CORPUS}: corpus benchmark skipped (set MARATHON_CORPUS)`);
  }

  for (const count of [1_000, 10_000]) {
    const apps = await generatedApps(count, CORPUS);
    const text = JSON.stringify(apps);
    const before = process.memoryUsage().rss;
    const run = await measure(3, () => loadTexts([{ source: `generated-${count}.json`, text, discovered: false }]));
    report(`generated estate of ${count} apps (${megabytes(text.length)} JSON), median of 3`, seconds(run.medianMs));
    report(
      '  valid / rejected, RSS growth',
      `${run.last.definitions.length} / ${run.last.rejected.length}, ${megabytes(process.memoryUsage().rss - before)}`,
    );
  }
  report('peak RSS of this benchmark process', megabytes(process.resourceUsage().maxRSS * 1024));
  console.log('');
  convertBenchmark(1_000, 3);
  convertBenchmark(10_000, 3);
  console.log('');
  await hostileBenchmark();
  console.log('');
  for (const count of [100, 1_000]) {
    synthBenchmark(count);
  }
  synthBenchmark(10_000, 'gitops');
  console.log('');
  await planBenchmarks(CORPUS);
  console.log('');
  await wavesBenchmarks(CORPUS);
}

interface SynthRun {
  readonly count: number;
  readonly synthMs: number;
  readonly synthOnlyMs: number;
  readonly peakBytes: number;
  readonly stacks: number;
  readonly largestTemplateBytes: number;
  readonly mostResources: number;
}

/** `cdk synth` of the complete environment (with cdk-nag) carrying a generated estate, in a fresh process. */
function synthBenchmark(count: number, delivery: 'cloudformation' | 'gitops' = 'cloudformation'): void {
  const run = childJson<SynthRun>('synth-child.ts', count, [delivery]);
  report(
    `CDK synth of the environment + ${count} generated apps${delivery === 'gitops' ? ', Delivery.gitOps' : ''} (fresh process, cdk-nag on; load and compile included)`,
    seconds(run.synthMs),
    delivery === 'gitops' ? { text: '< 10 s', met: run.synthMs < 10_000 } : undefined,
  );
  report('  of which app.synth() (templates, cdk-nag, CloudFormation validation)', seconds(run.synthOnlyMs));
  report('  peak RSS', megabytes(run.peakBytes));
  report(
    '  stacks; largest template; most resources in one stack',
    `${run.stacks}; ${Math.round(run.largestTemplateBytes / 1024)} KB; ${run.mostResources}`,
    {
      text: `every template < 1 MB and < 500 resources${delivery === 'gitops' ? ', at most 3 stacks' : ''}`,
      met:
        run.largestTemplateBytes < 1_000_000 && run.mostResources < 500 && (delivery !== 'gitops' || run.stacks <= 3),
    },
  );
}

/** Runs a benchmark script in its own process and reads the JSON line it prints. */
function childJson<T>(script: string, count: number, extra: readonly string[] = []): T {
  const child = spawnSync(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(__dirname, script), String(count), CORPUS, ...extra],
    { encoding: 'utf8', cwd: ROOT },
  );
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    throw new Error(`${script} ${count} failed: ${child.stderr.trim() || line}`);
  }
  return JSON.parse(line) as T;
}

interface CliRun {
  readonly exitCode: number | null;
  readonly ms: number;
  readonly peakBytes: number;
}

interface ConvertRuns {
  readonly count: number;
  readonly converts: CliRun[];
  readonly replaces: CliRun[];
  readonly floorsMs: number[];
  readonly referenceMs: number;
  readonly files: number;
  readonly bytes: number;
  readonly objects: number;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * `convert` of a generated estate with the compiled CLI, each run a fresh process (bench/convert-child.ts), against
 * the floor of the same run: read + JSON.parse, JSON.stringify of every object, the same files with the same bytes.
 */
function convertBenchmark(count: number, runs: number): void {
  const result = childJson<ConvertRuns>('convert-child.ts', count, [String(runs)]);
  const convertMs = median(result.converts.map((r) => r.ms));
  const floorMs = median(result.floorsMs);
  const peak = median(result.converts.map((r) => r.peakBytes));
  const big = count >= 10_000;
  report(
    `\`convert\` of ${count.toLocaleString('en-US')} generated apps (compiled CLI), median of ${runs}`,
    seconds(convertMs),
    {
      text: 'exit 0',
      met: result.converts.every((r) => r.exitCode === 0),
    },
  );
  report('  runs', result.converts.map((r) => seconds(r.ms)).join(', '));
  report('  peak RSS, median', megabytes(peak), big ? { text: '≤ 700 MB', met: peak <= 700 * 1024 ** 2 } : undefined);
  report(
    '  definitions → objects, files, bytes',
    `${count} → ${result.objects}, ${result.files} files, ${megabytes(result.bytes)}`,
  );
  report('  floor: read + parse, JSON.stringify, write the same files; median', seconds(floorMs));
  report(
    '  ratio convert / floor',
    `${(convertMs / floorMs).toFixed(2)}×`,
    big ? { text: '≤ 3×', met: convertMs <= 3 * floorMs } : undefined,
  );
  report('  reference: eemeli/yaml stringify of the same objects', seconds(result.referenceMs));
  const replaceMs = median(result.replaces.map((r) => r.ms));
  report('  again into its own previous output (swap, old files removed), median', seconds(replaceMs), {
    text: 'exit 0',
    met: result.replaces.every((r) => r.exitCode === 0),
  });
}

/**
 * Hostile text: a 10 MB command, a 10 MB env value and a script of a million newlines once crashed `convert` or
 * took minutes. Measured in process without the disk: convertEstate against a floor of JSON.stringify of the
 * same objects (writing that many bytes of text at all), both in this run.
 */
async function hostileBenchmark(): Promise<void> {
  const definitions = [
    { id: '/hostile/cmd', cmd: `echo ${'a'.repeat(10_000_000)}` },
    { id: '/hostile/env', cmd: 'sleep 1', env: { PAYLOAD: 'b '.repeat(5_000_000) } },
    { id: '/hostile/newlines', cmd: `#!/bin/sh${'\n'.repeat(1_000_000)}exec ./run` },
    { id: '/hostile/lines', cmd: 'echo a\n'.repeat(1_000_000) },
  ];
  const estate = loadTexts([{ source: 'hostile.json', text: JSON.stringify(definitions), discovered: false }]);
  const run = await measure(3, () => convertEstate(estate));
  const bytes = [...run.last.files.values()].reduce((total, text) => total + text.length, 0);
  const objects = [...translateEstate(estate.definitions).workloads.flatMap((w) => w.translation.objects)];
  const floor = await measure(3, () => objects.map((object) => JSON.stringify(object)));
  report(
    '`convert` of 4 apps with 10 MB strings and 1M-line scripts (in process), median of 3',
    seconds(run.medianMs),
    { text: 'no translation bug', met: run.last.report.errors.length === 0 },
  );
  report('  output; floor: JSON.stringify of the same objects', `${megabytes(bytes)}; ${seconds(floor.medianMs)}`);
  report('  ratio convert / floor', `${(run.medianMs / floor.medianMs).toFixed(2)}×`);
}

main().catch((error: unknown) => {
  console.error(`benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
