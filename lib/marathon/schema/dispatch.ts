import { z } from 'zod';

/**
 * A union whose variant is chosen from the value's shape (for example a volume with `persistent` is a persistent
 * volume) instead of trying every variant. Errors then come from the one variant the user meant, and unknown keys
 * stay unknown-key warnings rather than turning into "matches no variant".
 */
/** How each dispatching union picks its variant, so tools can follow a value down into the chosen variant. */
export const dispatchers = new WeakMap<z.ZodType, (value: Record<string, unknown>) => z.ZodType>();

export function dispatch<T extends z.ZodType>(
  variants: readonly T[],
  choose: (value: Record<string, unknown>) => T,
  expected: string,
): z.ZodType<z.output<T>, z.input<T>> {
  const schema = z.any().superRefine((value, ctx) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: `expected ${expected}`, params: { kind: 'invalid-type', expected } });
      return;
    }
    const variant = choose(value as Record<string, unknown>);
    if (!variants.includes(variant)) {
      throw new Error('dispatch chose a schema that is not one of its variants');
    }
    const result = variant.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({ ...issue } as Parameters<typeof ctx.addIssue>[0]);
      }
    }
  });
  dispatchers.set(schema, choose);
  return schema as unknown as z.ZodType<z.output<T>, z.input<T>>;
}

/**
 * A union whose variant is told by a distinguishing key: the variant of the first key (in the order given) that the
 * value has, else `otherwise`. A volume with `persistent` is a persistent volume, one with `secret` a secret volume.
 */
export function dispatchByKey<K extends z.ZodType, O extends z.ZodType>(
  byKey: Readonly<Record<string, K>>,
  otherwise: O,
  expected: string,
): z.ZodType<z.output<K | O>, z.input<K | O>> {
  const keyed = Object.entries(byKey);
  return dispatch<K | O>(
    [...keyed.map(([, variant]) => variant), otherwise],
    (value) => keyed.find(([key]) => key in value)?.[1] ?? otherwise,
    expected,
  );
}
