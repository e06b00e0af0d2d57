// Vectors written by real Erlang (test/etf/vectors/make-vectors.escript), decoded in all four atom
// encodings; and our encoder's output for every fixture, as accepted and re-encoded by Erlang.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decode, encode, EtfError } from '../../src/etf/index.js';
import { loadFixtures } from '../fixtures/index.js';
import { oursFileName } from './vectors/write-ours.js';

const dir = new URL('./vectors/erlang/', import.meta.url);
const oursDir = new URL('./vectors/ours/', import.meta.url);

type Expected = { value: unknown } | { error: string };
const ok = (value: unknown): Expected => ({ value });
const err = (error: string): Expected => ({ error });
const big2100 = (1n << 2100n).toString();
const proto: Record<string, unknown> = {};
Object.defineProperty(proto, '__proto__', { value: { x: 1 }, enumerable: true, writable: true, configurable: true });

const expected: Record<string, Expected> = {
  int_0: ok(0), int_255: ok(255), int_256: ok(256), int_neg1: ok(-1),
  int_max31: ok(2147483647), int_min31: ok(-2147483648), int_2_31: ok(2147483648), int_neg_2_31_minus1: ok(-2147483649),
  int_2_32: ok(4294967296), int_2_53_minus1: ok(9007199254740991), int_2_53: ok('9007199254740992'),
  int_neg_2_53_minus1: ok(-9007199254740991),
  snowflake: ok('175928847299117063'), snowflake_neg: ok('-175928847299117063'),
  u64_max: ok('18446744073709551615'), int_2_64: ok('18446744073709551616'),
  int_2_2100: ok(big2100), int_neg_2_2100: ok('-' + big2100), ms_timestamp: ok(1700000000000),
  float_1_5: ok(1.5), float_neg0: ok(-0), float_0_1: ok(0.1), float_1e300: ok(1e300), float_denormal: ok(5e-324), float_3: ok(3),
  bin_empty: ok(''), bin_ascii: ok('hello'), bin_utf8: ok('héllo 🎉 数据'), bin_nul: ok('\u0000\u0001\u0000'),
  bin_invalid_utf8: ok('\ufffd\ufffdA'), bin_long: ok('abc'.repeat(1000)),
  atom_nil: ok(null), atom_null: ok(null), atom_true: ok(true), atom_false: ok(false), atom_undefined: ok('undefined'),
  atom_ok: ok('ok'), atom_message_create: ok('MESSAGE_CREATE'), atom_latin1: ok('café'), atom_utf8: ok('🎉数'),
  atom_utf8_long: ok('数'.repeat(100)), atom_empty: ok(''),
  map_empty: ok({}), map_binary_keys: ok({ op: 2, d: { token: 'x' } }), map_atom_keys: ok({ op: 0, t: 'MESSAGE_CREATE', s: 42, d: null }),
  map_int_keys: ok({ 1: 'one', 2: 'two' }), map_proto_key: ok(proto), map_nested: ok({ a: { b: { c: [1, { d: true }] } } }),
  list_nil: ok([]), list_small_ints: ok([1, 2, 3]), list_string: ok([97, 98, 99]), list_ints: ok([1000, 2000, -1]),
  list_mixed: ok([1, 'two', 3, null, [4]]), list_nested: ok([[[[]]]]), list_long_bytes: ok(new Array(70000).fill(7)),
  list_improper: err('ETF_IMPROPER_LIST'), list_improper2: err('ETF_IMPROPER_LIST'),
  tuple_empty: ok([]), tuple_3: ok([1, 2, 3]), tuple_ok: ok(['ok', 'x']), tuple_300: ok(Array.from({ length: 300 }, (_, i) => i + 1)),
  bitstring: err('ETF_UNSUPPORTED_TAG'), pid: err('ETF_UNSUPPORTED_TAG'), ref: err('ETF_UNSUPPORTED_TAG'),
  heartbeat_ack: ok({ op: 11, d: null, s: null, t: null }),
  hello: ok({ op: 10, d: { heartbeat_interval: 41250 }, s: null, t: null }),
  message_create: ok({
    op: 0, s: 42, t: 'MESSAGE_CREATE',
    d: {
      id: '175928847299117063', channel_id: '81384788765712384', content: 'héllo 🎉',
      author: { id: '80351110224678912', username: 'Nelly', global_name: null, bot: false },
      mentions: [], embeds: [{ title: 't', color: 16711680 }], tts: false, timestamp: '2024-01-01T00:00:00+00:00',
      edited_timestamp: null, nonce: 1700000000000,
    },
  }),
  identify: ok({ op: 2, d: { token: 'my_token', intents: 513, properties: { os: 'linux', browser: 'gatewire', device: 'gatewire' } } }),
};

