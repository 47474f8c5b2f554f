/**
 * A price table that replaces the shipped on-demand prices: your region, discounts or savings plans. Either JSON
 * (`{"m6i.large": 0.096}`) or lines of `instance-type<TAB or space or comma>usd-per-hour` (a header line is allowed).
 */
export function parsePrices(text: string, source = 'price table'): Map<string, number> {
  const trimmed = text.trim();
  const prices = new Map<string, number>();
  const add = (type: string, value: unknown, where: string) => {
    const usd = typeof value === 'number' ? value : Number(value);
    if (!/^[a-z0-9-]+\.[a-z0-9-]+$/.test(type) || !Number.isFinite(usd) || usd <= 0) {
      throw new Error(`${source}: ${where}: expected an instance type and a price per hour > 0`);
    }
    prices.set(type, usd);
  };
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new Error(`${source}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, {
        cause: error,
      });
    }
    for (const [type, usd] of Object.entries(parsed as Record<string, unknown>)) {
      add(type, usd, JSON.stringify(type));
    }
    return prices;
  }
  trimmed.split('\n').forEach((line, i) => {
    const content = line.trim();
    if (content === '' || content.startsWith('#')) {
      return;
    }
    const cells = content.split(/[\t, ]+/);
    const isHeader = i === 0 && !Number.isFinite(Number(cells[cells.length - 1]));
    if (isHeader) {
      return;
    }
    add(cells[0], cells[cells.length - 1], `line ${i + 1}`);
  });
  return prices;
}
