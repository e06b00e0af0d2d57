/**
 * Test-only: encodes a JSON payload the way Discord's gateway sends ETF, independently of
 * src/etf/encode.ts: atom map keys, the dispatch name `t` as an atom, snowflakes as 64-bit integers
 * (SMALL_BIG_EXT, or SMALL_INTEGER/INTEGER when small), null as `nil`, booleans as atoms, strings as
 * BINARY_EXT, empty lists as NIL_EXT. `atoms` picks the atom tag family: 100 = ATOM_EXT (latin-1,
 * what OTP ≤ 25 and erlpack-era servers write), 119 = SMALL_ATOM_UTF8_EXT (the OTP ≥ 26 default).
 */
export interface DiscordEtfOptions {
  readonly atoms?: 100 | 119;
  /** Which strings become integers. Default: snowflake-looking strings (see `isSnowflakeField`). */
  readonly integerString?: (key: string | null, value: string) => boolean;
}

const SNOWFLAKE = /^[1-9]\d{16,19}$/;
const DIGITS = /^(0|[1-9]\d{0,19})$/;

/** Strings Discord sends as integers: 17–20-digit snowflakes anywhere, and any decimal `id`/`*_id`. */
export function isSnowflakeField(key: string | null, value: string): boolean {
  if (!DIGITS.test(value) || BigInt(value) >= 2n ** 64n) return false;
  return SNOWFLAKE.test(value) || (key !== null && (key === 'id' || key.endsWith('_id')));
}

export function encodeLikeDiscord(value: unknown, options: DiscordEtfOptions = {}): Uint8Array {
  const atoms = options.atoms ?? 100;
  const integerString = options.integerString ?? isSnowflakeField;
  const out: number[] = [131];
  const u16 = (v: number) => out.push(v >> 8, v & 0xff);
  const u32 = (v: number) => out.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  const utf8 = (s: string) => Array.from(Buffer.from(s, 'utf8'));
  const atom = (s: string) => {
    const bytes = atoms === 100 ? Array.from(Buffer.from(s, 'latin1')) : utf8(s);
    if (atoms === 100) {
      out.push(100);
      u16(bytes.length);
    } else out.push(119, bytes.length);
    out.push(...bytes);
  };
  const integer = (v: bigint) => {
    if (v >= 0n && v <= 255n) out.push(97, Number(v));
    else if (v >= -(2n ** 31n) && v < 2n ** 31n) {
      out.push(98);
      u32(Number(BigInt.asUintN(32, v)));
    } else {
      let m = v < 0n ? -v : v;
      const digits: number[] = [];
      while (m > 0n) {
        digits.push(Number(m & 255n));
        m >>= 8n;
      }
      out.push(110, digits.length, v < 0n ? 1 : 0, ...digits);
    }
  };
  const write = (v: unknown, key: string | null, top = false): void => {
    if (v === null) atom('nil');
    else if (v === true || v === false) atom(String(v));
    else if (typeof v === 'number') {
      if (Number.isSafeInteger(v)) integer(BigInt(v));
      else {
        out.push(70);
        const b = Buffer.alloc(8);
        b.writeDoubleBE(v);
        out.push(...b);
      }
    } else if (typeof v === 'string') {
      if (top && key === 't') atom(v);
      else if (integerString(key, v)) integer(BigInt(v));
      else {
        const bytes = utf8(v);
        out.push(109);
        u32(bytes.length);
        for (const x of bytes) out.push(x);
      }
    } else if (Array.isArray(v)) {
      if (v.length === 0) out.push(106);
      else {
        out.push(108);
        u32(v.length);
        for (const item of v) write(item, null);
        out.push(106);
      }
    } else if (typeof v === 'object' && v !== undefined) {
      const entries = Object.entries(v as object).filter(([, x]) => x !== undefined);
      out.push(116);
      u32(entries.length);
      for (const [k, x] of entries) {
        atom(k);
        write(x, k, v === value);
      }
    } else throw new Error(`cannot encode ${typeof v}`);
  };
  write(value, null);
  return Uint8Array.from(out);
}
