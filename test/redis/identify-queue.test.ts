import { describe, expect, it } from 'vitest';
import {
  RedisCoordinationError,
  SessionStartLimitError,
  createRedisIdentifyQueue,
  type RedisIdentifyQueue,
  type RedisIdentifyQueueOptions,
} from '../../src/redis/index.js';
import { redisUnavailableReason, useRedisServer } from './redis-server.js';

const skip = redisUnavailableReason();
if (skip !== null) console.log(`skipping gatewire/redis identify queue tests: ${skip}`);

// Skipping is for machines without Redis; CI installs it (.ci/run), so there a missing binary fails.
if (process.env['CI'] !== undefined) {
  it('CI has a redis-server for the Redis tests', () => {
    expect(skip).toBeNull();
  });
}

describe.skipIf(skip !== null)('Redis identify queue (real redis-server)', () => {
  const redis = useRedisServer();
  let n = 0;

  /** Each call is another "process": its own connection, the same namespace. */
  async function queues(count: number, options: Partial<RedisIdentifyQueueOptions> & { namespace: string }): Promise<RedisIdentifyQueue[]> {
    const out: RedisIdentifyQueue[] = [];
    for (let i = 0; i < count; i++) {
      const client = await redis.client();
      out.push(
        createRedisIdentifyQueue({ client, maxConcurrency: 2, intervalMs: 100, safetyMarginMs: 50, pollIntervalMs: 10, entryTtlMs: 300, ...options }),
      );
    }
    return out;
  }
  const ns = () => `t${++n}`;

  it('refuses options that cannot work, naming the option', () => {
    const client = { sendCommand: async () => null };
    const bad: [Partial<RedisIdentifyQueueOptions>, string][] = [
      [{ maxConcurrency: 0 }, '/maxConcurrency'],
      [{ maxConcurrency: 1.5 }, '/maxConcurrency'],
      [{ intervalMs: -1 }, '/intervalMs'],
      [{ namespace: 'has space' }, '/namespace'],
      [{ namespace: '' }, '/namespace'],
      [{ pollIntervalMs: 100, entryTtlMs: 200 }, '/entryTtlMs'],
      [{ sessionStartLimit: { total: 1, remaining: 2, reset_after: 0 } }, '/sessionStartLimit'],
      [{ commandTimeoutMs: 0 }, '/commandTimeoutMs'],
    ];
    for (const [options, path] of bad) {
      let error: unknown;
      try {
        createRedisIdentifyQueue({ client, namespace: 'x', maxConcurrency: 1, ...options });
      } catch (e) {
        error = e;
      }
      expect(error, path).toBeInstanceOf(RedisCoordinationError);
      expect((error as RedisCoordinationError).code).toBe('REDIS_BAD_OPTION');
      expect((error as RedisCoordinationError).path).toBe(path);
    }
  });

  it('spaces the identifies of a bucket by the window across processes, buckets independent', async () => {
    const namespace = ns();
    const [a, b, c] = await queues(3, { namespace });
    const grants: { shard: number; requestedAt: number; at: number }[] = [];
    const shards = [0, 1, 2, 3, 4, 5];
    await Promise.all(
      shards.map(async (shard, i) => {
        const q = [a, b, c][i % 3]!;
        const g = await q.acquire(shard);
        grants.push({ shard, requestedAt: g.requestedAt, at: performance.now() });
      }),
    );
    expect(grants).toHaveLength(6);
    for (const bucket of [0, 1]) {
      const ofBucket = grants.filter((g) => g.shard % 2 === bucket).sort((x, y) => x.at - y.at);
      expect(ofBucket).toHaveLength(3);
      for (let i = 1; i < ofBucket.length; i++) {
        // Redis granted the earlier one no earlier than its request and the later one no later
        // than its resolution: that span holds at least one full window.
        expect(ofBucket[i]!.at - ofBucket[i - 1]!.requestedAt).toBeGreaterThanOrEqual(150);
      }
    }
    // Buckets do not wait for each other: the first grants of both came within one window.
    const firsts = [0, 1].map((b) => Math.min(...grants.filter((g) => g.shard % 2 === b).map((g) => g.at)));
    expect(Math.abs(firsts[0]! - firsts[1]!)).toBeLessThan(150);
  });

  it('serves the waiters of a bucket in arrival order, whichever process they are in', async () => {
    const namespace = ns();
    const qs = await queues(4, { namespace, maxConcurrency: 1 });
    const order: number[] = [];
    const waits: Promise<void>[] = [];
    for (let shard = 0; shard < 8; shard++) {
      // Later shard ids arrive first, so arrival order is not the id order.
      const id = 7 - shard;
      waits.push(qs[shard % 4]!.waitForIdentify(id).then(() => void order.push(id)));
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(waits);
    expect(order).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('spends the daily budget atomically and refuses with the reset time when it is gone', async () => {
    const namespace = ns();
    const [a, b] = await queues(2, { namespace, maxConcurrency: 4, sessionStartLimit: { total: 5, remaining: 2, reset_after: 60_000 } });
    await Promise.all([a!.waitForIdentify(0), b!.waitForIdentify(1)]);
    const before = Date.now();
    const error = await a!.waitForIdentify(2).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SessionStartLimitError);
    const limit = error as SessionStartLimitError;
    expect(limit.code).toBe('REDIS_SESSION_START_LIMIT');
    expect(limit.total).toBe(5);
    expect(limit.resetAfter).toBeGreaterThan(50_000);
    expect(limit.resetAfter).toBeLessThanOrEqual(60_000);
    expect(Math.abs(limit.resetAt - (before + limit.resetAfter))).toBeLessThan(2000);
    expect(limit.message).toMatch(/resets at \d{4}-/);
    // The other process sees the same spent budget; a second seed without overwrite keeps it.
    const [c] = await queues(1, { namespace, maxConcurrency: 4, sessionStartLimit: { total: 5, remaining: 5, reset_after: 60_000 } });
    await expect(c!.waitForIdentify(3)).rejects.toBeInstanceOf(SessionStartLimitError);
    expect((await c!.sessionStarts())?.remaining).toBe(0);
  });

  it('refills the budget when reset_after has passed', async () => {
    const namespace = ns();
    const [a] = await queues(1, { namespace, maxConcurrency: 4, sessionStartLimit: { total: 2, remaining: 0, reset_after: 200 } });
    await expect(a!.waitForIdentify(0)).rejects.toBeInstanceOf(SessionStartLimitError);
    await new Promise((r) => setTimeout(r, 250));
    await a!.waitForIdentify(0);
    const starts = await a!.sessionStarts();
    expect(starts?.remaining).toBe(1);
    expect(starts!.resetAt - starts!.now).toBeGreaterThan(23 * 3600_000);
  });

  it('asks Get Gateway Bot again when the budget is gone from Redis', async () => {
    const namespace = ns();
    let fetches = 0;
    const [a] = await queues(1, {
      namespace,
      fetchSessionStartLimit: async () => {
        fetches++;
        return { total: 10, remaining: 1, reset_after: 60_000 };
      },
    });
    await a!.waitForIdentify(0);
    expect(fetches).toBe(1);
    await expect(a!.waitForIdentify(1)).rejects.toBeInstanceOf(SessionStartLimitError);
    expect(fetches).toBe(1);
  });

  it('drops a waiter whose process died, so the bucket is not wedged', async () => {
    const namespace = ns();
    const [alive] = await queues(1, { namespace, maxConcurrency: 1 });
    const deadClient = await redis.server.client();
    const dead = createRedisIdentifyQueue({ client: deadClient, namespace, maxConcurrency: 1, intervalMs: 100, safetyMarginMs: 50, pollIntervalMs: 10, entryTtlMs: 300, whenUnavailable: 'throw' });
    // Take the slot, so the next waiter must queue; then the dying process queues first.
    await alive!.waitForIdentify(0);
    const deadWait = dead.waitForIdentify(1).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 30));
    const aliveWait = alive!.waitForIdentify(2);
    deadClient.destroy(); // no cancel reaches Redis: like kill -9
    expect(await deadWait).toMatchObject({ code: 'REDIS_UNAVAILABLE' });
    const started = performance.now();
    await aliveWait;
    // Served once the dead entry expired (300 ms TTL), not never.
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('gives the place up at once when the wait is aborted', async () => {
    const namespace = ns();
    const [a, b] = await queues(2, { namespace, maxConcurrency: 1, entryTtlMs: 30_000, pollIntervalMs: 10 });
    await a!.waitForIdentify(0);
    const controller = new AbortController();
    const aborted = a!.waitForIdentify(1, controller.signal);
    await new Promise((r) => setTimeout(r, 20));
    const next = b!.waitForIdentify(2);
    controller.abort(new Error('shard closed'));
    const error = await aborted.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisCoordinationError);
    expect((error as RedisCoordinationError).code).toBe('REDIS_ABORTED');
    const started = performance.now();
    await next;
    // Far less than the 30 s the entry would have lived.
    expect(performance.now() - started).toBeLessThan(2000);
    const already = new AbortController();
    already.abort();
    await expect(a!.waitForIdentify(3, already.signal)).rejects.toMatchObject({ code: 'REDIS_ABORTED' });
  });

  it('after Redis lost its keys, waits one window before the first identify', async () => {
    const namespace = ns();
    const [a] = await queues(1, { namespace, maxConcurrency: 1, intervalMs: 200, safetyMarginMs: 0 });
    await a!.waitForIdentify(0);
    await redis.clients.at(-1)!.sendCommand(['FLUSHALL']);
    const started = performance.now();
    await a!.waitForIdentify(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
  });
});
