import * as fs from 'node:fs';
import * as path from 'node:path';

/** The shared corpus of real Marathon / Metronome definitions (read in place, never copied). */
export const CORPUS_DIR = process.env.MARATHON_CORPUS ?? path.resolve(__dirname, '../../../shared/corpus/marathon');

export const hasCorpus = fs.existsSync(path.join(CORPUS_DIR, 'SOURCES.tsv'));

/** `describe` when the corpus is present; otherwise a skipped suite and a message saying why. */
export function describeWithCorpus(name: string, body: () => void): void {
  if (hasCorpus) {
    describe(name, body);
  } else {
    describe.skip(`${name} (skipped: corpus not found at ${CORPUS_DIR}; set MARATHON_CORPUS)`, body);
    console.warn(`[${name}] skipped: Marathon corpus not found at ${CORPUS_DIR} (set MARATHON_CORPUS to run it)`);
  }
}

export function corpusFile(relative: string): string {
  return path.join(CORPUS_DIR, relative);
}

export interface CorpusSource {
  readonly localFile: string;
  readonly repo: string;
  readonly kind: string;
  readonly features: readonly string[];
}

/** SOURCES.tsv: every corpus file with its origin, kind and detected features. */
export function corpusSources(): CorpusSource[] {
  const lines = fs.readFileSync(path.join(CORPUS_DIR, 'SOURCES.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [localFile, repo, , , , kind, features] = line.split('\t');
    return { localFile, repo, kind, features: features ? features.split(',') : [] };
  });
}
