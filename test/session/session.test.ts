import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  GatewaySessionError,
  GatewaySessionErrorCodes,
  GatewaySessionStates,
  createGatewaySession,
  type GatewaySessionEvent,
  type GatewaySessionOutput,
  type SessionDecompressor,
} from '../../src/session/index.js';
import { BASE, FakeDriver, RESUME_HOST, TOKEN, ofType, sends, sequenceRandom } from './helpers.js';

const BASE_URL = `${BASE}/?v=10&encoding=json`;
const RESUME_URL = `${RESUME_HOST}/?v=10&encoding=json`;

function lastConnect(out: readonly GatewaySessionOutput[]) {
  const c = ofType(out, 'connect');
  expect(c.length).toBeGreaterThan(0);
  return c[c.length - 1]!;
}

describe('connecting and identifying', () => {
  it('asks to connect to the gateway URL with v, encoding and compress', () => {
    const a = new FakeDriver();
    expect(ofType(a.log, 'connect')).toEqual([{ type: 'connect', url: BASE_URL, delay: 0, at: a.now }]);
    const b = new FakeDriver({ compress: 'zlib-stream', url: 'wss://example.test/' });
    expect(ofType(b.log, 'connect')[0]!.url).toBe('wss://example.test/?v=10&encoding=json&compress=zlib-stream');
  });

  it('sends Identify after Hello with token, intents, properties, shard and presence', () => {
    const presence = { since: null, activities: [], status: 'idle', afk: false };
    const d = new FakeDriver({ shard: [1, 2], presence, largeThreshold: 100 });
    d.open();
    const out = d.hello();
    const identify = sends(out).find((p) => p.op === 2);
    expect(identify).toEqual({
      op: 2,
      d: {
        token: TOKEN,
        properties: { os: 'linux', browser: 'gatewire', device: 'gatewire' },
        intents: 513,
        compress: false,
        shard: [1, 2],
        presence,
        large_threshold: 100,
      },
    });
    expect(d.session.state).toBe(GatewaySessionStates.Identifying);
    d.ready();
    expect(d.session.state).toBe(GatewaySessionStates.Ready);
    expect(d.session.resumeInfo()).toEqual({ sessionId: 'sess-1', sequence: 1, resumeGatewayUrl: RESUME_HOST });
  });

  it('rejects a shard id outside [0, count) with a typed error', () => {
    const make = (shard: [number, number]) => () => new FakeDriver({ shard });
    expect(make([2, 2])).toThrow(GatewaySessionError);
    expect(make([0, 0])).toThrow(/shard/);
    expect(make([1, 2])).not.toThrow();
  });

  it('starts by resuming when given resume info', () => {
    const d = new FakeDriver({ resume: { sessionId: 'old', sequence: 41, resumeGatewayUrl: RESUME_HOST } });
    expect(ofType(d.log, 'connect')[0]!.url).toBe(RESUME_URL);
    d.open();
    expect(sends(d.hello())).toContainEqual({ op: 6, d: { token: TOKEN, session_id: 'old', seq: 41 } });
    expect(d.session.state).toBe(GatewaySessionStates.Resuming);
    d.dispatch('RESUMED', 42);
    expect(d.session.state).toBe(GatewaySessionStates.Ready);
    expect(ofType(d.log, 'resumed')).toHaveLength(1);
  });
});

