/**
 * Rewrites ./expected from the current loader. Run it only after a deliberate behaviour change, then review the
 * diff file by file: `npx tsx test/marathon/golden/update.ts && git diff test/marathon/golden/expected`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GOLDEN_FILES } from './cases';
import { goldenFile, snapshotCorpusFile } from './snapshot';

(async () => {
  fs.mkdirSync(path.join(__dirname, 'expected'), { recursive: true });
  for (const relative of GOLDEN_FILES) {
    fs.writeFileSync(goldenFile(relative), `${JSON.stringify(await snapshotCorpusFile(relative), null, 2)}\n`);
  }
  console.log(`wrote ${GOLDEN_FILES.length} expected results`);
})();
