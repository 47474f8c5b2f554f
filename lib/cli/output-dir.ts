import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPORT_JSON } from '../workload/convert';
import { UsageError } from './io';

/**
 * Writes the conversion into `directory`, replacing what an earlier run wrote there (so deleted apps do not
 * linger as stale manifests). A directory that holds other files is refused rather than cleared.
 */
export function writeOutput(directory: string, files: ReadonlyMap<string, string>): void {
  if (fs.existsSync(directory)) {
    const entries = fs.readdirSync(directory);
    if (entries.length > 0 && !entries.includes(REPORT_JSON)) {
      throw new UsageError(`--out ${directory} is not empty and was not written by marathon-to-eks (no ${REPORT_JSON}); choose a new or empty directory`);
    }
    for (const entry of entries) fs.rmSync(path.join(directory, entry), { recursive: true, force: true });
  }
  const created = new Set<string>();
  for (const [relative, content] of [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const target = path.join(directory, relative);
    const parent = path.dirname(target);
    if (!created.has(parent)) {
      fs.mkdirSync(parent, { recursive: true });
      created.add(parent);
    }
    fs.writeFileSync(target, content);
  }
}

