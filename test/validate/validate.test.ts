// The gatewire/validate entry points on real generated code: dispatch, results, modes, engines,
// unknown events, guards and errors.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { GatewayMessageCreateDispatch, GatewayReceivePayload } from '../../generated/index.js';
import * as zodSchemas from '../../generated/zod.js';
import { GatewireError } from '../../src/errors.js';
import {
  GatewayValidationError,
  isDispatchPayload,
  isKnownDispatchEvent,
  isReceivePayload,
  isSendPayload,
  isUnknownDispatch,
  parseReceive,
  parseSend,
  safeParseReceive,
  safeParseSend,
  type GatewayUnknownDispatchPayload,
} from '../../src/validate/index.js';
import { loadFixtures } from '../fixtures/index.js';

const fixture = (id: string): any => structuredClone(loadFixtures().find((f) => f.id === id)!.payload);
const message = () => fixture('receive/MESSAGE_CREATE');
const hello = () => fixture('receive/HELLO');
const identify = () => fixture('send/IDENTIFY');

describe('dispatch on op then t', () => {
  it('accepts valid frames of every direction and returns the same object in tolerant mode', () => {
    const m = message();
    const r = safeParseReceive(m);
    expect(r).toMatchObject({ success: true, kind: 'payload', unknownEvent: false });
    if (r.success) expect(r.data).toBe(m);
    expect(parseReceive(hello())).toEqual(hello());
    expect(parseSend(identify())).toEqual(identify());
  });
  it('a non-object is one issue at the root', () => {
    for (const v of [null, 1, 'x', [], undefined]) {
      const r = safeParseReceive(v);
      expect(r.kind === 'invalid' && r.issues.map((i) => [i.path, i.code, i.expected])).toEqual([['', 'invalid_type', 'object']]);
    }
  });
  it('an unknown op is one issue at /op listing the known ones', () => {
    const r = safeParseReceive({ op: 99, d: null });
    expect(r.kind).toBe('invalid');
    if (r.kind !== 'invalid') return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ path: '/op', code: 'invalid_value', received: 'number' });
    expect(r.issues[0]!.expected).toMatch(/^0 \| 1 \| 7 \| 9 \| 10 \| 11/);
    const s = safeParseSend({ d: {} });
    expect(s.kind === 'invalid' && s.issues.map((i) => [i.path, i.code])).toEqual([['/op', 'missing']]);
  });
  it('a dispatch without a string t is one issue at /t', () => {
    const r = safeParseReceive({ op: 0, s: 1, t: 5, d: {} });
    expect(r.kind === 'invalid' && r.issues.map((i) => [i.path, i.code, i.received])).toEqual([['/t', 'invalid_type', 'number']]);
  });
  it('a frame of the wrong shape for its op reports inside that frame only', () => {
    const r = safeParseReceive({ op: 10, s: null, t: null, d: { heartbeat_interval: 'soon' } });
    expect(r.kind === 'invalid' && r.issues.map((i) => i.path)).toEqual(['/d/heartbeat_interval']);
  });
});

describe('unknown events', () => {
  const future = { op: 0, s: 42, t: 'SOME_FUTURE_EVENT', d: { anything: [1, 2] } };
  it('is a distinct, typed result, not a failure of the payload', () => {
    const r = safeParseReceive(future);
    expect(r).toMatchObject({ success: false, kind: 'unknown-event', unknownEvent: true, event: 'SOME_FUTURE_EVENT' });
    expect('error' in r).toBe(false);
    for (const mode of ['strict', 'strip'] as const) expect(safeParseReceive(future, { mode }).kind).toBe('unknown-event');
    expect(safeParseReceive(future, { engine: zodSchemas }).kind).toBe('unknown-event');
  });
  it('parseReceive returns it, and isUnknownDispatch tells it apart', () => {
    const p = parseReceive(future);
    expect(p).toBe(future);
    expect(isUnknownDispatch(p)).toBe(true);
    expect(isUnknownDispatch(parseReceive(message()))).toBe(false);
    expect(isKnownDispatchEvent('MESSAGE_CREATE')).toBe(true);
    expect(isKnownDispatchEvent('SOME_FUTURE_EVENT')).toBe(false);
  });
  it('its envelope is still checked', () => {
    const r = safeParseReceive({ op: 0, s: 'x', t: 'SOME_FUTURE_EVENT' });
    expect(r.kind === 'invalid' && r.issues.map((i) => [i.path, i.code])).toEqual([
      ['/s', 'invalid_type'],
      ['/d', 'missing'],
    ]);
  });
  it('narrows: after ruling out unknown events, switch (t) narrows known payloads', () => {
    const p = parseReceive(message());
    if (!isUnknownDispatch(p) && p.op === 0 && p.t === 'MESSAGE_CREATE') {
      expectTypeOf(p).toEqualTypeOf<GatewayMessageCreateDispatch>();
      expect(p.d.content.length).toBeGreaterThan(0);
    }
    expectTypeOf(p).toEqualTypeOf<GatewayReceivePayload | GatewayUnknownDispatchPayload>();
  });
});

