import { Definition } from '../marathon/load/definition';

// Definitions are immutable once loaded, and the translation asks for each one's key many times (every port,
// identity and selection lookup): it is built once per definition.
const keys = new WeakMap<Definition, string>();

/** Tells definitions apart even when two inputs hold the same id: kind, id, and where each was written. */
export function definitionKey(definition: Definition): string {
  let key = keys.get(definition);
  if (key === undefined) {
    key = `${definition.kind}:${definition.id}@${definition.source}#${definition.pointer.join('/')}`;
    keys.set(definition, key);
  }
  return key;
}
