import { JsonPath, PathSegment, formatPath, startsWithPath, valueAt } from '../util/json-path';

/** A value the normalizer moved: legacy `ports[1]` became `portDefinitions[1].port`. */
export interface PathMove {
  readonly from: JsonPath;
  readonly to: JsonPath;
}

export type IgnoredKind = 'status' | 'deprecated' | 'superseded' | 'unused' | 'null';

/** A field of the input that has no place in the normalized model, and why. */
export interface IgnoredField {
  readonly path: JsonPath;
  /**
   * `status`: read-only API output; `deprecated`: has no effect in Marathon; `superseded`: another field says the
   * same and wins; `unused`: Marathon ignores it in this configuration; `null`: written as null, meaning unset.
   */
  readonly kind: IgnoredKind;
  readonly reason: string;
}

/**
 * Links every value of a normalized definition to where the user wrote it, so later stages can report on the
 * user's own JSON paths. Values not moved keep their path; values with no source were supplied as defaults.
 */
export class Provenance {
  constructor(
    /** The definition exactly as written. */
    readonly original: unknown,
    readonly moves: readonly PathMove[],
    readonly ignored: readonly IgnoredField[],
  ) {}

  /**
   * Where the value at `normalizedPath` came from in the input, or `undefined` when Marathon's default (or a
   * value derived from other fields) supplied it.
   */
  originalPathOf(normalizedPath: JsonPath): JsonPath | undefined {
    const moved = this.rewrite(normalizedPath, 'to', 'from');
    const candidate = moved ?? normalizedPath;
    const value = valueAt(this.original, candidate);
    return value !== undefined && value !== null ? candidate : undefined;
  }

  /** Where a field of the input lives in the normalized definition, or `undefined` if it has no place there. */
  normalizedPathOf(originalPath: JsonPath): JsonPath | undefined {
    if (this.ignored.some((field) => startsWithPath(originalPath, field.path))) {
      return undefined;
    }
    return this.rewrite(originalPath, 'from', 'to') ?? originalPath;
  }

  /**
   * The closest place in the input to report a problem with the normalized value at `normalizedPath`: its own
   * source when the user wrote it, else the nearest enclosing value that was written.
   */
  nearestOriginalPath(normalizedPath: JsonPath): JsonPath {
    for (let length = normalizedPath.length; length >= 0; length--) {
      const found = this.originalPathOf(normalizedPath.slice(0, length));
      if (found) {
        return found;
      }
    }
    return [];
  }

  /** True when the normalized value at `normalizedPath` was not written by the user. */
  isDefaulted(normalizedPath: JsonPath): boolean {
    return this.originalPathOf(normalizedPath) === undefined;
  }

  private rewrite(path: JsonPath, fromKey: 'from' | 'to', toKey: 'from' | 'to'): JsonPath | undefined {
    let best: PathMove | undefined;
    for (const move of this.moves) {
      if (startsWithPath(path, move[fromKey]) && (!best || move[fromKey].length > best[fromKey].length)) {
        best = move;
      }
    }
    return best ? [...best[toKey], ...path.slice(best[fromKey].length)] : undefined;
  }

  /** A readable list of the moves, for debugging and reports. */
  describeMoves(): string[] {
    return this.moves.map((move) => `${formatPath(move.from)} → ${formatPath(move.to)}`);
  }
}

/** Collects moves, ignored fields and notes while a definition is normalized. */
export class ProvenanceRecorder {
  readonly moves: PathMove[] = [];
  readonly ignored: IgnoredField[] = [];

  move(from: readonly PathSegment[], to: readonly PathSegment[]): void {
    this.moves.push({ from, to });
  }

  ignore(path: readonly PathSegment[], kind: IgnoredKind, reason: string): void {
    this.ignored.push({ path, kind, reason });
  }

  /**
   * The provenance of a definition. `specPath` is where the spec sits inside what the user wrote (`["spec"]` for a
   * pod status object); the recorded paths are relative to the spec and are rebased onto the definition.
   * `around` lists fields of the definition outside the spec (a pod status's `status`, `instances`, …).
   */
  build(original: unknown, specPath: JsonPath = [], around: readonly IgnoredField[] = []): Provenance {
    if (specPath.length === 0) {
      return new Provenance(original, this.moves, [...this.ignored, ...around]);
    }
    const moves = [
      { from: specPath, to: [] },
      ...this.moves.map((move) => ({ from: [...specPath, ...move.from], to: move.to })),
    ];
    const ignored = this.ignored.map((field) => ({ ...field, path: [...specPath, ...field.path] }));
    return new Provenance(original, moves, [...around, ...ignored]);
  }
}
