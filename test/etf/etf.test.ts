import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Codec } from '../../src/codec.js';
import etfDefault, { decode, encode, EtfError, etfCodec } from '../../src/etf/index.js';
import { loadFixtures } from '../fixtures/index.js';
import { encodeLikeDiscord } from './discord-etf.js';
import { etfError, hex } from './helpers.js';

const require = createRequire(import.meta.url);
interface Erlpack {
  pack(value: unknown): Buffer;
  unpack(data: Uint8Array): unknown;
}
let erlpack: Erlpack | null = null;
try {
  erlpack = require('erlpack') as Erlpack;
} catch {
  erlpack = null;
}


describe('etf encode', () => {
  it('is a Codec object (binary frames, encoding=etf)', () => {
    const codec: Codec = etfCodec;
    expect(codec.encoding).toBe('etf');
    expect(codec.binary).toBe(true);
    expect(etfDefault).toBe(etfCodec);
    expect(codec.decode(codec.encode({ op: 1, d: 5 }))).toEqual({ op: 1, d: 5 });
    expect(etfError(() => codec.decode('text')).code).toBe('ETF_INPUT_TYPE');
  });

  it('writes maps with binary keys, as Discord requires', () => {
    expect(Buffer.from(encode({ op: 1, d: null })).toString('hex')).toBe('837400000002' + '6d000000026f70' + '6101' + '6d0000000164' + '73036e696c');
  });

  it('picks integer tags by range', () => {
    const tagOf = (v: unknown) => encode(v)[1];
    expect(Array.from(encode(255))).toEqual([131, 97, 255]);
    expect(Array.from(encode(-1))).toEqual([131, 98, 255, 255, 255, 255]);
    expect(Array.from(encode(2 ** 31))).toEqual([131, 110, 4, 0, 0, 0, 0, 128]);
    expect(Array.from(encode(1700000000000))).toEqual([131, 110, 6, 0, 0, 0x68, 0xe5, 0xcf, 0x8b, 0x01]);
    expect(Array.from(encode(-(2 ** 53 - 1)))).toEqual([131, 110, 7, 1, 255, 255, 255, 255, 255, 255, 31]);
    expect(tagOf(1.5)).toBe(70);
    expect(tagOf(2 ** 60)).toBe(70); // not a safe integer: stays a double
    expect(Array.from(encode(-0))).toEqual([131, 97, 0]);
    expect(Array.from(encode(175928847299117063n))).toEqual([131, 110, 8, 0, 7, 0, 2, 193, 90, 6, 113, 2]);
    expect(Array.from(encode(-5n))).toEqual([131, 110, 1, 1, 5]);
    expect(encode(1n << 2100n)[1]).toBe(111);
  });

  it('writes strings as UTF-8 binaries, lone surrogates as U+FFFD, short and long alike', () => {
    for (const s of ['', 'a\ud800b', '\udc00', '🎉', 'é', '数据', 'x'.repeat(100) + '\ud800' + '🎉', '\ud83c'.repeat(60)]) {
      const bytes = encode(s);
      const expected = Buffer.from(s, 'utf8'); // Buffer also writes U+FFFD for lone surrogates
      expect(bytes[1]).toBe(109);
      expect(Buffer.from(bytes.subarray(6)).equals(expected)).toBe(true);
      expect(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(2)).toBe(expected.length);
    }
  });

  it('follows JSON: undefined properties dropped, undefined array items → nil, toJSON honoured', () => {
    expect(decode(encode({ a: undefined, b: [undefined, 1], c: new Date(0) }))).toEqual({ b: [null, 1], c: '1970-01-01T00:00:00.000Z' });
    expect(decode(encode({ x: { toJSON: () => ({ y: 2 }) } }))).toEqual({ x: { y: 2 } });
  });

  it('rejects NaN, Infinity, functions, symbols, Maps and typed arrays with a path', () => {
    const cases: [unknown, string][] = [
      [{ d: { a: [1, NaN] } }, '/d/a/1'],
      [{ x: Infinity }, '/x'],
      [{ f: () => 1 }, '/f'],
      [{ s: Symbol('x') }, '/s'],
      [{ m: new Map() }, '/m'],
      [{ b: new Uint8Array(2) }, '/b'],
      [-Infinity, ''],
      // keys escaped as JSON pointer segments
      [{ 'a/b': { '~c': NaN } }, '/a~1b/~0c'],
    ];
    for (const [value, path] of cases) {
      const error = etfError(() => encode(value));
      expect(error.code).toBe('ETF_UNSUPPORTED_VALUE');
      expect(error.path).toBe(path);
    }
    expect(etfError(() => encode(undefined)).code).toBe('ETF_UNSUPPORTED_VALUE');
  });

  it('rejects cycles and nesting over the depth limit', () => {
    const cyclic: Record<string, unknown> = { a: {} };
    (cyclic['a'] as Record<string, unknown>)['back'] = cyclic;
    expect(etfError(() => encode(cyclic)).code).toBe('ETF_CYCLE');
    let deep: unknown = 1;
    for (let i = 0; i < 300; i++) deep = [deep];
    expect(etfError(() => encode(deep)).code).toBe('ETF_DEPTH_EXCEEDED');
    expect(() => encode(deep, { maxDepth: 400 })).not.toThrow();
    expect(etfError(() => encode({ a: { b: 1 } }, { maxDepth: 1 })).path).toBe('/a');
  });

  it('returns fresh bytes each call, also when toJSON re-enters encode', () => {
    const a = encode({ a: 'first' });
    const b = encode({ b: 'second' });
    expect(decode(a)).toEqual({ a: 'first' });
    expect(decode(b)).toEqual({ b: 'second' });
    const inner: Uint8Array[] = [];
    const outer = encode({ x: { toJSON: () => (inner.push(encode({ nested: [1, 2] })), 'ok') }, y: 'z' });
    expect(decode(outer)).toEqual({ x: 'ok', y: 'z' });
    expect(decode(inner[0]!)).toEqual({ nested: [1, 2] });
  });

  it('never lets a later encode overwrite an earlier result (small results share a slab)', () => {
    const kept: { bytes: Uint8Array; copy: Uint8Array; value: unknown }[] = [];
    for (let i = 0; i < 3000; i++) {
      // sizes from a few bytes to past the pooled limit, so slabs fill, roll over and get bypassed
      const value = { i, s: 'x'.repeat((i * 37) % 5000) };
      const bytes = encode(value);
      kept.push({ bytes, copy: bytes.slice(), value });
    }
    for (const { bytes, copy, value } of kept) {
      if (!Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(copy)) expect.fail(`result for ${JSON.stringify(value).slice(0, 40)} was overwritten`);
      expect(decode(bytes)).toEqual(value);
    }
    // results carved from one slab never overlap
    const bySlab = new Map<ArrayBufferLike, [number, number][]>();
    for (const { bytes } of kept) {
      const ranges = bySlab.get(bytes.buffer) ?? [];
      ranges.push([bytes.byteOffset, bytes.byteOffset + bytes.byteLength]);
      bySlab.set(bytes.buffer, ranges);
    }
    expect([...bySlab.values()].some((r) => r.length > 1)).toBe(true);
    for (const ranges of bySlab.values()) {
      ranges.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBeGreaterThanOrEqual(ranges[i - 1]![1]);
    }
  });

  it('writes own enumerable properties only, whatever the prototype', () => {
    class Point {
      x = 1;
      y = 2;
      get sum(): number {
        return this.x + this.y;
      }
    }
    expect(decode(encode(new Point()))).toStrictEqual({ x: 1, y: 2 });
    const bare = Object.create(null) as Record<string, unknown>;
    bare['k'] = 'v';
    expect(decode(encode(bare))).toStrictEqual({ k: 'v' });
    // a polluted Object.prototype must not leak into payloads
    Object.defineProperty(Object.prototype, 'polluted', { value: 'x', enumerable: true, configurable: true, writable: true });
    try {
      expect(decode(encode({ a: 1 }))).toStrictEqual({ a: 1 });
    } finally {
      delete (Object.prototype as Record<string, unknown>)['polluted'];
    }
    expect(decode(encode({ '2': 'b', a: 1, '1': 'a' }))).toStrictEqual({ '1': 'a', '2': 'b', a: 1 });
  });

  it('passes a throwing getter through without crashing', () => {
    const value = {
      get boom(): never {
        throw new Error('getter');
      },
    };
    expect(() => encode(value)).toThrow('getter');
    expect(decode(encode({ after: 1 }))).toEqual({ after: 1 });
  });
});

