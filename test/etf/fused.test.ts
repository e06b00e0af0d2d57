/**
 * Differential test of the fused normalisation (`decode(b, { normalize })`, which normalises while
 * decoding) against the two-pass reference (`normalizeFrame(decode(b), table)`, the tree walked
 * again): same result, deep-equal, or the same typed error, on every fixture, on the Erlang-checked
 * corpus placed at string, object, array and union positions of real frames, and on edge frames.
 */
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decode, EtfError, etfShapes, normalizeFrame, type EtfDecodeOptions, type EtfShapeTable } from '../../src/etf/index.js';
import { loadFixtures } from '../fixtures/index.js';
import { encodeLikeDiscord } from './discord-etf.js';

function reference(bytes: Uint8Array, options: EtfDecodeOptions = {}): unknown {
  const { normalize, ...rest } = options;
  const table = normalize === undefined || normalize === true ? etfShapes : normalize;
  return normalize === false ? decode(bytes, rest) : normalizeFrame(decode(bytes, rest), table as EtfShapeTable);
}

type Outcome = { value: unknown } | { error: string; offset: number | undefined };
function outcome(run: () => unknown): Outcome {
  try {
    return { value: run() };
  } catch (error) {
    if (!(error instanceof EtfError)) throw error;
    return { error: error.code, offset: error.offset };
  }
}

function same(bytes: Uint8Array, options: EtfDecodeOptions = {}): Outcome {
  const fused = outcome(() => decode(bytes, { normalize: true, ...options }));
  const twoPass = outcome(() => reference(bytes, { normalize: true, ...options }));
  expect(fused).toStrictEqual(twoPass);
  return fused;
}

// ---------------------------------------------------------------- raw frame building

const atom = (s: string) => [100, 0, s.length, ...Buffer.from(s, 'latin1')];
const u32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
const mapOf = (pairs: [number[], number[]][]) => [116, ...u32(pairs.length), ...pairs.flatMap(([k, v]) => [...k, ...v])];
const listOf = (items: number[][]) => (items.length === 0 ? [106] : [108, ...u32(items.length), ...items.flat(), 106]);
const small = (v: number) => [97, v];
/** A dispatch frame with `d` first, as Erlang sorts a small map's keys. */
const dispatch = (t: string, d: number[]) => Uint8Array.from([131, ...mapOf([[atom('d'), d], [atom('op'), small(0)], [atom('s'), small(1)], [atom('t'), atom(t)]])]);

