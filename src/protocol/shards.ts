import { ProtocolError } from './errors.js';

const MAX_SNOWFLAKE = (1n << 64n) - 1n;

/**
 * Throws unless `shardCount >= 1` and `0 <= shardId < shardCount`, both integers. (`shardId ===
 * shardCount` is the classic off-by-one; Discord answers it with close 4010.)
 *
 * @throws {ProtocolError} `SHARD_INVALID_COUNT`, `SHARD_OUT_OF_RANGE`.
 */
export function validateShard(shardId: number, shardCount: number): void {
  assertShardCount(shardCount);
  if (!Number.isSafeInteger(shardId) || shardId < 0 || shardId >= shardCount) {
    throw new ProtocolError(
      'SHARD_OUT_OF_RANGE',
      `Shard id ${shardId} is out of range for ${shardCount} shard${shardCount === 1 ? '' : 's'}: it must be an integer from 0 to ${shardCount - 1}.`,
      { path: '/shardId' },
    );
  }
}

/** {@link validateShard} as a predicate. */
export function isValidShard(shardId: number, shardCount: number): boolean {
  return (
    Number.isSafeInteger(shardCount) &&
    shardCount >= 1 &&
    Number.isSafeInteger(shardId) &&
    shardId >= 0 &&
    shardId < shardCount
  );
}

function assertShardCount(shardCount: number): void {
  if (!Number.isSafeInteger(shardCount) || shardCount < 1) {
    throw new ProtocolError(
      'SHARD_INVALID_COUNT',
      `The shard count must be an integer of at least 1, got ${shardCount}.`,
      {
        path: '/shardCount',
      },
    );
  }
}

function snowflakeToBigInt(guildId: string | bigint): bigint {
  let id: bigint | null = null;
  if (typeof guildId === 'bigint') id = guildId;
  else if (typeof guildId === 'string' && /^[0-9]{1,20}$/.test(guildId)) id = BigInt(guildId);
  if (id === null || id < 0n || id > MAX_SNOWFLAKE) {
    throw new ProtocolError(
      'SHARD_INVALID_GUILD_ID',
      `Guild id ${typeof guildId === 'string' ? JSON.stringify(guildId) : String(guildId)} is not a snowflake (a decimal string of an unsigned 64-bit integer).`,
      { path: '/guildId' },
    );
  }
  return id;
}

/**
 * The shard that receives a guild's events: `(guild_id >> 22) % shardCount`. Computed with BigInt:
 * a snowflake does not fit a double exactly, and JavaScript's `>>` on a number truncates to 32 bits
 * (`Number('41771983444115456') >> 22` is -213, not 9959216939).
 *
 * @throws {ProtocolError} `SHARD_INVALID_GUILD_ID`, `SHARD_INVALID_COUNT`.
 */
export function shardForGuild(guildId: string | bigint, shardCount: number): number {
  assertShardCount(shardCount);
  return Number((snowflakeToBigInt(guildId) >> 22n) % BigInt(shardCount));
}

/**
 * The identify rate-limit key of a shard, `shardId % maxConcurrency`: shards with the same key share
 * one identify per 5 seconds.
 *
 * @throws {ProtocolError} `RATE_LIMIT_INVALID_OPTION` for a max_concurrency below 1, `SHARD_OUT_OF_RANGE` for a negative id.
 */
export function rateLimitKey(shardId: number, maxConcurrency: number): number {
  if (!Number.isSafeInteger(maxConcurrency) || maxConcurrency < 1) {
    throw new ProtocolError(
      'RATE_LIMIT_INVALID_OPTION',
      `max_concurrency must be an integer of at least 1, got ${maxConcurrency}.`,
      {
        path: '/maxConcurrency',
      },
    );
  }
  if (!Number.isSafeInteger(shardId) || shardId < 0) {
    throw new ProtocolError('SHARD_OUT_OF_RANGE', `Shard id must be a non-negative integer, got ${shardId}.`, {
      path: '/shardId',
    });
  }
  return shardId % maxConcurrency;
}
