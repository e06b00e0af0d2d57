/**
 * Regressions for the hostile-input audit (issue #15) and #11 items 11-12, in the session: what a
 * server that does not play by the rules could do to a bot's state, timers and liveness.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { decode as etfDecode, encode as etfEncode } from '../../src/etf/index.js';
import { ClientCloseCodes, IdentifyScheduler } from '../../src/protocol/index.js';
import {
  GatewaySessionErrorCodes,
  createGatewaySession,
  runWithTransport,
  type GatewaySession,
  type GatewaySessionEvent,
  type GatewaySessionOutput,
  type SessionCodec,
  type TransportHandlers,
  type TransportSocket,
} from '../../src/session/index.js';
import { DEFAULT_USER_AGENT, connectGateway, type GatewayConnection } from '../../src/session/ws/index.js';
import { FakeDriver, ofType, sends } from './helpers.js';
import { startTestGateway, type TestGateway } from '../../src/testing/index.js';
import { waitFor } from '../testing/helpers.js';
import { runChild } from '../fuzz/child.js';

const errorsOf = (out: readonly GatewaySessionOutput[]) => ofType(out, 'error').map((e) => e.error.code);

/** An ETF session driven with binary frames the way Discord's gateway writes them. */
class EtfDriver extends FakeDriver {
  constructor(options: ConstructorParameters<typeof FakeDriver>[0] = {}) {
    super({ encoding: 'etf', ...options });
  }
  frame(bytes: Uint8Array): GatewaySessionOutput[] {
    this.session.receive(bytes, this.now);
    return this.pump();
  }
  override server(payload: { op: number; d?: unknown; s?: number | null; t?: string | null }): GatewaySessionOutput[] {
    return this.frame(etfEncode({ s: null, t: null, d: null, ...payload }));
  }
}

function etfSends(out: readonly GatewaySessionOutput[]): { op: number; d: unknown }[] {
  return ofType(out, 'send').map((o) => etfDecode(o.data as Uint8Array) as { op: number; d: unknown });
}

describe('#15.2 a NaN or Infinity sequence in ETF never becomes state', () => {
  it('a NEW_FLOAT_EXT NaN sequence is refused and the next heartbeat still goes out', () => {
    const d = new EtfDriver();
    d.establish();
    const bytes = etfEncode({ op: 0, t: 'MESSAGE_CREATE', s: 1.5, d: {} });
    const at = bytes.indexOf(70);
    bytes.set([0x7f, 0xf8, 0, 0, 0, 0, 0, 0], at + 1);
    d.frame(bytes);
    expect(d.session.sequence).toBe(1);
    // whatever happened to that connection, time passing never throws out of tick()
    expect(() => d.advance(200_000)).not.toThrow();
  });

  it('a codec that yields NaN, Infinity, -1 or 1.5 as s gets a protocol error, not a sequence', () => {
    for (const bad of [NaN, Infinity, -Infinity, -1, 1.5, 2 ** 53]) {
      let injected = false;
      const codec: SessionCodec = {
        binary: true,
        encode: (v) => etfEncode(v),
        decode: (data) => {
          const v = etfDecode(data as Uint8Array) as Record<string, unknown>;
          if (injected && v['op'] === 0) v['s'] = bad;
          return v;
        },
      };
      const d = new EtfDriver({ codec });
      d.establish();
      injected = true;
      const out = d.server({ op: 0, t: 'MESSAGE_CREATE', s: 2, d: {} });
      expect(errorsOf(out)).toEqual([GatewaySessionErrorCodes.ProtocolViolation]);
      expect(ofType(out, 'dispatch')).toEqual([]);
      expect(d.session.sequence).toBe(1);
      const beats = etfSends(d.advance(40_000)).filter((p) => p.op === 1);
      expect(beats.length).toBeGreaterThan(0);
      expect(beats.every((p) => p.d === 1)).toBe(true);
      d.server({ op: 11 });
      injected = false;
      expect(ofType(d.server({ op: 0, t: 'MESSAGE_CREATE', s: 2, d: {} }), 'dispatch')).toHaveLength(1);
    }
  });

  it('a heartbeat that a custom codec cannot encode is an error event, never a throw from tick()', () => {
    let fail = false;
    const codec: SessionCodec = {
      binary: false,
      encode: (v) => {
        if (fail) throw new Error('boom');
        return new TextEncoder().encode(JSON.stringify(v));
      },
      decode: (data) => JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data)),
    };
    const d = new FakeDriver({ codec });
    d.establish();
    fail = true;
    let out: GatewaySessionOutput[] = [];
    expect(() => (out = d.advance(45_000))).not.toThrow();
    expect(errorsOf(out)).toContain(GatewaySessionErrorCodes.EncodeFailed);
    expect(ofType(out, 'close')[0]?.code).toBe(ClientCloseCodes.Resumable);
  });
});

