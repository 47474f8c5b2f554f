/**
 * JSON paths in the form users read in error messages and reports:
 * `apps[3].container.portMappings[0].containerPort`, `labels["com.example/team"]`.
 * The empty path (the document itself) prints as `$`.
 */
export type PathSegment = string | number;
export type JsonPath = readonly PathSegment[];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Formats a path; keys that are not plain identifiers are bracket-quoted so the path stays unambiguous. */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else if (IDENTIFIER.test(segment)) {
      out += out === '' ? segment : `.${segment}`;
    } else {
      out += `[${JSON.stringify(segment)}]`;
    }
  }
  return out === '' ? '$' : out;
}

/** Parses a path produced by {@link formatPath} back into segments. */
export function parsePath(text: string): PathSegment[] {
  if (text === '$' || text === '') {
    return [];
  }
  const segments: PathSegment[] = [];
  const pattern = /(?:^|\.)([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let index = 0;
  while (index < text.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match) {
      throw new Error(`not a JSON path: ${text}`);
    }
    if (match[1] !== undefined) {
      segments.push(match[1]);
    } else if (match[2] !== undefined) {
      segments.push(Number(match[2]));
    } else {
      segments.push(JSON.parse(match[3]) as string);
    }
    index = pattern.lastIndex;
  }
  return segments;
}

/** Reads the value at `path`, or `undefined` when any step is missing. */
export function valueAt(root: unknown, path: JsonPath): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

/** True when `path` equals `prefix` or lies beneath it. */
export function startsWithPath(path: JsonPath, prefix: JsonPath): boolean {
  if (prefix.length > path.length) {
    return false;
  }
  // A loop, not `every`: the report asks this for every leaf of every definition against each ignored field.
  for (let i = 0; i < prefix.length; i++) {
    if (prefix[i] !== path[i]) {
      return false;
    }
  }
  return true;
}