/**
 * Re-writes every atom of a term in one atom tag family (test-only walker over the tags the vectors
 * use): 'latin1' → ATOM_EXT 100 / SMALL_ATOM_EXT 115, 'utf8' → ATOM_UTF8_EXT 118 / SMALL_ATOM_UTF8_EXT
 * 119; `small` picks the one-byte-length tag where the atom fits. Returns null when an atom has no
 * latin-1 form.
 */
function retag(input: Uint8Array, family: 'latin1' | 'utf8', small: boolean): Uint8Array | null {
  const out: number[] = [131];
  let p = 1;
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const copy = (n: number) => {
    for (let i = 0; i < n; i++) out.push(input[p++]!);
  };
  const walk = (): boolean => {
    const tag = input[p++]!;
    out.push(tag);
    switch (tag) {
      case 97: copy(1); return true;
      case 98: copy(4); return true;
      case 70: copy(8); return true;
      case 99: copy(31); return true;
      case 106: return true;
      case 109: { const n = view.getUint32(p); copy(4 + n); return true; }
      case 107: { const n = view.getUint16(p); copy(2 + n); return true; }
      case 110: { const n = input[p]!; copy(2 + n); return true; }
      case 111: { const n = view.getUint32(p); copy(5 + n); return true; }
      case 77: { const n = view.getUint32(p); copy(5 + n); return true; }
      case 104: { const n = input[p]!; copy(1); for (let i = 0; i < n; i++) if (!walk()) return false; return true; }
      case 105: { const n = view.getUint32(p); copy(4); for (let i = 0; i < n; i++) if (!walk()) return false; return true; }
      case 108: { const n = view.getUint32(p); copy(4); for (let i = 0; i <= n; i++) if (!walk()) return false; return true; }
      case 116: { const n = view.getUint32(p); copy(4); for (let i = 0; i < 2 * n; i++) if (!walk()) return false; return true; }
      case 100: case 115: case 118: case 119: {
        const n = tag === 100 || tag === 118 ? view.getUint16(p) : input[p]!;
        p += tag === 100 || tag === 118 ? 2 : 1;
        const raw = input.subarray(p, p + n);
        p += n;
        const text = tag === 100 || tag === 115 ? Buffer.from(raw).toString('latin1') : Buffer.from(raw).toString('utf8');
        if (family === 'latin1' && /[^\u0000-\u00ff]/.test(text)) return false;
        const bytes = family === 'latin1' ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
        out.pop();
        if (small && bytes.length <= 255) out.push(family === 'latin1' ? 115 : 119, bytes.length);
        else out.push(family === 'latin1' ? 100 : 118, bytes.length >> 8, bytes.length & 0xff);
        out.push(...bytes);
        return true;
      }
      default: {
        // PIDs, references and the like: the rest of the term is copied untouched (it ends the vector).
        out.push(...input.subarray(p));
        p = input.length;
        return true;
      }
    }
  };
  return walk() ? Uint8Array.from(out) : null;
}

function check(name: string, bytes: Uint8Array, want: Expected): void {
  if ('error' in want) {
    let caught: unknown;
    try {
      decode(bytes);
    } catch (error) {
      caught = error;
    }
    expect(caught, name).toBeInstanceOf(EtfError);
    expect((caught as EtfError).code, name).toBe(want.error);
    expect((caught as EtfError).offset, name).toBeGreaterThan(0);
    return;
  }
  const value = decode(bytes);
  expect(value, name).toStrictEqual(want.value);
  if (Object.is(want.value, -0)) expect(Object.is(value, -0), name).toBe(true);
}

