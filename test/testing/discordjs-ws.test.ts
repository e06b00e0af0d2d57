/**
 * @discordjs/ws 2.0.4's WebSocketManager, a real client, against the test gateway. It finds the
 * server through its own Get Gateway Bot step (@discordjs/rest pointed at `server.apiUrl`), then
 * goes through READY, heartbeats, a dropped socket, op 7, op 9, a zombie, 4004, 4007 and 4014, with
 * each transport compression it supports (none, native zlib, zlib-sync; it speaks JSON only and has
 * no zstd-stream in 2.0.4). Every frame the server writes is decoded from the wire and validated in
 * strict mode.
 */
import { createRequire } from 'node:module';
import { REST } from '@discordjs/rest';
import { CompressionMethod, WebSocketManager, WebSocketShardEvents, type SessionInfo } from '@discordjs/ws';
import { GatewayIntentBits } from 'discord-api-types/v10';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway, type TestGatewayOptions } from '../../src/testing/index.js';
import { strictFrameChecker, waitFor } from './helpers.js';

const checker = strictFrameChecker();
let gw: TestGateway | null = null;
let managers: WebSocketManager[] = [];

afterEach(async () => {
  await Promise.all(managers.map(async (m) => m.destroy()).map((p) => p.catch(() => undefined)));
  managers = [];
  await gw?.stop();
  gw = null;
});
afterAll(() => {
  expect(checker.report.failures).toEqual([]);
  expect(checker.report.checked).toBeGreaterThan(50);
});

async function server(options: TestGatewayOptions = {}): Promise<TestGateway> {
  gw = await startTestGateway({
    heartbeatIntervalMs: 1000,
    identifyIntervalMs: 0,
    tokens: [{ token: 'djs-token', privilegedIntents: ['MessageContent'], guilds: 2 }],
    hooks: checker.hooks,
    ...options,
  });
  return gw;
}

function manager(
  s: TestGateway,
  compression: CompressionMethod | null,
  extra: { token?: string; intents?: number; useIdentifyCompression?: boolean } = {},
) {
  const token = extra.token ?? 'djs-token';
  const rest = new REST({ api: s.apiUrl, retries: 0, timeout: 3000 }).setToken(token);
  // Per-manager session store: the default one is shared by every manager of the process.
  const sessions = new Map<number, SessionInfo>();
  const m = new WebSocketManager({
    token,
    intents:
      extra.intents ?? GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent,
    rest,
    compression,
    // The default throttler waits 5 s between identifies of a bucket; the server's is 0 here.
    buildIdentifyThrottler: () => Promise.resolve({ waitForIdentify: () => Promise.resolve() }),
    retrieveSessionInfo: (id) => sessions.get(id) ?? null,
    updateSessionInfo: (id, info) => {
      if (info) sessions.set(id, info);
      else sessions.delete(id);
    },
    useIdentifyCompression: extra.useIdentifyCompression ?? false,
    helloTimeout: 3000,
    readyTimeout: 3000,
  });
  managers.push(m);
  const log = {
    ready: 0,
    resumed: 0,
    errors: [] as string[],
    messages: [] as string[],
    closed: [] as number[],
    heartbeats: 0,
  };
  m.on(WebSocketShardEvents.Ready, () => log.ready++);
  m.on(WebSocketShardEvents.Resumed, () => log.resumed++);
  m.on(WebSocketShardEvents.HeartbeatComplete, () => log.heartbeats++);
  m.on(WebSocketShardEvents.Error, (e: Error) => log.errors.push(e.message));
  m.on(WebSocketShardEvents.Closed, (code: number) => log.closed.push(code));
  m.on(WebSocketShardEvents.Dispatch, (p) => {
    if (p.t === 'MESSAGE_CREATE') log.messages.push(p.d.content);
  });
  return { m, log };
}

const guildOf = (s: TestGateway) => s.tokens!.get('djs-token')!.guildIds[0]!;

/** zlib-sync is a native addon: built for the Node that installed it, absent under another. */
function zlibSyncLoads(): boolean {
  try {
    createRequire(import.meta.url)('zlib-sync');
    return true;
  } catch {
    return false;
  }
}

const compressions: [string, CompressionMethod | null][] = [
  ['no compression', null],
  ['zlib-stream (native zlib)', CompressionMethod.ZlibNative],
];
if (zlibSyncLoads()) compressions.push(['zlib-stream (zlib-sync)', CompressionMethod.ZlibSync]);
else
  console.log(
    `[@discordjs/ws] the zlib-sync runs are skipped: the zlib-sync addon does not load on Node ${process.version}`,
  );

