/**
 * Decimal text of an unsigned 64-bit integer given as two 32-bit halves: how ETF's SMALL_BIG
 * snowflakes become the strings JSON carries.
 *
 * Why not `BigInt.prototype.toString`: building the bigint costs four allocations per snowflake and
 * the conversion is a runtime call (about 80 ns together, 12–15 % of decoding a large
 * GUILD_CREATE). Here the digits come from number arithmetic and one `String.fromCharCode` call,
 * which makes a flat one-byte string at once (joining two halves with `+` would make a ConsString
 * of about twice the memory, flattened again at its first `charCodeAt`). Snowflakes also repeat
 * within and across frames (role ids in every member, the guild id in every channel), so a small
 * cache keyed by the two halves returns the same string again, as JSON.parse interns short strings.
 */

const CACHE_BITS = 11;
const CACHE_SIZE = 1 << CACHE_BITS;
// Made on first use: importing the ETF entry allocates nothing.
let cacheHi: Int32Array | null = null;
let cacheLo: Int32Array | null = null;
let cacheText: (string | undefined)[] = [];

/** 2^32 mod 10^8 and 2^48 mod 10^8: the low eight decimal digits without a 64-bit product. */
const TWO32_MOD_1E8 = 94967296;
const TWO48_MOD_1E8 = 76710656;

/** Decimal digits of the value being converted, right-aligned (a 64-bit value has at most 20). */
const digits = new Uint8Array(20);
const fromCharCode = String.fromCharCode;

/** ASCII codes of 00..99, two per entry: digits are written two at a time. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = 48 + ((i / 10) | 0);
  PAIRS[2 * i + 1] = 48 + (i % 10);
}

/** Writes the eight decimal digits of `x` (0 ≤ x < 10^8, leading zeros kept) ending before `end`. */
function eightDigits(x: number, end: number): void {
  const high4 = (x / 10000) | 0;
  const low4 = x - high4 * 10000;
  const a = (high4 / 100) | 0;
  const c = (low4 / 100) | 0;
  const d = digits;
  let at = 2 * a;
  d[end - 8] = PAIRS[at]!;
  d[end - 7] = PAIRS[at + 1]!;
  at = 2 * (high4 - a * 100);
  d[end - 6] = PAIRS[at]!;
  d[end - 5] = PAIRS[at + 1]!;
  at = 2 * c;
  d[end - 4] = PAIRS[at]!;
  d[end - 3] = PAIRS[at + 1]!;
  at = 2 * (low4 - c * 100);
  d[end - 2] = PAIRS[at]!;
  d[end - 1] = PAIRS[at + 1]!;
}

function convert(hi: number, lo: number): string {
  // value = top · 10^8 + low8, and top = high · 10^8 + mid8, each part exact in a double or an int32.
  const sum = (hi >>> 16) * TWO48_MOD_1E8 + (hi & 0xffff) * TWO32_MOD_1E8 + lo;
  // (floor and multiply: a double `%` is a runtime call)
  const low8 = sum - Math.floor(sum / 1e8) * 1e8;
  // (hi · 2^32 − low8 + lo) / 10^8 is an integer; the double arithmetic is off by far less than ½.
  const top = Math.round((hi * 4294967296 - low8 + lo) / 1e8);
  const high = Math.floor(top / 1e8);
  eightDigits(low8, 20);
  eightDigits(top - high * 1e8, 12);
  let at = 4;
  for (let x = high; x > 0; x = (x / 10) | 0) digits[--at] = 48 + (x % 10);
  const d = digits;
  // Snowflakes since 2015 have 17–20 digits; a value ≥ 2^53 has at least 16.
  switch (at) {
    case 0:
      return fromCharCode(d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!, d[11]!, d[12]!, d[13]!, d[14]!, d[15]!, d[16]!, d[17]!, d[18]!, d[19]!);
    case 1:
      return fromCharCode(d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!, d[11]!, d[12]!, d[13]!, d[14]!, d[15]!, d[16]!, d[17]!, d[18]!, d[19]!);
    case 2:
      return fromCharCode(d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!, d[11]!, d[12]!, d[13]!, d[14]!, d[15]!, d[16]!, d[17]!, d[18]!, d[19]!);
    case 3:
      return fromCharCode(d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!, d[11]!, d[12]!, d[13]!, d[14]!, d[15]!, d[16]!, d[17]!, d[18]!, d[19]!);
    default:
      return fromCharCode(d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!, d[11]!, d[12]!, d[13]!, d[14]!, d[15]!, d[16]!, d[17]!, d[18]!, d[19]!);
  }
}

/**
 * The decimal text of `hi · 2^32 + lo` (both unsigned 32-bit; the value at least 2^53, so it has
 * 16 to 20 digits), as a flat string.
 */
export function uint64Text(hi: number, lo: number): string {
  if (cacheHi === null) {
    cacheHi = new Int32Array(CACHE_SIZE);
    cacheLo = new Int32Array(CACHE_SIZE);
    cacheText = new Array<string | undefined>(CACHE_SIZE).fill(undefined);
  }
  // The low bits of a snowflake are a per-process counter, often 0: mix the timestamp bits in.
  const slot = Math.imul(lo ^ hi ^ (lo >>> 17), 0x9e3779b1) >>> (32 - CACHE_BITS);
  if (cacheLo![slot] === (lo | 0) && cacheHi[slot] === (hi | 0)) {
    const hit = cacheText[slot];
    if (hit !== undefined) return hit;
  }
  const text = convert(hi, lo);
  cacheHi[slot] = hi;
  cacheLo![slot] = lo;
  cacheText[slot] = text;
  return text;
}
