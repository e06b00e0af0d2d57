/**
 * gatewire's own session (both adapters) against the test gateway, over JSON and ETF and every
 * transport compression: READY, heartbeats, resume after a dropped socket, op 7, op 9, a zombie,
 * and the fatal/identify closes 4004, 4007, 4014. Every frame the server writes is decoded from
 * the wire and validated in strict mode.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { IdentifyScheduler } from '../../src/protocol/index.js';
import {
  GatewaySessionErrorCodes,
  type GatewaySessionEvent,
  type GatewaySessionOptions,
} from '../../src/session/index.js';
import {
  connectGateway as connectStandard,
  type StandardWebSocketConstructor,
} from '../../src/session/websocket/index.js';
import { connectGateway, type GatewayConnection } from '../../src/session/ws/index.js';
import { startTestGateway, type TestGateway, type TestGatewayOptions } from '../../src/testing/index.js';
import { strictFrameChecker, waitFor } from './helpers.js';

const checker = strictFrameChecker();
let gw: TestGateway | null = null;
let conns: GatewayConnection[] = [];

afterEach(async () => {
  await Promise.all(conns.map((c) => c.close().catch(() => undefined)));
  conns = [];
  await gw?.stop();
  gw = null;
});
afterAll(() => {
  expect(checker.report.failures).toEqual([]);
  expect(checker.report.checked).toBeGreaterThan(100);
});

async function server(options: TestGatewayOptions = {}): Promise<TestGateway> {
  gw = await startTestGateway({
    heartbeatIntervalMs: 1000,
    identifyIntervalMs: 0,
    sessionTimeoutMs: 5000,
    tokens: [{ token: 'e2e', privilegedIntents: ['MessageContent'] }],
    hooks: checker.hooks,
    validateDispatches: 'strict',
    ...options,
  });
  return gw;
}

type Adapter = 'ws' | 'websocket';

/** A guild message in the bot's (only) guild, which the clients' intents (Guilds | GuildMessages | MessageContent) deliver whole. */
const inGuild = (s: TestGateway, content: string) => ({ content, guild_id: s.tokens!.get('e2e')!.guildIds[0]! });

function client(server: TestGateway, extra: Partial<Omit<GatewaySessionOptions, 'now'>> = {}, adapter: Adapter = 'ws') {
  const events: GatewaySessionEvent[] = [];
  const clock = () => performance.now();
  const options = {
    token: 'Bot e2e',
    intents: 1 | 512 | (1 << 15),
    encoding: 'json' as const,
    compress: null,
    properties: { os: 'linux', browser: 'gatewire-test', device: 'gatewire-test' },
    url: server.url,
    random: () => 0.5,
    backoff: { baseMs: 20, maxMs: 200 },
    invalidSessionDelayMs: [20, 40] as const,
    closeTimeoutMs: 500,
    identifyScheduler: new IdentifyScheduler({ maxConcurrency: 1, interval: 10, clock }),
    now: clock,
    validate: { mode: 'tolerant' as const },
    onEvent: (e: GatewaySessionEvent) => events.push(e),
    ...extra,
  };
  const conn =
    adapter === 'ws'
      ? connectGateway(options)
      : connectStandard({ ...options, WebSocket: WebSocket as unknown as StandardWebSocketConstructor });
  conns.push(conn);
  const count = (type: GatewaySessionEvent['type']) => events.filter((e) => e.type === type).length;
  const messages = () =>
    events.flatMap((e) =>
      e.type === 'dispatch' && e.t === 'MESSAGE_CREATE' ? [(e.d as { content: string }).content] : [],
    );
  return { conn, events, count, messages };
}

const combos: { encoding: 'json' | 'etf'; compress: 'zlib-stream' | 'zstd-stream' | null; adapter: Adapter }[] = [];
for (const encoding of ['json', 'etf'] as const)
  for (const compress of [null, 'zlib-stream', 'zstd-stream'] as const)
    combos.push({ encoding, compress, adapter: 'ws' });
combos.push(
  { encoding: 'json', compress: 'zlib-stream', adapter: 'websocket' },
  { encoding: 'etf', compress: 'zstd-stream', adapter: 'websocket' },
);

