/**
 * The fuzz suite's budget. `npm test` runs every property a few hundred times from a fixed seed
 * (seconds in total); `npm run fuzz` sets FUZZ_SCALE (default there 40) for a longer run, and
 * FUZZ_SEED to explore other inputs. A failure prints the seed and path fast-check needs to replay it.
 */
const scale = Number(process.env['FUZZ_SCALE'] ?? '1');
export const FUZZ_SCALE = Number.isFinite(scale) && scale > 0 ? scale : 1;
export const FUZZ_SEED = Number(process.env['FUZZ_SEED'] ?? '15');

/** fast-check parameters for a property worth `base` runs at scale 1. */
export function budget(base: number): { seed: number; numRuns: number } {
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(base * FUZZ_SCALE)) };
}

/** A loop count for hand-written loops, scaled the same way. */
export function count(base: number): number {
  return Math.max(1, Math.round(base * FUZZ_SCALE));
}

/** A per-test timeout that grows with the scale (vitest's default is 60 s in this repo). */
export function timeout(baseMs: number): number {
  return Math.round(baseMs * Math.max(1, FUZZ_SCALE));
}
