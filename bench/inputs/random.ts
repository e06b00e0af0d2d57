// Seeded randomness for synthetic bench inputs: the same seed gives the same sequence on every
// run, so every run measures the same payloads. The generator is a 32-bit integer mix (in the
// style of mulberry32); quality only needs to be good enough that payloads do not repeat.

export interface SeededRandom {
  /** A number in [0, 1). */
  random(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  /**
   * A real-shaped snowflake: milliseconds since 2015 (here 2019–2025) shifted left 22, plus
   * worker/sequence bits; 18–19 digits, below 2^63, so Discord's ETF carries it as a 64-bit integer
   * (SMALL_BIG_EXT).
   */
  snowflake(): string;
  /** An ISO timestamp as Discord writes them (`+00:00`, not `Z`). */
  iso(): string;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed;
  const random = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(random() * n);
  return {
    random,
    int,
    pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]!,
    snowflake: () => String((BigInt(1.3e11 + int(1.1e11)) << 22n) | BigInt(int(1 << 22))),
    iso: () => new Date(1_600_000_000_000 + int(1e11)).toISOString().replace('Z', '+00:00'),
  };
}
