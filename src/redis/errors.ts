import { GatewireError } from '../errors.js';

/** Stable codes of the errors gatewire/redis throws or rejects with. Switch on `code`, never on the message. */
export const RedisCoordinationErrorCodes = {
  /** Redis did not answer in time or refused the connection; the caller retries with backoff. */
  Unavailable: 'REDIS_UNAVAILABLE',
  /** The daily `session_start_limit` is spent; `resetAt` says when Discord refills it. */
  SessionStartLimit: 'REDIS_SESSION_START_LIMIT',
  /** The AbortSignal given to a wait fired. */
  Aborted: 'REDIS_ABORTED',
  /** This process no longer holds the shard's lease: another one took it over (newer fencing token). */
  LeaseLost: 'REDIS_LEASE_LOST',
  /** An option that cannot work (a negative window, a namespace with spaces, ...). */
  BadOption: 'REDIS_BAD_OPTION',
  /** Redis answered something the scripts never return: a different or tampered namespace. */
  BadReply: 'REDIS_BAD_REPLY',
  /** A stream entry that is not a gatewire dispatch envelope. */
  BadEnvelope: 'REDIS_BAD_ENVELOPE',
  /** The component was closed; create a new one. */
  Closed: 'REDIS_CLOSED',
} as const;
export type RedisCoordinationErrorCode = (typeof RedisCoordinationErrorCodes)[keyof typeof RedisCoordinationErrorCodes];

export class RedisCoordinationError extends GatewireError {
  declare readonly code: RedisCoordinationErrorCode;
  /** JSON pointer of the offending option or envelope field, where there is one. */
  readonly path?: string;
  /** The shard concerned, where there is one. */
  readonly shardId?: number;

  constructor(
    code: RedisCoordinationErrorCode,
    message: string,
    details: { path?: string; shardId?: number; cause?: unknown } = {},
  ) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    if (details.path !== undefined) this.path = details.path;
    if (details.shardId !== undefined) this.shardId = details.shardId;
  }
}

/**
 * The daily identify budget is spent. Identifying anyway would make Discord reset the bot's token,
 * so the queue refuses instead and says when the budget comes back.
 */
export class SessionStartLimitError extends RedisCoordinationError {
  declare readonly code: typeof RedisCoordinationErrorCodes.SessionStartLimit;
  /** Wall-clock time (ms since the epoch, Redis's clock) at which `remaining` resets to `total`. */
  readonly resetAt: number;
  /** Milliseconds from the refusal until then. */
  readonly resetAfter: number;
  readonly total: number;

  constructor(shardId: number, resetAt: number, resetAfter: number, total: number) {
    super(
      RedisCoordinationErrorCodes.SessionStartLimit,
      `shard ${shardId} may not identify: all ${total} session starts of today are spent; the budget resets at ${new Date(resetAt).toISOString()} (in ${Math.ceil(resetAfter / 1000)} s)`,
      { shardId },
    );
    this.resetAt = resetAt;
    this.resetAfter = resetAfter;
    this.total = total;
  }
}

/**
 * What a failed Redis call rejected with, as an Error: node-redis rejects with Errors, but a
 * promise may reject with anything, and what gatewire rethrows or rejects with is always an Error.
 */
export function asRedisError(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  return new RedisCoordinationError(RedisCoordinationErrorCodes.Unavailable, `a Redis call failed: ${String(reason)}`, { cause: reason });
}
