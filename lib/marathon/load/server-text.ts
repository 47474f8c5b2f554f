import { escapedAndCut } from '../../util/control-characters';

/**
 * What a server says (an error body's `message`, a status text, a `Location`) ends up in messages printed on the
 * user's terminal: control characters are escaped and kilobytes of HTML cut, where the text enters the message.
 */

/** Longest server-supplied text kept in one message, in characters (an ellipsis marks the cut). */
export const MAX_SERVER_TEXT = 200;

/** `text` with every control character written as a visible escape (`\x1b`, `\u202e`), cut to `maxLength`. */
export function sanitizeServerText(text: string, maxLength = MAX_SERVER_TEXT): string {
  return escapedAndCut(text, maxLength);
}
