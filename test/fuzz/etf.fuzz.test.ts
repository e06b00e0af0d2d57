/**
 * Bounded fuzzing of the ETF codec (the audit's method, issue #15): round trips of random payloads,
 * every truncation and random mutations of real frames. Decoding may only return a value or throw
 * an EtfError whose offset lies inside the input, and a failed decode never leaks into the next.
 */
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, EtfError } from '../../src/etf/index.js';
import { loadFixtures } from '../fixtures/index.js';
import { encodeLikeDiscord } from '../etf/discord-etf.js';
import { budget, count, timeout } from './budget.js';

const fixtures = loadFixtures();
/** Real frames in three encodings: ours, Discord-like (atoms, integer snowflakes) and tag 80. */
const frames: Uint8Array[] = fixtures.slice(0, 40).flatMap((f) => {
  const ours = encode(f.payload);
  const body = ours.subarray(1);
  const head = Buffer.alloc(6);
  head[0] = 131;
  head[1] = 80;
  head.writeUInt32BE(body.length, 2);
  return [ours, encodeLikeDiscord(f.payload), Buffer.concat([head, deflateSync(body)])];
});

/** Decodes, returning the value or the EtfError; anything else fails the test. */
function attempt(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false; error: EtfError } {
  try {
    return { ok: true, value: decode(bytes) };
  } catch (error) {
    if (!(error instanceof EtfError)) throw new Error(`untyped throw: ${String(error)}`, { cause: error });
    if (error.offset === undefined || error.offset < 0 || error.offset > bytes.length) {
      throw new Error(`${error.code} offset ${error.offset} outside a ${bytes.length}-byte input`);
    }
    return { ok: false, error };
  }
}

const jsonValue = fc.jsonValue({ maxDepth: 5 });

describe('ETF fuzz (bounded)', () => {
  it('encode then decode gives what JSON gives, for random JSON values', { timeout: timeout(60_000) }, () => {
    fc.assert(
      fc.property(jsonValue, (v) => {
        expect(decode(encode(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      budget(400),
    );
  });

  it('every prefix of real frames is a typed error, and a valid decode right after is exact', { timeout: timeout(60_000) }, () => {
    const step = Math.max(1, Math.round(8 / count(1)));
    const reference = frames[0]!;
    const expectedValue = decode(reference);
    for (const frame of frames.slice(0, count(30))) {
      for (let cut = 0; cut < frame.length; cut += step) {
        const r = attempt(frame.subarray(0, cut));
        expect(r.ok).toBe(false);
      }
      expect(decode(reference)).toEqual(expectedValue);
    }
  });

  it('random mutations of real frames give a value or a typed error, never stale bytes', { timeout: timeout(60_000) }, () => {
    const mutation = fc.record({
      frame: fc.integer({ min: 0, max: frames.length - 1 }),
      edits: fc.array(
        fc.record({
          kind: fc.constantFrom('set', 'flip', 'tag', 'length', 'insert', 'delete', 'truncate'),
          at: fc.nat(),
          byte: fc.integer({ min: 0, max: 255 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    });
    const tags = [70, 80, 97, 98, 99, 100, 104, 105, 106, 107, 108, 109, 110, 111, 115, 116, 118, 119];
    fc.assert(
      fc.property(mutation, ({ frame, edits }) => {
        let bytes = Array.from(frames[frame]!);
        for (const e of edits) {
          const at = bytes.length === 0 ? 0 : e.at % bytes.length;
          switch (e.kind) {
            case 'set':
              bytes[at] = e.byte;
              break;
            case 'flip':
              bytes[at] = (bytes[at] ?? 0) ^ (1 << (e.byte & 7));
              break;
            case 'tag':
              bytes[at] = tags[e.byte % tags.length]!;
              break;
            case 'length':
              bytes.splice(at, 4, ...[[0, 0, 0, 0], [0, 0, 0, 1], [0x80, 0, 0, 0], [0xff, 0xff, 0xff, 0xff]][e.byte & 3]!);
              break;
            case 'insert':
              bytes.splice(at, 0, e.byte);
              break;
            case 'delete':
              bytes.splice(at, 1);
              break;
            case 'truncate':
              bytes = bytes.slice(0, at);
              break;
          }
        }
        const input = Uint8Array.from(bytes);
        const first = attempt(input);
        const again = attempt(input);
        // decoding is a function of the bytes alone
        expect(again.ok).toBe(first.ok);
        if (first.ok && again.ok) expect(again.value).toEqual(first.value);
        if (!first.ok && !again.ok) expect(again.error.code).toBe(first.error.code);
      }),
      budget(1500),
    );
  });

  it('random bytes after the version byte never throw untyped', { timeout: timeout(60_000) }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (tail) => {
        attempt(Uint8Array.from([131, ...tail]));
      }),
      budget(2000),
    );
  });
});
