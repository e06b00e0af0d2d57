/**
 * A bot process for the multi-process tests: runs its shards with runShardWithRedis against the
 * loopback gateway and Redis given in argv[2] (JSON), reports to the parent over IPC, and on
 * `{ type: 'shutdown' }` stops gracefully (sessions kept resumable, state flushed, leases released).
 */
import { createClient } from 'redis';
import {
  createDispatchPublisher,
  createRedisIdentifyQueue,
  createRedisSessionStore,
  runShardWithRedis,
  type RedisShard,
} from '../../src/redis/index.js';
import { wsTransport } from '../../src/session/ws/index.js';

export interface WorkerConfig {
  redisUrl: string;
  gatewayUrl: string;
  namespace: string;
  shards: number[];
  shardCount: number;
  maxConcurrency: number;
  intervalMs: number;
  safetyMarginMs: number;
  leaseMs: number;
  publish: boolean;
}

export type WorkerReport =
  | { type: 'started'; shard: number; resumedFromStore: boolean; token: number }
  | { type: 'ready'; shard: number; sessionId: string }
  | { type: 'resumed'; shard: number }
  | { type: 'error'; message: string }
  | { type: 'stopped' };

const config = JSON.parse(process.argv[2]!) as WorkerConfig;
const send = (r: WorkerReport) => process.send?.(r);

const client = createClient({ url: config.redisUrl });
client.on('error', () => {});
await client.connect();
const queue = createRedisIdentifyQueue({
  client,
  namespace: config.namespace,
  maxConcurrency: config.maxConcurrency,
  intervalMs: config.intervalMs,
  safetyMarginMs: config.safetyMarginMs,
  pollIntervalMs: 10,
  entryTtlMs: 1000,
});
const store = createRedisSessionStore({ client, namespace: config.namespace, leaseMs: config.leaseMs, flushIntervalMs: 50 });
const publisher = config.publish ? createDispatchPublisher({ client, namespace: config.namespace }) : undefined;

const shards: RedisShard[] = [];
await Promise.all(
  config.shards.map(async (shardId) => {
    const shard = await runShardWithRedis({
      shardId,
      shardCount: config.shardCount,
      token: 'test-token',
      intents: (1 << 9) | (1 << 12), // GUILD_MESSAGES | DIRECT_MESSAGES: every MESSAGE_CREATE is delivered
      encoding: 'json',
      properties: { os: 'linux', browser: 'gatewire-test', device: 'gatewire-test' },
      url: config.gatewayUrl,
      backoff: { baseMs: 50, maxMs: 500 },
      transport: wsTransport(),
      identifyQueue: queue,
      sessionStore: store,
      ...(publisher === undefined ? {} : { publisher }),
      onEvent(event) {
        if (event.type === 'ready') send({ type: 'ready', shard: shardId, sessionId: event.sessionId });
        if (event.type === 'resumed') send({ type: 'resumed', shard: shardId });
      },
      onError(error) {
        send({ type: 'error', message: error instanceof Error ? `${(error as { code?: string }).code ?? ''} ${error.message}` : String(error) });
      },
    });
    shards.push(shard);
    send({ type: 'started', shard: shardId, resumedFromStore: shard.resumedFromStore, token: shard.lease.token });
  }),
);

process.on('message', (message: { type: string }) => {
  if (message.type !== 'shutdown') return;
  void (async () => {
    await Promise.all(shards.map((s) => s.shutdown()));
    await store.close();
    await client.close();
    send({ type: 'stopped' });
    process.disconnect?.();
  })();
});
