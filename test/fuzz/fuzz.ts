import fc from 'fast-check';

/*
 * The fuzz suite (`test/fuzz/*.fuzz.test.ts`, part of `npm test`): fast-check properties over the loader, the
 * translator and the writers, each with a fixed seed so a failure replays exactly, and a time bound so a
 * regression to super-linear work fails instead of hanging. `FUZZ_SEED` and `FUZZ_SCALE` (a multiplier of the
 * case counts) explore further by hand: `FUZZ_SCALE=20 npx jest test/fuzz`.
 */

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
/** A property that has not finished after this long is a failure (something went quadratic or hung). */
const TIME_LIMIT_MS = 90_000;

/**
 * Runs `property` on `runs` generated cases and checks that every one of them ran: an interrupted or skipped run
 * would otherwise pass silently with fewer cases than the closing note claims.
 */
export function fuzz<T>(property: fc.IPropertyWithHooks<T>, runs: number, seedOffset = 0): number {
  const numRuns = Math.max(1, Math.round(runs * SCALE));
  let cases = 0;
  const counted = property.beforeEach((previous: () => void) => {
    cases++;
    previous();
  });
  fc.assert(counted, {
    seed: FUZZ_SEED + seedOffset,
    numRuns,
    interruptAfterTimeLimit: TIME_LIMIT_MS,
    markInterruptAsFailure: true,
  });
  expect(cases).toBeGreaterThanOrEqual(numRuns);
  return cases;
}