describe('etf decode: bad input', () => {
  const cases: [string, Uint8Array | ArrayBuffer, string, number][] = [
    ['empty', new Uint8Array(0), 'ETF_TRUNCATED', 0],
    ['wrong version', hex('8261 01'), 'ETF_BAD_VERSION', 0],
    ['version only', hex('83'), 'ETF_TRUNCATED', 1],
    ['truncated integer', hex('83 62 0000'), 'ETF_TRUNCATED', 2],
    ['binary longer than the input', hex('83 6d 00000010 6162'), 'ETF_TRUNCATED', 6],
    ['list count beyond the input (checked before allocating)', hex('83 6c ffffffff 61 01'), 'ETF_TRUNCATED', 1],
    ['map count beyond the input', hex('83 74 7fffffff 6a'), 'ETF_TRUNCATED', 1],
    ['tuple arity beyond the input', hex('83 69 ffffffff'), 'ETF_TRUNCATED', 1],
    ['big beyond the input', hex('83 6f ffffffff 00 01'), 'ETF_TRUNCATED', 7],
    ['unknown tag', hex('83 01'), 'ETF_UNSUPPORTED_TAG', 1],
    ['trailing bytes', hex('83 6a 00'), 'ETF_TRAILING_BYTES', 2],
    ['list without a tail', hex('83 6c 00000001 61 01'), 'ETF_TRUNCATED', 8],
    ['improper list', hex('83 6c 00000001 61 01 61 02'), 'ETF_IMPROPER_LIST', 8],
    ['atom over 255 bytes', new Uint8Array([131, 100, 1, 0, ...new Array(256).fill(97)]), 'ETF_INVALID', 4],
    ['bad float text', new Uint8Array([131, 99, ...Buffer.from('not a float'.padEnd(31, '\0'))]), 'ETF_INVALID', 1],
    ['nested compressed term', hex('83 6c 00000001 50 00000001 00 6a'), 'ETF_UNSUPPORTED_TAG', 6],
  ];
  for (const [name, bytes, code, offset] of cases) {
    it(name, () => {
      const error = etfError(() => decode(bytes));
      expect(error.code).toBe(code);
      expect(error.offset).toBe(offset);
    });
  }

  it('rejects nesting over the depth limit without overflowing the stack', () => {
    const deep = new Uint8Array(1 + 6 * 100_000 + 1 + 100_000);
    deep[0] = 131;
    let at = 1;
    for (let i = 0; i < 100_000; i++) deep.set([108, 0, 0, 0, 1], (at += 0, at)), (at += 5);
    deep[at++] = 106;
    for (let i = 0; i < 100_000; i++) deep[at++] = 106;
    expect(etfError(() => decode(deep.subarray(0, at))).code).toBe('ETF_DEPTH_EXCEEDED');
    expect(etfError(() => decode(deep.subarray(0, at), { maxDepth: 1e9 })).code).toBe('ETF_DEPTH_EXCEEDED');
  });

  it('checks a compressed term: size cap, size mismatch, corruption', () => {
    const inner = encode({ a: 'x'.repeat(1000) }).subarray(1);
    const z = deflateSync(inner);
    const make = (size: number, data: Uint8Array) => new Uint8Array([131, 80, size >>> 24, (size >>> 16) & 255, (size >>> 8) & 255, size & 255, ...data]);
    expect(decode(make(inner.length, z))).toEqual({ a: 'x'.repeat(1000) });
    expect(etfError(() => decode(make(inner.length, z), { maxInflatedBytes: 100 })).code).toBe('ETF_COMPRESSED');
    expect(etfError(() => decode(make(inner.length + 1, z))).code).toBe('ETF_COMPRESSED');
    expect(etfError(() => decode(make(inner.length - 1, z))).code).toBe('ETF_COMPRESSED');
    expect(etfError(() => decode(make(0xffffffff, z))).code).toBe('ETF_COMPRESSED');
    expect(etfError(() => decode(make(inner.length, z.subarray(0, 10)))).code).toBe('ETF_COMPRESSED');
  });

  it('never shows bytes of an earlier buffer after a truncated one', () => {
    decode(encode({ secret: 'TOKEN-XYZ-0123456789' }));
    const truncatedCopy = encode({ secret: 'hello world' }).subarray(0, 20);
    expect(etfError(() => decode(truncatedCopy)).code).toBe('ETF_TRUNCATED');
  });

  it('accepts Uint8Array views with an offset and ArrayBuffers', () => {
    const bytes = encode({ a: [1, 'b'] });
    const padded = new Uint8Array(bytes.length + 7);
    padded.set(bytes, 3);
    expect(decode(padded.subarray(3, 3 + bytes.length))).toEqual({ a: [1, 'b'] });
    expect(decode(bytes.slice().buffer)).toEqual({ a: [1, 'b'] });
    expect(etfError(() => decode(null as unknown as Uint8Array)).code).toBe('ETF_INPUT_TYPE');
  });

  it('keeps __proto__ as an own property and lets the last duplicate key win', () => {
    const value = decode(hex('83 74 00000002 6d00000009' + Buffer.from('__proto__').toString('hex') + '6101 6d00000009' + Buffer.from('__proto__').toString('hex') + '6102')) as object;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toBe(2);
  });

  it('builds repeated key sequences the same way the first time and every later time', () => {
    const proto = hex('83 74 00000002 6d00000009' + Buffer.from('__proto__').toString('hex') + '6101 6d00000001' + '61' + '6102');
    const dup = hex('83 74 00000003 6d0000000161 6101 6d0000000162 6102 6d0000000161 6103');
    const nested = encode({ a: { b: [{ c: 1, d: 'x' }, { c: 2, d: 'y' }], e: { f: null } }, g: true });
    for (let i = 0; i < 4; i++) {
      const p = decode(proto) as Record<string, unknown>;
      expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(p, '__proto__')?.value).toBe(1);
      expect(p['a']).toBe(2);
      expect(decode(dup)).toStrictEqual({ a: 3, b: 2 });
      expect(decode(nested)).toStrictEqual({ a: { b: [{ c: 1, d: 'x' }, { c: 2, d: 'y' }], e: { f: null } }, g: true });
    }
    // the same keys in another order, and a prefix of them, are other shapes
    expect(Object.keys(decode(encode({ d: 'x', c: 1 })) as object)).toEqual(['d', 'c']);
    expect(decode(encode({ c: 1 }))).toStrictEqual({ c: 1 });
    // a key written as an atom and as a binary is the same key
    const atomKeyed = hex('83 74 00000001 6400016361 01');
    const binaryKeyed = hex('83 74 00000001 6d0000000163 6102');
    for (let i = 0; i < 3; i++) {
      expect(decode(atomKeyed)).toStrictEqual({ c: 1 });
      expect(decode(binaryKeyed)).toStrictEqual({ c: 2 });
    }
  });

  it('predicts keys by position without ever taking a look-alike key for the predicted one', () => {
    // Keys that share all but one byte, at every position and across the 4-byte word boundaries the
    // matcher compares by, as atoms (latin-1 and UTF-8 tags) and as binaries; maps in one list, under one key,
    // nested, and at the top, so both the per-position and the per-context predictions go stale.
    const base = 'abcdefghijklmnopqrst';
    const keys = [base.slice(0, 1), base.slice(0, 2), base.slice(0, 7), base.slice(0, 8), base.slice(0, 9), base.slice(0, 12), base];
    for (const k of [...keys]) for (const at of [0, 3, 4, k.length - 1]) if (at < k.length) keys.push(k.slice(0, at) + 'Z' + k.slice(at + 1));
    const keyArb = fc.constantFrom(...keys);
    const mapArb = fc.letrec((tie) => ({
      map: fc.dictionary(keyArb, fc.oneof({ depthSize: 'small' }, fc.integer(), fc.string({ maxLength: 3 }), tie('list'), tie('map')), { maxKeys: 5, noNullPrototype: true }),
      list: fc.array(tie('map'), { maxLength: 4 }),
    })).map;
    fc.assert(
      fc.property(fc.array(mapArb, { minLength: 1, maxLength: 6 }), fc.constantFrom(100, 119, 0), (maps, atoms) => {
        const value = { first: maps, second: { inner: maps[0], rest: maps } };
        const bytes = atoms === 0 ? encode(value) : encodeLikeDiscord(value, { atoms, integerString: () => false });
        // twice: the second pass runs on predictions and compiled builders the first one left
        expect(decode(bytes)).toStrictEqual(value);
        expect(decode(bytes)).toStrictEqual(value);
      }),
      { numRuns: 400 },
    );
  });

  it('stays correct across thousands of distinct key sets (shape table reset, compile budget)', () => {
    const value = Array.from({ length: 5000 }, (_, i) => ({ [`k${i}`]: i, [`j${i % 7}`]: [{ a: i }] }));
    const bytes = encode(value);
    for (let i = 0; i < 3; i++) expect(decode(bytes)).toStrictEqual(value);
  });

  it('decodes invalid UTF-8 exactly as TextDecoder does, short and long', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (raw) => {
        const bytes = new Uint8Array([131, 109, 0, 0, 0, raw.length, ...raw]);
        expect(decode(bytes)).toBe(new TextDecoder().decode(raw));
        // and as a map key
        const keyed = new Uint8Array([131, 116, 0, 0, 0, 1, 109, 0, 0, 0, raw.length, ...raw, 97, 1]);
        expect(Object.keys(decode(keyed) as object)).toEqual([new TextDecoder().decode(raw)]);
      }),
      { numRuns: 500 },
    );
  });
});