describe('#15.1 an ETF amplification bomb through a session', () => {
  it('one 16 KB server frame neither kills nor wedges an ETF session in a 256 MB heap', () => {
    const r = runChild(
      `import { deflateSync } from 'node:zlib';
       import { createGatewaySession } from '$REPO/src/session/index.js';
       import { encode } from '$REPO/src/etf/index.js';
       const n = 16 * 2 ** 20 - 6, body = new Uint8Array(n + 6);
       body.set([108, n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]); body.fill(106, 5);
       const head = Buffer.alloc(6); head[0] = 131; head[1] = 80; head.writeUInt32BE(body.length, 2);
       const bomb = Buffer.concat([head, deflateSync(body, { level: 9 })]);
       const s = createGatewaySession({ token: 'Bot x', intents: 1, encoding: 'etf', properties: { os: 'l', browser: 'b', device: 'd' }, random: () => 0.5, now: 0 });
       s.drain(); s.open(0);
       s.receive(encode({ op: 10, d: { heartbeat_interval: 41250 }, s: null, t: null }), 0);
       s.receive(bomb, 1);
       const out = s.drain();
       console.log(JSON.stringify({ errors: out.filter((o) => o.type === 'error').map((o) => o.error.code), closes: out.filter((o) => o.type === 'close').length, state: s.state }));`,
      { heapMb: 256 },
    );
    expect(r.status, r.stderr).toBe(0);
    const report = r.report as { errors: string[]; closes: number; state: string };
    expect(report.errors).toEqual([GatewaySessionErrorCodes.DecodeFailed]);
    expect(report.closes).toBe(1);
    expect(report.state).toBe('closing');
  });
});

describe('#15.9 "s": 1e400 does not drop every later dispatch', () => {
  it('reports the frame and keeps delivering the next dispatches, heartbeats and resume carry the real sequence', () => {
    const d = new FakeDriver();
    d.establish();
    d.session.receive('{"op":0,"t":"MESSAGE_CREATE","s":1e400,"d":{}}', d.now);
    const out = d.pump();
    expect(errorsOf(out)).toEqual([GatewaySessionErrorCodes.ProtocolViolation]);
    expect(d.session.sequence).toBe(1);
    let delivered = 0;
    for (let s = 2; s < 102; s++) delivered += ofType(d.dispatch('MESSAGE_CREATE', s), 'dispatch').length;
    expect(delivered).toBe(100);
    const beat = sends(d.advance(40_000)).find((p) => p.op === 1);
    expect(beat?.d).toBe(101);
    d.closed(4000);
    d.open();
    expect(sends(d.hello()).find((p) => p.op === 6)?.d).toMatchObject({ seq: 101 });
  });

  it('the same for -1, 1.5 and 9007199254740993 written in JSON', () => {
    for (const s of ['-1', '1.5', '9007199254740993', '1e400']) {
      const d = new FakeDriver();
      d.establish();
      d.session.receive(`{"op":0,"t":"MESSAGE_CREATE","s":${s},"d":{}}`, d.now);
      expect(errorsOf(d.pump())).toEqual([GatewaySessionErrorCodes.ProtocolViolation]);
      expect(d.session.sequence).toBe(1);
    }
  });
});

