/** `1 app`, `2 apps`: counts in messages people read. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
