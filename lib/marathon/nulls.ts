import { JsonPath, PathSegment } from './json-path';

/**
 * Marathon's API writes `null` for unset optional fields (`"args": null`, `"container": null`) and reads it
 * back as "not set". This returns a copy without null-valued object members, and where they were, so they can be
 * reported as ignored rather than rejected. Nulls inside arrays stay: they are errors.
 */
export function withoutNullMembers(value: unknown): { value: unknown; nullPaths: JsonPath[] } {
  const nullPaths: JsonPath[] = [];
  const strip = (node: unknown, path: PathSegment[]): unknown => {
    if (Array.isArray(node)) {
      let changed = false;
      const items = node.map((item, i) => {
        const stripped = strip(item, [...path, i]);
        if (stripped !== item) changed = true;
        return stripped;
      });
      return changed ? items : node;
    }
    if (node === null || typeof node !== 'object') return node;
    let copy: Record<string, unknown> | undefined;
    for (const [key, member] of Object.entries(node)) {
      if (member === null) {
        nullPaths.push([...path, key]);
        copy ??= { ...(node as Record<string, unknown>) };
        delete copy[key];
        continue;
      }
      const stripped = strip(member, [...path, key]);
      if (stripped !== member) {
        copy ??= { ...(node as Record<string, unknown>) };
        copy[key] = stripped;
      }
    }
    return copy ?? node;
  };
  return { value: strip(value, []), nullPaths };
}