describe('modes', () => {
  const withExtras = () => {
    const m = message();
    m.zz_top = 1;
    m.d.zz_message = true;
    m.d.author.zz_author = 'x';
    m.d.components[1].components[0].options[0].zz_option = null;
    return m;
  };
  it('tolerant keeps unknown keys', () => {
    const r = safeParseReceive(withExtras());
    expect(r.success && (r.data as any).d.author.zz_author).toBe('x');
  });
  it('strip removes them at every depth and leaves the input alone', () => {
    const input = withExtras();
    for (const engine of ['compiled', 'zod'] as const) {
      const r = safeParseReceive(input, { mode: 'strip', engine: engine === 'zod' ? zodSchemas : engine });
      expect(r.success).toBe(true);
      if (!r.success) continue;
      expect(r.data).toEqual(message());
      expect(r.data).not.toBe(input);
    }
    expect(input.d.author.zz_author).toBe('x');
  });
  it('strict reports each unknown key at its path', () => {
    for (const engine of ['compiled', 'zod'] as const) {
      const r = safeParseReceive(withExtras(), { mode: 'strict', engine: engine === 'zod' ? zodSchemas : engine });
      expect(r.kind === 'invalid' && r.issues.map((i) => [i.path, i.code]).sort()).toEqual([
        ['/d/author/zz_author', 'unrecognized_key'],
        ['/d/components/1/components/0/options/0/zz_option', 'unrecognized_key'],
        ['/d/zz_message', 'unrecognized_key'],
        ['/zz_top', 'unrecognized_key'],
      ]);
    }
    expect(safeParseReceive(message(), { mode: 'strict' }).success).toBe(true);
  });
  it('strict and strip apply to send frames too', () => {
    const f = { ...identify(), extra: 1 };
    expect(safeParseSend(f, { mode: 'strict' }).success).toBe(false);
    const r = safeParseSend(f, { mode: 'strip' });
    expect(r.success && 'extra' in r.data).toBe(false);
  });
});

describe('errors', () => {
  it('deep problem: one issue at the exact path, in both engines', () => {
    const m = message();
    delete m.d.components[1].components[0].options[1].value;
    for (const engine of ['compiled', 'zod'] as const) {
      const r = safeParseReceive(m, { engine: engine === 'zod' ? zodSchemas : engine });
      expect(r.kind === 'invalid' && r.issues.map((i) => [i.path, i.code])).toEqual([['/d/components/1/components/0/options/1/value', 'missing']]);
    }
  });
  it('an unknown component type is one issue at the tag, not one per union member', () => {
    const m = message();
    m.d.components[0].components[0].type = 99;
    const r = safeParseReceive(m);
    expect(r.kind === 'invalid' && r.issues.map((i) => [i.path, i.code])).toEqual([['/d/components/0/components/0/type', 'invalid_value']]);
  });
  it('every independent problem is listed', () => {
    const m = message();
    m.d.author.id = 1;
    m.d.tts = 'no';
    delete m.d.channel_id;
    const r = safeParseReceive(m);
    expect(r.kind === 'invalid' && r.issues.map((i) => i.path)).toEqual(['/d/channel_id', '/d/author/id', '/d/tts']);
  });
  it('GatewayValidationError: a GatewireError with code, path, issues and a readable message', () => {
    const m = message();
    m.d.author.id = 1;
    let caught: unknown;
    try {
      parseReceive(m);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(GatewayValidationError);
    expect(caught).toBeInstanceOf(GatewireError);
    const e = caught as GatewayValidationError;
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.path).toBe('/d/author/id');
    expect(e.direction).toBe('receive');
    expect(e.issues).toEqual([{ path: '/d/author/id', code: 'invalid_type', expected: 'Snowflake', received: 'number' }]);
    expect(e.message).toContain('/d/author/id: expected Snowflake, received number');
    expect(() => parseSend({ op: 2, d: {} })).toThrow(GatewayValidationError);
  });
  it('the error of a safe result is built once, on demand', () => {
    const r = safeParseReceive({ op: 10 });
    expect(r.kind).toBe('invalid');
    if (r.kind === 'invalid') expect(r.error).toBe(r.error);
  });
});

