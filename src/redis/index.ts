/**
 * gatewire/redis: the multi-process path, on Redis through the official node-redis client (an
 * optional peer dependency; any client with node-redis's `sendCommand` works).
 *
 * - `createRedisIdentifyQueue`: identifies coordinated across processes (per bucket, per window,
 *   fair FIFO, daily budget); @discordjs/ws's `IIdentifyThrottler` shape.
 * - `createRedisSessionStore`: per-shard resume state with an ownership lease and fencing token;
 *   @discordjs/ws's `retrieveSessionInfo` / `updateSessionInfo` shapes.
 * - `createDispatchPublisher` / `createDispatchConsumer`: dispatch fan-out over Redis Streams.
 * - `runShardWithRedis`: a gatewire session run as one shard with all three.
 */
export { RedisCoordinationError, RedisCoordinationErrorCodes, SessionStartLimitError } from './errors.js';
export type { RedisCoordinationErrorCode } from './errors.js';
export type { RedisCommandClient, CommandRunnerOptions } from './client.js';
export { createRedisIdentifyQueue, DEFAULT_IDENTIFY_SAFETY_MARGIN } from './identify-queue.js';
export type { IdentifyGrant, IdentifyWaitOptions, RedisIdentifyQueue, RedisIdentifyQueueOptions } from './identify-queue.js';
export { createRedisSessionStore } from './session-store.js';
export type { RedisSessionStore, RedisSessionStoreOptions, ShardLease, StoredSessionInfo } from './session-store.js';
export {
  createDispatchConsumer,
  createDispatchDeduplicator,
  createDispatchPublisher,
  dispatchStreamKey,
  idempotencyKey,
} from './fan-out.js';
export type {
  DispatchConsumer,
  DispatchConsumerOptions,
  DispatchEnvelope,
  DispatchMessage,
  DispatchPublisher,
  DispatchPublisherOptions,
} from './fan-out.js';
export { schemaSetHash } from './schema-hash.js';
export { createPreGrantedIdentifyGate, identifyQueueTransport, runShardWithRedis } from './shard.js';
export { createPublishOutbox } from './outbox.js';
export type { PublishOutbox, PublishOutboxOptions } from './outbox.js';
export type { IdentifyQueueTransportOptions, RedisShard, RedisShardOptions } from './shard.js';