describe('Erlang-generated vectors', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.etf')).sort();
  const names = [...new Set(files.map((f) => f.split('.')[0]!))];

  it('has an expectation for every vector and a vector for every expectation', () => {
    expect(names.sort()).toEqual(Object.keys(expected).sort());
    expect(files.length).toBeGreaterThan(2 * names.length);
  });

  for (const name of Object.keys(expected)) {
    it(`${name}: every file and all four atom tags`, () => {
      const want = expected[name]!;
      const variants = files.filter((f) => f.startsWith(name + '.'));
      expect(variants.length).toBeGreaterThanOrEqual(2);
      let tags = 0;
      for (const file of variants) {
        const bytes = new Uint8Array(readFileSync(new URL(file, dir)));
        check(file, bytes, want);
        if (file.endsWith('.z.etf')) continue;
        for (const [family, small] of [['latin1', false], ['latin1', true], ['utf8', false], ['utf8', true]] as const) {
          const retagged = retag(bytes, family, small);
          if (retagged === null) continue; // a UTF-8-only atom has no latin-1 form
          check(`${file} as ${family}${small ? ' small' : ''}`, retagged, want);
          tags++;
        }
      }
      expect(tags).toBeGreaterThan(0);
    });
  }

  it('uses the compressed tag in the .z vectors that Erlang chose to compress', () => {
    const z = files.filter((f) => f.endsWith('.z.etf')).map((f) => readFileSync(new URL(f, dir)));
    expect(z.some((bytes) => bytes[1] === 80)).toBe(true);
  });

  it('decodes big integers as bigint on request', () => {
    const bytes = new Uint8Array(readFileSync(new URL('snowflake.v1.etf', dir)));
    expect(decode(bytes, { bigint: 'bigint' })).toBe(175928847299117063n);
    expect(decode(new Uint8Array(readFileSync(new URL('int_2_2100.v1.etf', dir))), { bigint: 'bigint' })).toBe(1n << 2100n);
    expect(decode(new Uint8Array(readFileSync(new URL('int_2_32.v1.etf', dir))), { bigint: 'bigint' })).toBe(4294967296);
  });
});

describe("Erlang's binary_to_term accepts our encoder's output (committed vectors)", () => {
  // test/etf/vectors/ours/NAME.etf is our encoder's output for a fixture, NAME.erl.etf what Erlang's
  // binary_to_term decoded from it, re-encoded by term_to_binary. Both are committed (CI needs no
  // Erlang); regenerate with: npx tsx test/etf/vectors/write-ours.ts && escript test/etf/vectors/make-vectors.escript
  const files = existsSync(oursDir) ? readdirSync(oursDir).filter((f) => f.endsWith('.etf') && !f.endsWith('.erl.etf')).sort() : [];

  it('has Erlang-checked vectors, and says which fixtures are newer than them', () => {
    expect(files.length).toBeGreaterThan(50);
    const stale = loadFixtures().filter((f) => {
      const file = new URL(oursFileName(f.id), oursDir);
      return !existsSync(file) || !isDeepStrictEqual(decode(new Uint8Array(readFileSync(file))), JSON.parse(JSON.stringify(f.payload)));
    });
    if (stale.length > 0) {
      console.info(`${stale.length} fixtures changed since the Erlang check (${stale.map((f) => f.id).join(', ')}); regenerate the vectors`);
    }
    expect(stale.length).toBeLessThan(files.length);
  });

  for (const file of files) {
    it(file, () => {
      const ours = new Uint8Array(readFileSync(new URL(file, oursDir)));
      const erl = new Uint8Array(readFileSync(new URL(file.replace(/\.etf$/, '.erl.etf'), oursDir)));
      const value = decode(ours);
      // Erlang read the bytes as the same value we wrote
      expect(decode(erl)).toStrictEqual(value);
      // and the encoder still writes exactly the bytes Erlang checked
      expect(Buffer.from(encode(value)).equals(Buffer.from(ours)), 'encoder output changed: regenerate the vectors').toBe(true);
    });
  }
});
