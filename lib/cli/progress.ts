import { SingleBar } from 'cli-progress';

/** A progress bar on standard error when it is a terminal and the work is big enough to wait for. */
export function progressBar(
  total: number,
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): { update(done: number): void; stop(): void } {
  if (!stream.isTTY || total < 50) {
    return { update: () => undefined, stop: () => undefined };
  }
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total} {percentage}% {eta_formatted}`,
    stream,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}
