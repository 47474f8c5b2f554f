import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadEstate } from '../lib/marathon/load/estate';

/**
 * A generated estate of `count` apps: valid apps taken from the shared corpus (or the bundled example estate
 * when the corpus is absent), replicated under new ids spread over 50 groups.
 */
export async function generatedApps(count: number, corpusDir: string): Promise<object[]> {
  const from = fs.existsSync(corpusDir) ? corpusDir : path.join(__dirname, '../examples/estate');
  const loaded = await loadEstate({ paths: [from] });
  const templates = loaded.definitions
    .filter((d) => d.kind === 'app')
    .map((d) => definitionJson(d.provenance.original));
  if (templates.length === 0) {
    throw new Error(`no valid apps found under ${from}`);
  }
  return Array.from({ length: count }, (_, i) => {
    const template = templates[i % templates.length] as Record<string, unknown>;
    return { ...template, id: `/bench/group-${i % 50}/app-${i}`, dependencies: [] };
  });
}

/** A pod status object's spec, or the definition as written. */
function definitionJson(original: unknown): unknown {
  const value = original as Record<string, unknown>;
  return typeof value.spec === 'object' && value.spec !== null ? value.spec : value;
}
