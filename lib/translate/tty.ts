import { JsonPath } from '../util/json-path';
import { Container } from './kube';
import { DefinitionScope } from './scope';

/** An app's or pod container's `tty`: Docker's `-t` gave it a terminal on stdin, which Kubernetes asks for with both. */
export function ttyOf(
  scope: DefinitionScope,
  tty: boolean | undefined,
  at: JsonPath,
): Pick<Container, 'tty' | 'stdin'> {
  if (tty !== undefined) {
    scope.notes.translated(at, tty ? 'tty and stdin' : 'no tty');
  }
  return tty ? { tty: true, stdin: true } : {};
}
