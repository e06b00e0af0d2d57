/**
 * Soak: 50 sessions against the loopback gateway through reconnect storms (op 7, resumable close
 * codes, dropped TCP, op 9 true, zombies). Every disruption is resumable, so each client keeps one
 * Discord session throughout, and must see every dispatch of it exactly once, in order. At the end,
 * no socket or timer may be left: both are counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewaySessionEvent } from '../../src/session/index.js';
import { connectGateway, type GatewayConnection, type TimerFunctions } from '../../src/session/ws/index.js';
import { IdentifyScheduler } from '../../src/protocol/index.js';
import { startTestGateway, type TestGateway, type TestGatewaySession as ServerSession } from '../../src/testing/index.js';
import { waitFor } from '../testing/helpers.js';

const SESSIONS = 50;
const ROUNDS = 4;

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Global timers, counted: scheduled minus (fired + cleared). */
function countingTimers(): TimerFunctions & { live: () => number; created: () => number } {
  const live = new Set<unknown>();
  let created = 0;
  return {
    setTimeout(fn, ms) {
      created++;
      const h: ReturnType<typeof setTimeout> = setTimeout(() => {
        live.delete(h);
        fn();
      }, ms);
      live.add(h);
      return h;
    },
    clearTimeout(h) {
      live.delete(h);
      clearTimeout(h as ReturnType<typeof setTimeout>);
    },
    live: () => live.size,
    created: () => created,
  };
}

describe('soak: 50 sessions through reconnect storms', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // Heartbeats every 200 ms are 300 payloads a minute: lift the 120-per-minute limit for this storm.
    gw = await startTestGateway({ heartbeatIntervalMs: 200, identifyIntervalMs: 0, commandLimit: { count: 100_000 } });
  });
  afterAll(async () => {
    await gw.stop();
  });

  it('delivers every dispatch exactly once and leaks no socket or timer', async () => {
    const rand = mulberry32(7);
    const clock = () => performance.now();
    const timers = countingTimers();
    const scheduler = new IdentifyScheduler({ maxConcurrency: 16, interval: 10, clock });
    const clients: { conn: GatewayConnection; events: GatewaySessionEvent[] }[] = [];
    let sockets = 0;
    for (let i = 0; i < SESSIONS; i++) {
      const events: GatewaySessionEvent[] = [];
      const conn = connectGateway({
        token: `Bot soak-${i}`,
        intents: 513 | 4096, // the dispatches below carry no guild_id: direct messages
        shard: [i, SESSIONS],
        encoding: 'json',
        compress: i % 2 === 0 ? 'zlib-stream' : null,
        properties: { os: 'linux', browser: 'soak', device: 'soak' },
        url: gw.url,
        random: mulberry32(100 + i),
        backoff: { baseMs: 10, maxMs: 100 },
        closeTimeoutMs: 300,
        identifyScheduler: scheduler,
        now: clock,
        timers,
        onEvent: (e) => events.push(e),
      });
      clients.push({ conn, events });
    }
    const allReady = () =>
      clients.every((c) => c.conn.session.state === 'ready') &&
      [...gw.sessions.values()].every((s) => s.connection !== null && s.connection.open);
    await waitFor(() => allReady() && gw.sessions.size === SESSIONS, 8000, 'all READY');
    expect(gw.stats().identifies).toBe(SESSIONS);

    const sessions = [...gw.sessions.values()];
    let next = 0;
    const burst = (s: ServerSession, n: number) => {
      for (let k = 0; k < n; k++)
        gw.dispatchTo(s, 'MESSAGE_CREATE', { id: String(++next), content: 'x'.repeat(Math.floor(rand() * 200)) });
    };
    const disruptions = { op7: 0, close4000: 0, drop: 0, op9: 0, zombie: 0, none: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of sessions) {
        burst(s, 3);
        const conn = s.connection;
        if (conn === null) continue;
        const r = rand();
        if (r < 0.2) {
          disruptions.op7++;
          void conn.reconnect();
        } else if (r < 0.4) {
          disruptions.close4000++;
          void conn.close(4000, 'storm');
        } else if (r < 0.55) {
          disruptions.drop++;
          conn.drop();
        } else if (r < 0.7) {
          disruptions.op9++;
          void conn.invalidSession(true);
        } else if (r < 0.8) {
          disruptions.zombie++;
          conn.stall();
        } else disruptions.none++;
        // Events produced while the client is away must be replayed on resume.
        burst(s, 2);
      }
      await waitFor(allReady, 8000, `round ${round} recovered`);
    }
    for (const s of sessions) burst(s, 2);
    await waitFor(
      () =>
        sessions.every((s, i) => {
          void i;
          const client = clients.find((c) => c.events.some((e) => e.type === 'ready' && e.sessionId === s.id))!;
          return (
            client.events.filter((e) => e.type === 'dispatch' && e.t === 'MESSAGE_CREATE').length >=
            s.log.filter((e) => e.t === 'MESSAGE_CREATE').length
          );
        }),
      8000,
      'final deliveries',
    );

    expect(gw.stats().identifies).toBe(SESSIONS); // every disruption was resumed, never re-identified
    expect(gw.stats().resumes).toBeGreaterThan(SESSIONS);
    for (const s of sessions) {
      const client = clients.find((c) => c.events.some((e) => e.type === 'ready' && e.sessionId === s.id))!;
      const delivered = client.events.flatMap((e) =>
        e.type === 'dispatch' && e.t === 'MESSAGE_CREATE' ? [(e.d as { id: string }).id] : [],
      );
      const expected = s.log.filter((e) => e.t === 'MESSAGE_CREATE').map((e) => (e.d as { id: string }).id);
      expect(delivered).toEqual(expected);
      expect(new Set(delivered).size).toBe(delivered.length);
    }
    await Promise.all(clients.map((c) => c.conn.close()));
    // Connections asked for; one whose delay was still running at close() never reached the server
    // (a busy machine can make a late ACK look like a zombie, which is one more reconnect).
    for (const c of clients) sockets += c.events.filter((e) => e.type === 'reconnecting').length + 1;
    for (const c of clients) expect(c.conn.stats()).toEqual({ sockets: 0, timers: 0 });
    expect(timers.live()).toBe(0);
    expect(timers.created()).toBeGreaterThan(SESSIONS);
    await waitFor(() => gw.openConnections().length === 0, 3000, 'server sockets closed');
    expect(gw.connections.length).toBeLessThanOrEqual(sockets);
    expect(gw.connections.length).toBeGreaterThanOrEqual(sockets - SESSIONS);
    expect(Object.values(disruptions).every((n) => n > 0)).toBe(true);
  });
});
