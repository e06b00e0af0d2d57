import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/etf/index.js';
import { uint64Text } from '../../src/etf/uint64-text.js';

const halves = (v: bigint): [number, number] => [Number(v >> 32n), Number(v & 0xffffffffn)];
const text = (v: bigint): string => uint64Text(...halves(v));

/** SMALL_BIG_EXT of `v` (8 little-endian digit bytes), as Discord sends a snowflake. */
function smallBig(v: bigint, negative = false): Uint8Array {
  const digits = Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
  return Uint8Array.from([131, 110, 8, negative ? 1 : 0, ...digits]);
}

describe('uint64Text (SMALL_BIG snowflakes as decimal text)', () => {
  it('agrees with BigInt at the edges of each digit count and of the 2^53 boundary', () => {
    const edges = [2n ** 53n, 2n ** 53n + 1n, 2n ** 64n - 1n, 2n ** 63n, 2n ** 32n * 0xffffffffn];
    for (let d = 16n; d <= 19n; d++) edges.push(10n ** d - 1n, 10n ** d, 10n ** d + 1n);
    for (const v of edges) expect(text(v), String(v)).toBe(v.toString());
  });

  it('agrees with BigInt on any 64-bit value ≥ 2^53, and again from its cache', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }), (v) => {
        expect(text(v)).toBe(v.toString());
        expect(text(v)).toBe(v.toString());
      }),
      { numRuns: 20_000 },
    );
  });

  it('returns the right text when two snowflakes share a cache slot in turn', () => {
    // Thousands of distinct values through a 2,048-slot cache: every one must still come back exact.
    const values = Array.from({ length: 10_000 }, (_, i) => ((1_300_000_000_000n + BigInt(i) * 7919n) << 22n) | BigInt(i & 0xfff));
    for (let round = 0; round < 2; round++) for (const v of values) expect(text(v)).toBe(v.toString());
  });

  it('is what decode gives for SMALL_BIG integers past 2^53, signed, as flat text', () => {
    const v = 175928847299117063n;
    expect(decode(smallBig(v))).toBe('175928847299117063');
    expect(decode(smallBig(v, true))).toBe('-175928847299117063');
    expect(decode(smallBig(v), { bigint: 'bigint' })).toBe(v);
  });
});
