import * as path from 'node:path';
import { formatPath } from '../../../lib/util/json-path';
import { LoadResult } from '../../../lib/marathon/load/definition';
import { loadEstate } from '../../../lib/marathon/load/estate';
import { CORPUS_DIR } from '../../helpers/corpus';

/**
 * The normalized result of one corpus file in a reviewable form: every definition's normalized spec, where its
 * values moved from, what was ignored and why, unknown fields, groups, rejections and the diagnostics (without
 * their wording, which may be improved without changing behaviour).
 */
export function snapshotOf(result: LoadResult) {
  return {
    definitions: result.definitions.map((d) => ({
      kind: d.kind,
      id: d.id,
      at: formatPath(d.pointer),
      ...(d.group !== undefined ? { group: d.group } : {}),
      spec: d.spec,
      moves: d.provenance.describeMoves(),
      ignored: d.provenance.ignored.map((field) => `${formatPath(field.path)}: ${field.kind}`),
      unknownFields: d.unknownFields.map(formatPath),
    })),
    groups: result.groups.map((g) => ({
      id: g.id,
      at: formatPath(g.pointer),
      dependencies: g.dependencies,
      apps: g.apps,
      pods: g.pods,
      groups: g.groups,
    })),
    rejected: result.rejected.map((r) => `${r.kind} ${r.id ?? '(no id)'} at ${formatPath(r.pointer)}`),
    diagnostics: result.diagnostics.map((d) => `${d.severity} ${formatPath(d.path)} ${d.code}`),
  };
}

export async function snapshotCorpusFile(relative: string) {
  return snapshotOf(await loadEstate({ paths: [path.join(CORPUS_DIR, relative)] }));
}

export function goldenFile(relative: string): string {
  return path.join(__dirname, 'expected', `${relative.replace(/\//g, '__')}.json`);
}
