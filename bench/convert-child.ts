/**
 * `convert` of a generated estate with the compiled CLI, against a floor measured in the same run. Run by
 * bench/run.ts: `tsx bench/convert-child.ts <count> <corpusDir> <runs>`; prints one JSON line with the measurements.
 *
 * convert: `node dist/bin/marathon-to-eks.js convert <input> --out <dir>` as users run the published package, in a
 * fresh process each time, wall time from spawn to exit; peak RSS from the process itself (bench/peak-rss.cjs).
 * floor: what the work physically needs, in this process: read the input and `JSON.parse` it, `JSON.stringify` every
 * object convert emits, and write as many files, at the same paths, with as many bytes as convert wrote.
 * replace: a second `convert` into the directory the first one wrote (the swap, the removal of the previous files).
 * reference: eemeli/yaml's `stringify` of the same objects (the floor earlier benchmarks used), first run only.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { loadTexts } from '../lib/marathon/load/estate';
import { estateObjects } from '../lib/translate/estate-objects';
import { translateEstate } from '../lib/translate/estate-translation';
import { renderedObject } from '../lib/workload/manifests';
import { generatedApps } from './estate';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'dist/bin/marathon-to-eks.js');

interface CliRun {
  readonly exitCode: number | null;
  readonly ms: number;
  readonly peakBytes: number;
}

/** One compiled-CLI run in a fresh process; its peak RSS as the process measured it. */
function cli(args: readonly string[], work: string): CliRun {
  const peakFile = path.join(work, 'peak-rss');
  fs.rmSync(peakFile, { force: true });
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--require', path.join(__dirname, 'peak-rss.cjs'), CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, M2E_PEAK_RSS_FILE: peakFile },
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  if (child.status !== 0) {
    process.stderr.write(child.stderr.slice(0, 2000));
  }
  return { exitCode: child.status, ms, peakBytes: Number(fs.readFileSync(peakFile, 'utf8')) };
}

/** Every file under `dir` (dotfiles included), relative path and size, in a stable order. */
function filesOf(dir: string): { relative: string; bytes: number }[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((relative) => ({ relative, stat: fs.statSync(path.join(dir, relative)) }))
    .filter(({ stat }) => stat.isFile())
    .map(({ relative, stat }) => ({ relative, bytes: stat.size }))
    .sort((a, b) => (a.relative < b.relative ? -1 : 1));
}

/**
 * The floor: read + parse the input, stringify every object, write the same files with the same sizes, filled
 * with the stringified objects' bytes (repeated when the report makes the output bigger than the objects).
 */
function floor(
  input: string,
  objects: readonly unknown[],
  files: readonly { relative: string; bytes: number }[],
  out: string,
): number {
  fs.rmSync(out, { recursive: true, force: true });
  const start = performance.now();
  JSON.parse(fs.readFileSync(input, 'utf8'));
  const bytes = Buffer.from(objects.map((object) => JSON.stringify(object)).join('\n'));
  for (const parent of new Set(files.map(({ relative }) => path.dirname(path.join(out, relative))))) {
    fs.mkdirSync(parent, { recursive: true });
  }
  let offset = 0;
  for (const { relative, bytes: size } of files) {
    const chunks: Buffer[] = [];
    for (let left = size; left > 0;) {
      const take = Math.min(left, bytes.length - offset);
      chunks.push(bytes.subarray(offset, offset + take));
      left -= take;
      offset = (offset + take) % bytes.length;
    }
    fs.writeFileSync(path.join(out, relative), chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
  }
  return performance.now() - start;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2]);
  const corpus = process.argv[3];
  const runs = Number(process.argv[4] ?? 3);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'marathon-to-eks-bench-'));
  try {
    const input = path.join(work, `generated-${count}.json`);
    fs.writeFileSync(input, JSON.stringify(await generatedApps(count, corpus)));
    // The objects convert emits, as it renders them (untimed: the floor only stringifies them).
    const estate = loadTexts([{ source: input, text: fs.readFileSync(input, 'utf8'), discovered: false }]);
    const objects = estateObjects(translateEstate(estate.definitions, estate.groups)).map(renderedObject);
    const out = path.join(work, 'out');
    const floorOut = path.join(work, 'floor');
    const converts: CliRun[] = [];
    const replaces: CliRun[] = [];
    const floors: number[] = [];
    let files: { relative: string; bytes: number }[] = [];
    for (let i = 0; i < runs; i++) {
      fs.rmSync(out, { recursive: true, force: true });
      converts.push(cli(['convert', input, '--out', out], work));
      files = filesOf(out);
      floors.push(floor(input, objects, files, floorOut));
      replaces.push(cli(['convert', input, '--out', out], work));
    }
    const referenceStart = performance.now();
    for (const object of objects) {
      stringify(object);
    }
    const referenceMs = performance.now() - referenceStart;
    console.log(
      JSON.stringify({
        count,
        converts,
        replaces,
        floorsMs: floors,
        referenceMs,
        files: files.length,
        bytes: files.reduce((total, file) => total + file.bytes, 0),
        objects: objects.length,
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
