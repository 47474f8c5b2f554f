import { JsonPath, PathSegment } from '../util/json-path';

/**
 * One fast, iterative pass over JSON text that `JSON.parse` has already accepted: the nesting depth, keys written
 * twice in one object, and the offsets of values the caller asks about. JSON.parse tells none of these, and a
 * syntax tree of a large export would cost hundreds of megabytes.
 */

interface Frame {
  readonly isObject: boolean;
  /** How the parent reached this frame: its key or index. */
  readonly segment: PathSegment | undefined;
  readonly trie: TrieNode | undefined;
  readonly keys: Set<string> | undefined;
  expectKey: boolean;
  index: number;
  key: string;
  childTrie: TrieNode | undefined;
}

interface TrieNode {
  readonly children: Map<PathSegment, TrieNode>;
  wanted: boolean;
  offset?: number;
}

export interface ScanResult {
  readonly maxDepth: number;
  /** Path and character offset of every repeated key (the later occurrences). */
  readonly duplicateKeys: readonly { readonly path: JsonPath; readonly offset: number }[];
}

/** Depth and duplicate keys of valid JSON text. */
export function scanStructure(text: string): ScanResult {
  const duplicateKeys: { path: JsonPath; offset: number }[] = [];
  const maxDepth = scan(text, undefined, (stack, key, offset) => {
    duplicateKeys.push({ path: [...pathOf(stack), key], offset });
  });
  return { maxDepth, duplicateKeys };
}

/**
 * Character offsets of the values at `paths` (of the member's key for object members), each resolved to the
 * deepest part of its path that exists in the text. One pass for any number of paths.
 */
export function locatePaths(text: string, paths: readonly JsonPath[]): number[] {
  const root: TrieNode = { children: new Map(), wanted: true };
  for (const path of paths) {
    let node = root;
    for (const segment of path) {
      let child = node.children.get(segment);
      if (!child) {
        child = { children: new Map(), wanted: true };
        node.children.set(segment, child);
      }
      node = child;
    }
  }
  scan(text, root, undefined);
  return paths.map((path) => {
    let node: TrieNode | undefined = root;
    let best = root.offset ?? 0;
    for (const segment of path) {
      node = node?.children.get(segment);
      if (node?.offset === undefined) {
        break;
      }
      best = node.offset;
    }
    return best;
  });
}

/** The path of the innermost open object or array (the root frame has no segment). */
function pathOf(stack: readonly Frame[]): PathSegment[] {
  const path: PathSegment[] = [];
  for (let i = 1; i < stack.length; i++) {
    path.push(stack[i].segment as PathSegment);
  }
  return path;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function scan(
  text: string,
  rootTrie: TrieNode | undefined,
  onDuplicate: ((stack: Frame[], key: string, offset: number) => void) | undefined,
): number {
  const stack: Frame[] = [];
  let maxDepth = 0;
  let i = 0;
  const length = text.length;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff) {
      i++;
      continue;
    }
    const top = stack.length > 0 ? stack[stack.length - 1] : undefined;
    if (top !== undefined && top.isObject && top.expectKey && c === QUOTE) {
      const end = stringEnd(text, i);
      if (top.keys === undefined && top.trie === undefined) {
        // Neither a duplicate check nor a wanted path needs this object's keys: skip reading them (locating a few
        // diagnostics in a 10,000-app document would otherwise copy out every key of it).
        top.expectKey = false;
        top.childTrie = undefined;
        i = end + 1;
        continue;
      }
      const raw = text.slice(i + 1, end);
      const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
      if (top.keys !== undefined) {
        if (top.keys.has(key)) {
          onDuplicate?.(stack, key, i);
        } else {
          top.keys.add(key);
        }
      }
      top.key = key;
      top.expectKey = false;
      top.childTrie = top.trie?.children.get(key);
      if (top.childTrie !== undefined && top.childTrie.wanted) {
        top.childTrie.offset = i;
      }
      i = end + 1;
      continue;
    }
    if (c === 0x3a) {
      i++;
      continue;
    }
    if (c === 0x2c) {
      if (top !== undefined) {
        if (top.isObject) {
          top.expectKey = true;
        } else {
          top.index++;
        }
      }
      i++;
      continue;
    }
    if (c === 0x7d || c === 0x5d) {
      stack.pop();
      i++;
      continue;
    }
    // A value starts here.
    let trie: TrieNode | undefined;
    let segment: PathSegment | undefined;
    if (top === undefined) {
      trie = rootTrie;
      if (trie !== undefined) {
        trie.offset = i;
      }
    } else if (top.isObject) {
      trie = top.childTrie;
      segment = top.key;
    } else {
      trie = top.trie?.children.get(top.index);
      if (trie !== undefined && trie.wanted) {
        trie.offset = i;
      }
      segment = top.index;
    }
    if (c === 0x7b || c === 0x5b) {
      const isObject = c === 0x7b;
      stack.push({
        isObject,
        segment,
        trie,
        keys: isObject && onDuplicate !== undefined ? new Set() : undefined,
        expectKey: isObject,
        index: 0,
        key: '',
        childTrie: undefined,
      });
      if (stack.length > maxDepth) {
        maxDepth = stack.length;
      }
      i++;
    } else if (c === QUOTE) {
      i = stringEnd(text, i) + 1;
    } else {
      // number, true, false, null
      i++;
      while (i < length) {
        const d = text.charCodeAt(i);
        if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) {
          break;
        }
        i++;
      }
    }
  }
  return maxDepth;
}

/** Index of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let j = start + 1;
  for (;;) {
    const quote = text.indexOf('"', j);
    if (quote < 0) {
      return text.length;
    }
    let backslashes = 0;
    for (let k = quote - 1; k > start && text.charCodeAt(k) === BACKSLASH; k--) {
      backslashes++;
    }
    if (backslashes % 2 === 0) {
      return quote;
    }
    j = quote + 1;
  }
}