for (const { encoding, compress, adapter } of combos) {
  describe(`gatewire session (${adapter} adapter), ${encoding}${compress ? ` + ${compress}` : ''}`, () => {
    const opts = { encoding, compress };

    it('READY, GUILD_CREATE, heartbeats with the last sequence, dispatches in order', async () => {
      const s = await server({ heartbeatIntervalMs: 150 });
      const c = client(s, opts, adapter);
      await waitFor(() => c.count('ready') === 1, 3000, 'READY');
      const conn = s.connections[0]!;
      expect(conn.encoding).toBe(encoding);
      expect(conn.compression).toBe(compress);
      const session = conn.session!;
      for (let i = 0; i < 3; i++) s.dispatchTo(session, 'MESSAGE_CREATE', inGuild(s, `m${i}`));
      await waitFor(() => c.messages().length === 3, 3000, 'messages');
      expect(c.messages()).toEqual(['m0', 'm1', 'm2']);
      const guild = c.events.find((e) => e.type === 'dispatch' && e.t === 'GUILD_CREATE');
      expect(guild).toBeDefined();
      await waitFor(
        () => conn.lastHeartbeatSeq === session.seq && c.count('heartbeatAck') >= 1,
        3000,
        'heartbeat with the last seq, ACKed',
      );
    });

    it('resume after a dropped socket replays what was missed', async () => {
      const s = await server();
      const c = client(s, opts, adapter);
      await waitFor(() => c.count('ready') === 1, 3000, 'READY');
      const first = s.connections[0]!;
      const session = first.session!;
      s.dispatchTo(session, 'MESSAGE_CREATE', inGuild(s, 'before'));
      await waitFor(() => c.messages().length === 1, 3000, 'first message');
      first.drop();
      s.dispatchTo(session, 'MESSAGE_CREATE', inGuild(s, 'while away'));
      await waitFor(() => c.count('resumed') === 1, 3000, 'RESUMED');
      expect(s.connections[1]!.path).toBe('/resume');
      s.dispatchTo(session, 'MESSAGE_CREATE', inGuild(s, 'after'));
      await waitFor(() => c.messages().length === 3, 3000, 'all messages');
      expect(c.messages()).toEqual(['before', 'while away', 'after']);
      expect(s.stats()).toMatchObject({ identifies: 1, resumes: 1 });
    });

    it('op 7 → reconnect and resume', async () => {
      const s = await server();
      const c = client(s, opts, adapter);
      await waitFor(() => c.count('ready') === 1, 3000, 'READY');
      await s.connections[0]!.reconnect();
      await waitFor(() => c.count('resumed') === 1, 3000, 'RESUMED');
      expect(s.stats().identifies).toBe(1);
    });

    it('op 9 true → resume; op 9 false → identify again at the base URL', async () => {
      const s = await server();
      const c = client(s, opts, adapter);
      await waitFor(() => c.count('ready') === 1, 3000, 'READY');
      await s.connections[0]!.invalidSession(true);
      await waitFor(() => c.count('resumed') === 1, 3000, 'RESUMED after op 9 true');
      const live = s.openConnections().at(-1)!;
      await live.invalidSession(false);
      await waitFor(() => c.count('ready') === 2, 3000, 'second READY');
      expect(s.connections.at(-1)!.path).toBe('/');
      expect(s.stats().identifies).toBe(2);
    });

    it('zombie: the server stops ACKing → the client closes and resumes', async () => {
      const s = await server({ heartbeatIntervalMs: 100 });
      const c = client(s, opts, adapter);
      await waitFor(() => c.count('ready') === 1, 3000, 'READY');
      const first = s.connections[0]!;
      first.stall();
      const closed = await first.closed;
      expect(closed.by).toBe('client');
      expect(closed.code === null || (closed.code !== 1000 && closed.code !== 1001)).toBe(true);
      await waitFor(() => c.count('resumed') === 1, 3000, 'RESUMED');
      expect(s.stats().identifies).toBe(1);
    });

    it('4004 (a token the server does not know) is fatal', async () => {
      const s = await server();
      const c = client(s, { ...opts, token: 'wrong' }, adapter);
      const stopped = await c.conn.stopped;
      expect(stopped.error?.code).toBe(GatewaySessionErrorCodes.FatalClose);
      expect(stopped.error?.closeCode).toBe(4004);
      expect(s.connections).toHaveLength(1);
    });

    it('4007 (a Resume with a sequence from the future) → identify', async () => {
      const s = await server();
      const c = client(
        s,
        { ...opts, resume: { sessionId: 'none', sequence: 1, resumeGatewayUrl: s.resumeUrl } },
        adapter,
      );
      // An unknown session gets op 9 false; then tamper a live one: resume from seq 999.
      await waitFor(() => c.count('ready') === 1, 3000, 'READY after op 9 false');
      const session = s.openConnections()[0]!.session!;
      const c2 = client(
        s,
        { ...opts, resume: { sessionId: session.id, sequence: 999, resumeGatewayUrl: s.resumeUrl } },
        adapter,
      );
      await waitFor(() => c2.count('ready') === 1, 3000, 'READY after 4007');
      const closes = s.connections.map((x) => x).filter((x) => x.path === '/resume');
      const infos = await Promise.all(closes.slice(-1).map((x) => x.closed));
      expect(infos[0]).toMatchObject({ code: 4007, by: 'server' });
      expect(s.sessions.has(session.id)).toBe(false);
    });

    it('4014 (a privileged intent not enabled) is fatal', async () => {
      const s = await server();
      const c = client(s, { ...opts, intents: 513 | 2 }, adapter);
      const stopped = await c.conn.stopped;
      expect(stopped.error?.closeCode).toBe(4014);
    });
  });
}

