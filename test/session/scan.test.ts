import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanJsonFrame } from '../../src/session/scan.js';

describe('scanJsonFrame (op/s/t without parsing d)', () => {
  it('reads the header in any key order and locates d', () => {
    const text = ' { "d" : {"a":"}\\"{","b":[1,{"c":null}]} , "t":"MESSAGE_CREATE","s":42,"op":0 } ';
    const h = scanJsonFrame(text)!;
    expect(h).toMatchObject({ op: 0, s: 42, t: 'MESSAGE_CREATE' });
    expect(JSON.parse(text.slice(h.dStart, h.dEnd))).toEqual({ a: '}"{', b: [1, { c: null }] });
  });

  it('returns null for anything it cannot read with certainty', () => {
    for (const bad of [
      '',
      '[]',
      '{}',
      '{"op":"0"}',
      '{"op":0',
      '{"op":0,"d":{"a":1}',
      '{"op":0} x',
      '{"o\\u0070":0,"op":1}',
      '{"s":1}',
      'null',
    ]) {
      expect(scanJsonFrame(bad)).toBeNull();
    }
  });

  it('agrees with JSON.parse on random frames', () => {
    const frame = fc.record({
      op: fc.integer({ min: 0, max: 50 }),
      s: fc.option(fc.nat(), { nil: null }),
      t: fc.option(fc.string(), { nil: null }),
      d: fc.jsonValue(),
    });
    fc.assert(
      fc.property(frame, fc.boolean(), (f, pretty) => {
        const text = JSON.stringify(f, null, pretty ? 2 : undefined);
        const h = scanJsonFrame(text);
        expect(h).not.toBeNull();
        expect({ op: h!.op, s: h!.s, t: h!.t }).toEqual({ op: f.op, s: f.s, t: f.t });
        expect(JSON.parse(text.slice(h!.dStart, h!.dEnd))).toEqual(JSON.parse(JSON.stringify(f.d)));
      }),
      { numRuns: 300 },
    );
  });
});