describe('#15.8 a dispatch with a corrupt body is replayed by the resume', () => {
  it('records no sequence for a dispatch whose body does not parse, reports it and resumes from before it', () => {
    const d = new FakeDriver();
    d.establish();
    d.dispatch('MESSAGE_CREATE', 2);
    d.session.receive('{"op":0,"t":"MESSAGE_CREATE","s":3,"d":{"content":tru}}', d.now);
    const out = d.pump();
    expect(errorsOf(out)).toEqual([GatewaySessionErrorCodes.DecodeFailed]);
    expect(ofType(out, 'error')[0]!.error.message).toMatch(/MESSAGE_CREATE dispatch \(s 3\).*not recorded/);
    expect(d.session.sequence).toBe(2);
    d.closed(4000);
    d.open();
    expect(sends(d.hello()).find((p) => p.op === 6)?.d).toMatchObject({ seq: 2 });
    // the replayed dispatch 3 is delivered once
    const replay = d.dispatch('MESSAGE_CREATE', 3, { content: true });
    expect(ofType(replay, 'dispatch').map((e) => e.s)).toEqual([3]);
  });
});

describe('#15.6 a huge heartbeat_interval neither prints nor hot-spins', () => {
  it('Hello intervals outside the sane range are protocol errors', () => {
    for (const interval of [1e12, 1e308, 0, -1, 0.5, 1, 1e-300, NaN]) {
      const d = new FakeDriver();
      d.open();
      const out = d.hello(interval);
      expect(errorsOf(out)).toEqual([GatewaySessionErrorCodes.ProtocolViolation]);
      expect(d.session.state).toBe('closing');
    }
    for (const interval of [41_250, 1000, 100, 1e6]) {
      const d = new FakeDriver();
      d.open();
      expect(errorsOf(d.hello(interval))).toEqual([]);
    }
    const custom = new FakeDriver({ heartbeatIntervalRangeMs: [1, 2e12] });
    custom.open();
    expect(errorsOf(custom.hello(1e12))).toEqual([]);
  });

  it('the runner never passes setTimeout more than 2^31 - 1 ms, however far the deadline', () => {
    const delays: number[] = [];
    let now = 0;
    const far = 1e12;
    const session = {
      nextDeadline: () => far,
      drain: (): GatewaySessionOutput[] => [],
      tick: (t: number) => void (now = t),
    } as unknown as GatewaySession;
    const conn = runWithTransport(session, () => ({}) as TransportSocket, {
      now: () => now,
      timers: {
        setTimeout: (_fn, ms) => {
          delays.push(ms);
          return delays.length;
        },
        clearTimeout: () => {},
      },
    });
    expect(delays).toEqual([2 ** 31 - 1]);
    expect(conn.stats().timers).toBe(1);
  });

  it('over a real socket: Hello 1e12 gives no TimeoutOverflowWarning and no timer storm', () => {
    const r = runChild(
      `import { startTestGateway } from '$REPO/src/testing/index.ts';
       import { connectGateway } from '$REPO/src/session/ws/index.js';
       const warnings = [];
       process.on('warning', (w) => warnings.push(w.name));
       // The test gateway refuses such an interval as an option; the hook sends the hostile Hello raw.
       const gw = await startTestGateway({ hooks: { onConnect: (c) => void c.sendRaw({ op: 10, d: { heartbeat_interval: 1e12 } }) } });
       gw.sendHello = false;
       let timers = 0;
       const events = [];
       const conn = connectGateway({
         token: 'Bot x', intents: 1, encoding: 'json', properties: { os: 'l', browser: 'b', device: 'd' },
         url: gw.url, backoff: { baseMs: 200, maxMs: 400 },
         timers: { setTimeout: (fn, ms) => { timers++; return setTimeout(fn, ms); }, clearTimeout: (h) => clearTimeout(h) },
         onEvent: (e) => events.push(e.type === 'error' ? e.error.code : e.type),
       });
       await new Promise((r) => setTimeout(r, 1500));
       await conn.close();
       await gw.stop();
       console.log(JSON.stringify({ warnings, timers, errors: events.filter((e) => e.startsWith('SESSION_')) }));`,
      { heapMb: 128 },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/TimeoutOverflowWarning/);
    const report = r.report as { warnings: string[]; timers: number; errors: string[] };
    expect(report.warnings).toEqual([]);
    expect(report.timers).toBeLessThan(100);
    expect(report.errors).toContain(GatewaySessionErrorCodes.ProtocolViolation);
  });
});

