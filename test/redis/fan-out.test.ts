import { describe, expect, it } from 'vitest';
import {
  createDispatchConsumer,
  createDispatchDeduplicator,
  createDispatchPublisher,
  idempotencyKey,
  schemaSetHash,
  type DispatchConsumerOptions,
} from '../../src/redis/index.js';
import { redisUnavailableReason, useRedisServer } from './redis-server.js';

const skip = redisUnavailableReason();
if (skip !== null) console.log(`skipping gatewire/redis fan-out tests: ${skip}`);

describe.skipIf(skip !== null)('Redis Streams dispatch fan-out (real redis-server)', () => {
  const redis = useRedisServer();
  const client = redis.client;
  let n = 0;
  const consumer = async (options: Partial<DispatchConsumerOptions> & { namespace: string; consumer: string }) =>
    createDispatchConsumer({ client: await client(), group: 'workers', events: ['MESSAGE_CREATE', 'GUILD_CREATE'], blockMs: 50, ...options });
  const ns = () => `f${++n}`;

  it('publishes one stream per event type with the envelope, and a group shares the entries', async () => {
    const namespace = ns();
    const publisher = createDispatchPublisher({ client: await client(), namespace });
    const c1 = await consumer({ namespace, consumer: 'c1', count: 3 });
    const c2 = await consumer({ namespace, consumer: 'c2', count: 3 });
    const other = await consumer({ namespace, consumer: 'x', group: 'audit', events: ['MESSAGE_CREATE'] });
    await Promise.all([c1.ensureGroups(), c2.ensureGroups(), other.ensureGroups()]);
    for (let seq = 1; seq <= 10; seq++) {
      await publisher.publish({ shard: 1, session_id: 'sess', seq, t: seq % 2 === 0 ? 'GUILD_CREATE' : 'MESSAGE_CREATE', d: { n: seq } });
    }
    const got: number[] = [];
    for (let i = 0; i < 10 && got.length < 10; i++) {
      for (const c of [c1, c2]) {
        const messages = await c.read();
        await c.ack(messages);
        for (const m of messages) {
          expect(m.envelope).toMatchObject({ shard: 1, session_id: 'sess', schema: schemaSetHash() });
          expect(m.key).toBe(`sess:${m.envelope!.seq}`);
          expect(m.schemaMatches).toBe(true);
          expect(m.stream).toBe(`${namespace}:dispatch:${m.envelope!.t}`);
          got.push(m.envelope!.seq);
        }
      }
    }
    expect(got.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Another group sees every entry of its streams again.
    const audited = await other.read();
    expect(audited.map((m) => m.envelope!.seq)).toEqual([1, 3, 5, 7, 9]);
  });

  it('bounds each stream', async () => {
    const namespace = ns();
    const c = await client();
    const publisher = createDispatchPublisher({ client: c, namespace, maxLen: 5, exactTrim: true });
    for (let seq = 1; seq <= 20; seq++) await publisher.publish({ shard: 0, session_id: 's', seq, t: 'TYPING_START', d: null });
    expect(await c.sendCommand(['XLEN', `${namespace}:dispatch:TYPING_START`])).toBe(5);
    const only = createDispatchPublisher({ client: c, namespace, events: ['READY'] });
    expect(await only.publish({ shard: 0, session_id: 's', seq: 1, t: 'TYPING_START', d: null })).toBeNull();
    await expect(publisher.publish({ shard: -1, session_id: 's', seq: 1, t: 'X', d: null })).rejects.toMatchObject({ code: 'REDIS_BAD_ENVELOPE', path: '/shard' });
  });

  it('reclaims what a dead consumer read but never acknowledged', async () => {
    const namespace = ns();
    const publisher = createDispatchPublisher({ client: await client(), namespace });
    const dead = await consumer({ namespace, consumer: 'dead' });
    const live = await consumer({ namespace, consumer: 'live', claimIdleMs: 100 });
    await dead.ensureGroups();
    for (let seq = 1; seq <= 4; seq++) await publisher.publish({ shard: 0, session_id: 's', seq, t: 'MESSAGE_CREATE', d: seq });
    expect(await dead.read()).toHaveLength(4); // and then it dies without XACK
    expect(await live.reclaim()).toEqual([]); // not idle long enough yet
    await new Promise((r) => setTimeout(r, 150));
    const reclaimed = await live.reclaim();
    expect(reclaimed.map((m) => m.envelope!.seq)).toEqual([1, 2, 3, 4]);
    expect(reclaimed.every((m) => m.reclaimed)).toBe(true);
    await live.ack(reclaimed);
    const c = redis.clients.at(-1)!;
    const pending = (await c.sendCommand(['XPENDING', `${namespace}:dispatch:MESSAGE_CREATE`, 'workers'])) as unknown[];
    expect(pending[0]).toBe(0);
  });

  it('flags envelopes from another schema set and entries that are not envelopes', async () => {
    const namespace = ns();
    const c = await client();
    const reader = await consumer({ namespace, consumer: 'r', events: ['MESSAGE_CREATE'] });
    await reader.ensureGroups();
    const stream = `${namespace}:dispatch:MESSAGE_CREATE`;
    const env = { shard: 0, session_id: 's', seq: 1, t: 'MESSAGE_CREATE', d: {}, schema: 'other-version' };
    await c.sendCommand(['XADD', stream, '*', 'k', 's:1', 'e', JSON.stringify(env)]);
    await c.sendCommand(['XADD', stream, '*', 'e', '{not json']);
    await c.sendCommand(['XADD', stream, '*', 'e', JSON.stringify({ ...env, seq: 'x' })]);
    await c.sendCommand(['XADD', stream, '*', 'nothing', '1']);
    const [other, notJson, badSeq, noEnvelope] = await reader.read();
    expect(other!.schemaMatches).toBe(false);
    expect(other!.envelope?.schema).toBe('other-version');
    expect(notJson!.envelope).toBeNull();
    expect(notJson!.error).toMatchObject({ code: 'REDIS_BAD_ENVELOPE', path: '/e' });
    expect(badSeq!.error).toMatchObject({ code: 'REDIS_BAD_ENVELOPE', path: '/seq' });
    expect(noEnvelope!.error).toMatchObject({ code: 'REDIS_BAD_ENVELOPE', path: '/e' });
  });

  it('deduplicates by session_id:seq within a bounded memory', () => {
    const dedupe = createDispatchDeduplicator(3);
    expect(dedupe.seen(idempotencyKey({ session_id: 'a', seq: 1 }))).toBe(false);
    expect(dedupe.seen('a:1')).toBe(true);
    for (const k of ['a:2', 'a:3', 'a:4']) expect(dedupe.seen(k)).toBe(false);
    expect(dedupe.size).toBe(3);
    expect(dedupe.seen('a:1')).toBe(false); // evicted: the bound holds
  });

  it('has a stable schema fingerprint', () => {
    expect(schemaSetHash()).toMatch(/^[0-9a-f]{16}$/);
    expect(schemaSetHash()).toBe(schemaSetHash());
  });
});
