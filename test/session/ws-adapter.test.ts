import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  GatewaySessionErrorCodes,
  type GatewaySessionEvent,
  type GatewaySessionOptions,
} from '../../src/session/index.js';
import { connectGateway, type GatewayConnection } from '../../src/session/ws/index.js';
import {
  connectGateway as connectStandard,
  type StandardWebSocketConstructor,
} from '../../src/session/websocket/index.js';
import { startTestGateway, type TestGateway } from '../../src/testing/index.js';
import { waitFor } from '../testing/helpers.js';
import { e2eCodecs, fastIdentifyScheduler } from './e2e-config.js';

const clock = () => performance.now();

let gw: TestGateway;
let conns: GatewayConnection[] = [];

beforeEach(async () => {
  // Long enough that a loaded machine never mistakes a late ACK for a zombie; the zombie test shortens it.
  gw = await startTestGateway({ heartbeatIntervalMs: 1000, identifyIntervalMs: 0, tokens: [{ token: 'e2e', guilds: 0 }] });
});
afterEach(async () => {
  await Promise.all(conns.map((c) => c.close().catch(() => undefined)));
  conns = [];
  await gw.stop();
});

function start(
  extra: Partial<Omit<GatewaySessionOptions, 'now'>> = {},
  adapter: 'ws' | 'websocket' = 'ws',
): {
  conn: GatewayConnection;
  events: GatewaySessionEvent[];
  dispatches: () => { t: string; s: number; d: unknown }[];
} {
  const events: GatewaySessionEvent[] = [];
  const options = {
    token: 'Bot e2e',
    intents: 513 | 4096, // guild and direct messages: the dispatches below carry no guild_id
    encoding: 'json' as const,
    compress: 'zlib-stream' as const,
    properties: { os: 'linux', browser: 'gatewire-test', device: 'gatewire-test' },
    url: gw.url,
    random: () => 0.5,
    backoff: { baseMs: 20, maxMs: 200 },
    invalidSessionDelayMs: [30, 60] as const,
    closeTimeoutMs: 500,
    identifyScheduler: fastIdentifyScheduler(clock),
    now: clock,
    onEvent: (e: GatewaySessionEvent) => events.push(e),
    ...extra,
  };
  const conn =
    adapter === 'ws'
      ? connectGateway(options)
      : connectStandard({ ...options, WebSocket: WebSocket as unknown as StandardWebSocketConstructor });
  conns.push(conn);
  const dispatches = () =>
    events
      .filter((e): e is Extract<GatewaySessionEvent, { type: 'dispatch' }> => e.type === 'dispatch')
      .map(({ t, s, d }) => ({ t, s, d }));
  return { conn, events, dispatches };
}

const readyOn =
  (events: GatewaySessionEvent[], n = 1) =>
  () =>
    events.filter((e) => e.type === 'ready').length >= n;