describe('fused normalisation equals the two-pass reference', () => {
  const fixtures = loadFixtures().filter((f) => f.direction === 'receive');

  it('on every receive fixture, both atom tags, both bigint modes, and decoded twice (compiled builders)', () => {
    expect(fixtures.length).toBeGreaterThan(50);
    let changed = 0;
    for (const fixture of fixtures) {
      for (const atoms of [100, 119] as const) {
        const bytes = encodeLikeDiscord(fixture.payload, { atoms });
        for (const bigint of ['string', 'bigint'] as const) {
          for (let round = 0; round < 2; round++) {
            const got = same(bytes, { bigint });
            expect('value' in got).toBe(true);
          }
        }
        // The fixtures are what JSON gives: normalised ETF must equal them.
        const value = decode(bytes, { normalize: true });
        expect(value).toStrictEqual(fixture.payload);
        if (JSON.stringify(decode(bytes)) !== JSON.stringify(value)) changed++;
      }
    }
    // (the fixtures' snowflakes are ≥ 2^53, so they come out as text even without normalising)
    expect(changed).toBeGreaterThan(0);
  });

  it('with integers everywhere a string may be (every digit string sent as an integer)', () => {
    let changed = 0;
    for (const fixture of fixtures) {
      const bytes = encodeLikeDiscord(fixture.payload, { integerString: (_key, value) => /^(0|[1-9]\d{0,18})$/.test(value) });
      // (not always the fixture again: a string/number union cannot say which an integer was)
      const got = same(bytes);
      expect('value' in got).toBe(true);
      if ('value' in got && JSON.stringify(got.value) !== JSON.stringify(decode(bytes))) changed++;
    }
    // The test means something only if normalisation changes frames.
    expect(changed).toBeGreaterThan(50);
  });

  it('when t and op come before d, when the frame is compressed, and with a custom table', () => {
    const fixture = fixtures.find((f) => f.event === 'GUILD_CREATE')!;
    const bytes = encodeLikeDiscord(fixture.payload);
    const body = bytes.subarray(1);
    const compressed = Uint8Array.from([131, 80, ...u32(body.length), ...deflateSync(body)]);
    expect(same(compressed)).toStrictEqual({ value: fixture.payload });
    const reordered = encodeLikeDiscord({ t: 'MESSAGE_CREATE', op: 0, s: 3, d: { id: '175928847299117063', channel_id: '12' } });
    expect(same(reordered)).toStrictEqual({ value: { t: 'MESSAGE_CREATE', op: 0, s: 3, d: { id: '175928847299117063', channel_id: '12' } } });
    const custom: EtfShapeTable = { nodes: ['s', { o: { a: 0 }, x: 2 }, { a: 0 }], dispatch: { X: 1 }, receive: {}, send: {} };
    same(dispatch('X', mapOf([[atom('a'), small(5)], [atom('b'), listOf([small(1), small(2)])], [atom('c'), [107, 0, 2, 7, 8]]])), { normalize: custom });
    // a control-frame-looking start (d => nil), then a second d that normalising does change
    const leaf: EtfShapeTable = { nodes: ['s'], dispatch: { X: 0 }, receive: { '11': 0 }, send: {} };
    const twoD = Uint8Array.from([131, ...mapOf([[atom('d'), atom('nil')], [atom('op'), small(0)], [atom('t'), atom('X')], [atom('d'), small(5)]])]);
    expect(same(twoD, { normalize: leaf })).toStrictEqual({ value: { d: '5', op: 0, t: 'X' } });
    const ack = Uint8Array.from([131, ...mapOf([[atom('d'), atom('nil')], [atom('op'), small(11)], [atom('s'), atom('nil')], [atom('t'), atom('nil')]])]);
    expect(same(ack, { normalize: leaf })).toStrictEqual({ value: { d: null, op: 11, s: null, t: null } });
    expect(decode(dispatch('X', mapOf([[atom('a'), small(5)], [atom('c'), [107, 0, 2, 7, 8]]])), { normalize: custom })).toStrictEqual({
      d: { a: '5', c: ['7', '8'] }, op: 0, s: 1, t: 'X',
    });
  });

  it('on frames it cannot read ahead in (odd op, non-text keys, duplicate keys, many keys)', () => {
    const d = mapOf([[atom('id'), small(7)]]);
    const frames = [
      [131, ...mapOf([[atom('d'), d], [atom('op'), [70, 0, 0, 0, 0, 0, 0, 0, 0]], [atom('t'), atom('MESSAGE_CREATE')]])],
      [131, ...mapOf([[atom('d'), d], [small(1), small(0)], [atom('op'), small(0)], [atom('t'), atom('MESSAGE_CREATE')]])],
      [131, ...mapOf([[atom('d'), d], [atom('op'), small(0)], [atom('t'), atom('NOPE')], [atom('t'), atom('MESSAGE_CREATE')]])],
      [131, ...mapOf([[atom('d'), d], [atom('d'), mapOf([[atom('id'), small(9)]])], [atom('op'), small(0)], [atom('t'), atom('MESSAGE_CREATE')]])],
      [131, ...mapOf([[atom('d'), d], [atom('op'), small(0)], [atom('t'), [109, ...u32(14), ...Buffer.from('MESSAGE_CREATE')]]])],
      [131, ...mapOf([[atom('d'), d], [atom('op'), small(10)]])],
      [131, ...mapOf([[atom('d'), d], [atom('op'), small(0)], [atom('t'), atom('nil')]])],
      [131, ...mapOf([...Array.from({ length: 20 }, (_, i) => [atom(`k${i}`), small(i)] as [number[], number[]]), [atom('d'), d], [atom('op'), small(0)], [atom('t'), atom('MESSAGE_CREATE')]])],
      // the tail looks like `t => MESSAGE_CREATE` but is inside d; the frame's t is GUILD_CREATE
      [131, ...mapOf([[atom('op'), small(0)], [atom('t'), atom('GUILD_CREATE')], [atom('d'), mapOf([[atom('id'), small(7)], [atom('owner_id'), small(8)], [atom('t'), atom('MESSAGE_CREATE')]])]])],
      // op and t before d, then op again after it
      [131, ...mapOf([[atom('op'), small(0)], [atom('t'), atom('MESSAGE_CREATE')], [atom('d'), d], [atom('op'), small(11)]])],
      [131, ...mapOf([[atom('op'), small(0)], [atom('t'), atom('MESSAGE_CREATE')], [atom('d'), d]])],
      [131, ...listOf([d])],
      [131, ...d],
    ];
    const results = frames.map((f) => same(Uint8Array.from(f)));
    // the duplicate `t` and `d` take the last one, as a JS object does
    expect(results[2]).toStrictEqual({ value: { d: { id: '7' }, op: 0, t: 'MESSAGE_CREATE' } });
    expect(results[3]).toStrictEqual({ value: { d: { id: '9' }, op: 0, t: 'MESSAGE_CREATE' } });
    expect(results[4]).toStrictEqual({ value: { d: { id: '7' }, op: 0, t: 'MESSAGE_CREATE' } });
    expect(results[8]).toStrictEqual({ value: { op: 0, t: 'GUILD_CREATE', d: { id: '7', owner_id: '8', t: 'MESSAGE_CREATE' } } });
    expect(results[9]).toStrictEqual({ value: { op: 11, t: 'MESSAGE_CREATE', d: { id: 7 } } });
    expect(results[10]).toStrictEqual({ value: { op: 0, t: 'MESSAGE_CREATE', d: { id: '7' } } });
  });

  it('with the same typed error at the same offset on truncated, over-limit and malformed frames', () => {
    const bytes = encodeLikeDiscord(fixtures.find((f) => f.event === 'MESSAGE_CREATE')!.payload);
    let errors = 0;
    for (let cut = 1; cut < bytes.length; cut += 7) if ('error' in same(bytes.subarray(0, cut))) errors++;
    expect(errors).toBeGreaterThan(10);
    expect(same(bytes, { maxTerms: 10 })).toMatchObject({ error: 'ETF_LIMIT_EXCEEDED' });
    expect(same(bytes, { maxDepth: 2 })).toMatchObject({ error: 'ETF_DEPTH_EXCEEDED' });
    expect(same(bytes, { maxDepth: Number.NaN })).toMatchObject({ error: 'ETF_BAD_OPTION' });
    same(bytes, { maxDepth: 2000 });
    // one flipped byte at a time, through the body
    for (let at = 1; at < bytes.length; at += 3) {
      const broken = Uint8Array.from(bytes);
      broken[at] = broken[at]! ^ 0x5a;
      same(broken);
    }
  });
});

