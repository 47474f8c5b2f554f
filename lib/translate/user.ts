import { JsonPath } from '../util/json-path';
import { SecurityContext } from './kube';
import { DefinitionScope } from './scope';

/** The largest user and group id Linux containers have (IsValidUserID in k8s.io/apimachinery's util/validation). */
const MAX_ID = 2_147_483_647;

/** `root` → 0, `nobody` → 65534, numeric → itself; other names, and numbers no Linux user has, have no UID we can know. */
export function userId(user: string): number | undefined {
  if (user === 'root') {
    return 0;
  }
  if (user === 'nobody') {
    return 65534;
  }
  return /^\d+$/.test(user) && Number(user) <= MAX_ID ? Number(user) : undefined;
}

/** A Marathon / Metronome `user` as the container's `runAsUser`, when it names a UID. */
export function runAsUser(scope: DefinitionScope, user: string | undefined, path: JsonPath): SecurityContext {
  if (user === undefined) {
    return {};
  }
  const uid = userId(user);
  if (uid === undefined) {
    scope.notes.approximated(
      path,
      `user ${JSON.stringify(user)} has no fixed UID; the image's default user is kept — set securityContext.runAsUser to its UID`,
    );
    return {};
  }
  scope.notes.translated(path, `securityContext.runAsUser ${uid}`);
  return { runAsUser: uid };
}