describe('#15.10 READY and RESUMED time out; dispatches before Hello are protocol errors', () => {
  it('no READY after Identify: error event, resumable close, reconnect with backoff, queued commands go out after READY', () => {
    const d = new FakeDriver({ readyTimeoutMs: 30_000, backoff: { baseMs: 1000, maxMs: 60_000 } });
    d.open();
    d.hello();
    d.advance(0);
    d.session.requestGuildMembers({ guild_id: '1', query: '', limit: 0 }, d.now);
    // the server ACKs heartbeats but never answers Identify
    let out: GatewaySessionOutput[] = [];
    for (let t = 0; t < 29; t++) {
      out.push(...d.advance(1000));
      d.server({ op: 11 });
    }
    expect(errorsOf(out)).toEqual([]);
    expect(d.session.state).toBe('identifying');
    out = d.advance(2000);
    expect(errorsOf(out)).toEqual([GatewaySessionErrorCodes.ReadyTimeout]);
    expect(ofType(out, 'close')[0]?.code).toBe(ClientCloseCodes.Resumable);
    out = d.closed(4000);
    const reconnect = ofType(out, 'reconnecting')[0]!;
    expect(reconnect).toBeDefined();
    expect(reconnect.delay).toBeGreaterThan(0);
    d.advance(reconnect.delay);
    d.open();
    d.hello();
    d.advance(6000);
    const sent = sends(d.ready(1, 'sess-2'));
    expect(sent.map((p) => p.op)).toContain(8);
  });

  it('no RESUMED after Resume: times out too, and replayed dispatches keep the resume alive', () => {
    const d = new FakeDriver({ readyTimeoutMs: 10_000 });
    d.establish();
    d.closed(4000);
    d.open();
    d.hello();
    expect(d.session.state).toBe('resuming');
    for (let s = 2; s < 10; s++) {
      expect(errorsOf(d.advance(5000))).toEqual([]);
      d.server({ op: 11 });
      d.dispatch('MESSAGE_CREATE', s);
    }
    const out = d.advance(11_000);
    expect(errorsOf(out)).toEqual([GatewaySessionErrorCodes.ReadyTimeout]);
    expect(ofType(out, 'close')[0]?.code).toBe(ClientCloseCodes.Resumable);
  });

  it('a READY or a dispatch before Hello is refused, and its sequence not taken', () => {
    const d = new FakeDriver();
    d.open();
    const out = [...d.ready(5), ...d.dispatch('MESSAGE_CREATE', 6)];
    expect(errorsOf(out)).toEqual([GatewaySessionErrorCodes.ProtocolViolation, GatewaySessionErrorCodes.ProtocolViolation]);
    expect(ofType(out, 'ready')).toEqual([]);
    expect(d.session.sequence).toBeNull();
    expect(d.session.state).toBe('waitingHello');
    d.hello();
    d.advance(0);
    expect(ofType(d.ready(1), 'ready')).toHaveLength(1);
  });
});

describe('#11.11 a shared IdentifyScheduler and the session agree on the clock', () => {
  it('IdentifyScheduler defaults to performance.now, the clock connectGateway drives sessions with', () => {
    const scheduler = new IdentifyScheduler({ maxConcurrency: 1 });
    const before = performance.now();
    const at = scheduler.reserve(0);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(performance.now());
    expect(Math.abs(scheduler.now() - performance.now())).toBeLessThan(50);
  });

  it('a gate on another clock gets an error event and the session still identifies after the wait the gate meant', () => {
    // the gate runs on Date.now, the session on a performance.now-like clock
    const scheduler = new IdentifyScheduler({ maxConcurrency: 1, clock: () => Date.now() });
    const drivers = [0, 1].map((shard) => new FakeDriver({ identifyScheduler: scheduler, shard: [shard, 2] }));
    const identifiedAfter: number[] = [];
    drivers.forEach((d, i) => {
      d.open();
      const start = d.now;
      const out = d.hello();
      expect(errorsOf(out)).toEqual([GatewaySessionErrorCodes.IdentifyStalled]);
      if (sends(out).some((p) => p.op === 2)) identifiedAfter[i] = 0;
      for (let step = 0; step < 20 && identifiedAfter[i] === undefined; step++) {
        if (sends(d.advance(1000)).some((p) => p.op === 2)) identifiedAfter[i] = d.now - start;
      }
    });
    expect(identifiedAfter[0]).toBe(0);
    // the second shard shares the bucket: about 5 s later, not never
    expect(identifiedAfter[1]).toBeGreaterThanOrEqual(4000);
    expect(identifiedAfter[1]).toBeLessThanOrEqual(6000);
  });

  it('a gate without a clock that asks for an impossible wait is reported', () => {
    const d = new FakeDriver({ identifyScheduler: { reserve: () => Date.now() + 1e12 } });
    d.open();
    expect(errorsOf(d.hello())).toEqual([GatewaySessionErrorCodes.IdentifyStalled]);
  });
});

