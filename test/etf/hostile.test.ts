/**
 * Regressions for the hostile-input audit (issue #15): what one server frame could do to a bot
 * through the ETF decoder, and the encoder's edge cases. Memory cases run in a child process with
 * a small heap, so a regression fails here instead of taking the runner down.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/etf/index.js';
import { decode as jsonDecode } from '../../src/json/index.js';
import { GatewireError } from '../../src/errors.js';
import { runChild } from '../fuzz/child.js';
import { etfError, hex } from './helpers.js';


/** A tag-80 term around `body` (the term without its version byte), plus optional trailing bytes. */
function compressedTerm(body: Uint8Array, trailing: number[] = []): Uint8Array {
  const head = Buffer.alloc(6);
  head[0] = 131;
  head[1] = 80;
  head.writeUInt32BE(body.length, 2);
  return Buffer.concat([head, deflateSync(body, { level: 9 }), Buffer.from(trailing)]);
}

describe('#15.1 ETF amplification bombs are bounded', () => {
  it('refuses the audit\'s 16 KB tag-80 list of 16 M [] in a 256 MB heap, quickly, with a typed error', () => {
    const r = runChild(
      `import { deflateSync } from 'node:zlib';
       import { decode } from '$REPO/src/etf/index.js';
       const n = 16 * 2 ** 20 - 6, body = new Uint8Array(n + 6);
       body.set([108, n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]); body.fill(106, 5);
       const head = Buffer.alloc(6); head[0] = 131; head[1] = 80; head.writeUInt32BE(body.length, 2);
       const frame = Buffer.concat([head, deflateSync(body, { level: 9 })]);
       const results = [];
       const t0 = performance.now();
       for (const input of [frame, Buffer.concat([Buffer.from([131]), body])]) {
         try { decode(input); results.push('accepted'); } catch (e) { results.push(e.code); }
       }
       // 8 M empty maps in a plain frame
       const maps = new Uint8Array(6 + 8 * 2 ** 20 * 5 + 1);
       const m = 8 * 2 ** 20;
       maps.set([131, 108, m >>> 24, (m >>> 16) & 255, (m >>> 8) & 255, m & 255]);
       for (let i = 0; i < m; i++) maps.set([116, 0, 0, 0, 0], 6 + i * 5);
       maps[maps.length - 1] = 106;
       try { decode(maps); results.push('accepted'); } catch (e) { results.push(e.code); }
       // 4096-byte bignums, as many as 16 MiB holds
       const big = 4096, count = 4000;
       const bigs = new Uint8Array(6 + count * (6 + big) + 1);
       bigs.set([131, 108, count >>> 24, (count >>> 16) & 255, (count >>> 8) & 255, count & 255]);
       for (let i = 0; i < count; i++) { const at = 6 + i * (6 + big); bigs.set([111, 0, 0, big >> 8, 0, 0], at); bigs.fill(0xab, at + 6, at + 6 + big); }
       bigs[bigs.length - 1] = 106;
       try { decode(bigs); results.push('accepted'); } catch (e) { results.push(e.code); }
       console.log(JSON.stringify({ frameBytes: frame.length, results, ms: performance.now() - t0 }));`,
      { heapMb: 256 },
    );
    expect(r.status, r.stderr).toBe(0);
    const report = r.report as { frameBytes: number; results: string[]; ms: number };
    expect(report.frameBytes).toBeLessThan(20_000);
    expect(report.results).toEqual(['ETF_LIMIT_EXCEEDED', 'ETF_LIMIT_EXCEEDED', 'ETF_LIMIT_EXCEEDED', 'ETF_LIMIT_EXCEEDED']);
    expect(report.ms).toBeLessThan(20_000);
  });

  it('counts every term, including STRING_EXT elements and list tails, against maxTerms', () => {
    expect(decode(hex('83 6c 00000003 6a 6a 6a 6a'), { maxTerms: 4 })).toEqual([[], [], []]);
    const e = etfError(() => decode(hex('83 6c 00000003 6a 6a 6a 6a'), { maxTerms: 3 }));
    expect(e.code).toBe('ETF_LIMIT_EXCEEDED');
    expect(e.offset).toBeGreaterThanOrEqual(1);
    expect(etfError(() => decode(hex('83 6b 0004 01020304'), { maxTerms: 4 })).code).toBe('ETF_LIMIT_EXCEEDED');
    expect(decode(hex('83 6b 0004 01020304'), { maxTerms: 5 })).toEqual([1, 2, 3, 4]);
  });

  it('bounds the total bytes of wide big integers (maxBigIntBytes) but not 64-bit snowflakes', () => {
    const wide = (bytes: number) => [111, 0, 0, bytes >> 8, bytes & 255, 0, ...new Array<number>(bytes).fill(1)];
    const list = (items: number[][]) => Uint8Array.from([131, 108, 0, 0, 0, items.length, ...items.flat(), 106]);
    expect(() => decode(list([wide(100), wide(100)]), { maxBigIntBytes: 200 })).not.toThrow();
    expect(etfError(() => decode(list([wide(100), wide(100), wide(100)]), { maxBigIntBytes: 200 })).code).toBe('ETF_LIMIT_EXCEEDED');
    const snowflakes = Array.from({ length: 1000 }, () => [110, 8, 0, 1, 2, 3, 4, 5, 6, 7, 1]);
    expect((decode(list(snowflakes.slice(0, 200)), { maxBigIntBytes: 0 }) as unknown[]).length).toBe(200);
  });

  it('decodes every real fixture-sized payload under the default bounds', () => {
    // A GUILD_CREATE-like frame far above real sizes: 20 000 members of 12 fields each.
    const members = Array.from({ length: 20_000 }, (_, i) => ({
      user: { id: String(10n ** 17n + BigInt(i)), username: `user${i}`, avatar: null, bot: false },
      roles: ['1', '2', '3'],
      joined_at: '2020-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      nick: null,
    }));
    const bytes = encode({ op: 0, t: 'GUILD_CREATE', s: 1, d: { id: '1', members } });
    expect((decode(bytes) as { d: { members: unknown[] } }).d.members).toHaveLength(20_000);
  });
});

