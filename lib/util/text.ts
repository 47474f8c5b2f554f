/** `1 app`, `2 apps`, `2 directories`: counts in messages people read. */
export function plural(count: number, word: string, plural = `${word}s`): string {
  return `${count} ${count === 1 ? word : plural}`;
}