describe('#11.12 the ws adapter sends a User-Agent', () => {
  let gw: TestGateway | null = null;
  let conn: GatewayConnection | null = null;
  afterEach(async () => {
    await conn?.close();
    await gw?.stop();
    conn = null;
    gw = null;
  });

  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; homepage: string };

  it('is DiscordBot (<url>, <version>) naming gatewire by default, with the package version', async () => {
    expect(DEFAULT_USER_AGENT).toMatch(/^DiscordBot \(https:\/\/\S*gatewire\S*, (\d+\.\d+\.\d+\S*)\)$/);
    expect(DEFAULT_USER_AGENT).toContain(`, ${pkg.version})`);
    expect(DEFAULT_USER_AGENT).toContain(`(${pkg.homepage.replace(/#.*$/, '')}, `);
    gw = await startTestGateway();
    const events: GatewaySessionEvent[] = [];
    conn = connectGateway({
      token: 'Bot x',
      intents: 1,
      encoding: 'json',
      properties: { os: 'l', browser: 'b', device: 'd' },
      url: gw.url,
      onEvent: (e) => events.push(e),
    });
    await waitFor(() => gw!.connections.length > 0, 3000, 'connection');
    expect(gw.connections[0]!.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
  });

  it('#11.11 over real sockets: two shards sharing a default IdentifyScheduler both identify, spaced by it', async () => {
    gw = await startTestGateway({ identifyIntervalMs: 200 });
    const scheduler = new IdentifyScheduler({ maxConcurrency: 1, interval: 300 });
    const errors: string[] = [];
    const conns = [0, 1].map((shard) =>
      connectGateway({
        token: 'Bot x',
        intents: 1,
        encoding: 'json',
        shard: [shard, 2],
        properties: { os: 'l', browser: 'b', device: 'd' },
        url: gw!.url,
        identifyScheduler: scheduler,
        onEvent: (e) => {
          if (e.type === 'error') errors.push(e.error.code);
        },
      }),
    );
    try {
      await waitFor(() => gw!.stats().identifies >= 2, 5000, 'both identifies');
      expect(errors).toEqual([]);
    } finally {
      await Promise.all(conns.map((c) => c.close()));
    }
  });

  it('can be overridden by the userAgent option or a User-Agent header', async () => {
    gw = await startTestGateway();
    const base = {
      token: 'Bot x',
      intents: 1,
      encoding: 'json' as const,
      properties: { os: 'l', browser: 'b', device: 'd' },
      url: gw.url,
    };
    conn = connectGateway({ ...base, userAgent: 'DiscordBot (https://example.org/mybot, 2.0.0)' });
    await waitFor(() => gw!.connections.length > 0, 3000, 'connection');
    expect(gw.connections[0]!.headers['user-agent']).toBe('DiscordBot (https://example.org/mybot, 2.0.0)');
    await conn.close();
    conn = connectGateway({ ...base, wsOptions: { headers: { 'user-agent': 'custom/1' } } });
    await waitFor(() => gw!.connections.length > 1, 3000, 'second connection');
    expect(gw.connections[1]!.headers['user-agent']).toBe('custom/1');
  });
});
