/**
 * runShardWithRedis in one process: what a graceful shutdown sends, what a lost lease does, and what
 * happens to a stored session the gateway no longer knows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRedisIdentifyQueue,
  createRedisSessionStore,
  identifyQueueTransport,
  runShardWithRedis,
  type RedisSessionStore,
} from '../../src/redis/index.js';
import { ClientCloseCodes } from '../../src/protocol/index.js';
import type { GatewaySessionEvent } from '../../src/session/index.js';
import { wsTransport } from '../../src/session/ws/index.js';
import { startTestGateway, type TestGateway } from '../../src/testing/index.js';
import { waitFor } from '../testing/helpers.js';
import { RedisServer, redisUnavailableReason } from './redis-server.js';

const skip = redisUnavailableReason();
if (skip !== null) console.log(`skipping gatewire/redis shard runner tests: ${skip}`);

describe.skipIf(skip !== null)('runShardWithRedis (real redis-server, loopback gateway)', () => {
  let redis: RedisServer;
  let gateway: TestGateway;
  let resumeAttempts = 0;
  const clients: Awaited<ReturnType<RedisServer['client']>>[] = [];
  const closeCodes: number[] = [];
  let n = 0;
  beforeAll(async () => {
    redis = await RedisServer.start();
    gateway = await startTestGateway({
      heartbeatIntervalMs: 30_000,
      identifyIntervalMs: 100,
      tokens: [{ token: 't', guilds: 0 }],
      hooks: {
        onResume: () => void resumeAttempts++,
        onClose: (_conn, info) => {
          if (info.by === 'client' && info.code !== null) closeCodes.push(info.code);
        },
      },
    });
  });
  afterAll(async () => {
    for (const c of clients) if (c.isOpen) c.destroy();
    await gateway?.stop();
    await redis?.stop();
  });

  async function setup(storeOptions: { maxResumeAttempts?: number; leaseMs?: number } = {}) {
    const client = await redis.client();
    clients.push(client);
    const namespace = `shard${++n}`;
    const queue = createRedisIdentifyQueue({ client, namespace, maxConcurrency: 1, intervalMs: 100, safetyMarginMs: 50, pollIntervalMs: 10 });
    const store = createRedisSessionStore({ client, namespace, flushIntervalMs: 20, leaseMs: 2000, ...storeOptions });
    const run = (sessionStore: RedisSessionStore, events: GatewaySessionEvent[]) =>
      runShardWithRedis({
        shardId: 0,
        shardCount: 1,
        token: 't',
        intents: 0,
        encoding: 'json',
        properties: { os: 'linux', browser: 'test', device: 'test' },
        url: gateway.url,
        backoff: { baseMs: 20, maxMs: 100 },
        invalidSessionDelayMs: [0, 1],
        transport: wsTransport(),
        identifyQueue: queue,
        sessionStore,
        onEvent: (e) => events.push(e),
      });
    return { client, namespace, queue, store, run };
  }

  it('shuts down with the resumable close code and leaves the session for the next owner', async () => {
    const { run, store, client, namespace } = await setup();
    const events: GatewaySessionEvent[] = [];
    const shard = await run(store, events);
    expect(shard.resumedFromStore).toBe(false);
    await waitFor(() => events.some((e) => e.type === 'ready'), 10_000, 'READY');
    const codesBefore = closeCodes.length;
    await shard.shutdown();
    await waitFor(() => closeCodes.length > codesBefore, 5000, 'the close at the gateway');
    expect(closeCodes.at(-1)).toBe(ClientCloseCodes.Resumable);
    expect(store.lease(0)).toBeUndefined();
    const next = createRedisSessionStore({ client, namespace });
    const resumesBefore = gateway.stats().resumes;
    const again: GatewaySessionEvent[] = [];
    const second = await run(next, again);
    expect(second.resumedFromStore).toBe(true);
    await waitFor(() => again.some((e) => e.type === 'resumed'), 10_000, 'RESUMED');
    expect(gateway.stats().resumes - resumesBefore).toBe(1);
    await second.shutdown();
    await next.close();
  });

  it('a stored session the gateway no longer knows: one resume attempt, then a fresh identify through the queue', async () => {
    const { run, store } = await setup();
    await store.acquireLease(0);
    store.update(0, { sessionId: 'gone', sequence: 5, resumeURL: gateway.resumeUrl, shardCount: 1, shardId: 0 });
    await store.flush();
    const identifiesBefore = gateway.stats().identifies;
    const resumesBefore = resumeAttempts;
    const events: GatewaySessionEvent[] = [];
    const shard = await run(store, events);
    expect(shard.resumedFromStore).toBe(true);
    await waitFor(() => events.some((e) => e.type === 'ready'), 10_000, 'READY');
    expect(resumeAttempts - resumesBefore).toBe(1);
    expect(gateway.stats().identifies - identifiesBefore).toBe(1);
    expect(events.some((e) => e.type === 'invalidSession' && !e.resumable)).toBe(true);
    await shard.shutdown();
    await store.close();
  });

  it('a stored session that failed to resume too often is not offered again', async () => {
    const { run, store } = await setup({ maxResumeAttempts: 0 });
    await store.acquireLease(0);
    store.update(0, { sessionId: 'stale', sequence: 1, resumeURL: gateway.resumeUrl, shardCount: 1, shardId: 0 });
    await store.flush();
    const resumesBefore = resumeAttempts;
    const events: GatewaySessionEvent[] = [];
    const shard = await run(store, events);
    expect(shard.resumedFromStore).toBe(false);
    await waitFor(() => events.some((e) => e.type === 'ready'), 10_000, 'READY');
    expect(resumeAttempts - resumesBefore).toBe(0);
    await shard.shutdown();
    await store.close();
  });

  it('a connection dropped while it waits for its slot gives the slot up and reports its close once', async () => {
    const client = await redis.client();
    clients.push(client);
    const queue = createRedisIdentifyQueue({ client, namespace: `transport${++n}`, maxConcurrency: 1, intervalMs: 300, safetyMarginMs: 0, pollIntervalMs: 10 });
    await queue.waitForIdentify(0); // the bucket's slot is taken for the next 300 ms
    const opened: string[] = [];
    const inner = (url: string) => {
      opened.push(url);
      return { send() {}, close() {}, terminate() {}, isOpen: () => false };
    };
    const transport = identifyQueueTransport({ transport: inner, queue, shardId: 0, willResume: () => false });
    const closes: (number | undefined)[] = [];
    const socket = transport('ws://x', { onOpen() {}, onMessage() {}, onClose: (code) => void closes.push(code) });
    expect(socket.isOpen()).toBe(false);
    socket.terminate();
    socket.terminate();
    await new Promise((r) => setTimeout(r, 400));
    expect(closes).toEqual([undefined]);
    expect(opened).toEqual([]); // never connected: it gave up before its slot
    // Its place was given up: the next waiter is served when the slot opens, not after an entry TTL.
    const started = performance.now();
    await queue.waitForIdentify(0);
    expect(performance.now() - started).toBeLessThan(1000);
    // A resuming connection does not wait at all.
    const resuming = identifyQueueTransport({ transport: inner, queue, shardId: 0, willResume: () => true });
    resuming('ws://resume', { onOpen() {}, onMessage() {}, onClose() {} });
    expect(opened).toEqual(['ws://resume']);
  });

  it('a lost lease stops the shard without ending the session', async () => {
    const { run, store, client, namespace } = await setup({ leaseMs: 300 });
    const events: GatewaySessionEvent[] = [];
    const shard = await run(store, events);
    await waitFor(() => events.some((e) => e.type === 'ready'), 10_000, 'READY');
    const codesBefore = closeCodes.length;
    // Another process takes over (as after a long pause of this one): a newer lease, a newer token.
    // Done in one script, so this shard's renewal cannot slip in between.
    const token = await client.sendCommand([
      'EVAL',
      "redis.call('DEL', KEYS[1]) local t = redis.call('INCR', KEYS[2]) redis.call('SET', KEYS[1], 'other|' .. t, 'PX', 5000) return t",
      '2',
      `${namespace}:lease:0`,
      `${namespace}:fence:0`,
    ]);
    expect(token).toBeGreaterThan(shard.lease.token);
    await shard.connection.stopped;
    expect(shard.lease.signal.aborted).toBe(true);
    await waitFor(() => closeCodes.length > codesBefore, 5000, 'the close at the gateway');
    expect(closeCodes.at(-1)).toBe(ClientCloseCodes.Resumable);
    await store.close();
  });
});