describe('test gateway and gatewire session: more of Discord’s rules', () => {
  it('4009: a Resume after the session timed out → identify', async () => {
    const s = await server({ sessionTimeoutMs: 50 });
    const c = client(s, { backoff: { baseMs: 300, maxMs: 300 } });
    await waitFor(() => c.count('ready') === 1, 3000, 'READY');
    s.connections[0]!.drop();
    await waitFor(() => c.count('ready') === 2, 5000, 'second READY');
    const resumeConn = s.connections.find((x) => x.path === '/resume')!;
    expect(await resumeConn.closed).toMatchObject({ code: 4009, by: 'server' });
  });

  it('a client that stops heartbeating is closed, and can still resume', async () => {
    const s = await server({ heartbeatIntervalMs: 5000, heartbeatTimeoutMs: 100 });
    const c = client(s);
    await waitFor(() => c.count('ready') === 1, 3000, 'READY');
    expect(await s.connections[0]!.closed).toMatchObject({ code: 4000, by: 'server', reason: 'heartbeat timeout' });
    await waitFor(() => c.count('resumed') === 1, 3000, 'RESUMED');
  });

  it('intents filter dispatches, and MESSAGE_CONTENT empties content unless granted', async () => {
    const s = await server({ tokens: [{ token: 'e2e', privilegedIntents: ['MessageContent'] }] });
    const plain = client(s, { intents: 1 | 512 });
    await waitFor(() => plain.count('ready') === 1, 3000, 'READY');
    const content = client(s, { intents: 1 | 512 | (1 << 15), token: 'Bot e2e' });
    await waitFor(() => content.count('ready') === 1, 3000, 'READY 2');
    const guildId = s.tokens!.get('e2e')!.guildIds[0]!;
    const sent = s.dispatch('MESSAGE_CREATE', { guild_id: guildId, content: 'secret' });
    expect(sent).toHaveLength(2);
    expect(s.dispatch('TYPING_START', { guild_id: guildId })).toHaveLength(0); // GuildMessageTyping not requested
    await waitFor(() => plain.messages().length === 1 && content.messages().length === 1, 3000, 'messages');
    expect(plain.messages()).toEqual(['']);
    expect(content.messages()).toEqual(['secret']);
  });

  it('server op 1 is answered at once', async () => {
    const s = await server({ heartbeatIntervalMs: 5000 });
    const c = client(s);
    await waitFor(() => c.count('ready') === 1, 3000, 'READY');
    const conn = s.connections[0]!;
    const before = conn.received.filter((p) => p.op === 1).length;
    await conn.requestHeartbeat();
    await waitFor(() => conn.received.filter((p) => p.op === 1).length === before + 1, 1000, 'heartbeat answer');
  });

  it('a corrupt compressed frame makes the client reconnect and resume', async () => {
    // The corrupt frame is not checked (it is meant to fail), so this server has no frame checker.
    const s = await server({ hooks: {} });
    const c = client(s, { compress: 'zlib-stream' });
    await waitFor(() => c.count('ready') === 1, 3000, 'READY');
    const conn = s.connections[0]!;
    conn.corruptNext();
    s.dispatchTo(conn.session!, 'MESSAGE_CREATE', inGuild(s, 'garbled'));
    await waitFor(() => c.count('resumed') === 1, 3000, 'RESUMED after the corrupt frame');
    await waitFor(() => c.messages().includes('garbled'), 3000, 'replayed message');
  });

  it('a message split over several WebSocket frames (zlib-stream) is decoded whole', async () => {
    const s = await server();
    const c = client(s, { compress: 'zlib-stream' });
    await waitFor(() => c.count('ready') === 1, 3000, 'READY');
    const conn = s.connections[0]!;
    conn.splitNext(5);
    s.dispatchTo(conn.session!, 'MESSAGE_CREATE', inGuild(s, 'x'.repeat(3000)));
    await waitFor(() => c.messages().length === 1, 3000, 'message');
    expect(c.messages()[0]).toHaveLength(3000);
  });
});
