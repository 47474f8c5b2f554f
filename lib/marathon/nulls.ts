import { JsonPath, PathSegment } from '../util/json-path';

/**
 * Marathon's API writes `null` for unset optional fields (`"args": null`, `"container": null`) and reads it
 * back as "not set". This returns a copy without null-valued object members, and where they were, so they can be
 * reported as ignored rather than rejected. Nulls inside arrays stay: they are errors. Objects without nulls are
 * returned as they are, not copied.
 */
export function withoutNullMembers(value: unknown): { value: unknown; nullPaths: JsonPath[] } {
  const nullPaths: JsonPath[] = [];
  const path: PathSegment[] = [];
  const strip = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object') {
      return node;
    }
    if (Array.isArray(node)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        const stripped = strip(node[i]);
        path.pop();
        if (stripped !== node[i]) {
          (copy ??= [...node])[i] = stripped;
        }
      }
      return copy ?? node;
    }
    let copy: Record<string, unknown> | undefined;
    const record = node as Record<string, unknown>;
    for (const key in record) {
      const member = record[key];
      if (member === null) {
        nullPaths.push([...path, key]);
        copy ??= { ...record };
        delete copy[key];
        continue;
      }
      if (typeof member !== 'object') {
        continue;
      }
      path.push(key);
      const stripped = strip(member);
      path.pop();
      if (stripped !== member) {
        (copy ??= { ...record })[key] = stripped;
      }
    }
    return copy ?? node;
  };
  return { value: strip(value), nullPaths };
}