describe('heartbeats', () => {
  it('first beat after interval × jitter, then every interval, each carrying the last sequence', () => {
    const d = new FakeDriver({ random: () => 0.25 });
    d.open();
    d.hello(40_000);
    d.advance(0);
    d.ready(1);
    expect(sends(d.advance(9_999)).filter((p) => p.op === 1)).toEqual([]);
    expect(sends(d.advance(1))).toEqual([{ op: 1, d: 1 }]);
    d.server({ op: 11 });
    d.dispatch('MESSAGE_CREATE', 2);
    d.dispatch('MESSAGE_CREATE', 3);
    expect(sends(d.advance(39_999))).toEqual([]);
    expect(sends(d.advance(1))).toEqual([{ op: 1, d: 3 }]);
    d.server({ op: 11 });
    expect(sends(d.advance(40_000))).toEqual([{ op: 1, d: 3 }]);
  });

  it('jitter comes from the injected random source', () => {
    for (const r of [0.1, 0.5, 0.999]) {
      const d = new FakeDriver({ random: () => r });
      d.open();
      expect(sends(d.hello(10_000)).filter((p) => p.op === 1)).toEqual([]);
      expect(d.session.nextDeadline()).toBe(d.now + 10_000 * r);
    }
    // jitter 0: the first beat goes out with Hello.
    const d = new FakeDriver({ random: () => 0 });
    d.open();
    expect(sends(d.hello(10_000)).filter((p) => p.op === 1)).toHaveLength(1);
  });

  it('a heartbeat before READY carries null', () => {
    const d = new FakeDriver({ random: () => 0 });
    d.open();
    expect(sends(d.hello())).toContainEqual({ op: 1, d: null });
  });

  it('reports heartbeat latency from the ACK', () => {
    const d = new FakeDriver({ random: () => 0.5 });
    d.establish(10_000);
    d.advance(5_000);
    d.advance(120);
    const acks = ofType(d.server({ op: 11 }), 'heartbeatAck');
    expect(acks).toEqual([{ type: 'heartbeatAck', latency: 120 }]);
    expect(d.session.latency).toBe(120);
  });

  it('bug #4 (discord.js #3993): a server heartbeat request is answered at once and is not a missed ACK', () => {
    const d = new FakeDriver({ random: () => 0 });
    d.establish(10_000);
    d.server({ op: 11 });
    // The scheduled beat goes out and is not acknowledged yet.
    expect(sends(d.advance(10_000))).toEqual([{ op: 1, d: 1 }]);
    d.dispatch('MESSAGE_CREATE', 2);
    const out = d.server({ op: 1, d: null });
    expect(sends(out)).toEqual([{ op: 1, d: 2 }]);
    expect(ofType(out, 'close')).toEqual([]);
    // ACK for the beat arrives; the next scheduled beat is a beat, not a zombie close.
    d.server({ op: 11 });
    const later = d.advance(10_000);
    expect(ofType(later, 'close')).toEqual([]);
    expect(sends(later)).toEqual([{ op: 1, d: 2 }]);
    // Zombie only at the next *scheduled* tick without an ACK.
    d.server({ op: 1 });
    expect(ofType(d.pump(), 'close')).toEqual([]);
    expect(ofType(d.advance(10_000), 'close')).toHaveLength(1);
  });

  it('bug #6 (discord.js #9001): a missed ACK closes with a resumable code and resumes instead of identifying', () => {
    const d = new FakeDriver({ random: () => 0 });
    d.establish(10_000);
    d.server({ op: 11 });
    d.dispatch('GUILD_CREATE', 2);
    d.advance(10_000); // beat, never acknowledged
    const out = d.advance(10_000);
    const close = ofType(out, 'close');
    expect(close).toHaveLength(1);
    expect(close[0]!.code).not.toBe(1000);
    expect(close[0]!.code).not.toBe(1001);
    expect(close[0]!.code).toBeGreaterThanOrEqual(3000);
    expect(close[0]!.code).toBeLessThanOrEqual(4999);
    expect(sends(out)).toEqual([]);
    const re = d.closed(close[0]!.code);
    expect(lastConnect(re).url).toBe(RESUME_URL);
    d.advance(lastConnect(re).delay);
    d.open();
    expect(sends(d.hello()).filter((p) => p.op === 2 || p.op === 6)).toEqual([
      { op: 6, d: { token: TOKEN, session_id: 'sess-1', seq: 2 } },
    ]);
  });

  it('bug #6: a second consecutive failed resume falls back to Identify', () => {
    const d = new FakeDriver({ random: () => 0 });
    d.establish();
    d.server({ op: 7 });
    d.closed(3000);
    d.open();
    d.hello();
    expect(d.session.state).toBe(GatewaySessionStates.Resuming);
    d.closed(4000); // first failure: still resumable
    expect(lastConnect(d.log).url).toBe(RESUME_URL);
    d.open();
    d.hello();
    d.closed(4000); // second failure in a row
    const c = lastConnect(d.log);
    expect(c.url).toBe(BASE_URL);
    d.open();
    expect(sends([...d.hello(), ...d.advance(5000)]).map((p) => p.op)).toContain(2);
  });

  it('bug #5 (discord.js #9244): no heartbeat from a previous connection or once a close has started', () => {
    const d = new FakeDriver({ random: () => 0.9 });
    d.establish(10_000);
    // Close starts (op 7) before the first, jittered beat is due.
    const out = d.server({ op: 7 });
    expect(ofType(out, 'close')).toHaveLength(1);
    expect(sends(d.advance(60_000))).toEqual([]);
    // The close completes; while reconnecting nothing is sent either.
    d.closed(3000);
    expect(sends(d.advance(25_000))).toEqual([]);
    // New connection: beats follow the new Hello only.
    d.open();
    d.hello(30_000);
    expect(sends(d.advance(26_999)).filter((p) => p.op === 1)).toEqual([]);
    expect(sends(d.advance(1)).filter((p) => p.op === 1)).toHaveLength(1);
  });

  it('bug #5: nothing is sent before the socket is open or after close()', () => {
    const d = new FakeDriver({ random: () => 0 });
    expect(sends(d.advance(10_000))).toEqual([]);
    d.establish(1000);
    d.session.close();
    const out = d.pump();
    expect(ofType(out, 'close')[0]!.code).toBe(1000);
    expect(sends(d.advance(10_000))).toEqual([]);
    d.closed(1000);
    expect(ofType(d.log, 'stopped')).toHaveLength(1);
    expect(d.session.nextDeadline()).toBeNull();
  });
});

