import { describe, expect, it } from 'vitest';
import {
  RedisCoordinationError,
  createRedisSessionStore,
  type RedisSessionStore,
  type RedisSessionStoreOptions,
  type StoredSessionInfo,
} from '../../src/redis/index.js';
import { redisUnavailableReason, useRedisServer } from './redis-server.js';

const skip = redisUnavailableReason();
if (skip !== null) console.log(`skipping gatewire/redis session store tests: ${skip}`);

const info = (sequence: number, sessionId = 'abc', shardId = 0): StoredSessionInfo => ({
  sessionId,
  sequence,
  resumeURL: 'wss://resume.example/',
  shardCount: 4,
  shardId,
});

describe.skipIf(skip !== null)('Redis session store (real redis-server)', () => {
  const stores: RedisSessionStore[] = [];
  const redis = useRedisServer(async () => {
    for (const s of stores) await s.close().catch(() => {});
  });
  let n = 0;

  async function store(options: Partial<RedisSessionStoreOptions> & { namespace: string }): Promise<RedisSessionStore> {
    const client = await redis.client();
    const s = createRedisSessionStore({ client, leaseMs: 300, flushIntervalMs: 20, ...options });
    stores.push(s);
    return s;
  }
  const ns = () => `s${++n}`;

  it('lets one process hold a shard; the other waits until it is released', async () => {
    const namespace = ns();
    const a = await store({ namespace });
    const b = await store({ namespace });
    const lease = await a.acquireLease(0);
    expect(lease).not.toBeNull();
    expect(await b.acquireLease(0)).toBeNull();
    expect(await b.acquireLease(1)).not.toBeNull();
    const waiting = b.waitForLease(0);
    await a.releaseLease(0);
    const taken = await waiting;
    expect(taken.token).toBeGreaterThan(lease!.token);
  });

  it('takes a dead holder’s shard over after the lease expires, with a larger fencing token', async () => {
    const namespace = ns();
    const deadClient = await redis.server.client();
    const dead = createRedisSessionStore({ client: deadClient, namespace, leaseMs: 300, flushIntervalMs: 0 });
    const old = (await dead.acquireLease(2))!;
    dead.update(2, info(10, 'abc', 2));
    await dead.flush();
    deadClient.destroy(); // renewals stop: like kill -9
    const b = await store({ namespace });
    const started = performance.now();
    const lease = await b.waitForLease(2);
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThan(100);
    expect(waited).toBeLessThan(3000);
    expect(lease.token).toBeGreaterThan(old.token);
    expect(await b.load(2)).toEqual(info(10, 'abc', 2));
    await dead.close().catch(() => {});
  });

  it('refuses a stale owner’s writes once a newer lease exists, and tells it', async () => {
    const namespace = ns();
    const lost: number[] = [];
    const aClient = await redis.client();
    const a = createRedisSessionStore({ client: aClient, namespace, leaseMs: 60_000, flushIntervalMs: 60_000, onLeaseLost: (shard) => lost.push(shard) });
    stores.push(a);
    const b = await store({ namespace, leaseMs: 200 });
    const lease = (await a.acquireLease(0))!;
    // a "pauses" (its long lease renews only every 20 s, so no renewal interferes): the lease
    // expires and b takes over.
    await aClient.sendCommand(['DEL', `${namespace}:lease:0`]);
    const newer = (await b.acquireLease(0))!;
    expect(newer.token).toBeGreaterThan(lease.token);
    b.update(0, info(5));
    await b.flush();
    a.update(0, info(50));
    await expect(a.flush()).rejects.toMatchObject({ code: 'REDIS_LEASE_LOST', shardId: 0 });
    expect(lease.signal.aborted).toBe(true);
    expect(lost).toEqual([0]);
    expect((await b.load(0))?.sequence).toBe(5);
    expect(() => a.update(0, info(51))).toThrow(RedisCoordinationError);
  });

  it('only moves seq forward, batches writes and flushes them on close', async () => {
    const namespace = ns();
    const commands: string[][] = [];
    const client = await redis.client();
    const counting = {
      sendCommand: (args: readonly string[], options?: { timeout?: number }) => {
        commands.push([...args]);
        return client.sendCommand(args, options);
      },
    };
    const a = createRedisSessionStore({ client: counting, namespace, leaseMs: 5000, flushIntervalMs: 60_000 });
    await a.acquireLease(0);
    const before = commands.length;
    for (let s = 1; s <= 100; s++) a.update(0, info(s));
    a.update(0, info(40)); // late, older: ignored
    expect(commands.length).toBe(before); // nothing written yet: batched
    await a.close();
    const writes = commands.slice(before).filter((c) => c[0] === 'EVALSHA' || c[0] === 'EVAL');
    // One session write and one lease release.
    expect(writes.length).toBeLessThanOrEqual(3);
    const b = await store({ namespace });
    await b.acquireLease(0);
    expect((await b.load(0))?.sequence).toBe(100);
    // Compare-and-set in Redis: an older seq of the same session never lands, a new session does.
    b.update(0, info(7));
    await b.flush();
    expect((await b.load(0))?.sequence).toBe(100);
    b.update(0, info(3, 'new-session'));
    await b.flush();
    expect(await b.load(0)).toMatchObject({ sessionId: 'new-session', sequence: 3 });
  });

  it('offers a stored session a bounded number of times without progress, then drops it', async () => {
    const namespace = ns();
    const a = await store({ namespace, maxResumeAttempts: 2 });
    await a.acquireLease(0);
    a.update(0, info(9));
    await a.flush();
    expect(await a.load(0)).not.toBeNull();
    expect(await a.load(0)).not.toBeNull();
    expect(await a.load(0)).toBeNull(); // third attempt: identify instead
    expect(await a.load(0)).toBeNull(); // and it is gone
    a.update(0, info(1, 'fresh'));
    await a.flush();
    expect(await a.load(0)).toMatchObject({ sessionId: 'fresh' });
    // Progress resets the count.
    a.update(0, info(2, 'fresh'));
    await a.flush();
    expect(await a.load(0)).not.toBeNull();
    expect(await a.load(0)).not.toBeNull();
  });

  it('forgets a session on null (written at once) and checks what it stores', async () => {
    const namespace = ns();
    const a = await store({ namespace });
    await a.acquireLease(0);
    a.update(0, info(3));
    await a.flush();
    await a.updateSessionInfo(0, null);
    await a.flush();
    expect(await a.load(0)).toBeNull();
    expect(() => a.update(0, { ...info(1), sequence: -1 })).toThrow(expect.objectContaining({ path: '/sequence' }));
    expect(() => a.update(0, { ...info(1), shardId: 3 })).toThrow(expect.objectContaining({ path: '/shardId' }));
    expect(() => a.update(1, info(1, 'x', 1))).toThrow(expect.objectContaining({ code: 'REDIS_LEASE_LOST' }));
  });

  it('has @discordjs/ws’s retrieveSessionInfo/updateSessionInfo behaviour', async () => {
    const namespace = ns();
    const a = await store({ namespace });
    expect(await a.retrieveSessionInfo(3)).toBeNull();
    await a.updateSessionInfo(3, info(12, 'djs', 3));
    await a.close();
    const b = await store({ namespace });
    expect(await b.retrieveSessionInfo(3)).toEqual(info(12, 'djs', 3));
  });

  it('answers @discordjs/ws’s per-dispatch retrieveSessionInfo from memory, counting one resume attempt', async () => {
    const namespace = ns();
    const commands: string[] = [];
    const client = await redis.client();
    const counting = {
      sendCommand: (args: readonly string[], options?: { timeout?: number }) => {
        commands.push(args[0]!);
        return client.sendCommand(args, options);
      },
    };
    const seed = await store({ namespace });
    await seed.acquireLease(0);
    seed.update(0, info(4));
    await seed.close();
    const a = createRedisSessionStore({ client: counting, namespace, maxResumeAttempts: 1, flushIntervalMs: 60_000 });
    stores.push(a);
    expect(await a.retrieveSessionInfo(0)).toEqual(info(4));
    const after = commands.length;
    for (let s = 5; s < 50; s++) {
      const current = await a.retrieveSessionInfo(0);
      await a.updateSessionInfo(0, { ...current!, sequence: s });
    }
    expect(commands.length).toBe(after); // all from memory, writes batched
    expect((await a.retrieveSessionInfo(0))?.sequence).toBe(49);
    await a.close();
    // After close it still answers (a manager being destroyed asks), and Redis has the last state.
    expect((await a.retrieveSessionInfo(0))?.sequence).toBe(49);
    const b = await store({ namespace, maxResumeAttempts: 1 });
    expect((await b.retrieveSessionInfo(0))?.sequence).toBe(49);
  });

  it('keeps its lease across a Redis restart that lost every key', async () => {
    const namespace = ns();
    const a = await store({ namespace, leaseMs: 300 });
    const lease = (await a.acquireLease(0))!;
    await redis.clients.at(-1)!.sendCommand(['FLUSHALL']);
    await new Promise((r) => setTimeout(r, 250));
    expect(lease.signal.aborted).toBe(false);
    const b = await store({ namespace });
    expect(await b.acquireLease(0)).toBeNull();
  });
});
