/*
 * Text from Marathon definitions (ids, paths, constraint values, server messages) goes into migration-report.md,
 * which CI posts as a pull-request comment. Every such value passes through one of these two functions, so none
 * can open a table cell, a heading, a link, an image, raw HTML or an @-mention.
 */

/** Line breaks, other control characters and the Unicode line separators: each would end a table row or a list item. */
// eslint-disable-next-line no-control-regex
const BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * CommonMark lets any ASCII punctuation be escaped with a backslash; these are the ones that start syntax anywhere
 * in a line (with `[` escaped no link or image can open, so `(`, `)` and `!` stay readable). `#` opens a heading
 * even inside a list item, `$` GitHub's math, `~` strikethrough.
 */
const INLINE_SYNTAX = /[\\`*_[\]#|~<>&$]/g;

/** A list marker or thematic break at the start: `- - x` would nest a list, `1. x` start an ordered one. */
const LEADING_MARKER = /^(\s*)(\d{1,9}(?=[.)])|[-+])/;

const ENTITIES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/**
 * Prose: inline syntax escaped (HTML-significant characters as entities, so no tag survives any renderer), and
 * line breaks folded into spaces. `@name` gets a word joiner after the `@`, which GitHub does not read as a mention.
 */
export function markdownText(text: string): string {
  return text
    .replace(BREAKS, ' ')
    .replace(INLINE_SYNTAX, (c) => ENTITIES[c] ?? `\\${c}`)
    .replace(LEADING_MARKER, (_, space: string, marker: string) =>
      /\d/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`,
    )
    .replace(/(^|[^A-Za-z0-9_])@(?=[A-Za-z0-9])/g, '$1@\u2060');
}

/**
 * A value as inline code: nothing inside a code span is Markdown or HTML, and mentions are not linked there. The
 * fence is longer than any run of backticks inside; in a table cell `|` must still be escaped (GFM, tables).
 */
export function markdownCode(text: string, inTable = true): string {
  const flat = text.replace(BREAKS, ' ');
  const longest = (flat.match(/`+/g) ?? []).reduce((most, run) => Math.max(most, run.length), 0);
  const fence = '`'.repeat(longest + 1);
  const padded =
    flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '')
      ? ` ${flat} `
      : flat;
  const body = inTable ? padded.replace(/\|/g, '\\|') : padded;
  return body === '' ? '` `' : `${fence}${body}${fence}`;
}
