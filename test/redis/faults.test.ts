/**
 * Redis misbehaving under running shards: restarted (every key lost), unreachable, slow. Shards are
 * gatewire sessions run with runShardWithRedis over `ws` against the loopback gateway; assertions
 * are on what the gateway saw.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createDispatchPublisher,
  createRedisIdentifyQueue,
  createRedisSessionStore,
  runShardWithRedis,
  type RedisCommandClient,
  type RedisIdentifyQueueOptions,
  type RedisShard,
} from '../../src/redis/index.js';
import type { GatewaySessionEvent } from '../../src/session/index.js';
import { wsTransport } from '../../src/session/ws/index.js';
import { startTestGateway, type TestGateway } from '../../src/testing/index.js';
import { waitFor } from '../testing/helpers.js';
import { RedisServer, redisUnavailableReason } from './redis-server.js';

const skip = redisUnavailableReason();
if (skip !== null) console.log(`skipping gatewire/redis fault tests: ${skip}`);

type Client = Awaited<ReturnType<RedisServer['client']>>;

describe.skipIf(skip !== null)('shards when Redis misbehaves (real redis-server)', () => {
  let redis: RedisServer;
  let gateway: TestGateway;
  let shards: RedisShard[] = [];
  const clients: Client[] = [];
  const identifies: { shard: number; at: number }[] = [];
  let n = 0;

  beforeAll(async () => {
    redis = await RedisServer.start();
    gateway = await startTestGateway({
      heartbeatIntervalMs: 30_000,
      identifyIntervalMs: 150, // sooner than this after its bucket's last, an identify is refused (op 9)
      tokens: [{ token: 't', maxConcurrency: 1, guilds: 0 }],
      hooks: { onIdentify: (_conn, d) => void identifies.push({ shard: (d['shard'] as [number, number])[0], at: performance.now() }) },
    });
  });
  let acceptedBefore = 0;
  afterEach(async () => {
    // A failed test may have left Redis stopped; the next one needs it.
    if (!redis.running) await redis.spawn();
    // Every identify that reached the gateway was accepted: none came too early for its bucket.
    expect(gateway.stats().identifies - acceptedBefore).toBe(identifies.length);
    await Promise.all(shards.map((s) => s.connection.close()));
    shards = [];
    identifies.length = 0;
    acceptedBefore = gateway.stats().identifies;
  });
  afterAll(async () => {
    for (const c of clients) if (c.isOpen) c.destroy();
    await gateway?.stop();
    await redis?.stop();
  });

  async function start(
    shardIds: number[],
    options: {
      client?: RedisCommandClient;
      queue?: Partial<RedisIdentifyQueueOptions>;
      events?: GatewaySessionEvent[];
      errors?: unknown[];
      publish?: boolean;
    } = {},
  ) {
    const namespace = `fault${++n}`;
    let client = options.client;
    if (client === undefined) {
      const c = await redis.client({ commandOptions: {} });
      clients.push(c);
      client = c;
    }
    const queue = createRedisIdentifyQueue({
      client,
      namespace,
      maxConcurrency: 1,
      intervalMs: 150,
      safetyMarginMs: 50,
      pollIntervalMs: 10,
      entryTtlMs: 1000,
      commandTimeoutMs: 300,
      ...options.queue,
    });
    const store = createRedisSessionStore({ client, namespace, leaseMs: 3000, flushIntervalMs: 20, commandTimeoutMs: 300 });
    const started = await Promise.all(
      shardIds.map((shardId) =>
        runShardWithRedis({
          shardId,
          shardCount: 4,
          token: 't',
          intents: (1 << 9) | (1 << 12), // GUILD_MESSAGES | DIRECT_MESSAGES
          encoding: 'json',
          properties: { os: 'linux', browser: 'test', device: 'test' },
          url: gateway.url,
          backoff: { baseMs: 50, maxMs: 200 },
          invalidSessionDelayMs: [0, 1],
          transport: wsTransport(),
          identifyQueue: queue,
          sessionStore: store,
          ...(options.publish === true ? { publisher: createDispatchPublisher({ client, namespace, commandTimeoutMs: 300 }), publishRetry: { retryBackoffMs: [20, 100] } } : {}),
          onEvent: (e) => options.events?.push(e),
          onError: (e) => options.errors?.push(e),
        }),
      ),
    );
    shards.push(...started);
    return { queue, store, shards: started, namespace };
  }

  const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

  it('Redis restarted mid-run (every key lost): shards carry on, and identifies stay a window apart', async () => {
    const events: GatewaySessionEvent[] = [];
    const { shards: running } = await start([0, 1], { events });
    await waitFor(() => events.filter((e) => e.type === 'ready').length === 2, 10_000, 'two READY');
    await redis.kill();
    await redis.spawn();
    // Both sessions are invalidated: both must identify again, through a queue that lost its state.
    for (const conn of gateway.openConnections()) await conn.invalidSession(false);
    await waitFor(() => events.filter((e) => e.type === 'ready').length === 4, 15_000, 'two more READY');
    expect(identifies).toHaveLength(4);
    for (const gap of gaps(identifies.map((i) => i.at))) expect(gap).toBeGreaterThanOrEqual(150);
    // The leases were re-established, not lost.
    expect(running.every((s) => !s.lease.signal.aborted)).toBe(true);
  });

  it('Redis unreachable: a typed error, the session retries with backoff, and identifies once Redis is back', async () => {
    const events: GatewaySessionEvent[] = [];
    const errors: unknown[] = [];
    await start([2], { events, errors, queue: { whenUnavailable: 'throw' } });
    await waitFor(() => events.some((e) => e.type === 'ready'), 10_000, 'READY');
    await redis.kill();
    for (const conn of gateway.openConnections()) await conn.invalidSession(false);
    await waitFor(() => events.filter((e) => e.type === 'reconnecting').length >= 4, 10_000, 'several reconnect attempts');
    expect(identifies).toHaveLength(1); // none while Redis is away
    expect(errors.some((e) => (e as { code?: string }).code === 'REDIS_UNAVAILABLE')).toBe(true);
    const reconnects = events.filter((e) => e.type === 'reconnecting') as Extract<GatewaySessionEvent, { type: 'reconnecting' }>[];
    expect(reconnects.every((r) => !r.resume)).toBe(true);
    await redis.spawn();
    await waitFor(() => events.filter((e) => e.type === 'ready').length === 2, 15_000, 'READY after Redis came back');
    expect(identifies).toHaveLength(2);
    expect(identifies[1]!.at - identifies[0]!.at).toBeGreaterThanOrEqual(150);
  });

  it('Redis unreachable with the default retry mode: the wait just lasts longer, errors are reported', async () => {
    const events: GatewaySessionEvent[] = [];
    const queueErrors: unknown[] = [];
    await start([3], { events, queue: { onError: (e) => queueErrors.push(e), retryBackoffMs: [20, 100] } });
    await waitFor(() => events.some((e) => e.type === 'ready'), 10_000, 'READY');
    await redis.kill();
    for (const conn of gateway.openConnections()) await conn.invalidSession(false);
    await waitFor(() => queueErrors.length >= 2, 10_000, 'reported failures');
    expect(identifies).toHaveLength(1);
    await redis.spawn();
    await waitFor(() => events.filter((e) => e.type === 'ready').length === 2, 15_000, 'READY after Redis came back');
    expect(identifies).toHaveLength(2);
    expect(queueErrors.every((e) => (e as { code?: string }).code === 'REDIS_UNAVAILABLE')).toBe(true);
  });

  it('dispatches published while Redis is away reach the stream once it is back', async () => {
    const events: GatewaySessionEvent[] = [];
    const errors: unknown[] = [];
    const { namespace } = await start([0], { events, errors, publish: true });
    await waitFor(() => events.some((e) => e.type === 'ready'), 10_000, 'READY');
    const session = [...gateway.sessions.values()].find((s) => s.connection?.open && s.shard[0] === 0)!;
    await redis.kill();
    const keys: string[] = [];
    for (let i = 0; i < 5; i++) {
      const s = gateway.dispatchTo(session, 'MESSAGE_CREATE', { content: `while down ${i}` });
      expect(s).not.toBeNull();
      keys.push(`${session.id}:${s}`);
    }
    await waitFor(() => events.filter((e) => e.type === 'dispatch' && e.t === 'MESSAGE_CREATE').length === 5, 5000, 'five dispatches');
    await waitFor(() => errors.some((e) => (e as { code?: string }).code === 'REDIS_UNAVAILABLE'), 5000, 'a reported publish failure');
    await redis.spawn();
    const reader = await redis.client();
    clients.push(reader);
    const stream = `${namespace}:dispatch:MESSAGE_CREATE`;
    const inStream = async () => {
      const all = (await reader.sendCommand(['XRANGE', stream, '-', '+'])) as [string, string[]][];
      return new Set(all.map(([, f]) => f[f.indexOf('k') + 1]!));
    };
    const deadline = performance.now() + 10_000;
    let seen = await inStream();
    while (keys.some((k) => !seen.has(k)) && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      seen = await inStream();
    }
    expect(keys.filter((k) => !seen.has(k))).toEqual([]);
  });

  for (const delay of [20, 60]) {
    it(`slow Redis (${delay} ms each way${delay * 2 > 50 ? ', more than the safety margin' : ''}): identifies still an interval apart`, async () => {
      const real = await redis.client();
      clients.push(real);
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      let priorityAcquires = 0;
      const slow: RedisCommandClient = {
        async sendCommand(args, options) {
          // The acquire script's priority flag (ARGV[5], after 5 keys): a slot re-taken because it got too old.
          if ((args[0] === 'EVALSHA' || args[0] === 'EVAL') && args[2] === '5' && args[12] === '1') priorityAcquires++;
          await sleep(delay);
          const reply = await real.sendCommand(args, options);
          await sleep(delay);
          return reply;
        },
      };
      const events: GatewaySessionEvent[] = [];
      await start([0, 1, 2, 3], { client: slow, events, queue: { commandTimeoutMs: 2000 } });
      await waitFor(() => events.filter((e) => e.type === 'ready').length === 4, 20_000, 'four READY');
      expect(identifies).toHaveLength(4);
      for (const gap of gaps(identifies.map((i) => i.at).sort((a, b) => a - b))) expect(gap).toBeGreaterThanOrEqual(150);
      // A round trip longer than the margin makes every grant too old to use: each is re-taken.
      if (delay * 2 > 50) expect(priorityAcquires).toBeGreaterThanOrEqual(4);
    });
  }
});
