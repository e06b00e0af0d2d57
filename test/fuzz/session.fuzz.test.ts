/**
 * Bounded fuzzing of the sans-I/O session (issue #15): random server behaviour — Hellos with odd
 * intervals, dispatches with hostile sequences, garbage, reconnect requests, closes with any code,
 * time jumps and commands — on a fake clock, JSON and ETF. The session never throws (a command
 * after it stopped is the one documented exception), never takes a sequence that is not a
 * non-negative safe integer, never asks for a non-finite deadline or delay, and delivers each
 * sequence number at most once, in increasing order, within one Discord session.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encode as etfEncode } from '../../src/etf/index.js';
import { createGatewaySession, GatewaySessionError, type GatewaySessionOutput } from '../../src/session/index.js';
import { budget, timeout } from './budget.js';

const sequenceArb = fc.oneof(
  fc.integer({ min: 0, max: 50 }),
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 1.5, 2 ** 53, 1e400, null),
);

const stepArb = fc.oneof(
  fc.record({ kind: fc.constant('hello' as const), interval: fc.constantFrom(41_250, 1000, 500, 1e12, 0, -1, 0.5, NaN, 'x') }),
  fc.record({ kind: fc.constant('ack' as const) }),
  fc.record({ kind: fc.constant('beat' as const) }),
  fc.record({ kind: fc.constant('reconnect' as const) }),
  fc.record({ kind: fc.constant('invalid' as const), resumable: fc.boolean() }),
  fc.record({ kind: fc.constant('ready' as const), s: sequenceArb }),
  fc.record({ kind: fc.constant('resumed' as const), s: sequenceArb }),
  fc.record({ kind: fc.constant('dispatch' as const), s: sequenceArb, t: fc.constantFrom('MESSAGE_CREATE', 'TYPING_START', 'NEW_EVENT') }),
  fc.record({ kind: fc.constant('garbage' as const), text: fc.string({ maxLength: 30 }) }),
  fc.record({ kind: fc.constant('corrupt' as const), s: fc.integer({ min: 0, max: 50 }) }),
  fc.record({ kind: fc.constant('open' as const) }),
  fc.record({ kind: fc.constant('close' as const), code: fc.oneof(fc.integer({ min: 999, max: 4020 }), fc.constantFrom(undefined, 1000, 4004, 4014, NaN)) }),
  fc.record({ kind: fc.constant('time' as const), ms: fc.oneof(fc.integer({ min: 0, max: 70_000 }), fc.constantFrom(3_600_000)) }),
  fc.record({ kind: fc.constant('command' as const) }),
);

describe('session fuzz (bounded)', () => {
  for (const encoding of ['json', 'etf'] as const) {
    it(`${encoding}: random server behaviour never crashes, wedges or corrupts the sequence`, { timeout: timeout(60_000) }, () => {
      fc.assert(
        fc.property(fc.array(stepArb, { minLength: 1, maxLength: 60 }), (steps) => {
          let now = 1_000;
          const session = createGatewaySession({
            token: 'Bot fuzz',
            intents: 513,
            encoding,
            properties: { os: 'linux', browser: 'fuzz', device: 'fuzz' },
            random: () => 0.5,
            now,
          });
          let lastDelivered: number | null = null;
          const check = (out: GatewaySessionOutput[]) => {
            const s = session.sequence;
            if (s !== null) expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
            const deadline = session.nextDeadline();
            if (deadline !== null) expect(Number.isFinite(deadline)).toBe(true);
            for (const o of out) {
              if (o.type === 'connect') expect(Number.isFinite(o.delay) && o.delay >= 0).toBe(true);
              if (o.type === 'ready') lastDelivered = null; // a new Discord session numbers from 1 again
              if (o.type === 'dispatch' || o.type === 'unknownDispatch') {
                expect(Number.isSafeInteger(o.s) && o.s >= 0).toBe(true);
                if (o.t !== 'READY' && lastDelivered !== null) expect(o.s).toBeGreaterThan(lastDelivered);
                lastDelivered = o.s;
              }
            }
          };
          /** A server frame; non-finite numbers become `1e400` in JSON and NaN bits in ETF. */
          const frame = (payload: Record<string, unknown>): string | Uint8Array => {
            const full = { op: 0, d: null, s: null, t: null, ...payload };
            const marked = JSON.parse(JSON.stringify(full, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? '@nonfinite@' : v)));
            if (encoding === 'json') return JSON.stringify(marked).replace(/"@nonfinite@"/g, '1e400');
            const placeholder = 1.25; // written as NEW_FLOAT_EXT 3ff4000000000000, then patched to NaN
            const bytes = etfEncode(JSON.parse(JSON.stringify(marked).replace(/"@nonfinite@"/g, String(placeholder))));
            for (let i = 0; i + 9 <= bytes.length; i++) {
              if (bytes[i] === 70 && bytes[i + 1] === 0x3f && bytes[i + 2] === 0xf4 && bytes.subarray(i + 3, i + 9).every((b) => b === 0)) {
                bytes.set([0x7f, 0xf8, 0, 0, 0, 0, 0, 0], i + 1);
              }
            }
            return bytes;
          };
          check(session.drain());
          for (const step of steps) {
            switch (step.kind) {
              case 'open':
                session.open(now);
                break;
              case 'hello':
                session.receive(frame({ op: 10, d: { heartbeat_interval: step.interval } }), now);
                break;
              case 'ack':
                session.receive(frame({ op: 11 }), now);
                break;
              case 'beat':
                session.receive(frame({ op: 1 }), now);
                break;
              case 'reconnect':
                session.receive(frame({ op: 7 }), now);
                break;
              case 'invalid':
                session.receive(frame({ op: 9, d: step.resumable }), now);
                break;
              case 'ready':
                session.receive(frame({ op: 0, t: 'READY', s: step.s, d: { v: 10, session_id: 'sess', resume_gateway_url: 'wss://resume.example', user: { id: '1' }, guilds: [] } }), now);
                break;
              case 'resumed':
                session.receive(frame({ op: 0, t: 'RESUMED', s: step.s, d: {} }), now);
                break;
              case 'dispatch':
                session.receive(frame({ op: 0, t: step.t, s: step.s, d: { id: '1', channel_id: '2', content: 'x' } }), now);
                break;
              case 'garbage':
                session.receive(encoding === 'json' ? step.text : new TextEncoder().encode(step.text), now);
                break;
              case 'corrupt':
                session.receive(encoding === 'json' ? `{"op":0,"t":"MESSAGE_CREATE","s":${step.s},"d":{"content":tru}}` : Uint8Array.from([131, 116, 0, 0, 0, 9]), now);
                break;
              case 'close':
                session.closed(step.code, '', now);
                break;
              case 'time':
                now += step.ms;
                session.tick(now);
                break;
              case 'command':
                try {
                  session.requestGuildMembers({ guild_id: '1', query: '', limit: 0 }, now);
                } catch (error) {
                  expect(error).toBeInstanceOf(GatewaySessionError);
                  expect((error as GatewaySessionError).code).toBe('SESSION_STOPPED');
                }
                break;
            }
            check(session.drain());
          }
        }),
        budget(300),
      );
    });
  }
});