/** JSON-shaped values (what payloads are), with integers of every range, floats and bigints. */
const payloadArb = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.maxSafeInteger(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ unit: 'binary' }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ unit: 'grapheme' }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('etf properties', () => {
  it('random payloads round-trip (as JSON would see them)', () => {
    fc.assert(
      fc.property(payloadArb, (value) => {
        const expected = JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? Buffer.from(v, 'utf8').toString('utf8') : v)));
        const decoded = decode(encode(value));
        expect(decoded).toStrictEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('bigints round-trip exactly (bigint mode) and as decimal strings', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 600n), max: 1n << 600n }), (v) => {
        const safe = v >= -(2n ** 53n - 1n) && v <= 2n ** 53n - 1n;
        expect(decode(encode(v), { bigint: 'bigint' })).toBe(safe ? Number(v) : v);
        expect(decode(encode(v))).toBe(safe ? Number(v) : v.toString());
      }),
      { numRuns: 300 },
    );
  });

  it('64-bit integers decode to their exact decimal text', () => {
    const edges = [2n ** 53n, 2n ** 53n + 1n, 10n ** 18n, 10n ** 18n + 7n, 10n ** 19n, 2n ** 63n, 2n ** 64n - 1n, 175928847299117063n, 1000000000000000001n];
    for (const v of edges) {
      expect(decode(encode(v))).toBe(v.toString());
      expect(decode(encode(-v))).toBe((-v).toString());
    }
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }), (v) => {
        expect(decode(encode(v))).toBe(v.toString());
      }),
      { numRuns: 2000 },
    );
  });

  it('random bytes after the version byte never crash: a value or an EtfError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (raw) => {
        try {
          decode(new Uint8Array([131, ...raw]));
        } catch (error) {
          expect(error).toBeInstanceOf(EtfError);
          expect((error as EtfError).offset).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('mutated and truncated real payloads never crash: a value or an EtfError', () => {
    const seeds = loadFixtures().slice(0, 20).map((f) => encodeLikeDiscord(f.payload));
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat({ max: 255 }), fc.boolean(), (which, where, value, cut) => {
        const bytes = seeds[which % seeds.length]!.slice();
        const at = where % bytes.length;
        bytes[at] = value;
        try {
          decode(cut ? bytes.subarray(0, at) : bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(EtfError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe.runIf(erlpack !== null)('erlpack differential', () => {
  // Where erlpack's semantics agree with ours: no integers ≥ 2^31 (erlpack writes floats for them
  // and reads bigs over 4 bytes as strings), no UTF-8 atoms (erlpack cannot read tags 118/119), no
  // bigints or undefined (erlpack writes nothing / nil), no lone surrogates in keys.
  const agreeable = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
      fc.string({ unit: 'grapheme' }),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.string({ unit: 'grapheme' }).filter((k) => !/^(0|[1-9]\d*)$/.test(k) && k !== '__proto__'), tie('value'), { maxKeys: 4 }),
    ),
  })).value;

  it('erlpack decodes what we encode to the same value, and we decode what erlpack encodes', () => {
    fc.assert(
      fc.property(agreeable, (value) => {
        expect(erlpack!.unpack(Buffer.from(encode(value)))).toStrictEqual(decode(encode(value)));
        expect(decode(erlpack!.pack(value))).toStrictEqual(decode(encode(value)));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with erlpack on every fixture in Discord shape (ATOM_EXT keys, int snowflakes)', () => {
    for (const fixture of loadFixtures()) {
      const bytes = encodeLikeDiscord(fixture.payload);
      const theirs = erlpack!.unpack(Buffer.from(bytes));
      // erlpack turns every integer ≥ 2^32 into a string; ours only above 2^53 (deliberate: JSON parity)
      const ours = JSON.parse(JSON.stringify(decode(bytes), (_k, v: unknown) => (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) >= 2 ** 32 ? String(v) : v)));
      expect(ours, fixture.id).toStrictEqual(JSON.parse(JSON.stringify(theirs)));
    }
  });

  it('differs from erlpack where intended: integers ≥ 2^32 and UTF-8 atoms', () => {
    expect(decode(encodeLikeDiscord({ created_at: 1700000000000 }))).toEqual({ created_at: 1700000000000 });
    expect(erlpack!.unpack(Buffer.from(encodeLikeDiscord({ created_at: 1700000000000 })))).toEqual({ created_at: '1700000000000' });
    const utf8Atoms = encodeLikeDiscord({ op: 11 }, { atoms: 119 });
    expect(decode(utf8Atoms)).toEqual({ op: 11 });
    expect(() => erlpack!.unpack(Buffer.from(utf8Atoms))).toThrow();
  });
});
