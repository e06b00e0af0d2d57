/**
 * gatewire/redis against @discordjs/ws: the shapes are checked by tsc against its own declarations
 * (this file is type-checked with the rest of test/), and its WebSocketManager is run with the Redis
 * identify queue and session store against the loopback gateway.
 */
import { REST } from '@discordjs/rest';
import {
  CloseCodes,
  WebSocketManager,
  WebSocketShardEvents,
  type IIdentifyThrottler,
  type OptionalWebSocketManagerOptions,
  type SessionInfo,
} from '@discordjs/ws';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  createRedisIdentifyQueue,
  createRedisSessionStore,
  type RedisCommandClient,
  type RedisIdentifyQueue,
  type RedisSessionStore,
  type StoredSessionInfo,
} from '../../src/redis/index.js';
import { startTestGateway, type TestGateway } from '../../src/testing/index.js';
import { waitFor } from '../testing/helpers.js';
import { RedisServer, redisUnavailableReason } from './redis-server.js';

// ---- type level: fails `npm run typecheck` if a shape drifts from @discordjs/ws's -----------------
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const sessionInfoMatches: Equal<StoredSessionInfo, SessionInfo> = true;
const asThrottler = (q: RedisIdentifyQueue): IIdentifyThrottler => q;
const asRetrieve = (s: RedisSessionStore): OptionalWebSocketManagerOptions['retrieveSessionInfo'] => s.retrieveSessionInfo.bind(s);
const asUpdate = (s: RedisSessionStore): OptionalWebSocketManagerOptions['updateSessionInfo'] => s.updateSessionInfo.bind(s);
const asClient = (c: ReturnType<typeof createClient>): RedisCommandClient => c;
void [sessionInfoMatches, asThrottler, asRetrieve, asUpdate, asClient];

const skip = redisUnavailableReason();
if (skip !== null) console.log(`skipping gatewire/redis @discordjs/ws tests: ${skip}`);

describe('shapes', () => {
  it('match @discordjs/ws', () => {
    expectTypeOf<RedisIdentifyQueue['waitForIdentify']>().toExtend<IIdentifyThrottler['waitForIdentify']>();
    expectTypeOf<StoredSessionInfo>().toEqualTypeOf<SessionInfo>();
    expectTypeOf<RedisSessionStore['retrieveSessionInfo']>().toExtend<OptionalWebSocketManagerOptions['retrieveSessionInfo']>();
    expectTypeOf<RedisSessionStore['updateSessionInfo']>().toExtend<OptionalWebSocketManagerOptions['updateSessionInfo']>();
  });
});

describe.skipIf(skip !== null)('@discordjs/ws WebSocketManager with the Redis queue and store', () => {
  let server: RedisServer;
  let gateway: TestGateway;
  const clients: Awaited<ReturnType<RedisServer['client']>>[] = [];
  const identifyAt: { shard: number; at: number }[] = [];
  let invalidSessions = 0;
  beforeAll(async () => {
    server = await RedisServer.start();
    gateway = await startTestGateway({
      heartbeatIntervalMs: 30_000,
      identifyIntervalMs: 150, // an identify sooner than this after its bucket's last gets op 9
      tokens: [{ token: 'djs-token', maxConcurrency: 2, guilds: 0 }],
      hooks: {
        onIdentify: (_conn, d) => void identifyAt.push({ shard: (d['shard'] as [number, number])[0], at: performance.now() }),
        onFrame: (_conn, frame) => {
          if (frame.op === 9) invalidSessions++;
        },
      },
    });
  });
  afterAll(async () => {
    for (const c of clients) if (c.isOpen) c.destroy();
    await gateway?.stop();
    await server?.stop();
  });

  // Get Gateway Bot from the test gateway's HTTP endpoint, through @discordjs/rest.
  const rest = () => new REST({ api: gateway.apiUrl, retries: 0, timeout: 3000 }).setToken('djs-token');

  async function manager(namespace: string) {
    const client = await server.client();
    clients.push(client);
    const queue = createRedisIdentifyQueue({ client, namespace, maxConcurrency: 2, intervalMs: 150, safetyMarginMs: 50, pollIntervalMs: 10 });
    const store = createRedisSessionStore({ client, namespace, leaseMs: 2000, flushIntervalMs: 20 });
    const m = new WebSocketManager({
      token: 'djs-token',
      intents: (1 << 9) | (1 << 12), // GuildMessages | DirectMessages
      rest: rest(),
      shardCount: 4,
      buildIdentifyThrottler: () => queue,
      retrieveSessionInfo: (id) => store.retrieveSessionInfo(id),
      updateSessionInfo: (id, info) => store.updateSessionInfo(id, info),
    });
    return { m, store, queue };
  }

  it('identifies through the queue, one per bucket per window, and resumes after a graceful restart', async () => {
    const identifiesBefore = gateway.stats().identifies;
    const first = await manager('djs');
    const ready = new Set<number>();
    first.m.on(WebSocketShardEvents.Ready, (_d, shardId) => ready.add(shardId));
    await first.m.connect();
    await waitFor(() => ready.size === 4, 15_000, 'four READY');
    expect(gateway.stats().identifies - identifiesBefore).toBe(4);
    expect(invalidSessions).toBe(0);
    for (const bucket of [0, 1]) {
      const times = identifyAt.filter((i) => i.shard % 2 === bucket).map((i) => i.at);
      expect(times).toHaveLength(2);
      // Seen by the gateway: at least Discord's interval apart (the margin covers the client side).
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(150);
    }
    // Traffic: @discordjs/ws asks retrieveSessionInfo and calls updateSessionInfo on every dispatch;
    // more dispatches than maxResumeAttempts must not use the stored session's attempts up.
    let messages = 0;
    first.m.on(WebSocketShardEvents.Dispatch, (p) => {
      if (p.t === 'MESSAGE_CREATE') messages++;
    });
    for (const session of gateway.sessions.values()) {
      for (let i = 0; i < 10; i++) expect(gateway.dispatchTo(session, 'MESSAGE_CREATE', { content: `m${i}` })).not.toBeNull();
    }
    await waitFor(() => messages === 40, 10_000, '40 MESSAGE_CREATE');
    await new Promise((r) => setTimeout(r, 50)); // one flush interval

    // Graceful restart: close the store first (flushes, releases the leases), then destroy.
    await first.store.close();
    await first.m.destroy({ code: CloseCodes.Resuming });
    const resumesBefore = gateway.stats().resumes;
    const second = await manager('djs');
    const resumed = new Set<number>();
    second.m.on(WebSocketShardEvents.Resumed, (shardId) => resumed.add(shardId));
    await second.m.connect();
    await waitFor(() => resumed.size === 4, 15_000, 'four RESUMED');
    expect(gateway.stats().resumes - resumesBefore).toBe(4);
    expect(gateway.stats().identifies - identifiesBefore).toBe(4); // no identify spent on the restart
    expect(invalidSessions).toBe(0);
    await second.store.close();
    await second.m.destroy();
  });
});