describe('resume and reconnect rules', () => {
  it('bug #2 (twilight #1901): a resume connects to resume_gateway_url with the original query', () => {
    const d = new FakeDriver({ compress: 'zlib-stream', createDecompressor: () => ({ push: (f) => [f] }) });
    d.open();
    d.hello();
    d.session.receive(
      JSON.stringify({ op: 0, s: 1, t: 'READY', d: { session_id: 's', resume_gateway_url: `${RESUME_HOST}/` } }),
      d.now,
    );
    d.pump();
    d.session.receive(JSON.stringify({ op: 7, d: null, s: null, t: null }), d.now);
    d.pump();
    const c = d.closed(3000);
    expect(lastConnect(c).url).toBe(`${RESUME_HOST}/?v=10&encoding=json&compress=zlib-stream`);
  });

  it('op 7 → close with a session-keeping code and resume', () => {
    const d = new FakeDriver({ random: () => 0 });
    d.establish();
    const out = d.server({ op: 7 });
    expect(ofType(out, 'close')[0]!.code).not.toBe(1000);
    const re = d.closed(1006);
    expect(ofType(re, 'reconnecting')[0]).toMatchObject({ resume: true, url: RESUME_URL });
    d.open();
    expect(sends(d.hello()).map((p) => p.op)).toContain(6);
  });

  it('bug #3 (twilight #1942): after op 9 false the next dial is the original URL with Identify, after 1–5 s', () => {
    for (const r of [0, 0.999]) {
      const d = new FakeDriver({ random: () => r });
      d.establish();
      const out = d.server({ op: 9, d: false });
      expect(ofType(out, 'invalidSession')).toEqual([{ type: 'invalidSession', resumable: false }]);
      expect(d.session.resumeInfo()).toBeNull();
      const re = d.closed(3000);
      const c = lastConnect(re);
      expect(c.url).toBe(BASE_URL);
      expect(c.delay).toBeGreaterThanOrEqual(1000);
      expect(c.delay).toBeLessThanOrEqual(5000);
      d.advance(c.delay);
      d.open();
      const ops = sends([...d.hello(), ...d.advance(5000)]).map((p) => p.op);
      expect(ops).toContain(2);
      expect(ops).not.toContain(6);
    }
  });

  it('bug #3: after op 9 true the next message is Resume', () => {
    const d = new FakeDriver({ random: () => 0.1 });
    d.establish();
    d.server({ op: 9, d: true });
    const c = lastConnect(d.closed(3000));
    expect(c.url).toBe(RESUME_URL);
    d.open();
    expect(sends(d.hello())[0]).toEqual({ op: 6, d: { token: TOKEN, session_id: 'sess-1', seq: 1 } });
  });

  it('bug #3: a connection that fails to open on the resume URL drops the session and identifies at the base URL', () => {
    const d = new FakeDriver({ random: () => 0 });
    d.establish();
    d.closed(4000);
    expect(lastConnect(d.log).url).toBe(RESUME_URL);
    const re = d.closed(); // never opened
    expect(lastConnect(re).url).toBe(BASE_URL);
    d.open();
    expect(sends([...d.hello(), ...d.advance(5000)]).map((p) => p.op)).toContain(2);
  });

  it('bug #1 (discord.js #11601): 4007 and 4009 start a new session at the base URL, not a resume', () => {
    for (const code of [4007, 4009, 4003, 4005]) {
      const d = new FakeDriver({ random: () => 0 });
      d.establish();
      const re = d.closed(code);
      expect(lastConnect(re).url).toBe(BASE_URL);
      expect(d.session.resumeInfo()).toBeNull();
      d.open();
      const ops = sends([...d.hello(), ...d.advance(5000)]).map((p) => p.op);
      expect(ops).toContain(2);
      expect(ops).not.toContain(6);
    }
  });

  it('bug #1 (discord.js #7450): a close handshake that never finishes is terminated and the reconnect still happens', () => {
    const d = new FakeDriver({ random: () => 0, closeTimeoutMs: 2000 });
    d.establish();
    d.server({ op: 7 });
    expect(ofType(d.advance(1999), 'terminate')).toEqual([]);
    const out = d.advance(1);
    expect(ofType(out, 'terminate')).toHaveLength(1);
    expect(lastConnect(out).url).toBe(RESUME_URL);
    d.open();
    expect(sends(d.hello()).filter((p) => p.op === 6)).toHaveLength(1);
  });

  it('resumable closes (4000–4002, 4008, unknown 4xxx, 1006, no code) resume', () => {
    for (const code of [4000, 4001, 4002, 4008, 4999, 1006, undefined]) {
      const d = new FakeDriver({ random: () => 0 });
      d.establish();
      const re = d.closed(code);
      expect(lastConnect(re).url).toBe(RESUME_URL);
      d.open();
      expect(sends(d.hello()).filter((p) => p.op !== 1)).toEqual([
        { op: 6, d: { token: TOKEN, session_id: 'sess-1', seq: 1 } },
      ]);
    }
  });

  it('fatal close codes surface a typed error and stop', () => {
    for (const code of [4004, 4010, 4011, 4012, 4013, 4014]) {
      const d = new FakeDriver({ random: () => 0, intents: 513 | 2 | 32768 });
      d.establish();
      const out = d.closed(code, 'nope');
      expect(ofType(out, 'connect')).toEqual([]);
      const stopped = ofType(out, 'stopped');
      expect(stopped).toHaveLength(1);
      const err = stopped[0]!.error!;
      expect(err).toBeInstanceOf(GatewaySessionError);
      expect(err.code).toBe(GatewaySessionErrorCodes.FatalClose);
      expect(err.closeCode).toBe(code);
      if (code === 4014) {
        expect(err.privilegedIntents).toEqual(
          expect.arrayContaining([expect.stringMatching(/member/i), expect.stringMatching(/content/i)]),
        );
        expect(err.message).toMatch(/4014/);
      }
      expect(d.session.state).toBe(GatewaySessionStates.Stopped);
      expect(d.session.nextDeadline()).toBeNull();
      expect(() => d.session.updatePresence({ since: null, activities: [], status: 'online', afk: false })).toThrow(
        expect.objectContaining({ code: GatewaySessionErrorCodes.Stopped }),
      );
    }
  });

  it('no Hello in time → close and reconnect', () => {
    const d = new FakeDriver({ random: () => 0, helloTimeoutMs: 3000 });
    d.open();
    const out = d.advance(3000);
    expect(ofType(out, 'close')).toHaveLength(1);
    d.closed(3000);
    expect(ofType(d.log, 'connect')).toHaveLength(2);
  });

  it('close({ keepSession: true }) uses a session-keeping code and keeps resume info', () => {
    const d = new FakeDriver({ random: () => 0 });
    d.establish();
    d.session.close({ keepSession: true });
    const code = ofType(d.pump(), 'close')[0]!.code;
    expect(code).toBeGreaterThanOrEqual(3000);
    expect(code).toBeLessThan(4000);
    d.closed(code);
    expect(d.session.resumeInfo()).toEqual({ sessionId: 'sess-1', sequence: 1, resumeGatewayUrl: RESUME_HOST });
  });

  it('a client close code is never read back as a Discord close code', () => {
    // We close with a keep-session code for op 9 false; whatever code comes back, the plan stands.
    const d = new FakeDriver({ random: () => 0 });
    d.establish();
    d.server({ op: 9, d: false });
    d.closed(4004);
    expect(d.session.state).toBe(GatewaySessionStates.Connecting);
    expect(lastConnect(d.log).url).toBe(BASE_URL);
  });

  it('the client only ever closes with 1000 or a code in 3000–4999 (WHATWG WebSocket range)', () => {
    const d = new FakeDriver({ random: () => 0, helloTimeoutMs: 100 });
    d.establish(1000);
    d.advance(1000);
    d.advance(1000); // zombie
    d.closed(3000);
    d.open();
    d.advance(100); // no hello
    d.closed();
    d.open();
    d.hello();
    d.server({ op: 9, d: false });
    d.closed();
    d.open();
    d.hello();
    d.session.receive('{not json', d.now); // decode error
    d.pump();
    d.closed();
    d.open();
    d.session.close();
    d.pump();
    expect(d.closeCodes).toHaveLength(5);
    for (const c of d.closeCodes) expect(c === 1000 || (c >= 3000 && c <= 4999)).toBe(true);
  });
});

