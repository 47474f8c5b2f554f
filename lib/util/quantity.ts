/**
 * Kubernetes resource quantities ("500m", "1.5", "128Mi", "1e3") as numbers, close enough to compare a request
 * with its limit. Malformed quantities give `undefined`; kubernetes-models reports those.
 */

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([KMGTPE]i)|([numkMGTPE]?)|[eE]([+-]?\d+))$/;

const BINARY: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** The value of a quantity written as a JSON number or string, or `undefined` when it is not one. */
export function quantityValue(quantity: unknown): number | undefined {
  if (typeof quantity === 'number') {
    return Number.isFinite(quantity) ? quantity : undefined;
  }
  if (typeof quantity !== 'string') {
    return undefined;
  }
  let value = cache.get(quantity);
  if (value === undefined && !cache.has(quantity)) {
    // Estates repeat a handful of quantities ("100m", "128Mi") thousands of times.
    if (cache.size >= CACHE_LIMIT) {
      cache.clear();
    }
    value = parse(quantity);
    cache.set(quantity, value);
  }
  return value;
}

const CACHE_LIMIT = 10_000;
const cache = new Map<string, number | undefined>();

function parse(quantity: string): number | undefined {
  const match = QUANTITY.exec(quantity);
  if (!match) {
    return undefined;
  }
  const [, number, binary, decimal, exponent] = match;
  const scale =
    binary !== undefined ? BINARY[binary] : exponent !== undefined ? 10 ** Number(exponent) : DECIMAL[decimal ?? ''];
  return Number(number) * scale;
}
