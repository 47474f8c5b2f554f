/**
 * One `convert` of a generated estate, in its own process so its peak memory is its own. Run by bench/run.ts:
 * `tsx bench/convert-child.ts <count> <corpusDir>`; prints one JSON line with the measurements.
 *
 * convert: the CLI's `convert` end to end (read the input file, validate, normalize, translate, render, strictly
 * validate every object, YAML, report, write the output directory).
 * floor: a plain `yaml.stringify` of the same Kubernetes objects, one document each — the least any converter
 * writing this YAML must spend.
 * replace: a second `convert` into the same directory, which now holds the first one's output: the swap and the
 * file-by-file removal of the previous output from its record, against the first run into a new directory.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App } from 'cdk8s';
import { stringify } from 'yaml';
import { runCli } from '../lib/cli/program';
import { loadTexts } from '../lib/marathon/load/estate';
import { MarathonWorkload } from '../lib/workload/marathon-workload';
import { generatedApps } from './estate';

async function main(): Promise<void> {
  const count = Number(process.argv[2]);
  const corpus = process.argv[3];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'marathon-to-eks-bench-'));
  try {
    const input = path.join(work, `generated-${count}.json`);
    fs.writeFileSync(input, JSON.stringify(await generatedApps(count, corpus)));
    const out = path.join(work, 'out');
    const silent = { stdout: () => undefined, stderr: (text: string) => void process.stderr.write(text), env: {} };

    const start = performance.now();
    const exitCode = await runCli(['convert', input, '--out', out], silent);
    const convertMs = performance.now() - start;
    const peakBytes = process.resourceUsage().maxRSS * 1024;
    const files = fs.readdirSync(out, { recursive: true }).length;
    const replaceStart = performance.now();
    const replaceExitCode = await runCli(['convert', input, '--out', out], silent);
    const replaceMs = performance.now() - replaceStart;

    // The floor: the same objects, stringified with no other work.
    const estate = loadTexts([{ source: input, text: fs.readFileSync(input, 'utf8'), discovered: false }]);
    const objects = new MarathonWorkload(new App(), 'estate', {
      definitions: estate.definitions,
      groups: estate.groups,
    }).toJson();
    const floorStart = performance.now();
    let bytes = 0;
    for (const object of objects) {
      bytes += stringify(object).length;
    }
    const floorMs = performance.now() - floorStart;

    console.log(
      JSON.stringify({
        count,
        exitCode,
        convertMs,
        peakBytes,
        files,
        objects: objects.length,
        yamlBytes: bytes,
        floorMs,
        replaceMs,
        replaceExitCode,
      }),
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`convert benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