describe('backoff', () => {
  it('grows exponentially with jitter up to a cap, and resets after READY', () => {
    const d = new FakeDriver({ random: () => 0.999, backoff: { baseMs: 1000, maxMs: 8000 } });
    d.establish();
    const delays: number[] = [];
    d.closed(4000);
    for (let i = 0; i < 6; i++) {
      const c = lastConnect(d.log);
      delays.push(c.delay);
      d.advance(c.delay);
      d.closed(); // connection fails to open
    }
    expect(delays).toEqual([999, 1998, 3996, 7992, 7992, 7992]);
    d.open();
    d.hello();
    d.ready(1, 'sess-2');
    d.closed(4000);
    expect(lastConnect(d.log).delay).toBe(999);
  });

  it('resets after RESUMED', () => {
    const d = new FakeDriver({ random: () => 0.5, backoff: { baseMs: 1000, maxMs: 60_000 } });
    d.establish();
    d.closed(4000);
    expect(lastConnect(d.log).delay).toBe(500);
    d.open();
    d.hello();
    d.closed(1006); // first failed resume
    expect(lastConnect(d.log).delay).toBe(1000);
    d.open();
    d.hello();
    d.dispatch('RESUMED', 2);
    d.closed(4000);
    expect(lastConnect(d.log).delay).toBe(500);
  });

  it('jitter: different random values give different delays', () => {
    const delay = (r: number) => {
      const d = new FakeDriver({ random: sequenceRandom(0, r) });
      d.establish();
      d.closed(4000);
      return lastConnect(d.log).delay;
    };
    expect(delay(0.1)).toBe(100);
    expect(delay(0.9)).toBe(900);
  });
});

