/*
 * Text that came from input (file names, ids, values, server messages) reaches the user's terminal. There it must
 * not move the cursor, rewrite the window title, clear the screen, reorder text (bidirectional overrides, the
 * "Trojan Source" trick) or forge a line of output with a line break of its own.
 */

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

// eslint-disable-next-line no-control-regex
const ANY_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

/**
 * `text` with every control character written as a visible escape (`\x1b`, `\u202e`). Line breaks are escaped too
 * unless `keepLineBreaks` (for whole messages whose lines are our own); tabs are kept with them.
 */
export function escapeControlCharacters(text: string, keepLineBreaks = false): string {
  if (!ANY_UNSAFE.test(text)) {
    return text;
  }
  let safe = '';
  for (const char of text) {
    safe += keepLineBreaks && (char === '\n' || char === '\t') ? char : escapeUnsafe(char);
  }
  return safe;
}

/** `text` escaped as by {@link escapeControlCharacters}, cut to `maxLength` characters (an ellipsis marks the cut). */
export function escapedAndCut(text: string, maxLength: number): string {
  let safe = '';
  for (const char of text) {
    const piece = escapeUnsafe(char);
    if (safe.length + piece.length > maxLength) {
      return `${safe}…`;
    }
    safe += piece;
  }
  return safe;
}

function escapeUnsafe(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (!UNSAFE_RANGES.some(([low, high]) => code >= low && code <= high)) {
    return char;
  }
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
