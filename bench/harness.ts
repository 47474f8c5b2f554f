import { performance } from 'node:perf_hooks';

/** Runs `work` several times and reports the median, so one slow run (GC, a busy core) does not decide. */
export async function measure<T>(
  runs: number,
  work: () => Promise<T> | T,
): Promise<{ medianMs: number; allMs: number[]; last: T }> {
  const allMs: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    last = await work();
    allMs.push(performance.now() - start);
  }
  const sorted = [...allMs].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)], allMs, last: last as T };
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

/** One result line: name, measured value, target, and whether the target holds. */
export function report(name: string, value: string, target?: { text: string; met: boolean }): void {
  const verdict = target ? `  (target ${target.text}: ${target.met ? 'met' : 'MISSED'})` : '';
  console.log(`${name.padEnd(58)} ${value}${verdict}`);
}