for (const { name, encoding, codec } of e2eCodecs()) {
  for (const compress of ['zlib-stream', null] as const) {
    describe(`ws adapter, ${name}${compress ? ' + zlib-stream' : ''}`, () => {
      const opts = { encoding, compress, ...(codec === undefined ? {} : { codec }) };

      it('connects, identifies, heartbeats and delivers dispatches in order', async () => {
        const { events, dispatches } = start(opts);
        await waitFor(readyOn(events), 3000, 'READY');
        const server = gw.connections[0]!;
        expect(server.compression).toBe(compress);
        expect(server.encoding).toBe(encoding);
        const identify = server.received.find((p) => p.op === 2)!;
        expect(identify.d).toMatchObject({ token: 'Bot e2e', intents: 513 | 4096, properties: { browser: 'gatewire-test' } });
        for (let i = 0; i < 5; i++) server.dispatch('MESSAGE_CREATE', { id: String(1000 + i), content: `m${i}` });
        await waitFor(() => dispatches().length >= 6, 3000, 'dispatches');
        expect(dispatches().map((d) => d.t)).toEqual([
          'READY',
          'MESSAGE_CREATE',
          'MESSAGE_CREATE',
          'MESSAGE_CREATE',
          'MESSAGE_CREATE',
          'MESSAGE_CREATE',
        ]);
        expect(dispatches()[5]!.d).toMatchObject({ id: '1004', content: 'm4' });
        // A heartbeat carrying the last sequence reaches the server and is acknowledged.
        await waitFor(() => server.received.some((p) => p.op === 1 && p.d === 6), 3000, 'heartbeat with seq 6');
        await waitFor(() => events.some((e) => e.type === 'heartbeatAck'), 3000, 'ACK');
      });

      it('zombie (no ACK) → closes with a resumable code and resumes at the resume URL, replaying missed events', async () => {
        gw.heartbeatIntervalMs = 100;
        const { events, dispatches } = start(opts);
        await waitFor(readyOn(events), 3000, 'READY');
        const first = gw.connections[0]!;
        first.dispatch('MESSAGE_CREATE', { id: '1' });
        first.stall();
        const closeCode = new Promise<number>((r) => first.ws.once('close', (code) => r(code)));
        expect(await closeCode).toBe(3000);
        await waitFor(() => gw.connections.length >= 2, 3000, 'second connection');
        const second = gw.connections[1]!;
        expect(second.path).toBe('/resume');
        await waitFor(() => events.some((e) => e.type === 'resumed'), 3000, 'RESUMED');
        expect(second.received.find((p) => p.op === 6)!.d).toMatchObject({ session_id: first.session!.id, seq: 2 });
        expect(second.received.some((p) => p.op === 2)).toBe(false);
        second.dispatch('MESSAGE_CREATE', { id: '2' });
        await waitFor(
          () => dispatches().filter((d) => d.t === 'MESSAGE_CREATE').length === 2,
          3000,
          'post-resume dispatch',
        );
        expect(gw.stats().identifies).toBe(1);
      });

      it('op 7 → reconnect and resume; events sent meanwhile are replayed once', async () => {
        const { events, dispatches } = start(opts);
        await waitFor(readyOn(events), 3000, 'READY');
        const first = gw.connections[0]!;
        first.dispatch('MESSAGE_CREATE', { id: '11' });
        await first.reconnect();
        await waitFor(() => gw.connections.length >= 2, 3000, 'reconnect');
        await waitFor(() => events.some((e) => e.type === 'resumed'), 3000, 'RESUMED');
        expect(gw.connections[1]!.path).toBe('/resume');
        expect(gw.stats().resumes).toBe(1);
        const ids = dispatches()
          .filter((d) => d.t === 'MESSAGE_CREATE')
          .map((d) => (d.d as { id: string }).id);
        expect(ids).toEqual(['11']);
      });

      it('op 9 (not resumable) → identify again at the original URL', async () => {
        const { events } = start(opts);
        await waitFor(readyOn(events), 3000, 'READY');
        await gw.connections[0]!.invalidSession(false);
        await waitFor(readyOn(events, 2), 3000, 'second READY');
        expect(gw.connections[1]!.path).toBe('/');
        expect(gw.stats()).toMatchObject({ identifies: 2, resumes: 0 });
        expect(events.some((e) => e.type === 'invalidSession' && !e.resumable)).toBe(true);
      });

      it('4007 → identify, not resume', async () => {
        const { events } = start(opts);
        await waitFor(readyOn(events), 3000, 'READY');
        await gw.connections[0]!.close(4007, 'invalid seq');
        await waitFor(readyOn(events, 2), 3000, 'second READY');
        expect(gw.connections[1]!.path).toBe('/');
        expect(gw.connections[1]!.received.map((p) => p.op)).toContain(2);
        expect(gw.connections[1]!.received.map((p) => p.op)).not.toContain(6);
      });

      it('4004 → fatal: typed error, stops, no reconnect', async () => {
        const { conn, events } = start(opts);
        await waitFor(readyOn(events), 3000, 'READY');
        await gw.connections[0]!.close(4004, 'Authentication failed.');
        const stopped = await conn.stopped;
        expect(stopped.error?.code).toBe(GatewaySessionErrorCodes.FatalClose);
        expect(stopped.error?.closeCode).toBe(4004);
        await new Promise((r) => setTimeout(r, 100));
        expect(gw.connections).toHaveLength(1);
        expect(conn.stats()).toEqual({ sockets: 0, timers: 0 });
      });
    });
  }
}

