import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Codec } from '../../src/codec.js';
import jsonDefault, { JsonCodecError, decode, encode, encodeText, jsonCodec } from '../../src/json/index.js';
import { thrownError } from '../thrown-error.js';

const thrown = (fn: () => unknown): JsonCodecError => thrownError(fn, JsonCodecError);

describe('json codec', () => {
  const heartbeat = { op: 1, d: 251 };

  it('is a Codec object (text frames, encoding=json)', () => {
    const codec: Codec = jsonCodec;
    expect(codec.encoding).toBe('json');
    expect(codec.binary).toBe(false);
    expect(jsonDefault).toBe(jsonCodec);
    expect(codec.decode(codec.encode(heartbeat))).toEqual(heartbeat);
  });

  it('decodes Buffer, Uint8Array with an offset, ArrayBuffer and string', () => {
    const text = '{"op":0,"t":"MESSAGE_CREATE","d":{"content":"héllo 🎉"}}';
    const expected = JSON.parse(text);
    const bytes = new TextEncoder().encode(text);
    const padded = new Uint8Array(bytes.length + 10);
    padded.set(bytes, 5);
    expect(decode(Buffer.from(text))).toEqual(expected);
    expect(decode(padded.subarray(5, 5 + bytes.length))).toEqual(expected);
    expect(decode(bytes.slice().buffer)).toEqual(expected);
    expect(decode(text)).toEqual(expected);
  });

  it('keeps __proto__ as an own property, like JSON.parse', () => {
    const value = decode('{"__proto__":{"x":1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
  });

  it('encodes to UTF-8 with lone surrogates as U+FFFD and drops undefined properties', () => {
    expect(Buffer.from(encode({ a: 'é\ud800', b: undefined })).toString()).toBe('{"a":"é\\ud800"}');
    expect(encodeText({ op: 1, d: null })).toBe('{"op":1,"d":null}');
    expect(Array.from(encode('🎉'))).toEqual(Array.from(Buffer.from('"🎉"')));
  });

  it('reports invalid JSON with the UTF-8 byte offset', () => {
    const error = thrown(() => decode(Buffer.from('{"é":1 x}')));
    expect(error.code).toBe('JSON_INVALID');
    expect(error.offset).toBe(8); // '{"é":1 ' is 8 bytes (é is two)
    expect(thrown(() => decode('')).code).toBe('JSON_INVALID');
    expect(thrown(() => decode(new Uint8Array([0x7b]))).offset).toBe(1);
    expect(thrown(() => decode('[1] 2')).offset).toBe(4);
  });

  it('rejects non-byte input with a typed error', () => {
    expect(thrown(() => decode(42 as unknown as string)).code).toBe('JSON_INPUT_TYPE');
    expect(thrown(() => decode(null as unknown as string)).code).toBe('JSON_INPUT_TYPE');
  });

  it('rejects values with no JSON payload form', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(thrown(() => encode(cyclic)).code).toBe('JSON_CYCLE');
    expect(thrown(() => encode({ a: 1n })).code).toBe('JSON_UNSUPPORTED_VALUE');
    expect(thrown(() => encode(undefined)).code).toBe('JSON_UNSUPPORTED_VALUE');
    expect(thrown(() => encode(() => 1)).code).toBe('JSON_UNSUPPORTED_VALUE');
  });

  it('round-trips any JSON value and matches JSON.stringify byte for byte', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const bytes = encode(value);
        expect(Buffer.from(bytes).toString()).toBe(JSON.stringify(value));
        expect(decode(bytes)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but JsonCodecError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decode(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(JsonCodecError);
          expect((error as JsonCodecError).offset).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('turns bytes into text exactly as TextDecoder does: invalid UTF-8 as U+FFFD, a leading BOM dropped', () => {
    const td = new TextDecoder();
    // JSON string bodies of arbitrary bytes, except the three a string body cannot hold raw.
    const body = fc.array(fc.oneof(fc.integer({ min: 0x20, max: 0xff }), fc.constantFrom(0xc2, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0x80, 0xbf)), { maxLength: 40 }).map((xs) => xs.filter((x) => x !== 0x22 && x !== 0x5c));
    fc.assert(
      fc.property(fc.boolean(), body, (bom, xs) => {
        const bytes = Uint8Array.from([...(bom ? [0xef, 0xbb, 0xbf] : []), 0x22, ...xs, 0x22]);
        expect(decode(bytes)).toBe(JSON.parse(td.decode(bytes)));
      }),
      { numRuns: 3000 },
    );
  });
});