describe('#15.4 the ETF shape trie does not retain map keys across decodes', () => {
  it('300 frames each with a distinct 1 MiB key do not exhaust a 128 MB heap, and 3 000 with 64 KiB keys retain little', () => {
    const r = runChild(
      `import { decode } from '$REPO/src/etf/index.js';
       function frame(keyLen, seed) {
         const key = Buffer.alloc(keyLen, 97); key.write(String(seed).padStart(12, '0'));
         const out = Buffer.alloc(1 + 5 + 5 + keyLen + 2);
         out[0] = 131; out[1] = 116; out.writeUInt32BE(1, 2); out[6] = 109; out.writeUInt32BE(keyLen, 7);
         key.copy(out, 11); out[11 + keyLen] = 97; out[12 + keyLen] = 1;
         return out;
       }
       for (let i = 0; i < 300; i++) { const v = decode(frame(2 ** 20, i)); if (Object.values(v)[0] !== 1) throw new Error('bad'); }
       for (let i = 0; i < 3000; i++) decode(frame(64 * 1024, i));
       globalThis.gc(); globalThis.gc();
       console.log(JSON.stringify({ heapUsed: process.memoryUsage().heapUsed }));`,
      { heapMb: 128, exposeGc: true },
    );
    expect(r.status, r.stderr).toBe(0);
    expect((r.report as { heapUsed: number }).heapUsed).toBeLessThan(60 * 2 ** 20);
  });

  it('a failed decode does not keep its partial values reachable', () => {
    const r = runChild(
      `import { decode } from '$REPO/src/etf/index.js';
       const big = 50 * 2 ** 20;
       // {a: <50 MB binary>, b: <truncated>}
       const out = Buffer.alloc(6 + 3 + 5 + big + 3 + 2);
       let at = 0; out[at++] = 131; out[at++] = 116; out.writeUInt32BE(2, at); at += 4;
       out[at++] = 119; out[at++] = 1; out[at++] = 97; out[at++] = 109; out.writeUInt32BE(big, at); at += 4; out.fill(120, at, at + big); at += big;
       out[at++] = 119; out[at++] = 1; out[at++] = 98; out[at++] = 98; out[at++] = 0;
       let code;
       try { decode(out.subarray(0, at)); } catch (e) { code = e.code; }
       globalThis.gc();
       const heap = process.memoryUsage().heapUsed;
       console.log(JSON.stringify({ code, heap }));`,
      { heapMb: 256, exposeGc: true },
    );
    expect(r.status, r.stderr).toBe(0);
    const report = r.report as { code: string; heap: number };
    expect(report.code).toBe('ETF_TRUNCATED');
    expect(report.heap).toBeLessThan(40 * 2 ** 20);
  });

  it('maps with long keys still decode exactly (own properties, order, __proto__)', () => {
    const long = 'k'.repeat(300);
    const value = { a: 1, [long]: 2, __proto__x: 3, z: [4] };
    for (let i = 0; i < 3; i++) expect(decode(encode(value))).toEqual(value);
    const withProto = JSON.parse(`{"${long}": 1, "__proto__": 2}`) as Record<string, unknown>;
    const back = decode(encode(withProto)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual([long, '__proto__']);
  });
});

describe('#15.14 ETF edges match Erlang or fail typed', () => {
  it('refuses invalid UTF-8 in atoms of tags 118 and 119, as Erlang does', () => {
    expect(etfError(() => decode(hex('83 77 02 c3 28'))).code).toBe('ETF_INVALID');
    expect(etfError(() => decode(hex('83 76 0002 c3 28'))).code).toBe('ETF_INVALID');
    expect(etfError(() => decode(hex('83 74 00000001 77 02 c3 28 61 01'))).code).toBe('ETF_INVALID');
    expect(decode(hex('83 77 02 c3 a9'))).toBe('é');
    // binaries may hold any bytes (Erlang accepts them; we read U+FFFD)
    expect(decode(hex('83 6d 00000002 c3 28'))).toBe('\ufffd(');
  });

  it('refuses NaN and ±Infinity NEW_FLOAT_EXT', () => {
    for (const bits of ['7ff8000000000000', '7ff0000000000000', 'fff0000000000000', 'fff8000000000001']) {
      expect(etfError(() => decode(hex('83 46' + bits))).code).toBe('ETF_INVALID');
    }
    expect(decode(hex('83 46 7fefffffffffffff'))).toBe(Number.MAX_VALUE);
    expect(Object.is(decode(hex('83 46 8000000000000000')), -0)).toBe(true);
  });

  it('reads FLOAT_EXT text exactly as strictly as Erlang', () => {
    const floatExt = (text: string) => Uint8Array.from([131, 99, ...Buffer.from(text.padEnd(31, '\0'), 'latin1')]);
    for (const ok of ['1.5', '-1.5', '+1.5', '1.5e3', '1.5E3', '1.50000000000000000000e+00', '00001.5', '-0.0']) {
      expect(decode(floatExt(ok))).toBe(Number(ok));
    }
    for (const bad of ['5.', '.5', '1e5', ' 1.5', '\n2', '1.5 ', '1.5\t', '1.e5', '1.5e', 'inf', 'nan', '1.5e+3x']) {
      expect(etfError(() => decode(floatExt(bad))).code).toBe('ETF_INVALID');
    }
  });

  it('reads a list whose tail is a LIST_EXT or STRING_EXT as the proper list Erlang reads', () => {
    expect(decode(hex('83 6c 00000001 61 01 6c 00000001 61 02 6a'))).toEqual([1, 2]);
    expect(decode(hex('83 6c 00000001 61 01 6b 0002 05 06'))).toEqual([1, 5, 6]);
    expect(decode(hex('83 6c 00000001 61 01 6c 00000001 61 02 6b 0001 07'))).toEqual([1, 2, 7]);
    expect(etfError(() => decode(hex('83 6c 00000001 61 01 6c 00000001 61 02 61 03'))).code).toBe('ETF_IMPROPER_LIST');
    expect(etfError(() => decode(hex('83 6c 00000001 61 01 61 02'))).code).toBe('ETF_IMPROPER_LIST');
  });

  it('refuses bytes after the zlib stream inside tag 80', () => {
    const body = encode({ a: [1, 2, 3] }).subarray(1);
    expect(decode(compressedTerm(body))).toEqual({ a: [1, 2, 3] });
    const e = etfError(() => decode(compressedTerm(body, [0, 1])));
    expect(e.code).toBe('ETF_TRAILING_BYTES');
    expect(e.offset).toBe(compressedTerm(body).length);
  });

  it('reports errors inside tag 80 at an offset inside the input, with the inflated offset alongside', () => {
    const body = hex('6c 00000002 61 01 61 02 61 03'); // improper list
    const input = compressedTerm(body);
    const e = etfError(() => decode(input));
    expect(e.code).toBe('ETF_IMPROPER_LIST');
    expect(e.offset).toBe(1);
    expect(e.inflatedOffset).toBe(9);
    expect(e.offset!).toBeLessThan(input.length);
    const truncatedInside = etfError(() => decode(compressedTerm(hex('6d 00000010 41'))));
    expect(truncatedInside.offset).toBe(1);
  });

  it('refuses map keys with lone surrogates instead of writing duplicate keys', () => {
    const e = etfError(() => encode({ '\ud800': 1, '\udc00': 2 }));
    expect(e.code).toBe('ETF_UNSUPPORTED_VALUE');
    expect(e.path).toBe('/\ud800');
    expect(etfError(() => encode({ a: { ['x'.repeat(60) + '\udc00']: 1 } })).path).toBe('/a/' + 'x'.repeat(60) + '\udc00');
    // values keep the documented U+FFFD replacement; paired surrogates are fine in keys
    expect(decode(encode({ '😀': '\ud800' }))).toEqual({ '😀': '\ufffd' });
  });

  it('encodes boxed primitives as their primitive, as JSON does', () => {
    expect(decode(encode({ s: new String('ab'), n: new Number(5), f: new Number(1.5), b: new Boolean(false) }))).toEqual(
      JSON.parse(JSON.stringify({ s: new String('ab'), n: new Number(5), f: new Number(1.5), b: new Boolean(false) })),
    );
    expect(etfError(() => encode({ x: new Number(NaN) })).path).toBe('/x');
    expect(decode(encode({ big: Object(2n ** 70n) as unknown }))).toEqual({ big: (2n ** 70n).toString() });
  });

  it('names a Map without a constructor in a typed error', () => {
    const m = new Map();
    Object.setPrototypeOf(m, Object.create(Map.prototype, { constructor: { value: undefined } }));
    const e = etfError(() => encode({ m }));
    expect(e.code).toBe('ETF_UNSUPPORTED_VALUE');
    expect(e.message).toContain('Map');
  });

  it('gives a typed error for a detached ArrayBuffer from both decodes', () => {
    const detached = (): ArrayBuffer => {
      const buffer = new Uint8Array([131, 97, 1]).buffer;
      structuredClone(buffer, { transfer: [buffer] });
      return buffer;
    };
    expect(etfError(() => decode(detached())).code).toBe('ETF_INPUT_TYPE');
    let jsonError: unknown;
    try {
      jsonDecode(detached());
    } catch (error) {
      jsonError = error;
    }
    expect(jsonError).toBeInstanceOf(GatewireError);
    expect((jsonError as GatewireError).code).toBe('JSON_INPUT_TYPE');
  });

  it('refuses NaN and other junk limits instead of switching them off', () => {
    const deep = hex('83' + '6c00000001'.repeat(300) + '6a' + '6a'.repeat(300));
    for (const options of [{ maxDepth: NaN }, { maxInflatedBytes: NaN }, { maxTerms: NaN }, { maxDepth: -1 }, { maxBigIntBytes: '1' as unknown as number }]) {
      expect(etfError(() => decode(deep, options)).code).toBe('ETF_BAD_OPTION');
    }
    expect(etfError(() => decode(deep)).code).toBe('ETF_DEPTH_EXCEEDED');
  });
});