describe('rate limits and payload size', () => {
  it('Identify goes through the shared identify scheduler (max_concurrency buckets, 5 s)', async () => {
    const { IdentifyScheduler } = await import('../../src/protocol/index.js');
    let clock = 0;
    const scheduler = new IdentifyScheduler({ maxConcurrency: 2, clock: () => clock });
    const drivers = [0, 1, 2, 3].map(
      (id) => new FakeDriver({ shard: [id, 4], identifyScheduler: scheduler, random: () => 0.9 }),
    );
    clock = drivers[0]!.now;
    const identifiedAt: number[] = [];
    drivers.forEach((d, i) => {
      d.open();
      if (sends(d.hello()).some((p) => p.op === 2)) identifiedAt[i] = 0;
    });
    for (let t = 500; t <= 12_000; t += 500) {
      clock += 500;
      drivers.forEach((d, i) => {
        if (sends(d.advance(500)).some((p) => p.op === 2)) identifiedAt[i] = t;
      });
    }
    expect(identifiedAt).toEqual([0, 0, 5000, 5000]);
  });

  it('commands wait for READY, then go through the send limiter while heartbeats stay on time', () => {
    const d = new FakeDriver({ random: () => 0 });
    d.open();
    d.hello(20_000);
    const presence = { since: null, activities: [], status: 'online' as const, afk: false };
    d.session.updatePresence(presence);
    expect(sends(d.pump()).filter((p) => p.op === 3)).toEqual([]);
    d.ready();
    expect(sends(d.log).filter((p) => p.op === 3)).toHaveLength(1);
    for (let i = 0; i < 200; i++) d.session.updatePresence(presence);
    const burst = sends(d.pump()).filter((p) => p.op === 3);
    // 120 per 60 s minus the heartbeat reserve (ceil(60000/20000)+1 = 4) → 116; Identify and the
    // first presence update already used two.
    expect(burst).toHaveLength(114);
    // Heartbeats keep their schedule while commands wait for the window to slide.
    for (let i = 0; i < 2; i++) {
      d.server({ op: 11 });
      const beat = sends(d.advance(20_000));
      expect(beat).toEqual([{ op: 1, d: 1 }]);
    }
    d.server({ op: 11 });
    expect(sends(d.advance(19_999))).toEqual([]);
    const freed = sends(d.advance(1));
    expect(freed.filter((p) => p.op === 1)).toHaveLength(1);
    expect(freed.filter((p) => p.op === 3)).toHaveLength(86);
  });

  it('a payload over 4096 bytes is refused with a typed error before sending', () => {
    const d = new FakeDriver({ random: () => 0 });
    d.establish();
    let error: unknown;
    try {
      d.session.requestGuildMembers({
        guild_id: '1',
        limit: 0,
        user_ids: Array.from({ length: 300 }, (_, i) => String(1e17 + i)),
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GatewaySessionError);
    expect((error as GatewaySessionError).code).toBe(GatewaySessionErrorCodes.PayloadTooLarge);
    expect(sends(d.pump()).filter((p) => p.op === 8)).toEqual([]);
    // An Identify that can never fit is a configuration error at creation.
    expect(
      () =>
        new FakeDriver({
          presence: { since: null, activities: [{ name: 'x'.repeat(5000), type: 0 }], status: 'online', afk: false },
        }),
    ).toThrow(expect.objectContaining({ code: GatewaySessionErrorCodes.PayloadTooLarge }));
  });

  it('every command maps to its opcode', () => {
    const d = new FakeDriver({ random: () => 0 });
    d.establish();
    d.session.updatePresence({ since: null, activities: [], status: 'dnd', afk: false });
    d.session.updateVoiceState({ guild_id: '1', channel_id: null, self_mute: false, self_deaf: false });
    d.session.requestGuildMembers({ guild_id: '1', query: '', limit: 0 });
    d.session.requestSoundboardSounds({ guild_ids: ['1'] });
    d.session.requestChannelInfo({ guild_id: '1', fields: ['status'] });
    expect(sends(d.pump()).map((p) => p.op)).toEqual([3, 4, 8, 31, 43]);
  });
});

describe('sequence, compression, filtering and validation', () => {
  it('tracks the sequence: non-dispatch frames leave it, replays never move it back, Identify resets it', () => {
    const d = new FakeDriver({ random: () => 0 });
    d.establish();
    d.dispatch('MESSAGE_CREATE', 2);
    d.dispatch('MESSAGE_CREATE', 3);
    d.server({ op: 11 });
    expect(d.session.sequence).toBe(3);
    const dup = d.dispatch('MESSAGE_CREATE', 2);
    expect(ofType(dup, 'dispatch')).toEqual([]);
    expect(d.session.sequence).toBe(3);
    d.closed(4009);
    d.open();
    d.hello();
    expect(d.session.sequence).toBeNull();
  });

  it('reports a sequence gap as an event, and still delivers', () => {
    const d = new FakeDriver({ random: () => 0 });
    d.establish();
    const out = d.dispatch('MESSAGE_CREATE', 5);
    expect(ofType(out, 'sequenceGap')).toEqual([{ type: 'sequenceGap', expected: 2, received: 5 }]);
    expect(ofType(out, 'dispatch')).toHaveLength(1);
  });

  it('bug #7 (eris #1364): every connection gets a fresh decompressor; frames after close are dropped', () => {
    const made: { frames: Uint8Array[] }[] = [];
    const createDecompressor = (): SessionDecompressor => {
      const ctx = { frames: [] as Uint8Array[] };
      made.push(ctx);
      return {
        push(f) {
          ctx.frames.push(f);
          return [f];
        },
      };
    };
    const d = new FakeDriver({ random: () => 0, compress: 'zlib-stream', createDecompressor });
    const enc = (p: unknown) => new TextEncoder().encode(JSON.stringify(p));
    d.session.open(d.now);
    d.session.receive(enc({ op: 10, d: { heartbeat_interval: 40000 }, s: null, t: null }), d.now);
    d.session.receive(enc({ op: 0, s: 1, t: 'READY', d: { session_id: 'a', resume_gateway_url: RESUME_HOST } }), d.now);
    d.session.receive(enc({ op: 7, d: null, s: null, t: null }), d.now);
    d.session.receive(enc({ op: 0, s: 2, t: 'MESSAGE_CREATE', d: {} }), d.now); // late frame after close started
    d.pump();
    expect(made).toHaveLength(1);
    expect(made[0]!.frames).toHaveLength(3);
    d.closed(3000);
    d.session.receive(enc({ op: 0, s: 3, t: 'MESSAGE_CREATE', d: {} }), d.now); // between connections
    d.open();
    expect(made).toHaveLength(2);
    expect(made[1]!.frames).toHaveLength(0);
    expect(ofType(d.log, 'dispatch').map((e) => e.s)).toEqual([1]);
  });

  it('a decompressor that cannot be created stops the session with a typed error instead of throwing', () => {
    const d = new FakeDriver({
      compress: 'zstd-stream',
      createDecompressor: () => {
        throw new Error('no zstd here');
      },
    });
    expect(() => d.session.open(d.now)).not.toThrow();
    const out = d.pump();
    expect(ofType(out, 'terminate')).toHaveLength(1);
    expect(ofType(out, 'stopped')[0]!.error!.code).toBe(GatewaySessionErrorCodes.BadOptions);
  });

  it('a frame that fails to decode is reported and the connection is resumed', () => {
    const d = new FakeDriver({ random: () => 0 });
    d.establish();
    d.session.receive('{"op":0,"s":2,"t":"MESSAGE_CREATE","d":{', d.now);
    const out = d.pump();
    expect(ofType(out, 'error')[0]!.error.code).toBe(GatewaySessionErrorCodes.DecodeFailed);
    expect(ofType(out, 'close')).toHaveLength(1);
    d.closed(3000);
    expect(lastConnect(d.log).url).toBe(RESUME_URL);
  });

  it('optional validation: an invalid payload is reported and not delivered', () => {
    const d = new FakeDriver({
      random: () => 0,
      validate: (p) =>
        (p as { t?: string }).t === 'MESSAGE_CREATE' && !(p as { d: { id?: string } }).d.id
          ? new Error('d.id is required')
          : null,
    });
    d.establish();
    const bad = d.dispatch('MESSAGE_CREATE', 2, {});
    expect(ofType(bad, 'dispatch')).toEqual([]);
    expect(ofType(bad, 'error')[0]!.error.code).toBe(GatewaySessionErrorCodes.InvalidPayload);
    expect(d.session.sequence).toBe(2);
    const good = d.dispatch('MESSAGE_CREATE', 3, { id: '1' });
    expect(ofType(good, 'dispatch')).toHaveLength(1);
  });

  it('bug #10 (wrong intents for an event): dispatches the intents did not enable are dropped before parsing', async () => {
    const { jsonCodec } = await import('../../src/json/index.js');
    const decoded: string[] = [];
    const codec = {
      ...jsonCodec,
      decode: (data: Uint8Array | string) => {
        decoded.push(typeof data === 'string' ? data : new TextDecoder().decode(data));
        return jsonCodec.decode(data);
      },
    };
    const d = new FakeDriver({ random: () => 0, intents: 1 /* GUILDS */, codec });
    d.establish();
    decoded.length = 0;
    const dropped = d.dispatch('MESSAGE_CREATE', 2, { id: 'secret-body' });
    expect(ofType(dropped, 'dispatch')).toEqual([]);
    expect(decoded).toEqual([]); // never parsed
    expect(d.session.sequence).toBe(2); // but its sequence counts
    expect(ofType(d.dispatch('GUILD_CREATE', 3, { id: '1' }), 'dispatch')).toHaveLength(1);
    // Sent for the bot's own member even without GUILD_MEMBERS.
    expect(ofType(d.dispatch('GUILD_MEMBER_UPDATE', 4, { guild_id: '1' }), 'dispatch')).toHaveLength(1);
    // An event this build does not know is delivered, untyped.
    expect(ofType(d.dispatch('SOME_FUTURE_EVENT', 5, { x: 1 }), 'unknownDispatch')).toEqual([
      { type: 'unknownDispatch', t: 'SOME_FUTURE_EVENT', s: 5, d: { x: 1 } },
    ]);
    // With GUILD_MESSAGES, MESSAGE_CREATE arrives.
    const e = new FakeDriver({ random: () => 0, intents: 512 });
    e.establish();
    expect(ofType(e.dispatch('MESSAGE_CREATE', 2, { id: '9' }), 'dispatch')).toHaveLength(1);
  });

  it('validate: true checks payloads through gatewire/validate (fixtures: valid delivered, invalid reported at its path)', () => {
    const fixture = (name: string) =>
      JSON.parse(readFileSync(new URL(`../fixtures/receive/${name}.json`, import.meta.url), 'utf8')) as Record<
        string,
        unknown
      >;
    const ready = fixture('READY');
    const message = fixture('MESSAGE_CREATE');
    const d = new FakeDriver({ random: () => 0, validate: true, intents: 513 | 32768 });
    d.open();
    d.hello();
    d.server({ ...(ready as { op: number }), s: 1 });
    expect(ofType(d.log, 'error')).toEqual([]);
    expect(d.session.state).toBe(GatewaySessionStates.Ready);
    const good = d.server({ ...(message as { op: number }), s: 2 });
    expect(ofType(good, 'dispatch')).toHaveLength(1);
    const bad = d.server({ ...(message as { op: number }), s: 3, d: { ...(message['d'] as object), id: 12 } });
    expect(ofType(bad, 'dispatch')).toEqual([]);
    const err = ofType(bad, 'error')[0]!.error;
    expect(err.code).toBe(GatewaySessionErrorCodes.InvalidPayload);
    expect(err.path).toBe('/d/id');
    expect(d.session.sequence).toBe(3);
    // strip mode delivers the payload without keys the schema does not list.
    const e = new FakeDriver({ random: () => 0, validate: { mode: 'strip' }, intents: 513 | 32768 });
    e.open();
    e.hello();
    e.server({ ...(ready as { op: number }), s: 1 });
    const stripped = e.server({
      ...(message as { op: number }),
      s: 2,
      d: { ...(message['d'] as object), not_a_field: 1 },
    });
    const delivered = ofType(stripped, 'dispatch')[0]!.d as Record<string, unknown>;
    expect(delivered['id']).toBe((message['d'] as { id: string }).id);
    expect('not_a_field' in delivered).toBe(false);
  });

  it('bug #9 (ETF snowflakes as integers): over ETF, snowflakes arrive as the strings JSON would give', async () => {
    const { encode } = await import('../../src/etf/index.js');
    const d = new FakeDriver({ random: () => 0, encoding: 'etf' });
    expect(ofType(d.log, 'connect')[0]!.url).toBe(`${BASE}/?v=10&encoding=etf`);
    d.open();
    const sent: GatewaySessionOutput[] = [];
    d.session.receive(encode({ op: 10, d: { heartbeat_interval: 40_000 }, s: null, t: null }), d.now);
    sent.push(...d.pump());
    // Outgoing frames are binary ETF.
    expect(ofType(sent, 'send').every((o) => o.data instanceof Uint8Array)).toBe(true);
    d.session.receive(
      encode({
        op: 0,
        s: 1,
        t: 'READY',
        d: { v: 10, session_id: 'e', resume_gateway_url: RESUME_HOST, user: { id: 123456789012345678n }, guilds: [] },
      }),
      d.now,
    );
    d.session.receive(
      encode({
        op: 0,
        s: 2,
        t: 'MESSAGE_CREATE',
        d: { id: 1234567890123456789n, channel_id: 41771983444115456n, guild_id: 7, content: 'x', author: { id: 5 } },
      }),
      d.now,
    );
    const out = d.pump();
    const ready = ofType(out, 'ready')[0]!;
    expect(ready.d.user.id).toBe('123456789012345678');
    const msg = ofType(out, 'dispatch').find((e) => e.t === 'MESSAGE_CREATE')!;
    expect(msg.d).toMatchObject({
      id: '1234567890123456789',
      channel_id: '41771983444115456',
      guild_id: '7',
      author: { id: '5' },
    });
  });

  it('READY and dispatches are delivered with their data', () => {
    const d = new FakeDriver({ random: () => 0 });
    d.establish();
    const out = d.dispatch('MESSAGE_CREATE', 2, { id: '5', content: 'hi' });
    expect(ofType(out, 'dispatch')).toEqual([
      { type: 'dispatch', t: 'MESSAGE_CREATE', s: 2, d: { id: '5', content: 'hi' } },
    ]);
    expect(ofType(d.log, 'ready')[0]).toMatchObject({
      type: 'ready',
      sessionId: 'sess-1',
      resumeGatewayUrl: RESUME_HOST,
    });
  });

  it('is deterministic: the same inputs give the same outputs', () => {
    const run = () => {
      const d = new FakeDriver({ random: sequenceRandom(0.3, 0.7, 0.1) });
      d.establish(5000);
      d.advance(20_000);
      d.closed(4000);
      d.advance(5000);
      d.open();
      d.hello(5000);
      return JSON.stringify(d.log);
    };
    expect(run()).toBe(run());
  });
});

describe('types', () => {
  it('a dispatch event narrows its data by t', () => {
    const contentOf = (e: GatewaySessionEvent): string | null =>
      e.type === 'dispatch' && e.t === 'MESSAGE_CREATE' ? e.d.content : null;
    expectTypeOf(contentOf).returns.toEqualTypeOf<string | null>();
    expect(contentOf({ type: 'resumed' })).toBeNull();
  });
});

describe('createGatewaySession', () => {
  it('is exported as a function with the documented inputs', () => {
    const s = createGatewaySession({
      token: 't',
      intents: 0,
      encoding: 'json',
      properties: { os: 'a', browser: 'b', device: 'c' },
    });
    for (const k of [
      'open',
      'receive',
      'closed',
      'tick',
      'drain',
      'nextDeadline',
      'close',
      'updatePresence',
      'updateVoiceState',
      'requestGuildMembers',
      'requestSoundboardSounds',
      'requestChannelInfo',
    ]) {
      expect(typeof (s as unknown as Record<string, unknown>)[k]).toBe('function');
    }
  });
});