describe('engines', () => {
  it('the zod engine is the generated zod module, passed in; a mismatched one is a usage error', () => {
    expect(safeParseReceive(message(), { engine: zodSchemas }).success).toBe(true);
    const empty = { GatewayDispatchSchemas: {}, GatewayReceiveOpSchemas: {}, GatewaySendOpSchemas: {} };
    expect(() => safeParseReceive(message(), { engine: empty })).toThrow(/VALIDATION_ENGINE_MISMATCH|no schema for "MESSAGE_CREATE"/);
    expect(() => safeParseSend(identify(), { engine: empty })).toThrow(GatewireError);
    // Unknown events and bad envelopes never reach an engine.
    expect(safeParseReceive({ op: 0, s: 1, t: 'NEW_EVENT', d: 1 }, { engine: empty }).kind).toBe('unknown-event');
  });
});

describe('guards', () => {
  it('isReceivePayload / isSendPayload / isDispatchPayload', () => {
    for (const f of loadFixtures()) expect(f.direction === 'receive' ? isReceivePayload(f.payload) : isSendPayload(f.payload)).toBe(true);
    const m = message();
    expect(isSendPayload(m)).toBe(false);
    expect(isReceivePayload(identify())).toBe(false);
    expect(isDispatchPayload('MESSAGE_CREATE', m)).toBe(true);
    expect(isDispatchPayload('GUILD_CREATE', m)).toBe(false);
    m.d.author = null;
    expect(isReceivePayload(m)).toBe(false);
    expect(isDispatchPayload('MESSAGE_CREATE', m)).toBe(false);
    const unknown: unknown = message();
    if (isDispatchPayload('MESSAGE_CREATE', unknown)) expectTypeOf(unknown.d.content).toEqualTypeOf<string>();
  });
});

describe('issue reports before and after a frame type first fails', () => {
  // The first rejection of a frame type switches it to checking its `d` on its own (src/validate/compiled.ts):
  // the reports and verdicts on either side of that switch are the same.
  it('a deep error, a root error and a valid frame give the same results on the first and later calls', () => {
    const deep = message();
    delete deep.d.components[1].components[0].options[1].value;
    deep.d.author.id = 12;
    const rootLevel = message();
    rootLevel.s = 'one';
    delete rootLevel.d.content;
    const missingD = message();
    delete missingD.d;
    const inputs = [deep, rootLevel, missingD, message(), hello()];
    const first = inputs.map((p) => safeParseReceive(structuredClone(p)));
    const later = inputs.map((p) => safeParseReceive(structuredClone(p)));
    const summary = (r: ReturnType<typeof safeParseReceive>) => (r.success ? 'valid' : r.kind === 'invalid' ? r.issues : r.kind);
    expect(later.map(summary)).toEqual(first.map(summary));
    expect(first.map((r) => r.success)).toEqual([false, false, false, true, true]);
    const paths = (r: ReturnType<typeof safeParseReceive>) => (r.kind === 'invalid' ? r.issues.map((i) => i.path) : []);
    expect(paths(later[0]!)).toEqual(['/d/author/id', '/d/components/1/components/0/options/1/value']);
    expect(paths(later[1]!)).toEqual(['/s', '/d/content']);
    expect(paths(later[2]!)).toEqual(['/d']);
  });
});
