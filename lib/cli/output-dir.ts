import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPORT_JSON } from '../workload/convert';
import { UsageError } from './io';

/**
 * Writes the conversion into `directory`, replacing what an earlier run wrote there (so deleted apps do not
 * linger as stale manifests). A directory that holds other files is refused rather than cleared.
 */
export async function writeOutput(directory: string, files: ReadonlyMap<string, string>): Promise<void> {
  if (fs.existsSync(directory)) {
    const entries = fs.readdirSync(directory);
    if (entries.length > 0 && !entries.includes(REPORT_JSON)) {
      throw new UsageError(`--out ${directory} is not empty and was not written by marathon-to-eks (no ${REPORT_JSON}); choose a new or empty directory`);
    }
    for (const entry of entries) fs.rmSync(path.join(directory, entry), { recursive: true, force: true });
  }
  const sorted = [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const parent of new Set(sorted.map(([relative]) => path.dirname(path.join(directory, relative))))) fs.mkdirSync(parent, { recursive: true });
  // Thousands of small files: several writes in flight at once keep the disk, not the round trips, the limit.
  let next = 0;
  const writer = async () => {
    while (next < sorted.length) {
      const [relative, content] = sorted[next++];
      await fs.promises.writeFile(path.join(directory, relative), content);
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITERS, sorted.length) }, writer));
}

const WRITERS = 32;