for (const [label, compression] of compressions) {
  describe(`@discordjs/ws WebSocketManager, JSON, ${label}`, () => {
    it('Get Gateway Bot, READY, GUILD_CREATEs, heartbeats, dispatches', async () => {
      const s = await server({ heartbeatIntervalMs: 150 });
      const { m, log } = manager(s, compression);
      await m.connect();
      await waitFor(() => log.ready === 1, 3000, 'READY');
      const conn = s.connections[0]!;
      expect(conn.compression).toBe(compression === null ? null : 'zlib-stream');
      expect(conn.query.get('v')).toBe('10');
      s.dispatch('MESSAGE_CREATE', { guild_id: guildOf(s), content: 'hello djs' });
      await waitFor(() => log.messages.length === 1, 3000, 'MESSAGE_CREATE');
      expect(log.messages).toEqual(['hello djs']);
      await waitFor(() => log.heartbeats >= 2, 3000, 'heartbeats ACKed');
      expect(conn.lastHeartbeatSeq).toBe(conn.session!.seq);
      expect(conn.sentCount.get(0)).toBe(1 + 2 + 1); // READY, two GUILD_CREATEs, the message
    });

    it('resume after a dropped socket, with the missed dispatch replayed', async () => {
      const s = await server();
      const { m, log } = manager(s, compression);
      await m.connect();
      await waitFor(() => log.ready === 1, 3000, 'READY');
      const first = s.connections[0]!;
      first.drop();
      s.dispatchTo(first.session!, 'MESSAGE_CREATE', { guild_id: guildOf(s), content: 'missed' });
      await waitFor(() => log.resumed === 1, 5000, 'RESUMED');
      await waitFor(() => log.messages.length === 1, 3000, 'replayed message');
      expect(log.messages).toEqual(['missed']);
      expect(s.connections[1]!.path).toBe('/resume');
      expect(s.stats().identifies).toBe(1);
    });

    it('op 7 → resume; op 9 true → resume on the same socket', async () => {
      const s = await server();
      const { m, log } = manager(s, compression);
      await m.connect();
      await waitFor(() => log.ready === 1, 3000, 'READY');
      await s.connections[0]!.reconnect();
      await waitFor(() => log.resumed === 1, 5000, 'RESUMED after op 7');
      const live = s.openConnections()[0]!;
      await live.invalidSession(true);
      await waitFor(() => log.resumed === 2, 5000, 'RESUMED after op 9 true');
      expect(s.stats()).toMatchObject({ identifies: 1, resumes: 2 });
    });

    it('zombie: no ACKs → closes and resumes', async () => {
      const s = await server({ heartbeatIntervalMs: 100 });
      const { m, log } = manager(s, compression);
      await m.connect();
      await waitFor(() => log.ready === 1, 3000, 'READY');
      s.connections[0]!.stall();
      const closed = await s.connections[0]!.closed;
      expect(closed.by).toBe('client');
      await waitFor(() => log.resumed === 1, 5000, 'RESUMED');
    });

    it('4007 → a new session (identify)', async () => {
      const s = await server();
      const { m, log } = manager(s, compression);
      await m.connect();
      await waitFor(() => log.ready === 1, 3000, 'READY');
      await s.connections[0]!.close(4007, 'invalid seq');
      await waitFor(() => log.ready === 2, 5000, 'second READY');
      expect(s.stats().identifies).toBe(2);
      expect(s.connections[1]!.path).toBe('/');
    });
  });
}

describe('@discordjs/ws WebSocketManager, JSON, payload compression (Identify compress: true)', () => {
  it('READY and dispatches arrive zlib-compressed one by one', async () => {
    const s = await server();
    const { m, log } = manager(s, null, { useIdentifyCompression: true });
    await m.connect();
    await waitFor(() => log.ready === 1, 3000, 'READY');
    const conn = s.connections[0]!;
    expect(conn.received.find((p) => p.op === 2)!.d).toMatchObject({ compress: true });
    expect(conn.payloadCompression).toBe(true);
    s.dispatch('MESSAGE_CREATE', { guild_id: guildOf(s), content: 'deflated' });
    await waitFor(() => log.messages.length === 1, 3000, 'MESSAGE_CREATE');
    expect(log.messages).toEqual(['deflated']);
  });
});

describe('@discordjs/ws WebSocketManager, fatal closes', () => {
  it('a wrong token: Get Gateway Bot answers 401', async () => {
    const s = await server();
    const { m } = manager(s, null, { token: 'not-a-token' });
    await expect(m.connect()).rejects.toThrow(/401|Unauthorized/);
  });

  it('4004 once the daily session budget is spent (Discord resets the token) is fatal', async () => {
    const s = await server({ tokens: [{ token: 'djs-token', sessionStartLimit: { total: 1000, remaining: 1 } }] });
    const { m, log } = manager(s, null);
    await m.connect();
    await waitFor(() => log.ready === 1, 3000, 'READY');
    await s.connections[0]!.close(4007, 'invalid seq'); // forces a second identify, over budget
    await waitFor(() => log.errors.includes('Authentication failed'), 3000, '4004 error');
    expect(await s.connections[1]!.closed).toMatchObject({ code: 4004, by: 'server' });
    await new Promise((r) => setTimeout(r, 100));
    expect(s.connections).toHaveLength(2);
  });

  it('4014 for a privileged intent not enabled is fatal', async () => {
    const s = await server();
    const { m } = manager(s, null, { intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMembers });
    await expect(m.connect()).rejects.toThrow('Used disallowed intents');
    expect(await s.connections[0]!.closed).toMatchObject({ code: 4014, by: 'server' });
  });
});
