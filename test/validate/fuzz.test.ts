// Fuzz: arbitrary values into every entry point, both engines, every mode. The safe variants and
// guards never throw; the throwing variants throw GatewayValidationError and nothing else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as zodSchemas from '../../generated/zod.js';
import { GatewireError } from '../../src/errors.js';
import {
  GatewayValidationError,
  isDispatchPayload,
  isReceivePayload,
  isSendPayload,
  parseReceive,
  parseSend,
  safeParseReceive,
  safeParseSend,
  type ValidateOptions,
} from '../../src/validate/index.js';
import { loadFixtures } from '../fixtures/index.js';

const optionSets: (ValidateOptions | undefined)[] = [
  undefined,
  { mode: 'strip' },
  { mode: 'strict' },
  { engine: zodSchemas },
  { engine: zodSchemas, mode: 'strip' },
  { engine: zodSchemas, mode: 'strict' },
];

function onlyDocumentedErrors(v: unknown): void {
  for (const options of optionSets) {
    const r = safeParseReceive(v, options);
    const s = safeParseSend(v, options);
    expect(['payload', 'unknown-event', 'invalid']).toContain(r.kind);
    expect(['payload', 'invalid']).toContain(s.kind);
    if (r.kind === 'invalid') {
      expect(r.issues.length).toBeGreaterThan(0);
      expect(r.error).toBeInstanceOf(GatewayValidationError);
    }
    for (const parse of [parseReceive, parseSend]) {
      try {
        parse(v, options);
      } catch (e) {
        expect(e).toBeInstanceOf(GatewayValidationError);
        expect(e).toBeInstanceOf(GatewireError);
        expect((e as GatewayValidationError).issues.length).toBeGreaterThan(0);
      }
    }
  }
  expect(typeof isReceivePayload(v)).toBe('boolean');
  expect(typeof isSendPayload(v)).toBe('boolean');
  expect(typeof isDispatchPayload('MESSAGE_CREATE', v)).toBe('boolean');
}

// Frames that look like gateway frames, so fuzzing gets past the op/t dispatch into the bodies.
const frameLike = fc.record(
  {
    op: fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 31, 43), fc.jsonValue()),
    s: fc.oneof(fc.nat(), fc.constant(null), fc.jsonValue()),
    t: fc.oneof(fc.constantFrom('MESSAGE_CREATE', 'GUILD_CREATE', 'READY', 'INTERACTION_CREATE', 'NOT_AN_EVENT', null), fc.jsonValue()),
    d: fc.jsonValue({ maxDepth: 4 }),
  },
  { requiredKeys: [] },
);

describe('fuzz', () => {
  it('arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 5 }), onlyDocumentedErrors), { numRuns: 300 });
  });
  it('frame-shaped values', () => {
    fc.assert(fc.property(frameLike, onlyDocumentedErrors), { numRuns: 300 });
  });
  it('fixtures with one node replaced by arbitrary JSON', () => {
    const fixtures = loadFixtures();
    fc.assert(
      fc.property(fc.nat(fixtures.length - 1), fc.nat(), fc.jsonValue({ maxDepth: 3 }), (i, at, value) => {
        const copy = structuredClone(fixtures[i]!.payload);
        const nodes: [Record<string, unknown>, string][] = [];
        const walk = (v: unknown): void => {
          if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) (nodes.push([v as Record<string, unknown>, k]), walk(c));
        };
        walk(copy);
        const [parent, key] = nodes[at % nodes.length]!;
        parent[key] = value;
        onlyDocumentedErrors(copy);
      }),
      { numRuns: 150 },
    );
  });
  it('non-JSON values: undefined, functions, symbols, bigints, class instances, sparse arrays', () => {
    fc.assert(fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }), onlyDocumentedErrors), {
      numRuns: 200,
    });
    for (const v of [undefined, () => 0, Symbol('x'), 1n, new Date(), { op: 0, t: Symbol('t') }, { op: 10, d: { heartbeat_interval: 1n } }]) onlyDocumentedErrors(v);
  });
  it('a value nested beyond the stack is a VALIDATION_ABORTED error, not a RangeError', () => {
    // message → referenced_message is recursive: chain valid messages until the walk overflows.
    const fixture = loadFixtures().find((f) => f.id === 'receive/MESSAGE_CREATE')!.payload as { d: Record<string, unknown> };
    const { referenced_message: _drop, ...base } = fixture.d;
    let msg: Record<string, unknown> = { ...base };
    for (let i = 0; i < 50_000; i++) msg = { ...base, referenced_message: msg };
    const frame = { op: 0, s: 1, t: 'MESSAGE_CREATE', d: msg };
    const r = safeParseReceive(frame);
    expect(r.kind).toBe('invalid');
    if (r.kind === 'invalid') expect(r.error.code).toBe('VALIDATION_ABORTED');
    expect(() => parseReceive(frame)).toThrow(GatewayValidationError);
    expect(isReceivePayload(frame)).toBe(false);
    // A shallow chain of the same shape is valid, so the verdict above is about depth alone.
    let shallow: Record<string, unknown> = { ...base };
    for (let i = 0; i < 20; i++) shallow = { ...base, referenced_message: shallow };
    expect(safeParseReceive({ ...frame, d: shallow }).kind).toBe('payload');
  });
  it('a throwing accessor is reported, not propagated', () => {
    const frame = { op: 10, s: null, t: null, get d(): unknown { throw new Error('boom'); } };
    const r = safeParseReceive(frame);
    expect(r.kind).toBe('invalid');
    if (r.kind === 'invalid') {
      expect(r.error.code).toBe('VALIDATION_ABORTED');
      expect((r.error.cause as Error).message).toBe('boom');
    }
    expect(isReceivePayload(frame)).toBe(false);
    expect(() => parseReceive(new Proxy({}, { get() { throw new TypeError('trap'); }, has() { throw new TypeError('trap'); } }))).toThrow(GatewayValidationError);
  });
});
