/**
 * What a server says (an error body's `message`, a status text, a `Location`) ends up in messages printed on the
 * user's terminal. A hostile or broken server must not be able to move the cursor, rewrite the window title,
 * reorder text (bidirectional overrides) or bury the line under kilobytes of HTML.
 */

/** Longest server-supplied text kept in one message, in characters (an ellipsis marks the cut). */
export const MAX_SERVER_TEXT = 200;

// C0, DEL and C1 (8-bit CSI, OSC…), the Arabic letter mark, directional marks, line and paragraph separators,
// bidirectional embeddings, overrides and isolates.
const UNSAFE_RANGES: readonly (readonly [number, number])[] = [
  [0x00, 0x1f],
  [0x7f, 0x9f],
  [0x061c, 0x061c],
  [0x200e, 0x200f],
  [0x2028, 0x202e],
  [0x2066, 0x2069],
];

/** `text` with every control character written as a visible escape (`\x1b`, `\u202e`), cut to `maxLength`. */
export function sanitizeServerText(text: string, maxLength = MAX_SERVER_TEXT): string {
  let safe = '';
  for (const char of text) {
    const piece = escapeUnsafe(char);
    if (safe.length + piece.length > maxLength) return `${safe}…`;
    safe += piece;
  }
  return safe;
}

function escapeUnsafe(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (!UNSAFE_RANGES.some(([low, high]) => code >= low && code <= high)) return char;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
