import { Definition } from '../marathon/load/definition';

/** Tells definitions apart even when two inputs hold the same id: kind, id, and where each was written. */
export function definitionKey(definition: Definition): string {
  return `${definition.kind}:${definition.id}@${definition.source}#${definition.pointer.join('/')}`;
}