describe('fused normalisation on the Erlang-checked corpus', () => {
  const lines = readFileSync(new URL('../fuzz/corpus/erlang.jsonl', import.meta.url), 'utf8').split('\n').filter((l) => l !== '');
  const records = lines.map((l) => JSON.parse(l) as { hex: string; reject?: string });

  it('at string, object, array, tuple-less and union positions of real frames, and as the frame', () => {
    expect(records.length).toBeGreaterThan(500);
    let accepted = 0;
    for (const record of records) {
      const whole = Buffer.from(record.hex, 'hex');
      same(whole);
      if (whole[0] !== 131 || whole[1] === 80) continue;
      const t = [...whole.subarray(1)];
      // id: string leaf; author: object; mentions: array of objects; mention_roles: array of strings;
      // components: a union (handed to the reference); d itself: the message object.
      const places = [
        dispatch('MESSAGE_CREATE', mapOf([[atom('id'), t]])),
        dispatch('MESSAGE_CREATE', mapOf([[atom('author'), t]])),
        dispatch('MESSAGE_CREATE', mapOf([[atom('mentions'), listOf([t, t])]])),
        dispatch('MESSAGE_CREATE', mapOf([[atom('mention_roles'), t], [atom('components'), t]])),
        dispatch('MESSAGE_CREATE', t),
        dispatch('GUILD_CREATE', mapOf([[atom('members'), listOf([mapOf([[atom('user'), t], [atom('roles'), t]])])], [atom('channels'), t]])),
      ];
      for (const bytes of places) if ('value' in same(bytes)) accepted++;
    }
    expect(accepted).toBeGreaterThan(1000);
  });
});