describe('ws adapter, transport details', () => {
  it('bug #8 (discord.js #10414): a zlib-stream message over 64 KiB split across frames is decoded whole', async () => {
    const { events, dispatches } = start();
    await waitFor(readyOn(events), 3000, 'READY');
    gw.connections[0]!.splitNext(7, Infinity);
    const members = Array.from({ length: 2500 }, (_, i) => ({
      user: { id: String(10n ** 17n + BigInt(i)), username: `user${i}`, discriminator: '0', global_name: null, avatar: null },
      roles: [],
      joined_at: '2024-01-01T00:00:00.000000+00:00',
      deaf: false,
      mute: false,
      flags: 0,
    }));
    gw.connections[0]!.dispatch('GUILD_CREATE', { id: '42', members });
    const created = await waitFor(() => dispatches().find((d) => d.t === 'GUILD_CREATE'), 3000, 'GUILD_CREATE');
    expect(JSON.stringify(created.d).length).toBeGreaterThan(65_536);
    expect((created.d as { members: unknown[] }).members).toHaveLength(2500);
  });

  it('a connection refused by the host is retried with backoff', async () => {
    const { events, conn } = start({ url: 'ws://127.0.0.1:1/' });
    await waitFor(() => events.filter((e) => e.type === 'reconnecting').length >= 2, 3000, 'retries');
    await conn.close();
    expect(conn.stats()).toEqual({ sockets: 0, timers: 0 });
  });

  it('Hello timeout → reconnect', async () => {
    gw.sendHello = false;
    const { events } = start({ helloTimeoutMs: 100 });
    await waitFor(() => gw.connections.length >= 2, 3000, 'reconnect after no Hello');
    gw.sendHello = true;
    expect(events.some((e) => e.type === 'reconnecting')).toBe(true);
  });

  it('close() ends the Discord session with 1000 and releases every socket and timer', async () => {
    const { conn, events } = start();
    await waitFor(readyOn(events), 3000, 'READY');
    const code = new Promise<number>((r) => gw.connections[0]!.ws.once('close', (c) => r(c)));
    const stopped = await conn.close();
    expect(stopped.error).toBeUndefined();
    expect(await code).toBe(1000);
    expect(conn.stats()).toEqual({ sockets: 0, timers: 0 });
  });

  it('commands go out after READY', async () => {
    const { conn, events } = start();
    conn.updatePresence({ since: null, activities: [], status: 'idle', afk: false });
    await waitFor(readyOn(events), 3000, 'READY');
    await waitFor(() => gw.connections[0]!.received.some((p) => p.op === 3), 3000, 'presence update');
    const ops = gw.connections[0]!.received.map((p) => p.op).filter((op) => op !== 1);
    expect(ops).toEqual([2, 3]);
  });
});

describe('standard WebSocket adapter (driven with ws as the WHATWG-style constructor)', () => {
  it('connects, identifies, resumes after op 7 and closes cleanly', async () => {
    const { conn, events, dispatches } = start({}, 'websocket');
    await waitFor(readyOn(events), 3000, 'READY');
    gw.connections[0]!.dispatch('MESSAGE_CREATE', { id: '12' });
    await gw.connections[0]!.reconnect();
    await waitFor(() => events.some((e) => e.type === 'resumed'), 3000, 'RESUMED');
    expect(gw.connections[1]!.path).toBe('/resume');
    expect(dispatches().map((d) => d.t)).toEqual(['READY', 'MESSAGE_CREATE', 'RESUMED']);
    await conn.close();
    expect(conn.stats()).toEqual({ sockets: 0, timers: 0 });
  });

  it('without a global WebSocket and none given, says so with a typed error', async () => {
    const g = globalThis as { WebSocket?: unknown };
    const saved = g.WebSocket;
    delete g.WebSocket;
    try {
      expect(() =>
        connectStandard({
          token: 't',
          intents: 0,
          encoding: 'json',
          properties: { os: 'a', browser: 'b', device: 'c' },
        }),
      ).toThrow(expect.objectContaining({ code: GatewaySessionErrorCodes.BadOptions }));
    } finally {
      if (saved !== undefined) g.WebSocket = saved;
    }
  });
});
