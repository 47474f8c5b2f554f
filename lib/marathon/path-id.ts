/**
 * Marathon path ids (`/shop/backend/api`): parsing, syntax rules and resolution of relative ids, as in Marathon's
 * `state/PathId.scala`.
 */

const SEGMENT = /^(?:(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])\.)*(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])$/;
const RESERVED_LAST_SEGMENTS = new Set(['restart', 'tasks', 'versions', '.', '..']);

/** The non-empty segments of an id; Marathon drops empty segments, so `//` collapses. */
export function pathSegments(id: string): string[] {
  return id.split('/').filter((segment) => segment !== '');
}

export function isAbsolute(id: string): boolean {
  return id.startsWith('/');
}

/**
 * Why `id` is not a valid Marathon path id, or `undefined` when it is. Each segment must be dot-separated
 * lowercase DNS labels, or `.` / `..`.
 */
export function pathIdProblem(id: string): string | undefined {
  for (const segment of pathSegments(id)) {
    if (segment === '.' || segment === '..') {
      continue;
    }
    if (!SEGMENT.test(segment)) {
      return `segment ${JSON.stringify(segment)} of ${JSON.stringify(id)} is not a valid Marathon id segment: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`;
    }
  }
  return undefined;
}

/** Why `id` cannot name an app or pod (root, or a reserved last segment), or `undefined`. */
export function serviceIdProblem(absoluteId: string): string | undefined {
  const segments = pathSegments(absoluteId);
  if (segments.length === 0) {
    return 'an app or pod id must not be the root "/"';
  }
  const last = segments[segments.length - 1];
  if (RESERVED_LAST_SEGMENTS.has(last)) {
    return `must not end with the reserved segment ${JSON.stringify(last)} (restart, tasks and versions are Marathon API paths)`;
  }
  return undefined;
}

/**
 * Resolves `id` against the absolute `base` (the enclosing group): relative ids are appended to it, `.` is
 * dropped, `..` goes up one level (and stays at the root when there is nothing left to pop).
 */
export function canonicalPath(id: string, base = '/'): string {
  const segments = isAbsolute(id) ? pathSegments(id) : [...pathSegments(base), ...pathSegments(id)];
  const result: string[] = [];
  for (const segment of segments) {
    if (segment === '.') {
      continue;
    }
    if (segment === '..') {
      result.pop();
    } else {
      result.push(segment);
    }
  }
  return `/${result.join('/')}`;
}

/** The enclosing group of an absolute id (`/a/b/c` → `/a/b`; top-level ids → `/`). */
export function parentPath(absoluteId: string): string {
  const segments = pathSegments(absoluteId);
  return `/${segments.slice(0, -1).join('/')}`;
}

/** True when absolute `id` lies directly inside absolute group `groupId`. */
export function isChildOf(id: string, groupId: string): boolean {
  return parentPath(id) === canonicalPath(groupId);
}
